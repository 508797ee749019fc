import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { ErrorMessage } from '../app/ErrorMessage';
import { formatTime } from '../i18n/format';
import type { SyncStore } from './sync-store';

/** The reason in the user's language; the office's own words only for a code this version does not know. */
export function whyText(t: TFunction, code: string | null, message: string): string {
  // the catalogue has a sentence for every code in OUTBOX_ERROR_CODES (the i18n test checks it)
  return code ? t(`sync.why.${code}`, { defaultValue: message }) : message;
}

/** Every change not yet confirmed by the office: pending ones wait, failed ones need a decision. */
export function SyncPanel({ store }: { store: SyncStore }) {
  const { t, i18n } = useTranslation();
  const items = useStore(store, (s) => s.items);
  const status = useStore(store, (s) => s.status);
  const error = useStore(store, (s) => s.error);
  return (
    <section className="sync-panel" aria-labelledby="sync-title">
      <h2 id="sync-title">{t('sync.title')}</h2>
      {status && (
        <p className="muted">
          {t(`sync.stream.${status.stream}`)}
          {status.lastSyncAt && <> · {t('sync.lastSync', { time: formatTime(status.lastSyncAt, i18n.language) })}</>}
        </p>
      )}
      {status && status.pending > 0 && status.lastError && (
        <p className="notice" data-testid="sync-last-error">
          {whyText(t, status.lastErrorCode, status.lastError)}
        </p>
      )}
      {error && <ErrorMessage error={error} />}
      {items.length === 0 ? (
        <p className="muted">{t('sync.nothingWaiting')}</p>
      ) : (
        <ul className="sync-items">
          {items.map((item) => (
            <li key={item.id} data-testid="sync-item" data-state={item.state}>
              <span>{t(`sync.kind.${item.kind}`, { defaultValue: item.kind })}</span>
              <span className="muted"> · {formatTime(item.createdAt, i18n.language)}</span>
              {item.state === 'pending' ? (
                <span className="muted"> · {t('sync.pending')}</span>
              ) : (
                <>
                  <span className="bad" title={item.lastError ?? undefined}>
                    {' '}
                    · {t('sync.refused', { message: whyText(t, item.lastErrorCode, item.lastError ?? '') })}
                  </span>
                  <span className="actions">
                    <button type="button" onClick={() => void store.getState().retry(item.id)}>
                      {t('sync.retry')}
                    </button>
                    <button type="button" onClick={() => void store.getState().discard(item.id)}>
                      {t('sync.discard')}
                    </button>
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
