import { createStore } from 'zustand/vanilla';
import type { ContractErrorData, TeleworkerApi } from '../../shared/contract';
import type {
  BookResult,
  JoinWaitlistResult,
  OfficeDaysLive,
  OfficeWeeks,
  RefusedBooking,
} from '../../shared/contract/office-days';
import { addDays, dayIn, weekStart } from '../../shared/domain/office-days';
import type { FloorPlanResponse, WaitlistEntry } from '../../shared/office-api';

/** how the chosen desk is booked: the chosen day, every day to `until`, or some weekdays to `until` */
export type BookMode =
  { kind: 'day' } | { kind: 'range'; until: string } | { kind: 'weekdays'; until: string; weekdays: number[] };

export type Notice =
  | { kind: 'booked'; days: string[]; desk: string }
  | { kind: 'cancelled'; days: string[] }
  | { kind: 'refused'; refusal: Extract<BookResult, { state: 'refused' }>['refusal'] }
  | { kind: 'team-days'; days: string[] }
  | { kind: 'queued' }
  | { kind: 'released'; desk: string }
  | { kind: 'checked-out'; desk: string; queued: boolean }
  | { kind: 'waiting'; entry: WaitlistEntry }
  | { kind: 'wait-refused'; refusal: Extract<JoinWaitlistResult, { state: 'refused' }>['refusal'] }
  | { kind: 'offered'; floorId: string; day: string; desk: { id: string; label: string }; until: string };

/** a burst of desk events (a colleague's range, the release at the check-in hour) is one reload */
export const DESK_EVENT_COALESCE_MS = 150;

/** the clean-desk checklist before a check-out: asked from the section, or by the app on leaving the office LAN */
export interface CheckOutAsk {
  bookingId: string;
  deskLabel: string;
  cleanDesk: string[];
  /** the app asked: the user left the office LAN while checked in */
  left: boolean;
}

export interface OfficeDaysState {
  weeks: OfficeWeeks | null;
  /** the day the plan shows */
  day: string | null;
  floorId: string | null;
  plan: FloorPlanResponse | null;
  /** the desk picked on the plan or in the list */
  deskId: string | null;
  loading: boolean;
  busy: boolean;
  error: ContractErrorData | null;
  notice: Notice | null;
  /** what the main process asks about today's desk, and bookings queued or refused on arrival */
  live: OfficeDaysLive | null;
  /** the checklist opened from the section's Check out button */
  checkingOut: CheckOutAsk | null;
  /** my places on waiting lists (today and later) */
  waitlist: WaitlistEntry[];
  follow(): () => void;
  openCheckOut(bookingId: string): void;
  closeCheckOut(): Promise<void>;
  confirmCheckOut(bookingId: string): Promise<void>;
  answerRelease(release: boolean): Promise<void>;
  dismissRefused(outboxId: string): Promise<void>;
  bookSuggestion(refused: RefusedBooking): Promise<void>;
  load(): Promise<void>;
  selectDay(day: string): Promise<void>;
  selectFloor(floorId: string): Promise<void>;
  selectDesk(deskId: string | null): void;
  book(deskId: string, mode: BookMode): Promise<void>;
  cancel(bookingId: string): Promise<void>;
  cancelSeries(seriesId: string): Promise<void>;
  setShareDesk(share: boolean): Promise<void>;
  proposeTeamDay(day: string): Promise<void>;
  /** waits for a desk on the shown day: on the shown floor, or on any floor of its site */
  joinWaitlist(scope?: 'floor' | 'site'): Promise<void>;
  leaveWaitlist(id: string): Promise<void>;
}

/** floor plans kept for going back to them (a 500-desk plan is about 100 kB) */
const PLANS_KEPT = 8;

/**
 * The office's new answer for the plan on screen, with each desk that did not change kept as the
 * same object: the plan's memoised desks then redraw only what changed.
 */
