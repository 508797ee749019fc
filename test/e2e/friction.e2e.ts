// The friction a first working day met (issue 30), end to end in Chromium through the browser host
// and a demo office of its own: a colleague writes through the office's API while the worker has
// the app open (the browser host keeps one account per host).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test as base, expect } from '@playwright/test';
import { startDemoOffice } from '../../electron/browser-host/demo-office';
import type { DemoOffice } from '../../electron/browser-host/demo-office';
import { startBrowserHostProcess } from './browser-host.fixture';
import type { BrowserHostProcess } from './browser-host.fixture';
import { signIn } from './helpers';

interface Office extends DemoOffice {
  api<T>(who: string, method: string, path: string, body?: unknown): Promise<T>;
}

const test = base.extend<object, { office: Office; host: BrowserHostProcess }>({
  office: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'tw-friction-office-'));
      const demo = await startDemoOffice(dir);
      const tokens = new Map<string, string>();
      const api = async <T>(who: string, method: string, path: string, body?: unknown): Promise<T> => {
        if (!tokens.has(who)) {
          const r = await fetch(`${demo.url}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: who, password: 'teleworker' }),
          });
          tokens.set(who, ((await r.json()) as { accessToken: string }).accessToken);
        }
        const r = await fetch(`${demo.url}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${tokens.get(who)}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return (await r.json()) as T;
      };
      await use({ ...demo, api });
      await demo.close();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  host: [
    async ({ office }, use) => {
      const host = await startBrowserHostProcess({ TELEWORKER_OFFICE_URL: office.url });
      await use(host);
      await host.stop();
    },
    { scope: 'worker' },
  ],
});

const rail = (page: Page) => page.getByRole('navigation', { name: 'Sections' });

test('a direct message names the person once; a notification never covers the composer’s Send (700 px)', async ({
  page,
  host,
  office,
}) => {
  await page.setViewportSize({ width: 700, height: 700 });
  await signIn(page, host, 'budi');
  await rail(page).getByRole('button', { name: 'Chat' }).click();
  await page.getByTestId('conversation-dm').filter({ hasText: 'Siti Rahayu' }).click();
  const header = page.locator('.conversation-header');
  await expect(header.getByRole('heading', { name: 'Siti Rahayu' })).toBeVisible();
  // what the eye reads (a screen reader's extra words are in a visually hidden span)
  const seen = await header.evaluate((h) => {
    const copy = h.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.visually-hidden').forEach((e) => e.remove());
    return copy.textContent ?? '';
  });
  expect(seen.split('Siti Rahayu').length - 1, seen).toBe(1);
  // the state beside the name still opens the card
  await header.getByTestId('person-state').click();
  await expect(header.getByTestId('person-card')).toContainText('Siti Rahayu');
  await page.keyboard.press('Escape');

  // back to the list, into the team channel; siti writes directly: the notification shows as a toast
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByTestId('conversation-team').click();
  const send = page.locator('.composer button[type="submit"]');
  await page.locator('#chat-composer').fill('A line\nand another\nand a third to make the composer taller');
  await expect(send).toBeVisible();
  const budi = (
    await office.api<{ items: Array<{ id: string; username: string }> }>('siti', 'GET', '/users')
  ).items.find((u) => u.username === 'budi')!.id;
  const channels = await office.api<{ items: Array<{ id: string; kind: string; memberIds: string[] }> }>(
    'siti',
    'GET',
    '/chat/channels',
  );
  const dm = channels.items.find((c) => c.kind === 'dm' && c.memberIds.includes(budi))!;
  for (let i = 0; i < 3; i++)
    await office.api('siti', 'POST', '/chat/messages', {
      channelId: dm.id,
      body: `Can you look at INC-1001 before ten? (${i})`,
      clientId: `friction-${Date.now()}-${i}`,
    });
  const toasts = page.locator('.toasts');
  await expect(page.getByTestId('toast')).toHaveCount(3, { timeout: 15_000 });
  const a = (await toasts.boundingBox())!;
  const b = (await send.boundingBox())!;
  const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  expect(overlap, `toasts ${JSON.stringify(a)} over Send ${JSON.stringify(b)}`).toBe(false);
  await send.click(); // reachable: nothing lies over it
  await expect(page.locator('#chat-composer')).toHaveValue('');
});

test('Chat and Team agree on who is connected; someone never connected today is not Available', async ({
  page,
  host,
}) => {
  await signIn(page, host, 'siti');
  await rail(page).getByRole('button', { name: 'Team' }).click();
  const rows = page.locator('.team-table tbody tr');
  await expect(rows.first()).toBeVisible();
  const team = new Map<string, string>();
  for (const row of await rows.all()) {
    const name = (await row.locator('th').textContent())!.trim();
    const status = (await row.locator('td').first().textContent())!.split('·')[0]!.trim();
    team.set(name, status);
  }
  await rail(page).getByRole('button', { name: 'Chat' }).click();
  const chat = new Map<string, string>();
  for (const item of await page.getByTestId('conversation-dm').all()) {
    const name = (await item.locator('.conversation-name').textContent())!.trim();
    chat.set(name, (await item.getByTestId('person-status').textContent())!.trim());
  }
  // nobody but budi (signed in by the browser host's earlier test, or never) has an app open today
  const compared = [...team.keys()].filter((n) => chat.has(n));
  expect(compared.length).toBeGreaterThan(1);
  for (const name of compared) expect(chat.get(name), name).toBe(team.get(name));
  for (const name of compared.filter((n) => n !== 'Budi Santoso'))
    expect(team.get(name), `${name} has no app open`).toBe('Appear offline');
});

test('keyboard only: s starts work on a ticket (and the timer), c opens the comment, Enter switches the timer’s ticket', async ({
  page,
  host,
}) => {
  await signIn(page, host, 'budi');
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
  const detail = page.getByTestId('ticket-detail');
  // find an acknowledged ticket by keyboard (j), or acknowledge the first with a
  await page.locator('#section-title').focus();
  await page.keyboard.press('j');
  await expect(detail).toBeVisible();
  const id = (await detail.getAttribute('data-ticket'))!;
  if ((await detail.locator('.ticket-kicker').textContent())!.includes('new')) await page.keyboard.press('a');
  await expect(detail.locator('.ticket-kicker')).toContainText('acknowledged');
  await page.keyboard.press('s');
  await expect(detail.locator('.ticket-kicker')).toContainText('in progress');
  const timer = page.getByTestId('work-timer');
  await expect(timer).toHaveAttribute('data-mode', 'working');
  await expect(timer).toContainText(`on ${id}`);
  await page.keyboard.press('c');
  await expect(page.getByLabel('Add a comment')).toBeFocused();
  await page.keyboard.type('Checked by keyboard');
  await page.keyboard.press('Control+Enter');
  await expect(detail.locator('.ticket-history')).toContainText('Checked by keyboard');
  await expect(detail.locator('.ticket-history')).toContainText('status: acknowledged → in progress');

  await page.keyboard.press('Escape');
  await page.locator('#section-title').focus();
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Work session');
  const field = page.getByTestId('session-ticket');
  await field.focus();
  await field.fill('');
  await page.keyboard.press('Enter'); // Enter confirms the switch (here: to no ticket)
  await expect(timer).not.toContainText(id);
  await page.keyboard.press('Tab');
  await page.getByTestId('session-stop').focus();
  await page.keyboard.press('Enter');
  await expect(timer).not.toHaveAttribute('data-mode', 'working');
});
