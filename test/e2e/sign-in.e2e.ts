// window.teleworker's type (the global declaration lives with the renderer's API).
import type {} from '../../renderer/api/connect';
import { expect, test } from './browser-host.fixture';
import { focused, openSignedOut } from './helpers';

test('a home worker signs in to the embedded demo office, sets presence, and signs out', async ({ page, host }) => {
  await openSignedOut(page, host);
  const form = page.getByRole('region', { name: 'Sign in to the office' });
  await expect(form.getByLabel('Office server')).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+$/);
  await expect(page.getByTestId('secret-store')).toContainText(/kept in|this session only/);
  await expect(form.getByLabel('User name')).toBeFocused();

  await form.getByLabel('User name').fill('budi');
  await form.getByLabel('Password').fill('wrong');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Sign-in refused');
  await expect(page.getByRole('alert')).toContainText(/user name or password/i);
  await expect(page.getByRole('alert')).not.toContainText(/\bat \S+ \(|Error:/);
  // focus stayed on the button while it worked, never fell to the page body
  expect((await focused(page)).tag).toBe('BUTTON');

  await form.getByLabel('Password').fill('teleworker');
  await expect(page.getByRole('alert')).toHaveCount(0); // a stale error goes once the form is edited
  await form.getByRole('button', { name: 'Sign in' }).click();
  // after sign-in the section's heading has the focus
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeFocused();
  await page.getByTestId('me').click();
  await expect(page.getByTestId('signed-in-as')).toContainText('Signed in as');

  // The office is on this machine: the monitor finds it, and changes reach it.
  await expect(page.getByTestId('connectivity-status')).toHaveAttribute(
    'data-status',
    /office-lan|office-via-vpn|degraded/,
    { timeout: 15_000 },
  );
  await page.getByLabel('My status').selectOption('busy');
  await expect(page.getByTestId('sync-indicator')).toContainText('All changes sent', { timeout: 10_000 });
  await expect(page.getByLabel('My status')).toHaveValue('busy');
  // Nothing the renderer can reach holds a token.
  const exposed = await page.evaluate(
    () =>
      JSON.stringify(Object.keys(window.teleworker!)) +
      document.cookie +
      JSON.stringify({ ...sessionStorage }) +
      JSON.stringify({ ...localStorage }),
  );
  expect(exposed).not.toMatch(/token|eyJ/i);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('region', { name: 'Sign in to the office' })).toBeVisible();
  await expect(page.getByLabel('User name')).toBeFocused();
});

for (const [locale, words] of [
  [
    'en',
    {
      title: 'Sign in to the office',
      user: 'User name',
      password: 'Password',
      button: 'Sign in',
      tooLong: 'The user name can have at most 64 characters.',
      required: 'The password is required.',
    },
  ],
  [
    'id',
    {
      title: 'Masuk ke kantor',
      user: 'Nama pengguna',
      password: 'Kata sandi',
      button: 'Masuk',
      tooLong: 'Nama pengguna paling banyak 64 karakter.',
      required: 'Kata sandi wajib diisi.',
    },
  ],
] as const) {
  test(`sign-in field errors are sentences next to the field (${locale})`, async ({ page, host }) => {
    await openSignedOut(page, host, locale);
    const form = page.getByRole('region', { name: words.title });
    const user = form.getByLabel(words.user);
    await expect(user).toHaveAttribute('maxlength', '64');
    await expect(user).toHaveAttribute('required', '');
    // past the limit as if through devtools; the password left empty
    await user.evaluate((el) => el.removeAttribute('maxlength'));
    await user.fill('b'.repeat(65));
    await form.getByRole('button', { name: words.button }).click();
    await expect(page.getByTestId('username-error')).toHaveText(words.tooLong);
    await expect(page.getByTestId('password-error')).toHaveText(words.required);
    await expect(user).toHaveAttribute('aria-invalid', 'true');
    await expect(user).toBeFocused(); // the first refused field
    await expect(page.locator('body')).not.toContainText(/Too big|expected string/);
    // editing makes the stale errors go
    await user.fill('budi');
    await expect(page.getByTestId('username-error')).toHaveCount(0);
    await expect(page.getByTestId('password-error')).toHaveCount(0);
  });
}

test('the contract refuses a too-long user name with per-field data, whatever the page does', async ({
  page,
  host,
}) => {
  await openSignedOut(page, host);
  const result = await page.evaluate(
    (server) => window.teleworker!.account.signIn({ server, username: 'u'.repeat(65), password: 'teleworker' }),
    host.origin,
  );
  expect(result).toMatchObject({
    ok: false,
    error: { code: 'invalid-request', fields: [{ field: 'username', problem: 'too-long', limit: 64 }] },
  });
});

test('an office that cannot be reached during sign-in says so and what to check', async ({ page, host }) => {
  await openSignedOut(page, host);
  const form = page.getByRole('region', { name: 'Sign in to the office' });
  await form.getByLabel('Office server').fill('http://127.0.0.1:9'); // nothing listens on the discard port
  await form.getByLabel('User name').fill('budi');
  await form.getByLabel('Password').fill('teleworker');
  await form.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The office cannot be reached', { timeout: 20_000 });
  await expect(alert).toContainText('VPN');
  await expect(alert).toContainText('address');
  await expect(alert).not.toContainText('Teleworker is not answering');
  await expect(alert).not.toContainText('ECONNREFUSED');
});
