// The outbox through a network that drops, resets, answers 500, stalls and truncates: everything
// arrives, exactly once, and what the user would be shown is a sentence, never a stack trace.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/services/logger';
import { newChatMessage, postChatMessage } from '../../../electron/services/chat/commands';
import { submitSummary } from '../../../electron/services/session/commands';
import { openLocalStore } from '../../../electron/services/store/local-store';
import { ChannelsResponse } from '../../../shared/office-api';
import { startFaultProxy } from '../../fixtures/outbox/fault-proxy';
import type { FaultProxy } from '../../fixtures/outbox/fault-proxy';
import { manualConnectivity, memorySecrets, officeService } from '../../fixtures/core';
import { startTestServer } from '../office-server/helpers';
import type { TestServer } from '../office-server/helpers';

let server: TestServer;
let proxy: FaultProxy;
beforeAll(async () => {
  // 50 versions of one past day: far more corrections than the office allows by default (not what this test is about)
  server = await startTestServer({ summaryCorrections: { correctionDays: 366, versionsPerDay: 1000 } });
  const { port } = new URL(server.url);
  proxy = await startFaultProxy(
    { host: '127.0.0.1', port: Number(port) },
    {
      seed: 7,
      weights: { pass: 5, reset: 1, 'drop-response': 1, 'http-500': 1, stall: 1, truncate: 1 },
      stallMs: 10_000,
    },
  );
});
afterAll(async () => {
  await proxy?.close();
  await server?.cleanup();
});

describe('outbox through a faulty network', () => {
  it('delivers every change exactly once and reports errors as sentences', { timeout: 120_000 }, async () => {
    const store = openLocalStore({ dir: mkdtempSync(join(tmpdir(), 'tw-faults-')), logger: silentLogger });
    const office = officeService({
      db: store.db,
      secrets: memorySecrets(),
      connectivity: manualConnectivity(),
      requestTimeoutMs: 1500,
      outbox: { backoff: { baseMs: 50, maxMs: 400 }, notifyEveryMs: 10 },
    });
    office.start();
    // Sign-in itself goes through the faults too: the user just tries again.
    for (let attempt = 0; office.session.current().status !== 'signed-in'; attempt++) {
      expect(attempt).toBeLessThan(30);
      await office.signIn(proxy.url, 'ayu', 'teleworker').catch(() => undefined);
    }
    let channels;
    while (!channels)
      channels = await office.session
        .http()('GET', '/chat/channels', { schema: ChannelsResponse })
        .catch(() => undefined);
    const team = channels.items.find((c) => c.kind === 'team')!;

    const errorsSeen = new Set<string>();
    office.outbox.onChange(() => {
      const e = office.outbox.summary().lastError;
      if (e) errorsSeen.add(e);
    });
    const N = 150;
    for (let i = 0; i < N; i++) {
      if (i % 3 === 0)
        office.enqueue(
          submitSummary,
          {},
          {
            date: '2026-11-27',
            workedMinutes: 400,
            breakMinutes: 30,
            segments: [],
            tickets: [],
            slaBreaches: [],
            notes: `faulty #${i}`,
          },
        );
      else office.enqueue(postChatMessage, {}, newChatMessage(team.id, `faulty #${i}`));
    }
    const deadline = Date.now() + 100_000;
    while (office.outbox.summary().pending + office.outbox.summary().failed > 0) {
      expect(office.outbox.summary().failed).toBe(0);
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 50));
    }

    // Every kind of fault really happened.
    for (const fault of ['reset', 'drop-response', 'http-500', 'truncate', 'pass'] as const)
      expect(proxy.counts[fault], fault).toBeGreaterThan(0);
    expect(proxy.counts.stall).toBeGreaterThan(0);

    const token = (await server.api.login('ayu')).accessToken;
    const messages = (
      await server.api.get(`/api/v1/chat/channels/${encodeURIComponent(team.id)}/messages?limit=200`, token)
    ).body as { items: Array<{ body: string }> };
    const chat = messages.items.map((m) => m.body).filter((b) => b.startsWith('faulty #'));
    const summaries = (
      (await server.api.get('/api/v1/summaries?date=2026-11-27', token)).body as { items: Array<{ notes: string }> }
    ).items
      .map((s) => s.notes)
      .filter((n) => n.startsWith('faulty #'));
    expect(chat.length + summaries.length).toBe(N);
    expect(new Set([...chat, ...summaries]).size).toBe(N);

    expect(errorsSeen.size).toBeGreaterThan(0);
    for (const message of errorsSeen) {
      expect(message).not.toMatch(/\n|\bat \S+ \(|Error:|undefined|\[object/);
      expect(message).toMatch(
        /^(Cannot reach the office server|The office server (did not answer|answered|sent an answer))/,
      );
    }
    office.stop();
    store.close();
  });
});
