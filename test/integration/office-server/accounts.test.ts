// Issue 28: accounts for a real office. The command line makes the first admin on an empty
// database (no demo organisation unless --demo); admins create, change, disable and reset accounts
// over the API; every change lands in account_events, which refuses UPDATE and DELETE; disabling
// ends the account's sessions and sockets. Runs on SQLite, and on PostgreSQL in the office-pg project.
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountEventsResponse,
  AdminUserResponse,
  AdminUsersResponse,
  EVENTS_CLOSE,
  TeamsResponse,
  type LoginResponse,
} from '../../../shared/office-api';
import {
  ENGINE,
  EventClient,
  createTestDatabase,
  expectBody,
  rememberDatabase,
  sqlOn,
  startTestServer,
  tempDir,
  testPostgres,
  type TestServer,
} from './helpers';
import { runAccountCommand } from '../../../office-server/cli/accounts';
import { databaseOptions } from '../../../office-server/data/open';
import { within } from './raw';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const ADMIN_PASSWORD = 'first-admin-password';

/** `npm run office-server -- <words> --data-dir D` with the password on stdin */
async function cli(
  dataDir: string,
  words: string[],
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  const url = dataDirDatabase.get(dataDir);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'office-server/main.ts'), ...words, '--data-dir', dataDir],
    {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', ...(url ? { DATABASE_URL: url } : {}) },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(stdin);
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? -1)));
  return { code, stdout, stderr };
}

/** the same command in this process (runAccountCommand is what main.ts calls): quicker, same code */
async function cliHere(
  dataDir: string,
  words: string[],
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const url = dataDirDatabase.get(dataDir);
  const code = await runAccountCommand(words, databaseOptions(dataDir, url ? { url } : undefined), {
    stdin: Readable.from([stdin]) as unknown as NodeJS.ReadStream,
    out: (l) => (stdout += `${l}\n`),
    err: (l) => (stderr += `office-server: ${l}\n`),
  });
  return { code, stdout, stderr };
}

const dataDirDatabase = new Map<string, string>();
/** an empty data directory (and, on PostgreSQL, an empty database tied to it) */
async function emptyOffice(): Promise<string> {
  const dir = tempDir();
  if (testPostgres()) {
    const url = await createTestDatabase();
    dataDirDatabase.set(dir, url);
    rememberDatabase(dir, url);
  }
  return dir;
}

async function events(dataDir: string, username: string) {
  const { rows } = await sqlOn<{ actor: string; action: string; detail: string }>(
    dataDir,
    'SELECT e.actor, e.action, e.detail FROM account_events e JOIN users u ON u.id = e.user_id WHERE u.username = ? ORDER BY e.seq',
    [username],
  );
  return rows;
}

