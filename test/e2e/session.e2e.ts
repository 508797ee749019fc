// Issue 12 end to end through the browser host: two hosts (a worker's and a manager's computer)
// share one office server that runs in its own process, so the test can take it away.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { startBrowserHostProcess } from './browser-host.fixture';
import type { BrowserHostProcess } from './browser-host.fixture';
import { signIn } from './helpers';

const root = join(import.meta.dirname, '../..');

interface Office {
  url: string;
  stop(): Promise<void>;
}

function startOffice(dataDir: string, port = 0): Promise<Office> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'office-server/main.ts', '--demo', '--port', String(port), '--data-dir', dataDir],
    {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        out = '';
        resolve({
          url: m[1]!,
          async stop() {
            if (child.exitCode !== null) return;
            const exited = new Promise((r) => child.once('exit', r));
            child.kill('SIGKILL');
            await exited;
          },
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`office server exited (${code})`)));
  });
}

async function api(office: Office, method: string, path: string, token: string | null, body?: unknown) {
  const res = await fetch(`${office.url}/api/v1${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method === 'POST' ? { 'idempotency-key': `e2e-${Math.random()}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
}

const login = async (office: Office, username: string) =>
  (await api(office, 'POST', '/auth/login', null, { username, password: 'teleworker' })).body.accessToken as string;

const officeDir = mkdtempSync(join(tmpdir(), 'tw-e2e-office-'));
let office: Office;
let worker: BrowserHostProcess & { stop(): Promise<void> };
let manager: BrowserHostProcess & { stop(): Promise<void> };

// three processes start on a machine shared with other work: generous limits, no timed assertions
test.describe.configure({ mode: 'serial', timeout: 120_000 });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  office = await startOffice(officeDir);
  [worker, manager] = await Promise.all([
    startBrowserHostProcess({ TELEWORKER_OFFICE_URL: office.url }),
    startBrowserHostProcess({ TELEWORKER_OFFICE_URL: office.url }),
  ]);
});

test.afterAll(async () => {
  await Promise.all([worker?.stop(), manager?.stop()]);
  await office?.stop();
  rmSync(officeDir, { recursive: true, force: true });
});

const rail = (page: Page) => page.getByRole('navigation', { name: 'Sections' });

test('a worker works on a ticket, takes a break, resolves it and sends the summary; the manager sees it arrive live', async ({
  browser,
}) => {
  const workerPage = await (await browser.newContext()).newPage();
  const managerPage = await (await browser.newContext()).newPage();
  await signIn(workerPage, worker, 'budi');
  await signIn(managerPage, manager, 'siti');

  // the manager watches the Team section
  await rail(managerPage).getByRole('button', { name: 'Team' }).click();
  await expect(managerPage.getByTestId('team-view')).toBeVisible();
  const budiRow = managerPage.locator('[data-testid="team-member"][data-user="budi"]');
  await expect(budiRow.getByTestId('team-summary')).toHaveText('No summary yet');

  // the worker starts the timer on INC-1001 from the Work session section
  await rail(workerPage).getByRole('button', { name: 'Work session' }).click();
  await workerPage.getByTestId('session-ticket').fill('INC-1001');
  await workerPage.getByTestId('session-start').click();
  const timer = workerPage.getByTestId('work-timer');
  await expect(timer).toHaveAttribute('data-mode', 'working');
  await expect(timer).toContainText('on INC-1001');
  // one click pauses, one click resumes
  await workerPage.getByTestId('work-timer-toggle').click();
  await expect(timer).toHaveAttribute('data-mode', 'paused');
  await workerPage.getByTestId('work-timer-toggle').click();
  await expect(timer).toHaveAttribute('data-mode', 'working');
  // a lunch break, then back to work
  await workerPage.getByTestId('session-break-lunch').click();
  await expect(timer).toHaveAttribute('data-mode', 'break');
  await expect(workerPage.getByTestId('timeline').locator('li[data-kind="break"]')).toHaveCount(1);
  await workerPage.getByTestId('session-resume').click();
  await expect(timer).toHaveAttribute('data-mode', 'working');

  // the ticket is resolved (through the office: the inbox is another feature)
  const token = await login(office, 'budi');
  for (const status of ['acknowledged', 'in-progress', 'resolved']) {
    expect((await api(office, 'POST', '/tickets/INC-1001/status', token, { status })).status).toBeLessThan(300);
  }
  const row = workerPage.getByTestId('summary-editor').locator('li', { hasText: 'INC-1001' });
  await expect(row).toContainText('Resolved');

  await workerPage.getByTestId('summary-notes').fill('Teller PC fixed: VPN profile re-imported.');
  const hours = (await workerPage.getByTestId('summary-hours').textContent())!.split(' ')[0]!;
  await workerPage.getByTestId('summary-send').click();
  await expect(workerPage.getByTestId('summary-state')).toContainText('Delivered to your manager (version 1)');

  // the manager's window: live, with a notification, the right hours and tickets
  await expect(budiRow.getByTestId('team-summary')).toContainText('Sent');
  await expect(budiRow.getByTestId('team-hours')).toHaveText(hours);
  await expect(budiRow.getByTestId('team-tickets')).toContainText('INC-1001');
  await expect(managerPage.getByRole('region', { name: 'Notifications' })).toContainText('Day summary received');
  // one person's day, with its segments
  await managerPage.getByTestId('team-open-budi').click();
  const detail = managerPage.getByTestId('team-detail');
  await expect(detail).toContainText('Budi Santoso');
  await expect(detail.locator('.timeline li[data-kind="break"]')).toHaveCount(1);
  await expect(detail).toContainText('Teller PC fixed');
});

test('with the office down a correction waits as queued, and is delivered once when it is back', async ({
  browser,
}) => {
  const workerPage = await (await browser.newContext()).newPage();
  await signIn(workerPage, worker, 'budi');
  await rail(workerPage).getByRole('button', { name: 'Work session' }).click();
  await expect(workerPage.getByTestId('summary-state')).toContainText('Delivered');

  const port = Number(new URL(office.url).port);
  await office.stop();
  await workerPage.getByTestId('summary-notes').fill('Correction: also helped Ayu with INC-1002 questions.');
  await workerPage.getByTestId('summary-send').click();
  await expect(workerPage.getByTestId('summary-state')).toContainText('Queued');

  office = await startOffice(officeDir, port);
  await expect(workerPage.getByTestId('summary-state')).toContainText('Delivered to your manager (version 2)', {
    timeout: 45_000,
  });
  const siti = await login(office, 'siti');
  const team = await api(office, 'GET', '/team/summaries', siti);
  const budi = (team.body.items as Array<{ notes: string; version: number; userId: string }>).filter((s) =>
    s.notes.startsWith('Correction'),
  );
  expect(budi).toHaveLength(1);
  expect(budi[0]!.version).toBe(2);
});

test('a worker never sees the Team section, and the main process refuses them the team', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, worker, 'budi');
  await expect(rail(page).getByRole('button')).toHaveText([
    /^Inbox(\s*\d+\s*new)?$/,
    /^Chat(\s*\d+\s*new)?$/,
    'Work session',
    'Office days',
    'Settings',
    'Help',
  ]);
  await page.keyboard.press('g');
  await page.keyboard.press('t');
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Team');
  const r = await page.evaluate(() => window.teleworker!.session.getTeam());
  expect(r.ok).toBe(false);
});
