// The Office days section through window.teleworker's officeDays area: the coming weeks, a floor's
// desks as a plan and as a list (state as a word beside the colour), the plan by keyboard, booking
// a desk, and a refusal in words with the free desk the office named.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { BookResult, OfficeWeeks } from '../../../shared/contract/office-days';
import type { FloorPlanResponse, PlanDesk } from '../../../shared/office-api';
import { FrameContext, type FrameServices } from '../../../renderer/app/frame-context';
import { setupI18n } from '../../../renderer/i18n';
import { OfficeDaysView } from '../../../renderer/office-days/OfficeDaysView';
import { DESK_EVENT_COALESCE_MS, createOfficeDaysStore } from '../../../renderer/office-days/office-days-store';
import { fakeApi } from './fake-api';

afterEach(cleanup);

// Tuesday 8 December 2026, 09:00 in Jakarta
const NOW = Date.parse('2026-12-08T02:00:00.000Z');

const desk = (label: string, state: PlanDesk['state'], x: number): PlanDesk => ({
  id: `desk_${label}`,
  floorId: 'floor_3',
  zoneId: null,
  label,
  x,
  y: 50,
  equipment: ['two-screens'],
  bookable: state !== 'unavailable',
  state,
  occupant: null,
});

const weeks = (): OfficeWeeks => ({
  from: '2026-12-07',
  to: '2026-12-20',
  bookings: [
    {
      id: 'bk_1',
      deskId: 'desk_3-01',
      deskLabel: '3-01',
      floorId: 'floor_3',
      day: '2026-12-09',
      seriesId: null,
      createdAt: '2026-12-01T00:00:00.000Z',
      checkedInAt: null,
    },
  ],
  people: [
    { userId: 'u-budi', displayName: 'Budi Santoso', days: ['2026-12-09'] },
    { userId: 'u-ayu', displayName: 'Ayu Lestari', days: ['2026-12-08', '2026-12-09'] },
  ],
  teamDays: ['2026-12-10'],
  policy: { daysAhead: 14, perWeek: 3, checkInBy: '10:00', cleanDesk: [] },
  sites: {
    sites: [{ id: 'site_j', name: 'Jakarta', timeZone: 'Asia/Jakarta' }],
    floors: [{ id: 'floor_3', siteId: 'site_j', name: 'Floor 3', width: 600, height: 200 }],
  },
  shareDesk: false,
  savedAt: null,
});

