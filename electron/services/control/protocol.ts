// The control channel's protocol: what the `teleworker` command may ask the running app, and what
// it answers. One schema per direction, shared by the server (which validates every request with
// it) and the command (which validates every answer). Framing and transport are the transport's
// business (transport.ts); this file is only the data.
import { z } from 'zod';
import { ConnectivityStatusSchema } from '../../../shared/domain/connectivity';
import { PresenceStatus } from '../../../shared/domain/presence';
import { MyPresenceSchema } from '../../../shared/contract/presence';

/** Bumped when a request or an answer changes shape; the server refuses other versions. */
export const PROTOCOL_VERSION = 1;

/** The largest frame either side accepts (a request is a few hundred bytes; a diagnosis a few KiB). */
export const MAX_FRAME_BYTES = 256 * 1024;

/** The wire events, the transport's explicit allow-list (anything else is refused). */
export const WIRE = {
  request: 'tw.request',
  response: 'tw.response',
  refused: 'tw.refused',
} as const;
/** what the app accepts from a command */
export const SERVER_INBOUND = [WIRE.request] as const;
/** what the command accepts from the app */
export const CLIENT_INBOUND = [WIRE.response, WIRE.refused] as const;
export const ALL_WIRE_EVENTS = [WIRE.request, WIRE.response, WIRE.refused] as const;

/** INC-1234: the ticket references the office uses. */
export const TicketRef = z.string().regex(/^[A-Z][A-Z0-9]{0,9}-\d{1,9}$/, 'a ticket reference such as INC-1234');
/** tun0, wg0, "Local Area Connection 2", utun3: names VPN clients hand their hooks */
export const InterfaceName = z.string().min(1).max(64).regex(/^[\w .:()-]+$/, 'an interface name such as tun0');

export const SESSION_ACTIONS = ['start', 'pause', 'resume', 'stop'] as const;

export const ControlCommandSchema = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('status') }),
  z.strictObject({ name: z.literal('session'), action: z.enum(SESSION_ACTIONS), ticket: TicketRef.optional() }),
  z.strictObject({ name: z.literal('presence'), state: PresenceStatus, text: z.string().max(200).optional() }),
  z.strictObject({ name: z.literal('vpn-event'), direction: z.enum(['up', 'down']), iface: InterfaceName.optional() }),
  z.strictObject({ name: z.literal('summary-send') }),
  z.strictObject({ name: z.literal('diagnose') }),
  z.strictObject({ name: z.literal('open'), ticket: TicketRef }),
]);
export type ControlCommand = z.infer<typeof ControlCommandSchema>;
export type CommandName = ControlCommand['name'];
export const COMMAND_NAMES = ControlCommandSchema.options.map((o) => o.shape.name.value);

export const ControlRequestSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  /** the command's own id for this request, echoed in the answer */
  id: z.string().min(1).max(64),
  command: ControlCommandSchema,
});
export type ControlRequest = z.infer<typeof ControlRequestSchema>;

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
  diagnose: ConnectivityStatusSchema,
  open: OpenValueSchema,
} satisfies Record<CommandName, z.ZodType>;
export type ResultOf<N extends CommandName> = z.infer<(typeof RESULT_SCHEMAS)[N]>;

/**
 * Why a command failed. Each maps to one exit code of the `teleworker` command (cli.ts), so a
 * script can tell "try later" from "fix your call".
 */
export const CONTROL_ERROR_CODES = [
  'invalid-request', // the request did not match the protocol (the app's message says where)
  'not-available', // this version of the app cannot do that yet
  'unavailable', // the app cannot do it right now (signed out, office unreachable for a read)
  'refused', // the app refused the request (e.g. a conflict with the current session state)
  'internal', // a bug in the app; details in its log
] as const;
export type ControlErrorCode = (typeof CONTROL_ERROR_CODES)[number];

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

/** Sent once, just before the app closes a connection that broke the protocol. */
export const REFUSAL_CODES = ['unknown-event', 'frame-too-large', 'malformed-frame', 'idle', 'too-many-requests', 'invalid-request'] as const;
export const RefusalSchema = z.strictObject({ code: z.enum(REFUSAL_CODES), message: z.string().max(2000) });
export type Refusal = z.infer<typeof RefusalSchema>;

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
