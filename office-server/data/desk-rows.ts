// The office plan's rows as both storage engines return them, and how they become records: one
// definition, so SQLite and PostgreSQL cannot differ in what a desk or a booking carries.
import { addDays, weekStart } from '../../shared/domain/office-days';
import type {
  BookingClash,
  BookingRecord,
  DeskRecord,
  FloorRecord,
  SiteRecord,
  TeamDayRecord,
  WaitRecord,
  ZoneRecord,
} from './store';

export interface SiteRow {
  id: string;
  name: string;
  time_zone: string;
  created_at: number;
}

export interface FloorRow {
  id: string;
  site_id: string;
  name: string;
  width: number;
  height: number;
  created_at: number;
}

export interface ZoneRow {
  id: string;
  floor_id: string;
  name: string;
}

export interface DeskRow {
  id: string;
  floor_id: string;
  zone_id: string | null;
  label: string;
  x: number;
  y: number;
  equipment: string;
  bookable: number;
}

export interface BookingRow {
  id: string;
  desk_id: string;
  user_id: string;
  day: string;
  series_id: string | null;
  created_at: number;
  checked_in_at: number | null;
  released_at: number | null;
}

export interface TeamDayRow {
  team_id: string;
  day: string;
  proposed_by: string;
  created_at: number;
}

export interface WaitRow {
  id: string;
  user_id: string;
  site_id: string;
  floor_id: string | null;
  day: string;
  created_at: number;
  offered_desk_id: string | null;
  offered_at: number | null;
}

export const toWait = (r: WaitRow): WaitRecord => ({
  id: r.id,
  userId: r.user_id,
  siteId: r.site_id,
  floorId: r.floor_id,
  day: r.day,
  createdAt: Number(r.created_at),
  offeredDeskId: r.offered_desk_id,
  offeredAt: r.offered_at === null ? null : Number(r.offered_at),
});

export const toSite = (r: SiteRow): SiteRecord => ({
  id: r.id,
  name: r.name,
  timeZone: r.time_zone,
  createdAt: Number(r.created_at),
});

export const toFloor = (r: FloorRow): FloorRecord => ({
  id: r.id,
  siteId: r.site_id,
  name: r.name,
  width: r.width,
  height: r.height,
  createdAt: Number(r.created_at),
});

export const toZone = (r: ZoneRow): ZoneRecord => ({ id: r.id, floorId: r.floor_id, name: r.name });

export const toDesk = (r: DeskRow): DeskRecord => ({
  id: r.id,
  floorId: r.floor_id,
  zoneId: r.zone_id,
  label: r.label,
  x: r.x,
  y: r.y,
  equipment: JSON.parse(r.equipment) as string[],
  bookable: r.bookable === 1,
});

export const toBooking = (r: BookingRow): BookingRecord => ({
  id: r.id,
  deskId: r.desk_id,
  userId: r.user_id,
  day: r.day,
  seriesId: r.series_id,
  createdAt: Number(r.created_at),
  checkedInAt: r.checked_in_at === null ? null : Number(r.checked_in_at),
  releasedAt: r.released_at === null ? null : Number(r.released_at),
});

export const toTeamDay = (r: TeamDayRow): TeamDayRecord => ({
  teamId: r.team_id,
  day: r.day,
  proposedBy: r.proposed_by,
  createdAt: Number(r.created_at),
});

/** a desk patch as columns and values, in one order for both engines */
export function deskPatchColumns(patch: {
  zoneId?: string | null;
  x?: number;
  y?: number;
  equipment?: string[];
  bookable?: boolean;
}): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (patch.zoneId !== undefined) out.push(['zone_id', patch.zoneId]);
  if (patch.x !== undefined) out.push(['x', patch.x]);
  if (patch.y !== undefined) out.push(['y', patch.y]);
  if (patch.equipment !== undefined) out.push(['equipment', JSON.stringify(patch.equipment)]);
  if (patch.bookable !== undefined) out.push(['bookable', patch.bookable ? 1 : 0]);
  return out;
}

/** thrown inside a booking's transaction so that none of its days stays booked */
export class BookingRefused extends Error {
  constructor(readonly clashes: BookingClash[]) {
    super('booking refused');
  }
}

/**
 * The days of a request past the weekly limit, given the days the person holds already: counted in
 * order, so the first days of a range fit and the later ones do not. Both engines call it inside the
 * booking's transaction, under the person's lock.
 */
export function daysOverWeekLimit(held: readonly string[], days: readonly string[], perWeek: number): string[] {
  const perWeekCount = new Map<string, number>();
  const count = (day: string) => {
    const w = weekStart(day);
    const n = (perWeekCount.get(w) ?? 0) + 1;
    perWeekCount.set(w, n);
    return n;
  };
  for (const d of held) count(d);
  return days.filter((d) => count(d) > perWeek);
}

/** the Monday-to-Sunday weeks a request's days touch, as the range to count held days in */
export function weeksOf(days: readonly string[]): { from: string; to: string } {
  const sorted = [...days].sort();
  return { from: weekStart(sorted[0]!), to: addDays(weekStart(sorted[sorted.length - 1]!), 6) };
}
