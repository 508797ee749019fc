import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { SyncIcon } from '../app/icons';
import type { SyncStore } from './sync-store';

/** In the status bar: how many of my changes still wait to reach the office, and how many it refused. */
export function SyncIndicator({ store }: { store: SyncStore }) {
  const { t } = useTranslation();
  const status = useStore(store, (s) => s.status);
  if (!status) return null;
  const waiting = status.pending + status.failed;
  return (
    <span
      className="sync"
      data-testid="sync-indicator"
      data-pending={status.pending}
      data-failed={status.failed}
      data-tone={status.failed ? 'bad' : status.pending ? 'warn' : undefined}
    >
      <SyncIcon />
      {waiting === 0 ? t('sync.allSent') : status.pending > 0 && t('sync.waiting', { n: status.pending })}
      {status.failed > 0 && <strong className="bad"> {t('sync.failed', { n: status.failed })}</strong>}
    </span>
  );
}
