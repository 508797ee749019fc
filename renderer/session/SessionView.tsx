import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { SessionGap, SessionSegment, SummaryDraft } from '../../shared/contract/session';
import { BREAK_KINDS } from '../../shared/domain/work-session';
import { ErrorMessage } from '../app/ErrorMessage';
import { useNow } from '../app/use-now';
import { formatDuration } from '../i18n/format';
import type { SessionStore } from './session-store';
import { hmm, liveWorked } from './session-store';
import { liveWords, officeLostRanges } from './live-state';

const clock = (ms: number, locale: string) =>
  new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(ms));

function GapPrompt({ gap, store }: { gap: SessionGap; store: SessionStore }) {
  const { t, i18n } = useTranslation();
  const busy = useStore(store, (s) => s.busy);
  const l = i18n.language;
  const answer = (as: 'work' | 'break' | 'discard') => {
    if (!busy) void store.getState().answerGap(gap.from, gap.to, as);
  };
  return (
    <div
      className="gap-prompt"
      role="group"
      aria-labelledby={`gap-${gap.from}`}
      data-testid="gap-prompt"
      data-reason={gap.reason}
    >
      <h2 id={`gap-${gap.from}`}>{t('session.gap.title')}</h2>
      <p>
        {t(`session.gap.${gap.reason}`, {
          from: clock(gap.from, l),
          to: clock(gap.to, l),
          duration: formatDuration(gap.to - gap.from, l),
        })}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => answer('work')} aria-disabled={busy || undefined}>
          {t('session.gap.work')}
        </button>
        <button type="button" onClick={() => answer('break')} aria-disabled={busy || undefined}>
          {t('session.gap.break')}
        </button>
        <button type="button" onClick={() => answer('discard')} aria-disabled={busy || undefined}>
          {t('session.gap.discard')}
        </button>
      </div>
    </div>
  );
}

function Controls({ store }: { store: SessionStore }) {
  const { t } = useTranslation();
  const view = useStore(store, (s) => s.view)!;
  const busy = useStore(store, (s) => s.busy);
  const [ticket, setTicket] = useState(view.ticketId ?? '');
  const suggestions = useStore(store, (st) => st.suggestions);
  const s = store.getState();
  const guard = (fn: () => Promise<void>) => () => {
    if (!busy) void fn();
  };
  const ticketOrNull = ticket.trim() === '' ? null : ticket.trim();
  return (
    <section className="session-controls" aria-labelledby="session-controls-title">
      <h2 id="session-controls-title">{t('session.actions.title')}</h2>
      <div className="field">
        <label htmlFor="session-ticket">{t('session.actions.ticket')}</label>
        <input
          id="session-ticket"
          value={ticket}
          maxLength={64}
          placeholder={t('session.actions.noTicket')}
          onChange={(e) => setTicket(e.target.value)}
          onFocus={() => void s.loadSuggestions()}
          onKeyDown={(e) => {
            // Enter starts the timer on the typed ticket, or confirms the switch to it
            if (e.key !== 'Enter' || e.nativeEvent.isComposing || busy) return;
            e.preventDefault();
            if (view.mode === 'stopped') void s.start(ticketOrNull);
            else if (ticketOrNull !== view.ticketId) void s.switchTicket(ticketOrNull);
          }}
          list="session-ticket-suggestions"
          autoComplete="off"
          data-testid="session-ticket"
        />
        <datalist id="session-ticket-suggestions" aria-label={t('session.actions.suggestions')}>
          {suggestions.map((x) => (
            <option key={x.id} value={x.id}>
              {x.title}
            </option>
          ))}
        </datalist>
      </div>
      <div className="actions">
        {view.mode === 'stopped' ? (
          <button
            type="button"
            className="primary"
            onClick={guard(() => s.start(ticketOrNull))}
            aria-disabled={busy || undefined}
            data-testid="session-start"
          >
            {t('session.actions.start')}
          </button>
        ) : (
          <>
            {view.mode === 'working' ? (
              <button
                type="button"
                className="primary"
                onClick={guard(s.pause)}
                aria-disabled={busy || undefined}
                data-testid="session-pause"
              >
                {t('session.actions.pause')}
              </button>
            ) : (
              <button
                type="button"
                className="primary"
                onClick={guard(s.resume)}
                aria-disabled={busy || undefined}
                data-testid="session-resume"
              >
                {t('session.actions.resume')}
              </button>
            )}
            {ticketOrNull !== view.ticketId && (
              <button
                type="button"
                onClick={guard(() => s.switchTicket(ticketOrNull))}
                aria-disabled={busy || undefined}
                data-testid="session-switch"
              >
                {t('session.actions.switch')}
              </button>
            )}
            {BREAK_KINDS.map((kind) => (
              <button
                key={kind}
                type="button"
                onClick={guard(() => s.takeBreak(kind))}
                aria-disabled={busy || view.mode === 'break' || undefined}
                data-testid={`session-break-${kind}`}
              >
                {t(`session.actions.${kind}`)}
              </button>
            ))}
            <button type="button" onClick={guard(s.stop)} aria-disabled={busy || undefined} data-testid="session-stop">
              {t('session.actions.stop')}
            </button>
          </>
        )}
      </div>
    </section>
  );
}

