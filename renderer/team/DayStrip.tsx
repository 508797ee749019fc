// A person's day as a strip: work (the ticket by colour), breaks, pauses and idle stretches, and
// the stretches their app could not reach the office (a red band under the strip), drawn as SVG
// from what the main process gives. The words (role="img" with a label) say the same; the person's
// day view lists every segment and every office loss as a table for the keyboard.
import { useTranslation } from 'react-i18next';
import type { StripSegment } from '../../shared/contract/session';
import { hmm } from '../session/session-store';

const W = 160;
const H = 14;
const HUES = 6;
/** the office-loss band's height, drawn over the bottom of the strip */
const LOST_H = 4;

/** a ticket's colour slot: the same ticket keeps its colour on every strip */
export function ticketHue(id: string | null): number {
  if (id === null) return HUES;
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % HUES;
}

export type OfficeLost = { start: number; end: number };

const clock = (ms: number, locale: string) =>
  new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(ms));

/** "10:12–10:40" for each stretch without the office */
export const lostRanges = (lost: readonly OfficeLost[], locale: string) =>
  lost.map((x) => `${clock(x.start, locale)}–${clock(x.end, locale)}`).join(', ');

export function DayStrip({
  segments,
  now,
  name,
  officeLost = [],
}: {
  segments: StripSegment[];
  now: number;
  name: string;
  officeLost?: readonly OfficeLost[];
}) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  // nothing recorded yet: the same dash as the table's other empty cells, not a blank
  if (segments.length === 0 && officeLost.length === 0) return <span className="muted">–</span>;
  const first = Math.min(...segments.map((s) => s.start), ...officeLost.map((x) => x.start));
  const last = Math.max(...segments.map((s) => s.end), ...officeLost.map((x) => x.end));
  // the span shown: the working day (07:00–19:00 local) stretched to what happened
  const day = new Date(first);
  day.setHours(7, 0, 0, 0);
  const from = Math.min(day.getTime(), first);
  const to = Math.max(day.getTime() + 12 * 3_600_000, last, Math.min(now, from + 24 * 3_600_000));
  const x = (ms: number) => ((ms - from) / (to - from)) * W;
  const totals = { work: 0, break: 0, paused: 0, idle: 0 };
  for (const s of segments) totals[s.kind] += s.end - s.start;
  const words = (Object.keys(totals) as Array<keyof typeof totals>)
    .filter((k) => totals[k] > 0)
    .map((k) => t(`team.strip.${k}`, { hours: hmm(totals[k], l) }))
    .concat(officeLost.length ? [t('team.strip.officeLost', { ranges: lostRanges(officeLost, l) })] : [])
    .join(', ');
  return (
    <svg
      className="day-strip"
      role="img"
      aria-label={t('team.strip.label', { name, parts: words })}
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      focusable="false"
      data-testid="team-strip"
    >
      <rect x={0} y={0} width={W} height={H} className="strip-bg" />
      {segments.map((s) => (
        <rect
          key={`${s.start}-${s.kind}`}
          x={x(s.start)}
          y={s.kind === 'work' ? 0 : 3}
          width={Math.max(1, x(s.end) - x(s.start))}
          height={s.kind === 'work' ? H : H - 6}
          className={s.kind === 'work' ? `strip-work hue-${ticketHue(s.ticketId)}` : `strip-${s.kind}`}
          data-kind={s.kind}
        />
      ))}
      {officeLost.map((lost) => (
        <rect
          key={`lost-${lost.start}`}
          x={x(lost.start)}
          y={H - LOST_H}
          width={Math.max(1.5, x(lost.end) - x(lost.start))}
          height={LOST_H}
          className="strip-office-lost"
          data-kind="office-lost"
        />
      ))}
      {now > from && now < to && <line x1={x(now)} x2={x(now)} y1={0} y2={H} className="strip-now" />}
    </svg>
  );
}
