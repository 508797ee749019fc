// The control transport on node-ipc 14 (pinned exactly; see test/unit/services/control/lockfile.test.ts
// for why). Profile: Assured on Unix (Guarded plus an explicit allow-list of events, and the socket
// directly inside an owner-only folder that node-ipc checks again), Guarded on Windows (node-ipc
// refuses Assured for named pipes) with the same allow-list applied by our parser.
//
// node-ipc's own answer to a framing error is to destroy the socket without a word. Our parser
// subclass turns each such error (unknown event, oversized or malformed frame) into a refusal the
// server sends before it closes the connection, so a script learns why; a peer that never finishes
// a request is closed by the idle timer. Nothing a peer sends can throw out of a listener here.
// node-ipc ships no types; ours (node-ipc.d.ts) must reach every tsconfig that compiles this file
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./node-ipc.d.ts" />
import { chmodSync } from 'node:fs';
import type { Socket } from 'node:net';
import { dirname, sep } from 'node:path';
import { AssuredParser, GuardedParser, IPCModule, IPCProtocolError } from 'node-ipc';
import type { IpcMessage } from 'node-ipc';
import type { Refusal } from './wire';
import { ALL_WIRE_EVENTS, CLIENT_INBOUND, SERVER_INBOUND, WIRE } from './wire';
import { notRunningMessage, verifyControlEndpoint } from './endpoint';
import { restrictPipeToOwner } from './windows-pipe';
import type {
  ClientReply,
  ControlClientTransport,
  ControlEndpoint,
  ControlPeer,
  ControlServerTransport,
  ServerTransportEvents,
  ServerTransportOptions,
} from './transport';
import { ControlConnectError } from './transport';

/** Not a wire event (not in the allow-list, so no peer can send it): our parser's report of a bad frame. */
const BAD_FRAME = 'tw.local.bad-frame';

function refusalFor(error: unknown, maxFrameBytes: number): Refusal {
  const code = error instanceof IPCProtocolError ? error.code : '';
  if (code === 'ERR_IPC_FRAME_TOO_LARGE')
    return {
      code: 'frame-too-large',
      message: `A frame over ${maxFrameBytes} bytes was refused; the connection is closed.`,
    };
  if (
    code === 'ERR_IPC_EVENT_NOT_ALLOWED' ||
    code === 'ERR_IPC_RESERVED_EVENT' ||
    code === 'ERR_IPC_EVENT_TOO_LARGE' ||
    code === 'ERR_IPC_INVALID_EVENT'
  ) {
    return {
      code: 'unknown-event',
      message: `${error instanceof Error ? error.message : 'unknown event'}; allowed: ${SERVER_INBOUND.join(', ')}. The connection is closed.`,
    };
  }
  return {
    code: 'malformed-frame',
    message: `A frame was not a JSON event envelope (${error instanceof Error ? error.message : 'unreadable'}); the connection is closed.`,
  };
}

/** node-ipc's framed parser, with the inbound allow-list for this side and refusals instead of silent drops. */
function parserClass(inbound: readonly string[], maxFrameBytes: number) {
  const Base = process.platform === 'win32' ? GuardedParser : AssuredParser;
  const accepted = new Set(inbound);
  return class ControlParser extends Base {
    override read(buffer: string, data: string, receive: (message: IpcMessage) => void): string {
      const combined = buffer ? buffer + data : data;
      const delimiter = this.delimiter;
      let start = 0;
      let end = combined.indexOf(delimiter);
      try {
        while (end !== -1) {
          const frame = combined.slice(start, end);
          this.assertFrameSize(frame.length, Buffer.byteLength(frame));
          const message = this.decodeMessage(frame);
          if (!accepted.has(message.type))
            throw new IPCProtocolError(
              'ERR_IPC_EVENT_NOT_ALLOWED',
              `event "${message.type.slice(0, 80)}" is not accepted here`,
            );
          receive(message);
          start = end + delimiter.length;
          end = combined.indexOf(delimiter, start);
        }
        const remainder = start === 0 ? combined : combined.slice(start);
        this.assertFrameSize(remainder.length, Buffer.byteLength(remainder));
        return remainder;
      } catch (error) {
        receive({ type: BAD_FRAME, data: refusalFor(error, maxFrameBytes) });
        return '';
      }
    }
  };
}

