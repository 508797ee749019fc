// The waiting list for a desk, and the live word that a floor's desks changed.
//
// Anyone who finds no free desk on a floor and day may wait for one, on that floor or on any floor of
// its site. The queue is the site's of that day. When a desk is freed that day (a cancellation, a
// check-out, or the release of unused desks at the check-in hour), it is offered to the first person
// in line whose wait contains it (its floor, or its site): an event naming the desk, and the offer in
// their list. A person waiting twice (a floor, and the whole site) holds one offer at a time.
// An offer is a head start, not a hold: the desk stays free and bookable by anyone, so nobody finds
// a free-looking desk refused. The offered person accepts by booking it (or any desk that day, which
// takes them off the list). An offer not taken within WAITLIST_OFFER_MINUTES passes on: the person
// goes to the back of the queue and the next one is offered the desk (checked at every sweep).
//
// Offers for one site and day are worked out one at a time in this process. Two nodes may both
// offer one desk at the same moment; since an offer is no hold, the worst is two people told of the
// same desk, one of whom is refused with the next free desk when booking.
import { addDays, dayIn } from '../../shared/domain/office-days';
import { WAITLIST_OFFER_MINUTES, type WaitlistEntry, type WaitlistRefusal } from '../../shared/office-api';
import type { ServerContext } from '../context';
import type { DeskRecord, UserRecord, WaitRecord } from '../data/store';
import { notFound } from '../http/errors';
import { iso } from './views';

export const OFFER_MS = WAITLIST_OFFER_MINUTES * 60_000;
/** a burst of changes (a range of days, 10 winners of a race) becomes one event per floor and day */
const CHANGE_COALESCE_MS = 50;

interface DeskEventState {
  pending: Set<string>;
  timer: NodeJS.Timeout | null;
  /** the free desk a refusal names, per floor, day and zone, until a desk of that floor and day changes */
  nextFree: Map<string, { at: number; desk: Promise<DeskRecord | null> }>;
  /** per site and day: the offers being worked out, one run after the other */
  offering: Map<string, Promise<void>>;
}
const states = new WeakMap<ServerContext, DeskEventState>();
const stateOf = (ctx: ServerContext): DeskEventState => {
  let s = states.get(ctx);
  if (!s) states.set(ctx, (s = { pending: new Set(), timer: null, offering: new Map(), nextFree: new Map() }));
  return s;
};
const key = (floorId: string, day: string) => `${floorId}\u0000${day}`;

/**
 * Tells every signed-up person that desks of this floor changed on that day, so an open plan asks
 * again. Not awaited by the request that caused it: the answer is not held up by the fan-out.
 */
export function desksChanged(ctx: ServerContext, floorId: string, day: string): void {
  const s = stateOf(ctx);
  const k = key(floorId, day);
  for (const n of s.nextFree.keys()) if (n.startsWith(k)) s.nextFree.delete(n);
  s.pending.add(k);
  if (s.timer) return;
  s.timer = setTimeout(() => {
    s.timer = null;
    const keys = [...s.pending];
    s.pending.clear();
    void publishChanges(ctx, keys).catch((err: unknown) =>
      ctx.log.warn({ err }, 'telling clients that desks changed failed (an open plan shows it at its next load)'),
    );
  }, CHANGE_COALESCE_MS);
  s.timer.unref();
}

async function publishChanges(ctx: ServerContext, keys: string[]): Promise<void> {
  // everyone with the app open (an event socket on any node): who looks at which floor is not known
  // to the server, and the event names no person. Someone offline is not sent it: the section asks
  // for the plan when it opens. (Not everyone: a row per recipient for every booking would cost the
  // booking rush more than it gives.)
  const audience = await ctx.store.presence.listConnected();
  for (const k of keys) {
    const [floorId, day] = k.split('\u0000') as [string, string];
    await ctx.hub.publish({ type: 'desks.changed', floorId, day }, audience);
  }
}

/** how long a named free desk is reused when no change was seen here (another node's booking) */
const NEXT_FREE_MS = 1000;

/**
 * The free desk a refusal names. When 190 of 200 people racing for 10 desks are refused, they are
 * told the same desk: it is looked for once, not 190 times over a floor of 500 desks. It is only a
 * suggestion (booking it is decided by the database like any booking), so a second's staleness from
 * another node is harmless; a change seen here forgets it at once.
 */
export function nextFreeDesk(
  ctx: ServerContext,
  floorId: string,
  day: string,
  preferZoneId: string | null,
): Promise<DeskRecord | null> {
  const { nextFree } = stateOf(ctx);
  const k = `${key(floorId, day)}\u0000${preferZoneId ?? ''}`;
  const now = Date.now();
  const hit = nextFree.get(k);
  if (hit && now - hit.at < NEXT_FREE_MS) return hit.desk;
  const desk = ctx.store.desks.nextFreeDesk(floorId, day, preferZoneId);
  // a bound, not an eviction policy: the entries are cheap to make again
  if (nextFree.size >= 1000) nextFree.clear();
  nextFree.set(k, { at: now, desk });
  desk.catch(() => nextFree.delete(k));
  return desk;
}

