import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { StatusPopover } from '../app/StatusPopover';
import { SyncIndicator } from './SyncIndicator';
import { SyncPanel } from './SyncPanel';
import type { SyncStore } from './sync-store';

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
      <SyncPanel store={store} />
    </StatusPopover>
  );
}
