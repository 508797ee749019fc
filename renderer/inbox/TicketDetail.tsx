import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { AuditLine, EscalationTeam, TicketChange, TicketDetail, TicketRow } from '../../shared/contract/tickets';
import type { HistoryEntry } from '../../shared/office-api';
import { allowedTransitions, canEscalate, canTransition, isOpen } from '../../shared/domain/tickets';
import type { TicketStatus } from '../../shared/domain/tickets';
import { ErrorMessage } from '../app/ErrorMessage';
import { historyEntryLine, historyLine } from './history-text';
import { Ago } from './Ago';
import { ActionButton } from '../ui/ActionButton';
import { RichText } from '../ui/RichText';
import { escalatedAway, waitingInQueue, type InboxState } from './inbox-store';
import { SlaCard } from './SlaClock';

export type DetailForm = 'escalate' | 'resolve' | 'hand-back' | null;

/** the comment field, which `c` focuses */
export const COMMENT_ID = 'ticket-comment';

const ACTIONS: ReadonlyArray<{ to: TicketStatus; key: string; shortcut?: string; primary?: boolean }> = [
  { to: 'acknowledged', key: 'inbox.action.acknowledge', shortcut: 'a', primary: true },
  { to: 'in-progress', key: 'inbox.action.startWork', shortcut: 's', primary: true },
  { to: 'waiting-on-user', key: 'inbox.action.waiting' },
];

/** A refused change's reason from the office, and its two ways out: send it again, or drop it. */
export function RetryOrDiscard({
  message,
  onRetry,
  onDiscard,
  discardLabel,
}: {
  message: string | null;
  onRetry(): void;
  onDiscard(): void;
  discardLabel: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {message && <p className="muted">{message}</p>}
      <button type="button" onClick={onRetry}>
        {t('inbox.retryChange')}
      </button>{' '}
      <button type="button" className="quiet" onClick={onDiscard}>
        {discardLabel}
      </button>
    </>
  );
}

function ChangeNote({ change, store }: { change: TicketChange; store: StoreApi<InboxState> }) {
  const { t } = useTranslation();
  const people = useStore(store, (s) => s.people);
  const subject =
    change.kind === 'ticket-take'
      ? ''
      : change.kind === 'ticket-status'
        ? t(`inbox.status.${change.summary}`)
        : change.kind === 'ticket-assignment'
          ? (people.find((p) => p.id === change.summary)?.name ?? change.summary)
          : change.summary;
  // an assignment to nobody ('' as its summary) is said as such
  const unassigning = change.kind === 'ticket-assignment' && change.summary === '';
  const what = unassigning
    ? t('inbox.change.ticket-unassignment')
    : t(`inbox.change.${change.kind}`, { what: subject });
  if (change.state === 'pending')
    return (
      <li className="change pending" data-testid="change-pending">
        {t('inbox.changePending', { what })}
      </li>
    );
  const conflict = change.code === 'conflict' || change.code === 'illegal_transition';
  return (
    <li className="change failed" role="alert" data-testid={conflict ? 'change-conflict' : 'change-failed'}>
      <p>{t(conflict ? 'inbox.conflict' : 'inbox.changeFailed', { what })}</p>
      <RetryOrDiscard
        message={change.message}
        onRetry={() => void store.getState().retry(change.itemId)}
        onDiscard={() => void store.getState().discard(change.itemId)}
        discardLabel={t('inbox.discardChange')}
      />
    </li>
  );
}

/** Ctrl+Enter (⌘+Enter) sends the form a text area belongs to; Enter alone is a new line. */
function submitOnCtrlEnter(e: KeyboardEvent<HTMLTextAreaElement>): void {
  if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.nativeEvent.isComposing) return;
  e.preventDefault();
  e.currentTarget.form?.requestSubmit();
}

