// Desk booking rules: the policy limits (how far ahead, how many desk-days a week), the days a
// request stands for, and what a refusal says. Who wins a desk is not decided here but by the
// store's unique constraints (data/store.ts DesksRepository.book), and the weekly limit by the
// store's count under a lock of the person; this only shapes the answer.
import { addDays, dayIn, daysBetween, expandDays, isTimeZone, minuteOfDayIn } from '../../shared/domain/office-days';
import {
  DeskInput,
  type BookRequest,
  type Booking,
  type BookingRefusal,
  type DeskPolicy,
  type PlanDesk,
} from '../../shared/office-api';
import type { ServerContext } from '../context';
import type { BookingRecord, DeskRecord, FloorRecord, SiteRecord, UserRecord } from '../data/store';
import { newId } from '../data/ids';
import { daysOverWeekLimit, weeksOf } from '../data/desk-rows';
import { ApiError, badRequest, notFound } from '../http/errors';
import { iso } from './views';
import { desksChanged, desksFreed, nextFreeDesk } from './desk-waitlist';

export const DEFAULT_DESK_POLICY: DeskPolicy = {
  daysAhead: 14,
  perWeek: 5,
  checkInBy: '10:00',
  cleanDesk: ['Lock the screen', 'Take your documents with you', 'Log the IP phone out'],
};

/** the longest span one request may book or list: a quarter */
export const MAX_SPAN_DAYS = 92;

export interface DeskPlace {
  desk: DeskRecord;
  floor: FloorRecord;
  site: SiteRecord;
}

export async function deskPlace(ctx: ServerContext, deskId: string): Promise<DeskPlace> {
  const desk = await ctx.store.desks.getDesk(deskId);
  if (!desk) throw notFound('desk');
  const floor = await ctx.store.desks.getFloor(desk.floorId);
  const site = floor ? await ctx.store.desks.getSite(floor.siteId) : null;
  if (!floor || !site) throw notFound('desk');
  return { desk, floor, site };
}

export function checkTimeZone(timeZone: string): string {
  if (!isTimeZone(timeZone)) throw badRequest(`unknown time zone ${timeZone} (use an IANA name such as Asia/Jakarta)`);
  return timeZone;
}

export function checkSpan(from: string, to: string): void {
  const span = daysBetween(from, to);
  if (span < 0) throw badRequest('"to" is before "from"');
  if (span >= MAX_SPAN_DAYS) throw badRequest(`a span may cover at most ${MAX_SPAN_DAYS} days`);
}

/** the days a request stands for */
export function requestedDays(req: BookRequest): string[] {
  if ('day' in req) return [req.day];
  checkSpan(req.from, req.to);
  const days = expandDays(req.from, req.to, req.weekdays, MAX_SPAN_DAYS);
  if (days.length === 0) throw badRequest('none of the chosen weekdays falls in that range');
  return days;
}

const refusal = (
  code: BookingRefusal['error']['code'],
  message: string,
  days: string[],
  next: DeskRecord | null,
): { status: 409; body: BookingRefusal } => ({
  status: 409,
  body: {
    error: {
      code,
      message,
      days,
      nextFreeDesk: next ? { id: next.id, label: next.label, floorId: next.floorId } : null,
    },
  },
});

export type BookOutcome = { status: 201; body: { bookings: Booking[] } } | { status: 409; body: BookingRefusal };

