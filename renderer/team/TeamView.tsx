import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { TeamMember } from '../../shared/contract/session';
import { ErrorMessage } from '../app/ErrorMessage';
import { ListDetail } from '../app/ListDetail';
import { formatDateTime } from '../i18n/format';
import { hmm } from '../session/session-store';
import { liveHours, liveWords } from '../session/live-state';
import { useNow } from '../app/use-now';
import type { TeamStore } from './team-store';
import { DayStrip, type OfficeLost } from './DayStrip';
import { WeekChart } from './WeekChart';

const time = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

function MemberRow({ m, store, selected, now }: { m: TeamMember; store: TeamStore; selected: boolean; now: number }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const s = m.summary;
  const live = m.live;
  return (
    <tr data-testid="team-member" data-user={m.username} aria-selected={selected}>
      <th scope="row">
        <button
          type="button"
          className="link"
          onClick={() => store.getState().select(m.userId)}
          data-testid={`team-open-${m.username}`}
        >
          <bdi>{m.displayName}</bdi>
        </button>
      </th>
      <td>
        {m.status ? t(`presence.status.${m.status}`) : t('team.unknown')} ·{' '}
        {m.connected ? t('team.connected') : t('team.notConnected')}
      </td>
      <td>{m.location ? t(`presence.location.${m.location}`) : t('team.unknown')}</td>
      <td data-testid="team-now" data-mode={live?.mode ?? 'not-started'}>
        {live ? liveWords(t, 'team.live', live, l) : <span className="muted">{t('team.live.notStarted')}</span>}
      </td>
      <td>
        <DayStrip segments={m.strip} now={now} name={m.displayName} officeLost={m.officeLost} />
      </td>
      <td data-testid="team-hours">
        {/* the timer's figure is the newest; a summary stands in for a day the office has no state of */}
        {live ? (
          <span title={t('team.live.hoursSoFar', { hours: liveHours(live, now, l) })}>{liveHours(live, now, l)}</span>
        ) : s ? (
          hmm(s.workedMinutes * 60_000, l)
        ) : (
          '–'
        )}
      </td>
      <td data-testid="team-tickets">{s ? s.tickets.map((x) => x.id).join(', ') || '0' : '–'}</td>
      <td data-testid="team-summary">
        {s ? (
          <>
            {t('team.sentAt', { time: time(s.receivedAt, l) })}
            {(s.version ?? 1) > 1 && ` · ${t('team.version', { version: s.version })}`}
            <br />
            <AckState m={m} />
          </>
        ) : (
          <span className="muted">{t('team.noSummary')}</span>
        )}
      </td>
    </tr>
  );
}

/** whether a summary waits for my acknowledgement, is on its way, or was acknowledged */
function AckState({ m }: { m: TeamMember }) {
  const { t, i18n } = useTranslation();
  const s = m.summary;
  if (!s) return null;
  const state = s.acknowledgedAt ? 'done' : m.ackPending ? 'pending' : 'waiting';
  return (
    <span data-testid="team-ack" data-state={state} className={state === 'waiting' ? 'badge-pill' : 'secondary'}>
      {state === 'done'
        ? t(s.correctionRequested ? 'team.ack.asked' : 'team.ack.done', {
            time: time(s.acknowledgedAt!, i18n.language),
          })
        : t(state === 'pending' ? 'team.ack.pending' : 'team.ack.waiting')}
    </span>
  );
}

