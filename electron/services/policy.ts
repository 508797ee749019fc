// The machine-wide policy IT deploys, from the places IT already manages, merged key by key:
//   1. Windows: HKLM\Software\Policies\Teleworker (Group Policy, Intune, a .reg file)
//   2. macOS: /Library/Managed Preferences/<appId>.plist (a configuration profile)
//   3. the JSON file (every OS; the only source on Linux)
// A key set by an earlier source wins. Each key is checked on its own: an invalid or unknown key
// is reported (the log, the sign-in screen and a banner in the app) and left out, while the valid
// keys still apply. A missing source means "no policy there", never an error.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { describeIssues } from '../../shared/contract/issues';
import type { Policy, PolicyKey } from '../../shared/domain/policy';
import { CertPinSchema, POLICY_KEYS, PolicySchema } from '../../shared/domain/policy';
import { parsePemBundle } from './office-client/trust';
import { managedPreferencesPath, readManagedPreferences } from './policy-managed-prefs';
import type { RegistryKey, RegQueryRunner } from './policy-registry';
import { parseRegQuery, REGISTRY_POLICY_KEY, runRegQuery } from './policy-registry';

export type PolicySourceKind = 'registry' | 'managed-preferences' | 'file';

export interface PolicySource {
  kind: PolicySourceKind;
  /** the registry key or file path */
  location: string;
  found: boolean;
}

export interface PolicyProblem {
  location: string;
  /** the policy key at fault, or null when the whole source is unreadable */
  key: string | null;
  message: string;
}

export interface PolicyResult {
  /** the valid keys of every source, merged */
  policy: Policy;
  /** where each key of `policy` came from */
  origin: Partial<Record<PolicyKey, string>>;
  /** the sources looked at, highest precedence first */
  sources: PolicySource[];
  problems: PolicyProblem[];
}

export interface PolicyLoadOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** the file system root the OS paths hang from ('/' in the app; a temporary folder in tests) */
  root?: string;
  regQuery?: RegQueryRunner;
  /**
   * Who may have written the JSON file at its usual place (default, with root '/': an
   * administrator; see adminOwnedCheck). TELEWORKER_POLICY_FILE (development, tests) is not checked.
   */
  fileOwnerCheck?: PolicyFileCheck | null;
}

/** Why the file may not be taken as IT's (a sentence fragment after its path), or null when it may. */
export type PolicyFileCheck = (path: string) => string | null;

const NOT_ADMIN = 'so it is ignored: only an administrator may set policy';

/** Linux, macOS: owned by root (or the given ids) and writable by no one else. */
export function posixOwnerCheck(adminUids: readonly number[] = [0]): PolicyFileCheck {
  return (path) => {
    const stat = statSync(path);
    if (!adminUids.includes(stat.uid)) return `is owned by user id ${stat.uid}, not by root, ${NOT_ADMIN}`;
    const othersWrite = (stat.mode & 0o002) !== 0 || ((stat.mode & 0o020) !== 0 && stat.gid !== 0);
    if (othersWrite)
      return `can be changed by users other than root (mode ${(stat.mode & 0o777).toString(8)}), ${NOT_ADMIN}`;
    return null;
  };
}

/** Well-known SIDs that may own policy: Administrators, SYSTEM, TrustedInstaller. */
const WINDOWS_ADMIN_SIDS = [
  'S-1-5-32-544',
  'S-1-5-18',
  'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464',
];

/** The owner's SID of a file (PowerShell's Get-Acl; SIDs, so a localised Windows answers the same). */
export type OwnerSidQuery = (path: string) => string;

const runOwnerSidQuery: OwnerSidQuery = (path) =>
  execFileSync(
    'powershell.exe',
    [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      '(Get-Acl -LiteralPath $env:TELEWORKER_POLICY_CHECK).GetOwner([System.Security.Principal.SecurityIdentifier]).Value',
    ],
    {
      encoding: 'utf8',
      windowsHide: true,
      timeout: 15_000,
      env: { ...process.env, TELEWORKER_POLICY_CHECK: path },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ).trim();

/** Windows: owned by Administrators, SYSTEM or TrustedInstaller (a user's own file is not IT's). */
export function windowsOwnerCheck(query: OwnerSidQuery = runOwnerSidQuery): PolicyFileCheck {
  return (path) => {
    let sid: string;
    try {
      sid = query(path);
    } catch (error) {
      return `cannot be checked for its owner (${(error as Error).message.split('\n')[0]}), ${NOT_ADMIN}`;
    }
    return WINDOWS_ADMIN_SIDS.includes(sid)
      ? null
      : `is owned by ${sid}, not by Administrators or SYSTEM, ${NOT_ADMIN}`;
  };
}

const adminOwnedCheck = (platform: NodeJS.Platform): PolicyFileCheck =>
  platform === 'win32' ? windowsOwnerCheck() : posixOwnerCheck();

export const emptyPolicy = (): PolicyResult => ({ policy: {}, origin: {}, sources: [], problems: [] });

export function defaultPolicyPath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  root = '/',
): string {
  if (env.TELEWORKER_POLICY_FILE) return env.TELEWORKER_POLICY_FILE;
  if (platform === 'win32')
    return join(
      env.ProgramData ?? (root === '/' ? 'C:\\ProgramData' : join(root, 'ProgramData')),
      'Teleworker',
      'policy.json',
    );
  if (platform === 'darwin') return join(root, 'Library', 'Application Support', 'Teleworker', 'policy.json');
  return join(root, 'etc', 'teleworker', 'policy.json');
}

