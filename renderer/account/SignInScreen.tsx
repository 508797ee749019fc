import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { AccountState } from '../../shared/contract/account';
import { ErrorMessage } from '../app/ErrorMessage';
import type { AccountStore } from './account-store';

type SignedOut = Extract<AccountState, { status: 'signed-out' }>;

/** First run (and after sign-out): the office server address, user name and password. */
export function SignInScreen({ store, account }: { store: AccountStore; account: SignedOut }) {
  const { t } = useTranslation();
  const busy = useStore(store, (s) => s.busy);
  const error = useStore(store, (s) => s.error);
  const [server, setServer] = useState(account.server ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void store.getState().signIn({ server: account.serverLocked && account.server ? account.server : server, username, password });
  };
  return (
    <section className="panel sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">{t('account.title')}</h2>
      {account.reason && <p className="notice">{account.reason}</p>}
      <form onSubmit={submit}>
        <label>
          {t('account.server')}
          <input name="server" value={account.serverLocked ? (account.server ?? '') : server} readOnly={account.serverLocked} onChange={(e) => setServer(e.target.value)} required />
        </label>
        {account.serverLocked && <p className="muted">{t('account.serverLocked')}</p>}
        <label>
          {t('account.username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          {t('account.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? t('account.signingIn') : t('account.signIn')}
        </button>
      </form>
      {error && <ErrorMessage error={error} />}
      <p className="muted" data-testid="secret-store">
        {account.secretStore.persistent ? t('account.keptIn', { store: account.secretStore.description }) : t('account.sessionOnly')}
      </p>
      {account.demo && <p className="muted">{t('account.demoHint')}</p>}
    </section>
  );
}
