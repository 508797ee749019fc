// Issue 27: the Node.js version the README names is one every installed package accepts (npm warns
// EBADENGINE otherwise), and both package.json files' engines admit it and Node 20.19.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string, opts?: { includePrerelease?: boolean }): boolean;
};
const json = <T>(file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as T;

describe('Node.js versions', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const named = /You need Node\.js (\d+) LTS \((\d+\.\d+) or newer\)/.exec(readme);

  it('the README names a Node LTS line and its oldest accepted release', () => {
    expect(named?.[1]).toBe('22');
    expect(named?.[2]).toBe('22.13');
  });

  it('no package in the lockfile asks for another Node than the one the README names', () => {
    const version = `${named?.[2] ?? '0.0'}.0`;
    const lock = json<{ packages: Record<string, { engines?: { node?: string } }> }>('package-lock.json');
    const unhappy = Object.entries(lock.packages)
      .filter(
        ([, p]) =>
          p.engines?.node !== undefined && !semver.satisfies(version, p.engines.node, { includePrerelease: true }),
      )
      .map(([name, p]) => `${name || '(root)'} wants ${p.engines?.node ?? ''}`);
    expect(unhappy).toEqual([]);
  });

  it("the app's and the office server's engines admit Node 22 LTS and Node 20.19, and no end-of-life line before it", () => {
    for (const file of ['package.json', 'office-server/package.json']) {
      const range = json<{ engines: { node: string } }>(file).engines.node;
      for (const ok of ['22.13.0', '22.23.5', '20.19.0'])
        expect(semver.satisfies(ok, range), `${file} ${ok}`).toBe(true);
      for (const no of ['22.12.0', '20.18.0', '18.20.0'])
        expect(semver.satisfies(no, range), `${file} ${no}`).toBe(false);
    }
  });

  it('the office server package needs nothing that Node 20.19 would refuse', () => {
    const lock = json<{ packages: Record<string, { engines?: { node?: string }; dev?: boolean }> }>(
      'package-lock.json',
    );
    const server = json<{ dependencies: Record<string, string> }>('office-server/package.json');
    for (const name of Object.keys(server.dependencies)) {
      const range = lock.packages[`node_modules/${name}`]?.engines?.node;
      if (range) expect(semver.satisfies('20.19.0', range), `${name} ${range}`).toBe(true);
    }
  });
});
