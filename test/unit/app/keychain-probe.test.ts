// The packaged app has the RunAsNode fuse off, so the keychain probe runs as an Electron
// utilityProcess. The runner the shell builds is driven here through a faithful fake of
// utilityProcess that really starts the script.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { utilityProbeRunner } from '../../../electron/app/bootstrap';
import { probeInChildProcess } from '../../../electron/services/credentials/keytar-backend';
import { fakeUtilityProcess } from '../../fixtures/fake-electron';

const script = (body: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'tw-probe-')), 'probe.cjs');
  writeFileSync(file, body);
  return file;
};

describe('the keychain probe as a utilityProcess', () => {
  it('reports the keychain available when the probe says ok, and forks the shipped script with the service name', async () => {
    const utility = fakeUtilityProcess();
    const path = script(
      "if (!process.env.TELEWORKER_KEYTAR_PATH || process.env.TELEWORKER_KEYCHAIN_SERVICE !== 'Teleworker') process.exit(5); process.stdout.write('ok\\n');",
    );
    await expect(probeInChildProcess('Teleworker', 5_000, utilityProbeRunner(utility as never, path))).resolves.toEqual(
      { available: true },
    );
    expect(utility.forks).toHaveLength(1);
    expect(utility.forks[0]).toMatchObject({
      modulePath: path,
      options: { stdio: 'pipe', serviceName: 'Teleworker keychain probe' },
    });
  });

  it('passes on the keychain’s own refusal', async () => {
    const path = script("process.stdout.write('Cannot autolaunch D-Bus without X11 $DISPLAY\\n'); process.exit(2);");
    await expect(
      probeInChildProcess('Teleworker', 5_000, utilityProbeRunner(fakeUtilityProcess() as never, path)),
    ).resolves.toEqual({
      available: false,
      reason: 'the keychain did not answer: Cannot autolaunch D-Bus without X11 $DISPLAY',
    });
  });

  it('kills a probe that never answers and says so', async () => {
    const path = script('setInterval(() => {}, 1000);');
    const started = Date.now();
    const result = await probeInChildProcess(
      'Teleworker',
      300,
      utilityProbeRunner(fakeUtilityProcess() as never, path),
    );
    expect(result).toEqual({
      available: false,
      reason: 'the keychain did not answer: no Secret Service answered within 300 ms',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('runs the real probe script shipped with the app', async () => {
    const shipped = join(import.meta.dirname, '../../../electron/services/credentials/keychain-probe.cjs');
    const result = await probeInChildProcess(
      'Teleworker-test-probe',
      10_000,
      utilityProbeRunner(fakeUtilityProcess() as never, shipped),
    );
    // With or without a Secret Service on this machine the answer is a verdict, never a crash of the script.
    expect(result.available || /^the keychain did not answer: /.test(result.reason)).toBe(true);
  });
});
