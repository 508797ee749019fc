// team: team.week_chart_render_ms — the This week chart for 50 people × 7 days (team-week-chart.ts);
// team.live_update_p95_ms — a person's timer change to the manager's screen, with 50 people
// in the team. An office server (demo data, own process) gets 50 more workers; the manager (siti)
// has the Team section open in headless Chromium through the browser host; then, one after
// another, workers share a new timer state (PUT /work-state, what their app's outbox sends) and the
// time is measured until that person's row shows it. The office, its event stream, the manager's
// app (cache, Team view) and the renderer are all in the path. Only loopback traffic.
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
import { call, waitListening } from './session-team';
import { weekChartRenderMs } from './team-week-chart';

const PEOPLE = sized('BENCH_TEAM_PEOPLE', 50, 5);
const CHANGES = sized('BENCH_TEAM_CHANGES', 60, 6);
const root = join(import.meta.dirname, '..');

async function liveUpdateP95(): Promise<number> {
  ensureBuild(root);
  const officeDir = mkdtempSync(join(tmpdir(), 'tw-bench-live-office-'));
  const hostDir = mkdtempSync(join(tmpdir(), 'tw-bench-live-host-'));
  const office = spawn(
    process.execPath,
    ['--import', 'tsx', 'office-server/main.ts', '--demo', '--port', '0', '--data-dir', officeDir],
    { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] },
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
    const workers: Array<{ username: string; token: string }> = [];
    for (let i = 0; i < PEOPLE; i++) {
      const username = `live${String(i).padStart(2, '0')}`;
      await call(base, 'POST', '/users', admin, {
        username,
        displayName: `Live Worker ${i}`,
        role: 'worker',
        teamId,
        password: 'bench-password-1',
      });
      workers.push({ username, token: await login(username, 'bench-password-1') });
    }
    const share = (token: string, mode: 'working' | 'break', workedMs: number) =>
      call(base, 'PUT', '/work-state', token, {
        date: today,
        mode,
        ticketId: null,
        since: new Date().toISOString(),
        workedMs,
        at: new Date().toISOString(),
      });
    // everyone is at work before the manager opens the app
    for (const w of workers) await share(w.token, 'working', 3_600_000);

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
    const row = (username: string, mode: string) =>
      page.locator(
        `[data-testid="team-member"][data-user="${username}"] [data-testid="team-now"][data-mode="${mode}"]`,
      );
    await row(workers.at(-1)!.username, 'working').waitFor({ timeout: 60_000 });

    const runs: number[] = [];
    const modes = new Map(workers.map((w) => [w.username, 'working' as 'working' | 'break']));
    for (let c = 0; c < CHANGES; c++) {
      const w = workers[(c * 7) % workers.length]!;
      const next = modes.get(w.username) === 'working' ? 'break' : 'working';
      modes.set(w.username, next);
      const t0 = performance.now();
      await share(w.token, next, 3_600_000 + c);
      await row(w.username, next).waitFor({ timeout: 30_000 });
      runs.push(performance.now() - t0);
    }
    runs.sort((a, b) => a - b);
    return runs[Math.min(runs.length - 1, Math.ceil(runs.length * 0.95) - 1)]!;
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

console.log(`BENCH team.week_chart_render_ms ${(await weekChartRenderMs(PEOPLE)).toFixed(2)} ms`);
console.log(`BENCH team.live_update_p95_ms ${(await liveUpdateP95()).toFixed(1)} ms`);
