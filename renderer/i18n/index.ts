import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { isLocale, isolate, PERSON_TEXT_PARAMS } from '../../shared/i18n/locale';
import type { Locale } from '../../shared/i18n/locale';

export { locales } from '../../shared/i18n/locale';
export type { Locale } from '../../shared/i18n/locale';

// One language's words at a time, each in a chunk of its own: the first screen fetches only the
// language it shows, and a change of language fetches the other before switching to it.
const catalogueOf: Record<Locale, () => Promise<{ default: object }>> = {
  en: () => import('../../shared/i18n/locales/en.json'),
  id: () => import('../../shared/i18n/locales/id.json'),
};

async function ensureCatalogue(instance: I18n, locale: Locale): Promise<void> {
  if (instance.hasResourceBundle(locale, 'translation')) return;
  const { default: words } = await catalogueOf[locale]();
  instance.addResourceBundle(locale, 'translation', words);
}

/** Switches the window's language, fetching its words first (the text never shows raw keys). */
export async function changeLocale(instance: I18n, locale: Locale): Promise<void> {
  await ensureCatalogue(instance, locale);
  await instance.changeLanguage(locale);
}

const STORAGE_KEY = 'teleworker.locale';

/** The saved choice, else the system language if we have it (Jakarta first), else English. */
export function initialLocale(storage: Pick<Storage, 'getItem'> | null, languages: readonly string[]): Locale {
  const saved = storage?.getItem(STORAGE_KEY);
  if (isLocale(saved)) return saved;
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

// People's text (a name, a channel) isolated inside the sentence (shared/i18n's isolate): i18next
// hands every interpolated value to its formatter module when alwaysFormat is on. The catalogues use
// no named formats ({{x, number}}), so this module replaces i18next's own.
const isolatingFormatter = {
  type: 'formatter' as const,
  init() {},
  add() {},
  addCached() {},
  format: (value: unknown, _format?: string, _lng?: string, options?: { interpolationkey?: string }) =>
    typeof value === 'string' && PERSON_TEXT_PARAMS.includes(options?.interpolationkey ?? '') ? isolate(value) : value,
};

export async function setupI18n(locale: Locale) {
  const instance = i18next.createInstance();
  const { default: words } = await catalogueOf[locale]();
  await instance
    .use(initReactI18next)
    .use(isolatingFormatter)
    .init({
      resources: { [locale]: { translation: words } },
      partialBundledLanguages: true,
      lng: locale,
      fallbackLng: false,
      interpolation: { escapeValue: false, alwaysFormat: true },
      returnNull: false,
    });
  return instance;
}

export function rememberLocale(storage: Pick<Storage, 'setItem'> | null, locale: Locale): void {
  storage?.setItem(STORAGE_KEY, locale);
}
