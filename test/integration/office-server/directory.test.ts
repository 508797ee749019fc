// Issue 28: directory sign-in against a real OpenLDAP (slapd started by the test, shaped like
// Active Directory: sAMAccountName, userAccountControl). Bind, wrong password, a disabled
// directory account, groups → role and team (also when they change), a directory that cannot be
// reached (a clear 503, and the local admin still signs in), and what admins may not do to a
// directory account. Runs on SQLite, and on PostgreSQL in the office-pg project.
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, LoginResponse, TeamsResponse } from '../../../shared/office-api';
import type { DirectoryConfig } from '../../../office-server/auth/directory';
import { runAccountCommand } from '../../../office-server/cli/accounts';
import { databaseOptions } from '../../../office-server/data/open';
import { ENGINE, databaseFor, expectBody, sqlOn, startTestServer, tempDir, type TestServer } from './helpers';
import {
  ROOT_DN,
  ROOT_PASSWORD,
  SERVICE_DN,
  SERVICE_PASSWORD,
  SUFFIX,
  freePort,
  hasSlapd,
  startSlapd,
  type Slapd,
} from './slapd';

const slapdThere = hasSlapd();
if (!slapdThere)
  process.stdout.write('SKIP directory sign-in: slapd is not installed (apt-get install slapd ldap-utils)\n');

const LOCAL_ADMIN_PASSWORD = 'local-admin-password';

/** the first admin, made by the command line as on a real office (in-process: same code) */
async function createLocalAdmin(dataDir: string): Promise<void> {
  const engine = await databaseFor(dataDir);
  const lines: string[] = [];
  const code = await runAccountCommand(
    ['create-admin', 'root', 'Local', 'Admin'],
    databaseOptions(dataDir, engine.database),
    {
      stdin: Readable.from([`${LOCAL_ADMIN_PASSWORD}\n`]) as unknown as NodeJS.ReadStream,
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
    },
  );
  if (code !== 0) throw new Error(`create-admin: ${lines.join('\n')}`);
}

function directoryConfig(slapd: Pick<Slapd, 'url' | 'groupDn'>): DirectoryConfig {
  return {
    url: slapd.url,
    bindDn: SERVICE_DN,
    bindPassword: SERVICE_PASSWORD,
    userBase: `ou=people,${SUFFIX}`,
    userFilter: '(&(objectClass=inetOrgPerson)(sAMAccountName={username}))',
    // the default disabledFilter: Active Directory's ACCOUNTDISABLE bit of userAccountControl
    groupBase: `ou=groups,${SUFFIX}`,
    roles: {
      admin: [slapd.groupDn('tw-admins')],
      manager: [slapd.groupDn('tw-managers')],
      worker: [slapd.groupDn('tw-workers')],
    },
    // written the way people copy DNs around: case and spaces differ from the directory's
    teams: {
      [`CN=Team-Payments, OU=Groups, ${SUFFIX.toUpperCase()}`]: 'Payments',
      [slapd.groupDn('team-cards')]: 'Cards',
    },
    timeoutMs: 3000,
  };
}

const errorCode = (r: { body: unknown }) => ErrorBody.parse(r.body).error.code;