const BOOLEAN_KEYS: ReadonlySet<string> = new Set(['updatesEnabled', 'startAtLogin', 'startMinimized']);
const NUMBER_KEYS: ReadonlySet<string> = new Set(['idleMinutes', 'timerStopWaitMinutes']);
const LIST_KEYS: ReadonlySet<string> = new Set(['externalOrigins', 'externalSchemes', 'tunnelRules', 'certPins']);

const canonicalKey = (name: string): PolicyKey | undefined =>
  POLICY_KEYS.find((k) => k.toLowerCase() === name.toLowerCase());

type Collected = { values: Record<string, unknown>; problems: PolicyProblem[] };

/** Checks every key on its own; keeps the valid ones. */
function validate(location: string, raw: Record<string, unknown>, problems: PolicyProblem[]): Partial<Policy> {
  const valid: Record<string, unknown> = {};
  for (const [name, rawValue] of Object.entries(raw)) {
    let value = rawValue;
    const key = canonicalKey(name);
    if (!key) {
      problems.push({ location, key: name, message: `${name}: not a Teleworker policy key` });
      continue;
    }
    if (key === 'certPins' && Array.isArray(value) && value.length) {
      value = validPins(location, value, problems);
      if (!(value as unknown[]).length) continue;
    }
    const schema = PolicySchema.shape[key] as z.ZodType;
    const parsed = schema.safeParse(value);
    if (!parsed.success || parsed.data === undefined) {
      problems.push({
        location,
        key,
        message: parsed.success ? `${key}: has no value` : describeIssues(prefixed(parsed.error, key)),
      });
      continue;
    }
    if (key === 'officeCa') {
      try {
        parsePemBundle(parsed.data as string);
      } catch (error) {
        problems.push({ location, key, message: `officeCa: ${(error as Error).message}` });
        continue;
      }
    }
    valid[key] = parsed.data;
  }
  return valid as Partial<Policy>;
}

/**
 * Each pin on its own: a typo in one is reported and left out while the others still apply (the
 * office stays reachable through a pin that is right; it is never trusted through a wrong one).
 */
function validPins(location: string, pins: unknown[], problems: PolicyProblem[]): unknown[] {
  return pins.filter((pin, i) => {
    if (CertPinSchema.safeParse(pin).success) return true;
    problems.push({
      location,
      key: 'certPins',
      message: `certPins.${i}: ${JSON.stringify(pin)?.slice(0, 80)} is not a SHA-256 digest (64 hex digits, colons allowed, or base64)`,
    });
    return false;
  });
}

/** zod's issues name the path inside the key; the sentence names the key too. */
function prefixed(error: z.ZodError, key: string): z.ZodError {
  return { issues: error.issues.map((issue) => ({ ...issue, path: [key, ...issue.path] })) } as unknown as z.ZodError;
}

