import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { ErrorMessage } from '../app/ErrorMessage';
import type { SystemStore } from './system-store';

export function AboutPanel({ store }: { store: SystemStore }) {
  const { t } = useTranslation();
  const info = useStore(store, (s) => s.info);
  const error = useStore(store, (s) => s.infoError);
  return (
    <section className="panel" aria-labelledby="about-title">
      <h2 id="about-title">{t('about.title')}</h2>
      {error && <ErrorMessage error={error} />}
      {info && (
        <dl>
          <dt>{t('app.title')}</dt>
          <dd data-testid="app-version">{t('about.version', { version: info.version })}</dd>
          <dt>{t('about.platform')}</dt>
          <dd>
            {info.platform} / {info.arch}
          </dd>
          <dt>{t('about.host')}</dt>
          <dd>{info.host === 'electron' ? t('about.hostElectron') : t('about.hostBrowser')}</dd>
        </dl>
      )}
    </section>
  );
}
