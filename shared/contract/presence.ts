import { z } from 'zod';
import { defineArea } from './define';

export const PresenceStatusSchema = z.enum(['available', 'busy', 'away', 'do-not-disturb', 'offline']);
export const WorkLocationSchema = z.enum(['home', 'office', 'unknown']);

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
      request: z.strictObject({
        status: PresenceStatusSchema.optional(),
        location: WorkLocationSchema.optional(),
        statusText: z.string().max(200).optional(),
      }),
      response: MyPresenceSchema,
    },
  },
  events: {
    mineChanged: MyPresenceSchema.nullable(),
  },
});
