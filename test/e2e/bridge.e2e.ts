import { expect, test } from './browser-host.fixture';

test('an outdated or wrong secret shows where the current address is, not "Checking…" forever', async ({
  page,
  host,
}) => {
  await page.goto(`${host.origin}/#secret=an-old-secret-from-yesterday-run`);
  const problem = page.getByTestId('bridge-problem');
  await expect(problem).toBeVisible();
  await expect(problem).toHaveAttribute('data-kind', 'refused');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This address is no longer valid');
  await expect(problem).toContainText('printed in the terminal where the browser host runs');
  await expect(page.getByText('Checking…')).toHaveCount(0);
  // the stale secret is not kept: a reload explains the missing one instead of retrying it
  expect(await page.evaluate(() => sessionStorage.getItem('teleworker.bridge-secret'))).toBeNull();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This address is incomplete');
});

test('the page says the same in Bahasa Indonesia', async ({ page, host }) => {
  await page.addInitScript(() => localStorage.setItem('teleworker.locale', 'id'));
  await page.goto(`${host.origin}/#secret=an-old-secret-from-yesterday-run`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alamat ini sudah tidak berlaku');
});

test('the right address still works after a wrong one', async ({ page, host }) => {
  await page.goto(`${host.origin}/#secret=an-old-secret-from-yesterday-run`);
  await expect(page.getByTestId('bridge-problem')).toBeVisible();
  await page.goto(host.url);
  await page.reload();
  await expect(page.getByTestId('connectivity-status')).toBeVisible();
  await expect(page.getByTestId('bridge-problem')).toHaveCount(0);
});
