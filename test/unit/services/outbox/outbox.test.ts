import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/services/logger';
import type { DeliveryOutcome, OutboxItem } from '../../../../electron/services/outbox/outbox';
import { Outbox, OutboxFullError } from '../../../../electron/services/outbox/outbox';
import { backoffDelay } from '../../../../electron/services/backoff';
import { openLocalStore } from '../../../../electron/services/store/local-store';
import { anyBodyRegistry, enqueueRaw } from '../../../fixtures/outbox/test-commands';
import { CommandRegistry, InvalidCommandError } from '../../../../electron/services/outbox/command';
import { postChatMessage } from '../../../../electron/services/chat/commands';
import { setPresence } from '../../../../electron/services/presence/commands';
import { changeTicketStatus } from '../../../../electron/services/tickets/commands';

/** Manual clock and timers: the outbox's waiting is driven by the test, not the wall clock. */
function manualTime(start = 1_000_000) {
  let now = start;
  const timers = new Map<number, { at: number; cb: () => void }>();
  let nextId = 1;
  return {
    now: () => now,
    timers: {
      setTimeout: (cb: () => void, ms: number) => {
        const id = nextId++;
        timers.set(id, { at: now + ms, cb });
        return id;
      },
      clearTimeout: (id: unknown) => void timers.delete(id as number),
    },
    async advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers]) {
        if (t.at <= now) {
          timers.delete(id);
          t.cb();
        }
      }
      await new Promise((r) => setImmediate(r));
    },
  };
}

function setup(
  deliver: (item: OutboxItem) => Promise<DeliveryOutcome>,
  dir = mkdtempSync(join(tmpdir(), 'tw-outbox-')),
) {
  const store = openLocalStore({ dir, logger: silentLogger });
  const time = manualTime();
  const outbox = new Outbox({
    commands: anyBodyRegistry(),
    db: store.db,
    deliver,
    logger: silentLogger,
    now: time.now,
    timers: time.timers,
    random: () => 0.5,
    backoff: { baseMs: 1000, maxMs: 60_000 },
  });
  return { outbox, store, time, dir };
}