describe(`office server accounts (${ENGINE})`, () => {
  let dataDir: string;
  let s: TestServer;
  let admin: LoginResponse;
  let teamId: string;
  const clients: EventClient[] = [];

  beforeAll(async () => {
    dataDir = await emptyOffice();
    const made = await cli(dataDir, ['create-admin', 'Alice', 'Alice', 'Admin'], `${ADMIN_PASSWORD}\n`);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^created admin alice \(u_/);
    s = await startTestServer({ dataDir, demo: false });
    admin = await s.api.login('alice', ADMIN_PASSWORD);
    const team = await s.api.post('/api/v1/teams', admin.accessToken, { name: 'Payments' });
    teamId = (team.body as { team: { id: string } }).team.id;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await s.cleanup();
  });

  it('create-admin on an empty database makes one admin and no demo organisation', async () => {
    expect(admin.user).toMatchObject({ username: 'alice', displayName: 'Alice Admin', role: 'admin', teamId: null });
    const users = expectBody(AdminUsersResponse, await s.api.get('/api/v1/admin/users', admin.accessToken));
    expect(users.items.map((u) => u.username)).toEqual(['alice']);
    const teams = expectBody(TeamsResponse, await s.api.get('/api/v1/teams', admin.accessToken));
    expect(teams.items.map((t) => t.name)).toEqual(['Payments']);
    const { rows } = await sqlOn<{ n: number | string }>(dataDir, 'SELECT COUNT(*) AS n FROM users WHERE demo = ?', [
      ENGINE === 'postgres' ? true : 1,
    ]);
    expect(Number(rows[0]?.n)).toBe(0);
    expect(
      (await s.api.post('/api/v1/auth/login', undefined, { username: 'budi', password: 'teleworker' })).status,
    ).toBe(401);
    expect(await events(dataDir, 'alice')).toEqual([expect.objectContaining({ actor: 'cli', action: 'user.created' })]);
  });

  it('the command line refuses a second create-admin, a short password and a bad user name', async () => {
    const again = await cliHere(dataDir, ['create-admin', 'alice'], 'another-long-password\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already');
    const short = await cliHere(dataDir, ['create-admin', 'bob'], 'short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 10 characters');
    const bad = await cliHere(dataDir, ['create-admin', 'bob smith'], `${ADMIN_PASSWORD}\n`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid user name');
    const ghost = await cliHere(dataDir, ['disable', 'nobody']);
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain('no account "nobody"');
  });

  it('only admins reach the admin API', async () => {
    const created = await s.api.post('/api/v1/admin/users', admin.accessToken, {
      username: 'wati',
      displayName: 'Wati',
      role: 'worker',
      teamId,
      password: 'wati-password-1',
    });
    expect(created.status).toBe(201);
    const wati = await s.api.login('wati', 'wati-password-1');
    for (const [method, path] of [
      ['GET', '/api/v1/admin/users'],
      ['GET', '/api/v1/admin/account-events'],
      ['PATCH', `/api/v1/admin/users/${wati.user.id}`],
    ] as const) {
      const r = await s.api.request(method, path, {
        token: wati.accessToken,
        ...(method === 'PATCH' ? { body: { role: 'admin' } } : {}),
      });
      expect(r.status, `${method} ${path}`).toBe(403);
    }
    expect((await s.api.get('/api/v1/admin/users')).status).toBe(401);
  });

  it('changes role, team and name, each recorded with who did it and what changed', async () => {
    const created = expectBody(
      AdminUserResponse,
      await s.api.post('/api/v1/admin/users', admin.accessToken, {
        username: 'joko',
        displayName: 'Joko',
        role: 'worker',
        teamId,
        password: 'joko-password-1',
      }),
      201,
    );
    const other = await s.api.post('/api/v1/teams', admin.accessToken, { name: 'Cards' });
    const cards = (other.body as { team: { id: string } }).team.id;
    const changed = expectBody(
      AdminUserResponse,
      await s.api.request('PATCH', `/api/v1/admin/users/${created.user.id}`, {
        token: admin.accessToken,
        body: { role: 'manager', teamId: cards, displayName: 'Joko Widodo' },
      }),
    );
    expect(changed.user).toMatchObject({ role: 'manager', teamId: cards, displayName: 'Joko Widodo', disabled: false });
    const joko = await s.api.login('joko', 'joko-password-1');
    expect(joko.user).toMatchObject({ role: 'manager', teamId: cards });

    const log = expectBody(
      AccountEventsResponse,
      await s.api.get(`/api/v1/admin/account-events?userId=${created.user.id}`, admin.accessToken),
    );
    expect(log.items.map((e) => e.action)).toEqual(['user.updated', 'user.created']);
    expect(log.items[0]).toMatchObject({
      actor: admin.user.id,
      detail: { role: { from: 'worker', to: 'manager' }, teamId: { from: teamId, to: cards } },
    });
    expect(JSON.stringify(log.items)).not.toContain('joko-password-1');

    // a worker without a team, an unknown team: refused, nothing recorded
    const noTeam = await s.api.request('PATCH', `/api/v1/admin/users/${created.user.id}`, {
      token: admin.accessToken,
      body: { role: 'worker', teamId: null },
    });
    expect(noTeam.status).toBe(400);
    const unknown = await s.api.request('PATCH', `/api/v1/admin/users/${created.user.id}`, {
      token: admin.accessToken,
      body: { teamId: 'team_nope' },
    });
    expect(unknown.status).toBe(404);
    expect((await events(dataDir, 'joko')).length).toBe(2);
  });

  it('disabling ends the sessions and sockets at once; the account cannot sign in until enabled', async () => {
    await s.api.post('/api/v1/admin/users', admin.accessToken, {
      username: 'rina',
      displayName: 'Rina',
      role: 'worker',
      teamId,
      password: 'rina-password-1',
    });
    const rina = await s.api.login('rina', 'rina-password-1');
    const socket = await EventClient.connect(s.url, { token: rina.accessToken });
    clients.push(socket);
    await socket.waitFor((f) => f.type === 'ready');

    const off = expectBody(
      AdminUserResponse,
      await s.api.request('PATCH', `/api/v1/admin/users/${rina.user.id}`, {
        token: admin.accessToken,
        body: { disabled: true },
      }),
    );
    expect(off.user.disabled).toBe(true);
    expect(await within(socket.closed, 2000)).toBe(true);
    expect(socket.closeCode).toBe(EVENTS_CLOSE.unauthorized);
    expect((await s.api.get('/api/v1/me', rina.accessToken)).status).toBe(401);
    expect((await s.api.post('/api/v1/auth/refresh', undefined, { refreshToken: rina.refreshToken })).status).toBe(401);
    const refused = await s.api.post('/api/v1/auth/login', undefined, {
      username: 'rina',
      password: 'rina-password-1',
    });
    expect(refused.status).toBe(401);
    expect((refused.body as { error: { code: string } }).error.code).toBe('account_disabled');
    // a wrong password still says only that: a guesser learns nothing about the account's state
    const guess = await s.api.post('/api/v1/auth/login', undefined, { username: 'rina', password: 'wrong-guess-1' });
    expect((guess.body as { error: { code: string } }).error.code).toBe('unauthorized');

    await s.api.request('PATCH', `/api/v1/admin/users/${rina.user.id}`, {
      token: admin.accessToken,
      body: { disabled: false },
    });
    expect((await s.api.login('rina', 'rina-password-1')).user.username).toBe('rina');
    expect((await events(dataDir, 'rina')).map((e) => e.action)).toEqual([
      'user.created',
      'user.disabled',
      'user.enabled',
    ]);
  });

  it('a password reset ends the sessions; the old password stops working', async () => {
    await s.api.post('/api/v1/admin/users', admin.accessToken, {
      username: 'tono',
      displayName: 'Tono',
      role: 'worker',
      teamId,
      password: 'tono-password-1',
    });
    const tono = await s.api.login('tono', 'tono-password-1');
    const short = await s.api.post(`/api/v1/admin/users/${tono.user.id}/password`, admin.accessToken, {
      password: 'short',
    });
    expect(short.status).toBe(400);
    const reset = await s.api.post(`/api/v1/admin/users/${tono.user.id}/password`, admin.accessToken, {
      password: 'tono-password-2',
    });
    expect(reset.status).toBe(200);
    expect((await s.api.get('/api/v1/me', tono.accessToken)).status).toBe(401);
    expect(
      (await s.api.post('/api/v1/auth/login', undefined, { username: 'tono', password: 'tono-password-1' })).status,
    ).toBe(401);
    expect((await s.api.login('tono', 'tono-password-2')).user.username).toBe('tono');
    const recorded = await events(dataDir, 'tono');
    expect(recorded.map((e) => e.action)).toEqual(['user.created', 'user.password-reset']);
    expect(recorded.map((e) => e.detail).join()).not.toContain('tono-password');
  });

  it('the last active admin can be neither disabled nor demoted', async () => {
    for (const body of [{ disabled: true }, { role: 'worker', teamId }]) {
      const r = await s.api.request('PATCH', `/api/v1/admin/users/${admin.user.id}`, {
        token: admin.accessToken,
        body,
      });
      expect(r.status).toBe(409);
    }
    const last = await cliHere(dataDir, ['disable', 'alice']);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('last active admin');
    expect((await s.api.get('/api/v1/me', admin.accessToken)).status).toBe(200);
  });

  it('the command line disables and re-enables an account and sets its password while the server runs', async () => {
    await s.api.post('/api/v1/admin/users', admin.accessToken, {
      username: 'sari',
      displayName: 'Sari',
      role: 'worker',
      teamId,
      password: 'sari-password-1',
    });
    const sari = await s.api.login('sari', 'sari-password-1');
    const off = await cli(dataDir, ['disable', 'sari']);
    expect(off).toMatchObject({ code: 0, stdout: 'sari: disabled; 1 session(s) ended\n' });
    expect((await s.api.get('/api/v1/me', sari.accessToken)).status).toBe(401);
    expect(
      (await s.api.post('/api/v1/auth/login', undefined, { username: 'sari', password: 'sari-password-1' })).status,
    ).toBe(401);
    expect((await cliHere(dataDir, ['enable', 'sari'])).code).toBe(0);
    expect((await cliHere(dataDir, ['set-password', 'sari'], 'sari-password-2\n')).code).toBe(0);
    expect((await s.api.login('sari', 'sari-password-2')).user.username).toBe('sari');
    expect((await events(dataDir, 'sari')).map((e) => `${e.actor} ${e.action}`)).toEqual([
      `${admin.user.id} user.created`,
      'cli user.disabled',
      'cli user.enabled',
      'cli user.password-reset',
    ]);
  });

  it('/openapi.json documents the admin API from the same schemas', async () => {
    const doc = (await s.api.get('/openapi.json')).body as {
      paths: Record<string, Record<string, { security?: unknown; requestBody?: unknown }>>;
    };
    expect(Object.keys(doc.paths['/api/v1/admin/users'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/api/v1/admin/users/{id}']?.patch?.requestBody).toBeDefined();
    expect(doc.paths['/api/v1/admin/users/{id}/password']?.post?.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/admin/account-events']?.get).toBeDefined();
  });

  it('account_events is append-only: the database refuses UPDATE and DELETE', async () => {
    await expect(sqlOn(dataDir, "UPDATE account_events SET actor = 'someone-else'")).rejects.toThrow(/append-only/);
    await expect(sqlOn(dataDir, 'DELETE FROM account_events')).rejects.toThrow(/append-only/);
    expect((await events(dataDir, 'alice')).map((e) => e.actor)).toEqual(['cli']);
  });

  // last: one of the two admins ends up disabled, alice's session perhaps with it
  it('two admins disabling each other at once: one wins, the office keeps an admin', async () => {
    const made = await s.api.post('/api/v1/admin/users', admin.accessToken, {
      username: 'bima',
      displayName: 'Bima',
      role: 'admin',
      teamId: null,
      password: 'bima-password-1',
    });
    expect(made.status).toBe(201);
    const bima = await s.api.login('bima', 'bima-password-1');
    const results = await Promise.all([
      s.api.request('PATCH', `/api/v1/admin/users/${bima.user.id}`, {
        token: admin.accessToken,
        body: { disabled: true },
      }),
      s.api.request('PATCH', `/api/v1/admin/users/${admin.user.id}`, {
        token: bima.accessToken,
        body: { disabled: true },
      }),
    ]);
    // the loser is refused either as the last admin (409) or, when the winner finished first, as
    // someone already disabled (401)
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([401, 409]).toContain(statuses[1]);
    const { rows } = await sqlOn<{ n: number | string }>(
      dataDir,
      "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL",
    );
    expect(Number(rows[0]?.n)).toBe(1);
  });
});

describe(`office server --demo after create-admin (${ENGINE})`, () => {
  it('the demo organisation appears only with --demo, and only on an empty database', async () => {
    const dataDir = await emptyOffice();
    const plain = await startTestServer({ dataDir, demo: false });
    try {
      const empty = await sqlOn<{ n: number | string }>(dataDir, 'SELECT COUNT(*) AS n FROM users');
      expect(Number(empty.rows[0]?.n)).toBe(0);
    } finally {
      await plain.close();
    }
    const demo = await startTestServer({ dataDir, demo: true });
    try {
      expect((await demo.api.login('budi')).user.username).toBe('budi');
    } finally {
      await demo.cleanup();
    }
  });
});
