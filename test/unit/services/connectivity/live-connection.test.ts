// The live connection against real sockets on loopback: heartbeats on one connection, a closed
// connection and a silent server reported as such, close() reports nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { nodeLiveConnector } from '../../../../electron/services/connectivity/live-connection';
import type { LiveLoss } from '../../../../electron/services/connectivity/monitor';

const servers: Array<Server | NetServer> = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    if ('closeAllConnections' in s) s.closeAllConnections();
    await new Promise((r) => s.close(() => r(null)));
  }
});

async function healthServer() {
  const sockets = new Set<string>();
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    sockets.add(`${req.socket.remotePort}`);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { server, url: `http://127.0.0.1:${port}/healthz`, requests: () => requests, connections: () => sockets.size };
}

const until = async (what: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('nodeLiveConnector', () => {
  it('sends heartbeats on one connection and reports nothing while the office answers; close() is quiet', async () => {
    const office = await healthServer();
    const losses: LiveLoss[] = [];
    const live = nodeLiveConnector.open(
      { url: office.url, connectHost: '127.0.0.1' },
      { heartbeatMs: 30, timeoutMs: 1000 },
      (l) => losses.push(l),
    );
    await until(() => office.requests() >= 4);
    expect(office.connections()).toBe(1);
    live.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(losses).toEqual([]);
  });

  it('reports a connection the office closes (its process died) at once', async () => {
    const office = await healthServer();
    const losses: LiveLoss[] = [];
    nodeLiveConnector.open(
      { url: office.url, connectHost: '127.0.0.1' },
      { heartbeatMs: 60_000, timeoutMs: 60_000 },
      (l) => losses.push(l),
    );
    await until(() => office.requests() >= 1);
    const t0 = Date.now();
    office.server.closeAllConnections();
    await until(() => losses.length > 0);
    // generous, yet far below the 60 s heartbeat that would otherwise notice
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(losses).toEqual([{ cause: 'live-connection-closed', detail: expect.any(String) }]);
  });

  it('reports an office that accepts but never answers as silent after the timeout', async () => {
    // it reads (and ignores) what it is sent, and never answers
    const server = createNetServer((socket) => socket.resume());
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const losses: LiveLoss[] = [];
    const live = nodeLiveConnector.open(
      { url: `http://127.0.0.1:${port}/healthz`, connectHost: '127.0.0.1' },
      { heartbeatMs: 50, timeoutMs: 200 },
      (l) => losses.push(l),
    );
    await until(() => losses.length > 0);
    expect(losses).toEqual([{ cause: 'live-connection-silent', detail: 'ETIMEDOUT' }]);
    live.close();
    expect(losses).toHaveLength(1);
  });

  it('reports a refused connection as closed', async () => {
    const server = createNetServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise((r) => server.close(r));
    const losses: LiveLoss[] = [];
    nodeLiveConnector.open(
      { url: `http://127.0.0.1:${port}/healthz`, connectHost: '127.0.0.1' },
      { heartbeatMs: 50, timeoutMs: 2000 },
      (l) => losses.push(l),
    );
    await until(() => losses.length > 0);
    expect(losses).toEqual([{ cause: 'live-connection-closed', detail: 'ECONNREFUSED' }]);
  });
});
