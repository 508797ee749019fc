// The Office days section and what the app asks about today's desk: the clean-desk checklist as a
// modal dialog (from the Check out button of today's checked-in booking, or after leaving the office
// LAN), items from the office's policy, reachable by keyboard; the release question; bookings
// queued while the office was out of reach, and one refused on arrival with a free desk.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { OfficeDaysLive, OfficeWeeks } from '../../../shared/contract/office-days';
import type { FloorPlanResponse } from '../../../shared/office-api';
import { FrameContext, type FrameServices } from '../../../renderer/app/frame-context';
import { setupI18n } from '../../../renderer/i18n';
import { OfficeDaysView } from '../../../renderer/office-days/OfficeDaysView';
import { createOfficeDaysStore } from '../../../renderer/office-days/office-days-store';
import { fakeApi } from './fake-api';

afterEach(cleanup);

// Tuesday 8 December 2026, 09:00 in Jakarta
const NOW = Date.parse('2026-12-08T02:00:00.000Z');
const TODAY = '2026-12-08';
const CLEAN_DESK = ['Lock the screen', 'Take your documents with you', 'Log the IP phone out'];

const weeks = (checkedInAt: string | null): OfficeWeeks => ({
  from: '2026-12-07',
  to: '2026-12-20',
  bookings: [
    {
      id: 'bk_today',
      deskId: 'desk_3-14',
      deskLabel: '3-14',
      floorId: 'floor_3',
      day: TODAY,
      seriesId: null,
      createdAt: '2026-12-01T00:00:00.000Z',
      checkedInAt,
    },
  ],
  people: [],
  teamDays: [],
  policy: { daysAhead: 14, perWeek: 3, checkInBy: '10:00', cleanDesk: CLEAN_DESK },
  sites: {
    sites: [{ id: 'site_j', name: 'Jakarta', timeZone: 'Asia/Jakarta' }],
    floors: [{ id: 'floor_3', siteId: 'site_j', name: 'Floor 3', width: 600, height: 200 }],
  },
  shareDesk: false,
  savedAt: null,
});

const plan = (day: string): FloorPlanResponse => ({
  site: { id: 'site_j', name: 'Jakarta', timeZone: 'Asia/Jakarta' },
  floor: { id: 'floor_3', siteId: 'site_j', name: 'Floor 3', width: 600, height: 200 },
  zones: [],
  day,
  desks: [],
});

const quiet: OfficeDaysLive = { prompt: null, checkedIn: null, pending: [], refused: [] };

async function mount(options: { checkedInAt?: string | null; live?: OfficeDaysLive } = {}) {
  const calls: Array<[string, unknown]> = [];
  let live = options.live ?? quiet;
  const record = (name: string, value: (p: unknown) => unknown) => (p: unknown) => {
    calls.push([name, p]);
    return { ok: true as const, value: value(p) };
  };
  const fake = fakeApi({
    handlers: {
      'tw:officeDays:weeks': () => ({ ok: true, value: weeks(options.checkedInAt ?? null) }),
      'tw:officeDays:plan': (p) => ({ ok: true, value: plan((p as { day: string }).day) }),
      'tw:officeDays:live': () => ({ ok: true, value: live }),
      'tw:officeDays:checkOut': record('checkOut', () => ({ state: 'checked-out' })),
      'tw:officeDays:dismissPrompt': record('dismissPrompt', () => (live = { ...live, prompt: null })),
      'tw:officeDays:answerRelease': record('answerRelease', () => (live = { ...live, prompt: null })),
      'tw:officeDays:dismissRefused': record('dismissRefused', () => (live = { ...live, refused: [] })),
    },
  });
  const store = createOfficeDaysStore(fake.api, () => NOW);
  store.getState().follow();
  const i18n = await setupI18n('en');
  const frame = {
    user: { id: 'u-budi', username: 'budi', displayName: 'Budi Santoso', role: 'worker' },
  } as FrameServices;
  render(
    <I18nextProvider i18n={i18n}>
      <FrameContext.Provider value={frame}>
        <OfficeDaysView store={store} />
      </FrameContext.Provider>
    </I18nextProvider>,
  );
  await screen.findByTestId('od-mine');
  const push = (next: OfficeDaysLive) => {
    live = next;
    act(() => fake.emit('tw:officeDays!liveChanged', next));
  };
  return { fake, store, calls, push };
}