/** a desk of the floor was freed that day: the change is told, and the waiting list offered it */
export async function desksFreed(ctx: ServerContext, floorId: string, day: string): Promise<void> {
  desksChanged(ctx, floorId, day);
  await offerFreeDesks(ctx, floorId, day);
}

/** a desk of the floor was freed: the site's free desks of that day are offered to those waiting */
export async function offerFreeDesks(ctx: ServerContext, floorId: string, day: string): Promise<void> {
  const floor = await ctx.store.desks.getFloor(floorId);
  if (floor) await offerSiteDesks(ctx, floor.siteId, day);
}

/** offers the site's free desks of that day to those waiting, in queue order; one run at a time */
function offerSiteDesks(ctx: ServerContext, siteId: string, day: string): Promise<void> {
  const { offering } = stateOf(ctx);
  const k = key(siteId, day);
  const run = (offering.get(k) ?? Promise.resolve()).then(() => offerNow(ctx, siteId, day));
  const settled = run.catch(() => undefined);
  offering.set(k, settled);
  void settled.then(() => {
    if (offering.get(k) === settled) offering.delete(k);
  });
  return run;
}

/** the site's desks, by floor in the order the site lists them, each floor's by label */
async function siteDesks(ctx: ServerContext, siteId: string): Promise<DeskRecord[]> {
  const floors = (await ctx.store.desks.listFloors()).filter((f) => f.siteId === siteId);
  return (await Promise.all(floors.map((f) => ctx.store.desks.listDesks(f.id)))).flat();
}

/** the wait contains the desk: its floor, or any floor of the site */
const within = (w: { floorId: string | null }, desk: { floorId: string }) =>
  w.floorId === null || w.floorId === desk.floorId;

async function offerNow(ctx: ServerContext, siteId: string, day: string): Promise<void> {
  const waiting = await ctx.store.desks.listWaitlist({ from: day, to: day, siteId });
  if (waiting.length === 0) return;
  const now = ctx.now();
  const [desks, theirs] = await Promise.all([
    siteDesks(ctx, siteId),
    ctx.store.desks.listBookings({ from: day, to: day, userIds: waiting.map((w) => w.userId) }),
  ]);
  const floorIds = [...new Set(desks.map((d) => d.floorId))];
  const bookings = (
    await Promise.all(floorIds.map((floorId) => ctx.store.desks.listBookings({ from: day, to: day, floorId })))
  ).flat();
  // who has a desk that day (this floor or another) waits no longer
  const seated = new Set(theirs.filter((b) => b.releasedAt === null).map((b) => b.userId));
  const done = waiting.filter((w) => seated.has(w.userId));
  if (done.length > 0) await ctx.store.desks.removeWaits(done.map((w) => w.id));

  const taken = new Set(bookings.filter((b) => b.releasedAt === null).map((b) => b.deskId));
  const free = desks.filter((d) => d.bookable && !taken.has(d.id));
  const held = new Set<string>();
  /** people with a standing offer: one desk at a time, however many waits they have */
  const offered = new Set<string>();
  const queue: WaitRecord[] = [];
  const lapsed: WaitRecord[] = [];
  for (const w of waiting) {
    if (seated.has(w.userId)) continue;
    if (w.offeredDeskId !== null && w.offeredAt !== null) {
      if (now - w.offeredAt >= OFFER_MS) {
        lapsed.push(w);
        continue;
      }
      // a standing offer of a desk still free keeps it; one whose desk was taken gets another below
      if (!held.has(w.offeredDeskId) && free.some((d) => d.id === w.offeredDeskId && within(w, d))) {
        held.add(w.offeredDeskId);
        offered.add(w.userId);
        continue;
      }
    }
    queue.push(w);
  }
  // an offer not taken in time: that person goes to the back of the queue
  for (const w of lapsed) {
    await ctx.store.desks.setWaitOffer(w.id, null, now);
    queue.push({ ...w, offeredDeskId: null, offeredAt: null, createdAt: now });
  }
  for (const w of queue) {
    const desk = offered.has(w.userId) ? undefined : free.find((d) => !held.has(d.id) && within(w, d));
    if (!desk) {
      if (w.offeredDeskId !== null) await ctx.store.desks.setWaitOffer(w.id, null);
      continue;
    }
    held.add(desk.id);
    offered.add(w.userId);
    await ctx.store.desks.setWaitOffer(w.id, { deskId: desk.id, at: now });
    await ctx.hub.publish(
      {
        type: 'desks.offered',
        floorId: desk.floorId,
        day,
        desk: { id: desk.id, label: desk.label },
        until: iso(now + OFFER_MS),
      },
      [w.userId],
    );
  }
}

/** the earliest "today" of any site: a day still today somewhere is not past */
async function earliestToday(ctx: ServerContext): Promise<string> {
  const sites = await ctx.store.desks.listSites();
  return sites.map((s) => dayIn(s.timeZone, ctx.now())).sort()[0] ?? dayIn('UTC', ctx.now());
}