export function sameDesks(before: FloorPlanResponse | null, after: FloorPlanResponse): FloorPlanResponse {
  if (!before || before.floor.id !== after.floor.id || before.day !== after.day) return after;
  const old = new Map(before.desks.map((d) => [d.id, d]));
  let kept = 0;
  const desks = after.desks.map((d) => {
    const o = old.get(d.id);
    if (o && JSON.stringify(o) === JSON.stringify(d)) {
      kept++;
      return o;
    }
    return d;
  });
  return kept === 0 ? after : { ...after, desks };
}

/** the weeks shown: this one and the next (Monday to Sunday) */
export const WEEKS_SHOWN = 2;

export const createOfficeDaysStore = (api: TeleworkerApi, now: () => number = Date.now) =>
  createStore<OfficeDaysState>()((set, get) => {
    const today = () => {
      const site = get().weeks?.sites.sites[0];
      return site ? dayIn(site.timeZone, now()) : dayIn(Intl.DateTimeFormat().resolvedOptions().timeZone, now());
    };
    // the plans last seen, by floor and day: going back to one draws it at once, and the office's
    // answer then redraws only the desks that changed (a desk that did not keep its object, and its memo)
    const seen = new Map<string, FloorPlanResponse>();
    const planKey = (floorId: string, day: string) => `${floorId} ${day}`;
    const remember = (plan: FloorPlanResponse) => {
      const key = planKey(plan.floor.id, plan.day);
      seen.delete(key);
      seen.set(key, plan);
      if (seen.size > PLANS_KEPT) seen.delete(seen.keys().next().value!);
    };
    const loadPlan = async () => {
      const { floorId, day } = get();
      if (!floorId || !day) return;
      const r = await api.officeDays.plan({ floorId, day });
      // a later choice may have replaced this one meanwhile
      if (get().floorId !== floorId || get().day !== day) return;
      if (!r.ok) {
        set({ error: r.error });
        return;
      }
      const plan = sameDesks(get().plan, r.value);
      remember(plan);
      set({ plan, error: null });
    };
    const shownFirst = (floorId: string | null, day: string | null) =>
      floorId && day ? (seen.get(planKey(floorId, day)) ?? null) : null;
    const refresh = async () => {
      await Promise.all([get().load(), loadPlan()]);
    };
    // desk events from the office: what they touch is asked for again, once per burst
    let pending: { plan: boolean; weeks: boolean } = { plan: false, weeks: false };
    let timer: ReturnType<typeof setTimeout> | null = null;
    const reloadSoon = (what: { plan?: boolean; weeks?: boolean }) => {
      pending = { plan: pending.plan || !!what.plan, weeks: pending.weeks || !!what.weeks };
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        const due = pending;
        pending = { plan: false, weeks: false };
        void Promise.all([due.weeks ? get().load() : null, due.plan ? loadPlan() : null]);
      }, DESK_EVENT_COALESCE_MS);
    };
    const shown = (floorId: string, day: string) => get().floorId === floorId && get().day === day;
    const inWeeks = (day: string) => {
      const w = get().weeks;
      return !!w && day >= w.from && day <= w.to;
    };
    return {
      weeks: null,
      day: null,
      floorId: null,
      plan: null,
      deskId: null,
      loading: false,
      busy: false,
      error: null,
      notice: null,
      live: null,
      checkingOut: null,
      waitlist: [],
      follow() {
        const take = (live: OfficeDaysLive) => {
          const before = get().live;
          set({ live });
          // a queued booking reached the office, the app checked a desk in, a question came or went
          // (the main process sends only changes)
          if (before) void refresh();
        };
        const off = api.officeDays.onLiveChanged(take);
        void api.officeDays.live().then((r) => r.ok && take(r.value));
        void get()
          .load()
          .then(async () => {
            if (get().day === null) await get().selectDay(today());
          });
        const offs = [
          off,
          // the plan on screen and my weeks (colleagues in, my own desks) follow the office's changes
          api.officeDays.onChanged(({ floorId, day }) => {
            // a plan known to be out of date is not drawn first when going back to it
            if (!shown(floorId, day)) seen.delete(planKey(floorId, day));
            reloadSoon({ plan: shown(floorId, day), weeks: inWeeks(day) });
          }),
          api.officeDays.onOffered((offer) => {
            set({ notice: { kind: 'offered', ...offer } });
            reloadSoon({ plan: shown(offer.floorId, offer.day), weeks: true });
          }),
        ];
        return () => {
          for (const off of offs) off();
          if (timer) clearTimeout(timer);
          timer = null;
        };
      },
      openCheckOut(bookingId) {
        const booking = get().weeks?.bookings.find((b) => b.id === bookingId);
        if (!booking) return;
        set({
          checkingOut: {
            bookingId,
            deskLabel: booking.deskLabel,
            cleanDesk: get().weeks?.policy.cleanDesk ?? [],
            left: false,
          },
        });
      },
      async closeCheckOut() {
        const asked = !get().checkingOut && get().live?.prompt?.kind === 'check-out';
        set({ checkingOut: null });
        if (asked) {
          const r = await api.officeDays.dismissPrompt();
          if (r.ok) set({ live: r.value });
        }
      },
      async confirmCheckOut(bookingId) {
        const ask = checkOutAsk(get());
        set({ busy: true, notice: null, error: null });
        const r = await api.officeDays.checkOut({ bookingId });
        if (!r.ok) {
          set({ busy: false, error: r.error });
          return;
        }
        set({
          busy: false,
          checkingOut: null,
          notice: { kind: 'checked-out', desk: ask?.deskLabel ?? '', queued: r.value.state === 'queued' },
        });
        const live = await api.officeDays.live();
        if (live.ok) set({ live: live.value });
        if (r.value.state === 'checked-out') await refresh();
      },
      async answerRelease(release) {
        const prompt = get().live?.prompt;
        if (prompt?.kind !== 'release') return;
        set({ busy: true, notice: null, error: null });
        const r = await api.officeDays.answerRelease({ bookingId: prompt.bookingId, release });
        if (!r.ok) {
          set({ busy: false, error: r.error });
          return;
        }
        set({
          busy: false,
          live: r.value,
          ...(release ? { notice: { kind: 'released', desk: prompt.deskLabel } } : {}),
        });
        if (release) await refresh();
      },
      async dismissRefused(outboxId) {
        const r = await api.officeDays.dismissRefused({ outboxId });
        set(r.ok ? { live: r.value } : { error: r.error });
      },
      async bookSuggestion(refused) {
        if (!refused.suggestion) return;
        if (get().floorId !== refused.suggestion.floorId) set({ floorId: refused.suggestion.floorId });
        await get().selectDay(refused.day);
        await get().book(refused.suggestion.id, { kind: 'day' });
        if (get().notice?.kind === 'booked') await get().dismissRefused(refused.outboxId);
      },
      async load() {
        set({ loading: true });
        const from = weekStart(today());
        const [r, waiting] = await Promise.all([
          api.officeDays.weeks({ from, to: addDays(from, 7 * WEEKS_SHOWN - 1) }),
          api.officeDays.waitlist(undefined),
        ]);
        if (!r.ok) {
          set({ loading: false, error: r.error });
          return;
        }
        const floorId = get().floorId ?? r.value.sites.floors[0]?.id ?? null;
        set({
          loading: false,
          weeks: r.value,
          floorId,
          error: null,
          ...(waiting.ok ? { waitlist: waiting.value } : {}),
        });
      },
      async selectDay(day) {
        set({ day, deskId: null, plan: shownFirst(get().floorId, day) });
        await loadPlan();
      },
      async selectFloor(floorId) {
        set({ floorId, deskId: null, plan: shownFirst(floorId, get().day) });
        await loadPlan();
      },
      selectDesk(deskId) {
        set({ deskId });
      },
      async book(deskId, mode) {
        const day = get().day;
        if (!day || get().busy) return;
        set({ busy: true, notice: null, error: null });
        const request =
          mode.kind === 'day'
            ? { deskId, day }
            : mode.kind === 'range'
              ? { deskId, from: day, to: mode.until }
              : { deskId, from: day, to: mode.until, weekdays: mode.weekdays };
        const r = await api.officeDays.book(request);
        if (!r.ok) set({ busy: false, error: r.error });
        else if (r.value.state === 'refused')
          set({ busy: false, notice: { kind: 'refused', refusal: r.value.refusal } });
        else if (r.value.state === 'queued') {
          set({ busy: false, notice: { kind: 'queued' } });
          const live = await api.officeDays.live();
          if (live.ok) set({ live: live.value });
          return;
        } else {
          const booked = r.value.bookings;
          set({
            busy: false,
            notice: { kind: 'booked', days: booked.map((b) => b.day), desk: booked[0]?.deskLabel ?? '' },
          });
        }
        await refresh();
      },
      async cancel(bookingId) {
        set({ busy: true, notice: null, error: null });
        const r = await api.officeDays.cancel({ bookingId });
        set(
          r.ok
            ? { busy: false, notice: { kind: 'cancelled', days: r.value.map((b) => b.day) } }
            : { busy: false, error: r.error },
        );
        await refresh();
      },
      async cancelSeries(seriesId) {
        set({ busy: true, notice: null, error: null });
        const r = await api.officeDays.cancelRange({ seriesId });
        set(
          r.ok
            ? { busy: false, notice: { kind: 'cancelled', days: r.value.map((b) => b.day) } }
            : { busy: false, error: r.error },
        );
        await refresh();
      },
      async setShareDesk(shareDesk) {
        const r = await api.officeDays.setShareDesk({ shareDesk });
        const weeks = get().weeks;
        if (r.ok && weeks) set({ weeks: { ...weeks, shareDesk: r.value } });
        else if (!r.ok) set({ error: r.error });
      },
      async proposeTeamDay(day) {
        set({ busy: true, notice: null, error: null });
        const r = await api.officeDays.proposeTeamDays({ days: [day] });
        set(r.ok ? { busy: false, notice: { kind: 'team-days', days: [day] } } : { busy: false, error: r.error });
        await get().load();
      },
      async joinWaitlist(scope = 'floor') {
        const { floorId, day } = get();
        if (!floorId || !day || get().busy) return;
        const siteId = get().weeks?.sites.floors.find((f) => f.id === floorId)?.siteId;
        if (scope === 'site' && !siteId) return;
        set({ busy: true, notice: null, error: null });
        const r = await api.officeDays.joinWaitlist(scope === 'site' ? { siteId: siteId!, day } : { floorId, day });
        if (!r.ok) set({ busy: false, error: r.error });
        else if (r.value.state === 'refused')
          set({ busy: false, notice: { kind: 'wait-refused', refusal: r.value.refusal } });
        else {
          const entry = r.value.entry;
          set({
            busy: false,
            notice: { kind: 'waiting', entry },
            waitlist: [...get().waitlist.filter((w) => w.id !== entry.id), entry],
          });
        }
      },
      async leaveWaitlist(id) {
        set({ busy: true, error: null });
        const r = await api.officeDays.leaveWaitlist({ id });
        const notice = get().notice;
        const stale = notice?.kind === 'waiting' && notice.entry.id === id;
        set(
          r.ok
            ? { busy: false, waitlist: r.value, ...(stale ? { notice: null } : {}) }
            : { busy: false, error: r.error },
        );
      },
    };
  });
export type OfficeDaysStore = ReturnType<typeof createOfficeDaysStore>;

/** the checklist to show now: the one the user opened, else the one the app asked after leaving the LAN */
export function checkOutAsk(state: Pick<OfficeDaysState, 'checkingOut' | 'live'>): CheckOutAsk | null {
  if (state.checkingOut) return state.checkingOut;
  const prompt = state.live?.prompt;
  return prompt?.kind === 'check-out'
    ? { bookingId: prompt.bookingId, deskLabel: prompt.deskLabel, cleanDesk: prompt.cleanDesk, left: true }
    : null;
}
