// Presence and chat between two people: two browser hosts (one per user, each its own app data)
// against one real office server in its own process, which the test stops and starts again.
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
let hostA: Host;
let hostB: Host;
let pageA: Page;
let pageB: Page;
const dialogs: string[] = [];

/** Budi (A) is away after this many idle seconds; Ayu (B) after the default ten minutes. */
const AWAY_AFTER_S = 6;

const openChat = async (page: Page) => {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /^Chat/ }).click();
  await expect(page.getByTestId('conversation-team')).toBeVisible();
};
const dmWith = (page: Page, name: string) => page.getByTestId('conversation-dm').filter({ hasText: name });

async function newPage(browser: Browser, host: Host, user: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(page, host, user);
  await openChat(page);
  return page;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  officeDir = mkdtempSync(join(tmpdir(), 'tw-chat-office-'));
  office = await startOfficeProcess(officeDir);
  [hostA, hostB] = await Promise.all([
    startBrowserHostProcess({ TELEWORKER_OFFICE_URL: office.url, TELEWORKER_AWAY_AFTER_SECONDS: String(AWAY_AFTER_S) }),
    startBrowserHostProcess({ TELEWORKER_OFFICE_URL: office.url }),
  ]);
  pageA = await newPage(browser, hostA, 'budi');
  pageB = await newPage(browser, hostB, 'ayu');
});

test.afterAll(async () => {
  await Promise.all([pageA?.context().close(), pageB?.context().close()]);
  await Promise.all([hostA?.stop(), hostB?.stop()]);
  await office?.stop();
  rmSync(officeDir, { recursive: true, force: true });
});

test("A's presence change shows at B within 2 s, with A's location and status text", async () => {
  const budiAtB = dmWith(pageB, 'Budi Santoso');
  await pageA.getByTestId('me').click();
  await pageA.locator('#my-status').selectOption('do-not-disturb');
  await expect(budiAtB.getByTestId('person-status')).toHaveText('Do not disturb', { timeout: 15_000 });
  await pageA.locator('#my-status').selectOption('busy');
  await expect(budiAtB.getByTestId('person-status')).toHaveText('Busy', { timeout: 15_000 });
  await pageA.locator('#my-status-text').fill('On a call until 3');
  await pageA.getByRole('button', { name: 'Save status text' }).click();
  await expect(budiAtB).toContainText('On a call until 3', { timeout: 15_000 });
  await pageA.keyboard.press('Escape');
});

test('A writes to B: B sees the unread count on the conversation and the rail, then the message', async () => {
  // the page title counts what waits in every section (the inbox too): the message adds one
  const waiting = async () => Number(/^\((\d+)\)/.exec(await pageB.title())?.[1] ?? 0);
  const before = await waiting();
  await dmWith(pageA, 'Ayu Lestari').click();
  const composer = pageA.locator('#chat-composer');
  await composer.fill('Can you look at **INC-1042** with me?');
  await composer.press('Enter');
  await expect(pageA.getByTestId('message').filter({ hasText: 'Can you look at' })).toBeVisible();

  const budiAtB = dmWith(pageB, 'Budi Santoso');
  await expect(budiAtB.getByTestId('unread')).toHaveText('1');
  await expect(
    pageB.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /^Chat/ }),
  ).toContainText('1');
  await expect(pageB).toHaveTitle(new RegExp(`^\\(${before + 1}\\)`));
  await budiAtB.click();
  const message = pageB.getByTestId('message').filter({ hasText: 'Can you look at' });
  await expect(message).toBeVisible();
  await expect(message.locator('.message-body strong').getByRole('button', { name: 'INC-1042' })).toBeVisible();
  await expect(pageB.getByTestId('new-messages')).toBeVisible();
  await expect(budiAtB.getByTestId('unread')).toHaveCount(0);
  await expect.poll(waiting).toBe(before);
});

test('with the office stopped, A’s message shows pending and arrives exactly once after the restart', async () => {
  test.setTimeout(120_000);
  await office.stop();
  const text = `Written while the office was away ${Date.now()}`;
  const composer = pageA.locator('#chat-composer');
  await composer.fill(text);
  await composer.press('Enter');
  const atA = pageA.getByTestId('message').filter({ hasText: text });
  await expect(atA).toBeVisible();
  await expect(atA.getByTestId('message-pending')).toBeVisible();
  // the app keeps it while the office is gone
  await pageA.waitForTimeout(1_500);
  await expect(atA.getByTestId('message-pending')).toBeVisible();

  office = await startOfficeProcess(officeDir, office.port);
  const atB = pageB.getByTestId('message').filter({ hasText: text });
  await expect(atB).toHaveCount(1, { timeout: 60_000 });
  await expect(atA.getByTestId('message-pending')).toHaveCount(0, { timeout: 30_000 });
  await expect(atA).toHaveCount(1);
  // and it stays once: a later message arrives after it, nothing repeats
  await composer.fill('and one more after the restart');
  await composer.press('Enter');
  await expect(pageB.getByTestId('message').filter({ hasText: 'and one more after the restart' })).toHaveCount(1);
  await expect(atB).toHaveCount(1);
  await expect(atA).toHaveCount(1);
});

test('HTML and javascript: links from a person render as text and run nothing', async () => {
  const composer = pageA.locator('#chat-composer');
  await composer.fill('<img src=x onerror=alert(1)>');
  await composer.press('Enter');
  await composer.fill('[open me](javascript:alert(2)) and javascript:alert(3)');
  await composer.press('Enter');
  const img = pageB.getByTestId('message').filter({ hasText: '<img src=x onerror=alert(1)>' });
  await expect(img).toBeVisible();
  const link = pageB.getByTestId('message').filter({ hasText: 'open me' });
  await expect(link).toBeVisible();
  await expect(pageB.getByTestId('messages').locator('img')).toHaveCount(0);
  await expect(pageB.getByTestId('messages').locator('a[href^="javascript"]')).toHaveCount(0);
  await expect(link.locator('a')).toHaveCount(0);
  await link.getByText('open me').click();
  expect(dialogs).toEqual([]);
});

test('idle → away → back at A is followed by B', async () => {
  test.setTimeout(60_000);
  const budiAtB = dmWith(pageB, 'Budi Santoso');
  await pageA.getByTestId('me').click();
  await pageA.locator('#my-status').selectOption('available');
  await pageA.keyboard.press('Escape');
  await expect(budiAtB.getByTestId('person-status')).toHaveText('Available');
  // no input at A for a while
  await expect(budiAtB.getByTestId('person-status')).toHaveText('Away', { timeout: (AWAY_AFTER_S + 10) * 1000 });
  await expect(pageA.getByTestId('me')).toContainText('automatic');
  await pageA.mouse.move(200, 200);
  await pageA.mouse.move(260, 240);
  await expect(budiAtB.getByTestId('person-status')).toHaveText('Available', { timeout: 5_000 });
});