function segmentLabel(t: (k: string) => string, s: SessionSegment): string {
  if (s.kind === 'break') return t(`session.segment.${s.breakKind ?? 'other'}`);
  return t(`session.segment.${s.kind}`);
}

export function Timeline({ segments, locale }: { segments: SessionSegment[]; locale: string }) {
  const { t } = useTranslation();
  return (
    <ol className="timeline" data-testid="timeline">
      {segments.map((s) => (
        <li key={`${s.start}-${s.kind}`} data-kind={s.kind}>
          <span className="timeline-range">
            {t('session.segment.range', {
              from: clock(s.start, locale),
              to: s.open ? t('session.segment.running') : clock(s.end, locale),
            })}
          </span>
          <span className="timeline-kind">{segmentLabel(t, s)}</span>
          {s.kind === 'work' && <span className="secondary">{s.ticketId ?? t('session.today.noTicket')}</span>}
          <span className="timeline-duration">{hmm(s.end - s.start, locale)}</span>
        </li>
      ))}
    </ol>
  );
}

/** How many days back a summary can be written or corrected from this screen (today included). */
export const SUMMARY_DAYS = 7;

/** `date` and the days before it, newest first (calendar days, as YYYY-MM-DD). */
export function daysBack(date: string, count: number): string[] {
  const start = Date.parse(`${date}T00:00:00.000Z`);
  return Array.from({ length: count }, (_, i) => new Date(start - i * 86_400_000).toISOString().slice(0, 10));
}

