// The text rule (shared/office-api/text.ts) at the two desktop doors: the renderer's IPC contract
// (through the real dispatcher and the real contract) and the control channel's request schema.
// The office API's door is test/integration/office-server/text-rule.test.ts, on both engines.
import { describe, expect, it } from 'vitest';
import { contract } from '../../../shared/contract';
import { createDispatcher } from '../../../shared/contract/dispatch';
import { isPlainText } from '../../../shared/office-api/text';
import { ControlRequestSchema, PROTOCOL_VERSION } from '../../../electron/services/control/protocol';

const BAD = ['a\u0000b', 'ring\u0007', '\u001b[2J', 'x\u007f', 'x\u009b', 'a\ud800', '\udfffz'];
const GOOD = ['', 'plain', 'tab\there', 'line\nbreak', 'crlf\r\nline', '😀 emoji', 'Selamat pagi, Bu Siti', '中文'];

describe('the text rule', () => {
  it('refuses NUL, control characters but tab and line breaks, and lone surrogates', () => {
    for (const s of BAD) expect(isPlainText(s), JSON.stringify(s)).toBe(false);
    for (const s of GOOD) expect(isPlainText(s), JSON.stringify(s)).toBe(true);
  });
});

describe('the IPC contract refuses bad text with a field error, before any handler runs', () => {
  const called: string[] = [];
  // every handler of the real contract: records the call and answers nothing (off-contract is fine here)
  const handlers = Object.fromEntries(
    Object.entries(contract).map(([area, spec]) => [
      area,
      Object.fromEntries(Object.keys(spec.invoke).map((name) => [name, () => void called.push(`${area}.${name}`)])),
    ]),
  );
  const dispatcher = createDispatcher(contract, handlers as never);
  const ctx = { host: 'electron' as const };

  const cases: { channel: string; field: string; payload: (t: string) => unknown }[] = [
    { channel: 'chat:send', field: 'body', payload: (t) => ({ channelId: 'team:t1', body: `x${t}` }) },
    {
      channel: 'tickets:act',
      field: 'action.body',
      payload: (t) => ({ id: 'INC-1', action: { type: 'comment', body: `x${t}` } }),
    },
    {
      channel: 'tickets:act',
      field: 'action.reason',
      payload: (t) => ({ id: 'INC-1', action: { type: 'escalate', level: 'L2', reason: `x${t}` } }),
    },
    {
      channel: 'tickets:act',
      field: 'action.note',
      payload: (t) => ({ id: 'INC-1', action: { type: 'status', to: 'resolved', note: `x${t}` } }),
    },
    { channel: 'tickets:create', field: 'title', payload: (t) => ({ title: `x${t}`, requester: 'R', priority: 'P3' }) },
    { channel: 'tickets:search', field: 'query', payload: (t) => ({ query: t }) },
    { channel: 'presence:setMine', field: 'statusText', payload: (t) => ({ statusText: t }) },
    { channel: 'session:saveNotes', field: 'notes', payload: (t) => ({ date: '2025-06-02', notes: t }) },
    { channel: 'session:sendSummary', field: 'notes', payload: (t) => ({ date: '2025-06-02', notes: t, tickets: [] }) },
    {
      channel: 'account:signIn',
      field: 'username',
      payload: (t) => ({ server: 'https://office.example', username: `x${t}`, password: 'p' }),
    },
    { channel: 'system:ping', field: 'message', payload: (t) => ({ message: `x${t}` }) },
  ];

  it.each(cases)('tw:$channel refuses it in $field', async ({ channel, field, payload }) => {
    for (const bad of BAD) {
      called.length = 0;
      const r = await dispatcher.dispatch(`tw:${channel}`, payload(bad), ctx);
      expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      expect(!r.ok && r.error.fields?.map((f) => f.field)).toContain(field);
      expect(called).toEqual([]);
    }
    called.length = 0;
    await dispatcher.dispatch(`tw:${channel}`, payload('ok\twith\nlines 😀'), ctx);
    expect(called).toEqual([channel.replace(':', '.')]);
  });
});

describe('the control channel refuses bad text', () => {
  const request = (text: string) => ({
    v: PROTOCOL_VERSION,
    id: 'r1',
    command: { name: 'presence', state: 'busy', text },
  });
  it('in the presence text', () => {
    for (const bad of BAD) {
      const r = ControlRequestSchema.safeParse(request(bad));
      expect(r.success, JSON.stringify(bad)).toBe(false);
      expect(r.error?.issues.map((i) => i.path.join('.'))).toContain('command.text');
    }
    expect(ControlRequestSchema.safeParse(request('Rapat sampai jam 3 😀')).success).toBe(true);
  });
});