describe('the clean-desk checklist', () => {
  it('Check out on today’s checked-in booking opens a modal checklist from policy, by keyboard; Esc closes it', async () => {
    const { calls } = await mount({ checkedInAt: '2026-12-08T01:05:00.000Z' });
    expect(screen.getByTestId('od-checked-in').textContent).toBe('Checked in by the office network');
    const button = screen.getByRole('button', { name: 'Check out' });
    button.focus();
    fireEvent.click(button);
    const dialog = await screen.findByRole('dialog', { name: 'Check out of desk 3-14' });
    expect(dialog.tagName).toBe('DIALOG');
    const boxes = within(dialog).getAllByRole('checkbox');
    expect(boxes.map((b) => b.closest('label')!.textContent!.trim())).toEqual(CLEAN_DESK);
    // keyboard: focus starts on the first item
    expect(document.activeElement).toBe(boxes[0]);
    const confirm = within(dialog).getByRole('button', { name: 'Done, check out' });
    expect(confirm.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(confirm);
    expect(calls).toEqual([]);

    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls).toEqual([]);
    // focus went back to the button that opened it
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Check out' }));
  });

  it('checks out once every item of the checklist is ticked', async () => {
    const { calls } = await mount({ checkedInAt: '2026-12-08T01:05:00.000Z' });
    fireEvent.click(screen.getByRole('button', { name: 'Check out' }));
    const again = await screen.findByRole('dialog');
    for (const box of within(again).getAllByRole('checkbox')) fireEvent.click(box);
    expect(within(again).getByRole('button', { name: 'Done, check out' }).getAttribute('aria-disabled')).toBeNull();
    fireEvent.click(within(again).getByRole('button', { name: 'Done, check out' }));
    await waitFor(() => expect(calls).toEqual([['checkOut', { bookingId: 'bk_today' }]]));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByTestId('od-notice').textContent).toBe('Checked out: desk 3-14 is free for the rest of the day.');
  });

  it('opens by itself after the app saw me leave the office LAN; Not now dismisses it without checking out', async () => {
    const { calls, push } = await mount({ checkedInAt: '2026-12-08T01:05:00.000Z' });
    expect(screen.queryByRole('dialog')).toBeNull();
    push({
      ...quiet,
      checkedIn: 'bk_today',
      prompt: { kind: 'check-out', bookingId: 'bk_today', deskLabel: '3-14', day: TODAY, cleanDesk: ['Lock it'] },
    });
    const dialog = await screen.findByRole('dialog', { name: 'Check out of desk 3-14' });
    expect(dialog.textContent).toContain('You left the office network while checked in at desk 3-14.');
    expect(within(dialog).getAllByRole('checkbox')).toHaveLength(1);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Not now' }));
    await waitFor(() => expect(calls).toEqual([['dismissPrompt', undefined]]));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});

describe('the release question and queued bookings', () => {
  it('asks "Release it?" with the desk of today’s booking, in English and Indonesian; No keeps it', async () => {
    const release: OfficeDaysLive = {
      ...quiet,
      prompt: { kind: 'release', bookingId: 'bk_today', deskLabel: '3-14', day: TODAY },
    };
    const { calls } = await mount({ live: release });
    const question = await screen.findByTestId('od-release-question');
    expect(within(question).getByRole('alert').textContent).toBe('You booked desk 3-14 today. Release it?');
    fireEvent.click(within(question).getByRole('button', { name: 'No, keep it' }));
    await waitFor(() => expect(calls).toEqual([['answerRelease', { bookingId: 'bk_today', release: false }]]));
    await waitFor(() => expect(screen.queryByTestId('od-release-question')).toBeNull());
    const id = await setupI18n('id');
    expect(id.t('officeDays.ask.release', { desk: '3-14' })).toBe('Anda memesan meja 3-14 hari ini. Lepaskan?');
  });

  it('shows a booking made offline as pending, and a refusal on arrival with the office’s reason and a free desk', async () => {
    const { calls, push } = await mount();
    push({
      ...quiet,
      pending: [{ outboxId: 'ob_1', deskId: 'desk_3-20', deskLabel: '3-20', day: '2026-12-10', to: '2026-12-10' }],
    });
    const queue = await screen.findByTestId('od-queue');
    expect(within(queue).getByTestId('od-pending').textContent).toMatch(/^Desk 3-20 · .*10.* · pending$/);
    expect((screen.getByTestId('od-weeks').querySelector('[data-day="2026-12-10"]') as HTMLElement).dataset.where).toBe(
      'pending',
    );
    push({
      ...quiet,
      refused: [
        {
          outboxId: 'ob_1',
          deskId: 'desk_3-20',
          deskLabel: '3-20',
          day: '2026-12-10',
          to: '2026-12-10',
          code: 'desk_taken',
          reason: 'desk 3-20 is already booked on 2026-12-10; desk 3-01 is free',
          suggestion: { id: 'desk_3-01', label: '3-01', floorId: 'floor_3' },
        },
      ],
    });
    const refused = await screen.findByTestId('od-refused-queued');
    expect(refused.getAttribute('role')).toBe('alert');
    expect(refused.textContent).toContain('desk 3-20 is already booked on 2026-12-10; desk 3-01 is free');
    expect(within(refused).getByRole('button', { name: 'Book desk 3-01 instead' })).toBeTruthy();
    fireEvent.click(within(refused).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(calls).toEqual([['dismissRefused', { outboxId: 'ob_1' }]]));
    await waitFor(() => expect(screen.queryByTestId('od-queue')).toBeNull());
  });
});
