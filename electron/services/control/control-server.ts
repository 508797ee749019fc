// The control server: the running app's end of the `teleworker` command. It validates every request
// with zod (protocol.ts), runs it through ControlActions (the core's contract handlers, see
// actions.ts), and answers with data: { ok: true, value } or { ok: false, error: { code, message } }.
// The transport (transport.ts; node-ipc today) frames and limits; a peer that breaks the protocol
// is told why and disconnected, and nothing it sends can throw out of here.
import { connect } from 'node:net';
import { describeIssues } from '../../../shared/contract/issues';
import { formatReport } from '../connectivity/diagnose';
import type { ConnectivityStatus } from '../../../shared/domain/connectivity';
import type { Logger } from '../logger';
import type { ControlActions } from './actions';
import { defaultControlEndpoint, prepareControlFolder } from './endpoint';
import { NodeIpcServerTransport } from './node-ipc-transport';
import type { ControlCommand, ControlErrorData, ControlResponse } from './protocol';
import { ControlError, ControlRequestSchema, MAX_FRAME_BYTES, PROTOCOL_VERSION, RESULT_SCHEMAS } from './protocol';
import type { ControlEndpoint, ControlPeer, ControlServerTransport } from './transport';

export interface ControlServerOptions {
  actions: ControlActions;
  logger: Logger;
  endpoint?: ControlEndpoint;
  transport?: ControlServerTransport;
  /** a connection with no request for this long is closed (default 5 s) */
  idleMs?: number;
  maxConnections?: number;
  /** requests one connection may have in flight at once */
  maxInFlight?: number;
}

export interface ControlServer {
  readonly endpoint: ControlEndpoint;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A VPN client may run its hook a moment before the change is complete (OpenVPN's `down` script can
 * see the tunnel device still there; an `up` script runs before the office answers through it).
 * When the re-check does not yet show what the hook announced, look again shortly after, twice.
 */
const FOLLOW_UP_MS = [400, 1500];

function settled(direction: 'up' | 'down', status: ConnectivityStatus): boolean {
  return direction === 'down'
    ? status.evidence.tunnels.length === 0
    : status.status === 'office-via-vpn' || status.status === 'office-lan';
}

async function run(
  actions: ControlActions,
  command: ControlCommand,
  later: (fn: () => void, ms: number) => void,
): Promise<unknown> {
  switch (command.name) {
    case 'status': {
      const [connectivity, presence, session, outbox] = await Promise.all([
        actions.connectivity.current(),
        actions.presence.mine().catch(() => null),
        actions.session.current().catch(() => null),
        actions.outbox.counts(),
      ]);
      return { connectivity, presence, session, outbox };
    }
    case 'session':
      return actions.session.command(command.action, command.ticket);
    case 'presence':
      return actions.presence.set(command.state, command.text);
    case 'vpn-event': {
      const status = await actions.connectivity.checkNow();
      if (!settled(command.direction, status)) {
        const followUp = (index: number) => () => {
          actions.connectivity.checkNow().then(
            (next) => {
              const ms = FOLLOW_UP_MS[index + 1];
              if (!settled(command.direction, next) && ms !== undefined) later(followUp(index + 1), ms);
            },
            () => {},
          );
        };
        later(followUp(0), FOLLOW_UP_MS[0]!);
      }
      return status;
    }
    case 'summary-send':
      return actions.summary.send();
    case 'diagnose': {
      const status = await actions.connectivity.checkNow();
      return { status, report: formatReport(status) };
    }
    case 'open':
      return { ticket: command.ticket, ...(await actions.window.openTicket(command.ticket)) };
  }
}

export function createControlServer(options: ControlServerOptions): ControlServer {
  const { actions, logger } = options;
  const endpoint = options.endpoint ?? defaultControlEndpoint();
  const transport = options.transport ?? new NodeIpcServerTransport();
  const maxInFlight = options.maxInFlight ?? 4;
  const inFlight = new WeakMap<ControlPeer, number>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (fn: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  const answer = (peer: ControlPeer, id: string, result: ControlResponse['result']) => {
    try {
      peer.respond({ v: PROTOCOL_VERSION, id, result } satisfies ControlResponse);
    } catch (error) {
      logger.warn(`control: could not answer peer ${peer.id}`, error);
    }
  };

  const handle = async (peer: ControlPeer, payload: unknown): Promise<void> => {
    const parsed = ControlRequestSchema.safeParse(payload);
    if (!parsed.success) {
      const id =
        typeof (payload as { id?: unknown } | null)?.id === 'string'
          ? String((payload as { id: string }).id).slice(0, 64)
          : '';
      const message = `Invalid request: ${describeIssues(parsed.error)}`;
      if (id) return answer(peer, id, { ok: false, error: { code: 'invalid-request', message } });
      // without an id there is nobody to answer: the peer does not speak the protocol
      peer.refuse({ code: 'invalid-request', message });
      return;
    }
    const { id, command } = parsed.data;
    const count = inFlight.get(peer) ?? 0;
    if (count >= maxInFlight) {
      peer.refuse({
        code: 'too-many-requests',
        message: `More than ${maxInFlight} requests at once on one connection; the connection is closed.`,
      });
      return;
    }
    inFlight.set(peer, count + 1);
    try {
      const value = await run(actions, command, later);
      const checked = RESULT_SCHEMAS[command.name].safeParse(value);
      if (!checked.success) {
        logger.error(`control: ${command.name} answered off-protocol: ${describeIssues(checked.error)}`);
        answer(peer, id, {
          ok: false,
          error: {
            code: 'internal',
            message: 'Something went wrong inside Teleworker. The details are in the log file.',
          },
        });
      } else {
        answer(peer, id, { ok: true, value: checked.data });
      }
    } catch (error) {
      let data: ControlErrorData;
      if (error instanceof ControlError) data = { code: error.code, message: error.message };
      else {
        logger.error(`control: ${command.name} failed`, error);
        data = {
          code: 'internal',
          message: 'Something went wrong inside Teleworker. The details are in the log file.',
        };
      }
      answer(peer, id, { ok: false, error: data });
    } finally {
      inFlight.set(peer, (inFlight.get(peer) ?? 1) - 1);
    }
  };

  return {
    endpoint,
    async start() {
      if (endpoint.kind === 'unix') {
        prepareControlFolder(endpoint.dir);
        // node-ipc replaces a socket file left behind; never one a running app still answers on
        if (await answers(endpoint.path))
          throw new Error(
            `Another Teleworker already listens on ${endpoint.path}; this one runs without a control channel.`,
          );
      }
      await transport.listen(
        endpoint,
        {
          request: (peer, payload) => {
            handle(peer, payload).catch((error: unknown) => logger.error('control: request failed', error));
          },
          refusedByTransport: (peer, refusal) => logger.warn(`control: peer ${peer.id} refused: ${refusal.code}`),
          log: (level, message) => logger[level](message),
        },
        {
          maxFrameBytes: MAX_FRAME_BYTES,
          idleMs: options.idleMs ?? 5000,
          maxConnections: options.maxConnections ?? 32,
        },
      );
      logger.info(
        `control channel listening on ${endpoint.kind === 'unix' ? endpoint.path : `\\\\.\\pipe\\${endpoint.name}`}`,
      );
    },
    stop: () => {
      timers.forEach((timer) => clearTimeout(timer));
      timers.clear();
      return transport.close();
    },
  };
}

/** Does something accept connections on this socket path? (a stale file after a crash does not) */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}
