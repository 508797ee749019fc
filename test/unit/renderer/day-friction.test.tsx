// What a first working day tripped over (issue 30's friction list), each in the DOM: the inbox's own
// keys next to the frame's sequences, and the rest of the list as it is added.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/app/App';
import { sections } from '../../../renderer/app/features';
import { loadScreens } from '../../../renderer/app/section-screens';
import { setupI18n } from '../../../renderer/i18n';
import type { Locale } from '../../../renderer/i18n';
import type { AccountState } from '../../../shared/contract/account';
import type { TicketDetail, TicketRow } from '../../../shared/contract/tickets';
import { fakeApi, memoryStorage, signedIn } from './fake-api';

afterEach(cleanup);
// the sections' chunks fetched once up front: these tests are about keys and times, not how long a
// section's modules take to transform here (the lazy path has its own test in frame.test.tsx)
beforeAll(() => Promise.all(sections.map(loadScreens)), 60_000);
// whole-app renders, several per test, on a shared 2-core machine
vi.setConfig({ testTimeout: 30_000 });
const MIN = 60_000;

const ticket = (over: Partial<TicketRow> = {}): TicketRow => ({
  id: 'INC-1042',
  title: 'Branch 12 teller PCs cannot reach core banking',
  requester: 'Andi',
  priority: 'P2',
  status: 'acknowledged',
  escalationLevel: 'L1',
  assigneeId: 'u-budi',
  createdAt: Date.now() - 5 * MIN,
  updatedAt: Date.now() - 5 * MIN,
  respondedAt: Date.now() - 4 * MIN,
  resolvedAt: null,
  pausedMs: 0,
  pausedSince: null,
  version: 1,
  pending: 0,
  failed: null,
  ...over,
});

type Handlers = NonNullable<Parameters<typeof fakeApi>[0]>['handlers'];

async function renderApp(
  options: {
    account?: AccountState;
    handlers?: Handlers;
    locale?: Locale;
    rows?: TicketRow[];
    storage?: ReturnType<typeof memoryStorage>;
  } = {},
) {
  const i18n = await setupI18n(options.locale ?? 'en');
  const rows = options.rows ?? [ticket()];
  const main = fakeApi({
    account: options.account ?? signedIn('worker'),
    handlers: {
      'tw:tickets:list': () => ({
        ok: true,
        value: { rows, creating: [], me: 'u-budi', manager: false, people: [], syncedAt: Date.now(), complete: true },
      }),
      'tw:tickets:get': (p) => ({
        ok: true,
        value: {
          row: rows.find((r) => r.id === (p as { id: string }).id)!,
          description: 'The teller PCs lost the route.',
          createdBy: 'Siti',
          entries: [],
          changes: [],
          entriesAt: Date.now(),
        },
      }),
      'tw:tickets:act': () => ({ ok: true, value: { ...rows[0]!, status: 'in-progress' } }),
      'tw:session:start': () => ({ ok: false, error: { code: 'internal', message: 'not in this test' } }),
      ...options.handlers,
    },
  });
  const view = render(
    <I18nextProvider i18n={i18n}>
      <App api={main.api} storage={options.storage ?? memoryStorage()} />
    </I18nextProvider>,
  );
  return { main, view, i18n };
}

const key = (k: string, init: Partial<KeyboardEventInit> = {}) =>
  fireEvent.keyDown(document.activeElement ?? document.body, { key: k, ...init });

