import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { connectApi } from './api/connect';
import { App } from './app/App';
import { initialLocale, rememberLocale, setupI18n } from './i18n';
import './styles.css';

async function boot() {
  const storage = (() => {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  })();
  const i18n = await setupI18n(initialLocale(storage, navigator.languages));
  const root = createRoot(document.getElementById('root')!);
  const api = connectApi();
  if (!api) {
    root.render(<p className="error" role="alert">{i18n.t('app.noBridge')}</p>);
    return;
  }
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App api={api} onLocaleChange={(locale) => rememberLocale(storage, locale)} />
      </I18nextProvider>
    </StrictMode>,
  );
}

void boot();
