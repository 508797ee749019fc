// node-ipc has shipped malware: protestware (peacenotwar) in 9.2.2, 10.1.1–10.1.2 and 11.x, and a
// credential stealer in 9.1.6, 9.2.3 and 12.0.1. The app depends on exactly 14.0.0, and this test
// fails the build when the lockfile holds any other node-ipc, 14.0.0 with another tarball than the
// one we reviewed, or peacenotwar anywhere in the tree.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ALLOWED = {
  version: '14.0.0',
  integrity: 'sha512-d5+aogND4Gk6aQkW5KCibliM4Mn12+isHXt8wFghO4Bn0gBSnev3TXJWQ4eEnzrlh5gCG+nwQEZwyayeDtQxQA==',
};

interface LockEntry {
  version?: string;
  integrity?: string;
  resolved?: string;
  name?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** What the lockfile says about node-ipc and peacenotwar: every problem as one line. */
export function lockfileProblems(lock: Lockfile): string[] {
  const problems: string[] = [];
  let found = 0;
  for (const [path, entry] of Object.entries(lock.packages)) {
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (name === 'peacenotwar' || path.includes('peacenotwar') || (entry.resolved ?? '').includes('peacenotwar'))
      problems.push(`peacenotwar at ${path || '(root)'}`);
    for (const deps of [
      entry.dependencies,
      entry.optionalDependencies,
      entry.peerDependencies,
      entry.devDependencies,
    ]) {
      if (deps && 'peacenotwar' in deps) problems.push(`${path || '(root)'} depends on peacenotwar`);
      if (deps && 'node-ipc' in deps && deps['node-ipc'] !== ALLOWED.version)
        problems.push(
          `${path || '(root)'} asks for node-ipc "${deps['node-ipc']}" (only exactly ${ALLOWED.version} is allowed)`,
        );
    }
    if (name !== 'node-ipc' || !path) continue;
    found++;
    if (entry.version !== ALLOWED.version)
      problems.push(`node-ipc ${entry.version ?? '?'} at ${path} (only ${ALLOWED.version} is allowed)`);
    else if (entry.integrity !== ALLOWED.integrity)
      problems.push(
        `node-ipc ${entry.version} at ${path} has integrity ${entry.integrity ?? 'none'}, not the reviewed ${ALLOWED.integrity}`,
      );
  }
  if (found === 0) problems.push('node-ipc is not in the lockfile at all');
  return problems;
}

describe('the lockfile holds only the reviewed node-ipc', () => {
  const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')) as Lockfile;

  it('node-ipc is exactly 14.0.0 with its recorded integrity, and peacenotwar is nowhere', () => {
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
    expect(lockfileProblems(lock)).toEqual([]);
    expect(JSON.stringify(lock)).not.toMatch(/peacenotwar/i);
  });

  it('package.json pins it without a range', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['node-ipc']).toBe(ALLOWED.version);
  });

  it('the check bites: a bad version, a swapped tarball, a nested copy, peacenotwar', () => {
    const good = lock.packages['node_modules/node-ipc']!;
    const variant = (extra: Record<string, LockEntry>) =>
      lockfileProblems({ lockfileVersion: 3, packages: { '': {}, 'node_modules/node-ipc': good, ...extra } });
    expect(
      lockfileProblems({
        lockfileVersion: 3,
        packages: { '': {}, 'node_modules/node-ipc': { ...good, version: '10.1.1' } },
      }),
    ).toEqual(['node-ipc 10.1.1 at node_modules/node-ipc (only 14.0.0 is allowed)']);
    expect(
      lockfileProblems({
        lockfileVersion: 3,
        packages: { '': {}, 'node_modules/node-ipc': { ...good, integrity: 'sha512-AAAA' } },
      })[0],
    ).toMatch(/integrity sha512-AAAA, not the reviewed/);
    expect(variant({ 'node_modules/some-tool/node_modules/node-ipc': { version: '9.2.2' } })).toEqual([
      'node-ipc 9.2.2 at node_modules/some-tool/node_modules/node-ipc (only 14.0.0 is allowed)',
    ]);
    expect(variant({ 'node_modules/peacenotwar': { version: '9.1.6' } })).toContain(
      'peacenotwar at node_modules/peacenotwar',
    );
    expect(variant({ 'node_modules/x': { dependencies: { 'node-ipc': '^14.0.0' } } })).toEqual([
      'node_modules/x asks for node-ipc "^14.0.0" (only exactly 14.0.0 is allowed)',
    ]);
    expect(lockfileProblems({ lockfileVersion: 3, packages: { '': {} } })).toEqual([
      'node-ipc is not in the lockfile at all',
    ]);
  });

  it('the installed copy is the locked one (its package.json says 14.0.0)', () => {
    const installed = JSON.parse(readFileSync(`${root}node_modules/node-ipc/package.json`, 'utf8')) as {
      version: string;
    };
    expect(installed.version).toBe(ALLOWED.version);
  });
});
