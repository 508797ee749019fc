import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { PRESENCE_STATUSES } from '../../shared/domain/presence-values';
import type { MyPresence } from '../../shared/contract/presence';
import { ErrorMessage } from '../app/ErrorMessage';
import { useFrame } from '../app/frame-context';
import { inputLimits } from '../app/field-limits';
import { StatusPopover } from '../app/StatusPopover';
import { formatDateTime } from '../i18n/format';
import type { PresenceStore } from './presence-store';

const textLimits = inputLimits('presence', 'setMine', 'statusText');
const EXPIRIES = ['never', '1h', '4h', 'today'] as const;

/** When a status text chosen now should clear itself. */
export function expiryOf(choice: (typeof EXPIRIES)[number], now = new Date()): string | null {
  if (choice === 'never') return null;
  if (choice === 'today') {
    const end = new Date(now);
    end.setHours(23, 59, 59, 0);
    return end.toISOString();
  }
  return new Date(now.getTime() + (choice === '1h' ? 1 : 4) * 3_600_000).toISOString();
}

/** My short status text ("On a call until 3"), with when it clears itself. */
function StatusText({ store, mine }: { store: PresenceStore; mine: MyPresence }) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState(mine.statusText);
  const [expiry, setExpiry] = useState<(typeof EXPIRIES)[number]>('never');
  return (
    <form
      className="field status-text-form"
      onSubmit={(e) => {
        e.preventDefault();
        void store.getState().setStatusText(text.trim(), text.trim() ? expiryOf(expiry) : null);
      }}
    >
      <label htmlFor="my-status-text">{t('presence.statusText')}</label>
      <input
        id="my-status-text"
        value={text}
        maxLength={textLimits.maxLength}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('presence.statusTextHint')}
      />
      <label htmlFor="my-status-expiry">{t('presence.clearAfter')}</label>
      <select
        id="my-status-expiry"
        value={expiry}
        onChange={(e) => setExpiry(e.target.value as (typeof EXPIRIES)[number])}
      >
        {EXPIRIES.map((x) => (
          <option key={x} value={x}>
            {t(`presence.expiry.${x}`)}
          </option>
        ))}
      </select>
      {mine.statusExpiresAt && (
        <span className="muted">
          {t('presence.clearsAt', { time: formatDateTime(mine.statusExpiresAt, i18n.language) })}
        </span>
      )}
      <button type="submit">{t('presence.saveText')}</button>
    </form>
  );
}

const toneOf: Record<MyPresence['status'], string> = {
  available: 'good',
  busy: 'bad',
  'do-not-disturb': 'bad',
  away: 'warn',
  offline: 'unknown',
};

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
            {mine && mine.location !== 'unknown' && (
              <span className="secondary"> · {t(`presence.location.${mine.location}`)}</span>
            )}
            {mine?.auto && <span className="muted"> ({t('presence.auto')})</span>}
            {mine?.pending && <span className="muted"> ({t('sync.pending')})</span>}
            <span aria-hidden="true"> ▾</span>
          </span>
        </>
      }
    >
      <p data-testid="signed-in-as">
        {t('account.signedInAsRole', { name: user.displayName, role: t(`account.role.${user.role}`) })}
      </p>
      {mine && (
        <div className="field">
          <label htmlFor="my-status">{t('presence.label')}</label>
          <select
            id="my-status"
            value={mine.status}
            onChange={(e) => void store.getState().setStatus(e.target.value as MyPresence['status'])}
            data-pending={mine.pending}
          >
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
      {mine && <StatusText store={store} mine={mine} />}
      {error && <ErrorMessage error={error} />}
      <button type="button" onClick={() => void signOut()}>
        {t('account.signOut')}
      </button>
    </StatusPopover>
  );
}
