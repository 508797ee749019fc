import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './browser-host.fixture';
import { openSignedOut, signIn } from './helpers';

// axe takes a few seconds per page on a 2-core machine, and these tests audit up to nine each.
test.describe.configure({ timeout: 180_000 });

/**
 * Every rule axe has for WCAG 2.0/2.1 A and AA and its best practices, experimental ones included
 * (label-in-name, heading order…); a finding of any impact fails.
 */
async function audit(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice', 'experimental'])
    .analyze();
  const bad = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect.soft(bad, `${what}: accessibility findings`).toEqual([]);
  if (process.env.A11Y_REPORT)
    console.log(
      what,
      violations.map((v) => `${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    );
  return violations;
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test('the sign-in screen, with a field error, and help', async ({ page, host }) => {
      await openSignedOut(page, host);
      await audit(page, 'sign-in');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('username-error')).toBeVisible();
      await audit(page, 'sign-in with field errors');
      await page.keyboard.press('F1');
      await audit(page, 'help (signed out)');
    });

    test('every section of the manager, the status details and the shortcuts list', async ({ page, host }) => {
      await signIn(page, host, 'siti');
      for (const section of ['Inbox', 'Chat', 'Work session', 'Office days', 'Team', 'Settings', 'Help']) {
        await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: section }).click();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(section);
        await audit(page, section);
      }
      await page.getByRole('button', { name: /Office connection/ }).click();
      await audit(page, 'connection details');
      await page.keyboard.press('Escape');
      await page.getByTestId('me').click();
      await audit(page, 'account menu');
      await page.keyboard.press('Escape');
      await page.getByTestId('sync-indicator').click();
      await audit(page, 'sync panel');
      await page.keyboard.press('Escape');
      await page.keyboard.press('?');
      await audit(page, 'shortcuts list');
    });
  });
}

test('the worker’s day in both languages: a badge on the rail, a ticket and its forms, a conversation, the timer', async ({
  page,
  host,
}) => {
  test.setTimeout(480_000);
  for (const locale of ['en', 'id'] as const) {
    await signIn(page, host, 'budi', locale);
    const rail = page.getByRole('navigation');
    // the inbox's badge is part of its name, after the visible label (label-in-name)
    await expect(rail.locator('[data-section="inbox"] .rail-badge')).toBeVisible();
    await audit(page, `${locale}: inbox with a badge`);
    await page.getByTestId('ticket-row').first().click();
    await expect(page.getByTestId('ticket-detail')).toBeVisible();
    await audit(page, `${locale}: a ticket`);
    await page.keyboard.press('Escape');
    await page.locator('#section-title').focus();
    await page.keyboard.press('e');
    await expect(page.getByTestId('escalate-form')).toBeVisible();
    await audit(page, `${locale}: the escalation form`);
    await rail.locator('[data-section="chat"]').click();
    await page.locator('main ul button').first().click();
    await audit(page, `${locale}: a conversation`);
    await rail.locator('[data-section="session"]').click();
    await page.getByTestId('session-start').click();
    await expect(page.getByTestId('work-timer')).toHaveAttribute('data-mode', 'working');
    await audit(page, `${locale}: the work session, timer running`);
    await page.getByTestId('session-stop').click();
    for (const section of ['settings', 'help']) {
      await rail.locator(`[data-section="${section}"]`).click();
      await audit(page, `${locale}: ${section}`);
    }
  }
});

test('the wrong-secret page', async ({ page, host }) => {
  await page.goto(`${host.origin}/#secret=an-old-secret-from-yesterday-run`);
  await expect(page.getByTestId('bridge-problem')).toBeVisible();
  await audit(page, 'wrong secret');
});

test('the audit itself notices a control without a name (so a green run means something)', async ({ page, host }) => {
  await openSignedOut(page, host);
  await page.evaluate(() =>
    document.querySelector('main')!.append(Object.assign(document.createElement('button'), { id: 'nameless' })),
  );
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(violations.find((v) => v.id === 'button-name')?.nodes.map((n) => n.target.join(' '))).toEqual(['#nameless']);
});
