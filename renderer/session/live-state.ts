// The timer's state as the manager sees it, in words: the Team section's "Now" column and the
// worker's own "Your manager sees: …" line read the same figures.
import type { WorkMode } from '../../shared/office-api';
import { workedMsAt } from '../../shared/office-api/work-state';
import { hmm } from './session-store';

export interface LiveState {
  mode: WorkMode;
  ticketId: string | null;
  since: string | null;
  workedMs: number;
  at: string;
}

type T = (key: string, params?: Record<string, unknown>) => string;

const clock = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** "Working on INC-1006 since 09:12" under `prefix` (team.live or session.shared); null state: not started */
export function liveWords(t: T, prefix: 'team.live' | 'session.shared', state: LiveState, locale: string): string {
  const time = state.since ? clock(state.since, locale) : '';
  if (state.mode === 'working' && state.ticketId === null) return t(`${prefix}.workingNoTicket`, { time });
  return t(`${prefix}.${state.mode}`, { ticket: state.ticketId ?? '', time });
}

/** "10:12–10:40, 13:05–13:10": the day's stretches without the office */
export function officeLostRanges(lost: ReadonlyArray<{ start: string; end: string }>, locale: string): string {
  return lost.map((x) => `${clock(x.start, locale)}–${clock(x.end, locale)}`).join(', ');
}

/** the day's worked time at `now`: counting on while working */
export function liveHours(state: LiveState, now: number, locale: string): string {
  return hmm(workedMsAt(state, now), locale);
}
