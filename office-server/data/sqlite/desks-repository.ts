// The office plan (sites, floors, zones, desks) and desk bookings. Who wins the last desk is decided
// by the unique constraints of desk_bookings, never by a check made before the insert.
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
import type { SqliteConnection } from './database';

export class SqliteDesksRepository implements DesksRepository {
  private readonly stmts;

  constructor(private readonly conn: SqliteConnection) {
    const { db } = conn;
    this.stmts = {
      insertSite: db.prepare('INSERT INTO office_sites (id, name, time_zone, created_at) VALUES (?, ?, ?, ?)'),
      site: db.prepare<[string], SiteRow>('SELECT * FROM office_sites WHERE id = ?'),
      sites: db.prepare<[], SiteRow>('SELECT * FROM office_sites ORDER BY name'),
      insertFloor: db.prepare(
        'INSERT INTO office_floors (id, site_id, name, width, height, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      floor: db.prepare<[string], FloorRow>('SELECT * FROM office_floors WHERE id = ?'),
      floors: db.prepare<[], FloorRow>('SELECT * FROM office_floors ORDER BY site_id, name'),
      insertZone: db.prepare(
        'INSERT INTO office_zones (id, floor_id, name) VALUES (?, ?, ?) ON CONFLICT (floor_id, name) DO NOTHING',
      ),
      zoneByName: db.prepare<[string, string], ZoneRow>('SELECT * FROM office_zones WHERE floor_id = ? AND name = ?'),
      zones: db.prepare<[string], ZoneRow>('SELECT * FROM office_zones WHERE floor_id = ? ORDER BY name'),
      insertDesk: db.prepare(
        `INSERT INTO desks (id, floor_id, zone_id, label, x, y, equipment, bookable, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (floor_id, label) DO NOTHING`,
      ),
      desk: db.prepare<[string], DeskRow>('SELECT * FROM desks WHERE id = ?'),
      deskByLabel: db.prepare<[string, string], DeskRow>('SELECT * FROM desks WHERE floor_id = ? AND label = ?'),
      desks: db.prepare<[string], DeskRow>('SELECT * FROM desks WHERE floor_id = ? ORDER BY label'),
      insertBooking: db.prepare(
        `INSERT INTO desk_bookings (id, desk_id, user_id, day, series_id, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
      heldDays: db.prepare<[string, string, string], { day: string }>(
        'SELECT day FROM desk_bookings WHERE user_id = ? AND day >= ? AND day <= ? AND released_at IS NULL',
      ),
      deskDaysTaken: db.prepare<[string, string, string], { day: string }>(
        'SELECT day FROM desk_bookings WHERE desk_id = ? AND day >= ? AND day <= ? AND released_at IS NULL',
      ),
      deskDayTaken: db.prepare<[string, string], { n: number }>(
        'SELECT COUNT(*) AS n FROM desk_bookings WHERE desk_id = ? AND day = ? AND released_at IS NULL',
      ),
      booking: db.prepare<[string], BookingRow>('SELECT * FROM desk_bookings WHERE id = ?'),
      deleteBooking: db.prepare('DELETE FROM desk_bookings WHERE id = ? AND user_id = ?'),
      nextFree: db.prepare<[string, string, string | null], DeskRow>(
        `SELECT d.* FROM desks d
         WHERE d.floor_id = ? AND d.bookable = 1
           AND NOT EXISTS (SELECT 1 FROM desk_bookings b WHERE b.desk_id = d.id AND b.day = ? AND b.released_at IS NULL)
         ORDER BY CASE WHEN d.zone_id IS ? THEN 0 ELSE 1 END, d.label LIMIT 1`,
      ),
      checkIn: db.prepare('UPDATE desk_bookings SET checked_in_at = ? WHERE id = ? AND checked_in_at IS NULL'),
      release: db.prepare('UPDATE desk_bookings SET released_at = ? WHERE id = ? AND released_at IS NULL'),
      setSharing: db.prepare(
        `INSERT INTO desk_sharing (user_id, share_desk) VALUES (?, ?)
         ON CONFLICT (user_id) DO UPDATE SET share_desk = excluded.share_desk`,
      ),
      insertTeamDay: db.prepare(
        `INSERT INTO team_days (team_id, day, proposed_by, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (team_id, day) DO NOTHING`,
      ),
      deleteTeamDay: db.prepare('DELETE FROM team_days WHERE team_id = ? AND day = ?'),
      teamDays: db.prepare<[string, string, string], TeamDayRow>(
        'SELECT * FROM team_days WHERE team_id = ? AND day >= ? AND day <= ? ORDER BY day',
      ),
      insertWait: db.prepare(
        // behind everyone already waiting, even within one millisecond
        `INSERT INTO desk_waitlist (id, user_id, site_id, floor_id, day, created_at)
         SELECT @id, @userId, @siteId, @floorId, @day, MAX(@createdAt, COALESCE((SELECT MAX(created_at) + 1 FROM desk_waitlist WHERE site_id = @siteId AND day = @day), 0))
         WHERE true
         ON CONFLICT DO NOTHING`,
      ),
      wait: db.prepare<[string], WaitRow>('SELECT * FROM desk_waitlist WHERE id = ?'),
      deleteWait: db.prepare('DELETE FROM desk_waitlist WHERE id = ? AND user_id = ?'),
      deleteWaitById: db.prepare('DELETE FROM desk_waitlist WHERE id = ?'),
      setOffer: db.prepare('UPDATE desk_waitlist SET offered_desk_id = ?, offered_at = ? WHERE id = ?'),
      setOfferMoved: db.prepare(
        `UPDATE desk_waitlist SET offered_desk_id = ?, offered_at = ?,
           created_at = MAX(?, (SELECT MAX(w.created_at) + 1 FROM desk_waitlist w
                                 WHERE w.site_id = desk_waitlist.site_id AND w.day = desk_waitlist.day))
         WHERE id = ?`,
      ),
    };
  }

  createSite(site: Omit<SiteRecord, 'id'>): Promise<SiteRecord> {
    return this.conn.write(() => {
      const id = newId('site');
      this.stmts.insertSite.run(id, site.name, site.timeZone, site.createdAt);
      return { id, ...site };
    });
  }

  async getSite(id: string): Promise<SiteRecord | null> {
    const r = this.stmts.site.get(id);
    return r ? toSite(r) : null;
  }

  async listSites(): Promise<SiteRecord[]> {
    return this.stmts.sites.all().map(toSite);
  }

  createFloor(floor: Omit<FloorRecord, 'id'>): Promise<FloorRecord> {
    return this.conn.write(() => {
      const id = newId('floor');
      this.stmts.insertFloor.run(id, floor.siteId, floor.name, floor.width, floor.height, floor.createdAt);
      return { id, ...floor };
    });
  }

  async getFloor(id: string): Promise<FloorRecord | null> {
    const r = this.stmts.floor.get(id);
    return r ? toFloor(r) : null;
  }

  async listFloors(): Promise<FloorRecord[]> {
    return this.stmts.floors.all().map(toFloor);
  }

  ensureZone(floorId: string, name: string): Promise<ZoneRecord> {
    return this.conn.write(() => {
      this.stmts.insertZone.run(newId('zone'), floorId, name);
      return toZone(this.stmts.zoneByName.get(floorId, name) as ZoneRow);
    });
  }

  async listZones(floorId: string): Promise<ZoneRecord[]> {
    return this.stmts.zones.all(floorId).map(toZone);
  }

  createDesk(d: NewDesk, now: number): Promise<DeskRecord | null> {
    return this.conn.write(() => {
      const id = newId('desk');
      const r = this.stmts.insertDesk.run(
        id,
        d.floorId,
        d.zoneId,
        d.label,
        d.x,
        d.y,
        JSON.stringify(d.equipment),
        d.bookable ? 1 : 0,
        now,
      );
      return r.changes > 0 ? { id, ...d } : null;
    });
  }

  async getDesk(id: string): Promise<DeskRecord | null> {
    const r = this.stmts.desk.get(id);
    return r ? toDesk(r) : null;
  }

  async getDeskByLabel(floorId: string, label: string): Promise<DeskRecord | null> {
    const r = this.stmts.deskByLabel.get(floorId, label);
    return r ? toDesk(r) : null;
  }

  updateDesk(id: string, patch: DeskPatch): Promise<DeskRecord | null> {
    const columns = deskPatchColumns(patch);
    return this.conn.write(() => {
      if (columns.length > 0) {
        this.conn.db
          .prepare(`UPDATE desks SET ${columns.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`)
          .run(...columns.map(([, v]) => v), id);
      }
      const r = this.stmts.desk.get(id);
      return r ? toDesk(r) : null;
    });
  }

  async listDesks(floorId: string): Promise<DeskRecord[]> {
    return this.stmts.desks.all(floorId).map(toDesk);
  }

  async book(
    bookings: NewBooking[],
    perWeek?: number,
  ): Promise<{ ok: true; bookings: BookingRecord[] } | { ok: false; clashes: BookingClash[] }> {
    try {
      // synchronous inside the write: nothing else of this process runs between the count and the
      // inserts, and the batch's BEGIN IMMEDIATE keeps other processes out
      const made = await this.conn.write(() => {
        const out: BookingRecord[] = [];
        const clashes: BookingClash[] = [];
        const first = bookings[0];
        if (perWeek !== undefined && first) {
          const weeks = weeksOf(bookings.map((b) => b.day));
          const held = this.stmts.heldDays.all(first.userId, weeks.from, weeks.to).map((r) => r.day);
          const over = daysOverWeekLimit(
            held,
            bookings.map((b) => b.day),
            perWeek,
          );
          if (over.length > 0) throw new BookingRefused(over.map((day) => ({ day, reason: 'week-limit' })));
        }
        for (const b of bookings) {
          const id = newId('bk');
          const r = this.stmts.insertBooking.run(id, b.deskId, b.userId, b.day, b.seriesId, b.createdAt);
          if (r.changes > 0) out.push({ id, ...b, checkedInAt: null, releasedAt: null });
          else {
            const taken = (this.stmts.deskDayTaken.get(b.deskId, b.day)?.n ?? 0) > 0;
            clashes.push({ day: b.day, reason: taken ? 'desk-taken' : 'person-booked' });
          }
        }
        // thrown, so the write's savepoint rolls back the days that did fit
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
    return {
      taken: this.stmts.deskDaysTaken.all(look.deskId, look.from, look.to).map((r) => r.day),
      held: this.stmts.heldDays.all(look.userId, look.heldFrom, look.heldTo).map((r) => r.day),
    };
  }

  async getBooking(id: string): Promise<BookingRecord | null> {
    const r = this.stmts.booking.get(id);
    return r ? toBooking(r) : null;
  }

  async listBookings(f: { from: string; to: string; userIds?: string[]; floorId?: string }): Promise<BookingRecord[]> {
    const where = ['b.day >= ?', 'b.day <= ?'];
    const args: unknown[] = [f.from, f.to];
    if (f.userIds !== undefined) {
      if (f.userIds.length === 0) return [];
      where.push(`b.user_id IN (${f.userIds.map(() => '?').join(', ')})`);
      args.push(...f.userIds);
    }
    if (f.floorId !== undefined) {
      where.push('d.floor_id = ?');
      args.push(f.floorId);
    }
    const rows = this.conn.db
      .prepare(
        `SELECT b.* FROM desk_bookings b JOIN desks d ON d.id = b.desk_id
         WHERE ${where.join(' AND ')} ORDER BY b.day, d.label`,
      )
      .all(...args) as BookingRow[];
    return rows.map(toBooking);
  }

  cancel(userId: string, ids: string[]): Promise<BookingRecord[]> {
    return this.conn.write(() => {
      const out: BookingRecord[] = [];
      for (const id of ids) {
        const r = this.stmts.booking.get(id);
        if (r && r.user_id === userId && this.stmts.deleteBooking.run(id, userId).changes > 0) out.push(toBooking(r));
      }
      return out;
    });
  }

  async nextFreeDesk(floorId: string, day: string, preferZoneId: string | null): Promise<DeskRecord | null> {
    const r = this.stmts.nextFree.get(floorId, day, preferZoneId);
    return r ? toDesk(r) : null;
  }

  setCheckedIn(id: string, at: number): Promise<BookingRecord | null> {
    return this.conn.write(() => {
      this.stmts.checkIn.run(at, id);
      const r = this.stmts.booking.get(id);
      return r ? toBooking(r) : null;
    });
  }

  release(id: string, at: number): Promise<BookingRecord | null> {
    return this.conn.write(() => {
      if (this.stmts.release.run(at, id).changes === 0) return null;
      return toBooking(this.stmts.booking.get(id) as BookingRow);
    });
  }

  setSharing(userId: string, shareDesk: boolean): Promise<void> {
    return this.conn.write(() => {
      this.stmts.setSharing.run(userId, shareDesk ? 1 : 0);
    });
  }

  async sharingDesk(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = this.conn.db
      .prepare(
        `SELECT user_id FROM desk_sharing WHERE share_desk = 1 AND user_id IN (${userIds.map(() => '?').join(', ')})`,
      )
      .all(...userIds) as { user_id: string }[];
    return new Set(rows.map((r) => r.user_id));
  }

  addTeamDay(d: TeamDayRecord): Promise<boolean> {
    return this.conn.write(() => this.stmts.insertTeamDay.run(d.teamId, d.day, d.proposedBy, d.createdAt).changes > 0);
  }

  removeTeamDay(teamId: string, day: string): Promise<boolean> {
    return this.conn.write(() => this.stmts.deleteTeamDay.run(teamId, day).changes > 0);
  }

  async listTeamDays(teamId: string, from: string, to: string): Promise<TeamDayRecord[]> {
    return this.stmts.teamDays.all(teamId, from, to).map(toTeamDay);
  }

  joinWaitlist(e: NewWait): Promise<WaitRecord | null> {
    return this.conn.write(() => {
      const id = newId('wait');
      if (this.stmts.insertWait.run({ id, ...e }).changes === 0) return null;
      return toWait(this.stmts.wait.get(id) as WaitRow);
    });
  }

  leaveWaitlist(userId: string, id: string): Promise<boolean> {
    return this.conn.write(() => this.stmts.deleteWait.run(id, userId).changes > 0);
  }

  async listWaitlist(f: { from: string; to: string; userId?: string; siteId?: string }): Promise<WaitRecord[]> {
    const where = ['day >= ?', 'day <= ?'];
    const args: unknown[] = [f.from, f.to];
    if (f.userId !== undefined) {
      where.push('user_id = ?');
      args.push(f.userId);
    }
    if (f.siteId !== undefined) {
      where.push('site_id = ?');
      args.push(f.siteId);
    }
    const rows = this.conn.db
      .prepare(`SELECT * FROM desk_waitlist WHERE ${where.join(' AND ')} ORDER BY day, created_at, id`)
      .all(...args) as WaitRow[];
    return rows.map(toWait);
  }

  setWaitOffer(id: string, offer: { deskId: string; at: number } | null, moveTo?: number): Promise<void> {
    return this.conn.write(() => {
      if (moveTo === undefined) this.stmts.setOffer.run(offer?.deskId ?? null, offer?.at ?? null, id);
      else this.stmts.setOfferMoved.run(offer?.deskId ?? null, offer?.at ?? null, moveTo, id);
    });
  }

  removeWaits(ids: string[]): Promise<void> {
    return this.conn.write(() => {
      for (const id of ids) this.stmts.deleteWaitById.run(id);
    });
  }
}