/** Registry data → the JSON shape the schema checks, driven by what each key holds. */
function fromRegistry(keys: RegistryKey[], location: string): Collected {
  const problems: PolicyProblem[] = [];
  const values: Record<string, unknown> = {};
  const rootKey = keys.find((k) => k.path === '');
  for (const [name, value] of rootKey?.values ?? []) {
    if (name === '') continue;
    const key = canonicalKey(name) ?? name;
    if (BOOLEAN_KEYS.has(key) && value.type === 'REG_DWORD') values[key] = value.data !== 0;
    else if (
      NUMBER_KEYS.has(key) &&
      (value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ') &&
      /^\d+$/.test(value.data)
    )
      values[key] = Number(value.data);
    else if (LIST_KEYS.has(key) && (value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ')) {
      try {
        values[key] = JSON.parse(value.data);
      } catch {
        problems.push({ location, key, message: `${key}: expected a JSON list in this string value` });
      }
    } else if (LIST_KEYS.has(key) && value.type === 'REG_MULTI_SZ')
      values[key] = value.data.map((item) => listItem(key, item));
    else if (key === 'officeCa' && value.type === 'REG_MULTI_SZ') values[key] = value.data.join('\n');
    else if (value.type === 'other')
      problems.push({ location, key, message: `${key}: ${value.rawType} is not a supported value type` });
    else values[key] = value.data;
  }
  // A Group Policy "list" element writes one value per item into a subkey named after the key.
  for (const sub of keys) {
    if (sub.path === '') continue;
    const key = canonicalKey(sub.path);
    if (!key || !LIST_KEYS.has(key)) {
      problems.push({
        location: `${location}\\${sub.path}`,
        key: sub.path,
        message: `${sub.path}: not a Teleworker policy list`,
      });
      continue;
    }
    values[key] = [...sub.values.entries()]
      .filter(([name]) => name !== '')
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([, v]) => (v.type === 'REG_SZ' || v.type === 'REG_EXPAND_SZ' ? listItem(key, v.data) : v.data));
  }
  return { values, problems };
}

/** A tunnel rule in a registry list is JSON ({"description":"Contoso*"}); an origin is plain text. */
function listItem(key: string, text: string): unknown {
  if (key !== 'tunnelRules') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function fromJsonFile(path: string): Collected | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return {
      values: {},
      problems: [
        { location: path, key: null, message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` },
      ],
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { values: {}, problems: [{ location: path, key: null, message: 'is not valid JSON' }] };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { values: {}, problems: [{ location: path, key: null, message: 'is not a JSON object of settings' }] };
  }
  return { values: json as Record<string, unknown>, problems: [] };
}

/** Reads every source for this OS and merges them key by key (earlier sources win). */
export function loadPolicy(options: PolicyLoadOptions = {}): PolicyResult {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const root = options.root ?? '/';
  const result = emptyPolicy();
  const take = (kind: PolicySourceKind, location: string, collected: Collected | null) => {
    result.sources.push({ kind, location, found: collected !== null });
    if (!collected) return;
    result.problems.push(...collected.problems);
    const valid = validate(location, collected.values, result.problems);
    for (const [key, value] of Object.entries(valid) as Array<[PolicyKey, unknown]>) {
      if (key in result.policy) continue;
      (result.policy as Record<string, unknown>)[key] = value;
      result.origin[key] = location;
    }
  };

  if (platform === 'win32') {
    const run = options.regQuery ?? runRegQuery;
    let collected: Collected | null;
    try {
      const output = run(REGISTRY_POLICY_KEY);
      collected = output === null ? null : fromRegistry(parseRegQuery(output), REGISTRY_POLICY_KEY);
    } catch (error) {
      collected = {
        values: {},
        problems: [
          {
            location: REGISTRY_POLICY_KEY,
            key: null,
            message: `cannot be read (${(error as Error).message.split('\n')[0]})`,
          },
        ],
      };
    }
    take('registry', REGISTRY_POLICY_KEY, collected);
  }
  if (platform === 'darwin') {
    const path = managedPreferencesPath(root);
    let collected: Collected | null;
    try {
      const dict = readManagedPreferences(path);
      // macOS adds its own bookkeeping keys to some managed files; they are not ours to judge.
      collected = dict
        ? {
            values: Object.fromEntries(Object.entries(dict).filter(([k]) => !/^(Payload|com\.apple\.)/.test(k))),
            problems: [],
          }
        : null;
    } catch (error) {
      collected = { values: {}, problems: [{ location: path, key: null, message: (error as Error).message }] };
    }
    take('managed-preferences', path, collected);
  }
  const file = defaultPolicyPath(platform, env, root);
  let collected = fromJsonFile(file);
  const check =
    options.fileOwnerCheck !== undefined ? options.fileOwnerCheck : root === '/' ? adminOwnedCheck(platform) : null;
  if (collected && check && !env.TELEWORKER_POLICY_FILE) {
    let refusal: string | null;
    try {
      refusal = check(file);
    } catch (error) {
      refusal = `cannot be checked for its owner (${(error as NodeJS.ErrnoException).code ?? 'error'}), ${NOT_ADMIN}`;
    }
    // A policy anyone could have planted (a shared machine, ProgramData's default rights) is not IT's.
    if (refusal) collected = { values: {}, problems: [{ location: file, key: null, message: refusal }] };
  }
  take('file', file, collected);
  return result;
}

/** One sentence for the log and the sign-in screen, or null when every key was valid. */
export function describePolicyProblems(result: PolicyResult): string | null {
  if (!result.problems.length) return null;
  const byLocation = new Map<string, string[]>();
  for (const p of result.problems) byLocation.set(p.location, [...(byLocation.get(p.location) ?? []), p.message]);
  return [...byLocation]
    .map(([location, messages]) => `The policy in ${location} is not valid: ${messages.join('; ')}.`)
    .join(' ');
}

/**
 * The office IT or the user configured: the policy's, else TELEWORKER_OFFICE_URL, else null (the
 * user types it on the sign-in screen, or a host starts the demo office).
 */
export function configuredOfficeUrl(
  policy: PolicyResult | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  return policy?.policy.officeUrl ?? (env.TELEWORKER_OFFICE_URL?.trim() || null);
}
