// The one list of what the frame shows. A feature folder exports its registration; adding a
// feature is one import and one entry here, and nothing in the frame or in other features.
import { adminSection } from '../admin';
import { chatSection } from '../chat';
import { inboxSection } from '../inbox';
import { officeDaysSection } from '../office-days';
import { presenceItem } from '../presence';
import { sessionSection, timerItem } from '../session';
import { settingsSection, settingsStatusItem } from '../settings';
import { connectivityItem } from '../status';
import { syncItem } from '../sync';
import { helpSection, languageItem } from '../system';
import { teamSection } from '../team';
import type { Section, StatusItem } from './feature';

const byOrder = <T extends { order: number }>(list: T[]): readonly T[] => list.sort((a, b) => a.order - b.order);

/** The rail, top to bottom. */
export const sections: readonly Section[] = byOrder([
  inboxSection,
  chatSection,
  sessionSection,
  officeDaysSection,
  teamSection,
  adminSection,
  settingsSection,
  helpSection,
]);

/**
 * The status bar. Left: connection (10), work timer (20), sync (30). Right: me (10),
 * language (90).
 */
export const statusItems: readonly StatusItem[] = byOrder([
  connectivityItem,
  timerItem,
  syncItem,
  presenceItem,
  settingsStatusItem,
  languageItem,
]);
