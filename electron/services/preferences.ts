import type { Locale } from '../../shared/i18n';

/** What the user chose in the renderer that the main process needs too (tray, notifications). */
export interface Preferences {
  locale(): Locale;
  setLocale(locale: Locale): void;
  onChange(listener: () => void): () => void;
}

export function createPreferences(initial: Locale = 'en'): Preferences {
  let locale = initial;
  const listeners = new Set<() => void>();
  return {
    locale: () => locale,
    setLocale(next) {
      if (next === locale) return;
      locale = next;
      for (const listener of [...listeners]) listener();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
