// Presence states and work locations, declared once for the office API, the contract and the UI.
import { z } from 'zod';

export const PresenceStatus = z.enum(['available', 'busy', 'away', 'do-not-disturb', 'offline']);
export type PresenceStatus = z.infer<typeof PresenceStatus>;

export const WorkLocation = z.enum(['home', 'office', 'unknown']);
export type WorkLocation = z.infer<typeof WorkLocation>;
