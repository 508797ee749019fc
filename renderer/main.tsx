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
  // The bridge before the words: window.teleworker is there from the page's first task (tests and
  // the browser host's own checks use it) while the one language's catalogue is fetched.
  let problem: ((kind: 'refused' | 'missing') => void) | null = null;
  let refusedEarly = false;
  const api = connectApi(window, {
    onRefused: () => (problem ? problem('refused') : (refusedEarly = true)),
  });
  const i18n = await setupI18n(initialLocale(storage, navigator.languages));
  document.documentElement.lang = i18n.language;
  const root = createRoot(document.getElementById('root')!);
  problem = (kind) =>
    root.render(
      <I18nextProvider i18n={i18n}>
        <BridgeProblem kind={kind} />
      </I18nextProvider>,
    );
  if (refusedEarly || !api) {
    problem(api ? 'refused' : 'missing');
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
