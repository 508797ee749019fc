import { z } from 'zod';
import { defineArea } from './define';

/** What a queued change is, for the UI (each has a translation: sync.kind.<kind>). */
export const OUTBOX_KINDS = ['presence', 'chat-message', 'ticket-status', 'ticket-comment', 'ticket-escalation', 'summary'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export const SyncStatusSchema = z.object({
  pending: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  lastSyncAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
  /** the live event connection to the office */
  stream: z.enum(['connected', 'connecting', 'disconnected']),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const SyncItemSchema = z.object({
  id: z.string(),
  kind: z.enum(OUTBOX_KINDS),
  state: z.enum(['pending', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type SyncItem = z.infer<typeof SyncItemSchema>;

const ItemRef = z.strictObject({ id: z.string().min(1).max(100) });

export const sync = defineArea({
  invoke: {
    getStatus: { request: z.undefined(), response: SyncStatusSchema },
    listItems: { request: z.undefined(), response: z.array(SyncItemSchema) },
    /** A failed item goes back into its queue. */
    retry: { request: ItemRef, response: z.boolean() },
    /** Only a failed item can be discarded, and only by the user. */
    discard: { request: ItemRef, response: z.boolean() },
  },
  events: {
    statusChanged: SyncStatusSchema,
  },
});
