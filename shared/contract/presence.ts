import { z } from 'zod';
import { PresenceStatus, WorkLocation } from '../domain/presence';
import { SetPresenceRequest } from '../office-api/presence';
import { defineArea } from './define';

export const PresenceStatusSchema = PresenceStatus;
export const WorkLocationSchema = WorkLocation;

export const MyPresenceSchema = z.object({
  status: PresenceStatusSchema,
  location: WorkLocationSchema,
  statusText: z.string(),
  /** true while the change is queued and not yet confirmed by the server */
  pending: z.boolean(),
});
export type MyPresence = z.infer<typeof MyPresenceSchema>;

export const presence = defineArea({
  invoke: {
    getMine: { request: z.undefined(), response: MyPresenceSchema.nullable() },
    /** Queued in the outbox first: works offline, shown as pending until the server has it. */
    setMine: {
      request: SetPresenceRequest,
      response: MyPresenceSchema,
    },
  },
  events: {
    mineChanged: MyPresenceSchema.nullable(),
  },
});
