// A person's day as a strip: work (the ticket by colour), breaks, pauses and idle stretches, drawn
// as SVG from the segments the main process gives. The words (role="img" with a label) say the
// same; the person's day view lists every segment for the keyboard.
import { useTranslation } from 'react-i18next';
import type { StripSegment } from '../../shared/contract/session';
import { hmm } from '../session/session-store';

const W = 160;
const H = 14;
const HUES = 6;

/** a ticket's colour slot: the same ticket keeps its colour on every strip */
export function ticketHue(id: string | null): number {
  if (id === null) return HUES;
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % HUES;
}

export function DayStrip({ segments, now, name }: { segments: StripSegment[]; now: number; name: string }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  // nothing recorded yet: the same dash as the table's other empty cells, not a blank
  if (segments.length === 0) return <span className="muted">–</span>;
  // the span shown: the working day (07:00–19:00 local) stretched to what happened
  const day = new Date(segments[0]!.start);
  day.setHours(7, 0, 0, 0);
  const from = Math.min(day.getTime(), segments[0]!.start);
  const to = Math.max(day.getTime() + 12 * 3_600_000, segments.at(-1)!.end, Math.min(now, from + 24 * 3_600_000));
  const x = (ms: number) => ((ms - from) / (to - from)) * W;
  const totals = { work: 0, break: 0, paused: 0, idle: 0 };
  for (const s of segments) totals[s.kind] += s.end - s.start;
  const words = (Object.keys(totals) as Array<keyof typeof totals>)
    .filter((k) => totals[k] > 0)
    .map((k) => t(`team.strip.${k}`, { hours: hmm(totals[k], l) }))
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
      {now > from && now < to && <line x1={x(now)} x2={x(now)} y1={0} y2={H} className="strip-now" />}
    </svg>
  );
}
