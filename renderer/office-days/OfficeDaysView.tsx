import { useCallback, useDeferredValue, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { OFFICE_WEEKDAYS, addDays, isoWeekday, weekStart } from '../../shared/domain/office-days';
import { managesTeam } from '../../shared/domain/roles';
import { formatDateTime } from '../i18n/format';
import { ErrorMessage } from '../app/ErrorMessage';
import { useFrame } from '../app/frame-context';
import type { PlanDesk } from '../../shared/office-api';
import { useMediaQuery } from '../ui/use-media-query';
import { CheckOutDialog } from './CheckOutDialog';
import { DeskList, FloorPlan } from './FloorPlan';
import './office-days.css';
import { WEEKS_SHOWN, checkOutAsk, type BookMode, type OfficeDaysStore } from './office-days-store';
import { WaitlistPanel } from './WaitlistPanel';

function dayName(locale: string, day: string, style: 'short' | 'long' = 'short'): string {
  return new Intl.DateTimeFormat(locale, { weekday: style, day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    Date.parse(`${day}T00:00:00Z`),
  );
}

/** office-days.css hides the plan below this width: the list is what is in view */
const NARROW = '(max-width: 760px)';
const NO_DESKS: readonly PlanDesk[] = [];

/** My coming weeks: each workday office (with the desk) or home, team days marked. */
function Weeks({ store, me }: { store: OfficeDaysStore; me: string }) {
  const { t, i18n } = useTranslation();
  const weeks = useStore(store, (s) => s.weeks);
  const selected = useStore(store, (s) => s.day);
  const pending = useStore(store, (s) => s.live?.pending);
  if (!weeks) return null;
  const days = Array.from({ length: 7 * WEEKS_SHOWN }, (_, i) => addDays(weekStart(weeks.from), i)).filter((d) =>
    OFFICE_WEEKDAYS.includes(isoWeekday(d)),
  );
  return (
    <ol className="od-weeks" aria-label={t('officeDays.weeksLabel')} data-testid="od-weeks">
      {days.map((day) => {
        const booking = weeks.bookings.find((b) => b.day === day);
        const waiting = booking ? undefined : pending?.find((p) => p.day <= day && day <= p.to);
        const colleagues = weeks.people.filter((p) => p.userId !== me && p.days.includes(day)).length;
        const teamDay = weeks.teamDays.includes(day);
        return (
          <li key={day} data-day={day} data-where={booking ? 'office' : waiting ? 'pending' : 'home'}>
            <button type="button" aria-pressed={day === selected} onClick={() => void store.getState().selectDay(day)}>
              <span className="od-day-name">{dayName(i18n.language, day)}</span>
              {waiting ? (
                <span className="od-pending">{t('officeDays.queue.pendingDay', { desk: waiting.deskLabel })}</span>
              ) : (
                <span className={booking ? 'od-office' : 'od-home'}>
                  {booking ? t('officeDays.officeAt', { desk: booking.deskLabel }) : t('officeDays.home')}
                </span>
              )}
              {teamDay && <span className="od-team-day">{t('officeDays.teamDay')}</span>}
              {colleagues > 0 && (
                <span className="secondary">{t('officeDays.colleaguesIn', { count: colleagues })}</span>
              )}
            </button>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * `takeFocus`: a desk was just chosen, so the form takes the focus and a keyboard user books next
 * instead of tabbing past every other desk to reach it; `onFocused` says it did. A new day or the
 * arrow keys moving over the plan leave the focus where it is.
 */
function BookForm({
  store,
  deskId,
  label,
  takeFocus,
  onFocused,
  onDone,
}: {
  store: OfficeDaysStore;
  deskId: string;
  label: string;
  takeFocus: boolean;
  onFocused(): void;
  /** the office answered (booked or refused) */
  onDone(): void;
}) {
  const { t, i18n } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!takeFocus) return;
    form.current?.scrollIntoView?.({ block: 'nearest' });
    form.current?.querySelector<HTMLInputElement>('input:checked')?.focus();
    onFocused();
  }, [takeFocus, onFocused]);
  const day = useStore(store, (s) => s.day) ?? '';
  const busy = useStore(store, (s) => s.busy);
  const [kind, setKind] = useState<BookMode['kind']>('day');
  const [until, setUntil] = useState(addDays(day, 4));
  const [weekdays, setWeekdays] = useState<number[]>([isoWeekday(day)]);
  const mode: BookMode =
    kind === 'day'
      ? { kind }
      : kind === 'range'
        ? { kind, until }
        : { kind, until, weekdays: weekdays.length ? weekdays : [isoWeekday(day)] };
  return (
    <form
      ref={form}
      className="od-book"
      data-testid="od-book"
      onSubmit={(e) => {
        e.preventDefault();
        void store.getState().book(deskId, mode).then(onDone);
      }}
    >
      <fieldset>
        <legend>{t('officeDays.bookDesk', { desk: label })}</legend>
        {(['day', 'range', 'weekdays'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="od-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />{' '}
            {t(`officeDays.mode.${k}`)}
          </label>
        ))}
        {kind !== 'day' && (
          <label>
            {t('officeDays.until')}{' '}
            <input
              type="date"
              value={until}
              min={day}
              onChange={(e) => setUntil(e.target.value)}
              data-testid="od-until"
            />
          </label>
        )}
        {kind === 'weekdays' && (
          <div role="group" aria-label={t('officeDays.weekdays')}>
            {OFFICE_WEEKDAYS.map((w) => (
              <label key={w}>
                <input
                  type="checkbox"
                  checked={weekdays.includes(w)}
                  onChange={(e) => setWeekdays(e.target.checked ? [...weekdays, w] : weekdays.filter((x) => x !== w))}
                />{' '}
                {new Intl.DateTimeFormat(i18n.language, { weekday: 'short', timeZone: 'UTC' }).format(
                  Date.UTC(2024, 0, w),
                )}
              </label>
            ))}
          </div>
        )}
        <button type="submit" className="primary" aria-disabled={busy || undefined} data-testid="od-book-submit">
          {t('officeDays.book')}
        </button>
      </fieldset>
    </form>
  );
}

function Notice({ store }: { store: OfficeDaysStore }) {
  const { t, i18n } = useTranslation();
  const notice = useStore(store, (s) => s.notice);
  const deskId = useStore(store, (s) => s.deskId);
  // the waiting list's notices are WaitlistPanel's
  if (!notice || notice.kind === 'waiting' || notice.kind === 'wait-refused' || notice.kind === 'offered') return null;
  if (notice.kind === 'refused') {
    const { refusal } = notice;
    const next = refusal.nextFreeDesk;
    return (
      <div className="error od-outcome" role="alert" tabIndex={-1} data-testid="od-refused" data-code={refusal.code}>
        <p>{t(`officeDays.refused.${refusal.code}`, { days: refusal.days.join(', ') })}</p>
        {next && (
          <button
            type="button"
            onClick={() => {
              store.getState().selectDesk(next.id);
              if (deskId !== next.id) void store.getState().book(next.id, { kind: 'day' });
            }}
          >
            {t('officeDays.bookInstead', { desk: next.label })}
          </button>
        )}
      </div>
    );
  }
  // the days a booking or a cancellation took, in words (an answer naming none says so without them)
  const daysText = (
    days: readonly string[],
    words: { none(): string; one(day: string): string; many(first: string, last: string): string },
  ) =>
    days.length === 0
      ? words.none()
      : days.length === 1
        ? words.one(dayName(i18n.language, days[0]!))
        : words.many(dayName(i18n.language, days[0]!), dayName(i18n.language, days[days.length - 1]!));
  const text =
    notice.kind === 'booked'
      ? daysText(notice.days, {
          none: () => t('officeDays.bookedDesk', { desk: notice.desk }),
          one: (day) => t('officeDays.booked', { desk: notice.desk, day }),
          many: (first, last) =>
            t('officeDays.bookedDays', { desk: notice.desk, count: notice.days.length, first, last }),
        })
      : notice.kind === 'cancelled'
        ? daysText(notice.days, {
            none: () => t('officeDays.cancelledAny'),
            one: (day) => t('officeDays.cancelled', { day }),
            many: () => t('officeDays.cancelledDays', { count: notice.days.length }),
          })
        : notice.kind === 'queued'
          ? t('officeDays.queue.queued')
          : notice.kind === 'released'
            ? t('officeDays.ask.released', { desk: notice.desk })
            : notice.kind === 'checked-out'
              ? notice.queued
                ? t('officeDays.checkOut.queued')
                : t('officeDays.checkOut.done', { desk: notice.desk })
              : t('officeDays.teamDayProposed');
  return (
    <p className="od-notice od-outcome" role="status" tabIndex={-1} data-testid="od-notice" data-kind={notice.kind}>
      {text}
    </p>
  );
}

/** "You booked desk 3-14 today. Release it?": the app asks once, seeing me on the VPN before the check-in hour. */
function ReleaseQuestion({ store }: { store: OfficeDaysStore }) {
  const { t } = useTranslation();
  const prompt = useStore(store, (s) => s.live?.prompt);
  const busy = useStore(store, (s) => s.busy);
  if (prompt?.kind !== 'release') return null;
  return (
    <section className="od-question" aria-labelledby="od-question-text" data-testid="od-release-question">
      <p id="od-question-text" role="alert">
        {t('officeDays.ask.release', { desk: prompt.deskLabel })}
      </p>
      <div className="od-question-actions">
        <button
          type="button"
          aria-disabled={busy || undefined}
          onClick={() => void store.getState().answerRelease(true)}
          data-testid="od-release-yes"
        >
          {t('officeDays.ask.releaseYes')}
        </button>
        <button
          type="button"
          className="primary"
          aria-disabled={busy || undefined}
          onClick={() => void store.getState().answerRelease(false)}
          data-testid="od-release-no"
        >
          {t('officeDays.ask.releaseNo')}
        </button>
      </div>
    </section>
  );
}

/** Bookings made with the office out of reach: pending until they arrive; a refusal with the office's words and a free desk. */
function Queued({ store }: { store: OfficeDaysStore }) {
  const { t, i18n } = useTranslation();
  const live = useStore(store, (s) => s.live);
  if (!live || (live.pending.length === 0 && live.refused.length === 0)) return null;
  const days = (from: string, to: string) =>
    from === to ? dayName(i18n.language, from) : `${dayName(i18n.language, from)} – ${dayName(i18n.language, to)}`;
  return (
    <section className="od-queue" aria-labelledby="od-queue-h" data-testid="od-queue">
      <h2 id="od-queue-h">{t('officeDays.queue.pendingTitle')}</h2>
      {live.pending.length > 0 && (
        <ul>
          {live.pending.map((p) => (
            <li key={p.outboxId} className="od-pending" data-testid="od-pending">
              {t('officeDays.queue.pending', { desk: p.deskLabel, days: days(p.day, p.to) })}
            </li>
          ))}
        </ul>
      )}
      {live.refused.map((r) => (
        <div key={r.outboxId} className="error" role="alert" data-testid="od-refused-queued" data-code={r.code ?? ''}>
          <p>{t('officeDays.queue.refused', { desk: r.deskLabel, days: days(r.day, r.to), reason: r.reason })}</p>
          <div className="od-question-actions">
            {r.suggestion && (
              <button type="button" onClick={() => void store.getState().bookSuggestion(r)}>
                {t('officeDays.bookInstead', { desk: r.suggestion.label })}
              </button>
            )}
            <button type="button" onClick={() => void store.getState().dismissRefused(r.outboxId)}>
              {t('officeDays.queue.dismiss')}
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}

function CheckOut({ store }: { store: OfficeDaysStore }) {
  const checkingOut = useStore(store, (s) => s.checkingOut);
  const live = useStore(store, (s) => s.live);
  const busy = useStore(store, (s) => s.busy);
  const ask = checkOutAsk({ checkingOut, live });
  if (!ask) return null;
  return (
    <CheckOutDialog
      key={ask.bookingId}
      ask={ask}
      busy={busy}
      onConfirm={() => void store.getState().confirmCheckOut(ask.bookingId)}
      onClose={() => void store.getState().closeCheckOut()}
    />
  );
}

export function OfficeDaysView({ store }: { store: OfficeDaysStore }) {
  const { t, i18n } = useTranslation();
  const { user } = useFrame();
  const me = user?.id ?? '';
  const weeks = useStore(store, (s) => s.weeks);
  // a desk was just chosen with the booking form to follow: the form takes the focus
  const [formFocus, setFormFocus] = useState(false);
  const formFocused = useCallback(() => setFormFocus(false), []);
  // a booking or a cancellation removes the control that had the focus: the outcome takes it, where
  // the next Tab goes on with the day (the frame would otherwise send it back to the heading)
  const root = useRef<HTMLDivElement>(null);
  const showOutcome = useCallback(() => {
    requestAnimationFrame(() => root.current?.querySelector<HTMLElement>('.od-outcome')?.focus());
  }, []);
  const plan = useStore(store, (s) => s.plan);
  const day = useStore(store, (s) => s.day);
  const floorId = useStore(store, (s) => s.floorId);
  const deskId = useStore(store, (s) => s.deskId);
  const error = useStore(store, (s) => s.error);
  const busy = useStore(store, (s) => s.busy);
  const checkedInId = useStore(store, (s) => s.live?.checkedIn ?? null);
  // A floor of 500 desks is drawn twice, as a plan and as a list. The one in view comes first and can
  // be used at once; the other (the list beside the plan, or the plan a narrow window hides) follows in
  // the background, a frame later, instead of doubling the wait for both.
  const narrow = useMediaQuery(NARROW);
  const desks = plan?.desks ?? NO_DESKS;
  const laterDesks = useDeferredValue(desks, NO_DESKS);
  if (!weeks) return error ? <ErrorMessage error={error} /> : <p className="secondary">{t('officeDays.loading')}</p>;
  const mine = day ? weeks.bookings.find((b) => b.day === day) : undefined;
  const inToday = day ? weeks.people.filter((p) => p.userId !== me && p.days.includes(day)) : [];
  const desk = plan?.desks.find((d) => d.id === deskId);
  const select = (id: string) => store.getState().selectDesk(id);
  const pick = (id: string) => {
    select(id);
    setFormFocus(plan?.desks.find((d) => d.id === id)?.state === 'free' && !mine);
  };
  return (
    <div className="office-days" data-testid="office-days" ref={root}>
      {error && <ErrorMessage error={error} />}
      <ReleaseQuestion store={store} />
      <Queued store={store} />
      <CheckOut store={store} />
      {weeks.savedAt !== null && (
        <p className="notice" role="status" data-testid="od-saved">
          {t('officeDays.saved', { age: formatDateTime(new Date(weeks.savedAt), i18n.language) })}
        </p>
      )}
      <section aria-labelledby="od-weeks-h">
        <h2 id="od-weeks-h">{t('officeDays.myWeeks')}</h2>
        <Weeks store={store} me={me} />
        <p className="secondary" data-testid="od-policy">
          {t('officeDays.policy', { days: weeks.policy.daysAhead, perWeek: weeks.policy.perWeek })}
        </p>
        <label>
          <input
            type="checkbox"
            checked={weeks.shareDesk}
            onChange={(e) => void store.getState().setShareDesk(e.target.checked)}
            data-testid="od-share"
          />{' '}
          {t('officeDays.shareDesk')}
        </label>
      </section>
      {day && (
        <section aria-labelledby="od-day-h" className="od-day">
          <h2 id="od-day-h">{dayName(i18n.language, day, 'long')}</h2>
          <Notice store={store} />
          <WaitlistPanel store={store} />
          {mine && (
            <p data-testid="od-mine">
              {t('officeDays.youAreIn', { desk: mine.deskLabel })}{' '}
              {(mine.checkedInAt !== null || checkedInId === mine.id) && (
                <>
                  <span className="od-checked-in" data-testid="od-checked-in">
                    {t('officeDays.checkedIn')}
                  </span>{' '}
                  <button
                    type="button"
                    className="primary"
                    aria-disabled={busy || undefined}
                    onClick={() => store.getState().openCheckOut(mine.id)}
                    data-testid="od-check-out"
                  >
                    {t('officeDays.checkOutButton')}
                  </button>{' '}
                </>
              )}
              <button
                type="button"
                aria-disabled={busy || undefined}
                onClick={() => void store.getState().cancel(mine.id).then(showOutcome)}
                data-testid="od-cancel-day"
              >
                {t('officeDays.cancelDay')}
              </button>
              {mine.seriesId && (
                <button
                  type="button"
                  aria-disabled={busy || undefined}
                  onClick={() => void store.getState().cancelSeries(mine.seriesId!).then(showOutcome)}
                  data-testid="od-cancel-series"
                >
                  {t('officeDays.cancelSeries')}
                </button>
              )}
            </p>
          )}
          <div className="od-colleagues" data-testid="od-colleagues">
            <h3>{t('officeDays.colleagues')}</h3>
            {inToday.length === 0 ? (
              <p className="secondary">{t('officeDays.nobody')}</p>
            ) : (
              <ul>
                {inToday.map((p) => (
                  <li key={p.userId}>
                    <bdi>{p.displayName}</bdi>
                  </li>
                ))}
              </ul>
            )}
            {user &&
              managesTeam(user.role) &&
              (weeks.teamDays.includes(day) ? (
                <p className="od-team-day">{t('officeDays.teamDay')}</p>
              ) : (
                <button
                  type="button"
                  onClick={() => void store.getState().proposeTeamDay(day).then(showOutcome)}
                  data-testid="od-propose"
                >
                  {t('officeDays.proposeTeamDay')}
                </button>
              ))}
          </div>
          {weeks.sites.floors.length > 1 && (
            <label>
              {t('officeDays.floor')}{' '}
              <select
                value={floorId ?? ''}
                onChange={(e) => void store.getState().selectFloor(e.target.value)}
                data-testid="od-floor"
              >
                {weeks.sites.floors.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {weeks.sites.floors.length === 0 && <p className="secondary">{t('officeDays.noFloors')}</p>}
          {plan && (
            <div className="od-plan-and-list">
              <FloorPlan
                width={plan.floor.width}
                height={plan.floor.height}
                desks={narrow ? laterDesks : desks}
                selected={deskId}
                onSelect={select}
                onPick={pick}
              />
              <DeskList desks={narrow ? desks : laterDesks} selected={deskId} onSelect={pick} />
            </div>
          )}
          {desk && desk.state === 'free' && !mine && (
            <BookForm
              key={`${desk.id}-${day}`}
              store={store}
              deskId={desk.id}
              label={desk.label}
              takeFocus={formFocus}
              onFocused={formFocused}
              onDone={showOutcome}
            />
          )}
        </section>
      )}
    </div>
  );
}
