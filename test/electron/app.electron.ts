// window.teleworker's type (the global declaration lives with the renderer's API).
import type {} from '../../renderer/api/connect';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { contract } from '../../shared/contract';

const root = join(import.meta.dirname, '../..');

test('the packaged shell opens a hardened window on app:// and answers through the preload', async () => {
  const app = await electron.launch({
    args: [join(root, 'out/main/main.js'), `--user-data-dir=${mkdtempSync(join(tmpdir(), 'tw-electron-'))}`],
    env: { ...process.env, ELECTRON_RENDERER_URL: '' },
  });
  try {
    const page = await app.firstWindow();
    expect(page.url()).toBe('app://teleworker/index.html');
    await page.keyboard.press('F1'); // About lives in Help
    await expect(page.getByTestId('app-version')).toContainText(/\d+\.\d+\.\d+/);
    // the page has the contract and nothing of Node or Electron
    const globals = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      areas: Object.keys(window.teleworker ?? {}).sort(),
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', areas: Object.keys(contract).sort() });
    const bad = await page.evaluate(() => window.teleworker!.system.ping({ message: 42 } as never));
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    // navigation away is refused
    await page.evaluate(() => (window.location.href = 'https://example.invalid/'));
    await page.waitForTimeout(300);
    expect(page.url()).toBe('app://teleworker/index.html');
  } finally {
    await app.close();
  }
});
