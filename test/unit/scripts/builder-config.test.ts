// electron-builder.yml as electron-builder itself reads it: valid against its schema, the rpm's
// dependencies keep every one of electron-builder's defaults (a `depends` list replaces them), and
// macOS builds one universal app, with a pkg for MDMs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const builderRequire = createRequire(require.resolve('electron-builder/package.json'));
const libRequire = createRequire(builderRequire.resolve('app-builder-lib/package.json'));
const yaml = libRequire('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = libRequire('./out/util/config/config.js') as {
  validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(): void }): Promise<void>;
};
const { default: FpmTarget } = libRequire('./out/targets/FpmTarget.js') as {
  default: { prototype: { getDefaultDepends(target: string): string[] } };
};

const config = yaml.load(readFileSync(join(import.meta.dirname, '../../../electron-builder.yml'), 'utf8')) as {
  rpm: { depends: string[] };
  mac: { target: Array<{ target: string; arch: string[] }> };
  nsis: { include: string };
};

describe('electron-builder.yml', () => {
  it('is valid for electron-builder', async () => {
    await expect(validateConfiguration(config, { isEnabled: false, add() {} })).resolves.toBeUndefined();
  });

  it('the rpm keeps electron-builder’s default dependencies and adds the keychain', () => {
    const defaults = FpmTarget.prototype.getDefaultDepends.call({}, 'rpm');
    expect(defaults).toContain('gtk3');
    expect(defaults.filter((d) => !config.rpm.depends.includes(d))).toEqual([]);
    expect(config.rpm.depends).toContain('libsecret');
  });

  it('macOS: universal dmg, zip and pkg; Windows: the NSIS include exists', () => {
    expect(config.mac.target.map((t) => `${t.target}:${t.arch.join()}`)).toEqual([
      'dmg:universal',
      'zip:universal',
      'pkg:universal',
    ]);
    expect(readFileSync(join(import.meta.dirname, '../../..', config.nsis.include), 'utf8')).toContain(
      '!macro customInstall',
    );
  });
});