describe('the inbox keys', () => {
  it('s starts work on the selected ticket, c goes to the comment field, g s still opens the Work session', async () => {
    const { main } = await renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Inbox' });
    await waitFor(() => expect(main.calls.some(([c]) => c === 'tw:tickets:list')).toBe(true));
    await act(async () => void key('j')); // jsdom lays out no rows to click: the key selects the first
    await screen.findByRole('heading', { level: 2, name: 'Branch 12 teller PCs cannot reach core banking' });
    const acts = () => main.calls.filter(([c]) => c === 'tw:tickets:act').map(([, p]) => p);

    // the sequence is the frame's: its second key is not the inbox's 's'
    (document.activeElement as HTMLElement | null)?.blur();
    key('g');
    key('s');
    expect(screen.getByRole('heading', { level: 1, name: 'Work session' })).toBeTruthy();
    expect(acts()).toEqual([]);
    key('g');
    key('i');
    await screen.findByRole('heading', { level: 2, name: 'Branch 12 teller PCs cannot reach core banking' });

    // a narrow window shows the list alone: c opens the ticket, then its comment field has the keyboard
    expect(document.querySelector('.list-detail')?.getAttribute('data-showing')).toBe('list');
    key('c');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Add a comment')));
    expect(document.querySelector('.list-detail')?.getAttribute('data-showing')).toBe('detail');
    expect((document.activeElement as HTMLTextAreaElement).value).toBe('');
    (document.activeElement as HTMLElement).blur();
    key('s');
    await waitFor(() => expect(acts()).toEqual([{ id: 'INC-1042', action: { type: 'status', to: 'in-progress' } }]));
  });

  it('lists s and c under ? in both languages', async () => {
    for (const [locale, start, comment] of [
      ['en', 'Start work on the ticket', 'Write a comment'],
      ['id', 'Mulai kerjakan tiket', 'Tulis komentar'],
    ] as const) {
      await renderApp({ locale });
      await screen.findByRole('navigation');
      act(() => void key('?', { shiftKey: true }));
      const dialog = await screen.findByRole('dialog');
      expect(dialog.textContent).toContain(start);
      expect(dialog.textContent).toContain(comment);
      cleanup();
    }
  });
});

