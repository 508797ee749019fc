// The inbox's detail and clocks in the DOM: actions enabled from the status machine, people's text as
// text, and the SLA clock written by the shared ticker without React rendering again.
import { act, cleanup, render, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketRow } from '../../../shared/contract/tickets';
import { setupI18n } from '../../../renderer/i18n';
import { SlaClock } from '../../../renderer/inbox/SlaClock';
import { createInboxStore } from '../../../renderer/inbox/inbox-store';
import { TicketDetailView } from '../../../renderer/inbox/TicketDetail';
import { InboxView } from '../../../renderer/inbox/InboxView';
import { tick, tickerSize } from '../../../renderer/inbox/sla-ticker';
import { fakeApi } from './fake-api';

afterEach(cleanup);
const MIN = 60_000;

const row = (over: Partial<TicketRow> = {}): TicketRow => ({
  id: 'INC-1042',
  title: 'Branch 12 teller PCs <b>cannot</b> reach core banking',
  requester: 'Andi',
  priority: 'P1',
  status: 'new',
  escalationLevel: 'L1',
  assigneeId: 'u-budi',
  createdAt: Date.now() - 5 * MIN,
  updatedAt: Date.now() - 5 * MIN,
  respondedAt: null,
  resolvedAt: null,
  pausedMs: 0,
  pausedSince: null,
  version: 1,
  pending: 0,
  failed: null,
  ...over,
});

