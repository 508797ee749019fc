import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { StatusPopover } from '../app/StatusPopover';
import { PolicyBanner } from './PolicyBanner';
import type { SettingsStore } from './settings-store';

/**
 * In the status bar only while IT's policy has a problem or a restart will install an update, so
 * either is seen without opening Settings.
 */
export function PolicyItem({ store }: { store: SettingsStore }) {
  const { t } = useTranslation();
  const state = useStore(store, (s) => s.state);
  const installUpdate = useStore(store, (s) => s.installUpdate);
  const problems = state?.policyProblems ?? [];
  const update = state?.update;
  if (!problems.length && update?.state !== 'ready') return null;
  return (
    <span data-testid="settings-status">
      <StatusPopover
        title={t('settings.title')}
        label={
          problems.length
            ? t('settings.policyProblemsShort', { count: problems.length })
            : t('settings.update.readyShort')
        }
        tone={problems.length ? 'warn' : undefined}
      >
        <PolicyBanner problems={problems} />
        {update?.state === 'ready' && (
          <>
            <p>{t('settings.update.ready', { version: update.version })}</p>
            <button type="button" onClick={() => void installUpdate()}>
              {t('settings.update.restart')}
            </button>
          </>
        )}
      </StatusPopover>
    </span>
  );
}
