import type { Page } from '@playwright/test';
import { expect, test } from './browser-host.fixture';
import { focused, openSignedOut, signIn } from './helpers';

const rail = (page: Page) => page.getByRole('navigation', { name: 'Sections' });

test('a worker (budi) has Inbox, Chat, Work session, Settings and Help, no Team, and moves between them by mouse', async ({
  page,
  host,
}) => {
  await signIn(page, host, 'budi');
  await expect(rail(page).getByRole('button')).toHaveText([
    /^Inbox( (\d+|99\+) new)?$/,
    /^Chat( (\d+|99\+) new)?$/,
    'Work session',
    'Office days',
    'Settings',
    'Help',
  ]);
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('contentinfo', { name: 'Status bar' })).toBeVisible();
  await rail(page).getByRole('button', { name: 'Work session' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Work session');
  await expect(page.getByTestId('session-view')).toBeVisible();
  await rail(page).getByRole('button', { name: 'Chat' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chat');
  await expect(rail(page).getByRole('button', { name: 'Chat' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('conversation-team')).toBeVisible();
  await rail(page).getByRole('button', { name: 'Inbox' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inbox');
  await expect(page.getByRole('listbox', { name: 'Tickets, sorted by SLA due' })).toBeVisible();
  // typing the manager's shortcuts does nothing for a worker
  await page.keyboard.press('g');
  await page.keyboard.press('t');
  await page.keyboard.press('Control+4');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inbox');
});

test('an admin manages no team, so is offered no Team: the rail has none and its shortcuts do nothing', async ({
  page,
  host,
}) => {
  await signIn(page, host, 'admin');
  await expect(rail(page).getByRole('button')).toHaveText([
    /^Inbox( (\d+|99\+) new)?$/,
    /^Chat( (\d+|99\+) new)?$/,
    'Work session',
    // an admin manages the office's accounts instead (issue 28)
    'Accounts',
    'Settings',
    'Help',
  ]);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inbox');
  await page.keyboard.press('g');
  await page.keyboard.press('t');
  await page.keyboard.press('Control+4');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inbox');
  await expect(page.getByTestId('team-view')).toHaveCount(0);
  // what an admin does have works: every team's tickets in the inbox
  await expect(
    page.getByRole('listbox', { name: 'Tickets, sorted by SLA due' }).getByRole('option').first(),
  ).toBeVisible();
});

test('the manager (siti) also has Team', async ({ page, host }) => {
  await signIn(page, host, 'siti');
  await expect(rail(page).getByRole('button')).toHaveText([
    /^Inbox( (\d+|99\+) new)?$/,
    /^Chat( (\d+|99\+) new)?$/,
    'Work session',
    'Office days',
    'Team',
    'Settings',
    'Help',
  ]);
  await rail(page).getByRole('button', { name: 'Team' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Team');
  await expect(page.getByTestId('team-view')).toBeVisible();
});

test('the keyboard goes everywhere: g-sequences, Ctrl+digits, F1, and ? lists them; focus is always visible', async ({
  page,
  host,
}) => {
  await signIn(page, host, 'siti');
  const heading = page.getByRole('heading', { level: 1 });
  for (const [keys, title] of [
    [['g', 'c'], 'Chat'],
    [['g', 't'], 'Team'],
    [['g', 's'], 'Work session'],
    [['g', 'i'], 'Inbox'],
    [['Control+3'], 'Work session'],
    [['Control+2'], 'Chat'],
    [['Control+4'], 'Team'],
    [['Control+1'], 'Inbox'],
    [['Control+,'], 'Settings'],
    [['F1'], 'Help'],
  ] as const) {
    for (const key of keys) await page.keyboard.press(key);
    await expect(heading).toHaveText(title);
    await expect(heading).toBeFocused();
    const now = await focused(page);
    expect(now.visible, `the focus on "${title}" is visible`).toBe(true);
  }

  // Help's screen comes with its chunk after the heading (which takes the focus at once)
  await expect(page.locator('main .section-body')).not.toHaveAttribute('aria-busy', 'true');
  // From Help's heading, Tab moves through its controls and then the status bar, each with a
  // visible focus: show shortcuts, connection, work timer (details, pause), sync, me, language.
  const tags: string[] = [];
  for (let i = 0; i < 7; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    tags.push(now.tag);
    expect(now.visible, `focus visible on ${now.tag} "${now.text.slice(0, 30)}"`).toBe(true);
  }
  expect(tags).toEqual(['BUTTON', 'BUTTON', 'BUTTON', 'BUTTON', 'BUTTON', 'BUTTON', 'SELECT']);

  await rail(page).getByRole('button', { name: 'Chat' }).focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Go to Team');
  await expect(dialog).toContainText('Go to Inbox');
  await expect(dialog.locator('kbd')).toContainText(['g', 'i', 'Ctrl', '1']);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(rail(page).getByRole('button', { name: 'Chat' })).toBeFocused();
});

test('the last section is reopened after a reload', async ({ page, host }) => {
  await signIn(page, host, 'budi');
  await rail(page).getByRole('button', { name: 'Work session' }).click();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Work session');
  await expect(rail(page).getByRole('button', { name: 'Work session' })).toHaveAttribute('aria-current', 'page');
});

test('"Check now" keeps the focus on its button while it checks', async ({ page, host }) => {
  await signIn(page, host, 'budi');
  await page.getByRole('button', { name: /Office connection/ }).click();
  const check = page.getByRole('button', { name: /Check now|Checking/ });
  await check.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Check now' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'Check now' })).toBeFocused();
  await expect(page.getByTestId('connectivity-details')).toContainText(/\d+ ms/);
  // Esc closes the details and the focus returns to the item that opened them
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('connectivity-details')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Office connection/ })).toBeFocused();
});

test('a narrow window keeps the rail and the status bar usable', async ({ page, host }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await signIn(page, host, 'budi');
  await expect(rail(page)).toBeVisible();
  await expect(rail(page).getByRole('button', { name: 'Chat' })).toBeVisible();
  await expect(page.getByTestId('connectivity-status')).toBeVisible();
  await expect(page.getByTestId('me')).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

for (const locale of ['id', 'en'] as const)
  test(`at 700 px every rail label fits its button whole (${locale}): no word split, none spilling`, async ({
    page,
    host,
  }) => {
    await page.setViewportSize({ width: 700, height: 600 });
    // siti manages a team: the rail's longest set of sections
    await signIn(page, host, 'siti', locale);
    const nav = page.locator('nav.rail');
    // the current section's label is bold, so wider: the longest word is measured so
    await nav.getByRole('button', { name: locale === 'id' ? 'Pengaturan' : 'Settings' }).click();
    await expect(nav.getByRole('button', { name: locale === 'id' ? 'Pengaturan' : 'Settings' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    const labels = await nav.locator('.rail-label').evaluateAll((els) =>
      els.map((el) => {
        const button = el.closest('button')!;
        const box = button.getBoundingClientRect();
        const label = el.getBoundingClientRect();
        // each word on one line as drawn in the label's font: the widest must fit the button's width
        const probe = document.createElement('span');
        probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;';
        el.appendChild(probe);
        const words = (el.textContent ?? '')
          .replace(/\u00ad/g, '')
          .split(/\s+/)
          .filter(Boolean);
        const widest = Math.max(
          ...words.map((w) => {
            probe.textContent = w;
            return probe.getBoundingClientRect().width;
          }),
        );
        probe.remove();
        const lineHeight = parseFloat(getComputedStyle(el).lineHeight);
        return {
          text: el.textContent,
          widest: Math.round(widest),
          button: Math.round(box.width),
          spills: label.left < box.left - 0.5 || label.right > box.right + 0.5 || el.scrollWidth > el.clientWidth + 1,
          widestWordFits: widest <= box.width,
          // more lines than words: a word was broken
          lines: Math.round(label.height / lineHeight),
          words: words.length,
        };
      }),
    );
    expect(labels.length, locale).toBeGreaterThanOrEqual(7);
    for (const l of labels) {
      expect(l.spills, `${locale}: ${l.text} spills out of its button`).toBe(false);
      expect(
        l.widestWordFits,
        `${locale}: a word of ${l.text} (${l.widest} px) is wider than its button (${l.button} px)`,
      ).toBe(true);
      expect(l.lines, `${locale}: ${l.text} is broken inside a word`).toBeLessThanOrEqual(l.words);
    }
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });

test('help is one key away on the sign-in screen, and back again', async ({ page, host }) => {
  await openSignedOut(page, host);
  await page.keyboard.press('F1');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Help');
  await page.getByRole('button', { name: 'Back to sign-in' }).click();
  await expect(page.getByLabel('User name')).toBeFocused();
});
