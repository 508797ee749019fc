// Escalation to the second level, end to end: one real office server in its own process, two
// browser hosts (budi at L1, eko at L2, each with its own app data). Budi escalates from the Inbox
// by keyboard; the ticket arrives live in eko's queue; eko takes it and hands it back, and budi is
// told each time.
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
interface ApiTicket {
  id: string;
  teamId: string;
  assigneeId: string | null;
  escalationLevel: string;
  escalatedBy?: string | null;
  version: number;
}

let officeDir: string;
let office: OfficeProcess;
let hostBudi: Host;
let hostEko: Host;
let budi: Page;
let eko: Page;
const tokens = new Map<string, { token: string; id: string }>();

async function api<T>(who: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  let me = tokens.get(who);
  if (!me) {
    const r = await fetch(`${office.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: who, password: 'teleworker' }),
    });
    const answer = (await r.json()) as { accessToken: string; user: { id: string } };
    me = { token: answer.accessToken, id: answer.user.id };
    tokens.set(who, me);
  }
  const r = await fetch(`${office.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${me.token}`,
      ...(body ? { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, body: (await r.json()) as T };
}
const idOf = async (who: string) => {
  await api(who, 'GET', '/me');
  return tokens.get(who)!.id;
};

async function newPage(browser: Browser, host: Host, user: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, host, user);
  await expect(page.getByTestId('inbox')).toBeVisible();
  return page;
}

const row = (page: Page, id: string) => page.locator(`[data-testid="ticket-row"][data-ticket="${id}"]`);
const detail = (page: Page) => page.getByTestId('ticket-detail');
const toast = (page: Page, text: string) => page.getByTestId('toast').filter({ hasText: text });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  officeDir = mkdtempSync(join(tmpdir(), 'tw-escalation-office-'));
  office = await startOfficeProcess(officeDir);
  [hostBudi, hostEko] = await Promise.all([
    startBrowserHostProcess({ TELEWORKER_OFFICE_URL: office.url }),
    startBrowserHostProcess({ TELEWORKER_OFFICE_URL: office.url }),
  ]);
  [budi, eko] = await Promise.all([newPage(browser, hostBudi, 'budi'), newPage(browser, hostEko, 'eko')]);
});

test.afterAll(async () => {
  await Promise.all([budi?.context().close(), eko?.context().close()]);
  await Promise.all([hostBudi?.stop(), hostEko?.stop()]);
  await office?.stop();
  rmSync(officeDir, { recursive: true, force: true });
});

test('budi escalates by keyboard; eko sees it arrive in his queue live, takes it, hands it back; budi is told each time', async () => {
  test.setTimeout(120_000);
  const made = await api<{ ticket: ApiTicket }>('siti', 'POST', '/tickets', {
    title: 'Core switch port flapping at Branch Kemang',
    requester: 'Branch Kemang',
    priority: 'P2',
    assigneeId: await idOf('budi'),
  });
  expect(made.status).toBe(201);
  const ticket = made.body.ticket;
  await expect(row(budi, ticket.id)).toBeVisible({ timeout: 15_000 });
  // nothing of it at eko's yet
  await expect(row(eko, ticket.id)).toHaveCount(0);
  await expect(eko.getByTestId('scope-queue')).toHaveCount(0);

  // budi, by keyboard only: j until the ticket is selected, e, the reason, Ctrl+Enter
  await budi.locator('body').focus();
  for (let i = 0; i < 40; i++) {
    if ((await row(budi, ticket.id).getAttribute('aria-selected')) === 'true') break;
    await budi.keyboard.press('j');
  }
  await expect(row(budi, ticket.id)).toHaveAttribute('aria-selected', 'true');
  await budi.keyboard.press('e');
  const form = budi.getByTestId('escalate-form');
  await expect(form.getByRole('textbox')).toBeFocused();
  // the L2 team is offered, the office's default first
  // (the team's name is wrapped in bidi isolates inside the sentence)
  await expect(form.getByTestId('escalate-team')).toContainText('\u2068Infrastructure — L2\u2069 (default)');
  await budi.keyboard.type('Port Gi1/0/24 flaps every few minutes; needs the network team.');
  await budi.keyboard.press('Control+Enter');
  await expect(form).toHaveCount(0);

  // the office moved it into the L2 team's queue, unassigned, budi's as the one who escalated it
  const eko_id = await idOf('eko');
  await expect
    .poll(async () => (await api<{ ticket: ApiTicket }>('rina', 'GET', `/tickets/${ticket.id}`)).body.ticket)
    .toMatchObject({ escalationLevel: 'L2', assigneeId: null, escalatedBy: await idOf('budi') });

  // eko's app: it arrives live (no reload) in the queue, with a notification
  await expect(toast(eko, `${ticket.id} arrived in your team’s queue`)).toBeVisible({ timeout: 15_000 });
  await expect(eko.getByTestId('scope-queue')).toContainText('Queue · 1');
  await eko.getByTestId('scope-queue').click();
  await row(eko, ticket.id).click();
  await expect(detail(eko)).toContainText('This ticket waits in your team’s queue.');
  await detail(eko).getByTestId('take').click();
  await expect
    .poll(async () => (await api<{ ticket: ApiTicket }>('rina', 'GET', `/tickets/${ticket.id}`)).body.ticket.assigneeId)
    .toBe(eko_id);
  await eko.getByTestId('scope-mine').click();
  await expect(row(eko, ticket.id)).toBeVisible({ timeout: 15_000 });

  // budi follows it read-only under "Escalated by me", and is told it was taken
  await expect(toast(budi, `${ticket.id} you escalated was taken`)).toBeVisible({ timeout: 15_000 });
  await budi.getByTestId('scope-escalated').click();
  await row(budi, ticket.id).click();
  await expect(detail(budi).getByTestId('escalated-away')).toBeVisible();
  await expect(detail(budi).getByRole('button', { name: /Acknowledge/ })).toHaveCount(0);

  // eko hands it back with a note: budi has it again, and is told
  await row(eko, ticket.id).click();
  await detail(eko).getByTestId('hand-back').click();
  const back = eko.getByTestId('hand-back-form');
  await back.getByRole('textbox').fill('Port replaced; please confirm with the branch and close.');
  await back.getByRole('button', { name: 'Hand back' }).click();
  await expect(toast(budi, `${ticket.id} was handed back to you`)).toBeVisible({ timeout: 15_000 });
  await budi.getByTestId('scope-mine').click();
  await expect(row(budi, ticket.id)).toContainText('L1', { timeout: 15_000 });
  await expect(row(eko, ticket.id)).toHaveCount(0, { timeout: 15_000 });
});
