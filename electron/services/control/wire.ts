// The protocol's constants that need no schema library: the command's quick path (vpn-hook.ts)
// and the transport load only this, so a VPN hook's `teleworker vpn-event` starts fast.

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

/** INC-1234: the ticket references the office uses */
export const TICKET_PATTERN = /^[A-Z][A-Z0-9]{0,9}-\d{1,9}$/;

/** tun0, wg0, "Local Area Connection 2", utun3: the interface names VPN clients hand their hooks */
export const INTERFACE_NAME = /^[\w .:()-]{1,64}$/;

/** Sent once, just before the app closes a connection that broke the protocol. */
export const REFUSAL_CODES = [
  'unknown-event',
  'frame-too-large',
  'malformed-frame',
  'idle',
  'too-many-requests',
  'invalid-request',
] as const;
export interface Refusal {
  code: (typeof REFUSAL_CODES)[number];
  message: string;
}

/** Exit codes a script can rely on (also in README.md and docs/deploying.md). */
export const EXIT = {
  ok: 0,
  /** the app refused or failed the command (signed out, office unreachable, a bug: the message says) */
  failed: 1,
  /** the command line is wrong (or the app found the request invalid) */
  usage: 2,
  /** Teleworker is not running for this user */
  notRunning: 3,
  /** the control channel belongs to another user or is not private: nothing was sent */
  forbidden: 4,
  /** this version of the app cannot do that */
  notAvailable: 5,
  /** the app did not answer in time, or answered something unreadable */
  noAnswer: 6,
} as const;

/** Why a command failed, as the app says it; each maps to an exit code (exitForError). */
export const CONTROL_ERROR_CODES = [
  'invalid-request', // the request did not match the protocol (the app's message says where)
  'not-available', // this version of the app cannot do that yet
  'unavailable', // the app cannot do it right now (signed out, office unreachable for a read)
  'refused', // the app refused the request (e.g. a conflict with the current session state)
  'internal', // a bug in the app; details in its log
] as const;
export type ControlErrorCode = (typeof CONTROL_ERROR_CODES)[number];

export function exitForError(code: ControlErrorCode): number {
  if (code === 'invalid-request') return EXIT.usage;
  if (code === 'not-available') return EXIT.notAvailable;
  return EXIT.failed;
}
