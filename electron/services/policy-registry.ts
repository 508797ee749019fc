// Windows Group Policy: HKLM\Software\Policies\Teleworker, read through `reg query` (no native
// module, and the output format has been stable since Windows XP). This file only parses that
// output; the process is run by a small runner the caller passes, so tests feed recorded output.
import { execFileSync } from 'node:child_process';

export const REGISTRY_POLICY_KEY = 'HKLM\\Software\\Policies\\Teleworker';

export type RegistryValue =
  | { type: 'REG_SZ' | 'REG_EXPAND_SZ'; data: string }
  | { type: 'REG_DWORD' | 'REG_QWORD'; data: number }
  | { type: 'REG_MULTI_SZ'; data: string[] }
  | { type: 'other'; data: string; rawType: string };

/** One key of the output: its path (relative to the queried key, '' for itself) and its values by name. */
export interface RegistryKey {
  path: string;
  values: Map<string, RegistryValue>;
}

/** What running `reg query <key> /s` gave: its output, or null when the key does not exist. */
export type RegQueryRunner = (key: string) => string | null;

/** The real runner. `reg` exits with 1 when the key is absent, which is "no policy", not an error. */
export const runRegQuery: RegQueryRunner = (key) => {
  try {
    return execFileSync('reg', ['query', key, '/s'], {
      encoding: 'utf8',
      windowsHide: true,
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 1) return null;
    throw error;
  }
};

const VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z_]+|REG_NONE)(?: {4}(.*))?$/;

function parseValue(type: string, raw: string): RegistryValue {
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { type, data: raw };
    case 'REG_DWORD':
    case 'REG_QWORD':
      return { type, data: Number.parseInt(raw, 16) };
    case 'REG_MULTI_SZ':
      // reg query shows the strings joined by a literal "\0"
      return { type, data: raw === '' ? [] : raw.split('\\0').filter((s) => s !== '') };
    default:
      return { type: 'other', rawType: type, data: raw };
  }
}

/** Parses `reg query <root> /s` output into keys relative to root (matched case-insensitively). */
export function parseRegQuery(output: string, root: string = REGISTRY_POLICY_KEY): RegistryKey[] {
  const fullRoot = root.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\').toLowerCase();
  const keys: RegistryKey[] = [];
  let current: RegistryKey | null = null;
  for (const line of output.split(/\r?\n/)) {
    if (line.trim() === '' || /^End of search/i.test(line)) continue;
    if (!line.startsWith(' ')) {
      const name = line.trim();
      const lower = name.toLowerCase();
      const path = lower === fullRoot ? '' : lower.startsWith(`${fullRoot}\\`) ? name.slice(fullRoot.length + 1) : name;
      current = { path, values: new Map() };
      keys.push(current);
      continue;
    }
    const m = VALUE_LINE.exec(line);
    if (!m || !current) continue;
    const [, rawName = '', type = '', data = ''] = m;
    const name = rawName === '(Default)' ? '' : rawName;
    current.values.set(name, parseValue(type, data));
  }
  return keys;
}
