import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useFrame } from '../app/frame-context';
import { StatusPopover } from '../app/StatusPopover';
import { useNow } from '../app/use-now';
import type { SessionStore } from './session-store';
import { hmm, liveWorked } from './session-store';

/** The work timer in the status bar: always there, today's worked time, the ticket, one click to pause. */
export function TimerItem({ store }: { store: SessionStore }) {
  const { t, i18n } = useTranslation();
  const { go } = useFrame();
  const view = useStore(store, (s) => s.view);
  const receivedAt = useStore(store, (s) => s.receivedAt);
  const busy = useStore(store, (s) => s.busy);
  const now = useNow(view?.mode === 'working' ? 1_000 : 30_000);
  if (!view) return null;
  const mode = view.mode;
  const worked = liveWorked(view, receivedAt, now);
  // in its first minute the running timer shows seconds, so it never looks frozen at 0:00
  const time =
    mode === 'working' && worked < 60_000
      ? `${hmm(worked, i18n.language)}:${new Intl.NumberFormat(i18n.language, { minimumIntegerDigits: 2 }).format(Math.floor(worked / 1000))}`
      : hmm(worked, i18n.language);
  const word =
    mode === 'working'
      ? t('session.timer.working')
      : mode === 'paused'
        ? t('session.timer.paused')
        : mode === 'break'
          ? t('session.timer.onBreak')
          : t('session.timer.stopped');
  const toggleLabel =
    mode === 'working'
      ? t('session.timer.pause')
      : mode === 'stopped'
        ? t('session.timer.start')
        : t('session.timer.resume');
  return (
    <div className="timer-item" data-testid="work-timer" data-mode={mode}>
      <StatusPopover
        title={t('session.timer.label')}
        tone={mode === 'working' ? 'good' : mode === 'stopped' ? undefined : 'warn'}
        testId="work-timer-button"
        label={
          <>
            <span className="dot" aria-hidden="true" />
            <span className="timer-time" data-testid="work-timer-time">
              {time}
            </span>{' '}
            <span>{word}</span>
            {view.ticketId && mode !== 'stopped' && (
              <span className="secondary"> {t('session.timer.on', { ticket: view.ticketId })}</span>
            )}
          </>
        }
      >
        <div className="details">
          <p>
            <strong>{word}</strong> · {time}
            {view.ticketId && ` · ${t('session.timer.on', { ticket: view.ticketId })}`}
          </p>
          <button type="button" className="quiet" onClick={() => go('session')}>
            {t('session.title')}
          </button>
        </div>
      </StatusPopover>
      <button
        type="button"
        className="timer-toggle"
        aria-label={toggleLabel}
        title={toggleLabel}
        aria-disabled={busy || undefined}
        data-testid="work-timer-toggle"
        onClick={() => {
          if (!busy) void store.getState().toggle();
        }}
      >
        <span aria-hidden="true">{mode === 'working' ? '❚❚' : '▶'}</span>
      </button>
    </div>
  );
}
