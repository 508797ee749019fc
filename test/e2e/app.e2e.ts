// window.teleworker's type (the global declaration lives with the renderer's API).
import type {} from '../../renderer/api/connect';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './browser-host.fixture';
import { openSignedOut } from './helpers';

const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
  version: string;
};

test('the app loads and shows its version from the main process (in Help)', async ({ page, host }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await openSignedOut(page, host);
  await expect(page.getByTestId('connectivity-status')).toBeVisible();
  // About is not on the main screen; F1 (or the Help button) opens it.
  await expect(page.getByTestId('app-version')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText('browser host');
  await page.keyboard.press('F1');
  await expect(page.getByTestId('app-version')).toHaveText(`Version ${version}`);
  await expect(page.getByRole('main')).toContainText('Running in');
  // The secret leaves the address bar once it is stored.
  expect(page.url()).not.toContain('secret=');
  expect(errors, 'no CSP violations or script errors').toEqual([]);
});

test('a contract call with a bad payload shows a readable error, and a good one an answer', async ({ page, host }) => {
  // the round trip is a developer's tool: Settings turned it on for the last person signed in
  await page.addInitScript(() =>
    localStorage.setItem('teleworker.prefs.last', JSON.stringify({ theme: 'system', developer: true })),
  );
  await openSignedOut(page, host);
  await page.getByRole('button', { name: /Help and about/ }).click();
  const input = page.getByLabel('Message to the main process');
  await expect(input).toHaveAttribute('maxlength', '200'); // the contract's limit, on the input
  // as if typed through devtools, past the input's limit: the main process refuses it
  await input.evaluate((el) => el.removeAttribute('maxlength'));
  await input.fill('x'.repeat(201));
  await page.getByRole('button', { name: 'Send' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The message can have at most 200 characters.');
  await expect(alert).not.toContainText('Too big');
  await expect(alert).not.toContainText(/\bat \S+ \(|Error:/); // no stack trace

  await input.fill('hello office');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('ping-reply')).toContainText('hello office');
  await expect(page.getByRole('alert')).toHaveCount(0);

  // The same call made by hand with a payload of the wrong type comes back as data, not a throw.
  const result = await page.evaluate(() => window.teleworker!.system.ping({ message: 42 } as never));
  expect(result).toEqual({
    ok: false,
    error: {
      code: 'invalid-request',
      message: 'Invalid request to system:ping: message: Invalid input: expected string, received number',
      fields: [{ field: 'message', problem: 'invalid' }],
    },
  });
});

test('the interface speaks Bahasa Indonesia and remembers the choice', async ({ page, host }) => {
  await openSignedOut(page, host);
  await page.getByLabel('Language').selectOption('id');
  await expect(page.getByRole('heading', { name: 'Masuk ke kantor' })).toBeVisible();
  await page.keyboard.press('F1');
  await expect(page.getByTestId('app-version')).toHaveText(`Versi ${version}`);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Masuk ke kantor' })).toBeVisible();
  await page.keyboard.press('F1');
  await expect(page.getByRole('heading', { name: 'Tentang aplikasi ini' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
});

test('the bridge refuses a page that does not know the secret', async ({ page, host }) => {
  await page.goto(`${host.origin}/`);
  await expect(page.getByRole('alert')).toContainText('This address is incomplete');
  await expect(page.getByRole('alert')).toContainText('terminal where the browser host runs');
  const refused = await page.evaluate(async (origin) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/bridge`);
    return await new Promise<string>((resolve) => {
      ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', secret: 'not-the-secret-at-all' }));
      ws.onmessage = (m) => resolve(String(m.data));
      setTimeout(() => resolve('timeout'), 5000);
    });
  }, host.origin);
  expect(JSON.parse(refused)).toMatchObject({ type: 'refused' });
});