export async function book(ctx: ServerContext, user: UserRecord, req: BookRequest): Promise<BookOutcome> {
  const place = await deskPlace(ctx, req.deskId);
  const { desk, site } = place;
  if (!desk.bookable) throw new ApiError(409, 'conflict', `desk ${desk.label} cannot be booked`);
  const days = requestedDays(req);
  const policy = ctx.deskPolicy;
  const today = dayIn(site.timeZone, ctx.now());
  const last = addDays(today, policy.daysAhead);
  const outside = days.filter((d) => d < today || d > last);
  if (outside.length > 0) {
    return refusal(
      'booking_limit',
      outside[0]! < today
        ? 'a day in the past cannot be booked'
        : `desks can be booked at most ${policy.daysAhead} days ahead (until ${last})`,
      outside,
      null,
    );
  }

  // Most refusals are known before the write: of 200 people at once for the last 10 desks, 190 find
  // theirs taken. A look outside the transaction answers them without joining the write (and waiting
  // for its commit); a desk that looks free, and a person who looks over the weekly limit (whose
  // refusal comes first), are left to the transaction below, which decides.
  const weeks = weeksOf(days);
  const look = await ctx.store.desks.bookingLook({
    deskId: desk.id,
    userId: user.id,
    from: days[0]!,
    to: days[days.length - 1]!,
    heldFrom: weeks.from,
    heldTo: weeks.to,
  });
  const wanted = new Set(days);
  const takenNow = look.taken.filter((d) => wanted.has(d));
  if (takenNow.length > 0 && daysOverWeekLimit(look.held, days, policy.perWeek).length === 0)
    return deskTaken(ctx, desk, takenNow);

  const now = ctx.now();
  const seriesId = days.length > 1 ? newId('ser') : null;
  // desk-days a week are counted by the store in the booking's own transaction, under a lock of the
  // person: two requests of one person at once cannot pass the limit together
  const result = await ctx.store.desks.book(
    days.map((day) => ({ deskId: desk.id, userId: user.id, day, seriesId, createdAt: now })),
    policy.perWeek,
  );
  if (result.ok) {
    for (const day of days) desksChanged(ctx, desk.floorId, day);
    return { status: 201, body: { bookings: result.bookings.map((b) => toApiBooking(b, desk)) } };
  }

  const over = result.clashes.filter((c) => c.reason === 'week-limit').map((c) => c.day);
  if (over.length > 0)
    return refusal('booking_limit', `at most ${policy.perWeek} office days a week can be booked`, over, null);

  const taken = result.clashes.filter((c) => c.reason === 'desk-taken').map((c) => c.day);
  if (taken.length > 0) return deskTaken(ctx, desk, taken);
  const mine = result.clashes.filter((c) => c.reason === 'person-booked').map((c) => c.day);
  return refusal('already_booked', `you already have a desk on ${mine.join(', ')}`, mine, null);
}

async function deskTaken(ctx: ServerContext, desk: DeskRecord, taken: string[]): Promise<BookOutcome> {
  const next = await nextFreeDesk(ctx, desk.floorId, taken[0]!, desk.zoneId);
  const when = taken.length === 1 ? `on ${taken[0]}` : `on ${taken.length} of those days`;
  return refusal(
    'desk_taken',
    `desk ${desk.label} is already booked ${when}${next ? `; desk ${next.label} is free` : '; no desk on that floor is free'}`,
    taken,
    next,
  );
}

export function toApiBooking(b: BookingRecord, desk: DeskRecord): Booking {
  return {
    id: b.id,
    deskId: b.deskId,
    deskLabel: desk.label,
    floorId: desk.floorId,
    day: b.day,
    seriesId: b.seriesId,
    createdAt: iso(b.createdAt),
    checkedInAt: b.checkedInAt === null ? null : iso(b.checkedInAt),
  };
}

/** bookings as the API shows them (each with its desk's label and floor) */
export async function toApiBookings(ctx: ServerContext, bookings: BookingRecord[]): Promise<Booking[]> {
  const desks = new Map<string, DeskRecord | null>();
  const out: Booking[] = [];
  for (const b of bookings) {
    if (!desks.has(b.deskId)) desks.set(b.deskId, await ctx.store.desks.getDesk(b.deskId));
    const desk = desks.get(b.deskId);
    if (desk) out.push(toApiBooking(b, desk));
  }
  return out;
}

/** the floor for one day: each desk's state, and who sits there only when they allow it (or it is me) */
export async function floorPlanDesks(
  ctx: ServerContext,
  user: UserRecord,
  floorId: string,
  day: string,
): Promise<PlanDesk[]> {
  const [desks, bookings] = await Promise.all([
    ctx.store.desks.listDesks(floorId),
    ctx.store.desks.listBookings({ from: day, to: day, floorId }),
  ]);
  const live = bookings.filter((b) => b.releasedAt === null);
  const byDesk = new Map(live.map((b) => [b.deskId, b]));
  const sharing = await ctx.store.desks.sharingDesk([...new Set(live.map((b) => b.userId))]);
  const names = new Map<string, string>();
  for (const id of sharing) names.set(id, (await ctx.store.users.get(id))?.displayName ?? '');
  names.set(user.id, user.displayName);
  return desks.map((d) => {
    const b = byDesk.get(d.id);
    const state: PlanDesk['state'] = !d.bookable
      ? 'unavailable'
      : !b
        ? 'free'
        : b.userId === user.id
          ? 'mine'
          : 'booked';
    const shown = b && (b.userId === user.id || sharing.has(b.userId));
    return { ...d, state, occupant: shown && b ? { userId: b.userId, displayName: names.get(b.userId) ?? '' } : null };
  });
}

