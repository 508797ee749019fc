// Office days and hot desks: asked of the office on each call. A booking is the office's to decide
// (the last desk goes to one person), so nothing here guesses; a refusal comes back as an answer
// with the office's reason and the free desk it names.
//
// What the module does by itself follows the connection (check-in.ts decides, from the
// connectivity state): on the office LAN today's booking is checked in; over the VPN before the
// check-in hour it asks once whether to release the desk; leaving the office LAN while checked in
// it shows the clean-desk checklist. A booking or a check-out made while the office is out of
// reach waits in the outbox like every other change.
import { DeskPromptSchema, OfficePlanSchema, OfficeWeeksSchema } from '../../../shared/contract/office-days';
import type { BookResult, CheckOutResult, DeskPrompt, OfficeDaysLive } from '../../../shared/contract/office-days';
import { officeReachable } from '../../../shared/domain/connectivity-tone';
import type { ConnectivityState } from '../../../shared/domain/connectivity';
import { dayIn, minuteOfDayIn } from '../../../shared/domain/office-days';
import { translate } from '../../../shared/i18n';
import {
  BookRequest,
  BookingRefusal,
  BookingResponse,
  BookingsResponse,
  CheckOutResponse,
  DeskPolicy,
  DeskPolicyResponse,
  DeskSharingResponse,
  FloorPlanResponse,
  OfficeDaysResponse,
  SitesResponse,
  TeamDaysResponse,
  WaitlistEntryResponse,
  WaitlistRefusal,
  WaitlistResponse,
} from '../../../shared/office-api';
import type { Booking } from '../../../shared/office-api';
import { disposables, listenerSet } from '../../../shared/disposables';
import { networkPort } from '../feature-ports';
import { defineModule } from '../module';
import { OfficeError } from '../office-client/http';
import { rethrowForContract } from '../office/office-errors';
import { bookDesk, checkOutDesk } from './commands';
import { z } from 'zod';

/** the sites and the office's desk policy, kept so the checklist and "today" work with the office out of reach */
const CONTEXT_KEY = 'officeDays.context';
/** desks the user has seen (id → label, floor): a queued booking is shown by its desk's label */
const DESKS_KEY = 'officeDays.desks';
/** the booking checked in today: {day, bookingId, deskLabel} */
const CHECKED_IN_KEY = 'officeDays.checkedIn';
/** the booking checked out today (bookingId) */
const CHECKED_OUT_KEY = 'officeDays.checkedOut';
/** the day the release question was asked (once a day, whatever the answer) */
const ASKED_KEY = 'officeDays.releaseAsked';
/** the open question or checklist (DeskPrompt as JSON) */
const PROMPT_KEY = 'officeDays.prompt';
/** whose these keys are: another person signing in on this computer starts without them */
const OWNER_KEY = 'officeDays.owner';
/** the office's last weeks, shown (saying when) while the office is out of reach */
const WEEKS_KEY = 'officeDays.weeks';
/** the office's last plans by floor and day, as for the weeks: at most PLANS_KEPT, the newest */
const PLANS_KEY = 'officeDays.plans';
const PLANS_KEPT = 4;
const KEYS = [CONTEXT_KEY, DESKS_KEY, CHECKED_IN_KEY, CHECKED_OUT_KEY, ASKED_KEY, PROMPT_KEY, WEEKS_KEY, PLANS_KEY];
const SavedPlans = z.array(z.object({ key: z.string(), plan: OfficePlanSchema }));

/** the office did not answer (no route, no answer in time, a server failure): a kept copy may stand in */
const outOfReach = (error: unknown) =>
  error instanceof OfficeError &&
  (error.kind === 'network' || error.kind === 'timeout' || (error.kind === 'http' && (error.status ?? 0) >= 500));

const Context = z.object({ sites: SitesResponse, policy: DeskPolicy });
type Context = z.infer<typeof Context>;
const Desks = z.record(z.string(), z.object({ label: z.string(), floorId: z.string() }));
const CheckedIn = z.object({ day: z.string(), bookingId: z.string(), deskLabel: z.string() });
type CheckedIn = z.infer<typeof CheckedIn>;

/** The office was not reached at all (as opposed to an answer): worth queueing. */
const unreached = (error: unknown) =>
  error instanceof OfficeError && (error.kind === 'network' || error.kind === 'timeout');

