// What a first working day tripped over (issue 30), each step as the user takes it, through the
// real browser host and its embedded demo office, in Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { startDemoOffice } from '../../electron/browser-host/demo-office';
import { DATABASE_FILE } from '../../office-server/server';
import { expect, startBrowserHostProcess, test } from './browser-host.fixture';
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

test('the manager’s At risk and Waiting chips count and show the team queue’s tickets', async ({ page, host }) => {
  await signIn(page, host, 'siti');
  await page.getByTestId('scope-team').click();
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
  // the demo team has a P1 nobody answered for 12 minutes (INC-1002) and one waiting on the user
  await expect(page.getByTestId('scope-at-risk')).not.toHaveText('At risk · 0');
  await expect(page.getByTestId('scope-waiting')).toHaveText('Waiting on user · 1');
  await page.getByTestId('scope-at-risk').click();
  await expect(row(page, 'INC-1002')).toBeVisible();
  await expect(page.getByText('No ticket matches these filters')).toHaveCount(0);
  await page.getByTestId('scope-waiting').click();
  await expect(page.getByTestId('ticket-row')).toHaveCount(1);
});

test('Team’s tickets at SLA risk turn breached when they breach, with the response’s due time', async ({ browser }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'tw-day-office-'));
  const office = await startDemoOffice(dir);
  let manager: Awaited<ReturnType<typeof startBrowserHostProcess>> | null = null;
  try {
    const login = await fetch(`${office.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'siti', password: 'teleworker' }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const created = await fetch(`${office.url}/api/v1/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'day-e2e' },
      body: JSON.stringify({ title: 'Branch Kota ATM offline', requester: 'Branch Kota', priority: 'P1' }),
    });
    const id = ((await created.json()) as { ticket: { id: string } }).ticket.id;
    // nobody answers it: its 15-minute response clock runs out 40 seconds from now
    const db = new Database(join(dir, 'office-demo', DATABASE_FILE));
    db.pragma('busy_timeout = 5000');
    db.prepare('UPDATE tickets SET created_at = ? WHERE id = ?').run(Date.now() - 15 * 60_000 + 40_000, id);
    db.close();

    manager = await startBrowserHostProcess({ TELEWORKER_OFFICE_URL: office.url });
    const page = await (await browser.newContext()).newPage();
    await signIn(page, manager, 'siti');
    await rail(page).getByRole('button', { name: 'Team' }).click();
    const item = page.getByTestId('team-at-risk').locator('li', { hasText: id });
    await expect(item).toContainText('At risk');
    await expect(item).toContainText('response due');
    // no Refresh: the list changes when the clock runs out
    await expect(item).toContainText('Breached', { timeout: 60_000 });
    await expect(item).toContainText('response due');
  } finally {
    await manager?.stop();
    await office.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after the summary is delivered, a break shows that a correction would send the new figures', async ({
  page,
  host,
}) => {
  await signIn(page, host, 'ayu');
  await rail(page).getByRole('button', { name: 'Work session' }).click();
  await page.getByTestId('session-ticket').fill('INC-1002');
  await page.getByTestId('session-start').click();
  await expect(page.getByTestId('work-timer')).toHaveAttribute('data-mode', 'working');
  await page.getByTestId('summary-send').click();
  await expect(page.getByTestId('summary-state')).toContainText('Delivered to your manager (version 1)');
  await expect(page.getByTestId('summary-changed')).toHaveCount(0);
  // the draft follows the timer: a break is a change of the day, without saving notes
  await page.getByTestId('session-break-short').click();
  await expect(page.getByTestId('work-timer')).toHaveAttribute('data-mode', 'break');
  await expect(page.getByTestId('summary-changed')).toContainText('Send a correction');
  // the figures beside it are the section's
  const worked = await page.getByTestId('today-worked').textContent();
  const breaks = await page.getByTestId('today-breaks').textContent();
  await expect(page.getByTestId('summary-hours')).toHaveText(`${worked} worked · ${breaks} breaks`);
  await page.getByTestId('session-stop').click();
});

test('Ctrl+Enter sends a comment and an escalation reason', async ({ page, host }) => {
  await signIn(page, host, 'budi');
  await row(page, 'INC-1009').click();
  const comment = page.getByLabel('Add a comment');
  await comment.fill('Sent from the keyboard.');
  await comment.press('Control+Enter');
  await expect(detail(page).locator('.ticket-history')).toContainText('Sent from the keyboard.');
  await expect(comment).toHaveValue('');
  await row(page, 'INC-1009').click();
  await page.keyboard.press('e');
  const form = page.getByTestId('escalate-form');
  await form.getByRole('textbox').fill('Needs the vendor: the add-in crashes on every reconciliation file.');
  await form.getByRole('textbox').press('Control+Enter');
  await expect(form).toHaveCount(0);
  // it is in the L2 team's queue now: budi follows it under "Escalated by me"
  await page.getByTestId('scope-escalated').click();
  await expect(row(page, 'INC-1009')).toContainText('L2');
});

test('the running timer shows its seconds in the first minute', async ({ page, host }) => {
  await signIn(page, host, 'dewi');
  await page.getByTestId('work-timer-toggle').click();
  const time = page.getByTestId('work-timer-time');
  await expect(page.getByTestId('work-timer')).toHaveAttribute('data-mode', 'working');
  await expect(time).toHaveText(/^0:00:\d\d$/);
  const first = await time.textContent();
  await expect(time).not.toHaveText(first!);
  await page.getByTestId('work-timer-toggle').click();
  await expect(time).toHaveText(/^0:00$/);
});
