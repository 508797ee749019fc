// Teams and accounts. No in-process cache: the managers of a team decide who receives a summary,
// and with several nodes only the database knows the current answer.
import type { Role } from '../../../shared/office-api';
import { newId } from '../ids';
import { USER_COLUMNS } from '../rows';
import type { EscalationLevel } from '../../../shared/domain/tickets';
import type { AuthSource, NewUser, TeamRecord, UserPatch, UserRecord, UsersRepository } from '../store';
import type { PgConnection } from './database';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  team_id: string | null;
  password_hash: string;
  demo: boolean;
  created_at: number;
  phone: string | null;
  sip: string | null;
  email: string | null;
  disabled_at: number | null;
  auth_source: AuthSource;
}

export const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  teamId: r.team_id,
  passwordHash: r.password_hash,
  demo: r.demo,
  createdAt: r.created_at,
  phone: r.phone ?? null,
  sip: r.sip ?? null,
  email: r.email ?? null,
  disabledAt: r.disabled_at ?? null,
  authSource: r.auth_source ?? 'local',
});

interface TeamRow {
  id: string;
  name: string;
  created_at: number;
  support_level: EscalationLevel;
}
const toTeam = (r: TeamRow): TeamRecord => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  supportLevel: r.support_level,
});

export class PostgresUsersRepository implements UsersRepository {
  constructor(private readonly conn: PgConnection) {}

  async createTeam(name: string, now: number, supportLevel: EscalationLevel = 'L1'): Promise<TeamRecord> {
    const team = { id: newId('team'), name, createdAt: now, supportLevel };
    await this.conn.run('INSERT INTO teams (id, name, created_at, support_level) VALUES ($1, $2, $3, $4)', [
      team.id,
      name,
      now,
      supportLevel,
    ]);
    return team;
  }

  async getTeam(id: string): Promise<TeamRecord | null> {
    const [r] = await this.conn.query<TeamRow>('SELECT id, name, created_at, support_level FROM teams WHERE id = $1', [
      id,
    ]);
    return r ? toTeam(r) : null;
  }

  async listTeams(): Promise<TeamRecord[]> {
    return (
      await this.conn.query<TeamRow>('SELECT id, name, created_at, support_level FROM teams ORDER BY name COLLATE "C"')
    ).map(toTeam);
  }

  async create(user: NewUser, now: number): Promise<UserRecord> {
    const id = newId('u');
    const contact = { phone: user.phone ?? null, sip: user.sip ?? null, email: user.email ?? null };
    await this.conn.run(
      `INSERT INTO users (id, username, display_name, role, team_id, password_hash, demo, created_at, phone, sip, email, auth_source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        id,
        user.username,
        user.displayName,
        user.role,
        user.teamId,
        user.passwordHash,
        user.demo ?? false,
        now,
        contact.phone,
        contact.sip,
        contact.email,
        user.authSource ?? 'local',
      ],
    );
    return {
      ...user,
      ...contact,
      id,
      demo: user.demo ?? false,
      createdAt: now,
      disabledAt: null,
      authSource: user.authSource ?? 'local',
    };
  }

  async update(id: string, patch: UserPatch): Promise<UserRecord | null> {
    const keys = (Object.keys(patch) as (keyof UserPatch)[]).filter((k) => patch[k] !== undefined);
    if (!keys.length) return this.get(id);
    // column names come from a fixed map, never from the patch
    const sets = keys.map((k, i) => `${USER_COLUMNS[k]} = $${i + 2}`).join(', ');
    const [r] = await this.conn.query<UserRow>(`UPDATE users SET ${sets} WHERE id = $1 RETURNING *`, [
      id,
      ...keys.map((k) => patch[k] ?? null),
    ]);
    return r ? toUser(r) : null;
  }

  async countActiveAdmins(): Promise<number> {
    // inside a transaction the rows stay locked until it ends, so two admins demoting each other
    // at once cannot both see the other as the one left
    const locking = this.conn.inTransaction ? ' FOR UPDATE' : '';
    const rows = await this.conn.query<{ id: string }>(
      `SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL AND NOT demo${locking}`,
    );
    return rows.length;
  }

  async getTeamByName(name: string): Promise<TeamRecord | null> {
    const [r] = await this.conn.query<TeamRow>(
      'SELECT id, name, created_at, support_level FROM teams WHERE name = $1 ORDER BY id LIMIT 1',
      [name],
    );
    return r ? toTeam(r) : null;
  }

  async get(id: string): Promise<UserRecord | null> {
    const [r] = await this.conn.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return r ? toUser(r) : null;
  }

  async getByUsername(username: string): Promise<UserRecord | null> {
    const [r] = await this.conn.query<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
    return r ? toUser(r) : null;
  }

  async list(filter: { teamId?: string }): Promise<UserRecord[]> {
    const rows =
      filter.teamId !== undefined
        ? await this.conn.query<UserRow>('SELECT * FROM users WHERE team_id = $1 ORDER BY display_name COLLATE "C"', [
            filter.teamId,
          ])
        : await this.conn.query<UserRow>('SELECT * FROM users ORDER BY display_name COLLATE "C"');
    return rows.map(toUser);
  }

  async listManagerIds(teamId: string): Promise<string[]> {
    const rows = await this.conn.query<{ id: string }>(
      `SELECT id FROM users WHERE team_id = $1 AND role = 'manager' ORDER BY display_name COLLATE "C"`,
      [teamId],
    );
    return rows.map((r) => r.id);
  }
}
