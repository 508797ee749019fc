import type { Locale } from '../../shared/i18n';
import { listenerSet } from '../../shared/disposables';

/** What the user chose in the renderer that the main process needs too (tray, notifications). */
export interface Preferences {
  locale(): Locale;
  setLocale(locale: Locale): void;
  onChange(listener: () => void): () => void;
}

export function createPreferences(initial: Locale = 'en'): Preferences {
  let locale = initial;
  const listeners = listenerSet();
  return {
    locale: () => locale,
    setLocale(next) {
      if (next === locale) return;
      locale = next;
      listeners.emit();
    },
    onChange(listener) {
      return listeners.on(listener);
    },
  };
}
