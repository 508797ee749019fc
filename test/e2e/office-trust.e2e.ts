// The office's certificate rule through the browser host: a real office on loopback over https with
// a self-signed certificate made for this run, and IT's policy file naming it. With its pin the
// user signs in, the connectivity check reaches the office and changes are sent; a malformed pin
// beside it is named in the banner and the app still works. With no pin, sign-in fails with a
// sentence saying why, and nothing reaches the office.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startOfficeProcess } from '../fixtures/office-process';
import type { OfficeProcess } from '../fixtures/office-process';
import { startBrowserHostProcess } from './browser-host.fixture';
import { openSignedOut } from './helpers';

test.describe.configure({ mode: 'serial' });

type Host = Awaited<ReturnType<typeof startBrowserHostProcess>>;
let dir: string;
let office: OfficeProcess;
let pinned: Host;
let unpinned: Host;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(join(tmpdir(), 'tw-e2e-trust-'));
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'],
      ...['-subj', '/CN=office.bank.test', '-addext', 'subjectAltName=IP:127.0.0.1'],
      ...['-keyout', join(dir, 'office.key'), '-out', join(dir, 'office.pem')],
    ],
    { stdio: 'ignore' },
  );
  const pin = new X509Certificate(readFileSync(join(dir, 'office.pem'))).fingerprint256;
  office = await startOfficeProcess(join(dir, 'data'), 0, {
    cert: join(dir, 'office.pem'),
    key: join(dir, 'office.key'),
  });
  const policy = (name: string, json: object) => {
    writeFileSync(join(dir, name), JSON.stringify({ officeUrl: office.url, ...json }));
    return join(dir, name);
  };
  [pinned, unpinned] = await Promise.all([
    startBrowserHostProcess({ TELEWORKER_POLICY_FILE: policy('pinned.json', { certPins: [pin, 'AB:CD:not-a-pin'] }) }),
    startBrowserHostProcess({ TELEWORKER_POLICY_FILE: policy('unpinned.json', {}) }),
  ]);
});

test.afterAll(async () => {
  await Promise.all([pinned?.stop(), unpinned?.stop()]);
  await office?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('with the pin from policy: sign-in, the office reached, a change sent; the bad pin is named', async ({ page }) => {
  expect(office.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  await openSignedOut(page, pinned);
  const form = page.getByRole('region', { name: 'Sign in to the office' });
  await expect(form.getByLabel('Office server')).toHaveValue(office.url);
  await form.getByLabel('User name').fill('budi');
  await form.getByLabel('Password').fill('teleworker');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeFocused();
  // the connectivity check trusts the office by the same pin
  await expect(page.getByTestId('connectivity-status')).toHaveAttribute(
    'data-status',
    /office-lan|office-via-vpn|degraded/,
    { timeout: 15_000 },
  );
  await page.getByTestId('me').click();
  await page.getByLabel('My status').selectOption('busy');
  await expect(page.getByTestId('sync-indicator')).toContainText('All changes sent', { timeout: 10_000 });

  await page.getByTestId('settings-status').getByRole('button').click();
  await expect(page.getByTestId('policy-problems')).toContainText('certPins.1');
  await expect(page.getByTestId('policy-problems')).toContainText('is not a SHA-256 digest');
});

test('with neither a pin nor a CA: sign-in fails and says the certificate is not trusted', async ({ page }) => {
  await openSignedOut(page, unpinned);
  const form = page.getByRole('region', { name: 'Sign in to the office' });
  await form.getByLabel('User name').fill('budi');
  await form.getByLabel('Password').fill('teleworker');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText("The office server's certificate is not trusted");
  await expect(page.getByRole('alert')).toContainText('certificate pin');
  await expect(page.getByRole('region', { name: 'Sign in to the office' })).toBeVisible();
});