describe('outbox', () => {
  it('keeps everything while offline and delivers in order per queue once online', async () => {
    const delivered: string[] = [];
    const { outbox } = setup(async (item) => {
      delivered.push(`${item.queue}:${(item.body as { n: number }).n}`);
      return { ok: true };
    });
    for (let n = 1; n <= 5; n++) {
      enqueueRaw(outbox, { kind: 'chat-message', queue: 'chat:a', method: 'POST', path: '/a', body: { n } });
      enqueueRaw(outbox, { kind: 'chat-message', queue: 'chat:b', method: 'POST', path: '/b', body: { n } });
    }
    await outbox.flush();
    expect(delivered).toEqual([]);
    expect(outbox.summary()).toMatchObject({ pending: 10, failed: 0 });
    outbox.setOnline(true);
    await outbox.flush();
    expect(delivered.filter((d) => d.startsWith('chat:a'))).toEqual([
      'chat:a:1',
      'chat:a:2',
      'chat:a:3',
      'chat:a:4',
      'chat:a:5',
    ]);
    expect(delivered.filter((d) => d.startsWith('chat:b'))).toEqual([
      'chat:b:1',
      'chat:b:2',
      'chat:b:3',
      'chat:b:4',
      'chat:b:5',
    ]);
    expect(outbox.summary()).toMatchObject({ pending: 0, failed: 0, lastSyncAt: 1_000_000 });
  });

  it('keeps 32 queues in flight at once, never two items of one queue, each queue in order', async () => {
    // the office's pace grows with the writes in flight (it commits those that arrive together at once)
    const inFlight = new Set<string>();
    let most = 0;
    const order = new Map<string, number[]>();
    const answers: Array<() => void> = [];
    const { outbox } = setup(async (item) => {
      expect(inFlight.has(item.queue)).toBe(false);
      inFlight.add(item.queue);
      most = Math.max(most, inFlight.size);
      order.set(item.queue, [...(order.get(item.queue) ?? []), (item.body as { n: number }).n]);
      await new Promise<void>((resolve) => answers.push(resolve));
      inFlight.delete(item.queue);
      return { ok: true };
    });
    for (let n = 1; n <= 3; n++)
      for (let q = 0; q < 40; q++)
        enqueueRaw(outbox, { kind: 'chat-message', queue: `chat:${q}`, method: 'POST', path: '/m', body: { n } });
    outbox.setOnline(true);
    const done = outbox.flush();
    while (outbox.summary().pending > 0) {
      await new Promise((r) => setImmediate(r));
      for (const answer of answers.splice(0)) answer();
    }
    await done;
    expect(most).toBe(32);
    expect([...order.values()].every((ns) => ns.join() === '1,2,3')).toBe(true);
    expect(order.size).toBe(40);
  });

  it('sends the same idempotency key on every attempt and backs off between them', async () => {
    const keys: string[] = [];
    const attemptsAt: number[] = [];
    let fails = 3;
    const { outbox, time } = setup(async (item) => {
      keys.push(item.id);
      attemptsAt.push(time.now());
      return fails-- > 0 ? { ok: false, retry: true, error: 'HTTP 503' } : { ok: true };
    });
    outbox.setOnline(true);
    enqueueRaw(outbox, {
      kind: 'summary',
      queue: 'summary:2026-11-28',
      method: 'POST',
      path: '/api/v1/summaries',
      body: {},
    });
    await outbox.flush();
    expect(outbox.summary()).toMatchObject({ pending: 1, lastError: 'HTTP 503' });
    for (let i = 0; i < 10; i++) await time.advance(1000);
    expect(new Set(keys).size).toBe(1);
    expect(attemptsAt.map((t) => t - 1_000_000)).toEqual([0, 1000, 3000, 6000]); // 750, 1500, 3000 with jitter 0.5 → woken on the next whole second
    expect(outbox.summary().pending).toBe(0);
  });

  it('moves a refused item to failed, blocks its queue, and lets the user retry or discard it', async () => {
    let refuse = true;
    const delivered: number[] = [];
    const { outbox } = setup(async (item) => {
      const n = (item.body as { n: number }).n;
      if (n === 1 && refuse)
        return {
          ok: false,
          retry: false,
          status: 422,
          error: 'Illegal transition: resolved → new',
          code: 'illegal_transition',
        };
      delivered.push(n);
      return { ok: true };
    });
    outbox.setOnline(true);
    const first = enqueueRaw(outbox, {
      kind: 'ticket-status',
      queue: 'ticket:T1',
      method: 'POST',
      path: '/t',
      body: { n: 1 },
    });
    enqueueRaw(outbox, { kind: 'ticket-comment', queue: 'ticket:T1', method: 'POST', path: '/t', body: { n: 2 } });
    enqueueRaw(outbox, { kind: 'presence', queue: 'presence', method: 'PUT', path: '/p', body: { n: 3 } });
    await outbox.flush();
    expect(delivered).toEqual([3]);
    expect(outbox.list().map((i) => [i.state, i.lastError, i.lastErrorCode])).toEqual([
      ['failed', 'Illegal transition: resolved → new', 'illegal_transition'],
      ['pending', null, null],
    ]);
    expect(outbox.discard(outbox.list()[1]!.id)).toBe(false); // pending items cannot be discarded
    refuse = false;
    expect(outbox.retry(first.id)).toBe(true);
    await outbox.flush();
    expect(delivered).toEqual([3, 1, 2]);

    refuse = true;
    const again = enqueueRaw(outbox, {
      kind: 'ticket-status',
      queue: 'ticket:T2',
      method: 'POST',
      path: '/t',
      body: { n: 1 },
    });
    await outbox.flush();
    expect(outbox.discard(again.id)).toBe(true);
    expect(outbox.summary()).toMatchObject({ pending: 0, failed: 0 });
  });

  it('fails an item the office keeps answering with errors for, and lets the rest of its queue go on', async () => {
    const delivered: string[] = [];
    const store = openLocalStore({ dir: mkdtempSync(join(tmpdir(), 'tw-outbox-')), logger: silentLogger });
    const time = manualTime();
    let poisoned = true;
    const outbox = new Outbox({
      commands: anyBodyRegistry(),
      db: store.db,
      logger: silentLogger,
      now: time.now,
      timers: time.timers,
      random: () => 0.5,
      backoff: { baseMs: 1000, maxMs: 60_000 },
      giveUp: { attempts: 5, afterMs: 24 * 3600_000 },
      deliver: async (item) => {
        const { tag } = item.body as { tag: string };
        if (poisoned && tag.startsWith('poison'))
          return { ok: false, retry: true, answered: true, error: 'Internal error', code: 'server-error' };
        delivered.push(tag);
        return { ok: true };
      },
    });
    outbox.setOnline(true);
    const chat = (tag: string) =>
      enqueueRaw(outbox, { kind: 'chat-message', queue: 'chat:C1', method: 'POST', path: '/c', body: { tag } });
    const ticket = (kind: 'ticket-comment' | 'ticket-status', tag: string) =>
      enqueueRaw(outbox, { kind, queue: 'ticket:T1', method: 'POST', path: '/t', body: { tag } });
    const poison = chat('poison-chat');
    chat('hello');
    chat('again');
    const poisonComment = ticket('ticket-comment', 'poison-comment');
    ticket('ticket-status', 'resolve');
    await outbox.flush();
    expect(delivered).toEqual([]);
    // four more tries, each after its backoff: then it is failed, with the office's words
    for (let i = 0; i < 4; i++) await time.advance(60_000);
    await outbox.flush();
    const byTag = () => Object.fromEntries(outbox.list().map((i) => [(i.body as { tag: string }).tag, i.state]));
    expect(byTag()).toEqual({ 'poison-chat': 'failed', 'poison-comment': 'failed', resolve: 'pending' });
    expect(outbox.list()[0]!.lastError).toBe('The office could not take this change (5 tries): Internal error');
    // the chat behind the failed message went on; the ticket's later action waits (order matters there)
    expect(delivered).toEqual(['hello', 'again']);
    expect(outbox.summary()).toMatchObject({ pending: 1, failed: 2 });
    // the user discards the failed comment: the ticket's queue moves; retrying the message delivers it
    expect(outbox.discard(poisonComment.id)).toBe(true);
    poisoned = false;
    expect(outbox.retry(poison.id)).toBe(true);
    await outbox.flush();
    expect(delivered).toEqual(['hello', 'again', 'resolve', 'poison-chat']);
    expect(outbox.summary()).toMatchObject({ pending: 0, failed: 0 });
  });

  it('gives up after a day of errors from the office, but never on a change that found no office', async () => {
    const store = openLocalStore({ dir: mkdtempSync(join(tmpdir(), 'tw-outbox-')), logger: silentLogger });
    const time = manualTime();
    const outbox = new Outbox({
      commands: anyBodyRegistry(),
      db: store.db,
      logger: silentLogger,
      now: time.now,
      timers: time.timers,
      random: () => 0.5,
      backoff: { baseMs: 1000, maxMs: 3600_000 },
      // only the age counts here
      giveUp: { attempts: 1000, afterMs: 24 * 3600_000 },
      deliver: async (item) =>
        (item.body as { answered: boolean }).answered
          ? { ok: false, retry: true, answered: true, error: '503 Service Unavailable', code: 'server-error' }
          : { ok: false, retry: true, error: 'connect ECONNREFUSED', code: 'network' },
    });
    outbox.setOnline(true);
    enqueueRaw(outbox, { kind: 'presence', queue: 'presence', method: 'PUT', path: '/p', body: { answered: true } });
    enqueueRaw(outbox, {
      kind: 'chat-message',
      queue: 'chat:C',
      method: 'POST',
      path: '/c',
      body: { answered: false },
    });
    await outbox.flush();
    const states = () => outbox.list().map((i) => [i.kind, i.state]);
    for (let hour = 0; hour < 23; hour++) await time.advance(3600_000);
    await outbox.flush();
    expect(states()).toEqual([
      ['presence', 'pending'],
      ['chat-message', 'pending'],
    ]);
    for (let hour = 0; hour < 2; hour++) await time.advance(3600_000);
    await outbox.flush();
    expect(states()).toEqual([
      ['presence', 'failed'],
      ['chat-message', 'pending'],
    ]);
  });

  it('treats a delivery that throws as retryable', async () => {
    const { outbox } = setup(async () => {
      throw new Error('socket hang up');
    });
    outbox.setOnline(true);
    enqueueRaw(outbox, { kind: 'chat-message', queue: 'q', method: 'POST', path: '/x' });
    await outbox.flush();
    expect(outbox.list()[0]).toMatchObject({ state: 'pending', attempts: 1, lastError: 'socket hang up' });
  });

  it('survives a restart: queued items are still there, in order, with their keys', async () => {
    const first = setup(async () => ({ ok: true }));
    const ids = [1, 2, 3].map(
      (n) => enqueueRaw(first.outbox, { kind: 'chat-message', queue: 'q', method: 'POST', path: '/x', body: { n } }).id,
    );
    first.outbox.stop();
    first.store.close();
    const seen: string[] = [];
    const second = setup(async (item) => {
      seen.push(item.id);
      return { ok: true };
    }, first.dir);
    second.outbox.setOnline(true);
    await second.outbox.flush();
    expect(seen).toEqual(ids);
  });

  it('computes capped exponential backoff with jitter', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(40, 1000, 60_000, () => 1)).toBe(60_000);
  });
});

