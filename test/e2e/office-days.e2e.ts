// Office days in real Chromium through the browser host, against a demo office in its own process:
// budi books a desk for the next workday and a range after it, sees a colleague's office day and
// cancels one day of the range; siti (a manager) proposes a team day that budi then sees.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { addDays, dayIn, isoWeekday } from '../../shared/domain/office-days';
import { startOfficeProcess, type OfficeProcess } from '../fixtures/office-process';
import { startBrowserHostProcess, type BrowserHostProcess } from './browser-host.fixture';
import { signIn } from './helpers';

type Host = BrowserHostProcess & { stop(): Promise<void> };
let officeDir: string;
let office: OfficeProcess | undefined;
let budiHost: Host | undefined;
let sitiHost: Host | undefined;

/** the next workdays after today in the demo site's calendar (Jakarta) */
function nextWorkdays(n: number): string[] {
  const out: string[] = [];
  for (let d = addDays(dayIn('Asia/Jakarta', Date.now()), 1); out.length < n; d = addDays(d, 1))
    if (isoWeekday(d) <= 5) out.push(d);
  return out;
}

test.beforeAll(async () => {
  // an office and two hosts start on a shared, busy machine
  test.setTimeout(120_000);
  officeDir = mkdtempSync(join(tmpdir(), 'tw-e2e-desks-'));
  office = await startOfficeProcess(officeDir);
  [budiHost, sitiHost] = await Promise.all([
    startBrowserHostProcess({ TELEWORKER_OFFICE_URL: office.url }),
    startBrowserHostProcess({ TELEWORKER_OFFICE_URL: office.url }),
  ]);
});
test.afterAll(async () => {
  await budiHost?.stop();
  await sitiHost?.stop();
  await office?.stop();
  rmSync(officeDir, { recursive: true, force: true });
});

const openOfficeDays = async (page: Page) => {
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: /^Office days/ })
    .click();
  await expect(page.getByTestId('od-weeks')).toBeVisible();
};
const dayButton = (page: Page, day: string) => page.locator(`[data-testid="od-weeks"] [data-day="${day}"] button`);
const bookFromList = async (page: Page, label: string) => {
  await page
    .getByTestId('od-desk-list')
    .getByRole('button', { name: new RegExp(`^${label} free`) })
    .click();
  await expect(page.getByTestId('od-book')).toBeVisible();
};

test('budi books a day and a range, sees a colleague in, cancels one day; siti proposes a team day', async ({
  browser,
}) => {
  const [first, second, third] = nextWorkdays(3) as [string, string, string];
  const budi = await (await browser.newContext()).newPage();
  await signIn(budi, budiHost!, 'budi');
  await openOfficeDays(budi);

  // the next workday: Ayu (demo) is in and lets colleagues see her desk; budi books 3-03
  await dayButton(budi, first).click();
  await expect(budi.getByTestId('od-colleagues')).toContainText('Ayu Lestari');
  await expect(budi.getByTestId('od-plan').locator('[data-label="3-02"]')).toHaveAttribute('data-state', 'booked');
  await bookFromList(budi, '3-03');
  await budi.getByTestId('od-book-submit').click();
  await expect(budi.getByTestId('od-notice')).toHaveAttribute('data-kind', 'booked');
  await expect(dayButton(budi, first)).toContainText('Office · desk 3-03');
  await expect(budi.getByTestId('od-plan').locator('[data-label="3-03"]')).toHaveAttribute('data-state', 'mine');

  // a range: from the second workday every day until the third
  await dayButton(budi, second).click();
  await bookFromList(budi, '3-04');
  await budi.getByLabel('Every day until').check();
  await budi.getByTestId('od-until').fill(third);
  await budi.getByTestId('od-book-submit').click();
  await expect(budi.getByTestId('od-notice')).toHaveAttribute('data-kind', 'booked');
  await expect(dayButton(budi, second)).toContainText('Office · desk 3-04');
  await expect(dayButton(budi, third)).toContainText('Office · desk 3-04');

  // cancel one day of the range: the other stays
  await dayButton(budi, second).click();
  await budi.getByTestId('od-cancel-day').click();
  await expect(budi.getByTestId('od-notice')).toHaveAttribute('data-kind', 'cancelled');
  await expect(dayButton(budi, second)).toContainText('Home');
  await expect(dayButton(budi, third)).toContainText('Office · desk 3-04');

  // siti proposes the third workday as a team day
  const siti = await (await browser.newContext()).newPage();
  await signIn(siti, sitiHost!, 'siti');
  await openOfficeDays(siti);
  await dayButton(siti, third).click();
  await expect(siti.getByTestId('od-colleagues')).toContainText('Budi Santoso');
  await siti.getByTestId('od-propose').click();
  await expect(siti.getByTestId('od-notice')).toHaveAttribute('data-kind', 'team-days');
  await expect(dayButton(siti, third)).toContainText('Team day');

  await budi.reload();
  await openOfficeDays(budi);
  await expect(dayButton(budi, third)).toContainText('Team day');
});

test('on the office LAN a desk booked for today is checked in; Check out shows the clean-desk checklist (keyboard, dark, 700 px) and frees it', async ({
  browser,
}) => {
  // the demo office is on this machine: the app sees it directly, as on the office LAN
  const budi = await (
    await browser.newContext({ viewport: { width: 700, height: 800 }, colorScheme: 'dark' })
  ).newPage();
  await signIn(budi, budiHost!, 'budi');
  await openOfficeDays(budi);
  // the section opens on today
  await bookFromList(budi, '3-07');
  await budi.getByTestId('od-book-submit').click();
  await expect(budi.getByTestId('od-notice')).toHaveAttribute('data-kind', 'booked');
  await expect(budi.getByTestId('od-checked-in')).toHaveText('Checked in by the office network');

  await budi.getByTestId('od-check-out').click();
  const dialog = budi.getByRole('dialog', { name: 'Check out of desk 3-07' });
  await expect(dialog).toBeVisible();
  const box = (await dialog.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(700);
  const items = dialog.getByRole('checkbox');
  await expect(items).toHaveCount(3);
  await expect(dialog).toContainText('Lock the screen');
  await expect(dialog.getByRole('button', { name: 'Done, check out' })).toHaveAttribute('aria-disabled', 'true');
  // by keyboard: focus starts on the first item; Space ticks, Tab moves on
  await expect(items.first()).toBeFocused();
  for (let i = 0; i < 3; i++) {
    await budi.keyboard.press('Space');
    await budi.keyboard.press('Tab');
  }
  await expect(dialog.getByRole('button', { name: 'Not now' })).toBeFocused();
  await budi.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Done, check out' })).toBeFocused();
  await budi.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(budi.getByTestId('od-notice')).toHaveText('Checked out: desk 3-07 is free for the rest of the day.');
  await expect(budi.getByTestId('od-plan').locator('[data-label="3-07"]')).toHaveAttribute('data-state', 'free');
  await expect(budi.getByTestId('od-mine')).toBeHidden();
});
