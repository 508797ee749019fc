// The Accounts section (admins): the office's accounts through window.teleworker's admin area —
// what it shows, what each control asks the main process, and a refusal in words.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdminAccount, AdminDirectory } from '../../../shared/contract/admin';
import { AdminView } from '../../../renderer/admin/AdminView';
import { createAdminStore } from '../../../renderer/admin/admin-store';
import { setupI18n } from '../../../renderer/i18n';
import { fakeApi } from './fake-api';

/** a person's text inside a sentence is isolated (bidi), as the renderer's i18n wraps interpolated values */
const iso = (text: string) => `\u2068${text}\u2069`;

afterEach(cleanup);

const account = (o: Partial<AdminAccount> & Pick<AdminAccount, 'id' | 'username' | 'displayName'>): AdminAccount => ({
  role: 'worker',
  teamId: 'team_pay',
  disabled: false,
  authSource: 'local',
  createdAt: '2026-11-28T08:00:00.000Z',
  ...o,
});

const directory = (): AdminDirectory => ({
  accounts: [
    account({ id: 'u_alice', username: 'alice', displayName: 'Alice Admin', role: 'admin', teamId: null }),
    account({ id: 'u_dian', username: 'dian', displayName: 'Dian Sastro', authSource: 'directory' }),
    account({ id: 'u_rina', username: 'rina', displayName: 'Rina <b>Ratna</b>', disabled: true }),
  ],
  teams: [
    { id: 'team_pay', name: 'Payments' },
    { id: 'team_cards', name: 'Cards' },
  ],
});

async function mount(lang: 'en' | 'id' = 'en', refuse = false) {
  let current = directory();
  const patch = (id: string, change: Partial<AdminAccount>) => {
    const found = current.accounts.find((a) => a.id === id);
    if (!found) return { ok: false as const, error: { code: 'not-found' as const, message: 'user not found' } };
    const next = { ...found, ...change };
    current = { ...current, accounts: current.accounts.map((a) => (a.id === id ? next : a)) };
    return { ok: true as const, value: next };
  };
  const fake = fakeApi({
    handlers: {
      'tw:admin:listAccounts': () => ({ ok: true, value: current }),
      'tw:admin:updateAccount': (p) => {
        const { id, change } = p as { id: string; change: Partial<AdminAccount> };
        if (refuse)
          return {
            ok: false,
            error: { code: 'conflict', message: 'this is the last active admin: make another admin first' },
          };
        return patch(id, change);
      },
      'tw:admin:resetPassword': (p) => patch((p as { id: string }).id, {}),
      'tw:admin:createAccount': (p) => {
        const r = p as { username: string; displayName: string; role: AdminAccount['role']; teamId: string | null };
        const created = account({ id: `u_${r.username}`, ...r });
        current = { ...current, accounts: [...current.accounts, created] };
        return { ok: true, value: created };
      },
      'tw:admin:createTeam': (p) => ({ ok: true, value: { id: 'team_new', name: (p as { name: string }).name } }),
    },
  });
  const store = createAdminStore(fake.api);
  store.getState().follow();
  const i18n = await setupI18n(lang);
  render(
    <I18nextProvider i18n={i18n}>
      <AdminView store={store} />
    </I18nextProvider>,
  );
  await screen.findByTestId('admin-view');
  return { fake, store };
}

const row = (username: string) =>
  screen.getAllByTestId('admin-account').find((r) => r.getAttribute('data-user') === username) as HTMLElement;