describe('the inbox view', () => {
  it('ticks the SLA clock through the DOM: the text changes, React does not render again', async () => {
    const i18n = await setupI18n('en');
    let renders = 0;
    const r = row({ createdAt: 1_000_000, respondedAt: null, priority: 'P1' });
    render(
      <I18nextProvider i18n={i18n}>
        <Profiler id="clock" onRender={() => renders++}>
          <SlaClock row={r} />
        </Profiler>
      </I18nextProvider>,
    );
    const clock = screen.getByTestId('sla-clock');
    expect(tickerSize()).toBe(1);
    const before = renders;
    act(() => tick(1_000_000 + 2 * MIN));
    expect(clock.textContent).toBe('0:13 left');
    expect(clock.dataset.bucket).toBe('on-track');
    act(() => tick(1_000_000 + 13 * MIN)); // 2 of 15 minutes left: past 75% used
    expect(clock.textContent).toBe('0:02 left');
    expect(clock.dataset.bucket).toBe('at-risk');
    act(() => tick(1_000_000 + 14 * MIN + 30_000));
    expect(clock.dataset.bucket).toBe('critical');
    expect(clock.textContent).toBe('breach in 0:00');
    act(() => tick(1_000_000 + 20 * MIN));
    expect(clock.textContent).toBe('breached 0:05 ago');
    expect(renders).toBe(before);
    cleanup();
    expect(tickerSize()).toBe(0);
  });

  it('offers only the moves the status machine allows, and shows the title as text', async () => {
    const i18n = await setupI18n('en');
    const fake = fakeApi({
      handlers: {
        'tw:tickets:list': () => ({
          ok: true,
          value: { rows: [row()], creating: [], me: 'u-budi', manager: false, people: [], syncedAt: Date.now() },
        }),
        'tw:tickets:get': () => ({
          ok: true,
          value: {
            row: row(),
            description: 'See <img src=x onerror=alert(1)> **now**',
            createdBy: 'Siti',
            entries: [],
            changes: [
              {
                itemId: 'o1',
                kind: 'ticket-status',
                state: 'failed',
                summary: 'acknowledged',
                code: 'conflict',
                message: 'the ticket changed meanwhile',
              },
            ],
            entriesAt: Date.now(),
          },
        }),
      },
    });
    const store = createInboxStore(fake.api);
    await store.getState().load();
    store.getState().select('INC-1042');
    const heading = { current: null };
    render(
      <I18nextProvider i18n={i18n}>
        <TicketDetailView store={store} form={null} setForm={() => {}} headingRef={heading} />
      </I18nextProvider>,
    );
    expect(
      await screen.findByRole('heading', { name: 'Branch 12 teller PCs <b>cannot</b> reach core banking' }),
    ).toBeTruthy();
    const toolbar = screen.getByRole('toolbar', { name: 'Ticket actions' });
    const button = (name: RegExp) =>
      [...toolbar.querySelectorAll('button')].find((b) => name.test(b.textContent ?? ''))!;
    // unavailable actions stay reachable and say why (aria-disabled with a description)
    const off = (b: HTMLButtonElement) => b.getAttribute('aria-disabled') === 'true';
    expect(off(button(/Acknowledge/))).toBe(false);
    expect(off(button(/Start work/))).toBe(true);
    expect(off(button(/Resolve/))).toBe(true);
    expect(off(button(/Escalate to L2/))).toBe(false);
    expect(document.querySelector('.ticket-description img')).toBeNull();
    expect(document.querySelector('.ticket-description strong')?.textContent).toBe('now');
    expect((await screen.findByTestId('change-conflict')).textContent).toContain('the ticket changed meanwhile');
  });

  it('a ticket I escalated is read-only, one in my team’s queue offers Take, and a manager reads the audit trail', async () => {
    const detailOf = (r: TicketRow) => ({
      ok: true as const,
      value: { row: r, description: '', createdBy: 'Siti', entries: [], changes: [], entriesAt: Date.now() },
    });
    const show = async (me: string, manager: boolean, r: TicketRow, locale: 'en' | 'id' = 'en') => {
      const i18n = await setupI18n(locale);
      const fake = fakeApi({
        handlers: {
          'tw:tickets:list': () => ({
            ok: true,
            value: { rows: [r], creating: [], me, manager, people: [], syncedAt: Date.now() },
          }),
          'tw:tickets:get': () => detailOf(r),
          'tw:tickets:audit': () => ({
            ok: true,
            value: [
              {
                seq: 7,
                at: Date.parse('2026-12-07T02:00:00Z'),
                atLocal: '2026-12-07 09:00:00',
                timeZone: 'Asia/Jakarta',
                actorName: 'Budi Santoso',
                network: 'vpn',
                action: 'escalate',
              },
            ],
          }),
        },
      });
      const store = createInboxStore(fake.api);
      await store.getState().load();
      store.getState().select(r.id);
      render(
        <I18nextProvider i18n={i18n}>
          <TicketDetailView store={store} form={null} setForm={() => {}} headingRef={{ current: null }} />
        </I18nextProvider>,
      );
      await screen.findByTestId('ticket-detail');
      return fake;
    };

    // budi escalated it: he reads it, no status action is offered
    await show('u-budi', false, row({ assigneeId: null, escalatedBy: 'u-budi', escalationLevel: 'L2' }));
    expect((await screen.findByTestId('escalated-away')).textContent).toContain('You escalated this ticket');
    expect(screen.queryByRole('button', { name: /Acknowledge/ })).toBeNull();
    expect(screen.queryByTestId('take')).toBeNull();
    cleanup();

    // eko's team's queue: Take, and nothing else yet
    const fake = await show('u-eko', false, row({ assigneeId: null, escalatedBy: 'u-budi', escalationLevel: 'L2' }));
    await act(async () => {
      (await screen.findByTestId('take')).click();
    });
    expect(fake.calls.some(([channel]) => channel === 'tw:tickets:act')).toBe(true);
    expect(screen.queryByRole('button', { name: /Acknowledge/ })).toBeNull();
    cleanup();

    // rina (manager) opens the audit trail, in Bahasa Indonesia
    await show('u-rina', true, row({ assigneeId: 'u-eko', escalatedBy: 'u-budi', escalationLevel: 'L2' }), 'id');
    await act(async () => {
      (await screen.findByTestId('audit-toggle')).click();
    });
    const table = await screen.findByTestId('audit-table');
    expect(table.textContent).toContain('2026-12-07 09:00:00 (Asia/Jakarta)');
    expect(table.textContent).toContain('VPN');
    expect(table.textContent).toContain('dieskalasi');
    // eko has it: the hand-back is offered
    expect(screen.getByTestId('hand-back')).toBeTruthy();
  });

  it('names the person a queued assignment goes to, in either language, and says so when it removes the assignee', async () => {
    const changes = [
      { itemId: 'o1', kind: 'ticket-assignment', state: 'pending', summary: 'u-ayu', code: null, message: null },
      { itemId: 'o2', kind: 'ticket-assignment', state: 'pending', summary: '', code: null, message: null },
    ];
    const fake = fakeApi({
      handlers: {
        'tw:tickets:list': () => ({
          ok: true,
          value: {
            rows: [row()],
            creating: [],
            me: 'u-siti',
            manager: true,
            people: [{ id: 'u-ayu', name: 'Ayu Lestari' }],
            syncedAt: Date.now(),
          },
        }),
        'tw:tickets:get': () => ({
          ok: true,
          value: {
            row: row({ pending: 2 }),
            description: '',
            createdBy: 'Siti',
            entries: [],
            changes,
            entriesAt: Date.now(),
          },
        }),
      },
    });
    for (const [locale, expected] of [
      ['en', ['Waiting to be sent: assignment to Ayu Lestari', 'Waiting to be sent: removing the assignee']],
      ['id', ['penugasan ke Ayu Lestari', 'melepas penugasan']],
    ] as const) {
      const i18n = await setupI18n(locale);
      const store = createInboxStore(fake.api);
      await store.getState().load();
      store.getState().select('INC-1042');
      render(
        <I18nextProvider i18n={i18n}>
          <TicketDetailView store={store} form={null} setForm={() => {}} headingRef={{ current: null }} />
        </I18nextProvider>,
      );
      const notes = await screen.findAllByTestId('change-pending');
      expect(notes.map((n) => n.textContent)).toEqual([
        expect.stringContaining(expected[0]),
        expect.stringContaining(expected[1]),
      ]);
      expect(notes[1]!.textContent).not.toContain('{{');
      cleanup();
    }
  });

  it('lists the tickets waiting for the office, a refused one with its reason and its two ways out, in both languages', async () => {
    const creating = [
      {
        itemId: 'o1',
        title: 'ATM 12 jammed',
        priority: 'P1',
        assigneeId: null,
        state: 'pending',
        code: null,
        message: null,
        createdAt: Date.now(),
      },
      {
        itemId: 'o2',
        title: 'Wrong team',
        priority: 'P4',
        assigneeId: 'u-x',
        state: 'failed',
        code: 'validation_failed',
        message: 'the assignee must be a member of the ticket’s team',
        createdAt: Date.now(),
      },
    ];
    const fake = fakeApi({
      handlers: {
        'tw:tickets:list': () => ({
          ok: true,
          value: { rows: [row()], creating, me: 'u-siti', manager: true, people: [], syncedAt: Date.now() },
        }),
        'tw:sync:discard': () => ({ ok: true, value: true }),
      },
    });
    for (const [locale, heading, discard] of [
      ['en', 'Waiting for the office (2)', 'Discard this ticket'],
      ['id', 'Menunggu kantor (2)', 'Buang tiket ini'],
    ] as const) {
      const i18n = await setupI18n(locale);
      const store = createInboxStore(fake.api);
      await store.getState().load();
      render(
        <I18nextProvider i18n={i18n}>
          <InboxView store={store} />
        </I18nextProvider>,
      );
      const panel = await screen.findByTestId('inbox-creating');
      expect(panel.querySelector('h2')?.textContent).toBe(heading);
      expect(screen.getByTestId('creating-pending').textContent).toContain('ATM 12 jammed');
      const failed = screen.getByTestId('creating-failed');
      expect(failed.getAttribute('role')).toBe('alert');
      expect(failed.textContent).toContain('the assignee must be a member of the ticket’s team');
      const button = [...failed.querySelectorAll('button')].find((b) => b.textContent === discard)!;
      expect(button).toBeTruthy();
      if (locale === 'en') {
        await act(async () => button.click());
        expect(fake.calls).toContainEqual(['tw:sync:discard', { id: 'o2' }]);
      }
      cleanup();
    }
  });
});
