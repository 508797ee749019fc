// The manager's screen, live: two browser hosts (budi and siti, each its own app data) against one
// real office in its own process. Budi starts work on a ticket and siti's Team shows it without a
// reload; budi sends his summary, siti acknowledges it with the a key, and budi's Work session says
// who acknowledged it and when.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { startOfficeProcess } from '../fixtures/office-process';
import type { OfficeProcess } from '../fixtures/office-process';
import { startBrowserHostProcess } from './browser-host.fixture';
import { signIn } from './helpers';

test.describe.configure({ mode: 'serial' });

type Host = Awaited<ReturnType<typeof startBrowserHostProcess>>;
let officeDir: string;
let office: OfficeProcess;
let budiHost: Host;
let sitiHost: Host;
let budi: Page;
let siti: Page;

const rail = (page: Page) => page.getByRole('navigation', { name: 'Sections' });

async function newPage(browser: Browser, host: Host, user: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, host, user);
  return page;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  officeDir = mkdtempSync(join(tmpdir(), 'tw-team-office-'));
  office = await startOfficeProcess(officeDir);
  [budiHost, sitiHost] = await Promise.all([
    startBrowserHostProcess({ TELEWORKER_OFFICE_URL: office.url }),
    startBrowserHostProcess({ TELEWORKER_OFFICE_URL: office.url }),
  ]);
  budi = await newPage(browser, budiHost, 'budi');
  siti = await newPage(browser, sitiHost, 'siti');
});

test.afterAll(async () => {
  await Promise.all([budi?.context().close(), siti?.context().close()]);
  await Promise.all([budiHost?.stop(), sitiHost?.stop()]);
  await office?.stop();
  rmSync(officeDir, { recursive: true, force: true });
});

test('budi starts work; siti’s Team shows him working on the ticket, without a reload', async () => {
  await rail(siti).getByRole('button', { name: 'Team' }).click();
  const row = siti.locator('[data-testid="team-member"][data-user="budi"]');
  await expect(row.getByTestId('team-now')).toHaveText('Not started');

  await rail(budi).getByRole('button', { name: 'Work session' }).click();
  await expect(budi.getByTestId('session-shared')).toHaveText('Your manager sees: not started');
  await budi.getByTestId('session-ticket').fill('INC-1006');
  await budi.getByTestId('session-start').click();
  await expect(budi.getByTestId('work-timer')).toHaveAttribute('data-mode', 'working');
  await expect(budi.getByTestId('session-shared')).toContainText('Your manager sees: working on INC-1006 since');

  await expect(row.getByTestId('team-now')).toContainText('Working on INC-1006 since');
  await expect(row.getByTestId('team-now')).toHaveAttribute('data-mode', 'working');
  await expect(row.getByTestId('team-strip')).toBeVisible();

  // a break shows too
  await budi.getByTestId('session-break-short').click();
  await expect(row.getByTestId('team-now')).toHaveAttribute('data-mode', 'break');
  await expect(row.getByTestId('team-now')).toContainText('On a break since');
});

test('siti acknowledges budi’s summary with the a key; budi’s Work session shows it', async () => {
  await budi.getByTestId('summary-send').click();
  await expect(budi.getByTestId('summary-state')).toContainText('Delivered to your manager');
  await expect(budi.getByTestId('summary-ack')).toHaveText('Not acknowledged yet');

  const row = siti.locator('[data-testid="team-member"][data-user="budi"]');
  await expect(row.getByTestId('team-ack')).toHaveAttribute('data-state', 'waiting');
  await expect(siti.getByTestId('team-awaiting-ack')).toBeVisible();
  await siti.getByTestId('team-open-budi').click();
  await expect(siti.getByTestId('team-ack-form')).toBeVisible();
  await siti.locator('body').press('a');
  await expect(siti.getByTestId('team-detail').getByTestId('team-ack')).toContainText('Acknowledged at', {
    timeout: 10_000,
  });

  await expect(budi.getByTestId('summary-ack')).toContainText('Acknowledged by \u2068Siti Rahayu\u2069 at');
});
