const KEY = 'teleworker.section';

export type SectionStorage = Pick<Storage, 'getItem' | 'setItem'> | null;

/** The section open before the reload, if this user may still see it; else the first one. */
export function initialSection(storage: SectionStorage, visibleIds: readonly string[]): string {
  let saved: string | null;
  try {
    saved = storage?.getItem(KEY) ?? null;
  } catch {
    saved = null; // storage denied (a locked-down profile): start at the first section
  }
  return saved && visibleIds.includes(saved) ? saved : (visibleIds[0] ?? '');
}

export function rememberSection(storage: SectionStorage, id: string): void {
  try {
    storage?.setItem(KEY, id);
  } catch {
    // storage full or denied: the next start opens the first section, nothing worse
  }
}
