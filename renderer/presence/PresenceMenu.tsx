import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { PRESENCE_STATUSES } from '../../shared/domain/presence-values';
import type { MyPresence } from '../../shared/contract/presence';
import { ErrorMessage } from '../app/ErrorMessage';
import { useFrame } from '../app/frame-context';
import { StatusPopover } from '../app/StatusPopover';
import type { PresenceStore } from './presence-store';

const toneOf: Record<MyPresence['status'], string> = { available: 'good', busy: 'bad', 'do-not-disturb': 'bad', away: 'warn', offline: 'unknown' };

/** "Me" in the status bar: my status and where I work today; the menu changes it and signs out. */
export function PresenceMenu({ store }: { store: PresenceStore }) {
  const { t } = useTranslation();
  const { user, signOut } = useFrame();
  const mine = useStore(store, (s) => s.mine);
  const error = useStore(store, (s) => s.error);
  if (!user) return null;
  const status = mine?.status;
  return (
    <StatusPopover
      align="end"
      title={t('account.menu')}
      tone={status ? toneOf[status] : 'unknown'}
      testId="me"
      label={
        <>
          <span className="dot" aria-hidden="true" />
          <span>
            <span className="visually-hidden">{t('presence.label')}: </span>
            {status ? t(`presence.status.${status}`) : user.displayName}
            {mine && mine.location !== 'unknown' && <span className="secondary"> · {t(`presence.location.${mine.location}`)}</span>}
            {mine?.pending && <span className="muted"> ({t('sync.pending')})</span>}
            <span aria-hidden="true"> ▾</span>
          </span>
        </>
      }
    >
      <p data-testid="signed-in-as">{t('account.signedInAsRole', { name: user.displayName, role: t(`account.role.${user.role}`) })}</p>
      {mine && (
        <div className="field">
          <label htmlFor="my-status">{t('presence.label')}</label>
          <select id="my-status" value={mine.status} onChange={(e) => void store.getState().setStatus(e.target.value as MyPresence['status'])} data-pending={mine.pending}>
            {PRESENCE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`presence.status.${s}`)}
              </option>
            ))}
          </select>
          {mine.pending && (
            <span className="muted" data-testid="presence-pending">
              {t('sync.pending')}
            </span>
          )}
        </div>
      )}
      {error && <ErrorMessage error={error} />}
      <button type="button" onClick={() => void signOut()}>
        {t('account.signOut')}
      </button>
    </StatusPopover>
  );
}
