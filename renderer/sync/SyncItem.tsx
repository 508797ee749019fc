import { Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { StatusPopover } from '../app/StatusPopover';
import { SyncIndicator } from './SyncIndicator';
import type { SyncStore } from './sync-store';

// the list of what waits, read when the panel is opened: not loaded with the sign-in screen
const SyncPanel = lazy(() => import('./SyncPanel').then((m) => ({ default: m.SyncPanel })));

export function SyncItem({ store }: { store: SyncStore }) {
  const { t } = useTranslation();
  const status = useStore(store, (s) => s.status);
  if (!status) return null;
  return (
    <StatusPopover
      title={t('sync.title')}
      label={<SyncIndicator store={store} />}
      tone={status.failed ? 'bad' : status.pending ? 'warn' : undefined}
    >
      <Suspense fallback={null}>
        <SyncPanel store={store} />
      </Suspense>
    </StatusPopover>
  );
}
