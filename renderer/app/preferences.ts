// The window's own choices per person (the theme, the developer tools), kept in the window's storage
// under the user's id like the language is kept for the window: they are about this screen, not
// something IT sets or the main process acts on. Signed out, the last person's choices are used: the
// sign-in screen does not flash from dark to light, and a developer keeps the round trip in Help.
import type { SectionStorage } from './last-section';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface Preferences {
  theme: Theme;
  /** shows the developer's diagnostics (a round trip to the main process) in Help */
  developer: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = { theme: 'system', developer: false };

const keyOf = (userId: string | null) => (userId === null ? 'teleworker.prefs.last' : `teleworker.prefs.${userId}`);

export function loadPreferences(storage: SectionStorage, userId: string | null): Preferences {
  let raw: unknown;
  try {
    raw = JSON.parse(storage?.getItem(keyOf(userId)) ?? 'null');
  } catch {
    raw = null; // unreadable or denied storage: the defaults
  }
  const saved = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof Preferences, unknown>>;
  return {
    theme: THEMES.includes(saved.theme as Theme) ? (saved.theme as Theme) : DEFAULT_PREFERENCES.theme,
    developer: saved.developer === true,
  };
}

export function savePreferences(storage: SectionStorage, userId: string, preferences: Preferences): void {
  try {
    storage?.setItem(keyOf(userId), JSON.stringify(preferences));
    storage?.setItem(keyOf(null), JSON.stringify(preferences));
  } catch {
    // storage full or denied: the choice holds until the window closes
  }
}

/** 'system' follows the OS (the stylesheet's prefers-color-scheme); light and dark override it. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}
