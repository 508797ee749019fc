import { createContext, useContext } from 'react';
import type { Locale } from '../i18n';
import type { SignedInUser } from './feature';
import type { Preferences } from './preferences';

/** What the frame offers every registered view and status item, besides its own store. */
export interface FrameServices {
  /** null on the sign-in screen */
  user: SignedInUser | null;
  signOut(): Promise<void>;
  /** opens a section by its id, and in it one item if given (a ticket link in chat: go('inbox', 'INC-1042')) */
  go(sectionId: string, item?: string): void;
  changeLocale(locale: Locale): void;
  openShortcuts(): void;
  /** this person's choices for the window (theme, developer tools); the defaults signed out */
  preferences: Preferences;
  /** signed in only: saved under the user */
  setPreferences(change: Partial<Preferences>): void;
}

export const FrameContext = createContext<FrameServices | null>(null);

export function useFrame(): FrameServices {
  const frame = useContext(FrameContext);
  if (!frame) throw new Error('useFrame() outside <FrameContext.Provider>');
  return frame;
}
