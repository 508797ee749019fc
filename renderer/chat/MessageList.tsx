// One conversation's messages, virtualised (@tanstack/react-virtual): only the rows near the
// viewport exist in the DOM, each measured after it renders (messages differ in height), anchored
// at the bottom (a new message follows when I am at the end; older pages inserted above keep what I
// am reading in place), with a "new messages" divider after my read marker.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatLine } from '../../shared/contract/chat';
import type { Person } from '../../shared/contract/presence';
import { ErrorMessage } from '../app/ErrorMessage';
import { formatDateTime, formatTime } from '../i18n/format';
import { RichText } from '../ui/RichText';

interface RowProps {
  line: ChatLine;
  sender: string;
  /** same sender as the line before, within 5 minutes: no repeated header */
  continued: boolean;
  divider: boolean;
  locale: string;
  onTicket(id: string): void;
  onRetry(outboxId: string): void;
  onDiscard(outboxId: string): void;
}

const Row = memo(function Row({ line, sender, continued, divider, locale, onTicket, onRetry, onDiscard }: RowProps) {
  const { t } = useTranslation();
  return (
    <>
      {divider && (
        <div className="new-divider" role="separator" data-testid="new-messages">
          <span>{t('chat.newMessages')}</span>
        </div>
      )}
      <article
        className="message"
        data-state={line.state}
        data-testid="message"
        aria-label={t('chat.messageFrom', { name: sender })}
      >
        {!continued && (
          <header>
            <strong>
              <bdi>{sender}</bdi>
            </strong>{' '}
            <time dateTime={line.createdAt} title={formatDateTime(line.createdAt, locale)} className="muted">
              {formatTime(line.createdAt, locale)}
            </time>
          </header>
        )}
        <RichText text={line.body} onTicket={onTicket} className="message-body" />
        {line.state === 'pending' && (
          <p className="message-state muted" data-testid="message-pending">
            {t('chat.pending')}
          </p>
        )}
        {line.state === 'failed' && line.outboxId && (
          <div className="message-state failed" data-testid="message-failed">
            <span>
              {t('chat.failed')} {line.error?.message ? `— ${line.error.message}` : ''}
            </span>
            <button type="button" onClick={() => onRetry(line.outboxId!)}>
              {t('chat.retry')}
            </button>
            <button type="button" onClick={() => onDiscard(line.outboxId!)}>
              {t('chat.discard')}
            </button>
          </div>
        )}
      </article>
    </>
  );
});

export function MessageList({
  channelId,
  lines,
  people,
  dividerAfter,
  me,
  hasOlder,
  loadingOlder,
  error,
  onOlder,
  onTicket,
  onRetry,
  onDiscard,
}: {
  channelId: string;
  lines: readonly ChatLine[];
  people: Record<string, Person>;
  dividerAfter: string | null;
  me: string | null;
  hasOlder: boolean;
  loadingOlder: boolean;
  error: Parameters<typeof ErrorMessage>[0]['error'] | null;
  onOlder(): void;
  onTicket(id: string): void;
  onRetry(outboxId: string): void;
  onDiscard(outboxId: string): void;
}) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  // The virtualiser's functions change with every scroll: this component is not memoised by the compiler, on purpose.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 56,
    overscan: 6,
    getItemKey: (index) => lines[index]!.key,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: 48,
  });

  // Opening a conversation shows its end: rows are measured as they render, so the end is held for
  // a few frames until the heights are known; only then does scrolling up ask for older pages.
  const opened = useRef<string | null>(null);
  const settled = useRef(false);
  useLayoutEffect(() => {
    if (lines.length === 0 || opened.current === channelId) return;
    opened.current = channelId;
    settled.current = false;
    let frames = 0;
    let handle = 0;
    const hold = () => {
      virtualizer.scrollToEnd();
      if (++frames < 8) handle = requestAnimationFrame(hold);
      else settled.current = true;
    };
    hold();
    return () => cancelAnimationFrame(handle);
  }, [channelId, lines.length, virtualizer]);

  // Mine just sent: show it even when I had scrolled up.
  const lastKey = lines[lines.length - 1]?.key;
  const lastMine = lines[lines.length - 1]?.senderId === me && lines[lines.length - 1]?.state !== 'sent';
  useEffect(() => {
    if (lastMine) virtualizer.scrollToEnd();
  }, [lastKey, lastMine, virtualizer]);

  // Within two screens of the top: the next older page (the store has usually fetched it already;
  // the virtualiser keeps the row I am reading in place), so a steady scroll never reaches the top.
  const onScroll = () => {
    const el = scroller.current;
    if (el && settled.current && el.scrollTop < Math.max(600, 2 * el.clientHeight) && hasOlder && !loadingOlder)
      onOlder();
  };

  const items = virtualizer.getVirtualItems();
  const firstUnread =
    dividerAfter === null
      ? -1
      : lines.findIndex((l) => l.key > dividerAfter && l.senderId !== me && l.state === 'sent');
  const name = (id: string) => (id === me ? t('chat.you') : (people[id]?.displayName ?? t('chat.someone')));

  return (
    <div
      className="messages"
      ref={scroller}
      onScroll={onScroll}
      role="log"
      aria-label={t('chat.messages')}
      aria-busy={loadingOlder}
      tabIndex={0}
      data-testid="messages"
    >
      {(loadingOlder || error) && (
        <div className="messages-top">
          {loadingOlder && <p className="muted">{t('chat.loadingOlder')}</p>}
          {error && <ErrorMessage error={error} />}
        </div>
      )}
      {!hasOlder && lines.length > 0 && <p className="messages-start muted">{t('chat.start')}</p>}
      <div className="messages-inner" style={{ height: virtualizer.getTotalSize() }}>
        <div className="messages-window" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
          {items.map((item) => {
            const line = lines[item.index]!;
            const before = lines[item.index - 1];
            const continued =
              !!before &&
              before.senderId === line.senderId &&
              Date.parse(line.createdAt) - Date.parse(before.createdAt) < 5 * 60_000 &&
              item.index !== firstUnread;
            return (
              <div key={item.key} data-index={item.index} ref={virtualizer.measureElement}>
                <Row
                  line={line}
                  sender={name(line.senderId)}
                  continued={continued}
                  divider={item.index === firstUnread}
                  locale={i18n.language}
                  onTicket={onTicket}
                  onRetry={onRetry}
                  onDiscard={onDiscard}
                />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
