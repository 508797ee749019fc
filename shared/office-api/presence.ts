import { z } from 'zod';
import { plainText } from './text';
import { PresenceStatus, WorkLocation } from '../domain/presence';
import { Id, IsoDateTime } from './common';

export { PresenceStatus, WorkLocation };

export const Presence = z.object({
  userId: Id,
  status: PresenceStatus,
  location: WorkLocation,
  statusText: z.string(),
  /** true while the user has a live event stream open */
  connected: z.boolean(),
  updatedAt: IsoDateTime,
});
export type Presence = z.infer<typeof Presence>;

export const SetPresenceRequest = z.strictObject({
  status: PresenceStatus.optional(),
  location: WorkLocation.optional(),
  statusText: plainText().max(200).optional(),
});
export type SetPresenceRequest = z.infer<typeof SetPresenceRequest>;

export const PresenceResponse = z.object({ presence: Presence });
export type PresenceResponse = z.infer<typeof PresenceResponse>;
export const PresenceListResponse = z.object({ items: z.array(Presence) });
export type PresenceListResponse = z.infer<typeof PresenceListResponse>;
