// window.teleworker's type (the global declaration lives with the renderer's API).
import type {} from '../../renderer/api/connect';
import { expect, test } from './browser-host.fixture';

test('a home worker signs in to the embedded demo office, sets presence, and signs out', async ({ page, host }) => {
  await page.goto(host.url);
  const form = page.getByRole('region', { name: 'Sign in to the office' });
  await expect(form.getByLabel('Office server')).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+$/);
  await expect(page.getByTestId('secret-store')).toContainText(/kept in|this session only/);

  await form.getByLabel('User name').fill('budi');
  await form.getByLabel('Password').fill('wrong');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Sign-in refused');
  await expect(page.getByRole('alert')).toContainText(/user name or password/i);
  await expect(page.getByRole('alert')).not.toContainText(/\bat \S+ \(|Error:/);

  await form.getByLabel('Password').fill('teleworker');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText('Signed in as');

  // The office is on this machine: the monitor finds it, and changes reach it.
  await expect(page.getByTestId('connectivity-status')).toHaveAttribute('data-status', /office-lan|office-via-vpn|degraded/, { timeout: 15_000 });
  await page.getByLabel('My status').selectOption('busy');
  await expect(page.getByTestId('sync-indicator')).toContainText('All changes sent', { timeout: 10_000 });
  await expect(page.getByLabel('My status')).toHaveValue('busy');
  // Nothing the renderer can reach holds a token.
  const exposed = await page.evaluate(() => JSON.stringify(Object.keys(window.teleworker!)) + document.cookie + JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  expect(exposed).not.toMatch(/token|eyJ/i);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('region', { name: 'Sign in to the office' })).toBeVisible();
});
