// One change the office keeps failing on must not stop the user's other changes for good: the real
// office server behind a loopback proxy that answers 503 (as the office does when it cannot take
// a change) for any request carrying the word POISON, and forwards everything else.
import { mkdtempSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newChatMessage, postChatMessage } from '../../../electron/services/chat/commands';
import { silentLogger } from '../../../electron/services/logger';
import { openLocalStore } from '../../../electron/services/store/local-store';
import { commentOnTicket } from '../../../electron/services/tickets/commands';
import { ChannelsResponse, TicketDetailResponse } from '../../../shared/office-api';
import { manualConnectivity, memorySecrets, officeService } from '../../fixtures/core';
import { startTestServer, type TestServer } from '../office-server/helpers';

let server: TestServer;
let proxy: Server;
let proxyUrl: string;
let poisoned = 0;

beforeAll(async () => {
  server = await startTestServer();
  const target = new URL(server.url);
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (body.includes('POISON')) {
        poisoned++;
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'unavailable', message: 'the database refused the row' } }));
        return;
      }
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await server?.cleanup();
});

describe('a change the office keeps failing on', () => {
  it('becomes failed with the office’s reason; the chat behind it goes on, the ticket’s next action waits', async () => {
    const store = openLocalStore({ dir: mkdtempSync(join(tmpdir(), 'tw-poison-')), logger: silentLogger });
    const office = officeService({
      db: store.db,
      secrets: memorySecrets(),
      connectivity: manualConnectivity(),
      outbox: { backoff: { baseMs: 20, maxMs: 50 }, notifyEveryMs: 10, giveUp: { attempts: 4, afterMs: 86_400_000 } },
    });
    office.start();
    await office.signIn(proxyUrl, 'ayu', 'teleworker');
    const channels = await office.session.http()('GET', '/chat/channels', { schema: ChannelsResponse });
    const team = channels.items.find((c) => c.kind === 'team')!;

    const bad = office.enqueue(postChatMessage, {}, newChatMessage(team.id, 'POISON message'));
    office.enqueue(postChatMessage, {}, newChatMessage(team.id, 'after the poison, 1'));
    office.enqueue(postChatMessage, {}, newChatMessage(team.id, 'after the poison, 2'));
    const badComment = office.enqueue(commentOnTicket, { ticketId: 'INC-1002' }, { body: 'POISON comment' });
    office.enqueue(commentOnTicket, { ticketId: 'INC-1002' }, { body: 'the comment after it' });

    const settled = async (done: () => boolean) => {
      for (let i = 0; !done(); i++) {
        expect(i, JSON.stringify(office.outbox.list())).toBeLessThan(600);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await settled(() => office.outbox.summary().failed === 2 && office.outbox.summary().pending === 1);
    const failed = office.outbox.list().filter((i) => i.state === 'failed');
    expect(failed.map((i) => i.id).sort()).toEqual([bad.id, badComment.id].sort());
    for (const item of failed) {
      expect(item.lastError).toMatch(
        /^The office could not take this change \(4 tries\): .*the database refused the row/,
      );
    }
    expect(poisoned).toBe(8);

    const token = (await server.api.login('ayu')).accessToken;
    const chat = async () =>
      (
        (await server.api.get(`/api/v1/chat/channels/${encodeURIComponent(team.id)}/messages?limit=50`, token))
          .body as { items: Array<{ body: string }> }
      ).items.map((m) => m.body);
    const comments = async () =>
      TicketDetailResponse.parse((await server.api.get('/api/v1/tickets/INC-1002', token)).body).comments.map(
        (c) => c.body,
      );
    expect(await chat()).toEqual(expect.arrayContaining(['after the poison, 1', 'after the poison, 2']));
    expect(await chat()).not.toContain('POISON message');
    expect(await comments()).not.toContain('the comment after it');

    // the user discards the failed comment: the ticket's queue moves on
    expect(office.outbox.discard(badComment.id)).toBe(true);
    await settled(() => office.outbox.summary().pending === 0);
    expect(await comments()).toContain('the comment after it');
    // and may retry the failed message: it fails again the same way, and can be discarded
    expect(office.outbox.retry(bad.id)).toBe(true);
    await settled(() => office.outbox.summary().failed === 1 && office.outbox.summary().pending === 0);
    expect(office.outbox.discard(bad.id)).toBe(true);
    expect(office.outbox.summary()).toMatchObject({ pending: 0, failed: 0 });
    office.stop();
    store.close();
  });
});
