// The text rule at the schema edge (shared/office-api/text.ts), on the engine this project names:
// NUL, other control characters and lone surrogates in any text field are refused with 400 and a
// field error, the same on SQLite and PostgreSQL (PostgreSQL answered 500 to a NUL before), and
// text with tabs, line breaks, emoji and Indonesian comes back exactly as sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../../shared/office-api';
import { ErrorBody, type LoginResponse } from '../../../shared/office-api';
import { ENGINE, EventClient, startTestServer, type TestServer } from './helpers';

const BAD: [string, string][] = [
  ['NUL', 'before\u0000after'],
  ['BEL', 'ring\u0007'],
  ['ESC', '\u001b[31mred'],
  ['DEL', 'x\u007f'],
  ['C1', 'x\u0085'],
  ['lone high surrogate', 'a\ud800b'],
  ['lone low surrogate', '\udc00'],
];
const GOOD = 'Baris satu\tkolom\nbaris dua\r\nselesai 😀 — "kutip", koma';

interface Entry {
  name: string;
  method: 'POST' | 'PUT';
  path: string;
  field: string;
  body: (text: string) => Record<string, unknown>;
  token: () => string;
  /** where the stored text comes back */
  readBack?: (res: unknown) => string;
}

describe(`office server (${ENGINE}): one text rule on every text field`, () => {
  let s: TestServer;
  let budi: LoginResponse;
  let siti: LoginResponse;
  let admin: LoginResponse;
  let n = 0;

  beforeAll(async () => {
    s = await startTestServer();
    budi = await s.api.login('budi');
    siti = await s.api.login('siti');
    admin = await s.api.login('admin');
  });
  afterAll(async () => {
    await s?.cleanup();
  });

  const entries = (): Entry[] => [
    {
      name: 'chat message',
      method: 'POST',
      path: '/api/v1/chat/messages',
      field: 'body',
      body: (t) => ({ channelId: `team:${budi.user.teamId ?? ''}`, body: t, clientId: `tr-${++n}` }),
      token: () => budi.accessToken,
      readBack: (r) => (r as { message: { body: string } }).message.body,
    },
    ...(['title', 'description', 'requester'] as const).map((field): Entry => ({
      name: `ticket ${field}`,
      method: 'POST',
      path: '/api/v1/tickets',
      field,
      body: (t) => ({ title: 'T', requester: 'R', priority: 'P3', [field]: t }),
      token: () => siti.accessToken,
      readBack: (r) => (r as { ticket: Record<string, string> }).ticket[field] as string,
    })),
    {
      name: 'ticket comment',
      method: 'POST',
      path: '/api/v1/tickets/INC-1001/comments',
      field: 'body',
      body: (t) => ({ body: t }),
      token: () => budi.accessToken,
      readBack: (r) => (r as { comment: { body: string } }).comment.body,
    },
    {
      name: 'status note',
      method: 'POST',
      path: '/api/v1/tickets/INC-1001/status',
      field: 'note',
      // acknowledged → acknowledged is no move; the note is refused before any rule runs
      body: (t) => ({ status: 'acknowledged', note: t }),
      token: () => budi.accessToken,
    },
    {
      name: 'escalation reason',
      method: 'POST',
      path: '/api/v1/tickets/INC-1001/escalate',
      field: 'reason',
      body: (t) => ({ level: 'L2', reason: t }),
      token: () => budi.accessToken,
    },
    {
      name: 'presence status text',
      method: 'PUT',
      path: '/api/v1/presence',
      field: 'statusText',
      body: (t) => ({ statusText: t.slice(0, 200) }),
      token: () => budi.accessToken,
      readBack: (r) => (r as { presence: { statusText: string } }).presence.statusText,
    },
    {
      name: 'summary notes',
      method: 'POST',
      path: '/api/v1/summaries',
      field: 'notes',
      body: (t) => ({
        date: '2025-03-03',
        workedMinutes: 0,
        breakMinutes: 0,
        segments: [],
        tickets: [],
        slaBreaches: [],
        notes: t,
      }),
      token: () => budi.accessToken,
      readBack: (r) => (r as { notes: string }).notes,
    },
    {
      name: 'team name',
      method: 'POST',
      path: '/api/v1/teams',
      field: 'name',
      body: (t) => ({ name: t.slice(0, 120) }),
      token: () => admin.accessToken,
      readBack: (r) => (r as { team: { name: string } }).team.name,
    },
    {
      name: 'user display name',
      method: 'POST',
      path: '/api/v1/users',
      field: 'displayName',
      body: (t) => ({
        username: `text${++n}`,
        displayName: t.slice(0, 120),
        role: 'worker',
        teamId: budi.user.teamId,
        password: 'a-long-password',
      }),
      token: () => admin.accessToken,
      readBack: (r) => (r as { user: { displayName: string } }).user.displayName,
    },
    {
      name: 'sign-in user name',
      method: 'POST',
      path: '/api/v1/auth/login',
      field: 'username',
      body: (t) => ({ username: t.slice(0, 64), password: 'teleworker' }),
      token: () => '',
    },
  ];

  it('refuses NUL, control characters and lone surrogates in every text field with 400 and a field error', async () => {
    const seen: string[] = [];
    for (const e of entries()) {
      for (const [what, value] of BAD) {
        const r = await s.api.request(e.method, e.path, {
          token: e.token() || undefined,
          body: e.body(value),
          key: `tr-bad-${++n}`,
        });
        seen.push(`${e.name} / ${what}: ${r.status}`);
        expect(r.status, `${e.name} with ${what}: ${r.text}`).toBe(400);
        const body = ErrorBody.parse(r.body);
        expect(body.error.code).toBe('validation_failed');
        expect(body.error.issues?.map((i) => i.path)).toContain(`body.${e.field}`);
      }
    }
    expect(seen).toHaveLength(entries().length * BAD.length);
  });

  it('keeps tabs, line breaks, emoji and Indonesian exactly as sent', async () => {
    let checked = 0;
    for (const e of entries()) {
      if (!e.readBack) continue;
      const sent = e.body(GOOD)[e.field] as string;
      const r = await s.api.request(e.method, e.path, { token: e.token(), body: e.body(GOOD), key: `tr-ok-${++n}` });
      expect([200, 201], `${e.name}: ${r.text}`).toContain(r.status);
      expect(e.readBack(r.body), e.name).toBe(sent);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(9);
  });

  it('refuses the same over the event socket, and the socket stays usable', async () => {
    const ws = await EventClient.connect(s.url, { token: budi.accessToken });
    try {
      await ws.waitFor((f) => f.type === 'ready', 15_000);
      ws.send({
        type: 'chat.send',
        channelId: `team:${budi.user.teamId ?? ''}`,
        body: 'a\u0000b',
        clientId: 'tr-ws-1',
      });
      const err = await ws.waitFor((f) => f.type === 'error', 15_000);
      expect(err).toMatchObject({ type: 'error', error: { code: 'validation_failed' } });
      ws.send({ type: 'chat.send', channelId: `team:${budi.user.teamId ?? ''}`, body: GOOD, clientId: 'tr-ws-2' });
      const ack = (await ws.waitFor((f) => f.type === 'chat.ack', 15_000)) as Extract<
        ServerFrame,
        { type: 'chat.ack' }
      >;
      expect(ack.message.body).toBe(GOOD);
    } finally {
      await ws.close();
    }
  });
});
