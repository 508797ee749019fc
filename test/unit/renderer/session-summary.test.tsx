// The summary editor writes (or corrects) any of the last seven days: the day picker drafts that
// day from the main process, and sending sends that day.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionView, SummaryDraft } from '../../../shared/contract/session';
import { setupI18n } from '../../../renderer/i18n';
import { SessionView as SessionSection, daysBack } from '../../../renderer/session/SessionView';
import { createSessionStore } from '../../../renderer/session/session-store';
import { fakeApi } from './fake-api';

afterEach(cleanup);

const TODAY = '2026-11-29';
const view: SessionView = {
  mode: 'stopped',
  ticketId: null,
  breakKind: null,
  since: null,
  date: TODAY,
  workedMs: 0,
  breakMs: 0,
  pausedMs: 0,
  breaks: { lunch: 0, short: 0, other: 0 },
  perTicket: {},
  segments: [],
  gaps: [],
  computedAt: Date.now(),
  shared: null,
  stillWorking: null,
};
const draft = (date: string, over: Partial<SummaryDraft> = {}): SummaryDraft => ({
  date,
  status: 'draft',
  reason: null,
  reasonCode: null,
  sentVersions: 0,
  workedMinutes: date === TODAY ? 60 : 455,
  breakMinutes: 45,
  segments: [],
  tickets: [],
  slaBreaches: [],
  notes: '',
  sent: null,
  acknowledgement: null,
  ...over,
});