function SummaryEditor({
  store,
  summary,
  today,
  live,
}: {
  store: SessionStore;
  summary: SummaryDraft;
  today: string;
  /** today's figures as the section above shows them (the draft is computed when it arrives) */
  live: { workedMs: number; breakMs: number } | null;
}) {
  const { t, i18n } = useTranslation();
  const dayName = (d: string) =>
    d === today
      ? t('session.summary.today')
      : new Intl.DateTimeFormat(i18n.language, {
          weekday: 'long',
          day: 'numeric',
          month: 'long',
          timeZone: 'UTC',
        }).format(Date.parse(`${d}T00:00:00.000Z`));
  const error = useStore(store, (s) => s.summaryError);
  const busy = useStore(store, (s) => s.busy);
  const [notes, setNotes] = useState(summary.notes);
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [saved, setSaved] = useState(false);
  const chosen = summary.tickets.filter((r) => !excluded.has(r.id));
  const stateText =
    summary.status === 'delivered'
      ? t('session.summary.state.delivered', { version: summary.sentVersions || 1 })
      : t(`session.summary.state.${summary.status}`);
  return (
    <section
      className="summary-editor"
      aria-labelledby="summary-title"
      data-testid="summary-editor"
      data-status={summary.status}
    >
      <h2 id="summary-title">{t('session.summary.title')}</h2>
      <p className="muted">{t('session.summary.intro')}</p>
      <label className="summary-day">
        {t('session.summary.day')}
        <select
          value={summary.date}
          onChange={(e) => void store.getState().loadSummary(e.target.value)}
          data-testid="summary-day"
        >
          {daysBack(today, SUMMARY_DAYS).map((d) => (
            <option key={d} value={d}>
              {dayName(d)}
            </option>
          ))}
        </select>
      </label>
      <p
        className="summary-state"
        role="status"
        data-testid="summary-state"
        data-tone={
          summary.status === 'failed'
            ? 'bad'
            : summary.status === 'queued'
              ? 'warn'
              : summary.status === 'delivered'
                ? 'good'
                : undefined
        }
      >
        {stateText}
        {summary.status === 'failed' && summary.reason && <span>: {summary.reason}</span>}
      </p>
      {summary.status === 'failed' && <p className="muted">{t('session.summary.retryHint')}</p>}
      <AckLine summary={summary} />
      <p data-testid="summary-hours">
        {t('session.summary.hours', {
          worked: hmm(live?.workedMs ?? summary.workedMinutes * 60_000, i18n.language),
          breaks: hmm(live?.breakMs ?? summary.breakMinutes * 60_000, i18n.language),
        })}
      </p>
      {summary.status === 'delivered' && summary.sent && changedSince(summary, live) && (
        <p className="notice" data-testid="summary-changed">
          {t('session.summary.changedSince', {
            worked: hmm(summary.sent.workedMinutes * 60_000, i18n.language),
            breaks: hmm(summary.sent.breakMinutes * 60_000, i18n.language),
          })}
        </p>
      )}
      <fieldset>
        <legend>{t('session.summary.tickets')}</legend>
        {summary.tickets.length === 0 && <p className="muted">{t('session.summary.none')}</p>}
        <ul className="summary-tickets">
          {summary.tickets.map((r) => (
            <li key={r.id}>
              <label>
                <input
                  type="checkbox"
                  checked={!excluded.has(r.id)}
                  onChange={(e) => {
                    const next = new Set(excluded);
                    if (e.target.checked) next.delete(r.id);
                    else next.add(r.id);
                    setExcluded(next);
                  }}
                />{' '}
                <strong>{r.id}</strong> <bdi>{r.title}</bdi>
              </label>{' '}
              <span className="secondary">
                {t(`session.summary.outcome.${r.outcome}`)} · {hmm(r.workedMs, i18n.language)}
                {r.slaBreached && ` · ${t('session.summary.breached')}`}
              </span>
            </li>
          ))}
        </ul>
      </fieldset>
      <div className="field">
        <label htmlFor="summary-notes">{t('session.summary.notes')}</label>
        <textarea
          id="summary-notes"
          rows={5}
          maxLength={20_000}
          value={notes}
          onChange={(e) => (setNotes(e.target.value), setSaved(false))}
          data-testid="summary-notes"
        />
      </div>
      {error && <ErrorMessage error={error} />}
      <div className="actions">
        <button
          type="button"
          className="primary"
          aria-disabled={busy || undefined}
          data-testid="summary-send"
          onClick={() => {
            if (!busy) void store.getState().sendSummary(notes, chosen);
          }}
        >
          {summary.status === 'draft' ? t('session.summary.send') : t('session.summary.sendCorrection')}
        </button>
        <button type="button" onClick={() => void store.getState().saveNotes(notes).then(setSaved)}>
          {t('session.summary.saveNotes')}
        </button>
        {saved && <span role="status">{t('session.summary.saved')}</span>}
      </div>
    </section>
  );
}

/** the day is no longer what was delivered: a correction would send the new figures */
/** the manager's acknowledgement of the newest version sent, or a request to correct it */
function AckLine({ summary }: { summary: SummaryDraft }) {
  const { t, i18n } = useTranslation();
  const a = summary.acknowledgement;
  if (!a)
    return summary.sentVersions > 0 ? (
      <p className="muted" data-testid="summary-ack">
        {t('session.ack.waiting')}
      </p>
    ) : null;
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' }).format(new Date(a.at));
  return (
    <div
      className={a.correctionRequested ? 'notice' : undefined}
      data-testid="summary-ack"
      data-correction={a.correctionRequested || undefined}
    >
      <p>{t(a.correctionRequested ? 'session.ack.asked' : 'session.ack.by', { name: a.byName, time })}</p>
      {a.reply && (
        <p>
          {t('session.ack.replyLabel')} <bdi className="notes">{a.reply}</bdi>
        </p>
      )}
    </div>
  );
}

