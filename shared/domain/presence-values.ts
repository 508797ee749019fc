// The presence states and work locations as plain lists (no zod), for the renderer's menus;
// shared/domain/presence.ts builds the schemas from these.
export const PRESENCE_STATUSES = ['available', 'busy', 'away', 'do-not-disturb', 'offline'] as const;
export const WORK_LOCATIONS = ['home', 'office', 'unknown'] as const;
