// Connection-level limits: how long a request may take to arrive, how long an idle connection is
// kept, and how many connections one remote address may hold at once.
import type { Server } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';

export interface ConnectionTimeouts {
  /** the request line and headers must arrive within this (slow headers: slowloris) */
  headersMs: number;
  /** the whole request, body included, must arrive within this (a trickled body) */
  requestMs: number;
  /** an idle keep-alive connection between requests is closed after this */
  keepAliveMs: number;
  /** a connection with no traffic either way is closed after this (WebSockets excepted: their heartbeat decides) */
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: ConnectionTimeouts = {
  // the office is a VPN away: round trips of a few hundred ms, never seconds per header line
  headersMs: 10_000,
  // a 256 KiB body (the limit) still arrives over a poor 70 kbit/s link
  requestMs: 30_000,
  keepAliveMs: 10_000,
  idleMs: 60_000,
};

/** how often Node checks the header and request deadlines (its default, 30 s, would let them run 30 s late) */
export const DEADLINE_CHECK_MS = 1000;

/**
 * Default cap on concurrent connections per remote address. A desktop client holds one WebSocket
 * and a few keep-alive HTTP connections (about five at most). A VPN that gives each home worker
 * their own tunnel address needs a cap of a handful, but a VPN concentrator or office router that
 * NATs puts many people behind one address, and a cap that is too low would cut them off without a
 * word. 1024 leaves room for about two hundred people behind one address, while one misbehaving
 * host can no longer hold tens of thousands of sockets (with the timeouts, idle and half-sent ones
 * go quickly anyway). Raise it when more people reach the server through one address.
 */
export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1024;

const REFUSAL_LOG_EVERY_MS = 10_000;

/** drops a new connection from an address that already holds `max` of them, before anything is read */
export function capConnectionsPerAddress(server: Server, max: number, log: FastifyBaseLogger): void {
  const open = new Map<string, number>();
  const refused = new Map<string, { count: number; loggedAt: number }>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress;
    if (!address) {
      socket.destroy();
      return;
    }
    const n = (open.get(address) ?? 0) + 1;
    if (n > max) {
      socket.destroy();
      // logged, but at most once per address every 10 s: a flood must not become a log flood
      const t = Date.now();
      const r = refused.get(address) ?? { count: 0, loggedAt: 0 };
      r.count++;
      if (t - r.loggedAt >= REFUSAL_LOG_EVERY_MS) {
        log.warn(
          { address, open: max, max, refusedSinceLastLog: r.count },
          'connection refused: too many from one address',
        );
        r.count = 0;
        r.loggedAt = t;
      }
      refused.set(address, r);
      if (refused.size > 10_000) refused.clear();
      return;
    }
    open.set(address, n);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