export const officeDaysModule = defineModule({
  name: 'office-days',
  area: 'officeDays',
  commands: [bookDesk, checkOutDesk],
  requires: { network: networkPort },
  create({ office, clock, logger, notifications, preferences }, { network }) {
    const ask = <T>(p: Promise<T>): Promise<T> => p.catch(rethrowForContract);
    const stops = disposables();
    const liveListeners = listenerSet<[OfficeDaysLive]>();
    /** suggestions for refused queued bookings, by outbox id (null: none free) */
    const suggestions = new Map<string, OfficeDaysLive['refused'][number]['suggestion']>();
    const suggesting = new Set<string>();

    const read = <T>(key: string, schema: z.ZodType<T>): T | null => {
      const text = office.cache.getSetting(key);
      if (text === null) return null;
      try {
        const parsed = schema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    };
    const write = (key: string, value: unknown) =>
      office.cache.setSetting(key, value === null ? null : JSON.stringify(value));

    const rememberDesks = (desks: Array<{ id: string; label: string; floorId: string }>) => {
      if (desks.length === 0) return;
      const known = read(DESKS_KEY, Desks) ?? {};
      for (const d of desks) known[d.id] = { label: d.label, floorId: d.floorId };
      write(DESKS_KEY, known);
    };
    const rememberBookings = (bookings: Booking[]) =>
      rememberDesks(bookings.map((b) => ({ id: b.deskId, label: b.deskLabel, floorId: b.floorId })));

    // ---- today, in the office's calendar ----

    let context: Context | null = null;
    const loadContext = async (): Promise<Context | null> => {
      if (context) return context;
      context = read(CONTEXT_KEY, Context);
      if (context) return context;
      if (!office.me() || !officeReachable(network.current().status)) return null;
      const [sites, policy] = await Promise.all([
        office.request('GET', '/sites', { schema: SitesResponse }),
        office.request('GET', '/desks/policy', { schema: DeskPolicyResponse }),
      ]);
      context = { sites, policy: policy.policy };
      write(CONTEXT_KEY, context);
      return context;
    };
    const timeZoneOf = (ctx: Context, floorId: string) => {
      const siteId = ctx.sites.floors.find((f) => f.id === floorId)?.siteId;
      return (
        ctx.sites.sites.find((s) => s.id === siteId)?.timeZone ??
        ctx.sites.sites[0]?.timeZone ??
        Intl.DateTimeFormat().resolvedOptions().timeZone
      );
    };
    /** today in each site's calendar (they can differ by a day) */
    const todays = (ctx: Context) => {
      const now = clock().getTime();
      const days = ctx.sites.sites.map((s) => dayIn(s.timeZone, now)).sort();
      return days.length ? days : [dayIn(Intl.DateTimeFormat().resolvedOptions().timeZone, now)];
    };
    /** my booking for today, as the office tells it now (null: none, or the office is out of reach) */
    const todaysBooking = async (): Promise<{ booking: Booking; ctx: Context } | null> => {
      const ctx = await loadContext();
      if (!ctx) return null;
      const days = todays(ctx);
      const r = await office.request('GET', '/bookings', {
        schema: BookingsResponse,
        query: { from: days[0]!, to: days[days.length - 1]! },
      });
      rememberBookings(r.bookings);
      const now = clock().getTime();
      const booking = r.bookings.find((b) => b.day === dayIn(timeZoneOf(ctx, b.floorId), now));
      return booking ? { booking, ctx } : null;
    };

    // ---- what the section shows: the open prompt, queued and refused bookings ----

    const currentPrompt = (): DeskPrompt | null => {
      const prompt = read(PROMPT_KEY, z.unknown());
      if (prompt === null) return null;
      const parsed = DeskPromptSchema.safeParse(prompt);
      if (!parsed.success) return null;
      // yesterday's question is no question today
      const ctx = context ?? read(CONTEXT_KEY, Context);
      if (ctx && !todays(ctx).includes(parsed.data.day)) return null;
      return parsed.data;
    };
    const setPrompt = (prompt: DeskPrompt | null) => {
      write(PROMPT_KEY, prompt);
      changed();
    };

    const live = (): OfficeDaysLive => {
      const prompt = office.me() ? currentPrompt() : null;
      if (!office.me()) return { prompt: null, checkedIn: null, pending: [], refused: [] };
      const desks = read(DESKS_KEY, Desks) ?? {};
      const pending: OfficeDaysLive['pending'] = [];
      const refused: OfficeDaysLive['refused'] = [];
      for (const item of office.outbox.list()) {
        if (item.kind !== 'desk-booking') continue;
        const body = BookRequest.safeParse(item.body);
        if (!body.success) continue;
        const day = 'day' in body.data ? body.data.day : body.data.from;
        const to = 'day' in body.data ? body.data.day : body.data.to;
        const shown = {
          outboxId: item.id,
          deskId: body.data.deskId,
          deskLabel: desks[body.data.deskId]?.label ?? '',
          day,
          to,
        };
        if (item.state === 'pending') pending.push(shown);
        else {
          refused.push({
            ...shown,
            code: item.lastErrorCode,
            reason: item.lastError ?? '',
            suggestion: suggestions.get(item.id) ?? null,
          });
          if (!suggestions.has(item.id)) void suggest(item.id, body.data.deskId, day);
        }
      }
      const marked = read(CHECKED_IN_KEY, CheckedIn);
      const ctx = context ?? read(CONTEXT_KEY, Context);
      const checkedIn =
        marked &&
        ctx &&
        todays(ctx).includes(marked.day) &&
        office.cache.getSetting(CHECKED_OUT_KEY) !== marked.bookingId
          ? marked.bookingId
          : null;
      return { prompt, checkedIn, pending, refused };
    };

    let lastSent = '';
    const changed = () => {
      const now = live();
      const text = JSON.stringify(now);
      if (text === lastSent) return;
      lastSent = text;
      liveListeners.emit(now);
    };

    /** a refused queued booking: a desk on the same floor that is free that day, as the office says now */
    const suggest = async (outboxId: string, deskId: string, day: string) => {
      const floorId = (read(DESKS_KEY, Desks) ?? {})[deskId]?.floorId;
      if (!floorId || suggesting.has(outboxId) || !officeReachable(network.current().status)) return;
      suggesting.add(outboxId);
      try {
        const plan = await office.request('GET', `/floors/${encodeURIComponent(floorId)}/plan`, {
          schema: FloorPlanResponse,
          query: { day },
        });
        rememberDesks(plan.desks);
        const free = plan.desks
          .filter((d) => d.state === 'free')
          .sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }))[0];
        suggestions.set(outboxId, free ? { id: free.id, label: free.label, floorId: free.floorId } : null);
        changed();
      } catch (error) {
        logger.warn(`office days: no desk to suggest for a refused booking: ${(error as Error).message}`);
      } finally {
        suggesting.delete(outboxId);
      }
    };

    // ---- following the connection ----

    /** the app last saw the office LAN (degraded keeps it: a slow LAN is still the office) */
    let onLan = false;

    const checkIn = async () => {
      const today = await todaysBooking();
      if (!today) return;
      const { booking } = today;
      const mark: CheckedIn = { day: booking.day, bookingId: booking.id, deskLabel: booking.deskLabel };
      const marked = read(CHECKED_IN_KEY, CheckedIn);
      if (booking.checkedInAt === null && !(marked?.bookingId === booking.id && marked.day === booking.day)) {
        try {
          await office.request('POST', `/bookings/${encodeURIComponent(booking.id)}/check-in`, {
            schema: BookingResponse,
          });
        } catch (error) {
          // released at the check-in hour, or for another day: the office said no, not asked again today
          if (!(error instanceof OfficeError && error.status === 409)) throw error;
          logger.info(`office days: the office did not check desk ${booking.deskLabel} in: ${error.message}`);
        }
      }
      write(CHECKED_IN_KEY, mark);
      const prompt = currentPrompt();
      if (prompt?.bookingId === booking.id) setPrompt(null);
      else changed();
    };

    const askRelease = async () => {
      const today = await todaysBooking();
      if (!today) return;
      const { booking, ctx } = today;
      // the connection moved on while the office answered: the VPN is no longer what the app sees
      if (network.current().status !== 'office-via-vpn') return;
      if (booking.checkedInAt !== null || office.cache.getSetting(ASKED_KEY) === booking.day) return;
      const [h, m] = ctx.policy.checkInBy.split(':').map(Number) as [number, number];
      if (minuteOfDayIn(timeZoneOf(ctx, booking.floorId), clock().getTime()) >= h * 60 + m) return;
      office.cache.setSetting(ASKED_KEY, booking.day);
      setPrompt({ kind: 'release', bookingId: booking.id, deskLabel: booking.deskLabel, day: booking.day });
      const locale = preferences.locale();
      const title = translate(locale, 'officeDays.ask.releaseTitle');
      const body = translate(locale, 'officeDays.ask.release', { desk: booking.deskLabel });
      notifications.notify({ title, body, target: { section: 'office-days' } });
    };

    const leftOffice = () => {
      const marked = read(CHECKED_IN_KEY, CheckedIn);
      const ctx = context ?? read(CONTEXT_KEY, Context);
      if (!marked || !ctx || !todays(ctx).includes(marked.day)) return;
      if (office.cache.getSetting(CHECKED_OUT_KEY) === marked.bookingId) return;
      setPrompt({
        kind: 'check-out',
        bookingId: marked.bookingId,
        deskLabel: marked.deskLabel,
        day: marked.day,
        cleanDesk: ctx.policy.cleanDesk,
      });
      const locale = preferences.locale();
      const title = translate(locale, 'officeDays.checkOut.leftTitle');
      const body = translate(locale, 'officeDays.checkOut.leftBody', { desk: marked.deskLabel });
      notifications.notify({ title, body, target: { section: 'office-days' } });
    };

    const notifyOffer = (offer: { day: string; desk: { label: string }; until: string }) => {
      const locale = preferences.locale();
      const until = new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(Date.parse(offer.until));
      const title = translate(locale, 'officeDays.waitlist.notifyTitle');
      const body = translate(locale, 'officeDays.waitlist.notifyBody', {
        desk: offer.desk.label,
        day: offer.day,
        until,
      });
      notifications.notify({ title, body, locked: { title, body }, target: { section: 'office-days' } });
    };

    // one look at a time, in the order the states came: a flapping connection never checks in twice
    let chain: Promise<void> = Promise.resolve();
    const follow = (state: ConnectivityState) => {
      const wasOnLan = onLan;
      if (state === 'office-lan') onLan = true;
      else if (state !== 'degraded') onLan = false;
      chain = chain
        .then(async () => {
          if (!office.me()) return;
          if (wasOnLan && !onLan) leftOffice();
          if (state === 'office-lan') {
            // back in the office before answering the checklist: there is nothing to check out of
            if (currentPrompt()?.kind === 'check-out') setPrompt(null);
            await checkIn();
          } else if (state === 'office-via-vpn') await askRelease();
        })
        .catch((error: unknown) => logger.warn(`office days: ${(error as Error).message}`));
    };

    const dropPrompt = (bookingId: string) => {
      if (currentPrompt()?.bookingId === bookingId) setPrompt(null);
    };

    return {
      area: 'officeDays',
      handlers: {
        async weeks({ from, to }) {
          let answers;
          try {
            answers = await Promise.all([
              office.request('GET', '/bookings', { schema: BookingsResponse, query: { from, to } }),
              office.request('GET', '/office-days', { schema: OfficeDaysResponse, query: { from, to } }),
              office.request('GET', '/desks/policy', { schema: DeskPolicyResponse }),
              office.request('GET', '/sites', { schema: SitesResponse }),
              office.request('GET', '/desks/sharing', { schema: DeskSharingResponse }),
            ]);
          } catch (error) {
            const saved = outOfReach(error) ? read(WEEKS_KEY, OfficeWeeksSchema) : null;
            if (saved) return saved;
            return rethrowForContract(error);
          }
          const [bookings, days, policy, sites, sharing] = answers;
          context = { sites, policy: policy.policy };
          write(CONTEXT_KEY, context);
          rememberBookings(bookings.bookings);
          const weeks = {
            from,
            to,
            bookings: bookings.bookings,
            people: days.people,
            teamDays: days.teamDays,
            policy: policy.policy,
            sites,
            shareDesk: sharing.shareDesk,
          };
          write(WEEKS_KEY, { ...weeks, savedAt: clock().getTime() });
          return { ...weeks, savedAt: null };
        },
        async plan({ floorId, day }) {
          const key = `${floorId}|${day}`;
          let plan;
          try {
            plan = await office.request('GET', `/floors/${encodeURIComponent(floorId)}/plan`, {
              schema: FloorPlanResponse,
              query: { day },
            });
          } catch (error) {
            const saved = outOfReach(error) ? read(PLANS_KEY, SavedPlans)?.find((p) => p.key === key) : undefined;
            if (saved) return saved.plan;
            return rethrowForContract(error);
          }
          rememberDesks(plan.desks);
          const kept = (read(PLANS_KEY, SavedPlans) ?? []).filter((p) => p.key !== key).slice(0, PLANS_KEPT - 1);
          write(PLANS_KEY, [{ key, plan: { ...plan, savedAt: clock().getTime() } }, ...kept]);
          return { ...plan, savedAt: null };
        },
        async book(request): Promise<BookResult> {
          const queue = (): BookResult => {
            const item = office.enqueue(bookDesk, {}, request);
            changed();
            return { state: 'queued', outboxId: item.id };
          };
          if (!officeReachable(network.current().status)) return queue();
          try {
            const r = await office.request('POST', '/bookings', { schema: BookingsResponse, body: request });
            rememberBookings(r.bookings);
            // booked today from the office itself: the desk is checked in at once, as on arrival
            if (network.current().status === 'office-lan') follow('office-lan');
            return { state: 'booked' as const, bookings: r.bookings };
          } catch (error) {
            if (unreached(error)) return queue();
            const refusal =
              error instanceof OfficeError && error.status === 409 ? BookingRefusal.safeParse(error.body) : null;
            if (refusal?.success) return { state: 'refused' as const, refusal: refusal.data.error };
            return rethrowForContract(error);
          }
        },
        cancel: async ({ bookingId }) => {
          const r = (
            await ask(
              office.request('DELETE', `/bookings/${encodeURIComponent(bookingId)}`, { schema: BookingsResponse }),
            )
          ).bookings;
          dropPrompt(bookingId);
          return r;
        },
        cancelRange: async (request) =>
          (await ask(office.request('POST', '/bookings/cancel', { schema: BookingsResponse, body: request }))).bookings,
        setShareDesk: async ({ shareDesk }) =>
          (await ask(office.request('PUT', '/desks/sharing', { schema: DeskSharingResponse, body: { shareDesk } })))
            .shareDesk,
        proposeTeamDays: async ({ days }) =>
          (await ask(office.request('POST', '/team-days', { schema: TeamDaysResponse, body: { days } }))).teamDays,
        live: () => live(),
        async answerRelease({ bookingId, release }) {
          if (release)
            await ask(
              office.request('DELETE', `/bookings/${encodeURIComponent(bookingId)}`, { schema: BookingsResponse }),
            );
          dropPrompt(bookingId);
          return live();
        },
        async checkOut({ bookingId }): Promise<CheckOutResult> {
          const done = (result: CheckOutResult) => {
            office.cache.setSetting(CHECKED_OUT_KEY, bookingId);
            dropPrompt(bookingId);
            changed();
            return result;
          };
          if (!officeReachable(network.current().status)) {
            office.enqueue(checkOutDesk, { bookingId }, undefined);
            return done({ state: 'queued' });
          }
          try {
            await office.request('POST', `/bookings/${encodeURIComponent(bookingId)}/check-out`, {
              schema: CheckOutResponse,
            });
            return done({ state: 'checked-out' });
          } catch (error) {
            if (!unreached(error)) return rethrowForContract(error);
            office.enqueue(checkOutDesk, { bookingId }, undefined);
            return done({ state: 'queued' });
          }
        },
        dismissPrompt() {
          setPrompt(null);
          return live();
        },
        dismissRefused({ outboxId }) {
          office.outbox.discard(outboxId);
          suggestions.delete(outboxId);
          changed();
          return live();
        },
        waitlist: async () => (await ask(office.request('GET', '/waitlist', { schema: WaitlistResponse }))).entries,
        async joinWaitlist(request) {
          try {
            const r = await office.request('POST', '/waitlist', { schema: WaitlistEntryResponse, body: request });
            return { state: 'joined' as const, entry: r.entry };
          } catch (error) {
            const refusal =
              error instanceof OfficeError && error.status === 409 ? WaitlistRefusal.safeParse(error.body) : null;
            if (refusal?.success) return { state: 'refused' as const, refusal: refusal.data.error };
            return rethrowForContract(error);
          }
        },
        leaveWaitlist: async ({ id }) =>
          (await ask(office.request('DELETE', `/waitlist/${encodeURIComponent(id)}`, { schema: WaitlistResponse })))
            .entries,
      },
      // the app's own question and queue, and the office's word that a floor changed, or that a freed
      // desk is offered to me, to an open section
      attach(emit) {
        const offLive = liveListeners.on((payload) => emit('liveChanged', payload));
        const offEvents = office.onEvent((event) => {
          if (event.type === 'desks.changed') emit('changed', { floorId: event.floorId, day: event.day });
          else if (event.type === 'desks.offered')
            emit('offered', { floorId: event.floorId, day: event.day, desk: event.desk, until: event.until });
        });
        return () => {
          offLive();
          offEvents();
        };
      },
      start() {
        stops.add(
          // a freed desk offered to me from the waiting list: a head start of minutes, so said at once,
          // whether or not a window shows the section
          office.onEvent((event) => {
            if (event.type === 'desks.offered' && office.me()) notifyOffer(event);
          }),
          network.onChange((status) => follow(status.status)),
          office.onSyncChange(() => changed()),
          office.session.onChange(() => {
            context = null;
            const me = office.me()?.id;
            if (me && office.cache.getSetting(OWNER_KEY) !== me) {
              for (const key of KEYS) office.cache.setSetting(key, null);
              office.cache.setSetting(OWNER_KEY, me);
            }
            follow(network.current().status);
            changed();
          }),
        );
        follow(network.current().status);
      },
      stop() {
        stops.dispose();
      },
    };
  },
});
