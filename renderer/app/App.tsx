import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeleworkerApi } from '../../shared/contract';
import type { Locale } from '../i18n';
import { locales } from '../i18n';
import { StatusBar } from '../status/StatusBar';
import { createStatusStore } from '../status/status-store';
import { AboutPanel } from '../system/AboutPanel';
import { DiagnosticsPanel } from '../system/DiagnosticsPanel';
import { createSystemStore } from '../system/system-store';
import { ApiContext } from './api-context';

export function App({ api, onLocaleChange }: { api: TeleworkerApi; onLocaleChange?: (locale: Locale) => void }) {
  const { t, i18n } = useTranslation();
  const [stores] = useState(() => ({ system: createSystemStore(api), status: createStatusStore(api) }));
  useEffect(() => {
    void stores.system.getState().load();
    return stores.status.getState().follow();
  }, [stores]);
  useEffect(() => {
    document.documentElement.lang = i18n.language;
    // The tray and desktop notifications speak the same language as the window.
    void api.system.setLocale({ locale: i18n.language as Locale });
  }, [api, i18n.language]);

  const changeLocale = (locale: Locale) => {
    void i18n.changeLanguage(locale);
    onLocaleChange?.(locale);
  };

  return (
    <ApiContext.Provider value={api}>
      <header className="top">
        <h1>{t('app.title')}</h1>
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
      <StatusBar store={stores.status} />
      <main>
        <AboutPanel store={stores.system} />
        <DiagnosticsPanel store={stores.system} />
      </main>
    </ApiContext.Provider>
  );
}
