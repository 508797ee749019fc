import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { TicketRow } from '../../shared/contract/tickets';
import { canEscalate, canTransition } from '../../shared/domain/tickets';
import { ErrorMessage } from '../app/ErrorMessage';
import { ListDetail } from '../app/ListDetail';
import { useKeyBindings } from '../app/use-key-bindings';
import { Ago } from './Ago';
import { SEARCH_ID } from './InboxHeader';
import { escalatedAway, waitingInQueue, type InboxState } from './inbox-store';
import { SlaClock } from './SlaClock';
import { COMMENT_ID, RetryOrDiscard, TicketDetailView } from './TicketDetail';
import type { DetailForm } from './TicketDetail';
import './inbox.css';

export const INBOX_KEYS = [
  { id: 'next', keys: 'j' },
  { id: 'prev', keys: 'k' },
  { id: 'open', keys: 'Enter' },
  { id: 'ack', keys: 'a' },
  { id: 'start', keys: 's' },
  { id: 'comment', keys: 'c' },
  { id: 'escalate', keys: 'e' },
  { id: 'resolve', keys: 'r' },
  { id: 'search', keys: '/' },
] as const;

const ROW_HEIGHT = 64;

/** A ticket's priority badge and title, in the list and among the tickets waiting to be created. */
function TicketTitle({ priority, title }: { priority: string; title: string }) {
  return (
    <span className="ticket-title">
      <span className="prio" data-priority={priority}>
        {priority}
      </span>{' '}
      <bdi>{title}</bdi>
    </span>
  );
}

const Row = memo(function Row({
  row,
  selected,
  name,
  onSelect,
}: {
  row: TicketRow;
  selected: boolean;
  name: string | null;
  onSelect(id: string): void;
}) {
  const { t } = useTranslation();
  return (
    <div
      role="option"
      id={`ticket-${row.id}`}
      aria-selected={selected}
      tabIndex={selected ? 0 : -1}
      className="ticket-row"
      data-testid="ticket-row"
      data-ticket={row.id}
      onClick={() => onSelect(row.id)}
    >
      <div className="ticket-row-main">
        <TicketTitle priority={row.priority} title={row.title} />
        <span className="ticket-meta">
          {row.id} · {row.escalationLevel} · {t(`inbox.status.${row.status}`)}
          {name ? (
            <>
              {' · '}
              <bdi>{name}</bdi>
            </>
          ) : (
            ''
          )}
          {row.pending > 0 && <span className="pending"> · {t('inbox.pending', { count: row.pending })}</span>}
          {row.failed && (
            <span className="failed">
              {' '}
              · {t(row.failed.code === 'conflict' ? 'inbox.conflictShort' : 'inbox.failedShort')}
            </span>
          )}
        </span>
      </div>
      <SlaClock row={row} />
    </div>
  );
});

function TicketList({ store, onOpen }: { store: StoreApi<InboxState>; onOpen(id: string): void }) {
  const { t } = useTranslation();
  const visible = useStore(store, (s) => s.visible);
  const rows = useStore(store, (s) => s.rows);
  const selectedId = useStore(store, (s) => s.selectedId);
  const people = useStore(store, (s) => s.people);
  const me = useStore(store, (s) => s.me);
  const names = useMemo(() => new Map(people.map((p) => [p.id, p.name])), [people]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser's functions are used during render only
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // measured heights belong to a ticket, not to a position: a reordered list keeps them right
    getItemKey: (index) => visible[index] ?? index,
    overscan: 4,
  });
  const selectedIndex = selectedId ? visible.indexOf(selectedId) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);
  const select = useCallback((id: string) => onOpen(id), [onOpen]);

  return (
    <div
      ref={scrollRef}
      className="ticket-list"
      role="listbox"
      aria-label={t('inbox.listLabel')}
      aria-activedescendant={selectedId && selectedIndex >= 0 ? `ticket-${selectedId}` : undefined}
      tabIndex={selectedIndex >= 0 ? -1 : 0}
      data-testid="ticket-list"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows.get(visible[item.index]!);
          if (!row) return null;
          return (
            <div
              key={row.id}
              className="ticket-slot"
              style={{ transform: `translateY(${item.start}px)` }}
              data-index={item.index}
              ref={virtualizer.measureElement}
            >
              <Row
                row={row}
                selected={row.id === selectedId}
                name={
                  row.assigneeId === null
                    ? t('inbox.unassigned')
                    : row.assigneeId === me
                      ? null
                      : (names.get(row.assigneeId) ?? null)
                }
                onSelect={select}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}

function ListState({ store }: { store: StoreApi<InboxState> }) {
  const { t } = useTranslation();
  const status = useStore(store, (s) => s.status);
  const error = useStore(store, (s) => s.error);
  const count = useStore(store, (s) => s.visible.length);
  const total = useStore(store, (s) => s.rows.size);
  const query = useStore(store, (s) => s.query);
  const syncedAt = useStore(store, (s) => s.syncedAt);
  if (status === 'loading')
    return (
      <div className="skeleton-list" aria-busy="true" aria-label={t('inbox.loading')}>
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="skeleton-row" />
        ))}
      </div>
    );
  if (status === 'failed')
    return (
      <div className="inbox-note" role="alert">
        <p>{t('inbox.loadFailed')}</p>
        {error && <ErrorMessage error={error} />}
        <button type="button" onClick={() => void store.getState().load()}>
          {t('inbox.retry')}
        </button>
      </div>
    );
  if (count === 0)
    return (
      <div className="inbox-note" data-testid="inbox-empty">
        <h2>
          {t(
            total === 0
              ? syncedAt === null
                ? 'inbox.neverSynced'
                : 'inbox.emptyNone'
              : query
                ? 'inbox.noMatch'
                : 'inbox.emptyFiltered',
          )}
        </h2>
        <p className="muted">
          {t(
            total === 0
              ? syncedAt === null
                ? 'inbox.neverSyncedBody'
                : 'inbox.emptyNoneBody'
              : 'inbox.emptyFilteredBody',
          )}
        </p>
      </div>
    );
  return null;
}

