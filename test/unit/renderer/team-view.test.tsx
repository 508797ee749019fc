// The manager's Team section in the DOM (renderer/team/TeamView.tsx) with the real team store over
// a stand-in main process: the table of people, a person's day, the tickets at SLA risk, the stale
// notice, the CSV export's request and error, in English and Bahasa Indonesia.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TeamToday, TeamWeek } from '../../../shared/contract/session';
import { setupI18n } from '../../../renderer/i18n';
import { TeamView } from '../../../renderer/team/TeamView';
import { createTeamStore } from '../../../renderer/team/team-store';
import { fakeApi } from './fake-api';

afterEach(cleanup);

const DATE = '2026-11-30';
const summary = (userId: string, over: Partial<NonNullable<TeamToday['members'][number]['summary']>> = {}) => ({
  id: `sum_${userId}`,
  userId,
  date: DATE,
  workedMinutes: 455,
  breakMinutes: 45,
  segments: [
    { start: `${DATE}T01:00:00.000Z`, end: `${DATE}T05:00:00.000Z`, kind: 'work' as const, ticketId: 'INC-1001' },
    { start: `${DATE}T05:00:00.000Z`, end: `${DATE}T05:45:00.000Z`, kind: 'break' as const },
  ],
  tickets: [
    { id: 'INC-1001', outcome: 'resolved' as const },
    { id: 'INC-1009', outcome: 'in-progress' as const },
  ],
  slaBreaches: ['INC-1009'],
  notes: '<img src=x onerror="alert(1)"> printer fixed',
  receivedAt: `${DATE}T09:30:00.000Z`,
  version: 2,
  ...over,
});

const team = (over: Partial<TeamToday> = {}): TeamToday => ({
  date: DATE,
  members: [
    {
      userId: 'u-budi',
      username: 'budi',
      displayName: 'Budi Santoso',
      status: 'busy',
      location: 'home',
      connected: true,
      summary: summary('u-budi'),
      live: null,
      ackPending: false,
      strip: [],
    },
    {
      userId: 'u-ayu',
      username: 'ayu',
      displayName: 'Ayu Lestari',
      status: null,
      location: null,
      connected: false,
      summary: null,
      live: null,
      ackPending: false,
      strip: [],
    },
  ],
  atRisk: [
    {
      id: 'INC-1009',
      title: 'ATM offline at branch',
      priority: 'P1',
      assigneeId: 'u-budi',
      sla: 'breached',
      resolutionDueAt: `${DATE}T08:00:00.000Z`,
      clock: 'resolution',
      dueAt: `${DATE}T08:00:00.000Z`,
    },
    {
      id: 'INC-1012',
      title: 'Scanner jam',
      priority: 'P3',
      assigneeId: null,
      sla: 'at-risk',
      resolutionDueAt: `${DATE}T12:00:00.000Z`,
      clock: 'resolution',
      dueAt: `${DATE}T12:00:00.000Z`,
    },
  ],
  fetchedAt: Date.parse(`${DATE}T09:45:00.000Z`),
  stale: false,
  ...over,
});

const WEEK_DAYS = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];
const WEEK: TeamWeek = {
  days: WEEK_DAYS,
  people: [
    { userId: 'u-ayu', displayName: 'Ayu Lestari', minutes: [480, 420, null, null, null, null, null] },
    { userId: 'u-budi', displayName: 'Budi Santoso', minutes: [450, 510, 455, null, null, null, null] },
  ],
  average: [465, 465, 455, null, null, null, null],
};