describe('a ticket’s history', () => {
  it('says the office’s status, escalation, take and assignment lines in the reader’s language, and one word for breached', async () => {
    const system = (id: string, body: string) => ({
      id,
      kind: 'system' as const,
      authorName: 'Siti Rahayu',
      body,
      createdAt: Date.now() - MIN,
    });
    const entries = [
      system('e1', 'status: new → acknowledged'),
      system('e2', 'escalated L1 → L2: needs the <b>network</b> team'),
      system('e3', 'something a newer office says'),
      system('e4', 'taken from the queue'),
      system('e5', 'assigned to Budi <i>Santoso</i>'),
      system('e6', 'unassigned'),
    ];
    for (const [locale, lines] of [
      [
        'en',
        [
          'status: new → acknowledged',
          'escalated L1 → L2: needs the <b>network</b> team',
          'took it from the queue',
          'assigned to Budi <i>Santoso</i>',
          'unassigned',
        ],
      ],
      [
        'id',
        [
          'status: baru → diterima',
          'dieskalasi L1 → L2: needs the <b>network</b> team',
          'mengambilnya dari antrean',
          'ditugaskan ke Budi <i>Santoso</i>',
          'penugasan dilepas',
        ],
      ],
    ] as const) {
      await renderApp({
        locale,
        handlers: {
          'tw:tickets:get': () => ({
            ok: true,
            value: {
              row: ticket(),
              description: '',
              createdBy: 'Siti',
              entries,
              changes: [],
              entriesAt: Date.now(),
            },
          }),
        },
      });
      await screen.findByRole('navigation');
      await act(async () => void key('j'));
      const history = await screen.findByRole('list', {
        name: locale === 'en' ? 'History and comments' : 'Riwayat dan komentar',
      });
      await waitFor(() => expect(history.querySelectorAll('li')).toHaveLength(6));
      const texts = [...history.querySelectorAll('li p')].map((p) => p.textContent);
      expect(texts).toEqual([
        `Siti Rahayu: ${lines[0]}`,
        `Siti Rahayu: ${lines[1]}`,
        'Siti Rahayu: something a newer office says',
        `Siti Rahayu: ${lines[2]}`,
        `Siti Rahayu: ${lines[3]}`,
        `Siti Rahayu: ${lines[4]}`,
      ]);
      expect(history.querySelector('b')).toBeNull();
      expect(history.querySelector('i')).toBeNull();
      cleanup();
    }
  });

  it('words the office’s structured lines from their data, not their text, and an older office’s text as before', async () => {
    const line = (id: string, history: TicketDetail['entries'][number]['history'], body = 'an English text') => ({
      id,
      kind: 'system' as const,
      authorName: 'Siti Rahayu',
      authorId: 'u-siti',
      body,
      createdAt: Date.now() - MIN,
      ...(history ? { history } : {}),
    });
    const entries = [
      line('s1', { kind: 'status', from: 'in-progress', to: 'waiting-on-user' }),
      line('s2', {
        kind: 'escalated',
        from: 'L1',
        to: 'L2',
        teamId: 't2',
        teamName: 'Infrastructure — L2',
        reason: 'needs <b>DBA</b>',
      }),
      line('s3', { kind: 'handed-back', from: 'L2', to: 'L1', note: 'reboot the router' }),
      line('s4', { kind: 'assigned', personId: 'u-eko', personName: 'Eko <i>Prasetyo</i>' }),
      line('s5', { kind: 'calendar', version: 3, keeps: 'calendar', keptVersion: 2 }),
      line('s6', { kind: 'calendar', version: 4, keeps: 'round-the-clock', keptVersion: null }),
      // an older office: the text alone, read as before
      line('s7', undefined, 'status: new → acknowledged'),
    ];
    for (const [locale, lines] of [
      [
        'en',
        [
          'status: in progress → waiting on user',
          'escalated L1 → L2 (Infrastructure — L2): needs <b>DBA</b>',
          'handed back L2 → L1: reboot the router',
          'assigned to Eko <i>Prasetyo</i>',
          "the team's SLA calendar changed (version 3); this ticket keeps the deadlines of the calendar it was opened with (version 2)",
          "the team's SLA calendar changed (version 4); this ticket keeps the deadlines of the round-the-clock clock it was opened with",
          'status: new → acknowledged',
        ],
      ],
      [
        'id',
        [
          'status: dikerjakan → menunggu pengguna',
          'dieskalasi L1 → L2 (Infrastructure — L2): needs <b>DBA</b>',
          'dikembalikan L2 → L1: reboot the router',
          'ditugaskan ke Eko <i>Prasetyo</i>',
          'kalender SLA tim berubah (versi 3); tiket ini tetap memakai tenggat dari kalender saat tiket dibuka (versi 2)',
          'kalender SLA tim berubah (versi 4); tiket ini tetap memakai tenggat dari jam 24 jam saat tiket dibuka',
          'status: baru → diterima',
        ],
      ],
    ] as const) {
      await renderApp({
        locale,
        handlers: {
          'tw:tickets:get': () => ({
            ok: true,
            value: { row: ticket(), description: '', createdBy: 'Siti', entries, changes: [], entriesAt: Date.now() },
          }),
        },
      });
      await screen.findByRole('navigation');
      await act(async () => void key('j'));
      const history = await screen.findByRole('list', {
        name: locale === 'en' ? 'History and comments' : 'Riwayat dan komentar',
      });
      await waitFor(() => expect(history.querySelectorAll('li')).toHaveLength(entries.length));
      const texts = [...history.querySelectorAll('li p')].map((p) => p.textContent?.replace(/[\u2068\u2069]/g, ''));
      expect(texts).toEqual(lines.map((l) => `Siti Rahayu: ${l}`));
      // a person's words stay text
      expect(history.querySelector('b')).toBeNull();
      expect(history.querySelector('i')).toBeNull();
      cleanup();
    }
  });

  it('has one Indonesian word for an SLA breach wherever it is said', async () => {
    const i18n = await setupI18n('id');
    const said = [
      i18n.t('inbox.bucket.breached'),
      i18n.t('inbox.sla.breached'),
      i18n.t('inbox.alert.breached', { id: 'INC-1' }),
      i18n.t('inbox.alert.atRisk', { id: 'INC-1' }),
      i18n.t('session.summary.breached'),
      i18n.t('team.sla.breached'),
    ];
    for (const text of said) expect(text.toLowerCase()).toMatch(/terlampaui/);
    const all = JSON.stringify((await import('../../../shared/i18n')).catalogues.id);
    expect(all).not.toMatch(/terlewati|melampaui/i);
  });
});

