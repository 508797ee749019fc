import { z } from 'zod';
import { ErrorCode } from '../office-api/common';
import { defineArea } from './define';

/** What a queued change is, for the UI (each has a translation: sync.kind.<kind>). */
export const OUTBOX_KINDS = [
  'presence',
  'chat-message',
  'ticket-status',
  'ticket-comment',
  'ticket-escalation',
  'ticket-assignment',
  'ticket-take',
  'ticket-hand-back',
  'ticket-create',
  'summary',
  'work-state',
  'summary-ack',
  'desk-booking',
  'desk-check-out',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/**
 * Why a change waits or was refused, as a code the renderer words (`sync.why.<code>`): the office's
 * own error codes, and the client's for what never reached a server answer.
 */
export const OUTBOX_ERROR_CODES = [
  ...ErrorCode.options,
  'network',
  'timeout',
  'malformed',
  'signed-out',
  'server-error',
  'damaged',
  'unknown',
] as const;

export const SyncStatusSchema = z.object({
  pending: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  lastSyncAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
  /** a code from OUTBOX_ERROR_CODES, or an office code newer than this version (then lastError says it) */
  lastErrorCode: z.string().nullable(),
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
  lastErrorCode: z.string().nullable(),
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
