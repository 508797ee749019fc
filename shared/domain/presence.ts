// Presence states and work locations, declared once for the office API, the contract and the UI.
import { z } from 'zod';
import { PRESENCE_STATUSES, WORK_LOCATIONS } from './presence-values';

export const PresenceStatus = z.enum(PRESENCE_STATUSES);
export type PresenceStatus = z.infer<typeof PresenceStatus>;

export const WorkLocation = z.enum(WORK_LOCATIONS);
export type WorkLocation = z.infer<typeof WorkLocation>;
