import { useTranslation } from 'react-i18next';
import type { SettingsState } from '../../shared/contract/settings';

/** IT's policy had keys the app could not use: said plainly, with each key at fault, for IT. */
export function PolicyBanner({ problems }: { problems: SettingsState['policyProblems'] }) {
  const { t } = useTranslation();
  if (!problems.length) return null;
  return (
    <div className="notice" role="alert" data-testid="policy-problems">
      <p>{t('settings.policyProblems')}</p>
      <ul>
        {problems.map((p) => (
          <li key={`${p.location} ${p.key ?? ''}`}>
            <code>{p.location}</code>: {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