/** Tickets I created offline: no number yet, each waiting for the office, or refused with its reason. */
function Creating({ store }: { store: StoreApi<InboxState> }) {
  const { t } = useTranslation();
  const creating = useStore(store, (s) => s.creating);
  if (creating.length === 0) return null;
  return (
    <section className="inbox-creating" aria-label={t('inbox.creating.label')} data-testid="inbox-creating">
      <h2 className="inbox-creating-title">{t('inbox.creating.title', { count: creating.length })}</h2>
      <ul>
        {creating.map((c) => (
          <li
            key={c.itemId}
            className={`change ${c.state}`}
            data-testid={`creating-${c.state}`}
            role={c.state === 'failed' ? 'alert' : undefined}
          >
            <TicketTitle priority={c.priority} title={c.title} />
            {c.state === 'pending' ? (
              <p className="muted">{t('inbox.creating.pending')}</p>
            ) : (
              <>
                <p>{t('inbox.creating.failed')}</p>
                <RetryOrDiscard
                  message={c.message}
                  onRetry={() => void store.getState().retryCreate(c.itemId)}
                  onDiscard={() => void store.getState().discardCreate(c.itemId)}
                  discardLabel={t('inbox.creating.discard')}
                />
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** How old the list is: what was last known, with its age (offline it stays readable). */
function Synced({ store }: { store: StoreApi<InboxState> }) {
  const { t } = useTranslation();
  const syncedAt = useStore(store, (s) => s.syncedAt);
  if (syncedAt === null) return null;
  return (
    <p className="inbox-synced" data-testid="inbox-synced">
      <Ago at={syncedAt} render={(age) => t('inbox.synced', { age })} />
    </p>
  );
}

/** The inbox: the list (virtualised, sorted by SLA due) and the selected ticket's detail. */
export function InboxView({ store }: { store: StoreApi<InboxState> }) {
  const { t } = useTranslation();
  const showing = useStore(store, (s) => s.showing);
  const status = useStore(store, (s) => s.status);
  const count = useStore(store, (s) => s.visible.length);
  const [form, setForm] = useState<DetailForm>(null);
  const detailHeading = useRef<HTMLHeadingElement>(null);

  const open = useCallback(
    (id: string) => {
      store.getState().select(id);
      setForm(null);
    },
    [store],
  );

  useKeyBindings(INBOX_KEYS, (id) => {
    const s = store.getState();
    const selected = s.selectedId ? s.rows.get(s.selectedId) : undefined;
    // a ticket I escalated away, or one still waiting in the queue, takes no status change from here
    const row = selected && !escalatedAway(selected, s.me) && !waitingInQueue(selected, s.me) ? selected : undefined;
    switch (id) {
      case 'next':
        s.move(1);
        setForm(null);
        break;
      case 'prev':
        s.move(-1);
        setForm(null);
        break;
      case 'open':
        if (s.selectedId) {
          s.open(s.selectedId);
          detailHeading.current?.focus();
        }
        break;
      case 'ack':
        if (row && canTransition(row.status, 'acknowledged')) void s.act({ type: 'status', to: 'acknowledged' });
        break;
      case 'start':
        if (row && row.status !== 'resolved' && canTransition(row.status, 'in-progress'))
          void s.act({ type: 'status', to: 'in-progress' });
        break;
      // in a narrow window the list shows alone: keys that work in the ticket open it first
      case 'comment':
        if (!row) break;
        s.open(row.id);
        requestAnimationFrame(() => document.getElementById(COMMENT_ID)?.focus());
        break;
      case 'escalate':
        if (row && canEscalate(row.status, row.escalationLevel, row.escalationLevel === 'L1' ? 'L2' : 'L3')) {
          s.open(row.id);
          setForm('escalate');
        }
        break;
      case 'resolve':
        if (row && canTransition(row.status, 'resolved')) {
          s.open(row.id);
          setForm('resolve');
        }
        break;
      case 'search':
        document.getElementById(SEARCH_ID)?.focus();
        break;
    }
  });

  return (
    <div className="inbox" data-testid="inbox">
      <ListDetail
        showing={showing}
        onBack={() => store.getState().back()}
        listLabel={t('inbox.listRegion')}
        list={
          <>
            <Creating store={store} />
            <ListState store={store} />
            {status === 'ready' && count > 0 && (
              <TicketList
                store={store}
                onOpen={(id) => {
                  open(id);
                  store.getState().open(id);
                }}
              />
            )}
            <Synced store={store} />
          </>
        }
        detail={<TicketDetailView store={store} form={form} setForm={setForm} headingRef={detailHeading} />}
      />
    </div>
  );
}
