import { memo, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketRow } from '../../shared/contract/tickets';
import { computeSla, slaClock } from '../../shared/domain/sla';
import { offClock, type SlaCalendar } from '../../shared/domain/sla-calendar';
import { calendarFor } from './calendars';
import { onTick } from './sla-ticker';
import { offClockText, slaText } from './sla-text';

/**
 * A live SLA countdown. It renders once per row change; the shared ticker then writes the text and
 * the bucket (the colour, via data-bucket) straight into the element, and only when they change.
 */
export const SlaClock = memo(function SlaClock({
  row,
  className = 'sla',
  calendar = calendarFor(row),
}: {
  row: TicketRow;
  className?: string;
  /** the row's own (from the inbox's calendars) unless given */
  calendar?: SlaCalendar | null;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(
    () =>
      onTick((now) => {
        const el = ref.current;
        if (!el) return;
        const clock = slaClock(row, now, undefined, calendar);
        const text = slaText(t, clock);
        if (el.textContent !== text) el.textContent = text;
        if (el.dataset.bucket !== clock.bucket) {
          el.dataset.bucket = clock.bucket;
          el.title = t(`inbox.bucket.${clock.bucket}`);
        }
      }),
    [row, t, calendar],
  );
  return <span ref={ref} className={className} data-testid="sla-clock" />;
});

/**
 * The detail's two clocks: response and resolution, each with a bar of the share used, and on a
 * team calendar why the clock stands still (outside business hours, a holiday) and when it resumes.
 */
export const SlaCard = memo(function SlaCard({
  row,
  which,
  calendar = calendarFor(row),
}: {
  row: TicketRow;
  which: 'response' | 'resolution';
  /** the row's own (from the inbox's calendars) unless given */
  calendar?: SlaCalendar | null;
}) {
  const { t, i18n } = useTranslation();
  const text = useRef<HTMLSpanElement>(null);
  const bar = useRef<HTMLSpanElement>(null);
  const reason = useRef<HTMLSpanElement>(null);
  useEffect(
    () =>
      onTick((now) => {
        // the resolution clock alone: as if responded (response lateness is the other card's)
        const clock = slaClock(
          which === 'response' ? row : { ...row, respondedAt: row.respondedAt ?? row.createdAt },
          now,
          undefined,
          calendar,
        );
        const responded = which === 'response' && row.respondedAt !== null;
        const late = responded && computeSla(row, now, undefined, calendar).responseBreached;
        if (reason.current) {
          const running = !responded && clock.bucket !== 'met' && clock.bucket !== 'paused';
          const off = running && calendar ? offClock(calendar, row.priority, now) : null;
          const words = off && calendar ? offClockText(t, i18n.language, calendar.timeZone, off) : '';
          if (reason.current.textContent !== words) reason.current.textContent = words;
          reason.current.hidden = !words;
        }
        const label = responded ? t(late ? 'inbox.sla.respondedLate' : 'inbox.sla.responded') : slaText(t, clock);
        if (text.current) {
          if (text.current.textContent !== label) text.current.textContent = label;
          text.current.dataset.bucket = responded ? (late ? 'breached' : 'met') : clock.bucket;
        }
        if (bar.current)
          bar.current.style.width = `${Math.min(100, Math.round((responded ? 1 : clock.usedFraction) * 100))}%`;
      }),
    [row, which, t, i18n.language, calendar],
  );
  return (
    <div className="sla-card">
      <span className="sla-card-title">{t(which === 'response' ? 'inbox.sla.response' : 'inbox.sla.resolution')}</span>
      <span ref={text} className="sla-card-value" data-testid={`sla-${which}`} />
      <span className="sla-bar" aria-hidden="true">
        <span ref={bar} />
      </span>
      <span ref={reason} className="sla-card-reason" data-testid={`sla-${which}-reason`} hidden />
    </div>
  );
});
