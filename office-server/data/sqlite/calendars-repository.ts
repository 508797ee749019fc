// Versions of each team's SLA calendar: added, never changed.
import { newId } from '../ids';
import { toCalendar, type CalendarRow } from '../rows';
import type { CalendarRecord, CalendarsRepository } from '../store';
import type { CalendarSettings } from '../../sla/calendar';
import type { SqliteConnection } from './database';

export class SqliteCalendarsRepository implements CalendarsRepository {
  private readonly stmts;

  constructor(private readonly conn: SqliteConnection) {
    const { db } = conn;
    this.stmts = {
      current: db.prepare<[string], CalendarRow>(
        'SELECT * FROM sla_calendars WHERE team_id = ? ORDER BY version DESC LIMIT 1',
      ),
      byId: db.prepare<[string], CalendarRow>('SELECT * FROM sla_calendars WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO sla_calendars (id, team_id, version, settings, created_by, created_at)
         SELECT ?, ?, COALESCE(MAX(version), 0) + 1, ?, ?, ? FROM sla_calendars WHERE team_id = ?`,
      ),
    };
  }

  async current(teamId: string): Promise<CalendarRecord | null> {
    const r = this.stmts.current.get(teamId);
    return r ? toCalendar(r) : null;
  }

  async get(id: string): Promise<CalendarRecord | null> {
    const r = this.stmts.byId.get(id);
    return r ? toCalendar(r) : null;
  }

  add(teamId: string, settings: CalendarSettings, createdBy: string | null, now: number): Promise<CalendarRecord> {
    return this.conn.write((): CalendarRecord => {
      const id = newId('cal');
      this.stmts.insert.run(id, teamId, JSON.stringify(settings), createdBy, now, teamId);
      return toCalendar(this.stmts.byId.get(id) as CalendarRow);
    });
  }
}