describe.skipIf(!slapdThere)(`office server: directory sign-in against OpenLDAP (${ENGINE})`, () => {
  let slapd: Slapd;
  let s: TestServer;
  const login = (username: string, password: string) =>
    s.api.post('/api/v1/auth/login', undefined, { username, password });

  beforeAll(async () => {
    slapd = await startSlapd([
      {
        username: 'dian',
        displayName: 'Dian Sastro',
        password: 'dian-directory-pw',
        mail: 'dian@bank.test',
        groups: ['tw-workers', 'team-payments'],
      },
      {
        username: 'hadi',
        displayName: 'Hadi Pranoto',
        password: 'hadi-directory-pw',
        groups: ['tw-managers', 'tw-workers', 'team-cards'],
      },
      { username: 'indah', displayName: 'Indah IT', password: 'indah-directory-pw', groups: ['tw-admins'] },
      {
        username: 'eko',
        displayName: 'Eko Left',
        password: 'eko-directory-pw',
        disabled: true,
        groups: ['tw-workers', 'team-cards'],
      },
      {
        username: 'fajar',
        displayName: 'Fajar Guest',
        password: 'fajar-directory-pw',
        groups: ['visitors', 'team-payments'],
      },
      { username: 'gita', displayName: 'Gita', password: 'gita-directory-pw', groups: ['tw-workers'] },
    ]);
    const dataDir = tempDir();
    await createLocalAdmin(dataDir);
    s = await startTestServer({ dataDir, demo: false, directory: directoryConfig(slapd) });
  });
  afterAll(async () => {
    await s?.cleanup();
    await slapd?.stop();
  });

  it('binds with the directory password; the first sign-in makes the account with its groups’ role and team', async () => {
    const r = await login('Dian', 'dian-directory-pw');
    const dian = LoginResponse.parse(r.body);
    expect(dian.user).toMatchObject({
      username: 'dian',
      displayName: 'Dian Sastro',
      role: 'worker',
      email: 'dian@bank.test',
    });
    const root = await s.api.login('root', LOCAL_ADMIN_PASSWORD);
    const teams = expectBody(TeamsResponse, await s.api.get('/api/v1/teams', root.accessToken));
    expect(teams.items.find((t) => t.id === dian.user.teamId)?.name).toBe('Payments');
    // again: the same account, no second one
    const again = LoginResponse.parse((await login('dian', 'dian-directory-pw')).body);
    expect(again.user.id).toBe(dian.user.id);
    const { rows } = await sqlOn<{ actor: string; action: string; auth_source: string }>(
      s.dataDir,
      "SELECT e.actor, e.action, u.auth_source FROM account_events e JOIN users u ON u.id = e.user_id WHERE u.username = 'dian'",
    );
    expect(rows).toEqual([{ actor: 'directory', action: 'user.created', auth_source: 'directory' }]);
  });

  it('a wrong password and an unknown name are refused alike', async () => {
    const wrong = await login('dian', 'not-her-password');
    expect(wrong.status).toBe(401);
    expect(errorCode(wrong)).toBe('unauthorized');
    const unknown = await login('zaki', 'whatever-password');
    expect(unknown.status).toBe(401);
    expect(ErrorBody.parse(unknown.body).error.message).toBe(ErrorBody.parse(wrong.body).error.message);
    // filter metacharacters are values, not filter syntax
    expect((await login('d*', 'dian-directory-pw')).status).toBe(401);
    expect((await login('dian)(|(sAMAccountName=*', 'dian-directory-pw')).status).toBe(401);
  });

  it('a disabled directory account cannot sign in', async () => {
    const r = await login('eko', 'eko-directory-pw');
    expect(r.status).toBe(401);
    expect(errorCode(r)).toBe('account_disabled');
    expect(ErrorBody.parse(r.body).error.message).toContain('disabled in the directory');
  });

  it('groups decide the role (highest wins) and the team; no Teleworker group: no sign-in', async () => {
    const hadi = LoginResponse.parse((await login('hadi', 'hadi-directory-pw')).body);
    expect(hadi.user.role).toBe('manager');
    const indah = LoginResponse.parse((await login('indah', 'indah-directory-pw')).body);
    expect(indah.user).toMatchObject({ role: 'admin', teamId: null });
    // a directory admin administers: the admin API answers her
    expect((await s.api.get('/api/v1/admin/users', indah.accessToken)).status).toBe(200);
    const teams = expectBody(TeamsResponse, await s.api.get('/api/v1/teams', indah.accessToken));
    expect(teams.items.find((t) => t.id === hadi.user.teamId)?.name).toBe('Cards');

    const guest = await login('fajar', 'fajar-directory-pw');
    expect(guest.status).toBe(403);
    expect(ErrorBody.parse(guest.body).error.message).toContain('none of the groups');
    const teamless = await login('gita', 'gita-directory-pw');
    expect(teamless.status).toBe(403);
    expect(ErrorBody.parse(teamless.body).error.message).toContain('no team');
  });

  it('a change of groups in the directory changes role and team at the next sign-in, recorded', async () => {
    const before = LoginResponse.parse((await login('dian', 'dian-directory-pw')).body);
    expect(before.user.role).toBe('worker');
    ldapModify(
      slapd,
      `dn: ${slapd.groupDn('tw-managers')}\nchangetype: modify\nadd: member\nmember: ${slapd.userDn('dian')}\n\n` +
        `dn: ${slapd.groupDn('team-payments')}\nchangetype: modify\ndelete: member\nmember: ${slapd.userDn('dian')}\n\n` +
        `dn: ${slapd.groupDn('team-cards')}\nchangetype: modify\nadd: member\nmember: ${slapd.userDn('dian')}\n`,
    );
    const after = LoginResponse.parse((await login('dian', 'dian-directory-pw')).body);
    expect(after.user.id).toBe(before.user.id);
    expect(after.user.role).toBe('manager');
    expect(after.user.teamId).not.toBe(before.user.teamId);
    const { rows } = await sqlOn<{ actor: string; action: string; detail: string }>(
      s.dataDir,
      "SELECT e.actor, e.action, e.detail FROM account_events e JOIN users u ON u.id = e.user_id WHERE u.username = 'dian' ORDER BY e.seq",
    );
    expect(rows.map((e) => `${e.actor} ${e.action}`)).toEqual(['directory user.created', 'directory user.updated']);
    expect(JSON.parse(rows[1]?.detail ?? '{}')).toMatchObject({ role: { from: 'worker', to: 'manager' } });
  });

  it('an admin may disable a directory account here, but not set its password', async () => {
    const root = await s.api.login('root', LOCAL_ADMIN_PASSWORD);
    const hadi = LoginResponse.parse((await login('hadi', 'hadi-directory-pw')).body);
    const reset = await s.api.post(`/api/v1/admin/users/${hadi.user.id}/password`, root.accessToken, {
      password: 'a-local-password',
    });
    expect(reset.status).toBe(400);
    expect(ErrorBody.parse(reset.body).error.message).toContain('directory');
    const off = await s.api.request('PATCH', `/api/v1/admin/users/${hadi.user.id}`, {
      token: root.accessToken,
      body: { disabled: true },
    });
    expect(off.status).toBe(200);
    expect((await s.api.get('/api/v1/me', hadi.accessToken)).status).toBe(401);
    const r = await login('hadi', 'hadi-directory-pw');
    expect(r.status).toBe(401);
    expect(errorCode(r)).toBe('account_disabled');
  });
});

