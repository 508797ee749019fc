// The office plan (sites, floors, zones, desks) and desk bookings. Who wins the last desk is decided
// by the unique constraints of desk_bookings, on every node alike: an insert that meets a concurrent
// one waits for it to commit and then does nothing.
import {
  BookingRefused,
  daysOverWeekLimit,
  deskPatchColumns,
  toBooking,
  toDesk,
  toFloor,
  toSite,
  toTeamDay,
  toWait,
  toZone,
  weeksOf,
  type BookingRow,
  type DeskRow,
  type FloorRow,
  type SiteRow,
  type TeamDayRow,
  type WaitRow,
  type ZoneRow,
} from '../desk-rows';
import { newId } from '../ids';
import type {
  BookingClash,
  BookingLook,
  BookingRecord,
  DeskPatch,
  DeskRecord,
  DesksRepository,
  FloorRecord,
  NewBooking,
  NewDesk,
  SiteRecord,
  TeamDayRecord,
  NewWait,
  WaitRecord,
  ZoneRecord,
} from '../store';
import type { PgConnection } from './database';

/** the advisory-lock namespace of one person's desk bookings (the key is a hash of their id) */
const PERSON_BOOKING_LOCK = 1869571685;

export class PostgresDesksRepository implements DesksRepository {
  constructor(private readonly conn: PgConnection) {}

  async createSite(site: Omit<SiteRecord, 'id'>): Promise<SiteRecord> {
    const id = newId('site');
    await this.conn.run('INSERT INTO office_sites (id, name, time_zone, created_at) VALUES ($1, $2, $3, $4)', [
      id,
      site.name,
      site.timeZone,
      site.createdAt,
    ]);
    return { id, ...site };
  }

  async getSite(id: string): Promise<SiteRecord | null> {
    const [r] = await this.conn.query<SiteRow>('SELECT * FROM office_sites WHERE id = $1', [id]);
    return r ? toSite(r) : null;
  }

  async listSites(): Promise<SiteRecord[]> {
    return (await this.conn.query<SiteRow>('SELECT * FROM office_sites ORDER BY name')).map(toSite);
  }

  async createFloor(floor: Omit<FloorRecord, 'id'>): Promise<FloorRecord> {
    const id = newId('floor');
    await this.conn.run(
      'INSERT INTO office_floors (id, site_id, name, width, height, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [id, floor.siteId, floor.name, floor.width, floor.height, floor.createdAt],
    );
    return { id, ...floor };
  }

  async getFloor(id: string): Promise<FloorRecord | null> {
    const [r] = await this.conn.query<FloorRow>('SELECT * FROM office_floors WHERE id = $1', [id]);
    return r ? toFloor(r) : null;
  }

  async listFloors(): Promise<FloorRecord[]> {
    return (await this.conn.query<FloorRow>('SELECT * FROM office_floors ORDER BY site_id, name')).map(toFloor);
  }

  async ensureZone(floorId: string, name: string): Promise<ZoneRecord> {
    await this.conn.run(
      'INSERT INTO office_zones (id, floor_id, name) VALUES ($1, $2, $3) ON CONFLICT (floor_id, name) DO NOTHING',
      [newId('zone'), floorId, name],
    );
    const [r] = await this.conn.query<ZoneRow>('SELECT * FROM office_zones WHERE floor_id = $1 AND name = $2', [
      floorId,
      name,
    ]);
    return toZone(r as ZoneRow);
  }

  async listZones(floorId: string): Promise<ZoneRecord[]> {
    return (
      await this.conn.query<ZoneRow>('SELECT * FROM office_zones WHERE floor_id = $1 ORDER BY name', [floorId])
    ).map(toZone);
  }

  async createDesk(d: NewDesk, now: number): Promise<DeskRecord | null> {
    const id = newId('desk');
    const n = await this.conn.run(
      `INSERT INTO desks (id, floor_id, zone_id, label, x, y, equipment, bookable, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (floor_id, label) DO NOTHING`,
      [id, d.floorId, d.zoneId, d.label, d.x, d.y, JSON.stringify(d.equipment), d.bookable ? 1 : 0, now],
    );
    return n > 0 ? { id, ...d } : null;
  }

  async getDesk(id: string): Promise<DeskRecord | null> {
    const [r] = await this.conn.query<DeskRow>('SELECT * FROM desks WHERE id = $1', [id]);
    return r ? toDesk(r) : null;
  }

  async getDeskByLabel(floorId: string, label: string): Promise<DeskRecord | null> {
    const [r] = await this.conn.query<DeskRow>('SELECT * FROM desks WHERE floor_id = $1 AND label = $2', [
      floorId,
      label,
    ]);
    return r ? toDesk(r) : null;
  }

  async updateDesk(id: string, patch: DeskPatch): Promise<DeskRecord | null> {
    const columns = deskPatchColumns(patch);
    if (columns.length === 0) return this.getDesk(id);
    const [r] = await this.conn.query<DeskRow>(
      `UPDATE desks SET ${columns.map(([c], i) => `${c} = $${i + 1}`).join(', ')} WHERE id = $${columns.length + 1}
       RETURNING *`,
      [...columns.map(([, v]) => v), id],
    );
    return r ? toDesk(r) : null;
  }

