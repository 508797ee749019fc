// What a first working day tripped over (issue 30), each step as the user takes it, through the
// real browser host and its embedded demo office, in Chromium.
import type { Page } from '@playwright/test';
import { expect, test } from './browser-host.fixture';
import { signIn } from './helpers';

const rail = (page: Page) => page.getByRole('navigation', { name: 'Sections' });
const row = (page: Page, id: string) => page.locator(`[data-testid="ticket-row"][data-ticket="${id}"]`);
const detail = (page: Page) => page.getByTestId('ticket-detail');

test('signing out says nothing about an expired sign-in', async ({ page, host }) => {
  for (let round = 0; round < 3; round++) {
    await signIn(page, host, 'budi');
    // the event stream is live: the sign-out ends it while the app is working
    await expect(page.getByTestId('sync-indicator')).toContainText('All changes sent');
    await page.getByTestId('me').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('region', { name: 'Sign in to the office' })).toBeVisible();
    // a renewal refused because of the sign-out must not come back as "expired" a moment later;
    // the event stream's reconnect after the sign-out happens within this second (no signal tells it)
    await page.waitForTimeout(1_000);
    await expect(page.getByTestId('sign-in-notice')).toHaveCount(0);
    await expect(page.getByText(/expired/i)).toHaveCount(0);
  }
});

test('the timer refuses a ticket that does not exist, offers mine, and runs without a ticket', async ({
  page,
  host,
}) => {
  await signIn(page, host, 'budi');
  await rail(page).getByRole('button', { name: 'Work session' }).click();
  const field = page.getByTestId('session-ticket');
  // my open tickets are suggested (as of when the field takes the focus)
  await field.focus();
  await expect(page.locator('#session-ticket-suggestions option[value="INC-1001"]')).toHaveCount(1);
  await field.fill('INC-9999');
  await page.getByTestId('session-start').click();
  await expect(page.getByRole('alert')).toContainText('There is no ticket INC-9999 among your tickets');
  await expect(page.getByTestId('work-timer')).not.toHaveAttribute('data-mode', 'working');
  // a known number, typed in lower case, by Enter
  await field.fill('inc-1001');
  await field.press('Enter');
  const timer = page.getByTestId('work-timer');
  await expect(timer).toHaveAttribute('data-mode', 'working');
  await expect(timer).toContainText('on INC-1001');
  await expect(page.getByRole('alert')).toHaveCount(0);
  // switching to an unknown number is refused too; "no ticket" is allowed
  await page.getByTestId('session-ticket').fill('INC-9999');
  await page.getByTestId('session-switch').click();
  await expect(page.getByRole('alert')).toContainText('INC-9999');
  await expect(timer).toContainText('on INC-1001');
  await page.getByTestId('session-ticket').fill('');
  await page.getByTestId('session-switch').click();
  await expect(timer).not.toContainText('INC-1001');
  await page.getByTestId('session-stop').click();
});

test('a comment sent at once leaves no "changes waiting" on its row', async ({ page, host }) => {
  await signIn(page, host, 'budi');
  for (const [i, id] of ['INC-1001', 'INC-1006', 'INC-1001'].entries()) {
    await row(page, id).click();
    await page.getByLabel('Add a comment').fill(`Checked with the branch, round ${i + 1}.`);
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await expect(detail(page).locator('.ticket-history')).toContainText(`round ${i + 1}`);
    await expect(page.getByTestId('sync-indicator')).toContainText('All changes sent');
    await expect(row(page, id)).not.toContainText('changes waiting');
    await expect(detail(page).getByTestId('change-pending')).toHaveCount(0);
  }
});

/** the rows' boxes in list order: none may overlap the next, and no gap opens between them */
async function rowBoxes(page: Page) {
  return page.locator('.ticket-slot').evaluateAll((slots) =>
    slots
      .map((s) => {
        const r = s.getBoundingClientRect();
        return {
          id: s.querySelector('[data-ticket]')?.getAttribute('data-ticket') ?? '',
          top: r.top,
          bottom: r.bottom,
        };
      })
      .sort((a, b) => a.top - b.top),
  );
}
async function expectRowsStacked(page: Page) {
  await expect
    .poll(async () => {
      const boxes = await rowBoxes(page);
      return boxes.slice(1).every((b, i) => Math.abs(b.top - boxes[i]!.bottom) <= 1);
    })
    .toBe(true);
}

test('the inbox rows stay stacked after a two-line ticket moves in the list', async ({ page, host }) => {
  // at this width INC-1001's title, and only it, takes two lines in the list pane
  await page.setViewportSize({ width: 1400, height: 800 });
  await signIn(page, host, 'budi');
  await expect(row(page, 'INC-1001')).toBeVisible();
  await expectRowsStacked(page);
  // the two-line title is the first row; acknowledging it moves it down the list
  await row(page, 'INC-1001').click();
  await page.keyboard.press('a');
  await expect(row(page, 'INC-1001')).toContainText('acknowledged');
  await expectRowsStacked(page);
});
