import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { TeleworkerApi } from '../../shared/contract';
import { SignInScreen } from '../account/SignInScreen';
import { createAccountStore } from '../account/account-store';
import type { Locale } from '../i18n';
import { locales } from '../i18n';
import { PresenceSelect } from '../presence/PresenceSelect';
import { StatusBar } from '../status/StatusBar';
import { createStatusStore } from '../status/status-store';
import { SyncIndicator } from '../sync/SyncIndicator';
import { SyncPanel } from '../sync/SyncPanel';
import { createSyncStore } from '../sync/sync-store';
import { AboutPanel } from '../system/AboutPanel';
import { DiagnosticsPanel } from '../system/DiagnosticsPanel';
import { createSystemStore } from '../system/system-store';
import { ApiContext } from './api-context';

export function App({ api, onLocaleChange }: { api: TeleworkerApi; onLocaleChange?: (locale: Locale) => void }) {
  const { t, i18n } = useTranslation();
  const [stores] = useState(() => ({
    system: createSystemStore(api),
    status: createStatusStore(api),
    account: createAccountStore(api),
    sync: createSyncStore(api),
  }));
  useEffect(() => {
    void stores.system.getState().load();
    const offs = [stores.status.getState().follow(), stores.account.getState().follow(), stores.sync.getState().follow()];
    return () => offs.forEach((off) => off());
  }, [stores]);
  useEffect(() => {
    document.documentElement.lang = i18n.language;
    // The tray and desktop notifications speak the same language as the window.
    void api.system.setLocale({ locale: i18n.language as Locale });
  }, [api, i18n.language]);
  const account = useStore(stores.account, (s) => s.account);

  const changeLocale = (locale: Locale) => {
    void i18n.changeLanguage(locale);
    onLocaleChange?.(locale);
  };

  return (
    <ApiContext.Provider value={api}>
      <header className="top">
        <h1>{t('app.title')}</h1>
        {account?.status === 'signed-in' && (
          <div className="row">
            <span data-testid="signed-in-as">{t('account.signedInAs', { name: account.user.displayName })}</span>
            <PresenceSelect api={api} />
            <button type="button" onClick={() => void stores.account.getState().signOut()}>
              {t('account.signOut')}
            </button>
          </div>
        )}
        <label className="language">
          {t('language.label')}
          <select value={i18n.language} onChange={(e) => changeLocale(e.target.value as Locale)}>
            {locales.map((locale) => (
              <option key={locale} value={locale}>
                {t(`language.${locale}`)}
              </option>
            ))}
          </select>
        </label>
      </header>
      <StatusBar store={stores.status}>{account?.status === 'signed-in' && <SyncIndicator store={stores.sync} />}</StatusBar>
      <main>
        {account?.status === 'signed-out' && <SignInScreen store={stores.account} account={account} />}
        {account?.status === 'signed-in' && <SyncPanel store={stores.sync} />}
        <AboutPanel store={stores.system} />
        <DiagnosticsPanel store={stores.system} />
      </main>
    </ApiContext.Provider>
  );
}