function configure(ipc: IPCModule, inbound: readonly string[], maxFrameBytes: number): void {
  Object.assign(ipc.config, {
    silent: true,
    logPayloads: false,
    parser: parserClass(inbound, maxFrameBytes),
    allowedEvents: [...ALL_WIRE_EVENTS],
    maxMessageSize: maxFrameBytes,
    maxPendingBytes: 4 * maxFrameBytes,
    maxEventNameLength: 64,
    // an unfinished frame gets this long; a connection with no frame at all is the idle timer's
    messageTimeout: 5000,
    secureSocketRoot: true,
    readableAll: false,
    writableAll: false,
  });
}

type PeerSocket = Socket & { twPeer?: NodePeer };

class NodePeer implements ControlPeer {
  refused = false;
  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly send: (socket: Socket, type: string, data: unknown) => void,
  ) {}

  respond(response: unknown): void {
    if (this.refused || this.socket.destroyed) return;
    this.send(this.socket, WIRE.response, response);
  }

  refuse(refusal: Refusal): void {
    if (this.refused) return;
    this.refused = true;
    const socket = this.socket;
    socket.pause(); // read nothing more from it
    socket.setTimeout(0);
    if (!socket.destroyed) {
      try {
        this.send(socket, WIRE.refused, refusal);
        socket.end();
      } catch {
        /* the socket went away meanwhile */
      }
    }
    // a peer that does not read our refusal does not keep the connection
    setTimeout(() => socket.destroy(), 1000).unref();
  }
}

export class NodeIpcServerTransport implements ControlServerTransport {
  private ipc: IPCModule | null = null;
  private nextPeer = 1;

