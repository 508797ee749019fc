// window.teleworker's type (the global declaration lives with the renderer's API).
import type {} from '../../renderer/api/connect';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './browser-host.fixture';

const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };

test('the app loads and shows its version from the main process', async ({ page, host }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(host.url);
  await expect(page.getByTestId('app-version')).toHaveText(`Version ${version}`);
  await expect(page.getByTestId('connectivity-status')).toBeVisible();
  // The secret leaves the address bar once it is stored.
  expect(page.url()).not.toContain('secret=');
  expect(errors, 'no CSP violations or script errors').toEqual([]);
});

test('a contract call with a bad payload shows a readable error, and a good one an answer', async ({ page, host }) => {
  await page.goto(host.url);
  const input = page.getByLabel('Message to the main process');
  await input.fill('x'.repeat(201));
  await page.getByRole('button', { name: 'Send' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Teleworker refused the request');
  await expect(alert).toContainText('message: Too big: expected string to have <=200 characters');
  await expect(alert).not.toContainText('at ');

  await input.fill('hello office');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('ping-reply')).toContainText('hello office');
  await expect(page.getByRole('alert')).toHaveCount(0);

  // The same call made by hand with a payload of the wrong type comes back as data, not a throw.
  const result = await page.evaluate(() => window.teleworker!.system.ping({ message: 42 } as never));
  expect(result).toEqual({
    ok: false,
    error: { code: 'invalid-request', message: 'Invalid request to system:ping: message: Invalid input: expected string, received number' },
  });
});

test('the interface speaks Bahasa Indonesia and remembers the choice', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByLabel('Language').selectOption('id');
  await expect(page.getByTestId('app-version')).toHaveText(`Versi ${version}`);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Tentang aplikasi ini' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
});

test('the bridge refuses a page that does not know the secret', async ({ page, host }) => {
  await page.goto(`${host.origin}/`);
  await expect(page.getByRole('alert')).toContainText('no connection to Teleworker');
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