/** Acknowledge (button, or the a key while the day is open), with an optional reply or a request to correct */
function AckForm({ m, store }: { m: TeamMember; store: TeamStore }) {
  const { t } = useTranslation();
  const [reply, setReply] = useState('');
  const [correction, setCorrection] = useState(false);
  const [missing, setMissing] = useState(false);
  const error = useStore(store, (st) => st.ackError);
  const s = m.summary;
  const open = s !== null && !s.acknowledgedAt && !m.ackPending;
  const submit = () => {
    if (!s) return;
    if (correction && !reply.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    void store.getState().acknowledge(s.id, reply, correction);
  };
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (e.key !== 'a' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
      e.preventDefault();
      submit();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });
  if (!s) return null;
  if (!open) return <AckState m={m} />;
  return (
    <form
      className="ack-form"
      aria-labelledby="ack-title"
      data-testid="team-ack-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3 id="ack-title">{t('team.ack.title')}</h3>
      <label htmlFor="ack-reply">{t('team.ack.reply')}</label>
      <textarea
        id="ack-reply"
        value={reply}
        maxLength={2000}
        rows={2}
        onChange={(e) => setReply(e.target.value)}
        aria-invalid={missing || undefined}
        aria-describedby={missing ? 'ack-missing' : undefined}
        data-testid="team-ack-reply"
      />
      <label>
        <input
          type="checkbox"
          checked={correction}
          onChange={(e) => setCorrection(e.target.checked)}
          data-testid="team-ack-correction"
        />{' '}
        {t('team.ack.requestCorrection')}
      </label>
      {missing && (
        <p id="ack-missing" role="alert">
          {t('team.ack.needReply')}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" data-testid="team-ack-button" aria-keyshortcuts="a">
          {t(correction ? 'team.ack.buttonCorrection' : 'team.ack.button')}
        </button>
        <span className="muted">{t('team.ack.key')}</span>
      </div>
      {error && <ErrorMessage error={error} />}
    </form>
  );
}

/** the stretches the person's app could not reach the office: the strip's red band as a table */
function OfficeLostTable({ lost }: { lost: readonly OfficeLost[] }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const at = (ms: number) => time(new Date(ms).toISOString(), l);
  return (
    <>
      <h3 id="team-office-lost-title">{t('team.detail.officeLost')}</h3>
      <table className="office-lost" aria-labelledby="team-office-lost-title" data-testid="team-office-lost">
        <thead>
          <tr>
            <th scope="col">{t('team.detail.officeLostFrom')}</th>
            <th scope="col">{t('team.detail.officeLostTo')}</th>
            <th scope="col">{t('team.detail.officeLostDuration')}</th>
          </tr>
        </thead>
        <tbody>
          {lost.map((x) => (
            <tr key={x.start}>
              <td>{at(x.start)}</td>
              <td>{at(x.end)}</td>
              <td>{hmm(x.end - x.start, l)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Detail({ m, store }: { m: TeamMember | null; store: TeamStore }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  if (!m) return <p className="muted">{t('team.detail.pick')}</p>;
  const s = m.summary;
  return (
    <section aria-labelledby="team-detail-title" data-testid="team-detail">
      <h2 id="team-detail-title">{t('team.detail.title', { name: m.displayName })}</h2>
      {!s ? (
        <p className="muted">{t('team.noSummary')}</p>
      ) : (
        <>
          <p>
            {t('session.summary.hours', {
              worked: hmm(s.workedMinutes * 60_000, l),
              breaks: hmm(s.breakMinutes * 60_000, l),
            })}
          </p>
          <h3>{t('session.summary.tickets')}</h3>
          {s.tickets.length === 0 ? (
            <p className="muted">{t('session.summary.none')}</p>
          ) : (
            <ul>
              {s.tickets.map((x) => (
                <li key={x.id}>
                  {x.id} · {t(`session.summary.outcome.${x.outcome}`)}
                  {s.slaBreaches.includes(x.id) && ` · ${t('session.summary.breached')}`}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('team.detail.segments')}</h3>
          <ol className="timeline">
            {s.segments.map((seg) => (
              <li key={seg.start} data-kind={seg.kind}>
                <span className="timeline-range">
                  {t('session.segment.range', { from: time(seg.start, l), to: time(seg.end, l) })}
                </span>
                <span className="timeline-kind">{t(`session.segment.${seg.kind}`)}</span>
                {seg.ticketId && <span className="secondary">{seg.ticketId}</span>}
                <span className="timeline-duration">{hmm(Date.parse(seg.end) - Date.parse(seg.start), l)}</span>
              </li>
            ))}
          </ol>
          <h3>{t('team.detail.notes')}</h3>
          {/* text from a person is text */}
          <p className="notes">{s.notes || t('team.detail.noNotes')}</p>
          <AckForm key={s.id} m={m} store={store} />
        </>
      )}
      {m.officeLost && m.officeLost.length > 0 && <OfficeLostTable lost={m.officeLost} />}
    </section>
  );
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function CsvExport({ store, today }: { store: TeamStore; today: string }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [format, setFormat] = useState<'csv' | 'xlsx'>('csv');
  const [done, setDone] = useState<string | null>(null);
  const error = useStore(store, (s) => s.exportError);
  const save = (filename: string, blob: Blob) => {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setDone(filename);
  };
  return (
    <form
      className="csv-export"
      aria-labelledby="csv-title"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        if (format === 'xlsx') {
          void store
            .getState()
            .exportSpreadsheet(from, to)
            .then((r) => {
              if (!r) return;
              const bytes = Uint8Array.from(atob(r.base64), (c) => c.charCodeAt(0));
              save(r.filename, new Blob([bytes], { type: XLSX_TYPE }));
            });
          return;
        }
        void store
          .getState()
          .exportCsv(from, to)
          .then((r) => {
            if (r) save(r.filename, new Blob([r.text], { type: 'text/csv;charset=utf-8' }));
          });
      }}
    >
      <h2 id="csv-title">{t('team.export.title')}</h2>
      <label>
        {t('team.export.from')} <input type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        {t('team.export.to')} <input type="date" required value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <label>
        {t('team.export.format')}{' '}
        <select value={format} onChange={(e) => setFormat(e.target.value === 'xlsx' ? 'xlsx' : 'csv')}>
          <option value="csv">{t('team.export.csv')}</option>
          <option value="xlsx">{t('team.export.xlsx')}</option>
        </select>
      </label>
      <button type="submit" data-testid="team-csv">
        {t('team.export.download')}
      </button>
      {done && <span role="status">{t('team.export.done', { file: done })}</span>}
      {error && <ErrorMessage error={error} />}
    </form>
  );
}

function Week({ store }: { store: TeamStore }) {
  const { t } = useTranslation();
  const week = useStore(store, (s) => s.week);
  const error = useStore(store, (s) => s.weekError);
  return (
    <section aria-labelledby="team-week-title">
      <h2 id="team-week-title">{t('team.week.title')}</h2>
      {week ? (
        <WeekChart week={week} />
      ) : error ? (
        <ErrorMessage error={error} />
      ) : (
        <p className="skeleton">{t('team.week.loading')}</p>
      )}
    </section>
  );
}

export function TeamView({ store }: { store: TeamStore }) {
  const { t, i18n } = useTranslation();
  const team = useStore(store, (s) => s.team);
  const error = useStore(store, (s) => s.error);
  const selected = useStore(store, (s) => s.selected);
  const loading = useStore(store, (s) => s.loading);
  // hours of people at work count on between the office's events
  const now = useNow(30_000);
  if (!team)
    return error ? (
      <ErrorMessage error={error} />
    ) : (
      <p className="skeleton" aria-busy="true">
        {t('team.loading')}
      </p>
    );
  const l = i18n.language;
  const chosen = team.members.find((m) => m.userId === selected) ?? null;
  const waiting = team.members.filter((m) => m.summary && !m.summary.acknowledgedAt && !m.ackPending).length;
  const list = (
    <div className="team-list" data-testid="team-view">
      {team.stale && (
        <p className="notice" role="status">
          {t('team.stale', { age: team.fetchedAt ? formatDateTime(new Date(team.fetchedAt), l) : '–' })}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          onClick={() => {
            void store.getState().load();
            void store.getState().loadWeek();
          }}
          aria-disabled={loading || undefined}
        >
          {t('team.refresh')}
        </button>
      </div>
      <h2>{t('team.people')}</h2>
      {waiting > 0 && (
        <p className="notice" data-testid="team-awaiting-ack">
          {t('team.ack.waitingCount', { count: waiting })}
        </p>
      )}
      {team.members.length === 0 ? (
        <p className="muted">{t('team.empty')}</p>
      ) : (
        <table className="team-table">
          <thead>
            <tr>
              <th scope="col">{t('team.columns.person')}</th>
              <th scope="col">{t('team.columns.status')}</th>
              <th scope="col">{t('team.columns.location')}</th>
              <th scope="col">{t('team.columns.now')}</th>
              <th scope="col">{t('team.columns.today')}</th>
              <th scope="col">{t('team.columns.hours')}</th>
              <th scope="col">{t('team.columns.tickets')}</th>
              <th scope="col">{t('team.columns.summary')}</th>
            </tr>
          </thead>
          <tbody>
            {team.members.map((m) => (
              <MemberRow key={m.userId} m={m} store={store} selected={m.userId === selected} now={now} />
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('team.queue')}</h2>
      {(team.queue ?? []).length === 0 ? (
        <p className="muted">{t('team.queueEmpty')}</p>
      ) : (
        <ul className="team-queue" data-testid="team-queue">
          {(team.queue ?? []).map((x) => (
            <li key={x.id}>
              <strong>{x.id}</strong> {x.priority} · {x.escalationLevel} ·{' '}
              {t('team.queueSince', { time: formatDateTime(x.updatedAt, l) })}
              <div className="secondary">
                <bdi>{x.title}</bdi>
              </div>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('team.atRisk')}</h2>
      {team.atRisk.length === 0 ? (
        <p className="muted">{t('team.noneAtRisk')}</p>
      ) : (
        <ul className="at-risk" data-testid="team-at-risk">
          {team.atRisk.map((x) => (
            <li key={x.id} data-tone={x.sla === 'breached' ? 'bad' : 'warn'}>
              <strong>{x.id}</strong> {x.priority} · {t(`team.sla.${x.sla}`)} ·{' '}
              {t(x.clock === 'response' ? 'team.responseDue' : 'team.resolutionDue', {
                time: formatDateTime(x.dueAt, l),
              })}{' '}
              · <bdi>{team.members.find((m) => m.userId === x.assigneeId)?.displayName ?? t('team.unassigned')}</bdi>
              <div className="secondary">
                <bdi>{x.title}</bdi>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Week store={store} />
      <CsvExport store={store} today={team.date} />
    </div>
  );
  return (
    <ListDetail
      list={list}
      detail={<Detail m={chosen} store={store} />}
      showing={chosen ? 'detail' : 'list'}
      onBack={() => store.getState().select(null)}
      listLabel={t('team.people')}
      wideList
    />
  );
}
