// session.team_view_ms: the manager's Team section with 50 people's summaries of today, rendered in
// headless Chromium through the browser host. An office server (demo data, own process) gets 50
// more workers in the demo team, each of whom sends today's summary; then the manager (siti) opens
// the app with Team as the last section, and the time is measured from the page load until all 50
// summaries are on screen. Median of RUNS reloads. Only loopback traffic.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import e2eConfig, { chromiumPath } from '../test/e2e/playwright.config';
import { waitForHostUrl } from '../test/fixtures/browser-host-url';
import { dayOf } from '../shared/domain/work-session';
import { ensureBuild, sized } from './harness';

const PEOPLE = sized('BENCH_TEAM_PEOPLE', 50, 5);
const RUNS = sized('BENCH_TEAM_RUNS', 5, 1);
const root = join(import.meta.dirname, '..');

export function waitListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`office server exited (${code})`)));
  });
}

export async function call(
  base: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method === 'POST' ? { 'idempotency-key': `bench-${Math.random()}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function teamViewMs(): Promise<number> {
  ensureBuild(root);
  const officeDir = mkdtempSync(join(tmpdir(), 'tw-bench-team-office-'));
  const hostDir = mkdtempSync(join(tmpdir(), 'tw-bench-team-host-'));
  const office = spawn(
    process.execPath,
    ['--import', 'tsx', 'office-server/main.ts', '--demo', '--port', '0', '--data-dir', officeDir],
    {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let host: ChildProcess | null = null;
  const browser = await chromium.launch({
    ...e2eConfig.use?.launchOptions,
    executablePath: chromiumPath,
    headless: true,
  });
  try {
    const base = await waitListening(office);
    const login = async (username: string, password = 'teleworker') =>
      (await call(base, 'POST', '/auth/login', null, { username, password })).accessToken as string;
    const admin = await login('admin');
    const siti = await login('siti');
    const teamId = ((await call(base, 'GET', '/me', siti)).user as { teamId: string }).teamId;
    const today = dayOf(Date.now(), Intl.DateTimeFormat().resolvedOptions().timeZone);
    for (let i = 0; i < PEOPLE; i++) {
      const username = `bench${String(i).padStart(2, '0')}`;
      await call(base, 'POST', '/users', admin, {
        username,
        displayName: `Bench Worker ${i}`,
        role: 'worker',
        teamId,
        password: 'bench-password-1',
      });
      const token = await login(username, 'bench-password-1');
      const start = Date.parse(`${today}T01:00:00Z`);
      const segments = Array.from({ length: 12 }, (_, k) => ({
        start: new Date(start + k * 1_800_000).toISOString(),
        end: new Date(start + (k + 1) * 1_800_000).toISOString(),
        kind: k % 4 === 3 ? 'break' : 'work',
      }));
      await call(base, 'POST', '/summaries', token, {
        date: today,
        workedMinutes: 270,
        breakMinutes: 90,
        segments,
        tickets: [],
        slaBreaches: [],
        notes: `day ${i}`,
      });
    }

    host = spawn(process.execPath, ['--import', 'tsx', 'electron/browser-host/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        TELEWORKER_DATA_DIR: hostDir,
        TELEWORKER_OFFICE_URL: base,
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(hostDir, 'no-bus')}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const address = await waitForHostUrl(host, 60_000).url;
    const page = await (await browser.newContext()).newPage();
    await page.goto(address);
    await page.locator('#sign-in-username').fill('siti');
    await page.locator('#sign-in-password').fill('teleworker');
    await page.locator('form button[type="submit"]').click();
    await page.getByRole('navigation').waitFor();
    await page.getByRole('navigation').getByRole('button', { name: 'Team' }).click();
    // the 50th person's summary is on screen (a locator: the page's CSP forbids evaluated strings)
    const rendered = () =>
      page
        .locator('[data-testid="team-member"] [data-testid="team-summary"]')
        .filter({ hasText: /^Sent/ })
        .nth(PEOPLE - 1)
        .waitFor({ timeout: 60_000 });
    await rendered();
    const runs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      await page.reload();
      await rendered();
      runs.push(performance.now() - t0);
    }
    runs.sort((a, b) => a - b);
    return runs[Math.floor(runs.length / 2)]!;
  } finally {
    await browser.close();
    for (const child of [host, office]) {
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    }
    rmSync(officeDir, { recursive: true, force: true });
    rmSync(hostDir, { recursive: true, force: true });
  }
}
