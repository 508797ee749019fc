// The sync area: what waits in the outbox, what the office refused, retry and discard.
import type { SyncStatus } from '../../../shared/contract/sync';
import { defineModule } from '../module';
import type { OfficeService } from '../office/office-service';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function syncStatus(office: OfficeService): SyncStatus {
  const s = office.syncStatus();
  return {
    pending: s.pending,
    failed: s.failed,
    lastSyncAt: iso(s.lastSyncAt),
    lastError: s.lastError,
    lastErrorCode: s.lastErrorCode,
    stream: s.stream,
  };
}

export const syncModule = defineModule({
  name: 'sync',
  area: 'sync',
  create({ office }) {
    return {
      area: 'sync',
      handlers: {
        getStatus: () => syncStatus(office),
        listItems: () =>
          office.outbox.list().map((item) => ({
            id: item.id,
            kind: item.kind,
            state: item.state,
            attempts: item.attempts,
            lastError: item.lastError,
            lastErrorCode: item.lastErrorCode,
            createdAt: new Date(item.createdAt).toISOString(),
          })),
        retry: ({ id }) => office.outbox.retry(id),
        discard: ({ id }) => office.outbox.discard(id),
      },
      attach: (emit) => office.onSyncChange(() => emit('statusChanged', syncStatus(office))),
    };
  },
});
