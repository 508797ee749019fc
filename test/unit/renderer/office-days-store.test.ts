// The Office days store's floor plans: a plan seen before is drawn at once when going back to it,
// then replaced by the office's answer, in which every desk that did not change keeps its object
// (the plan's memoised desks redraw only what changed); a plan the office said changed meanwhile is
// not drawn first.
import { describe, expect, it } from 'vitest';
import type { OfficeWeeks } from '../../../shared/contract/office-days';
import type { FloorPlanResponse, PlanDesk } from '../../../shared/office-api';
import { createOfficeDaysStore } from '../../../renderer/office-days/office-days-store';
import { fakeApi } from './fake-api';

const NOW = Date.parse('2026-12-08T02:00:00.000Z');
const site = { id: 'site_j', name: 'Jakarta', timeZone: 'Asia/Jakarta' };
const floors = ['floor_a', 'floor_b'].map((id) => ({ id, siteId: site.id, name: id, width: 600, height: 200 }));
const desk = (floorId: string, label: string, state: PlanDesk['state']): PlanDesk => ({
  id: `${floorId}_${label}`,
  floorId,
  zoneId: null,
  label,
  x: 0,
  y: 0,
  equipment: [],
  bookable: true,
  state,
  occupant: null,
});
const weeks: OfficeWeeks = {
  from: '2026-12-07',
  to: '2026-12-20',
  bookings: [],
  people: [],
  teamDays: [],
  policy: { daysAhead: 14, perWeek: 3, checkInBy: '10:00', cleanDesk: [] },
  sites: { sites: [site], floors },
  shareDesk: false,
  savedAt: null,
};

function setup() {
  // floor_a's second desk as the office says it now
  let secondA: PlanDesk['state'] = 'free';
  const answers: Array<() => void> = [];
  let hold = false;
  const plan = (floorId: string, day: string): FloorPlanResponse => ({
    site,
    floor: floors.find((f) => f.id === floorId)!,
    zones: [],
    day,
    desks: [desk(floorId, '1', 'free'), desk(floorId, '2', floorId === 'floor_a' ? secondA : 'free')],
  });
  const fake = fakeApi({
    handlers: {
      'tw:officeDays:weeks': () => ({ ok: true, value: weeks }),
      'tw:officeDays:waitlist': () => ({ ok: true, value: [] }),
      'tw:officeDays:plan': (p) => {
        const { floorId, day } = p as { floorId: string; day: string };
        const value = plan(floorId, day);
        if (!hold) return { ok: true, value };
        return new Promise((resolve) => answers.push(() => resolve({ ok: true, value })));
      },
    },
  });
  const store = createOfficeDaysStore(fake.api, () => NOW);
  return {
    fake,
    store,
    hold: (on: boolean) => void (hold = on),
    answer: () => answers.splice(0).forEach((a) => a()),
    book: (state: PlanDesk['state']) => void (secondA = state),
  };
}

describe('the Office days store’s floor plans', () => {
  it('draws a plan seen before at once, then keeps each unchanged desk’s object from the office’s answer', async () => {
    const t = setup();
    await t.store.getState().load();
    await t.store.getState().selectDay('2026-12-08');
    const first = t.store.getState().plan!;
    expect(first.floor.id).toBe('floor_a');
    await t.store.getState().selectFloor('floor_b');
    expect(t.store.getState().plan!.floor.id).toBe('floor_b');

    t.hold(true);
    t.book('booked');
    const back = t.store.getState().selectFloor('floor_a');
    // before the office answers: the plan last seen, as it was
    expect(t.store.getState().plan).toBe(first);
    t.answer();
    await back;
    const now = t.store.getState().plan!;
    expect(now).not.toBe(first);
    expect(now.desks[0]).toBe(first.desks[0]);
    expect(now.desks[1]).not.toBe(first.desks[1]);
    expect(now.desks[1]!.state).toBe('booked');
  });

  it('does not draw first a plan the office said changed while another was shown', async () => {
    const t = setup();
    t.store.getState().follow();
    await t.store.getState().load();
    await t.store.getState().selectDay('2026-12-08');
    await t.store.getState().selectFloor('floor_b');
    t.fake.emit('tw:officeDays!changed', { floorId: 'floor_a', day: '2026-12-08' });
    t.hold(true);
    const back = t.store.getState().selectFloor('floor_a');
    expect(t.store.getState().plan).toBeNull();
    t.answer();
    await back;
    expect(t.store.getState().plan!.floor.id).toBe('floor_a');
  });
});