async function mount(
  book: (request: unknown) => BookResult,
  extra: { handlers?: Record<string, (payload: unknown) => unknown>; states?: PlanDesk['state'][] } = {},
) {
  let planCalls = 0;
  const states = extra.states ?? ['free', 'booked', 'free', 'unavailable'];
  const plan = (day: string): FloorPlanResponse => ({
    site: { id: 'site_j', name: 'Jakarta', timeZone: 'Asia/Jakarta' },
    floor: { id: 'floor_3', siteId: 'site_j', name: 'Floor 3', width: 600, height: 200 },
    zones: [],
    day,
    desks: [
      desk('3-01', states[0]!, 0),
      desk('3-02', states[1]!, 150),
      desk('3-03', states[2]!, 300),
      desk('3-04', states[3]!, 450),
    ],
  });
  const fake = fakeApi({
    handlers: {
      'tw:officeDays:weeks': () => ({ ok: true, value: weeks() }),
      'tw:officeDays:plan': (p) => {
        planCalls++;
        return { ok: true, value: plan((p as { day: string }).day) };
      },
      'tw:officeDays:book': (p) => ({ ok: true, value: book(p) }),
      'tw:officeDays:waitlist': () => ({ ok: true, value: [] }),
      ...Object.fromEntries(
        Object.entries(extra.handlers ?? {}).map(([k, h]) => [k, (p: unknown) => ({ ok: true, value: h(p) })]),
      ),
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
  await screen.findByTestId('od-plan');
  return { fake, store, planCalls: () => planCalls };
}

describe('the Office days section', () => {
  it('shows my weeks as home or office days and today’s desks as a plan and a list, each state in words', async () => {
    await mount(() => ({ state: 'booked', bookings: [] }));
    const weeksList = screen.getByTestId('od-weeks');
    expect(within(weeksList).getAllByRole('listitem')).toHaveLength(10);
    const wednesday = weeksList.querySelector('[data-day="2026-12-09"]') as HTMLElement;
    expect(wednesday.dataset.where).toBe('office');
    expect(wednesday.textContent).toContain('Office · desk 3-01');
    expect((weeksList.querySelector('[data-day="2026-12-10"]') as HTMLElement).textContent).toContain('Team day');
    expect((weeksList.querySelector('[data-day="2026-12-08"]') as HTMLElement).textContent).toContain('Home');

    const plan = screen.getByTestId('od-plan');
    const states = [...plan.querySelectorAll('[data-label]')].map((g) => [
      g.getAttribute('data-label'),
      g.querySelector('text')?.textContent,
    ]);
    // the box holds a short word (a symbol where a desk cannot be booked); the full words are its title
    expect(states).toEqual([
      ['3-01', '3-01 free'],
      ['3-02', '3-02 booked'],
      ['3-03', '3-03 free'],
      ['3-04', '3-04 ✕ closed'],
    ]);
    expect(plan.querySelector('[data-label="3-04"] title')?.textContent).toBe('3-04: not bookable');
    // every desk's text is clipped to its box: nothing spills, however long the label or the word
    expect([...plan.querySelectorAll('text')].every((x) => x.getAttribute('clip-path') === 'url(#od-desk-clip)')).toBe(
      true,
    );
    const list = screen.getByTestId('od-desk-list');
    expect(
      within(list)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual([
      '3-01 free · two screens',
      '3-02 booked · two screens',
      '3-03 free · two screens',
      '3-04 not bookable · two screens',
    ]);
    // colleagues in today (8 Dec): Ayu, not me
    expect(screen.getByTestId('od-colleagues').textContent).toContain('Ayu Lestari');
    expect(screen.getByTestId('od-colleagues').textContent).not.toContain('Budi Santoso');
  });

  it('moves through the plan with the arrow keys, one tab stop, and picks a desk with Enter', async () => {
    const { store } = await mount(() => ({ state: 'booked', bookings: [] }));
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.getAttribute('tabindex'))).toEqual(['0', '-1', '-1', '-1']);
    options[0]!.focus();
    fireEvent.keyDown(options[0]!, { key: 'ArrowRight' });
    expect(store.getState().deskId).toBe('desk_3-02');
    await waitFor(() => expect(document.activeElement).toBe(screen.getAllByRole('option')[1]));
    fireEvent.keyDown(screen.getAllByRole('option')[1]!, { key: 'ArrowRight' });
    // the arrows move over the plan: the focus stays there, though a free desk's form is shown
    await waitFor(() => expect(document.activeElement).toBe(screen.getAllByRole('option')[2]));
    expect(screen.getByTestId('od-book')).toBeTruthy();
    fireEvent.keyDown(screen.getAllByRole('option')[2]!, { key: 'Enter' });
    expect(store.getState().deskId).toBe('desk_3-03');
    expect(screen.getAllByRole('option').map((o) => o.getAttribute('tabindex'))).toEqual(['-1', '-1', '0', '-1']);
    // Enter chose it: the booking form takes the focus (its first choice, "This day")
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'This day' })));
  });

  it('a desk chosen from the list hands the focus to its booking form; a taken desk or a new day does not', async () => {
    const { store } = await mount(() => ({ state: 'booked', bookings: [] }));
    const list = screen.getByTestId('od-desk-list');
    const taken = within(list).getByRole('button', { name: /^3-02 booked/ });
    taken.focus();
    fireEvent.click(taken);
    expect(store.getState().deskId).toBe('desk_3-02');
    expect(document.activeElement).toBe(taken);
    const free = within(list).getByRole('button', { name: /^3-03 free/ });
    free.focus();
    fireEvent.click(free);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'This day' })));
    // another day starts with no desk chosen; the desk chosen on it by the arrows keeps the focus on the plan
    const thursday = screen.getByTestId('od-weeks').querySelector('[data-day="2026-12-10"] button') as HTMLElement;
    thursday.focus();
    fireEvent.click(thursday);
    await waitFor(() => expect(store.getState().day).toBe('2026-12-10'));
    expect(screen.queryByTestId('od-book')).toBeNull();
    act(() => store.getState().selectDesk('desk_3-03'));
    await screen.findByTestId('od-book');
    expect(document.activeElement).toBe(thursday);
  });

  it('books the chosen desk, and shows a refusal in words with the desk the office named', async () => {
    const requests: unknown[] = [];
    await mount((request) => {
      requests.push(request);
      return {
        state: 'refused',
        refusal: {
          code: 'desk_taken',
          message: 'desk 3-03 is already booked on 2026-12-08; desk 3-01 is free',
          days: ['2026-12-08'],
          nextFreeDesk: { id: 'desk_3-01', label: '3-01', floorId: 'floor_3' },
        },
      };
    });
    fireEvent.click(within(screen.getByTestId('od-desk-list')).getByText('3-03'));
    fireEvent.click(screen.getByTestId('od-book-submit'));
    const refused = await screen.findByTestId('od-refused');
    expect(requests).toEqual([{ deskId: 'desk_3-03', day: '2026-12-08' }]);
    expect(refused.textContent).toContain('Someone booked that desk first (2026-12-08).');
    // the answer takes the focus from the form it answers: the next Tab is its "book instead"
    await waitFor(() => expect(document.activeElement).toBe(refused));
    fireEvent.click(within(refused).getByRole('button', { name: 'Book desk 3-01 instead' }));
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]).toEqual({ deskId: 'desk_3-01', day: '2026-12-08' });
  });

  it('says when the office last gave what is shown, while it cannot be reached', async () => {
    await mount(() => ({ state: 'booked', bookings: [] }), {
      handlers: { 'tw:officeDays:weeks': () => ({ ...weeks(), savedAt: NOW - 3_600_000 }) },
    });
    expect(screen.getByTestId('od-saved').textContent).toMatch(
      /^The office cannot be reached: these are your days and desks as it last said \(.+\)\. A booking made now waits/,
    );
  });

  it('says in words which days were booked, and hands the focus to that answer', async () => {
    const booking = (day: string) => ({
      id: `bk_${day}`,
      deskId: 'desk_3-03',
      deskLabel: '3-03',
      floorId: 'floor_3',
      day,
      seriesId: 'sr_1',
      createdAt: '2026-12-08T02:00:00.000Z',
      checkedInAt: null,
    });
    await mount(() => ({ state: 'booked', bookings: ['2026-12-08', '2026-12-09', '2026-12-10'].map(booking) }));
    fireEvent.click(within(screen.getByTestId('od-desk-list')).getByText('3-03'));
    fireEvent.click(screen.getByLabelText('Every day until'));
    fireEvent.click(screen.getByTestId('od-book-submit'));
    const notice = await screen.findByTestId('od-notice');
    expect(notice.textContent).toBe('Desk 3-03 is booked for you on 3 days, Tue, Dec 8 to Thu, Dec 10.');
    await waitFor(() => expect(document.activeElement).toBe(notice));
  });

  it('asks for the plan again when the office says the shown floor and day changed, once per burst', async () => {
    const { fake, planCalls } = await mount(() => ({ state: 'booked', bookings: [] }));
    const before = planCalls();
    // another day, another floor: not the plan on screen
    act(() => fake.emit('tw:officeDays!changed', { floorId: 'floor_9', day: '2026-12-08' }));
    act(() => fake.emit('tw:officeDays!changed', { floorId: 'floor_3', day: '2026-12-08' }));
    act(() => fake.emit('tw:officeDays!changed', { floorId: 'floor_3', day: '2026-12-08' }));
    await waitFor(() => expect(planCalls()).toBe(before + 1));
    await new Promise((r) => setTimeout(r, 2 * DESK_EVENT_COALESCE_MS));
    expect(planCalls()).toBe(before + 1);
  });

  it('offers the waiting list where no desk is free, shows my place, and books a desk the office offers me', async () => {
    const joins: unknown[] = [];
    const booked: unknown[] = [];
    const { fake } = await mount(
      (request) => {
        booked.push(request);
        return { state: 'booked', bookings: [] };
      },
      {
        states: ['booked', 'booked', 'booked', 'unavailable'],
        handlers: {
          'tw:officeDays:joinWaitlist': (p) => {
            joins.push(p);
            return {
              state: 'joined',
              entry: { id: 'wait_1', floorId: 'floor_3', day: '2026-12-08', position: 2, offer: null },
            };
          },
        },
      },
    );
    const none = await screen.findByTestId('od-none-free');
    expect(none.textContent).toContain('No desk on this floor is free that day.');
    fireEvent.click(within(none).getByRole('button', { name: 'Join the waiting list' }));
    const waiting = await screen.findByTestId('od-waiting');
    expect(joins).toEqual([{ floorId: 'floor_3', day: '2026-12-08' }]);
    expect(waiting.textContent).toContain('You are number 2 on the waiting list for this floor that day.');
    expect(within(waiting).getByRole('button', { name: 'Leave the waiting list' })).toBeTruthy();

    act(() =>
      fake.emit('tw:officeDays!offered', {
        floorId: 'floor_3',
        day: '2026-12-08',
        desk: { id: 'desk_3-02', label: '3-02' },
        until: '2026-12-08T02:15:00.000Z',
      }),
    );
    const offered = await screen.findByTestId('od-offered');
    expect(offered.textContent).toContain('Desk 3-02 is free on 2026-12-08 and you are first on the waiting list.');
    fireEvent.click(within(offered).getByRole('button', { name: 'Book desk 3-02' }));
    await waitFor(() => expect(booked).toEqual([{ deskId: 'desk_3-02', day: '2026-12-08' }]));
  });

  it('lets me wait for any floor of the site when it has more than one, by keyboard, and shows that place', async () => {
    const joins: unknown[] = [];
    const twoFloors = weeks();
    twoFloors.sites.floors.push({ id: 'floor_4', siteId: 'site_j', name: 'Floor 4', width: 600, height: 200 });
    await mount(() => ({ state: 'booked', bookings: [] }), {
      states: ['booked', 'booked', 'booked', 'unavailable'],
      handlers: {
        'tw:officeDays:weeks': () => twoFloors,
        'tw:officeDays:joinWaitlist': (p) => {
          joins.push(p);
          return {
            state: 'joined',
            entry: { id: 'wait_2', siteId: 'site_j', floorId: null, day: '2026-12-08', position: 3, offer: null },
          };
        },
      },
    });
    const none = await screen.findByTestId('od-none-free');
    const site = within(none).getByRole('button', { name: 'Wait for any floor of \u2068Jakarta\u2069' });
    // a native button in the tab order (Enter and Space press it)
    expect(site.tagName).toBe('BUTTON');
    site.focus();
    expect(document.activeElement).toBe(site);
    fireEvent.click(site);
    const waiting = await screen.findByTestId('od-waiting-site');
    expect(joins).toEqual([{ siteId: 'site_j', day: '2026-12-08' }]);
    expect(waiting.textContent).toContain(
      'You are number 3 on the waiting list for any floor of \u2068Jakarta\u2069 that day.',
    );
    // the floor's own list can still be joined; the site's is not offered twice
    expect(within(screen.getByTestId('od-none-free')).queryByRole('button', { name: /any floor/ })).toBeNull();
    expect(
      within(screen.getByTestId('od-none-free')).getByRole('button', { name: 'Join the waiting list' }),
    ).toBeTruthy();
  });
});