  async listDesks(floorId: string): Promise<DeskRecord[]> {
    return (await this.conn.query<DeskRow>('SELECT * FROM desks WHERE floor_id = $1 ORDER BY label', [floorId])).map(
      toDesk,
    );
  }

  async book(
    bookings: NewBooking[],
    perWeek?: number,
  ): Promise<{ ok: true; bookings: BookingRecord[] } | { ok: false; clashes: BookingClash[] }> {
    try {
      const made = await this.conn.atomic(async (c) => {
        const out: BookingRecord[] = [];
        const clashes: BookingClash[] = [];
        const first = bookings[0];
        if (perWeek !== undefined && first) {
          // one person's bookings one at a time, on every node: the lock is held until this
          // transaction ends, and the count is a statement of its own so that (read committed)
          // it sees what the request before it committed
          await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PERSON_BOOKING_LOCK, first.userId]);
          const weeks = weeksOf(bookings.map((b) => b.day));
          const held = await c.query<{ day: string }>(
            'SELECT day FROM desk_bookings WHERE user_id = $1 AND day >= $2 AND day <= $3 AND released_at IS NULL',
            [first.userId, weeks.from, weeks.to],
          );
          const over = daysOverWeekLimit(
            held.map((r) => r.day),
            bookings.map((b) => b.day),
            perWeek,
          );
          if (over.length > 0) throw new BookingRefused(over.map((day) => ({ day, reason: 'week-limit' })));
        }
        for (const b of bookings) {
          const id = newId('bk');
          const n = await c.run(
            `INSERT INTO desk_bookings (id, desk_id, user_id, day, series_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
            [id, b.deskId, b.userId, b.day, b.seriesId, b.createdAt],
          );
          if (n > 0) out.push({ id, ...b, checkedInAt: null, releasedAt: null });
          else {
            const [t] = await c.query<{ n: number }>(
              'SELECT COUNT(*)::int AS n FROM desk_bookings WHERE desk_id = $1 AND day = $2 AND released_at IS NULL',
              [b.deskId, b.day],
            );
            clashes.push({ day: b.day, reason: (t?.n ?? 0) > 0 ? 'desk-taken' : 'person-booked' });
          }
        }
        // thrown, so the transaction rolls back the days that did fit
        if (clashes.length > 0) throw new BookingRefused(clashes);
        return out;
      });
      return { ok: true, bookings: made };
    } catch (err) {
      if (err instanceof BookingRefused) return { ok: false, clashes: err.clashes };
      throw err;
    }
  }

  async bookingLook(look: BookingLook): Promise<{ taken: string[]; held: string[] }> {
    const rows = await this.conn.query<{ kind: string; day: string }>(
      `SELECT 'taken' AS kind, day FROM desk_bookings
       WHERE desk_id = $1 AND day >= $2 AND day <= $3 AND released_at IS NULL
       UNION ALL
       SELECT 'held' AS kind, day FROM desk_bookings
       WHERE user_id = $4 AND day >= $5 AND day <= $6 AND released_at IS NULL`,
      [look.deskId, look.from, look.to, look.userId, look.heldFrom, look.heldTo],
    );
    return {
      taken: rows.filter((r) => r.kind === 'taken').map((r) => r.day),
      held: rows.filter((r) => r.kind === 'held').map((r) => r.day),
    };
  }

  async getBooking(id: string): Promise<BookingRecord | null> {
    const [r] = await this.conn.query<BookingRow>('SELECT * FROM desk_bookings WHERE id = $1', [id]);
    return r ? toBooking(r) : null;
  }

  async listBookings(f: { from: string; to: string; userIds?: string[]; floorId?: string }): Promise<BookingRecord[]> {
    const args: unknown[] = [f.from, f.to];
    const where = ['b.day >= $1', 'b.day <= $2'];
    if (f.userIds !== undefined) {
      if (f.userIds.length === 0) return [];
      where.push(`b.user_id = ANY($${args.push(f.userIds)})`);
    }
    if (f.floorId !== undefined) where.push(`d.floor_id = $${args.push(f.floorId)}`);
    const rows = await this.conn.query<BookingRow>(
      `SELECT b.* FROM desk_bookings b JOIN desks d ON d.id = b.desk_id
       WHERE ${where.join(' AND ')} ORDER BY b.day, d.label`,
      args,
    );
    return rows.map(toBooking);
  }

  async cancel(userId: string, ids: string[]): Promise<BookingRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.conn.query<BookingRow>(
      'DELETE FROM desk_bookings WHERE user_id = $1 AND id = ANY($2) RETURNING *',
      [userId, ids],
    );
    return rows.map(toBooking);
  }

  async nextFreeDesk(floorId: string, day: string, preferZoneId: string | null): Promise<DeskRecord | null> {
    const [r] = await this.conn.query<DeskRow>(
      `SELECT d.* FROM desks d
       WHERE d.floor_id = $1 AND d.bookable = 1
         AND NOT EXISTS (SELECT 1 FROM desk_bookings b WHERE b.desk_id = d.id AND b.day = $2 AND b.released_at IS NULL)
       ORDER BY CASE WHEN d.zone_id IS NOT DISTINCT FROM $3 THEN 0 ELSE 1 END, d.label LIMIT 1`,
      [floorId, day, preferZoneId],
    );
    return r ? toDesk(r) : null;
  }

  async setCheckedIn(id: string, at: number): Promise<BookingRecord | null> {
    await this.conn.run('UPDATE desk_bookings SET checked_in_at = $1 WHERE id = $2 AND checked_in_at IS NULL', [
      at,
      id,
    ]);
    return this.getBooking(id);
  }

  async release(id: string, at: number): Promise<BookingRecord | null> {
    const [r] = await this.conn.query<BookingRow>(
      'UPDATE desk_bookings SET released_at = $1 WHERE id = $2 AND released_at IS NULL RETURNING *',
      [at, id],
    );
    return r ? toBooking(r) : null;
  }

  async setSharing(userId: string, shareDesk: boolean): Promise<void> {
    await this.conn.run(
      `INSERT INTO desk_sharing (user_id, share_desk) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET share_desk = excluded.share_desk`,
      [userId, shareDesk ? 1 : 0],
    );
  }

  async sharingDesk(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.conn.query<{ user_id: string }>(
      'SELECT user_id FROM desk_sharing WHERE share_desk = 1 AND user_id = ANY($1)',
      [userIds],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  async addTeamDay(d: TeamDayRecord): Promise<boolean> {
    const n = await this.conn.run(
      `INSERT INTO team_days (team_id, day, proposed_by, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (team_id, day) DO NOTHING`,
      [d.teamId, d.day, d.proposedBy, d.createdAt],
    );
    return n > 0;
  }

  async removeTeamDay(teamId: string, day: string): Promise<boolean> {
    return (await this.conn.run('DELETE FROM team_days WHERE team_id = $1 AND day = $2', [teamId, day])) > 0;
  }

  async listTeamDays(teamId: string, from: string, to: string): Promise<TeamDayRecord[]> {
    const rows = await this.conn.query<TeamDayRow>(
      'SELECT * FROM team_days WHERE team_id = $1 AND day >= $2 AND day <= $3 ORDER BY day',
      [teamId, from, to],
    );
    return rows.map(toTeamDay);
  }

  async joinWaitlist(e: NewWait): Promise<WaitRecord | null> {
    const [r] = await this.conn.query<WaitRow>(
      // behind everyone already waiting, even within one millisecond
      `INSERT INTO desk_waitlist (id, user_id, site_id, floor_id, day, created_at)
       SELECT $1, $2, $3::text, $6::text, $4::text, GREATEST($5::bigint, COALESCE(
         (SELECT MAX(created_at) + 1 FROM desk_waitlist WHERE site_id = $3::text AND day = $4::text), 0))
       ON CONFLICT DO NOTHING RETURNING *`,
      [newId('wait'), e.userId, e.siteId, e.day, e.createdAt, e.floorId],
    );
    return r ? toWait(r) : null;
  }

  async leaveWaitlist(userId: string, id: string): Promise<boolean> {
    return (await this.conn.run('DELETE FROM desk_waitlist WHERE id = $1 AND user_id = $2', [id, userId])) > 0;
  }

  async listWaitlist(f: { from: string; to: string; userId?: string; siteId?: string }): Promise<WaitRecord[]> {
    const args: unknown[] = [f.from, f.to];
    const where = ['day >= $1', 'day <= $2'];
    if (f.userId !== undefined) where.push(`user_id = $${args.push(f.userId)}`);
    if (f.siteId !== undefined) where.push(`site_id = $${args.push(f.siteId)}`);
    const rows = await this.conn.query<WaitRow>(
      `SELECT * FROM desk_waitlist WHERE ${where.join(' AND ')} ORDER BY day, created_at, id`,
      args,
    );
    return rows.map(toWait);
  }

  async setWaitOffer(id: string, offer: { deskId: string; at: number } | null, moveTo?: number): Promise<void> {
    await this.conn.run(
      `UPDATE desk_waitlist SET offered_desk_id = $1, offered_at = $2,
         created_at = CASE WHEN $3::bigint IS NULL THEN created_at ELSE GREATEST($3::bigint,
           (SELECT MAX(w.created_at) + 1 FROM desk_waitlist w
            WHERE w.site_id = desk_waitlist.site_id AND w.day = desk_waitlist.day)) END
       WHERE id = $4`,
      [offer?.deskId ?? null, offer?.at ?? null, moveTo ?? null, id],
    );
  }

  async removeWaits(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.conn.run('DELETE FROM desk_waitlist WHERE id = ANY($1)', [ids]);
  }
}
