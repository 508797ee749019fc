import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { SignInScreen, createAccountStore } from '../../../renderer/account';
import { inputLimits } from '../../../renderer/app/field-limits';
import { setupI18n } from '../../../renderer/i18n';
import { contract } from '../../../shared/contract';
import type { AccountState } from '../../../shared/contract/account';
import { fakeApi, signedOut } from './fake-api';

afterEach(cleanup);

async function signInScreen(
  handlers: NonNullable<Parameters<typeof fakeApi>[0]>['handlers'],
  locale: 'en' | 'id' = 'en',
  account = signedOut(),
) {
  const main = fakeApi({ handlers });
  const store = createAccountStore(main.api);
  const i18n = await setupI18n(locale);
  render(
    <I18nextProvider i18n={i18n}>
      <SignInScreen store={store} account={account as Extract<AccountState, { status: 'signed-out' }>} />
    </I18nextProvider>,
  );
  return { main, store };
}

describe('the sign-in screen', () => {
  it('words why the user is here in the chosen language, not in the main process’s English', async () => {
    const account = signedOut({
      reason: 'Your sign-in has expired. Please sign in again.',
      notice: { code: 'session-expired', params: {} },
    });
    await signInScreen({}, 'id', account);
    expect(screen.getByTestId('sign-in-notice').textContent).toBe(
      'Sesi masuk Anda telah berakhir. Silakan masuk lagi.',
    );
    cleanup();
    await signInScreen(
      {},
      'en',
      signedOut({
        reason: 'x',
        notice: { code: 'data-rebuilt', params: { movedTo: '/data/teleworker.sqlite.unreadable-1', salvaged: 3 } },
      }),
    );
    expect(screen.getByTestId('sign-in-notice').textContent).toContain(
      'The old file is kept at /data/teleworker.sqlite.unreadable-1; 3 unsent changes were recovered',
    );
  });

  it('takes its limits from the contract and starts in the user name', async () => {
    await signInScreen({});
    const username = screen.getByLabelText('User name') as HTMLInputElement;
    expect(document.activeElement).toBe(username);
    expect(username.maxLength).toBe(contract.account.invoke.signIn.request.shape.username.maxLength);
    expect(username.maxLength).toBe(64);
    expect(username.required).toBe(true);
    expect((screen.getByLabelText('Password') as HTMLInputElement).maxLength).toBe(256);
    expect((screen.getByLabelText('Office server') as HTMLInputElement).maxLength).toBe(500);
    expect(inputLimits('presence', 'setMine', 'statusText')).toEqual({ required: false, maxLength: 200 });
    expect(() => inputLimits('account', 'signIn', 'nickname')).toThrow(
      'The contract has no text field account.signIn.nickname.',
    );
  });

  it('shows a refused field next to that field, focuses it, and drops the error once the user edits', async () => {
    await signInScreen({
      'tw:account:signIn': () => ({
        ok: false,
        error: {
          code: 'invalid-request',
          message: 'schema words',
          fields: [{ field: 'username', problem: 'too-long', limit: 64 }],
        },
      }),
    });
    const username = screen.getByLabelText('User name');
    fireEvent.change(username, { target: { value: 'b'.repeat(65) } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'teleworker' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const error = await screen.findByTestId('username-error');
    expect(error.textContent).toBe('The user name can have at most 64 characters.');
    expect(username.getAttribute('aria-invalid')).toBe('true');
    expect(username.getAttribute('aria-describedby')).toBe(error.id);
    expect(document.activeElement).toBe(username);
    expect(screen.queryByRole('alert')).toBeNull(); // nothing else to say: no schema message anywhere
    expect(document.body.textContent).not.toContain('schema words');

    fireEvent.change(username, { target: { value: 'budi' } });
    expect(screen.queryByTestId('username-error')).toBeNull();
    expect(username.getAttribute('aria-invalid')).toBeNull();
  });

  it('says the office cannot be reached and what to check, in Bahasa Indonesia too', async () => {
    const unreachable = () => ({
      ok: false as const,
      error: { code: 'unavailable' as const, message: 'connect ECONNREFUSED', reason: 'office-unreachable' as const },
    });
    await signInScreen({ 'tw:account:signIn': unreachable }, 'id');
    fireEvent.change(screen.getByLabelText('Nama pengguna'), { target: { value: 'budi' } });
    fireEvent.change(screen.getByLabelText('Kata sandi'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Masuk' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Kantor tidak dapat dijangkau');
    expect(alert.textContent).toContain('VPN');
    expect(alert.textContent).not.toContain('ECONNREFUSED');
    fireEvent.change(screen.getByLabelText('Kata sandi'), { target: { value: 'y' } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('keeps the focus on the button while it signs in (aria-disabled, never disabled)', async () => {
    let answer: (v: {
      ok: false;
      error: { code: 'unauthorized'; message: string; reason: 'bad-credentials' };
    }) => void = () => {};
    await signInScreen({ 'tw:account:signIn': () => new Promise((r) => (answer = r)) });
    fireEvent.change(screen.getByLabelText('User name'), { target: { value: 'budi' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong' } });
    const button = screen.getByRole('button', { name: 'Sign in' });
    button.focus();
    fireEvent.click(button);
    await screen.findByRole('button', { name: 'Signing in…' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect((button as HTMLButtonElement).disabled).toBe(false);
    expect(document.activeElement).toBe(button);
    answer({
      ok: false,
      error: { code: 'unauthorized', message: 'Invalid username or password', reason: 'bad-credentials' },
    });
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('Sign-in refused: the user name or password is wrong.'),
    );
    expect(document.activeElement).toBe(button);
  });
});
