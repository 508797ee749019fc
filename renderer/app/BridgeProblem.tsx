import { useTranslation } from 'react-i18next';

/**
 * The browser host's page opened with a secret it does not accept (outdated or mistyped), or with
 * none at all: say so and where the current address is, rather than "Checking…" forever.
 */
export function BridgeProblem({ kind }: { kind: 'refused' | 'missing' }) {
  const { t } = useTranslation();
  return (
    <main className="bridge-problem" data-testid="bridge-problem" data-kind={kind}>
      <div className="panel" role="alert">
        <h1>{kind === 'refused' ? t('bridge.refusedTitle') : t('bridge.missingTitle')}</h1>
        <p>{kind === 'refused' ? t('bridge.refusedBody') : t('bridge.missingBody')}</p>
        <p>{t('bridge.where')}</p>
      </div>
    </main>
  );
}
