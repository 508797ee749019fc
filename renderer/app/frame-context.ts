import { createContext, useContext } from 'react';
import type { Locale } from '../i18n';
import type { SignedInUser } from './feature';

/** What the frame offers every registered view and status item, besides its own store. */
export interface FrameServices {
  /** null on the sign-in screen */
  user: SignedInUser | null;
  signOut(): Promise<void>;
  /** opens a section by its id, and in it one item if given (a ticket link in chat: go('inbox', 'INC-1042')) */
  go(sectionId: string, item?: string): void;
  changeLocale(locale: Locale): void;
  openShortcuts(): void;
}

export const FrameContext = createContext<FrameServices | null>(null);

export function useFrame(): FrameServices {
  const frame = useContext(FrameContext);
  if (!frame) throw new Error('useFrame() outside <FrameContext.Provider>');
  return frame;
}
