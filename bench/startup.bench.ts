// startup: how long a user waits. Two figures, each the median of RUNS cold starts:
//   startup.signin_ready_ms  from spawning the browser host process (npm run start:browser without
//                            its build step: tsx, the services, the embedded demo office) until the
//                            sign-in form's user-name field is visible and takes focus in headless
//                            Chromium;
//   startup.frame_ready_ms   from clicking "Sign in" (demo user budi) until the signed-in screen shows;
//   startup.page_ready_ms    the renderer's share of the first: from opening the printed address
//                            until the sign-in form is usable (bundle, bridge, first render);
//   startup.section_open_ms  from clicking a section's rail button the first time (its chunk not
//                            fetched yet: no hover beforehand) until its screen shows; the slowest
//                            section of the run, median over the runs.
// Each run has its own temp data folder and no Secret Service (a bus address where nothing
// listens), so the bench never touches the user's data or keychain. Only loopback traffic.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import e2eConfig, { chromiumPath } from '../test/e2e/playwright.config';
import { waitForHostUrl } from '../test/fixtures/browser-host-url';
import { ensureBuild, sized } from './harness';

// What marks each screen as usable (Playwright selectors, as in test/e2e/helpers.ts). The renderer
// is still changing: these four lines are the only ones to touch when it does.
const USER_NAME_FIELD = '#sign-in-username';
const PASSWORD_FIELD = '#sign-in-password';
const SIGN_IN_BUTTON = 'form button[type="submit"]';
// the frame's rail and the first section's own screen (its chunk arrived: the body is no longer busy)
const SIGNED_IN_SELECTOR = 'main .section-body:not([aria-busy])';
const RAIL_BUTTON = (section: string) => `nav .rail-item[data-section="${section}"]`;
const SECTION_SHOWN = (section: string) => `main .section-body[data-section="${section}"]:not([aria-busy])`;

const RUNS = sized('BENCH_STARTUP_RUNS', 5, 1);
const TIMEOUT_MS = 60_000;
const root = join(import.meta.dirname, '..');

ensureBuild(root);

function startHost(dataDir: string): { child: ChildProcess; url: Promise<string> } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TELEWORKER_DATA_DIR: dataDir,
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dataDir, 'no-such-bus')}`,
  };
  for (const name of ['TELEWORKER_OFFICE_URL', 'TELEWORKER_BROWSER_PORT', 'NODE_OPTIONS']) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/browser-host/main.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { url } = waitForHostUrl(child, TIMEOUT_MS);
  return { child, url };
}

async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** The field is on screen and really takes the keyboard focus. */
async function waitFocusable(page: Page, selector: string): Promise<void> {
  const field = page.locator(selector);
  await field.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  const until = Date.now() + TIMEOUT_MS;
  for (;;) {
    await field.focus({ timeout: TIMEOUT_MS });
    const focused = await field.evaluate((el) => {
      const node = el as unknown as { ownerDocument: { activeElement: unknown }; disabled?: boolean };
      return node.ownerDocument.activeElement === el && !node.disabled;
    });
    if (focused) return;
    if (Date.now() > until) throw new Error(`${selector} never took the focus`);
    await page.waitForTimeout(5);
  }
}

async function oneRun(
  browser: Browser,
): Promise<{ listening: number; signin: number; page: number; frame: number; section: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-bench-startup-'));
  const context = await browser.newContext();
  const page = await context.newPage();
  const t0 = performance.now();
  const { child, url } = startHost(dataDir);
  try {
    const address = await url;
    const listening = performance.now() - t0;
    await page.goto(address);
    await waitFocusable(page, USER_NAME_FIELD);
    const signin = performance.now() - t0;
    const pageReady = signin - listening;

    await page.locator(USER_NAME_FIELD).fill('budi');
    await page.locator(PASSWORD_FIELD).fill('teleworker');
    const button = page.locator(SIGN_IN_BUTTON);
    const t1 = performance.now();
    await button.click();
    await page.locator(SIGNED_IN_SELECTOR).first().waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    const frame = performance.now() - t1;

    // Every other section on the rail, each opened once by a click that no hover announced (a
    // dispatched click: Playwright's own click moves the pointer over the button first).
    const current = await page.locator(SIGNED_IN_SELECTOR).first().getAttribute('data-section');
    const others = (
      await page
        .locator('nav .rail-item')
        .evaluateAll((items) =>
          items.map((item) => (item as unknown as { dataset: { section?: string } }).dataset.section),
        )
    ).filter((id): id is string => !!id && id !== current);
    let section = 0;
    for (const id of others) {
      const t2 = performance.now();
      await page.locator(RAIL_BUTTON(id)).dispatchEvent('click');
      await page.locator(SECTION_SHOWN(id)).waitFor({ state: 'visible', timeout: TIMEOUT_MS });
      section = Math.max(section, performance.now() - t2);
    }
    return { listening, signin, page: pageReady, frame, section };
  } finally {
    await context.close();
    await stopHost(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// Chromium starts before the clock does: its own launch is not the app's start-up.
const browser = await chromium.launch({
  ...e2eConfig.use?.launchOptions,
  executablePath: chromiumPath,
  headless: true,
});
const signin: number[] = [];
const pageReady: number[] = [];
const frame: number[] = [];
const sectionOpen: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const run = await oneRun(browser);
    signin.push(run.signin);
    pageReady.push(run.page);
    frame.push(run.frame);
    sectionOpen.push(run.section);
    console.error(
      `# run ${i + 1}/${RUNS}: host listening ${run.listening.toFixed(0)} ms, sign-in ready ${run.signin.toFixed(0)} ms, frame ready ${run.frame.toFixed(0)} ms, slowest first section open ${run.section.toFixed(0)} ms`,
    );
  }
} finally {
  await browser.close();
}
console.log(`BENCH startup.signin_ready_ms ${median(signin).toFixed(0)} ms`);
console.log(`BENCH startup.frame_ready_ms ${median(frame).toFixed(0)} ms`);
console.log(`BENCH startup.page_ready_ms ${median(pageReady).toFixed(0)} ms`);
console.log(`BENCH startup.section_open_ms ${median(sectionOpen).toFixed(0)} ms`);
