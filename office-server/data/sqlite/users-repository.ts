// Teams and accounts. The managers of a team are the audience of every summary event, so their ids
// are cached briefly, like sign-in sessions.
import type { Role } from '../../../shared/office-api';
import { newId } from '../ids';
import { USER_COLUMNS } from '../rows';
import type { EscalationLevel } from '../../../shared/domain/tickets';
import type { AuthSource, NewUser, TeamRecord, UserPatch, UserRecord, UsersRepository } from '../store';
import type { SqliteConnection } from './database';

/** how long a team's manager list is trusted without asking the database again */
const MANAGER_IDS_CACHE_MS = 2_000;
const MANAGER_IDS_CACHE_MAX = 50_000;

/** team id → its managers' ids; shared by the store's and the transactions' repositories */
export type ManagerIdsCache = Map<string, { ids: string[]; until: number }>;

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  team_id: string | null;
  password_hash: string;
  demo: number;
  created_at: number;
  phone?: string | null;
  sip?: string | null;
  email?: string | null;
  disabled_at?: number | null;
  auth_source?: AuthSource;
}

interface TeamRow {
  id: string;
  name: string;
  created_at: number;
  support_level: EscalationLevel;
}

export const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  teamId: r.team_id,
  passwordHash: r.password_hash,
  demo: r.demo === 1,
  createdAt: r.created_at,
  phone: r.phone ?? null,
  sip: r.sip ?? null,
  email: r.email ?? null,
  disabledAt: r.disabled_at ?? null,
  authSource: r.auth_source ?? 'local',
});

const toTeam = (r: TeamRow): TeamRecord => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  supportLevel: r.support_level,
});

export class SqliteUsersRepository implements UsersRepository {
  private readonly stmts;

  constructor(
    private readonly conn: SqliteConnection,
    /** cleared whenever this process writes a user */
    private readonly managerIdsCache: ManagerIdsCache = new Map(),
  ) {
    const { db } = conn;
    this.stmts = {
      teamInsert: db.prepare('INSERT INTO teams (id, name, created_at, support_level) VALUES (?, ?, ?, ?)'),
      teamById: db.prepare<[string], TeamRow>('SELECT id, name, created_at, support_level FROM teams WHERE id = ?'),
      allTeams: db.prepare<[], TeamRow>('SELECT id, name, created_at, support_level FROM teams ORDER BY name'),
      userInsert: db.prepare(
        `INSERT INTO users (id, username, display_name, role, team_id, password_hash, demo, created_at, phone, sip, email, auth_source)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      teamByName: db.prepare<[string], TeamRow>(
        'SELECT id, name, created_at, support_level FROM teams WHERE name = ? ORDER BY id LIMIT 1',
      ),
      activeAdmins: db
        .prepare<[], number>(`SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND demo = 0`)
        .pluck(),
      userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      userByName: db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?'),
      usersByTeam: db.prepare<[string], UserRow>('SELECT * FROM users WHERE team_id = ? ORDER BY display_name'),
      allUsers: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY display_name'),
      managerIdsByTeam: db
        .prepare<[string], string>(`SELECT id FROM users WHERE team_id = ? AND role = 'manager' ORDER BY display_name`)
        .pluck(),
    };
  }

  createTeam(name: string, now: number, supportLevel: EscalationLevel = 'L1'): Promise<TeamRecord> {
    return this.conn.write((): TeamRecord => {
      const team = { id: newId('team'), name, createdAt: now, supportLevel };
      this.stmts.teamInsert.run(team.id, name, now, supportLevel);
      return team;
    });
  }

  async getTeam(id: string): Promise<TeamRecord | null> {
    const r = this.stmts.teamById.get(id);
    return r ? toTeam(r) : null;
  }

  async listTeams(): Promise<TeamRecord[]> {
    return this.stmts.allTeams.all().map(toTeam);
  }

  create(user: NewUser, now: number): Promise<UserRecord> {
    return this.conn.write((): UserRecord => {
      this.managerIdsCache.clear();
      const id = newId('u');
      const contact = { phone: user.phone ?? null, sip: user.sip ?? null, email: user.email ?? null };
      this.stmts.userInsert.run(
        id,
        user.username,
        user.displayName,
        user.role,
        user.teamId,
        user.passwordHash,
        user.demo ? 1 : 0,
        now,
        contact.phone,
        contact.sip,
        contact.email,
        user.authSource ?? 'local',
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
    });
  }

  update(id: string, patch: UserPatch): Promise<UserRecord | null> {
    const keys = (Object.keys(patch) as (keyof UserPatch)[]).filter((k) => patch[k] !== undefined);
    return this.conn.write((): UserRecord | null => {
      this.managerIdsCache.clear();
      if (keys.length) {
        // column names come from a fixed map, never from the patch
        const sets = keys.map((k) => `${USER_COLUMNS[k]} = ?`).join(', ');
        this.conn.db.prepare(`UPDATE users SET ${sets} WHERE id = ?`).run(...keys.map((k) => patch[k] ?? null), id);
      }
      const r = this.stmts.userById.get(id);
      return r ? toUser(r) : null;
    });
  }

  async countActiveAdmins(): Promise<number> {
    return this.stmts.activeAdmins.get() ?? 0;
  }

  async getTeamByName(name: string): Promise<TeamRecord | null> {
    const r = this.stmts.teamByName.get(name);
    return r ? toTeam(r) : null;
  }

  async get(id: string): Promise<UserRecord | null> {
    const r = this.stmts.userById.get(id);
    return r ? toUser(r) : null;
  }

  async getByUsername(username: string): Promise<UserRecord | null> {
    const r = this.stmts.userByName.get(username);
    return r ? toUser(r) : null;
  }

  async list(filter: { teamId?: string }): Promise<UserRecord[]> {
    const rows = filter.teamId !== undefined ? this.stmts.usersByTeam.all(filter.teamId) : this.stmts.allUsers.all();
    return rows.map(toUser);
  }

  async listManagerIds(teamId: string): Promise<string[]> {
    // asked on every summary (its event goes to the managers): cached like sessions, dropped on any user change
    const t = performance.now();
    const cached = this.managerIdsCache.get(teamId);
    if (cached && cached.until > t) return [...cached.ids];
    const ids = this.stmts.managerIdsByTeam.all(teamId);
    if (this.managerIdsCache.size >= MANAGER_IDS_CACHE_MAX) this.managerIdsCache.clear();
    this.managerIdsCache.set(teamId, { ids, until: t + MANAGER_IDS_CACHE_MS });
    return [...ids];
  }
}
