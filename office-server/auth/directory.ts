// Directory sign-in: LDAP or Active Directory checks the password, and the person's groups decide
// their role and team. One short connection per sign-in: bind as the service account, find the
// person (and their groups, and whether the account is disabled), then bind as them with the
// password they typed. Nothing of the password is stored; the office keeps a local record of the
// account (authSource 'directory') so tickets, chat and summaries have someone to belong to.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Client, InvalidCredentialsError, ResultCodeError, type Entry } from 'ldapts';
import { z } from 'zod';
import type { Role } from '../../shared/office-api';

export const DirectoryConfig = z.strictObject({
  /** ldap://host:389 or ldaps://host:636 */
  url: z.string().regex(/^ldaps?:\/\/[^/\s]+\/?$/, 'must be ldap://host[:port] or ldaps://host[:port]'),
  /** upgrade an ldap:// connection with StartTLS before anything is sent */
  startTls: z.boolean().default(false),
  /** PEM file of the CA that signed the directory's certificate (default: Node's bundled roots) */
  tlsCaFile: z.string().optional(),
  /** the service account that looks people up (omit for an anonymous search) */
  bindDn: z.string().optional(),
  bindPassword: z.string().optional(),
  /** the service account's password in a file (kept out of the config file) */
  bindPasswordFile: z.string().optional(),
  userBase: z.string().min(1),
  /** {username} is replaced by the escaped user name; the default suits Active Directory */
  userFilter: z.string().includes('{username}').default('(&(objectClass=user)(sAMAccountName={username}))'),
  /** an entry matching this (searched on the user's entry) is a disabled account; default: AD's ACCOUNTDISABLE bit */
  disabledFilter: z.string().default('(userAccountControl:1.2.840.113556.1.4.803:=2)'),
  displayNameAttribute: z.string().default('displayName'),
  emailAttribute: z.string().default('mail'),
  /** the attribute on the user listing their groups (Active Directory: memberOf) */
  memberOfAttribute: z.string().default('memberOf'),
  /** also search groups here (OpenLDAP groupOfNames without the memberOf overlay) */
  groupBase: z.string().optional(),
  /** {dn} is replaced by the escaped user DN */
  groupFilter: z.string().includes('{dn}').default('(member={dn})'),
  /** group DNs per role; the highest role whose group the person is in wins; in none: no sign-in */
  roles: z.strictObject({
    admin: z.array(z.string()).default([]),
    manager: z.array(z.string()).default([]),
    worker: z.array(z.string()).default([]),
  }),
  /** group DN → team name (created when missing); the first group listed that the person is in */
  teams: z.record(z.string(), z.string().min(1).max(120)).default({}),
  /** per directory operation and for connecting */
  timeoutMs: z.number().int().min(100).max(60_000).default(5000),
});
export type DirectoryConfig = z.input<typeof DirectoryConfig>;
type Config = z.output<typeof DirectoryConfig>;

export interface DirectoryPerson {
  dn: string;
  displayName: string | null;
  email: string | null;
  role: Role | null;
  /** the team name its groups map to */
  team: string | null;
}

export type DirectoryOutcome =
  | { state: 'ok'; person: DirectoryPerson }
  /** no such person, or the wrong password: the same answer to the caller */
  | { state: 'rejected'; reason: 'unknown' | 'ambiguous' | 'wrong-password' }
  | { state: 'disabled' }
  | { state: 'unavailable'; message: string };

/** RFC 4515: the characters a filter value must escape */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** DNs compared as directories do: case and spaces around separators do not matter */
export function normalizeDn(dn: string): string {
  return dn
    .split(',')
    .map((rdn) =>
      rdn
        .split('=')
        .map((p) => p.trim())
        .join('='),
    )
    .join(',')
    .toLowerCase();
}

const ROLE_ORDER: readonly Role[] = ['admin', 'manager', 'worker'];

export class Directory {
  private readonly config: Config;
  private readonly tlsOptions: ConnectionOptions | undefined;
  private readonly bindPassword: string | undefined;

