// Versions of each team's SLA calendar: added, never changed.
import { newId } from '../ids';
import { toCalendar, type CalendarRow } from '../rows';
import type { CalendarRecord, CalendarsRepository } from '../store';
import type { CalendarSettings } from '../../sla/calendar';
import type { PgConnection } from './database';

export class PostgresCalendarsRepository implements CalendarsRepository {
  constructor(private readonly conn: PgConnection) {}

  async current(teamId: string): Promise<CalendarRecord | null> {
    const [r] = await this.conn.query<CalendarRow>(
      'SELECT * FROM sla_calendars WHERE team_id = $1 ORDER BY version DESC LIMIT 1',
      [teamId],
    );
    return r ? toCalendar(r) : null;
  }

  async get(id: string): Promise<CalendarRecord | null> {
    const [r] = await this.conn.query<CalendarRow>('SELECT * FROM sla_calendars WHERE id = $1', [id]);
    return r ? toCalendar(r) : null;
  }

  async add(
    teamId: string,
    settings: CalendarSettings,
    createdBy: string | null,
    now: number,
  ): Promise<CalendarRecord> {
    // two admins at once: the second insert meets UNIQUE (team_id, version) and fails rather than share a version
    const [r] = await this.conn.query<CalendarRow>(
      `INSERT INTO sla_calendars (id, team_id, version, settings, created_by, created_at)
       SELECT $1, $2, COALESCE(MAX(version), 0) + 1, $3, $4, $5 FROM sla_calendars WHERE team_id = $2
       RETURNING *`,
      [newId('cal'), teamId, JSON.stringify(settings), createdBy, now],
    );
    return toCalendar(r as CalendarRow);
  }
}
