// The small port between the control server and the library that moves its frames, so node-ipc can
// be replaced without touching the protocol or the commands. A transport frames messages, applies
// the protocol's allow-list of wire events and its frame limit, and reports a peer that broke the
// framing as a refusal; what a message means is the server's business (control-server.ts).
import type { Refusal } from './wire';

/** Where the app listens: a Unix socket in an owner-only folder, or a Windows named pipe. */
export type ControlEndpoint = { kind: 'unix'; dir: string; path: string } | { kind: 'pipe'; name: string };

export interface ControlPeer {
  /** a number for logs */
  readonly id: number;
  /** sends one answer (a ControlResponse) */
  respond(response: unknown): void;
  /** tells the peer why, then closes its connection; later frames from it are ignored */
  refuse(refusal: Refusal): void;
  readonly refused: boolean;
}

export interface ServerTransportEvents {
  /** a well-framed `tw.request` whose payload the server has not validated yet */
  request(peer: ControlPeer, payload: unknown): void;
  /** the transport closed a peer that broke the framing (after sending it the refusal) */
  refusedByTransport?(peer: ControlPeer, refusal: Refusal): void;
  /** anything the transport wants in the log */
  log?(level: 'info' | 'warn', message: string): void;
}

export interface ServerTransportOptions {
  maxFrameBytes: number;
  /** a connection that completes no request within this time is closed */
  idleMs: number;
  maxConnections: number;
}

export interface ControlServerTransport {
  listen(endpoint: ControlEndpoint, events: ServerTransportEvents, options: ServerTransportOptions): Promise<void>;
  close(): Promise<void>;
}

/** Why a command could not talk to the app at all. */
export type ConnectFailure = 'not-running' | 'forbidden' | 'untrusted' | 'timeout' | 'closed' | 'protocol';

export class ControlConnectError extends Error {
  constructor(
    readonly failure: ConnectFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ControlConnectError';
  }
}

export type ClientReply = { kind: 'response'; payload: unknown } | { kind: 'refused'; payload: unknown };

export interface ControlClientTransport {
  /** one request, one reply; throws ControlConnectError when there is no conversation */
  request(
    endpoint: ControlEndpoint,
    payload: unknown,
    options: { timeoutMs: number; maxFrameBytes: number },
  ): Promise<ClientReply>;
}
