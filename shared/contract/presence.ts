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
  /** when the status text clears itself (null: it stays) */
  statusExpiresAt: z.iso.datetime().nullable(),
  /** true while the change is queued and not yet confirmed by the server */
  pending: z.boolean(),
  /** the status is away because I was idle or the screen locked: it goes back when I return */
  auto: z.boolean(),
});
export type MyPresence = z.infer<typeof MyPresenceSchema>;

/** A colleague as the team list and a person's card show them. */
export const PersonSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['worker', 'manager', 'admin']),
  status: PresenceStatusSchema,
  location: WorkLocationSchema,
  statusText: z.string(),
  /** a live connection to the office right now */
  connected: z.boolean(),
  updatedAt: z.iso.datetime().nullable(),
  /** hand-offs, when the office gives them */
  phone: z.string().nullable(),
  sip: z.string().nullable(),
  email: z.string().nullable(),
});
export type Person = z.infer<typeof PersonSchema>;

export const SetMyPresenceRequest = SetPresenceRequest.extend({
  /** the status text clears itself then (null: keep it) */
  statusExpiresAt: z.iso.datetime().nullable().optional(),
});
export type SetMyPresenceRequest = z.infer<typeof SetMyPresenceRequest>;

export const presence = defineArea({
  invoke: {
    getMine: { request: z.undefined(), response: MyPresenceSchema.nullable() },
    /** Queued in the outbox first: works offline, shown as pending until the server has it. A change by hand ends an automatic away. */
    setMine: {
      request: SetMyPresenceRequest,
      response: MyPresenceSchema,
    },
    /** my team, me included, with each one's presence (from the cache: works offline) */
    team: { request: z.undefined(), response: z.object({ items: z.array(PersonSchema), me: z.string().nullable() }) },
    /**
     * The page's activity, for hosts that learn it from the page (the browser host): input seen
     * now (active) and whether the page is visible. Elsewhere the host's own idle signals win.
     */
    reportActivity: { request: z.strictObject({ active: z.boolean(), visible: z.boolean() }), response: z.null() },
  },
  events: {
    mineChanged: MyPresenceSchema.nullable(),
    /** one colleague's presence changed (or the whole list after a refresh) */
    teamChanged: z.object({ items: z.array(PersonSchema) }),
  },
});
