import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { connectApi } from './api/connect';
import { App } from './app/App';
import { BridgeProblem } from './app/BridgeProblem';
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
  document.documentElement.lang = i18n.language;
  const root = createRoot(document.getElementById('root')!);
  const problem = (kind: 'refused' | 'missing') =>
    root.render(
      <I18nextProvider i18n={i18n}>
        <BridgeProblem kind={kind} />
      </I18nextProvider>,
    );
  const api = connectApi(window, { onRefused: () => problem('refused') });
  if (!api) {
    problem('missing');
    return;
  }
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App api={api} storage={storage} onLocaleChange={(locale) => rememberLocale(storage, locale)} />
      </I18nextProvider>
    </StrictMode>,
  );
}

void boot();