async function show(
  locale: 'en' | 'id',
  value: TeamToday,
  handlers: NonNullable<NonNullable<Parameters<typeof fakeApi>[0]>['handlers']> = {},
) {
  const fake = fakeApi({
    handlers: {
      'tw:session:getTeam': () => ({ ok: true, value }),
      'tw:session:getTeamWeek': () => ({ ok: true, value: WEEK }),
      ...handlers,
    },
  });
  const store = createTeamStore(fake.api);
  const i18n = await setupI18n(locale);
  let stop = () => undefined as void;
  await act(async () => {
    stop = store.getState().follow();
  });
  render(
    <I18nextProvider i18n={i18n}>
      <TeamView store={store} />
    </I18nextProvider>,
  );
  return { fake, store, stop };
}

describe('the Team section', () => {
  it('shows each person’s status, hours, tickets and summary, in both languages', async () => {
    for (const [locale, busy, offline, home, sent, none, correction] of [
      ['en', 'Busy', 'Not connected', 'Home', 'Sent', 'No summary yet', 'correction 2'],
      ['id', 'Sibuk', 'Tidak terhubung', 'Rumah', 'Dikirim', 'Belum ada ringkasan', 'koreksi 2'],
    ] as const) {
      const { stop } = await show(locale, team());
      const rows = await screen.findAllByTestId('team-member');
      expect(rows.map((r) => r.dataset.user)).toEqual(['budi', 'ayu']);
      const [budi, ayu] = rows as [HTMLElement, HTMLElement];
      expect(budi.textContent).toContain(busy);
      expect(budi.textContent).toContain(home);
      expect(within(budi).getByTestId('team-hours').textContent).toBe('7:35');
      expect(within(budi).getByTestId('team-tickets').textContent).toBe('INC-1001, INC-1009');
      expect(within(budi).getByTestId('team-summary').textContent).toContain(sent);
      expect(within(budi).getByTestId('team-summary').textContent).toContain(correction);
      expect(ayu.textContent).toContain(offline);
      expect(within(ayu).getByTestId('team-hours').textContent).toBe('–');
      expect(within(ayu).getByTestId('team-summary').textContent).toBe(none);
      stop();
      cleanup();
    }
  });

  it('shows the team’s queue of escalated tickets nobody has taken yet, in both languages', async () => {
    for (const [locale, empty] of [
      ['en', 'Nothing waits in the team’s queue.'],
      ['id', 'Tidak ada yang menunggu di antrean tim.'],
    ] as const) {
      const { stop } = await show(
        locale,
        team({
          queue: [
            {
              id: 'INC-1042',
              title: 'Core switch port flapping',
              priority: 'P2',
              escalationLevel: 'L2',
              updatedAt: `${DATE}T03:00:00.000Z`,
            },
          ],
        }),
      );
      const queue = await screen.findByTestId('team-queue');
      expect(queue.querySelectorAll('li')).toHaveLength(1);
      expect(queue.textContent).toContain('INC-1042');
      expect(queue.textContent).toContain('L2');
      expect(queue.textContent).toContain('Core switch port flapping');
      stop();
      cleanup();
      const none = await show(locale, team({ queue: [] }));
      expect(await screen.findByText(empty)).toBeTruthy();
      expect(screen.queryByTestId('team-queue')).toBeNull();
      none.stop();
      cleanup();
    }
  });

  it('opens a person’s day: hours, tickets with the breach, segments, and notes as text', async () => {
    const { stop } = await show('en', team());
    expect(screen.queryByTestId('team-detail')).toBeNull();
    await act(async () => {
      fireEvent.click(await screen.findByTestId('team-open-budi'));
    });
    const detail = screen.getByTestId('team-detail');
    expect(detail.querySelector('h2')!.textContent).toBe('\u2068Budi Santoso\u2069’s day');
    expect(detail.textContent).toContain('INC-1009');
    expect(detail.querySelectorAll('ol.timeline li')).toHaveLength(2);
    expect([...detail.querySelectorAll('ol.timeline li')].map((li) => (li as HTMLElement).dataset.kind)).toEqual([
      'work',
      'break',
    ]);
    // text from a person is text: the markup shows as written and makes no element
    const notes = detail.querySelector('p.notes')!;
    expect(notes.textContent).toBe('<img src=x onerror="alert(1)"> printer fixed');
    expect(notes.querySelector('img')).toBeNull();
    expect(screen.getAllByTestId('team-member').map((r) => r.getAttribute('aria-selected'))).toEqual(['true', 'false']);
    stop();
  });

  it('lists the team’s tickets at SLA risk with their state and assignee', async () => {
    const { stop } = await show('en', team());
    const items = within(await screen.findByTestId('team-at-risk')).getAllByRole('listitem');
    expect(items.map((li) => li.dataset.tone)).toEqual(['bad', 'warn']);
    expect(items[0]!.textContent).toContain('INC-1009');
    expect(items[0]!.textContent).toContain('Breached');
    expect(items[0]!.textContent).toContain('Budi Santoso');
    expect(items[1]!.textContent).toContain('At risk');
    expect(items[1]!.textContent).toContain('unassigned');
    stop();
  });

  it('says when the list is the last known, and when nobody is in the team or at risk', async () => {
    const { stop } = await show('id', team({ stale: true, members: [], atRisk: [] }));
    expect((await screen.findByRole('status')).textContent).toContain('Kantor tidak dapat dijangkau');
    expect(screen.getByText(/Belum ada anggota di tim Anda/)).toBeTruthy();
    expect(screen.getByText('Tidak ada tiket tim yang mendekati batas SLA.')).toBeTruthy();
    expect(screen.queryByTestId('team-member')).toBeNull();
    stop();
  });

  it('asks the main process for the CSV of the chosen range, and shows its refusal', async () => {
    const exportCalls: unknown[] = [];
    const { stop } = await show('en', team(), {
      'tw:session:exportTeamCsv': (p: unknown) => {
        exportCalls.push(p);
        return {
          ok: false,
          error: {
            code: 'invalid-request',
            message: 'The range is too long.',
            fields: [{ field: 'to', problem: 'invalid' }],
          },
        };
      },
    });
    const form = (await screen.findByTestId('team-csv')).closest('form')!;
    const [from, to] = [...form.querySelectorAll('input[type="date"]')] as HTMLInputElement[];
    expect(from!.value).toBe(DATE);
    fireEvent.change(from!, { target: { value: '2026-11-01' } });
    fireEvent.change(to!, { target: { value: '2026-11-30' } });
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:x');
    await act(async () => {
      fireEvent.submit(form);
    });
    expect(exportCalls).toEqual([{ from: '2026-11-01', to: '2026-11-30' }]);
    expect(createObjectURL).not.toHaveBeenCalled();
    // the refusal is shown, and nothing claims a file was saved
    expect(form.querySelector('[role="alert"]')?.getAttribute('data-code')).toBe('invalid-request');
    expect(form.querySelector('[role="status"]')).toBeNull();
    createObjectURL.mockRestore();
    stop();
  });

  it('offers the range as a spreadsheet too, and saves the office’s xlsx bytes as they came (Bahasa Indonesia)', async () => {
    const calls: Array<[string, unknown]> = [];
    const bytes = [0x50, 0x4b, 0x03, 0x04, 0xff, 0x00];
    const { stop } = await show('id', team(), {
      'tw:session:exportTeamCsv': (p: unknown) => {
        calls.push(['csv', p]);
        return { ok: true, value: { filename: 'team-summaries-2026-11-01-2026-11-07.csv', text: 'date\r\n' } };
      },
      'tw:session:exportTeamSpreadsheet': (p: unknown) => {
        calls.push(['xlsx', p]);
        return {
          ok: true,
          value: { filename: 'team-summaries-2026-11-01-2026-11-07.xlsx', base64: btoa(String.fromCharCode(...bytes)) },
        };
      },
    });
    const form = (await screen.findByTestId('team-csv')).closest('form')!;
    const [from, to] = [...form.querySelectorAll('input[type="date"]')] as HTMLInputElement[];
    fireEvent.change(from!, { target: { value: '2026-11-01' } });
    fireEvent.change(to!, { target: { value: '2026-11-07' } });
    const format = screen.getByRole('combobox', { name: 'Format' });
    expect([...format.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['CSV', 'Lembar kerja (xlsx)']);
    fireEvent.change(format, { target: { value: 'xlsx' } });
    const blobs: Blob[] = [];
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:x';
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await act(async () => {
      fireEvent.submit(form);
    });
    expect(calls).toEqual([['xlsx', { from: '2026-11-01', to: '2026-11-07' }]]);
    expect(blobs).toHaveLength(1);
    expect(blobs[0]!.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect([...new Uint8Array(await blobs[0]!.arrayBuffer())]).toEqual(bytes);
    expect(form.querySelector('[role="status"]')?.textContent).toContain('team-summaries-2026-11-01-2026-11-07.xlsx');
    createObjectURL.mockRestore();
    click.mockRestore();
    stop();
  });

  it('shows what each person does now and their hours so far, and follows a change without reloading', async () => {
    const at = new Date().toISOString();
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const clock = (iso: string, locale: string) =>
      new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
    const working = team({
      members: team().members.map((m) =>
        m.userId === 'u-ayu'
          ? {
              ...m,
              live: {
                userId: 'u-ayu',
                date: DATE,
                mode: 'working',
                ticketId: 'INC-1006',
                since,
                workedMs: 3 * 3_600_000 + 40 * 60_000,
                at,
                receivedAt: at,
              },
            }
          : m,
      ),
    });
    for (const [locale, words, notStarted, brk] of [
      ['en', `Working on INC-1006 since ${clock(since, 'en')}`, 'Not started', 'On a break since'],
      ['id', `Mengerjakan INC-1006 sejak ${clock(since, 'id')}`, 'Belum mulai', 'Istirahat sejak'],
    ] as const) {
      const { fake, stop } = await show(locale, working);
      const [budi, ayu] = (await screen.findAllByTestId('team-member')) as [HTMLElement, HTMLElement];
      expect(within(ayu).getByTestId('team-now').textContent).toBe(words);
      expect(within(ayu).getByTestId('team-hours').textContent).toBe('3:40');
      expect(within(budi).getByTestId('team-now').textContent).toBe(notStarted);
      // budi's summary still gives his hours: the office has no timer state of his day
      expect(within(budi).getByTestId('team-hours').textContent).toBe('7:35');
      // the office's event: ayu took a break (the store follows teamChanged, no reload)
      const onBreak = {
        ...working,
        members: working.members.map((m) =>
          m.live ? { ...m, live: { ...m.live, mode: 'break' as const, ticketId: null, since: at } } : m,
        ),
      };
      await act(async () => {
        fake.emit('tw:session!teamChanged', onBreak);
      });
      const row = screen.getAllByTestId('team-member')[1]!;
      expect(within(row).getByTestId('team-now').textContent).toBe(`${brk} ${clock(at, locale)}`);
      expect(within(row).getByTestId('team-now').dataset.mode).toBe('break');
      // the app stopped a timer left running at the end of the day: the day shows as closed so
      const closed = {
        ...working,
        members: working.members.map((m) =>
          m.live ? { ...m, live: { ...m.live, mode: 'closed' as const, ticketId: null, since: null } } : m,
        ),
      };
      await act(async () => {
        fake.emit('tw:session!teamChanged', closed);
      });
      expect(within(screen.getAllByTestId('team-member')[1]!).getByTestId('team-now').textContent).toBe(
        locale === 'en'
          ? 'Closed at the end of the day (timer left running)'
          : 'Ditutup di akhir hari (pengatur waktu tertinggal berjalan)',
      );
      stop();
      cleanup();
    }
  });

  it('marks summaries waiting for acknowledgement and acknowledges with the a key, a reply or a request to correct', async () => {
    const calls: unknown[] = [];
    const acked = (over: Record<string, unknown>) =>
      team({
        members: team().members.map((m) =>
          m.summary
            ? {
                ...m,
                summary: { ...m.summary, acknowledgedAt: `${DATE}T10:42:00.000Z`, acknowledgedBy: 'u-siti', ...over },
              }
            : m,
        ),
      });
    const { stop } = await show('en', team(), {
      'tw:session:acknowledgeSummary': (p: unknown) => {
        calls.push(p);
        return { ok: true, value: acked({}) };
      },
    });
    expect((await screen.findByTestId('team-awaiting-ack')).textContent).toBe(
      'Summaries waiting for your acknowledgement: 1',
    );
    const budi = screen.getAllByTestId('team-member')[0]!;
    expect(within(budi).getByTestId('team-ack').dataset.state).toBe('waiting');
    await act(async () => {
      fireEvent.click(screen.getByTestId('team-open-budi'));
    });
    // a request to correct must say what: nothing is sent without it
    await act(async () => {
      fireEvent.click(screen.getByTestId('team-ack-correction'));
    });
    expect(screen.getByTestId('team-ack-button').textContent).toBe('Ask for a correction');
    await act(async () => {
      fireEvent.click(screen.getByTestId('team-ack-button'));
    });
    expect(screen.getByRole('alert').textContent).toBe('Say what to correct.');
    expect(calls).toEqual([]);
    await act(async () => {
      fireEvent.click(screen.getByTestId('team-ack-correction'));
    });
    // typing a in the reply is text, not the shortcut
    fireEvent.change(screen.getByTestId('team-ack-reply'), { target: { value: 'Thanks' } });
    fireEvent.keyDown(screen.getByTestId('team-ack-reply'), { key: 'a' });
    expect(calls).toEqual([]);
    await act(async () => {
      fireEvent.keyDown(document.body, { key: 'a' });
    });
    expect(calls).toEqual([{ summaryId: 'sum_u-budi', reply: 'Thanks' }]);
    // the answer has it acknowledged: the form gives way to the time, nothing waits
    const time = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' }).format(
      new Date(`${DATE}T10:42:00.000Z`),
    );
    expect(screen.queryByTestId('team-ack-form')).toBeNull();
    expect(within(screen.getByTestId('team-detail')).getByTestId('team-ack').textContent).toBe(
      `Acknowledged at ${time}`,
    );
    expect(screen.queryByTestId('team-awaiting-ack')).toBeNull();
    stop();
  });

  it('draws the week and each person’s day, with the figures as a table and the strip in words, in both languages', async () => {
    const start = Date.parse(`${DATE}T02:00:00.000Z`);
    const strip = [
      { start, end: start + 2 * 3_600_000, kind: 'work' as const, ticketId: 'INC-1006' },
      { start: start + 2 * 3_600_000, end: start + 2.5 * 3_600_000, kind: 'break' as const, ticketId: null },
      { start: start + 2.5 * 3_600_000, end: start + 2.75 * 3_600_000, kind: 'idle' as const, ticketId: null },
    ];
    for (const [locale, label, avg] of [
      ['en', '\u2068Ayu Lestari\u2069’s day so far: work 2:00, breaks 0:30, idle 0:15', 'Team average'],
      ['id', 'Hari \u2068Ayu Lestari\u2069 sejauh ini: kerja 2:00, istirahat 0:30, tidak aktif 0:15', 'Rata-rata tim'],
    ] as const) {
      const withStrip = team({ members: team().members.map((m) => (m.userId === 'u-ayu' ? { ...m, strip } : m)) });
      const { stop } = await show(locale, withStrip);
      const [budi, ayu] = (await screen.findAllByTestId('team-member')) as [HTMLElement, HTMLElement];
      expect(within(budi).queryByTestId('team-strip')).toBeNull();
      const svg = within(ayu).getByTestId('team-strip');
      expect(svg.getAttribute('aria-label')).toBe(label);
      expect([...svg.querySelectorAll('rect[data-kind]')].map((r) => r.getAttribute('data-kind'))).toEqual([
        'work',
        'break',
        'idle',
      ]);
      const chart = await screen.findByTestId('team-week');
      // one bar per reported day and person, one average bar per day with a figure
      expect(chart.querySelectorAll('rect.chart-bar:not(.chart-average)')).toHaveLength(5);
      expect(chart.querySelectorAll('rect.chart-average')).toHaveLength(3);
      const table = within(chart).getByTestId('team-week-table');
      const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
      expect(rows[1]!.slice(1)).toEqual(['7:30', '8:30', '7:35', '–', '–', '–', '–']);
      expect(rows[1]![0]).toContain('Budi Santoso');
      const foot = [...table.querySelectorAll('tfoot td')].map((c) => c.textContent);
      expect(foot).toEqual(['7:45', '7:45', '7:35', '–', '–', '–', '–']);
      expect(table.querySelector('tfoot th')!.textContent).toBe(avg);
      // the table sits in a disclosure the keyboard opens
      expect(chart.querySelector('details > summary')).toBeTruthy();
      stop();
      cleanup();
    }
  });

  it('marks the stretches a person’s app lost the office on the strip, in its words and as a table, in both languages', async () => {
    const start = Date.parse(`${DATE}T02:00:00.000Z`);
    const strip = [{ start, end: start + 4 * 3_600_000, kind: 'work' as const, ticketId: 'INC-1006' }];
    const officeLost = [
      { start: start + 3_600_000, end: start + 3_600_000 + 25 * 60_000 },
      { start: start + 3 * 3_600_000, end: start + 3 * 3_600_000 + 5 * 60_000 },
    ];
    for (const [locale, words, heading, head] of [
      ['en', 'office lost', 'Office not reachable', ['From', 'To', 'Duration']],
      ['id', 'kantor terputus', 'Kantor tidak terjangkau', ['Dari', 'Sampai', 'Durasi']],
    ] as const) {
      const hm = (ms: number) =>
        new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
      const withLost = team({
        members: team().members.map((m) => (m.userId === 'u-ayu' ? { ...m, strip, officeLost } : m)),
      });
      const { stop } = await show(locale, withLost);
      const [budi, ayu] = (await screen.findAllByTestId('team-member')) as [HTMLElement, HTMLElement];
      const svg = within(ayu).getByTestId('team-strip');
      // drawn: one red band per stretch, under the work it happened in
      const bands = [...svg.querySelectorAll('rect[data-kind="office-lost"]')];
      expect(bands).toHaveLength(2);
      expect(bands.every((b) => b.classList.contains('strip-office-lost'))).toBe(true);
      expect(Number(bands[0]!.getAttribute('width'))).toBeGreaterThan(Number(bands[1]!.getAttribute('width')));
      // said: the strip's words name each stretch
      const ranges = officeLost.map((x) => `${hm(x.start)}–${hm(x.end)}`).join(', ');
      expect(svg.getAttribute('aria-label')).toContain(`${words} ${ranges}`);
      // a person without any has no band
      expect(within(budi).queryByTestId('team-strip')).toBeNull();
      // the person's day lists them as a table the keyboard and a screen reader reach
      fireEvent.click(within(ayu).getByTestId('team-open-ayu'));
      const table = await screen.findByTestId('team-office-lost');
      expect(screen.getByRole('table', { name: heading })).toBe(table);
      expect([...table.querySelectorAll('thead th')].map((c) => c.textContent)).toEqual(head);
      const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
      expect(rows).toEqual([
        [hm(officeLost[0]!.start), hm(officeLost[0]!.end), '0:25'],
        [hm(officeLost[1]!.start), hm(officeLost[1]!.end), '0:05'],
      ]);
      stop();
      cleanup();
    }
  });
});
