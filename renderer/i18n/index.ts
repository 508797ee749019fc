import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogues, isLocale, isolate, PERSON_TEXT_PARAMS } from '../../shared/i18n';
import type { Locale } from '../../shared/i18n';

export { catalogues, locales } from '../../shared/i18n';
export type { Locale } from '../../shared/i18n';

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
  await instance
    .use(initReactI18next)
    .use(isolatingFormatter)
    .init({
      resources: { en: { translation: catalogues.en }, id: { translation: catalogues.id } },
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