function changedSince(summary: SummaryDraft, live: { workedMs: number; breakMs: number } | null): boolean {
  const sent = summary.sent;
  if (!sent) return false;
  if (sent.changed) return true;
  if (!live) return false;
  const minutes = (ms: number) => Math.min(24 * 60, Math.floor(ms / 60_000));
  return minutes(live.workedMs) !== sent.workedMinutes || minutes(live.breakMs) !== sent.breakMinutes;
}

export function SessionView({ store }: { store: SessionStore }) {
  const { t, i18n } = useTranslation();
  const view = useStore(store, (s) => s.view);
  const receivedAt = useStore(store, (s) => s.receivedAt);
  const error = useStore(store, (s) => s.error);
  const summary = useStore(store, (s) => s.summary);
  const now = useNow(view?.mode === 'working' ? 1_000 : 30_000);
  useEffect(() => {
    // p pauses or resumes while this section is open (not while typing)
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (
        e.key !== 'p' ||
        e.ctrlKey ||
        e.metaKey ||
        e.altKey ||
        (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)))
      )
        return;
      void store.getState().toggle();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store]);
  if (!view) {
    return error ? (
      <ErrorMessage error={error} />
    ) : (
      <p className="skeleton" aria-busy="true">
        {t('session.today.loading')}
      </p>
    );
  }
  const l = i18n.language;
  const worked = liveWorked(view, receivedAt, now);
  const segments = view.segments.map((s) => (s.open ? { ...s, end: s.end + Math.max(0, now - receivedAt) } : s));
  return (
    <div className="session-view" data-testid="session-view">
      {view.stillWorking && (
        <div className="notice" role="alert" data-testid="still-working">
          <p>
            {t('session.forgotten.question', {
              time: new Intl.DateTimeFormat(l, { hour: '2-digit', minute: '2-digit' }).format(
                new Date(view.stillWorking.stopAt),
              ),
            })}
          </p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => void store.getState().stillWorking()}
              data-testid="still-working-yes"
            >
              {t('session.forgotten.yes')}
            </button>
            <button type="button" onClick={() => void store.getState().stop()} data-testid="still-working-stop">
              {t('session.forgotten.stop')}
            </button>
          </div>
        </div>
      )}
      {view.gaps.map((g) => (
        <GapPrompt key={`${g.from}-${g.to}`} gap={g} store={store} />
      ))}
      {error && <ErrorMessage error={error} />}
      <Controls key={view.ticketId ?? ''} store={store} />
      <section aria-labelledby="today-title">
        <h2 id="today-title">{t('session.today.title')}</h2>
        <dl className="totals">
          <div>
            <dt>{t('session.today.worked')}</dt>
            <dd data-testid="today-worked">{hmm(worked, l)}</dd>
          </div>
          <div>
            <dt>{t('session.today.breaks')}</dt>
            <dd data-testid="today-breaks">{hmm(view.breakMs, l)}</dd>
          </div>
          <div>
            <dt>{t('session.today.paused')}</dt>
            <dd>{hmm(view.pausedMs, l)}</dd>
          </div>
        </dl>
        <p className="secondary" data-testid="session-shared">
          {view.shared
            ? t('session.shared.line', {
                state: liveWords(t, 'session.shared', view.shared, l),
                hours: hmm(view.shared.mode === 'working' ? worked : view.shared.workedMs, l),
              }) +
              // the stretches without the office go with it, so they are said too
              (view.shared.officeLost?.length
                ? `; ${t('session.shared.officeLost', { ranges: officeLostRanges(view.shared.officeLost, l) })}`
                : '')
            : t('session.shared.notStarted')}
        </p>
        <h3>{t('session.today.timeline')}</h3>
        {segments.length === 0 ? (
          <p className="muted">{t('session.today.empty')}</p>
        ) : (
          <Timeline segments={segments} locale={l} />
        )}
      </section>
      {summary ? (
        <SummaryEditor
          key={summary.date}
          store={store}
          summary={summary}
          today={view.date}
          live={summary.date === view.date ? { workedMs: worked, breakMs: view.breakMs } : null}
        />
      ) : (
        <p className="skeleton">{t('session.summary.loading')}</p>
      )}
    </div>
  );
}
