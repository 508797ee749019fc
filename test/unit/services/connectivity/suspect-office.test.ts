// What the office connection already knows becomes a connectivity re-check: its event stream
// closing (or failing to connect) and a request failing at the network level each tell the monitor.
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { manualConnectivity, memorySecrets, testOffice } from '../../../fixtures/core';
import { OfficeEventStream } from '../../../../electron/services/office-client/event-stream';
import { silentLogger } from '../../../../electron/services/logger';

/** A loopback port nothing listens on: every connection is refused, nothing leaves the machine. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const until = async (what: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('the office connection tells the connectivity monitor what it sees', () => {
  it('a refused event stream and a refused request each ask for a re-check, with their cause', async () => {
    const port = await closedPort();
    const connectivity = manualConnectivity();
    const secrets = memorySecrets();
    secrets.map.set(`budi@127.0.0.1:${port}`, 'refresh-token');
    const office = testOffice(connectivity, { secrets });
    const user = { id: 'u-budi', username: 'budi', displayName: 'Budi', role: 'worker', teamId: 't-1' };
    office.cache.setSetting('account', JSON.stringify({ server: `http://127.0.0.1:${port}`, username: 'budi', user }));
    let feedError: unknown = null;
    office.addFeed({
      name: 'probe',
      refresh: async (http) => {
        try {
          await http('GET', '/tickets', { schema: z.unknown(), auth: false });
        } catch (error) {
          feedError = error;
        }
      },
    });
    office.start();
    await until(() => office.session.current().status === 'signed-in');
    await until(() => connectivity.suspicions.some((s) => s.cause === 'office-request-failed'));
    expect(connectivity.suspicions).toContainEqual({ cause: 'office-request-failed', detail: 'ECONNREFUSED' });
    expect(feedError).toMatchObject({ kind: 'network' }); // the caller still gets its error
    office.stop();
  });

  it('the event stream reports a lost socket (not a refused token) through onLost', async () => {
    const port = await closedPort();
    const lost: string[] = [];
    const stream = new OfficeEventStream({
      server: () => `http://127.0.0.1:${port}`,
      accessToken: async () => 'token',
      lastEventId: { load: () => 0, save: () => {} },
      onEvent: () => {},
      onResync: () => {},
      onLost: (detail) => lost.push(detail),
      logger: silentLogger,
      backoff: { baseMs: 60_000, maxMs: 60_000 },
    });
    stream.start();
    await until(() => lost.length > 0);
    expect(lost).toEqual(['1006']);
    stream.stop();
  });
});