function EscalateForm({ row, store, onDone }: { row: TicketRow; store: StoreApi<InboxState>; onDone(): void }) {
  const { t } = useTranslation();
  const [level, setLevel] = useState<'L2' | 'L3'>(row.escalationLevel === 'L1' ? 'L2' : 'L3');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [teams, setTeams] = useState<EscalationTeam[]>([]);
  // '': the office's default team at that level
  const [teamId, setTeamId] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  useEffect(() => {
    let live = true;
    void store
      .getState()
      .escalationTeams()
      .then((list) => live && setTeams(list));
    return () => {
      live = false;
    };
  }, [store]);
  const atLevel = teams.filter((x) => x.supportLevel === level);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      ref.current?.focus();
      return;
    }
    const team = atLevel.some((x) => x.id === teamId) ? { teamId } : {};
    if (await store.getState().act({ type: 'escalate', level, reason: reason.trim(), ...team })) onDone();
  };
  return (
    <form
      className="action-form"
      onSubmit={(e) => void submit(e)}
      aria-label={t('inbox.escalate.title')}
      data-testid="escalate-form"
    >
      <label>
        {t('inbox.escalate.level')}
        <select value={level} onChange={(e) => setLevel(e.target.value as 'L2' | 'L3')}>
          {(['L2', 'L3'] as const).map((l) => (
            <option key={l} value={l} disabled={!canEscalate(row.status, row.escalationLevel, l)}>
              {l}
            </option>
          ))}
        </select>
      </label>
      {atLevel.length > 0 && (
        <label>
          {t('inbox.escalate.team')}
          <select value={teamId} onChange={(e) => setTeamId(e.target.value)} data-testid="escalate-team">
            <option value="">
              {t('inbox.escalate.teamDefault', { name: atLevel.find((x) => x.default)?.name ?? atLevel[0]!.name })}
            </option>
            {atLevel.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('inbox.escalate.reason')}
        <textarea
          ref={ref}
          aria-required="true"
          maxLength={5_000}
          rows={3}
          value={reason}
          aria-invalid={missing}
          aria-describedby={missing ? 'escalate-missing' : undefined}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={submitOnCtrlEnter}
        />
      </label>
      {missing && (
        <p id="escalate-missing" className="field-error">
          {t('inbox.escalate.reasonRequired')}
        </p>
      )}
      <button type="submit" className="primary">
        {t('inbox.escalate.submit', { level })}
      </button>{' '}
      <button type="button" className="quiet" onClick={onDone}>
        {t('inbox.cancel')}
      </button>
    </form>
  );
}

function ResolveForm({ store, onDone }: { store: StoreApi<InboxState>; onDone(): void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) {
      setMissing(true);
      return;
    }
    if (await store.getState().act({ type: 'status', to: 'resolved', note: note.trim() })) onDone();
  };
  return (
    <form
      className="action-form"
      onSubmit={(e) => void submit(e)}
      aria-label={t('inbox.resolve.title')}
      data-testid="resolve-form"
    >
      <label>
        {t('inbox.resolve.note')}
        <textarea
          ref={ref}
          aria-required="true"
          maxLength={20_000}
          rows={3}
          value={note}
          aria-invalid={missing}
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={submitOnCtrlEnter}
        />
      </label>
      {missing && <p className="field-error">{t('inbox.resolve.noteRequired')}</p>}
      <button type="submit" className="primary">
        {t('inbox.resolve.submit')}
      </button>{' '}
      <button type="button" className="quiet" onClick={onDone}>
        {t('inbox.cancel')}
      </button>
    </form>
  );
}

function HandBackForm({ store, onDone }: { store: StoreApi<InboxState>; onDone(): void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) {
      setMissing(true);
      ref.current?.focus();
      return;
    }
    if (await store.getState().act({ type: 'hand-back', note: note.trim() })) onDone();
  };
  return (
    <form
      className="action-form"
      onSubmit={(e) => void submit(e)}
      aria-label={t('inbox.handBack.title')}
      data-testid="hand-back-form"
    >
      <label>
        {t('inbox.handBack.note')}
        <textarea
          ref={ref}
          aria-required="true"
          maxLength={20_000}
          rows={3}
          value={note}
          aria-invalid={missing}
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={submitOnCtrlEnter}
        />
      </label>
      {missing && <p className="field-error">{t('inbox.handBack.noteRequired')}</p>}
      <button type="submit" className="primary">
        {t('inbox.handBack.submit')}
      </button>{' '}
      <button type="button" className="quiet" onClick={onDone}>
        {t('inbox.cancel')}
      </button>
    </form>
  );
}