describe('this window’s choices per person', () => {
  it('keeps a theme per user, and shows the developer’s round trip in Help only when turned on', async () => {
    const storage = memoryStorage();
    const { main } = await renderApp({ storage });
    await screen.findByRole('heading', { level: 1, name: 'Inbox' });
    expect(document.documentElement.dataset.theme).toBeUndefined();
    key('F1');
    await screen.findByRole('heading', { level: 1, name: 'Help' });
    expect(screen.queryByLabelText('Message to the main process')).toBeNull();

    key(',', { ctrlKey: true });
    fireEvent.change(await screen.findByRole('combobox', { name: 'Theme' }), { target: { value: 'dark' } });
    expect(document.documentElement.dataset.theme).toBe('dark');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Developer tools' }));
    key('F1');
    expect(await screen.findByLabelText('Message to the main process')).toBeTruthy();
    expect(JSON.parse(storage.map.get('teleworker.prefs.u-budi')!)).toEqual({ theme: 'dark', developer: true });

    // another person on this computer has their own (the defaults), and budi's come back with budi
    act(() => main.setAccount(signedIn('manager')));
    await screen.findByRole('navigation');
    await waitFor(() => expect(document.documentElement.dataset.theme).toBeUndefined());
    act(() => main.setAccount(signedIn('worker')));
    await screen.findByRole('navigation');
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    cleanup();
    delete document.documentElement.dataset.theme;

    // the next start of the window, signed in as budi: the choice is still there
    await renderApp({ storage });
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    key(',', { ctrlKey: true });
    expect(((await screen.findByRole('combobox', { name: 'Theme' })) as HTMLSelectElement).value).toBe('dark');
    fireEvent.change(screen.getByRole('combobox', { name: 'Theme' }), { target: { value: 'system' } });
    expect(document.documentElement.dataset.theme).toBeUndefined();
  });
});