describe.skipIf(!slapdThere)(`office server: the directory cannot be reached (${ENGINE})`, () => {
  it('directory sign-in answers 503 naming the directory; the local admin still signs in', async () => {
    const port = await freePort(); // nothing listens there
    const dataDir = tempDir();
    await createLocalAdmin(dataDir);
    const s = await startTestServer({
      dataDir,
      demo: false,
      directory: directoryConfig({ url: `ldap://127.0.0.1:${port}`, groupDn: (cn) => `cn=${cn},ou=groups,${SUFFIX}` }),
    });
    try {
      const r = await s.api.post('/api/v1/auth/login', undefined, { username: 'dian', password: 'dian-directory-pw' });
      expect(r.status).toBe(503);
      expect(errorCode(r)).toBe('directory_unavailable');
      const message = ErrorBody.parse(r.body).error.message;
      expect(message).toContain(`ldap://127.0.0.1:${port}`);
      expect(message).toContain('ECONNREFUSED');
      expect(message).toContain('Local accounts can still sign in');
      expect((await s.api.login('root', LOCAL_ADMIN_PASSWORD)).user.role).toBe('admin');
    } finally {
      await s.cleanup();
    }
  });
});

/** ldap-utils' ldapmodify as the directory's root: how IT moves a person between groups */
function ldapModify(slapd: Slapd, ldif: string): void {
  const r = spawnSync('ldapmodify', ['-x', '-H', slapd.url, '-D', ROOT_DN, '-w', ROOT_PASSWORD], {
    input: ldif,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`ldapmodify failed: ${r.stderr || r.stdout}`);
}