/**
 * At every sweep: offers that lapsed pass on, and a desk freed without a word (another node's
 * release, a desk made bookable) still reaches the queue. Past days' entries are dropped.
 */
export async function sweepWaitlists(ctx: ServerContext): Promise<void> {
  const today = await earliestToday(ctx);
  const past = await ctx.store.desks.listWaitlist({ from: '0000-01-01', to: addDays(today, -1) });
  if (past.length > 0) await ctx.store.desks.removeWaits(past.map((w) => w.id));
  const all = await ctx.store.desks.listWaitlist({ from: today, to: addDays(today, 3660) });
  const keys = new Map<string, { siteId: string; day: string }>();
  for (const w of all) keys.set(key(w.siteId, w.day), { siteId: w.siteId, day: w.day });
  for (const { siteId, day } of keys.values()) await offerSiteDesks(ctx, siteId, day);
}

export type JoinOutcome = { status: 201; body: { entry: WaitlistEntry } } | { status: 409; body: WaitlistRefusal };

const waitRefusal = (
  code: WaitlistRefusal['error']['code'],
  message: string,
  next: { id: string; label: string; floorId: string } | null = null,
): { status: 409; body: WaitlistRefusal } => ({
  status: 409,
  body: {
    error: { code, message, nextFreeDesk: next ? { id: next.id, label: next.label, floorId: next.floorId } : null },
  },
});

export async function joinWaitlist(
  ctx: ServerContext,
  user: UserRecord,
  req: { floorId: string; day: string } | { siteId: string; day: string },
): Promise<JoinOutcome> {
  const floor = 'floorId' in req ? await ctx.store.desks.getFloor(req.floorId) : null;
  if ('floorId' in req && !floor) throw notFound('floor');
  const site = await ctx.store.desks.getSite(floor ? floor.siteId : (req as { siteId: string }).siteId);
  if (!site) throw notFound('site');
  const today = dayIn(site.timeZone, ctx.now());
  const last = addDays(today, ctx.deskPolicy.daysAhead);
  if (req.day < today) return waitRefusal('booking_limit', 'a day in the past cannot be waited for');
  if (req.day > last)
    return waitRefusal(
      'booking_limit',
      `desks can be booked at most ${ctx.deskPolicy.daysAhead} days ahead (until ${last})`,
    );
  const mine = await ctx.store.desks.listBookings({ from: req.day, to: req.day, userIds: [user.id] });
  const held = mine.find((b) => b.releasedAt === null);
  if (held) return waitRefusal('already_booked', `you already have a desk on ${req.day}`);
  const floorIds = floor
    ? [floor.id]
    : (await ctx.store.desks.listFloors()).filter((f) => f.siteId === site.id).map((f) => f.id);
  for (const floorId of floorIds) {
    const next = await ctx.store.desks.nextFreeDesk(floorId, req.day, null);
    if (next) return waitRefusal('desk_free', `desk ${next.label} is free on ${req.day}: book it`, next);
  }
  const floorId = floor?.id ?? null;
  await ctx.store.desks.joinWaitlist({ userId: user.id, siteId: site.id, floorId, day: req.day, createdAt: ctx.now() });
  const entry = (await myWaitlist(ctx, user, req.day)).find((e) => e.siteId === site.id && e.floorId === floorId);
  if (!entry) throw notFound('waiting list entry');
  return { status: 201, body: { entry } };
}

/** my places on waiting lists from today (or that one day), each with its position and any offer */
export async function myWaitlist(ctx: ServerContext, user: UserRecord, day?: string): Promise<WaitlistEntry[]> {
  const from = day ?? (await earliestToday(ctx));
  const to = day ?? addDays(from, 3660);
  const mine = await ctx.store.desks.listWaitlist({ from, to, userId: user.id });
  if (mine.length === 0) return [];
  // a day the person has a desk by now is not waited for (the entry goes at the next offer or sweep)
  const booked = await ctx.store.desks.listBookings({ from, to, userIds: [user.id] });
  const seated = new Set(booked.filter((b) => b.releasedAt === null).map((b) => b.day));
  const out: WaitlistEntry[] = [];
  for (const w of mine) {
    if (seated.has(w.day)) continue;
    // ahead of me: those before me in the site's queue whose wait can take a desk mine can
    const queue = await ctx.store.desks.listWaitlist({ from: w.day, to: w.day, siteId: w.siteId });
    const before = queue.slice(
      0,
      Math.max(
        0,
        queue.findIndex((q) => q.id === w.id),
      ),
    );
    const ahead = before.filter((q) => q.floorId === null || w.floorId === null || q.floorId === w.floorId);
    const desk = w.offeredDeskId ? await ctx.store.desks.getDesk(w.offeredDeskId) : null;
    out.push({
      id: w.id,
      siteId: w.siteId,
      floorId: w.floorId,
      day: w.day,
      position: new Set(ahead.map((q) => q.userId)).size + 1,
      offer:
        desk && w.offeredAt !== null
          ? { deskId: desk.id, deskLabel: desk.label, until: iso(w.offeredAt + OFFER_MS) }
          : null,
    });
  }
  return out;
}
