import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import id from './locales/id.json';

export const catalogues = { en, id } as const;
export type Locale = keyof typeof catalogues;
export const locales = Object.keys(catalogues) as Locale[];

const STORAGE_KEY = 'teleworker.locale';

/** The saved choice, else the system language if we have it (Jakarta first), else English. */
export function initialLocale(storage: Pick<Storage, 'getItem'> | null, languages: readonly string[]): Locale {
  const saved = storage?.getItem(STORAGE_KEY);
  if (saved && saved in catalogues) return saved as Locale;
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base && base in catalogues) return base as Locale;
  }
  return 'en';
}

export async function setupI18n(locale: Locale) {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources: { en: { translation: en }, id: { translation: id } },
    lng: locale,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

export function rememberLocale(storage: Pick<Storage, 'setItem'> | null, locale: Locale): void {
  storage?.setItem(STORAGE_KEY, locale);
}
