// soak: a working day compressed, against the browser host (its services, the renderer in headless
// Chromium) and the demo office in its own process (loopback only, temp data folders). Budi is
// signed in all day with the timer running; colleagues write to him in the team channel and in a
// direct message and he answers (through the outbox), his tickets get comments, Ayu's presence
// changes, he pauses now and then (the gaps), moves between Chat and the Inbox, and the office goes
// away and comes back OUTAGES times (stopped, then started again on the same port and data). The
// day is cut into OUTAGES equal slices; the first is the warm-up (every path run once: caches,
// compiled code), the figures compare the end of the day with the end of the warm-up:
//   soak.host_rss_growth_mb        the browser host process's resident memory (the services, the
//                                  local store and SQLite's page cache, the bridge, V8's heap as the
//                                  system sees it), lowest of three samples once idle, each after a
//                                  forced garbage collection
//   soak.host_heap_growth_mb       the host's JavaScript heap in use after a forced garbage
//                                  collection (what the services' objects hold), same samples
//   soak.renderer_heap_growth_mb   the page's JavaScript heap after a forced garbage collection (CDP)
//   soak.event_loop_p99_ms         how late a 50 ms timer in the page fired, 99th percentile over
//                                  the measured part of the day (the renderer's main thread kept free)
// The host runs with Node's inspector on a loopback port (bench/host-inspector.ts): the GC, the heap
// per V8 space and, with BENCH_SOAK_SNAPSHOTS=1, heap snapshots at the warm-up and at the end whose
// difference is printed by kind of object (left out by default: a snapshot costs the host memory of
// its own, which would count as growth). Each slice's phases are timed on stderr.
// The quick run (npm test) does a day of two slices with a few of everything.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import e2eConfig, { chromiumPath } from '../test/e2e/playwright.config';
import { startBrowserHostProcess } from '../test/e2e/browser-host.fixture';
import { startOfficeProcess } from '../test/fixtures/office-process';
import type { OfficeProcess } from '../test/fixtures/office-process';
import { ensureBuild, sized } from './harness';
import type { HostMemory } from './host-inspector';
import { connectHostInspector, inspectorUrl, snapshotGrowth, summarizeSnapshot } from './host-inspector';

const MESSAGES = sized('BENCH_SOAK_MESSAGES', 20_000, 40);
const TICKET_CHANGES = sized('BENCH_SOAK_TICKETS', 2_000, 4);
const PRESENCE_CHANGES = sized('BENCH_SOAK_PRESENCE', 500, 4);
const OUTAGES = Math.max(2, sized('BENCH_SOAK_OUTAGES', 20, 2));
const TIMEOUT_MS = 300_000;
/** host and page memory on stderr every this many slices */
const REPORT_EVERY = Number(process.env.BENCH_SOAK_REPORT_EVERY || 5);
const root = join(import.meta.dirname, '..');

ensureBuild(root);

const officeDir = mkdtempSync(join(tmpdir(), 'tw-bench-soak-office-'));
let office: OfficeProcess = await startOfficeProcess(officeDir, 0, undefined, TIMEOUT_MS);
const officePort = office.port;

