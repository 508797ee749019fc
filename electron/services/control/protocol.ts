// The control channel's protocol: what the `teleworker` command may ask the running app, and what
// it answers. One schema per direction, shared by the server (which validates every request with
// it) and the command (which validates every answer). Framing and transport are the transport's
// business (transport.ts); this file is only the data.
import { z } from 'zod';
import { plainText } from '../../../shared/office-api/text';
import { ConnectivityStatusSchema } from '../../../shared/domain/connectivity';
import { PresenceStatus } from '../../../shared/domain/presence';
import { MyPresenceSchema } from '../../../shared/contract/presence';

import type { ControlErrorCode } from './wire';
import { CONTROL_ERROR_CODES, INTERFACE_NAME, REFUSAL_CODES, TICKET_PATTERN } from './wire';

export { MAX_FRAME_BYTES, PROTOCOL_VERSION } from './wire';
import { PROTOCOL_VERSION } from './wire';

/** INC-1234: the ticket references the office uses. */
export const TicketRef = z.string().regex(TICKET_PATTERN, 'a ticket reference such as INC-1234');
/** tun0, wg0, "Local Area Connection 2", utun3: names VPN clients hand their hooks */
export const InterfaceName = z
  .string()
  .regex(INTERFACE_NAME, 'an interface name such as tun0 (letters, digits, space . : ( ) - _; at most 64)');

export const SESSION_ACTIONS = ['start', 'pause', 'resume', 'stop'] as const;

export const ControlCommandSchema = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('status') }),
  z.strictObject({ name: z.literal('session'), action: z.enum(SESSION_ACTIONS), ticket: TicketRef.optional() }),
  z.strictObject({ name: z.literal('presence'), state: PresenceStatus, text: plainText().max(200).optional() }),
  z.strictObject({ name: z.literal('vpn-event'), direction: z.enum(['up', 'down']), iface: InterfaceName.optional() }),
  z.strictObject({ name: z.literal('summary-send') }),
  z.strictObject({ name: z.literal('diagnose') }),
  z.strictObject({ name: z.literal('open'), ticket: TicketRef }),
]);
export type ControlCommand = z.infer<typeof ControlCommandSchema>;
export type CommandName = ControlCommand['name'];

export const ControlRequestSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  /** the command's own id for this request, echoed in the answer */
  id: z.string().min(1).max(64),
  command: ControlCommandSchema,
});

/** A work session as the control channel reports it (the work-session feature fills it). */
export const SessionInfoSchema = z.object({
  state: z.enum(['running', 'paused', 'on-break', 'stopped']),
  ticket: z.string().nullable(),
  startedAt: z.string().nullable(),
  workedSeconds: z.number().int().nonnegative(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const StatusValueSchema = z.object({
  connectivity: ConnectivityStatusSchema,
  presence: MyPresenceSchema.nullable(),
  /** null: no session feature in this version of the app */
  session: SessionInfoSchema.nullable(),
  outbox: z.object({ pending: z.number().int().nonnegative(), failed: z.number().int().nonnegative() }),
});
export type StatusValue = z.infer<typeof StatusValueSchema>;

export const OpenValueSchema = z.object({
  ticket: TicketRef,
  /** the window was brought to the front */
  shown: z.boolean(),
  /** the window went to the ticket (false while the app cannot yet navigate to one) */
  navigated: z.boolean(),
});

/** What each command answers when it succeeds. */
export const RESULT_SCHEMAS = {
  status: StatusValueSchema,
  session: SessionInfoSchema,
  presence: MyPresenceSchema,
  'vpn-event': ConnectivityStatusSchema,
  'summary-send': z.object({ queued: z.boolean(), date: z.string() }),
  /** the status and the report `npm run diagnose` prints for it (made in the app, so the command stays small) */
  diagnose: z.object({ status: ConnectivityStatusSchema, report: z.string() }),
  open: OpenValueSchema,
} satisfies Record<CommandName, z.ZodType>;
export type ResultOf<N extends CommandName> = z.infer<(typeof RESULT_SCHEMAS)[N]>;

export type { ControlErrorCode } from './wire';

export const ControlErrorSchema = z.object({ code: z.enum(CONTROL_ERROR_CODES), message: z.string().max(2000) });
export type ControlErrorData = z.infer<typeof ControlErrorSchema>;

export const ControlResponseSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  id: z.string().min(1).max(64),
  result: z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value: z.unknown() }),
    z.object({ ok: z.literal(false), error: ControlErrorSchema }),
  ]),
});
export type ControlResponse = z.infer<typeof ControlResponseSchema>;

export const RefusalSchema = z.strictObject({ code: z.enum(REFUSAL_CODES), message: z.string().max(2000) });

/** Thrown by an action to answer with a specific error instead of "internal". */
export class ControlError extends Error {
  constructor(
    readonly code: ControlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