describe('a full disk', () => {
  it('refuses the new change with a sentence and keeps everything already queued', async () => {
    const { outbox, store } = setup(async () => ({ ok: true }));
    const kept = enqueueRaw(outbox, { kind: 'chat-message', queue: 'q', method: 'POST', path: '/x', body: { n: 1 } });
    // A real SQLITE_FULL: the database may not grow past the pages it has now.
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages}`);
    const big = 'x'.repeat(64 * 1024);
    let error: unknown;
    try {
      for (let i = 0; i < 100; i++)
        enqueueRaw(outbox, { kind: 'chat-message', queue: 'q', method: 'POST', path: '/x', body: { big, i } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OutboxFullError);
    expect((error as Error).message).toMatch(/no room left on this computer’s disk/);
    expect(outbox.list()[0]).toMatchObject({ id: kept.id, body: { n: 1 } });
  });
});

describe('typed commands', () => {
  const registry = () => new CommandRegistry([postChatMessage, changeTicketStatus]);
  const make = (deliver: (item: OutboxItem) => Promise<DeliveryOutcome> = async () => ({ ok: true })) => {
    const store = openLocalStore({ dir: mkdtempSync(join(tmpdir(), 'tw-outbox-cmd-')), logger: silentLogger });
    return { store, outbox: new Outbox({ commands: registry(), db: store.db, deliver, logger: silentLogger }) };
  };

  it('builds the route, the queue and the body from the command', () => {
    const { outbox } = make();
    const item = outbox.enqueue(
      changeTicketStatus,
      { ticketId: 'INC-1011' },
      { status: 'resolved', note: 'fixed the VPN profile' },
    );
    expect(item).toMatchObject({
      kind: 'ticket-status',
      method: 'POST',
      path: '/tickets/INC-1011/status',
      queue: 'ticket:INC-1011',
      body: { status: 'resolved', note: 'fixed the VPN profile' },
    });
  });

  it('refuses an invalid command at enqueue with a clear error, and saves nothing', () => {
    const { outbox } = make();
    const tooLong = () =>
      outbox.enqueue(postChatMessage, {}, { channelId: 'team:ops', body: 'x'.repeat(10_001), clientId: 'c-1' });
    expect(tooLong).toThrow(InvalidCommandError);
    expect(tooLong).toThrow(/A chat-message change was not queued because it is not valid: body: Too big/);
    expect(() => outbox.enqueue(changeTicketStatus, { ticketId: 'INC 1' }, { status: 'resolved' })).toThrow(/ticketId/);
    expect(() =>
      outbox.enqueue(changeTicketStatus, { ticketId: 'INC-1' }, { status: 'closed-forever' as never }),
    ).toThrow(/status/);
    expect(outbox.summary().pending).toBe(0);
  });

  it('refuses a command no module declared', () => {
    const { outbox } = make();
    expect(() => outbox.enqueue(setPresence, {}, { status: 'busy' })).toThrow(/no module declared this kind of change/);
  });

  it('fails a stored item whose body no longer fits its command instead of sending it', async () => {
    const sent: OutboxItem[] = [];
    const { outbox, store } = make(async (item) => (sent.push(item), { ok: true }));
    const item = outbox.enqueue(postChatMessage, {}, { channelId: 'team:ops', body: 'hello', clientId: 'c-2' });
    store.db.prepare('UPDATE outbox SET body = ? WHERE id = ?').run(JSON.stringify({ channelId: 'team:ops' }), item.id);
    outbox.setOnline(true);
    await outbox.flush();
    expect(sent).toEqual([]);
    expect(outbox.list()[0]).toMatchObject({
      state: 'failed',
      lastError: expect.stringMatching(/The saved chat-message change is damaged/),
    });
  });

  it('reads bodies back typed, leaving damaged ones out', () => {
    const { outbox, store } = make();
    outbox.enqueue(postChatMessage, {}, { channelId: 'team:ops', body: 'one', clientId: 'c-3' });
    const two = outbox.enqueue(postChatMessage, {}, { channelId: 'team:ops', body: 'two', clientId: 'c-4' });
    store.db.prepare('UPDATE outbox SET body = ? WHERE id = ?').run('{"nope":1}', two.id);
    expect(outbox.bodiesOf(postChatMessage).map((b) => b.body)).toEqual(['one']);
  });
});