  constructor(config: DirectoryConfig) {
    this.config = DirectoryConfig.parse(config);
    const ca = this.config.tlsCaFile ? readFileSync(this.config.tlsCaFile, 'utf8') : undefined;
    this.tlsOptions = ca ? { ca } : undefined;
    this.bindPassword =
      this.config.bindPassword ??
      (this.config.bindPasswordFile ? readFileSync(this.config.bindPasswordFile, 'utf8').trim() : undefined);
  }

  /** where the directory is, for messages and logs */
  get url(): string {
    return this.config.url;
  }

  async authenticate(username: string, password: string): Promise<DirectoryOutcome> {
    // an empty password is an unauthenticated bind, which LDAP servers answer with success
    if (!password) return { state: 'rejected', reason: 'wrong-password' };
    const c = this.config;
    const client = new Client({
      url: c.url,
      timeout: c.timeoutMs,
      connectTimeout: c.timeoutMs,
      ...(this.tlsOptions ? { tlsOptions: this.tlsOptions } : {}),
    });
    try {
      if (c.startTls) await client.startTLS(this.tlsOptions ?? {});
      if (c.bindDn) {
        try {
          await client.bind(c.bindDn, this.bindPassword ?? '');
        } catch (err) {
          throw new Error(`the service account (${c.bindDn}) cannot bind: ${describe(err)}`, { cause: err });
        }
      }
      const filter = c.userFilter.replaceAll('{username}', escapeFilterValue(username));
      const { searchEntries } = await client.search(c.userBase, {
        scope: 'sub',
        filter,
        attributes: [c.displayNameAttribute, c.emailAttribute, c.memberOfAttribute],
        sizeLimit: 2,
      });
      if (searchEntries.length === 0) return { state: 'rejected', reason: 'unknown' };
      if (searchEntries.length > 1) return { state: 'rejected', reason: 'ambiguous' };
      const entry = searchEntries[0] as Entry;
      const disabled = await this.isDisabled(client, entry.dn);
      const groups = new Set(strings(entry[c.memberOfAttribute]).map(normalizeDn));
      if (c.groupBase) {
        const found = await client.search(c.groupBase, {
          scope: 'sub',
          filter: c.groupFilter.replaceAll('{dn}', escapeFilterValue(entry.dn)),
          attributes: ['dn'],
        });
        for (const g of found.searchEntries) groups.add(normalizeDn(g.dn));
      }
      try {
        await client.bind(entry.dn, password);
      } catch (err) {
        if (!(err instanceof InvalidCredentialsError)) throw err;
        // Active Directory refuses a disabled account's right password with sub-code 533, and
        // gives such sub-codes only for a right password: anything else is a wrong password
        if (disabled && /\bdata 533\b/.test(err.message)) return { state: 'disabled' };
        return { state: 'rejected', reason: 'wrong-password' };
      }
      if (disabled) return { state: 'disabled' };
      return {
        state: 'ok',
        person: {
          dn: entry.dn,
          displayName: first(entry[c.displayNameAttribute]),
          email: first(entry[c.emailAttribute]),
          role: ROLE_ORDER.find((r) => c.roles[r].some((g) => groups.has(normalizeDn(g)))) ?? null,
          team: Object.entries(c.teams).find(([g]) => groups.has(normalizeDn(g)))?.[1] ?? null,
        },
      };
    } catch (err) {
      return { state: 'unavailable', message: describe(err) };
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  private async isDisabled(client: Client, dn: string): Promise<boolean> {
    const { searchEntries } = await client.search(dn, {
      scope: 'base',
      filter: this.config.disabledFilter,
      attributes: ['dn'],
    });
    return searchEntries.length > 0;
  }
}

function strings(v: Entry[string] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x)));
}

function first(v: Entry[string] | undefined): string | null {
  const s = strings(v)[0]?.trim();
  return s ? s : null;
}

function describe(err: unknown): string {
  if (err instanceof ResultCodeError) return `the directory answered ${err.code}: ${err.message}`;
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? `${e.code}: ` : '';
  return `${code}${typeof e.message === 'string' ? e.message : String(err)}`;
}
