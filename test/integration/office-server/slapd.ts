// A throwaway OpenLDAP directory for the directory sign-in tests: Debian's slapd (apt packages
// `slapd` and `ldap-utils`, scripts/setup-system.sh), its config and database in a temp dir,
// loaded with slapadd before it starts, listening on 127.0.0.1 on a free port, run as `nobody`
// when we are root (as postgres-cluster.ts does for PostgreSQL). Shaped like Active Directory
// where it matters: sAMAccountName, and userAccountControl with its ACCOUNTDISABLE bit (2).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SLAPD = '/usr/sbin/slapd';
export const SUFFIX = 'dc=bank,dc=test';
export const SERVICE_DN = `cn=teleworker,ou=services,${SUFFIX}`;
export const SERVICE_PASSWORD = 'service-account-secret';
/** the directory's own administrator (rootdn), for changes the tests make as IT would */
export const ROOT_DN = `cn=root,${SUFFIX}`;
export const ROOT_PASSWORD = 'directory-root-secret';

export interface DirectoryPersonSeed {
  username: string;
  displayName: string;
  password: string;
  mail?: string;
  /** sets userAccountControl's ACCOUNTDISABLE bit */
  disabled?: boolean;
  /** group cns the person is a member of */
  groups: string[];
}

export interface Slapd {
  url: string;
  port: number;
  userDn(username: string): string;
  groupDn(cn: string): string;
  stop(): Promise<void>;
}

export function hasSlapd(): boolean {
  return (
    existsSync(SLAPD) &&
    existsSync('/usr/sbin/slapadd') &&
    existsSync('/usr/bin/ldapmodify') &&
    existsSync('/etc/ldap/schema/core.schema')
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const AD_SCHEMA = `
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl'
  EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName'
  EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.4203.666.28.1 NAME 'teleworkerTestAccount' AUXILIARY
  MAY ( userAccountControl $ sAMAccountName ) )
`;

/** how OpenLDAP stores a password by default: {SSHA}, salted SHA-1 */
function ssha(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

function ldif(people: DirectoryPersonSeed[]): string {
  const entries: string[] = [
    `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: bank\no: Bank`,
    `dn: ou=services,${SUFFIX}\nobjectClass: organizationalUnit\nou: services`,
    `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people`,
    `dn: ou=groups,${SUFFIX}\nobjectClass: organizationalUnit\nou: groups`,
    `dn: ${SERVICE_DN}\nobjectClass: person\ncn: teleworker\nsn: service\nuserPassword: ${ssha(SERVICE_PASSWORD)}`,
  ];
  for (const p of people) {
    entries.push(
      [
        `dn: cn=${p.username},ou=people,${SUFFIX}`,
        'objectClass: inetOrgPerson',
        'objectClass: teleworkerTestAccount',
        `cn: ${p.username}`,
        `sn: ${p.displayName.split(' ').at(-1) ?? p.username}`,
        `displayName: ${p.displayName}`,
        `sAMAccountName: ${p.username}`,
        // NORMAL_ACCOUNT (512), plus ACCOUNTDISABLE (2) for a disabled one, as Active Directory writes it
        `userAccountControl: ${p.disabled ? 514 : 512}`,
        ...(p.mail ? [`mail: ${p.mail}`] : []),
        `userPassword: ${ssha(p.password)}`,
      ].join('\n'),
    );
  }
  const groups = [...new Set(people.flatMap((p) => p.groups))];
  for (const g of groups) {
    const members = people.filter((p) => p.groups.includes(g));
    entries.push(
      [
        `dn: cn=${g},ou=groups,${SUFFIX}`,
        'objectClass: groupOfNames',
        `cn: ${g}`,
        ...members.map((m) => `member: cn=${m.username},ou=people,${SUFFIX}`),
      ].join('\n'),
    );
  }
  return `${entries.join('\n\n')}\n`;
}

export async function startSlapd(people: DirectoryPersonSeed[]): Promise<Slapd> {
  const dir = mkdtempSync(join(tmpdir(), 'office-slapd-'));
  const asRoot = process.getuid?.() === 0;
  const wrap = (cmd: string, args: string[]): [string, string[]] =>
    asRoot ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', cmd, ...args]] : [cmd, args];
  const fail = (message: string): never => {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(message);
  };
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'ad.schema'), AD_SCHEMA);
  const moduleDir = ['/usr/lib/ldap', '/usr/lib/x86_64-linux-gnu/ldap', '/usr/lib/aarch64-linux-gnu/ldap'].find(
    (d) => existsSync(d) && readdirSync(d).some((f) => f.startsWith('back_mdb')),
  );
  writeFileSync(
    join(dir, 'slapd.conf'),
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      `include ${join(dir, 'ad.schema')}`,
      `pidfile ${join(dir, 'slapd.pid')}`,
      ...(moduleDir ? [`modulepath ${moduleDir}`, 'moduleload back_mdb'] : []),
      'database mdb',
      'maxsize 16777216',
      `suffix "${SUFFIX}"`,
      `rootdn "${ROOT_DN}"`,
      `rootpw ${ssha(ROOT_PASSWORD)}`,
      `directory ${join(dir, 'db')}`,
      // passwords are only ever compared by a bind; the service account reads people and groups
      'access to attrs=userPassword by anonymous auth by * none',
      `access to * by dn.exact="${SERVICE_DN}" read by self read by * none`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'seed.ldif'), ldif(people));
  if (asRoot) for (const f of ['', 'db', 'ad.schema', 'slapd.conf', 'seed.ldif']) chownSync(join(dir, f), 65534, 65534);

  const [addCmd, addArgs] = wrap('/usr/sbin/slapadd', ['-f', join(dir, 'slapd.conf'), '-l', join(dir, 'seed.ldif')]);
  const add = spawnSync(addCmd, addArgs, { encoding: 'utf8', cwd: dir });
  if (add.status !== 0) fail(`slapadd failed: ${add.stderr || add.stdout}`);

  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  // -d: stays in the foreground (its pid is ours to stop); 'none' keeps the log quiet
  const [cmd, args] = wrap(SLAPD, ['-f', join(dir, 'slapd.conf'), '-h', `${url}/`, '-d', 'none']);
  const child: ChildProcess = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (log.length < 20_000) log += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      fail(`slapd did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  // the database files belong to whoever ran slapadd: make sure it was the server's user
  if (asRoot && statSync(join(dir, 'db')).uid !== 65534) fail('slapd database not owned by nobody');

  return {
    url,
    port,
    userDn: (username) => `cn=${username},ou=people,${SUFFIX}`,
    groupDn: (cn) => `cn=${cn},ou=groups,${SUFFIX}`,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