/** Managers and admins: who changed what, when and from which network, read from the office on demand. */
function AuditTrail({ store }: { store: StoreApi<InboxState> }) {
  const { t } = useTranslation();
  const [lines, setLines] = useState<AuditLine[] | null>(null);
  const [open, setOpen] = useState(false);
  const toggle = async () => {
    if (open) {
      setOpen(false);
      return;
    }
    setOpen(true);
    setLines(await store.getState().audit());
  };
  return (
    <section aria-labelledby="ticket-audit-title" className="ticket-audit">
      <h3 id="ticket-audit-title">
        <button
          type="button"
          className="link"
          aria-expanded={open}
          onClick={() => void toggle()}
          data-testid="audit-toggle"
        >
          {t('inbox.audit.title')}
        </button>
      </h3>
      {open &&
        (lines === null ? (
          <p className="muted">{t('inbox.loading')}</p>
        ) : (
          <table data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('inbox.audit.when')}</th>
                <th scope="col">{t('inbox.audit.who')}</th>
                <th scope="col">{t('inbox.audit.network')}</th>
                <th scope="col">{t('inbox.audit.what')}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.seq}>
                  <td title={new Date(l.at).toISOString()}>
                    {l.atLocal} ({l.timeZone})
                  </td>
                  <td>
                    <bdi>{l.actorName}</bdi>
                  </td>
                  <td>{t(`inbox.audit.net.${l.network}`)}</td>
                  <td>{t(`inbox.audit.action.${l.action}`, { defaultValue: l.action })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}

function CommentForm({ store }: { store: StoreApi<InboxState> }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    if (await store.getState().act({ type: 'comment', body: body.trim() })) setBody('');
  };
  return (
    <form className="comment-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={COMMENT_ID}>{t('inbox.comment.label')}</label>
      <textarea
        id={COMMENT_ID}
        aria-keyshortcuts="c"
        maxLength={20_000}
        rows={2}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={submitOnCtrlEnter}
        placeholder={t('inbox.comment.placeholder')}
      />
      <button type="submit" aria-disabled={!body.trim()} aria-describedby={body.trim() ? undefined : 'comment-why'}>
        {t('inbox.comment.submit')}
      </button>
      {!body.trim() && (
        <span id="comment-why" className="visually-hidden">
          {t('inbox.why.commentEmpty')}
        </span>
      )}
    </form>
  );
}

/** A line the office wrote (a status change, an escalation), in the reader's language. */
function SystemLine({ author, body, history }: { author: string; body: string; history?: HistoryEntry }) {
  const { t } = useTranslation();
  const line = history ? historyEntryLine(history, t) : historyLine(body, t);
  return (
    <p>
      <strong>
        <bdi>{author}</bdi>
      </strong>
      : {line.quote === undefined ? <bdi>{line.text}</bdi> : line.text}
      {line.quote !== undefined && (
        <>
          {' '}
          <bdi>{line.quote}</bdi>
        </>
      )}
    </p>
  );
}

function Entries({ detail, onTicket }: { detail: TicketDetail; onTicket(id: string): void }) {
  const { t } = useTranslation();
  if (!detail.entries.length)
    return <p className="muted">{detail.entriesAt === null ? t('inbox.historyNotLoaded') : t('inbox.historyEmpty')}</p>;
  return (
    <ol className="ticket-history" aria-label={t('inbox.history')}>
      {detail.entries.map((e) => (
        <li key={e.id} className={e.kind === 'system' ? 'entry system' : 'entry'}>
          {e.kind === 'system' ? (
            <SystemLine author={e.authorName} body={e.body} history={e.history} />
          ) : (
            <>
              <strong>
                <bdi>{e.authorName}</bdi>
              </strong>
              <RichText text={e.body} onTicket={onTicket} />
            </>
          )}
          <Ago at={e.createdAt} />
        </li>
      ))}
    </ol>
  );
}

export function TicketDetailView({
  store,
  form,
  setForm,
  headingRef,
}: {
  store: StoreApi<InboxState>;
  form: DetailForm;
  setForm(f: DetailForm): void;
  headingRef: RefObject<HTMLHeadingElement | null>;
}) {
  const { t } = useTranslation();
  const selectedId = useStore(store, (s) => s.selectedId);
  const row = useStore(store, (s) => (s.selectedId ? (s.rows.get(s.selectedId) ?? s.detail?.row ?? null) : null));
  const detail = useStore(store, (s) => (s.detail && s.detail.row.id === s.selectedId ? s.detail : null));
  const detailStatus = useStore(store, (s) => s.detailStatus);
  const actionError = useStore(store, (s) => s.actionError);
  const busy = useStore(store, (s) => s.busy);
  const manager = useStore(store, (s) => s.manager);
  const people = useStore(store, (s) => s.people);
  const me = useStore(store, (s) => s.me);

  if (!selectedId) return <p className="inbox-note muted">{t('inbox.noneSelected')}</p>;
  if (!row)
    return (
      <p className="inbox-note muted">
        {detailStatus === 'loading' ? t('inbox.loading') : t('inbox.notInInbox', { id: selectedId })}
      </p>
    );
  const s = store.getState();
  const assignee =
    row.assigneeId === null
      ? t('inbox.unassigned')
      : row.assigneeId === me
        ? t('inbox.you')
        : (people.find((p) => p.id === row.assigneeId)?.name ?? row.assigneeId);
  const nextLevel = row.escalationLevel === 'L1' ? 'L2' : 'L3';
  const canEsc = row.escalationLevel !== 'L3' && canEscalate(row.status, row.escalationLevel, nextLevel);
  const reopen = row.status === 'resolved' && canTransition(row.status, 'in-progress');
  /** why a status change is not offered now, in a sentence (null: it is) */
  const whyNot = (from: TicketStatus, to: TicketStatus): string | null => {
    if (canTransition(from, to)) return null;
    const status = t(`inbox.status.${from}`);
    if (from === to) return t('inbox.why.already', { status });
    const next = allowedTransitions(from).map((n) => t(`inbox.status.${n}`));
    return next.length
      ? t('inbox.why.notFrom', { status, next: next.join(t('inbox.why.or')) })
      : t('inbox.why.final', { status });
  };
  // I escalated it to another team: read and comment only. In my team's queue: take it first.
  const away = escalatedAway(row, me);
  const queued = waitingInQueue(row, me);
  const handBack = !!row.escalatedBy && !away && !queued && isOpen(row.status);

  return (
    <article
      className="ticket-detail"
      aria-labelledby="ticket-heading"
      data-testid="ticket-detail"
      data-ticket={row.id}
    >
      <p className="ticket-kicker">
        {row.id} · {t('inbox.priority', { priority: row.priority })} ·{' '}
        {t('inbox.level', { level: row.escalationLevel })} · {t(`inbox.status.${row.status}`)} · <bdi>{assignee}</bdi>
      </p>
      <h2 id="ticket-heading" tabIndex={-1} ref={headingRef}>
        {row.title}
      </h2>
      {away && (
        <p className="inbox-note muted" data-testid="escalated-away">
          {t('inbox.escalatedAway')}
        </p>
      )}
      {queued && (
        <div className="ticket-actions" role="toolbar" aria-label={t('inbox.actions')}>
          <p className="inbox-note muted">{t('inbox.inQueue')}</p>
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void s.act({ type: 'take' })}
            data-testid="take"
          >
            {t('inbox.action.take')}
          </button>
        </div>
      )}
      {!away && !queued && (
        <div className="ticket-actions" role="toolbar" aria-label={t('inbox.actions')}>
          {ACTIONS.filter((a) => a.to !== 'in-progress' || row.status !== 'resolved').map((a) => {
            const why = whyNot(row.status, a.to);
            return (
              <ActionButton
                key={a.to}
                why={why}
                className={a.primary && why === null ? 'primary' : undefined}
                aria-keyshortcuts={a.shortcut}
                onClick={() => {
                  if (busy) return;
                  // starting work also starts the work timer on this ticket (the store does it)
                  void s.act({ type: 'status', to: a.to });
                }}
              >
                {t(a.key)}
                {a.shortcut && <kbd>{a.shortcut.toUpperCase()}</kbd>}
              </ActionButton>
            );
          })}
          <ActionButton
            why={
              canEsc
                ? null
                : !isOpen(row.status)
                  ? t('inbox.why.escalateClosed', { status: t(`inbox.status.${row.status}`) })
                  : t('inbox.why.escalateTop')
            }
            aria-keyshortcuts="e"
            aria-expanded={canEsc ? form === 'escalate' : undefined}
            onClick={() => setForm('escalate')}
          >
            {t('inbox.action.escalate', { level: nextLevel })}
            <kbd>E</kbd>
          </ActionButton>
          <ActionButton
            why={whyNot(row.status, 'resolved')}
            aria-keyshortcuts="r"
            aria-expanded={canTransition(row.status, 'resolved') ? form === 'resolve' : undefined}
            onClick={() => setForm('resolve')}
          >
            {t('inbox.action.resolve')}
            <kbd>R</kbd>
          </ActionButton>
          {reopen && (
            <button type="button" onClick={() => void s.act({ type: 'status', to: 'in-progress' })}>
              {t('inbox.action.reopen')}
            </button>
          )}
          {handBack && (
            <button
              type="button"
              aria-expanded={form === 'hand-back'}
              onClick={() => setForm('hand-back')}
              data-testid="hand-back"
            >
              {t('inbox.action.handBack')}
            </button>
          )}
        </div>
      )}
      {!away && !queued && form === 'escalate' && <EscalateForm row={row} store={store} onDone={() => setForm(null)} />}
      {!away && !queued && form === 'resolve' && <ResolveForm store={store} onDone={() => setForm(null)} />}
      {handBack && form === 'hand-back' && <HandBackForm store={store} onDone={() => setForm(null)} />}
      {actionError && (
        <div className="inbox-error" role="alert">
          <ErrorMessage error={actionError} />
        </div>
      )}
      {detail && detail.changes.length > 0 && (
        <ul className="ticket-changes" aria-label={t('inbox.changes')}>
          {detail.changes.map((c) => (
            <ChangeNote key={c.itemId} change={c} store={store} />
          ))}
        </ul>
      )}
      <div className="sla-cards">
        <SlaCard row={row} which="response" />
        <SlaCard row={row} which="resolution" />
      </div>
      <dl className="ticket-fields">
        <div>
          <dt>{t('inbox.requester')}</dt>
          <dd>
            <bdi>{row.requester}</bdi>
          </dd>
        </div>
        <div>
          <dt>{t('inbox.opened')}</dt>
          <dd>
            <Ago at={row.createdAt} />
            {detail ? ` · ${detail.createdBy}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('inbox.assignee')}</dt>
          <dd>
            {manager && !away ? (
              <select
                aria-label={t('inbox.assignTo')}
                value={row.assigneeId ?? ''}
                disabled={busy}
                onChange={(e) => void s.assign(e.target.value || null)}
                data-testid="assign"
              >
                <option value="">{t('inbox.unassigned')}</option>
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            ) : (
              assignee
            )}
          </dd>
        </div>
      </dl>
      {detail && (
        <section className="ticket-description" aria-label={t('inbox.description')}>
          <RichText text={detail.description} onTicket={(id) => s.open(id)} />
        </section>
      )}
      <section aria-label={t('inbox.history')}>
        <h3>{t('inbox.history')}</h3>
        {detail ? (
          <Entries detail={detail} onTicket={(id) => s.open(id)} />
        ) : (
          <p className="muted">{t('inbox.loading')}</p>
        )}
        <CommentForm store={store} />
      </section>
      {/* keyed by the ticket: another ticket starts closed */}
      {manager && <AuditTrail key={row.id} store={store} />}
    </article>
  );
}