const api = async (method: string, path: string, token?: string, body?: unknown) => {
  const res = await fetch(`${office.url}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
};
const login = async (username: string) =>
  (await api('POST', '/auth/login', undefined, { username, password: 'teleworker' })) as {
    accessToken: string;
    user: { id: string };
  };
/** n calls of `one`, at most `width` at a time */
const pool = async (n: number, width: number, one: (i: number) => Promise<unknown>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await one(next++);
    }),
  );
};

let ayu = await login('ayu');
let siti = await login('siti');
const budi = await login('budi');
const dm = ayu.user.id < budi.user.id ? `dm:${ayu.user.id}:${budi.user.id}` : `dm:${budi.user.id}:${ayu.user.id}`;
const budisTickets = ((await api('GET', '/tickets', budi.accessToken)) as { items: Array<{ id: string }> }).items.map(
  (t) => t.id,
);
if (budisTickets.length === 0) throw new Error('the demo office gave Budi no tickets');

const host = await startBrowserHostProcess({ TELEWORKER_OFFICE_URL: office.url }, ['--inspect=127.0.0.1:0']);
const inspector = await connectHostInspector(inspectorUrl(host.output()));
const SNAPSHOTS = process.env.BENCH_SOAK_SNAPSHOTS === '1';
/** BENCH_SOAK_PROFILE=N: the host's CPU profile of slice N (1-based) goes to the file BENCH_SOAK_PROFILE_FILE */
const PROFILE_SLICE = Number(process.env.BENCH_SOAK_PROFILE || 0);
const snapshotDir = mkdtempSync(join(tmpdir(), 'tw-bench-soak-snapshots-'));
const browser = await chromium.launch({
  ...e2eConfig.use?.launchOptions,
  executablePath: chromiumPath,
  headless: true,
});

type InPage = {
  teleworker: Record<string, Record<string, (arg?: unknown) => Promise<{ ok: boolean; value: unknown }>>>;
};
const call = (page: Page, area: string, method: string, arg?: unknown) =>
  page.evaluate(
    async ([a, m, x]) => {
      const r = await (globalThis as unknown as InPage).teleworker[a as string]![m as string]!(x);
      if (!r.ok) throw new Error(`${a as string}.${m as string}: ${JSON.stringify(r)}`);
      return r.value;
    },
    [area, method, arg] as const,
  );

/** the host once idle: three samples a second apart, each after a forced GC; the lowest of each figure */
const hostMemory = async (): Promise<HostMemory> => {
  const samples: HostMemory[] = [];
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 1_000));
    samples.push(await inspector.memoryAfterGc());
  }
  const least = (f: (m: HostMemory) => number) => Math.min(...samples.map(f));
  return {
    rss: least((m) => m.rss),
    heapUsed: least((m) => m.heapUsed),
    heapTotal: least((m) => m.heapTotal),
    external: least((m) => m.external),
    rssParts: samples[0]!.rssParts && {
      anon: least((m) => m.rssParts!.anon),
      file: least((m) => m.rssParts!.file),
      shmem: least((m) => m.rssParts!.shmem),
    },
    spaces: Object.fromEntries(Object.keys(samples[0]!.spaces).map((k) => [k, least((m) => m.spaces[k]!)])),
  };
};
const describeHost = (m: HostMemory) =>
  `host ${m.rss.toFixed(1)} MB resident${m.rssParts ? ` (anon ${m.rssParts.anon.toFixed(1)}, file ${m.rssParts.file.toFixed(1)}, shared ${m.rssParts.shmem.toFixed(1)})` : ''}, heap ${m.heapUsed.toFixed(1)} of ${m.heapTotal.toFixed(1)} MB (${Object.entries(
    m.spaces,
  )
    .filter(([, v]) => v >= 0.05)
    .map(([k, v]) => `${k.replace(/_space$/, '')} ${v.toFixed(1)}`)
    .join(', ')}), external ${m.external.toFixed(1)} MB`;

const pct = (v: number[], p: number) =>
  [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))] ?? 0;

try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const cdp = await page.context().newCDPSession(page);
  const rendererHeapMb = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return heap.usedSize / 1024 / 1024;
  };

  await page.goto(host.url);
  await page.locator('#sign-in-username').fill('budi');
  await page.locator('#sign-in-password').fill('teleworker');
  await page.locator('form button[type="submit"]').click();
  await page.locator('main .section-body:not([aria-busy])').first().waitFor({ timeout: TIMEOUT_MS });
  await call(page, 'session', 'start', {});
  // the renderer's main thread: how late a 50 ms timer fires (sampled only while `on`)
  await page.evaluate(() => {
    const w = globalThis as unknown as { __lag: { on: boolean; samples: number[] } };
    w.__lag = { on: false, samples: [] };
    let due = performance.now() + 50;
    setInterval(() => {
      const now = performance.now();
      if (w.__lag.on) w.__lag.samples.push(Math.max(0, now - due));
      due = now + 50;
    }, 50);
  });

  const rail = (section: string) => page.locator(`nav .rail-item[data-section="${section}"]`).click();
  const openConversation = async (name: RegExp) => {
    await rail('chat');
    await page
      .getByTestId(/^conversation-/)
      .filter({ hasText: name })
      .first()
      .click();
    await page.getByTestId('messages').waitFor({ timeout: TIMEOUT_MS });
  };
  const conversations = (await call(page, 'chat', 'conversations')) as {
    items: Array<{ id: string; kind: string; name: string }>;
  };
  const team = conversations.items.find((c) => c.kind === 'team');
  if (!team) throw new Error('Budi has no team channel');

  const share = (total: number, slice: number) =>
    Math.floor((total * (slice + 1)) / OUTAGES) - Math.floor((total * slice) / OUTAGES);
  let sent = 0;
  const slice = async (n: number) => {
    const messages = share(MESSAGES, n);
    const into = Math.ceil(messages / 2);
    const out = messages - into;
    const began = performance.now();
    const times: string[] = [];
    let mark = began;
    const lap = (what: string) => {
      const now = performance.now();
      times.push(`${what} ${((now - mark) / 1000).toFixed(1)}`);
      mark = now;
    };
    // the day's traffic, interleaved: colleagues' messages and Budi's answers, ticket comments, presence
    await openConversation(n % 2 ? /Ayu Lestari/ : new RegExp(team.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await call(page, 'session', 'pause');
    await Promise.all([
      pool(into, 4, (i) =>
        api('POST', '/chat/messages', ayu.accessToken, {
          channelId: i % 2 ? dm : team.id,
          body: `soak ${n}/${i}: ${i % 5 ? 'short' : 'a longer line with **bold**, `code` and INC-1042'}`,
          clientId: `soak-in-${n}-${i}`,
        }),
      ),
      pool(Math.ceil(out / 20), 1, async (b) => {
        const bodies = Array.from({ length: Math.min(20, out - b * 20) }, (_, i) => `reply ${n}/${b * 20 + i}`);
        await page.evaluate(
          async ([list, dmId, teamId]) => {
            const tw = (globalThis as unknown as InPage).teleworker;
            for (const [i, body] of (list as string[]).entries())
              await tw.chat!.send!({ channelId: i % 2 ? dmId : teamId, body });
          },
          [bodies, dm, team.id] as const,
        );
        sent += bodies.length;
      }),
      pool(share(TICKET_CHANGES, n), 2, (i) =>
        api(
          'POST',
          `/tickets/${encodeURIComponent(budisTickets[i % budisTickets.length]!)}/comments`,
          siti.accessToken,
          {
            body: `soak note ${n}/${i}`,
          },
        ),
      ),
      pool(share(PRESENCE_CHANGES, n), 1, (i) =>
        api('PUT', '/presence', ayu.accessToken, { status: i % 2 ? 'busy' : 'available' }),
      ),
    ]);
    lap('traffic');
    await call(page, 'session', 'resume');
    await rail('inbox');
    await page.locator('main .section-body[data-section="inbox"]:not([aria-busy])').waitFor({ timeout: TIMEOUT_MS });

    lap('inbox');
    // the office goes away: Budi writes meanwhile (queued), then it comes back and everything is sent
    await office.stop();
    await page.waitForFunction(
      async () => {
        const r = await (globalThis as unknown as InPage).teleworker.sync!.getStatus!();
        return r.ok && (r.value as { stream: string }).stream !== 'connected';
      },
      undefined,
      { timeout: TIMEOUT_MS, polling: 200 },
    );
    lap('office-gone');
    await call(page, 'chat', 'send', { channelId: dm, body: `while the office was away ${n}` });
    office = await startOfficeProcess(officeDir, officePort, undefined, TIMEOUT_MS); // slow on a busy machine
    ayu = await login('ayu');
    siti = await login('siti');
    lap('office-back');
    await page.waitForFunction(
      async () => {
        const r = await (globalThis as unknown as InPage).teleworker.sync!.getStatus!();
        const s = r.value as { stream: string; pending: number };
        return r.ok && s.stream === 'connected' && s.pending === 0;
      },
      undefined,
      { timeout: TIMEOUT_MS, polling: 250 },
    );
    lap('caught-up');
    console.error(`# slice ${n + 1}: ${((performance.now() - began) / 1000).toFixed(1)} s (${times.join(', ')} s)`);
  };

  const t0 = performance.now();
  await slice(0);
  const warm = { host: await hostMemory(), heap: await rendererHeapMb() };
  console.error(`# warm-up: ${describeHost(warm.host)}; page heap ${warm.heap.toFixed(1)} MB`);
  if (SNAPSHOTS) await inspector.snapshot(join(snapshotDir, 'warm.heapsnapshot'));
  await page.evaluate(() => ((globalThis as unknown as { __lag: { on: boolean } }).__lag.on = true));
  for (let n = 1; n < OUTAGES; n++) {
    const stopProfile = n + 1 === PROFILE_SLICE ? await inspector.profile() : null;
    await slice(n);
    await stopProfile?.(process.env.BENCH_SOAK_PROFILE_FILE || join(tmpdir(), `soak-host-slice-${n + 1}.cpuprofile`));
    if (n % REPORT_EVERY === 0 || n === OUTAGES - 1)
      console.error(
        `# slice ${n + 1}/${OUTAGES} after ${((performance.now() - t0) / 1000).toFixed(0)} s: ${describeHost(await hostMemory())}; page heap ${(await rendererHeapMb()).toFixed(1)} MB`,
      );
  }
  await page.evaluate(() => ((globalThis as unknown as { __lag: { on: boolean } }).__lag.on = false));
  const lag = await page.evaluate(() => (globalThis as unknown as { __lag: { samples: number[] } }).__lag.samples);
  const end = { host: await hostMemory(), heap: await rendererHeapMb() };
  console.error(
    `# the day: ${MESSAGES} messages (${sent} of them Budi's), ${TICKET_CHANGES} ticket comments, ${PRESENCE_CHANGES} presence changes, ${OUTAGES} outages in ${((performance.now() - t0) / 1000).toFixed(0)} s; end: ${describeHost(end.host)}; page heap ${end.heap.toFixed(1)} MB`,
  );
  if (SNAPSHOTS) {
    await inspector.snapshot(join(snapshotDir, 'end.heapsnapshot'));
    const growth = snapshotGrowth(
      await summarizeSnapshot(join(snapshotDir, 'warm.heapsnapshot')),
      await summarizeSnapshot(join(snapshotDir, 'end.heapsnapshot')),
    );
    console.error(`# what grew in the host's heap from the warm-up to the end:\n#${growth.join('\n#')}`);
  }
  console.log(`BENCH soak.host_rss_growth_mb ${(end.host.rss - warm.host.rss).toFixed(1)} MB`);
  console.log(`BENCH soak.host_heap_growth_mb ${(end.host.heapUsed - warm.host.heapUsed).toFixed(1)} MB`);
  console.log(`BENCH soak.renderer_heap_growth_mb ${(end.heap - warm.heap).toFixed(1)} MB`);
  console.log(`BENCH soak.event_loop_p99_ms ${pct(lag, 99).toFixed(1)} ms`);
} finally {
  inspector.close();
  await browser.close();
  await host.stop();
  rmSync(snapshotDir, { recursive: true, force: true });
  await office.stop();
  rmSync(officeDir, { recursive: true, force: true });
}