describe('the day summary editor', () => {
  it('lists today and the six days before it, newest first', () => {
    expect(daysBack(TODAY, 7)).toEqual([
      '2026-11-29',
      '2026-11-28',
      '2026-11-27',
      '2026-11-26',
      '2026-11-25',
      '2026-11-24',
      '2026-11-23',
    ]);
    expect(daysBack('2026-03-01', 2)).toEqual(['2026-03-01', '2026-02-28']);
  });

  it('drafts an earlier day on request and sends that day (a correction when it was sent before), in both languages', async () => {
    for (const [locale, today, send] of [
      ['en', 'Today', 'Send a correction'],
      ['id', 'Hari ini', 'Kirim koreksi'],
    ] as const) {
      const fake = fakeApi({
        handlers: {
          'tw:session:getState': () => ({ ok: true, value: view }),
          'tw:session:getSummary': (p) => {
            const date = (p as { date?: string } | undefined)?.date ?? TODAY;
            return { ok: true, value: draft(date, date === TODAY ? {} : { status: 'delivered', sentVersions: 1 }) };
          },
          'tw:session:sendSummary': (p) => ({
            ok: true,
            value: draft((p as { date: string }).date, { status: 'queued', sentVersions: 1 }),
          }),
        },
      });
      const store = createSessionStore(fake.api);
      const stop = store.getState().follow();
      const i18n = await setupI18n(locale);
      render(
        <I18nextProvider i18n={i18n}>
          <SessionSection store={store} />
        </I18nextProvider>,
      );
      const picker = (await screen.findByTestId('summary-day')) as HTMLSelectElement;
      expect(picker.value).toBe(TODAY);
      expect(picker.options).toHaveLength(7);
      expect(picker.options[0]!.textContent).toBe(today);
      await act(async () => {
        fireEvent.change(picker, { target: { value: '2026-11-28' } });
      });
      expect(fake.calls).toContainEqual(['tw:session:getSummary', { date: '2026-11-28' }]);
      const editor = await screen.findByTestId('summary-editor');
      expect(editor.dataset.status).toBe('delivered');
      expect((screen.getByTestId('summary-day') as HTMLSelectElement).value).toBe('2026-11-28');
      const button = screen.getByTestId('summary-send');
      expect(button.textContent).toContain(send);
      await act(async () => {
        button.click();
      });
      expect(fake.calls.find(([c]) => c === 'tw:session:sendSummary')?.[1]).toMatchObject({ date: '2026-11-28' });
      stop();
      cleanup();
    }
  });

  it('says exactly what the manager sees of the timer, in both languages', async () => {
    const since = '2026-11-29T02:12:00.000Z';
    const clock = (locale: string) =>
      new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(since));
    const paused: SessionView = {
      ...view,
      mode: 'paused',
      since: Date.parse(since),
      workedMs: 3 * 3_600_000 + 40 * 60_000,
      shared: {
        date: TODAY,
        mode: 'paused',
        ticketId: null,
        since,
        workedMs: 3 * 3_600_000 + 40 * 60_000,
        at: since,
      },
    };
    const working: SessionView = {
      ...paused,
      mode: 'working',
      ticketId: 'INC-1006',
      shared: { ...paused.shared!, mode: 'working', ticketId: 'INC-1006' },
    };
    const lost = { start: '2026-11-29T03:00:00.000Z', end: '2026-11-29T03:25:00.000Z' };
    const lostRange = (locale: string) =>
      [lost.start, lost.end]
        .map((x) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(x)))
        .join('–');
    const withLost: SessionView = { ...working, shared: { ...working.shared!, officeLost: [lost] } };
    for (const [locale, value, expected] of [
      ['en', view, 'Your manager sees: not started'],
      ['id', view, 'Atasan Anda melihat: belum mulai'],
      ['en', paused, `Your manager sees: paused since ${clock('en')}, 3:40 today`],
      ['id', paused, `Atasan Anda melihat: dijeda sejak ${clock('id')}, 3:40 hari ini`],
      ['en', working, `Your manager sees: working on INC-1006 since ${clock('en')}, 3:40 today`],
      [
        'en',
        withLost,
        `Your manager sees: working on INC-1006 since ${clock('en')}, 3:40 today; office out of reach ${lostRange('en')}`,
      ],
      [
        'id',
        withLost,
        `Atasan Anda melihat: mengerjakan INC-1006 sejak ${clock('id')}, 3:40 hari ini; kantor tidak terjangkau ${lostRange('id')}`,
      ],
    ] as const) {
      const fake = fakeApi({
        handlers: {
          'tw:session:getState': () => ({ ok: true, value: { ...value, computedAt: Date.now() } }),
          'tw:session:getSummary': () => ({ ok: true, value: draft(TODAY) }),
        },
      });
      const store = createSessionStore(fake.api);
      const stop = store.getState().follow();
      const i18n = await setupI18n(locale);
      render(
        <I18nextProvider i18n={i18n}>
          <SessionSection store={store} />
        </I18nextProvider>,
      );
      expect((await screen.findByTestId('session-shared')).textContent).toBe(expected);
      stop();
      cleanup();
    }
  });

  it('shows the manager’s acknowledgement or request to correct on the summary, in both languages', async () => {
    const at = `${TODAY}T10:42:00.000Z`;
    const clock = (locale: string) =>
      new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(at));
    const name = '\u2068Siti Rahayu\u2069';
    for (const [locale, over, expected] of [
      ['en', { acknowledgement: null }, 'Not acknowledged yet'],
      [
        'en',
        { acknowledgement: { version: 1, byName: 'Siti Rahayu', at, reply: null, correctionRequested: false } },
        `Acknowledged by ${name} at ${clock('en')}`,
      ],
      [
        'id',
        { acknowledgement: { version: 1, byName: 'Siti Rahayu', at, reply: null, correctionRequested: false } },
        `Dikonfirmasi oleh ${name} pukul ${clock('id')}`,
      ],
      [
        'en',
        {
          acknowledgement: {
            version: 1,
            byName: 'Siti Rahayu',
            at,
            reply: '<b>INC-1001</b> was escalated',
            correctionRequested: true,
          },
        },
        `${name} asks for a correction (${clock('en')})Reply: <b>INC-1001</b> was escalated`,
      ],
    ] as const) {
      const fake = fakeApi({
        handlers: {
          'tw:session:getState': () => ({ ok: true, value: view }),
          'tw:session:getSummary': () => ({
            ok: true,
            value: draft(TODAY, { status: 'delivered', sentVersions: 1, ...over }),
          }),
        },
      });
      const store = createSessionStore(fake.api);
      const stop = store.getState().follow();
      const i18n = await setupI18n(locale);
      render(
        <I18nextProvider i18n={i18n}>
          <SessionSection store={store} />
        </I18nextProvider>,
      );
      const editor = await screen.findByTestId('summary-editor');
      expect(within(editor).getByTestId('summary-ack').textContent).toBe(expected);
      // the reply is text, never markup
      expect(editor.querySelector('b')).toBeNull();
      stop();
      cleanup();
    }
  });
});