  async listen(
    endpoint: ControlEndpoint,
    events: ServerTransportEvents,
    options: ServerTransportOptions,
  ): Promise<void> {
    const ipc = new IPCModule();
    configure(ipc, SERVER_INBOUND, options.maxFrameBytes);
    ipc.config.maxConnections = options.maxConnections;
    ipc.config.unlink = true;
    let path: string;
    if (endpoint.kind === 'unix') {
      ipc.config.socketRoot = endpoint.dir + sep;
      path = endpoint.path;
      if (dirname(path) !== endpoint.dir) throw new Error('The control socket must sit directly in its folder.');
    } else {
      path = endpoint.name;
    }
    ipc.config.appspace = '';
    this.ipc = ipc;

    await new Promise<void>((resolve, reject) => {
      ipc.serve(path, () => resolve());
      const server = ipc.server;
      if (!server) return reject(new Error('node-ipc did not create a server'));
      const send = (socket: Socket, type: string, data: unknown) => void server.emit(socket, type, data);
      const peerOf = (socket: PeerSocket): NodePeer => {
        if (!socket.twPeer) socket.twPeer = new NodePeer(this.nextPeer++, socket, send);
        return socket.twPeer;
      };
      const guard =
        <A extends unknown[]>(fn: (...args: A) => void) =>
        (...args: A) => {
          try {
            fn(...args);
          } catch (error) {
            events.log?.(
              'warn',
              `control: a listener failed: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        };
      server.on(
        'connect',
        guard((socket: PeerSocket) => {
          const peer = peerOf(socket);
          socket.setTimeout(options.idleMs, () =>
            peer.refuse({ code: 'idle', message: `No request within ${options.idleMs} ms; the connection is closed.` }),
          );
        }),
      );
      server.on(
        WIRE.request,
        guard((data: unknown, socket: PeerSocket) => {
          const peer = peerOf(socket);
          if (peer.refused) return;
          events.request(peer, data);
        }),
      );
      server.on(
        BAD_FRAME,
        guard((data: Refusal, socket: PeerSocket) => {
          const peer = peerOf(socket);
          if (peer.refused) return;
          peer.refuse(data);
          events.refusedByTransport?.(peer, data);
        }),
      );
      let started = false;
      server.on(
        'start',
        guard(() => {
          started = true;
          // The folder is already 0700; the socket itself is the owner's alone too.
          if (endpoint.kind === 'unix') chmodSync(endpoint.path, 0o600);
          else {
            // Windows: the pipe's default DACL lets Everyone read; make it the user's alone. If that
            // fails the channel stays up (nobody else can write to it, and the command checks the
            // pipe's owner before it talks), and the log says why.
            try {
              restrictPipeToOwner(endpoint.name);
            } catch (error) {
              events.log?.('warn', `control: ${error instanceof Error ? error.message : String(error)}`);
            }
          }
        }),
      );
      server.on(
        'error',
        guard((error: Error) => {
          if (!started) reject(error);
          else events.log?.('warn', `control: ${error.message}`);
        }),
      );
      try {
        server.start();
      } catch (error) {
        reject(error);
      }
    });
  }

  async close(): Promise<void> {
    const server = this.ipc?.server;
    this.ipc = null;
    if (!server) return;
    const net = server.server;
    server.stop();
    if (net) await new Promise<void>((resolve) => (net.listening ? net.close(() => resolve()) : resolve()));
  }
}

export class NodeIpcClientTransport implements ControlClientTransport {
  async request(
    endpoint: ControlEndpoint,
    payload: unknown,
    options: { timeoutMs: number; maxFrameBytes: number },
  ): Promise<ClientReply> {
    verifyControlEndpoint(endpoint);
    const ipc = new IPCModule();
    configure(ipc, CLIENT_INBOUND, options.maxFrameBytes);
    ipc.config.maxRetries = 0;
    ipc.config.stopRetrying = true;
    const id = 'teleworker';
    const path = endpoint.kind === 'unix' ? endpoint.path : endpoint.name;
    if (endpoint.kind === 'unix') ipc.config.socketRoot = endpoint.dir + sep;

    return new Promise<ClientReply>((resolve, reject) => {
      let settled = false;
      let connectError: NodeJS.ErrnoException | null = null;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
        ipc.disconnect(id);
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new ControlConnectError('timeout', `Teleworker did not answer within ${options.timeoutMs} ms.`)),
          ),
        options.timeoutMs,
      );
      ipc.connectTo(id, path);
      const client = ipc.of[id];
      if (!client)
        return finish(() => reject(new ControlConnectError('closed', 'Could not open the control connection.')));
      client.on('error', (error: NodeJS.ErrnoException) => {
        connectError = error;
      });
      client.on('connect', () => {
        try {
          client.emit(WIRE.request, payload);
        } catch (error) {
          finish(() =>
            reject(
              new ControlConnectError(
                'protocol',
                `The request could not be sent: ${error instanceof Error ? error.message : String(error)}`,
              ),
            ),
          );
        }
      });
      client.on(WIRE.response, (data: unknown) => finish(() => resolve({ kind: 'response', payload: data })));
      client.on(WIRE.refused, (data: unknown) => finish(() => resolve({ kind: 'refused', payload: data })));
      client.on(BAD_FRAME, (data: Refusal) =>
        finish(() =>
          reject(new ControlConnectError('protocol', `Teleworker's answer could not be read: ${data.message}`)),
        ),
      );
      client.on('disconnect', () =>
        finish(() => {
          const code = connectError?.code;
          if (code === 'ENOENT' || code === 'ECONNREFUSED')
            reject(new ControlConnectError('not-running', notRunningMessage));
          else if (code === 'EACCES' || code === 'EPERM')
            reject(
              new ControlConnectError(
                'forbidden',
                `Permission denied on ${path}: the control channel belongs to another user.`,
              ),
            );
          else
            reject(
              new ControlConnectError(
                'closed',
                `Teleworker closed the connection without an answer${connectError ? ` (${connectError.message})` : ''}.`,
              ),
            );
        }),
      );
    });
  }
}