/** the day of a site at the server's now, and whether its check-in hour has passed */
export function siteClock(
  ctx: ServerContext,
  site: SiteRecord,
): { today: string; pastCheckIn: boolean; checkInPassedAt: number } {
  const [h, m] = ctx.deskPolicy.checkInBy.split(':').map(Number);
  const now = ctx.now();
  const past = minuteOfDayIn(site.timeZone, now) - (h! * 60 + m!);
  // to the minute: when today's check-in hour passed (in the future while it has not)
  return { today: dayIn(site.timeZone, now), pastCheckIn: past >= 0, checkInPassedAt: now - past * 60_000 };
}

// ---- import of a whole floor ----

/** one desk per line under the header label,x,y,zone,equipment,bookable (equipment separated by ;) */
export function parseDeskCsv(text: string): unknown[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim().toLowerCase());
  for (const need of ['label', 'x', 'y'])
    if (!header.includes(need))
      throw badRequest(`the CSV header must name the column ${need} (label,x,y,zone,equipment,bookable)`);
  const unknown = header.filter((h) => !['label', 'x', 'y', 'zone', 'equipment', 'bookable'].includes(h));
  if (unknown.length > 0) throw badRequest(`the CSV has unknown columns: ${unknown.join(', ')}`);
  return lines.map((line, i) => {
    // quoted fields are not needed: labels, zones and equipment names hold no commas
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== header.length)
      throw badRequest(`CSV line ${i + 2}: ${cells.length} fields where the header has ${header.length}`);
    const row: Record<string, unknown> = {};
    header.forEach((h, j) => {
      const v = cells[j] ?? '';
      if (h === 'x' || h === 'y') row[h] = v === '' ? Number.NaN : Number(v);
      else if (h === 'equipment') row[h] = v === '' ? [] : v.split(';').map((e) => e.trim());
      else if (h === 'bookable') {
        if (!['', 'yes', 'no', 'true', 'false', '1', '0'].includes(v.toLowerCase()))
          throw badRequest(`CSV line ${i + 2}: bookable must be yes or no`);
        if (v !== '') row[h] = ['yes', 'true', '1'].includes(v.toLowerCase());
      } else if (h === 'zone') row[h] = v === '' ? null : v;
      else row[h] = v;
    });
    return row;
  });
}

/** every desk of the import checked before any is written: a bad line changes nothing */
export function validateDesks(rows: unknown[], floor: FloorRecord, where: string): DeskInput[] {
  const out: DeskInput[] = [];
  const labels = new Set<string>();
  rows.forEach((row, i) => {
    const r = DeskInput.safeParse(row);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw badRequest(`${where} ${i + 1}: ${issue?.path.join('.') || 'desk'} ${issue?.message ?? 'is invalid'}`);
    }
    if (labels.has(r.data.label)) throw badRequest(`${where} ${i + 1}: the label ${r.data.label} appears twice`);
    labels.add(r.data.label);
    if (r.data.x > floor.width || r.data.y > floor.height)
      throw badRequest(
        `${where} ${i + 1}: desk ${r.data.label} lies outside the floor (${floor.width}×${floor.height})`,
      );
    out.push(r.data);
  });
  return out;
}

/**
 * Releases today's bookings nobody checked in by the policy's hour, per site (its own clock), so
 * the desk is free for the rest of the day. Returns how many it released.
 */
export async function releaseUnused(ctx: ServerContext): Promise<number> {
  let released = 0;
  const floors = await ctx.store.desks.listFloors();
  for (const site of await ctx.store.desks.listSites()) {
    const clock = siteClock(ctx, site);
    if (!clock.pastCheckIn) continue;
    for (const floor of floors.filter((f) => f.siteId === site.id)) {
      const today = await ctx.store.desks.listBookings({ from: clock.today, to: clock.today, floorId: floor.id });
      let freed = 0;
      for (const b of today)
        if (
          b.checkedInAt === null &&
          b.releasedAt === null &&
          // a desk booked for today after the check-in hour is booked by someone coming in now: theirs
          b.createdAt < clock.checkInPassedAt &&
          (await ctx.store.desks.release(b.id, ctx.now()))
        )
          freed++;
      if (freed > 0) await desksFreed(ctx, floor.id, clock.today);
      released += freed;
    }
  }
  return released;
}
