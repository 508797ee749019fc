import { useTranslation } from 'react-i18next';

/**
 * A section whose feature has not been built yet says so plainly: what will be here, and that it
 * is not available now. No sample data that could be mistaken for real work.
 */
export function EmptyState({ titleKey, bodyKey, nowKey }: { titleKey: string; bodyKey: string; nowKey: string }) {
  const { t } = useTranslation();
  return (
    <div className="empty-state" data-testid="empty-state">
      <p className="badge-pill">{t('frame.notYet')}</p>
      <h2>{t(titleKey)}</h2>
      <p>{t(bodyKey)}</p>
      <p className="muted">{t(nowKey)}</p>
    </div>
  );
}