describe('relative times', () => {
  it('“Updated from the office … ago” counts on by the second, and a live update starts it again', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      const start = Date.parse('2026-12-07T09:00:00.000Z');
      vi.setSystemTime(start);
      const { main } = await renderApp({
        handlers: {
          'tw:tickets:list': () => ({
            ok: true,
            value: {
              rows: [ticket({ createdAt: start - 5 * MIN })],
              creating: [],
              me: 'u-budi',
              manager: false,
              people: [],
              syncedAt: start - 17_000,
              complete: true,
            },
          }),
        },
      });
      const synced = await screen.findByTestId('inbox-synced');
      expect(synced.textContent).toBe('Updated from the office 17 sec. ago');
      act(() => void vi.advanceTimersByTime(3_000));
      expect(synced.textContent).toBe('Updated from the office 20 sec. ago');
      act(() => void vi.advanceTimersByTime(60_000));
      expect(synced.textContent).toBe('Updated from the office 1 min. ago');
      act(() =>
        main.emit('tw:tickets!rowsChanged', {
          rows: [ticket({ status: 'in-progress' })],
          removed: [],
          syncedAt: Date.now(),
        }),
      );
      expect(synced.textContent).toBe('Updated from the office now');
      act(() => void vi.advanceTimersByTime(5_000));
      expect(synced.textContent).toBe('Updated from the office 5 sec. ago');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('unavailable actions', () => {
  it('stay reachable, look unavailable, and say why in their description, in both languages', async () => {
    for (const [locale, startWhy, resolveWhy] of [
      [
        'en',
        'Not while the ticket is new: it can become acknowledged.',
        'Not while the ticket is new: it can become acknowledged.',
      ],
      [
        'id',
        'Tidak selagi tiket baru: tiket bisa menjadi diterima.',
        'Tidak selagi tiket baru: tiket bisa menjadi diterima.',
      ],
    ] as const) {
      const { main } = await renderApp({ locale, rows: [ticket({ status: 'new', respondedAt: null })] });
      await screen.findByRole('navigation');
      await act(async () => void key('j'));
      const toolbar = await screen.findByRole('toolbar');
      const start = [...toolbar.querySelectorAll('button')].find((b) => b.getAttribute('aria-keyshortcuts') === 's')!;
      const resolve = [...toolbar.querySelectorAll('button')].find((b) => b.getAttribute('aria-keyshortcuts') === 'r')!;
      expect(start.disabled).toBe(false); // focusable: a keyboard user reaches it and hears why
      expect(start.getAttribute('aria-disabled')).toBe('true');
      const described = (b: HTMLElement) =>
        document.getElementById(b.getAttribute('aria-describedby') ?? '')?.textContent;
      expect(described(start)).toBe(startWhy);
      expect(described(resolve)).toBe(resolveWhy);
      fireEvent.click(start);
      expect(main.calls.some(([c]) => c === 'tw:tickets:act')).toBe(false);
      // the comment button says what it waits for
      const send = screen.getByRole('button', { name: locale === 'en' ? 'Comment' : 'Kirim komentar' });
      expect(described(send)).toBe(locale === 'en' ? 'Write the comment first.' : 'Tulis komentarnya dulu.');
      cleanup();
    }
  });
});

describe('the chat composer', () => {
  it('empties when Enter sends, and keeps what is typed while the office answers (it was wiped by the answer)', async () => {
    const channelId = 'ch-team';
    const sent: string[] = [];
    let answer!: () => void;
    const line = (body: string) => ({
      key: `k-${body}`,
      channelId,
      senderId: 'u-budi',
      clientId: `c-${body}`,
      body,
      createdAt: new Date().toISOString(),
      state: 'pending' as const,
      outboxId: null,
    });
    await renderApp({
      handlers: {
        'tw:chat:conversations': () => ({
          ok: true,
          value: {
            items: [
              {
                id: channelId,
                kind: 'team',
                name: 'IT Support',
                memberIds: ['u-budi'],
                otherUserId: null,
                unread: 0,
                lastMessage: null,
              },
            ],
          },
        }),
        'tw:chat:messages': () => ({ ok: true, value: { items: [], hasOlder: false, lastReadKey: null } }),
        'tw:chat:send': (request: unknown) => {
          const { body } = request as { body: string };
          sent.push(body);
          // the first answer is held back: the next message is typed meanwhile
          return sent.length === 1
            ? new Promise((resolve) => (answer = () => resolve({ ok: true, value: line(body) })))
            : { ok: true, value: line(body) };
        },
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: /^Chat/ }));
    fireEvent.click(await screen.findByRole('button', { name: /IT Support/ }));
    const composer = (await screen.findByRole('textbox', { name: /IT Support/ })) as HTMLTextAreaElement;
    fireEvent.change(composer, { target: { value: 'first' } });
    fireEvent.keyDown(composer, { key: 'Enter' });
    await waitFor(() => expect(sent).toEqual(['first']));
    expect(composer.value).toBe('');
    fireEvent.change(composer, { target: { value: 'second, typed while the first is handed over' } });
    await act(async () => answer());
    expect(composer.value).toBe('second, typed while the first is handed over');
    fireEvent.keyDown(composer, { key: 'Enter' });
    await waitFor(() => expect(sent).toEqual(['first', 'second, typed while the first is handed over']));
  });
});
