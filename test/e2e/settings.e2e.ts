// Settings in real Chromium against the real browser host, with IT's policy file on disk: what
// policy sets is locked and says so, the invalid key is shown, and the user's own change holds.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { BrowserHostProcess } from './browser-host.fixture';
import { startBrowserHostProcess } from './browser-host.fixture';
import { signIn } from './helpers';

let host: BrowserHostProcess & { stop(): Promise<void> };

test.beforeAll(async () => {
  const policy = join(mkdtempSync(join(tmpdir(), 'tw-e2e-policy-')), 'policy.json');
  writeFileSync(policy, JSON.stringify({ idleMinutes: 20, updateChannel: 'nightly' }));
  host = await startBrowserHostProcess({ TELEWORKER_POLICY_FILE: policy });
});
test.afterAll(async () => {
  await host.stop();
});

test('policy locks its settings, reports its invalid key, and the user changes the rest', async ({ page }) => {
  await signIn(page, host, 'budi');
  await expect(page.getByTestId('settings-status')).toContainText('Policy problems: 1');
  await page.keyboard.press('Control+,');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  await expect(page.getByTestId('policy-problems')).toContainText('updateChannel');

  const idle = page.getByLabel('Minutes without input before you show as away');
  await expect(idle).toBeDisabled();
  await expect(idle).toHaveValue('20');
  await expect(page.getByTestId('setting-idleMinutes')).toContainText('Set by your organisation');

  const login = page.getByLabel('Start Teleworker when you log in');
  await expect(login).toBeEnabled();
  await expect(login).not.toBeChecked();
  await login.click(); // the main process stores it; the box follows its answer
  await expect(login).toBeChecked();
  await page.reload();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('Start Teleworker when you log in')).toBeChecked();
  await expect(page.getByTestId('update-status')).toContainText('not installed');
});
