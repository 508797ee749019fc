import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { formatTime } from '../i18n/format';
import type { SyncStore } from './sync-store';

/** In the status bar: what is still waiting to reach the office, and when the last change did. */
export function SyncIndicator({ store }: { store: SyncStore }) {
  const { t, i18n } = useTranslation();
  const status = useStore(store, (s) => s.status);
  if (!status) return null;
  const waiting = status.pending + status.failed;
  return (
    <span className="sync" data-testid="sync-indicator" data-pending={status.pending} data-failed={status.failed}>
      {waiting === 0 ? t('sync.allSent') : t('sync.waiting', { n: status.pending })}
      {status.failed > 0 && <strong className="bad"> {t('sync.failed', { n: status.failed })}</strong>}
      {status.pending > 0 && status.lastError && <span className="muted" data-testid="sync-last-error"> · {status.lastError}</span>}
      {status.lastSyncAt && <span className="muted"> · {t('sync.lastSync', { time: formatTime(status.lastSyncAt, i18n.language) })}</span>}
      <span className="muted"> · {t(`sync.stream.${status.stream}`)}</span>
    </span>
  );
}