describe('Accounts section', () => {
  it('lists every account with role, team and state; a directory account has no password here', async () => {
    await mount();
    expect(screen.getAllByTestId('admin-account').map((r) => r.getAttribute('data-user'))).toEqual([
      'alice',
      'dian',
      'rina',
    ]);
    expect((screen.getByLabelText(`Role of ${iso('Alice Admin')}`) as HTMLSelectElement).value).toBe('admin');
    expect((screen.getByLabelText(`Team of ${iso('Dian Sastro')}`) as HTMLSelectElement).value).toBe('team_pay');
    expect(within(row('rina')).getByTestId('admin-state').textContent).toBe('Disabled');
    expect(within(row('dian')).getByText('Password kept in the directory')).toBeTruthy();
    expect(within(row('dian')).queryByTestId('admin-reset-dian')).toBeNull();
    // a name is text, never markup
    expect(row('rina').querySelector('b')).toBeNull();
    expect(row('rina').textContent).toContain('Rina <b>Ratna</b>');
  });

  it('disables, enables and changes role and team through the main process', async () => {
    const { fake } = await mount();
    await act(async () => {
      fireEvent.click(screen.getByTestId('admin-toggle-dian'));
    });
    expect(fake.calls).toContainEqual(['tw:admin:updateAccount', { id: 'u_dian', change: { disabled: true } }]);
    await waitFor(() => expect(within(row('dian')).getByTestId('admin-state').textContent).toBe('Disabled'));
    expect(screen.getByRole('status').textContent).toBe(`${iso('Dian Sastro')} was changed.`);
    await act(async () => {
      fireEvent.click(screen.getByTestId('admin-toggle-rina'));
    });
    expect(fake.calls).toContainEqual(['tw:admin:updateAccount', { id: 'u_rina', change: { disabled: false } }]);

    await act(async () => {
      fireEvent.change(screen.getByLabelText(`Role of ${iso('Dian Sastro')}`), { target: { value: 'manager' } });
    });
    expect(fake.calls).toContainEqual(['tw:admin:updateAccount', { id: 'u_dian', change: { role: 'manager' } }]);
    await act(async () => {
      fireEvent.change(screen.getByLabelText(`Team of ${iso('Dian Sastro')}`), { target: { value: 'team_cards' } });
    });
    expect(fake.calls).toContainEqual(['tw:admin:updateAccount', { id: 'u_dian', change: { teamId: 'team_cards' } }]);
    await waitFor(() =>
      expect((screen.getByLabelText(`Team of ${iso('Dian Sastro')}`) as HTMLSelectElement).value).toBe('team_cards'),
    );
  });

  it('resets a local password and creates accounts and teams', async () => {
    const { fake } = await mount();
    fireEvent.click(screen.getByTestId('admin-reset-rina'));
    fireEvent.change(screen.getByLabelText(`New password for ${iso('Rina <b>Ratna</b>')}`), {
      target: { value: 'a-new-password-1' },
    });
    await act(async () => {
      fireEvent.click(screen.getByText('Set password'));
    });
    expect(fake.calls).toContainEqual(['tw:admin:resetPassword', { id: 'u_rina', password: 'a-new-password-1' }]);
    expect(screen.getByRole('status').textContent).toContain('was set; they were signed out');

    const form = screen.getByTestId('admin-new');
    fireEvent.change(within(form).getByLabelText('User name'), { target: { value: 'Joko' } });
    fireEvent.change(within(form).getByLabelText('Full name'), { target: { value: ' Joko Widodo ' } });
    fireEvent.change(within(form).getByLabelText(/First password/), { target: { value: 'joko-password-1' } });
    await act(async () => {
      fireEvent.submit(form);
    });
    expect(fake.calls).toContainEqual([
      'tw:admin:createAccount',
      { username: 'joko', displayName: 'Joko Widodo', role: 'worker', teamId: 'team_pay', password: 'joko-password-1' },
    ]);
    await waitFor(() => expect(row('joko')).toBeTruthy());

    fireEvent.change(screen.getByLabelText('Team name'), { target: { value: 'Loans' } });
    await act(async () => {
      fireEvent.submit(screen.getByLabelText('Team name').closest('form') as HTMLFormElement);
    });
    expect(fake.calls).toContainEqual(['tw:admin:createTeam', { name: 'Loans' }]);
    await waitFor(() => expect(screen.getAllByRole('option', { name: 'Loans' }).length).toBeGreaterThan(0));
  });

  it('shows a refusal in words and leaves the account as it was', async () => {
    await mount('en', true);
    await act(async () => {
      fireEvent.click(screen.getByTestId('admin-toggle-alice'));
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('last active admin');
    expect(within(row('alice')).getByTestId('admin-state').textContent).toBe('Active');
  });

  it('speaks Indonesian', async () => {
    await mount('id');
    expect(within(row('rina')).getByTestId('admin-state').textContent).toBe('Dinonaktifkan');
    expect(screen.getByText('Buat akun')).toBeTruthy();
  });
});
