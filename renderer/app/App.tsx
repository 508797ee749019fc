import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { TeleworkerApi } from '../../shared/contract';
import { SignInScreen, createAccountStore } from '../account';
import type { Locale } from '../i18n';
import { changeLocale } from '../i18n';
import { ApiContext } from './api-context';
import { ErrorMessage } from './ErrorMessage';
import type { Section, StatusItem } from './feature';
import { useFeatureStores } from './feature-stores';
import { sections as registeredSections, statusItems as registeredStatusItems } from './features';
import { Frame } from './Frame';
import type { SectionStorage } from './last-section';
import { applyTheme, loadPreferences, savePreferences } from './preferences';
import type { Preferences } from './preferences';

export interface AppProps {
  api: TeleworkerApi;
  onLocaleChange?: (locale: Locale) => void;
  /** where the last open section is kept (localStorage in the window) */
  storage?: SectionStorage;
  /** the registered features; tests pass their own */
  sections?: readonly Section[];
  statusItems?: readonly StatusItem[];
}

/**
 * The root: who is signed in decides between the sign-in screen and the sections; everything
 * else comes from the registered features (renderer/app/features.ts).
 */
export function App({
  api,
  onLocaleChange,
  storage = null,
  sections = registeredSections,
  statusItems = registeredStatusItems,
}: AppProps) {
  const { t, i18n } = useTranslation();
  // The account is the frame's own concern: it decides what the frame shows.
  const [accountStore] = useState(() => createAccountStore(api));
  useEffect(() => accountStore.getState().follow(), [accountStore]);
  useEffect(() => {
    document.documentElement.lang = i18n.language;
    // The tray and desktop notifications speak the same language as the window.
    void api.system.setLocale({ locale: i18n.language as Locale });
  }, [api, i18n.language]);

  const account = useStore(accountStore, (s) => s.account);
  const startError = useStore(accountStore, (s) => s.error);
  const user = account?.status === 'signed-in' ? account.user : null;
  const features = useMemo(() => [...sections, ...statusItems], [sections, statusItems]);
  const stores = useFeatureStores(features, api, user);
  const userId = user?.id ?? null;
  const [preferences, setPreferencesState] = useState<{ userId: string | null; value: Preferences }>(() => ({
    userId,
    value: loadPreferences(storage, userId),
  }));
  // another person signed in (or out): their own choices, adjusted while rendering (React's pattern
  // for state that follows a prop), so no frame shows the previous person's theme
  if (preferences.userId !== userId) setPreferencesState({ userId, value: loadPreferences(storage, userId) });
  const current = preferences.userId === userId ? preferences.value : loadPreferences(storage, userId);
  useEffect(() => applyTheme(current.theme), [current.theme]);
  const setPreferences = useCallback(
    (change: Partial<Preferences>) => {
      if (userId === null) return;
      setPreferencesState((p) => {
        const value = { ...(p.userId === userId ? p.value : loadPreferences(storage, userId)), ...change };
        savePreferences(storage, userId, value);
        return { userId, value };
      });
    },
    [storage, userId],
  );

  const services = useMemo(
    () => ({
      user,
      signOut: () => accountStore.getState().signOut(),
      changeLocale: (locale: Locale) => {
        void changeLocale(i18n, locale);
        onLocaleChange?.(locale);
      },
      preferences: current,
      setPreferences,
    }),
    [user, accountStore, i18n, onLocaleChange, current, setPreferences],
  );

  if (account === null) {
    return (
      <main className="starting">
        <h1 tabIndex={-1}>{t('frame.loading')}</h1>
        {startError && <ErrorMessage error={startError} />}
      </main>
    );
  }
  return (
    <ApiContext.Provider value={api}>
      <Frame
        // a new user starts in their own last section, with fresh state
        key={user ? `${user.id}` : 'signed-out'}
        sections={sections}
        statusItems={statusItems}
        stores={stores}
        user={user}
        storage={storage}
        services={services}
        signIn={account.status === 'signed-out' ? <SignInScreen store={accountStore} account={account} /> : null}
      />
    </ApiContext.Provider>
  );
}
