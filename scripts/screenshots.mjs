// npm run screenshots — the README's pictures, made from the real app: the browser host with its
// embedded demo office, Debian's Chromium through Playwright, English and Bahasa Indonesia, light
// and dark. Re-run it whenever the UI changes.
//   node scripts/screenshots.mjs [--no-build] [--out DIR]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const outDir = args.includes('--out') ? args[args.indexOf('--out') + 1] : join(root, 'docs/screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const viewport = { width: 1280, height: 760 };
const shots = [
  { locale: 'en', scheme: 'light' },
  { locale: 'id', scheme: 'light' },
  { locale: 'en', scheme: 'dark' },
  { locale: 'id', scheme: 'dark' },
];
const name = (what, { locale, scheme }) => `${what}-${locale}${scheme === 'dark' ? '-dark' : ''}.png`;

if (!args.includes('--no-build')) {
  const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** The browser host as `npm run start:browser` runs it, on a data folder of its own. */
async function startBrowserHost() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-shots-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/browser-host/main.ts'], {
    cwd: root,
    env: { ...process.env, TELEWORKER_DATA_DIR: dataDir, TELEWORKER_OFFICE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the browser host did not print its address:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/#secret=\S+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the browser host exited with ${code}:\n${output}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function open(browser, host, shot) {
  const context = await browser.newContext({
    viewport,
    colorScheme: shot.scheme,
    locale: shot.locale === 'id' ? 'id-ID' : 'en-US',
    deviceScaleFactor: 1,
  });
  await context.addInitScript((locale) => localStorage.setItem('teleworker.locale', locale), shot.locale);
  const page = await context.newPage();
  await page.goto(host.url);
  // The office is on this machine: wait until the bar says so, not "Checking…".
  await page.waitForSelector('[data-testid="connectivity-status"]:not([data-status="unknown"])', { timeout: 20_000 });
  return { context, page };
}

mkdirSync(outDir, { recursive: true });
const host = await startBrowserHost();
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const written = [];
try {
  // Signed out first: the host's account is one for every page.
  for (const shot of shots) {
    const { context, page } = await open(browser, host, shot);
    await page.waitForSelector('#sign-in-username');
    await page.screenshot({ path: join(outDir, name('sign-in', shot)) });
    written.push(name('sign-in', shot));
    await context.close();
  }
  {
    const { context, page } = await open(browser, host, shots[0]);
    await page.fill('#sign-in-username', 'budi');
    await page.fill('#sign-in-password', 'teleworker');
    await page.click('button[type="submit"]');
    await page.waitForSelector('nav');
    await context.close();
  }
  for (const shot of shots) {
    const { context, page } = await open(browser, host, shot);
    await page.waitForSelector('[data-testid="sync-indicator"]');
    await page.waitForSelector('[data-testid="me"]');
    await page.click('nav [data-section="inbox"]');
    await page.waitForSelector('main[data-section="inbox"]');
    await page.mouse.move(640, 600); // no hover highlight
    await page.screenshot({ path: join(outDir, name('frame', shot)) });
    written.push(name('frame', shot));
    if (shot.scheme === 'light') {
      await page.keyboard.press('?');
      await page.waitForSelector('dialog.shortcuts[open]');
      await page.screenshot({ path: join(outDir, name('shortcuts', shot)) });
      written.push(name('shortcuts', shot));
      await page.keyboard.press('Escape');
      await page.click('[data-testid="connectivity-status"]');
      await page.waitForSelector('[data-testid="connectivity-details"]');
      await page.screenshot({ path: join(outDir, name('connection', shot)) });
      written.push(name('connection', shot));
      await page.keyboard.press('Escape');
    }
    // the sections a worker uses all day: a ticket open, the team chat, the work session
    await page.click('nav [data-section="inbox"]');
    await page.locator('main [role="listbox"] [role="option"]').first().click();
    await page.waitForSelector('.ticket-actions');
    await page.mouse.move(640, 740);
    await page.screenshot({ path: join(outDir, name('inbox', shot)) });
    written.push(name('inbox', shot));
    if (shot.scheme === 'light') {
      await page.click('nav [data-section="chat"]');
      await page.click('[data-testid="conversation-team"]');
      await page.waitForSelector('[data-testid="message"]');
      await page.mouse.move(640, 740);
      await page.screenshot({ path: join(outDir, name('chat', shot)) });
      written.push(name('chat', shot));
      await page.click('nav [data-section="session"]');
      await page.waitForSelector('[data-testid="session-view"]');
      await page.mouse.move(640, 740);
      await page.screenshot({ path: join(outDir, name('session', shot)) });
      written.push(name('session', shot));
      await page.click('nav [data-section="office-days"]');
      await page.waitForSelector('[data-testid="od-weeks"]');
      await page.waitForTimeout(500); // the day's floor plan follows the weeks
      await page.mouse.move(640, 740);
      await page.screenshot({ path: join(outDir, name('office-days', shot)) });
      written.push(name('office-days', shot));
    }
    await context.close();
  }
} finally {
  await browser.close();
  await host.stop();
}

// The manager's Team section, on a host of its own (one account per host)
const managerHost = await startBrowserHost();
const managerBrowser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  for (const shot of shots.filter((s) => s.scheme === 'light')) {
    const { context, page } = await open(managerBrowser, managerHost, shot);
    if (await page.$('#sign-in-username')) {
      await page.fill('#sign-in-username', 'siti');
      await page.fill('#sign-in-password', 'teleworker');
      await page.click('button[type="submit"]');
    }
    await page.waitForSelector('nav [data-section="team"]');
    await page.click('nav [data-section="team"]');
    await page.waitForSelector('main[data-section="team"]');
    await page.waitForTimeout(1500); // the team's summaries and tickets at risk arrive
    await page.mouse.move(640, 740);
    await page.screenshot({ path: join(outDir, name('team', shot)) });
    written.push(name('team', shot));
    await context.close();
  }
} finally {
  await managerBrowser.close();
  await managerHost.stop();
}
console.log(`${written.length} screenshots in ${outDir}: ${written.join(', ')}`);
