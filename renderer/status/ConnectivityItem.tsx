import { Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { ErrorMessage } from '../app/ErrorMessage';
import { StatusPopover } from '../app/StatusPopover';
import { useNow } from '../app/use-now';
import { formatDuration } from '../i18n/format';
import type { StatusStore } from './status-store';
import { toneOf } from './status-store';

// the evidence behind the state, read when the details are opened: not loaded with the sign-in screen
const StatusDetails = lazy(() => import('./StatusDetails').then((m) => ({ default: m.StatusDetails })));

/**
 * The first thing in the status bar: can I reach the office? A coloured dot always beside the
 * words; the reason, the evidence and "Check now" one click away.
 */
export function ConnectivityItem({ store }: { store: StatusStore }) {
  const { t, i18n } = useTranslation();
  const status = useStore(store, (s) => s.status);
  const error = useStore(store, (s) => s.error);
  const checking = useStore(store, (s) => s.checking);
  const now = useNow();
  const tone = toneOf(status?.status);
  const words = status ? t(`status.${status.status}`) : t('status.checking');
  const latency = status?.latencyMs != null ? t('status.latency', { ms: Math.round(status.latencyMs) }) : null;
  return (
    <StatusPopover
      tone={tone}
      title={t('status.detailsTitle')}
      label={
        <>
          <span className="dot" aria-hidden="true" />
          <span>
            <span className="visually-hidden">{t('status.label')}: </span>
            <span data-testid="connectivity-status" data-status={status?.status ?? 'unknown'}>
              {words}
            </span>
            {latency && <span className="secondary"> · {latency}</span>}
          </span>
        </>
      }
    >
      <h2>{t('status.detailsTitle')}</h2>
      <p>
        <strong>{words}</strong>
        {status && (
          <span className="muted">
            {' '}
            · {t('status.since', { duration: formatDuration(now - Date.parse(status.since), i18n.language) })}
          </span>
        )}
        {latency && <span className="muted"> · {latency}</span>}
      </p>
      {/* aria-disabled keeps the focus on the button while it checks; a disabled one would drop it. */}
      <button type="button" aria-disabled={checking} onClick={() => !checking && void store.getState().checkNow()}>
        {checking ? t('status.checking') : t('status.checkNow')}
      </button>
      {error && <ErrorMessage error={error} />}
      <Suspense fallback={null}>
        <StatusDetails status={status} />
      </Suspense>
    </StatusPopover>
  );
}
