import { createStore } from 'zustand/vanilla';
import type { ContractErrorData, Result, TeleworkerApi } from '../../shared/contract';
import type { SessionView, SummaryDraft } from '../../shared/contract/session';
import type { BreakKind, GapAnswer } from '../../shared/domain/work-session';
import { hoursMinutes } from '../../shared/domain/time-format';
import { disposables } from '../../shared/disposables';

export interface SessionState {
  view: SessionView | null;
  /** Date.now() when `view` arrived: the renderer counts the running segment on from there */
  receivedAt: number;
  summary: SummaryDraft | null;
  error: ContractErrorData | null;
  summaryError: ContractErrorData | null;
  busy: boolean;
  /** my open tickets, offered as the timer's ticket (a number not among them is refused) */
  suggestions: Array<{ id: string; title: string }>;
  loadSuggestions(): Promise<void>;
  follow(): () => void;
  start(ticketId?: string | null): Promise<void>;
  pause(): Promise<void>;
  /** the answer to "Still working?": yes, the timer goes on */
  stillWorking(): Promise<void>;
  resume(): Promise<void>;
  /** one click: pause when working, resume when paused or on a break, start when stopped */
  toggle(): Promise<void>;
  takeBreak(kind: BreakKind): Promise<void>;
  switchTicket(ticketId: string | null): Promise<void>;
  stop(): Promise<void>;
  answerGap(from: number, to: number, as: GapAnswer): Promise<void>;
  /** the summary of a day (default today): a day already sent is corrected with a new version */
  loadSummary(date?: string): Promise<void>;
  saveNotes(notes: string): Promise<boolean>;
  sendSummary(notes: string, tickets: SummaryDraft['tickets']): Promise<boolean>;
}

export const createSessionStore = (api: TeleworkerApi) =>
  createStore<SessionState>()((set, get) => {
    const applyView = async (call: Promise<Result<SessionView>>) => {
      set({ busy: true });
      const r = await call;
      set(r.ok ? { view: r.value, receivedAt: Date.now(), error: null, busy: false } : { error: r.error, busy: false });
    };
    return {
      view: null,
      receivedAt: 0,
      summary: null,
      error: null,
      summaryError: null,
      busy: false,
      suggestions: [],
      async loadSuggestions() {
        const r = await api.tickets.list();
        if (!r.ok) return;
        const mine = r.value.rows.filter(
          (t) => t.assigneeId === r.value.me && t.status !== 'resolved' && t.status !== 'closed',
        );
        set({ suggestions: mine.map((t) => ({ id: t.id, title: t.title })) });
      },
      follow() {
        const offs = disposables(
          api.session.onChanged((view) => set({ view, receivedAt: Date.now() })),
          // the suggestions follow the inbox (it may still be on its way after sign-in)
          api.tickets.onReset(() => void get().loadSuggestions()),
          api.session.onSummaryChanged((summary) => {
            if (!get().summary || get().summary?.date === summary.date) set({ summary });
          }),
        );
        void api.session
          .getState()
          .then((r) => set(r.ok ? { view: r.value, receivedAt: Date.now() } : { error: r.error }));
        void get().loadSummary();
        void get().loadSuggestions();
        return () => offs.dispose();
      },
      start: (ticketId) => applyView(api.session.start(ticketId === undefined ? {} : { ticketId })),
      pause: () => applyView(api.session.pause()),
      stillWorking: () => applyView(api.session.stillWorking()),
      resume: () => applyView(api.session.resume()),
      async toggle() {
        const mode = get().view?.mode ?? 'stopped';
        if (mode === 'working') return get().pause();
        if (mode === 'stopped') return get().start();
        return get().resume();
      },
      takeBreak: (kind) => applyView(api.session.takeBreak({ kind })),
      switchTicket: (ticketId) => applyView(api.session.switchTicket({ ticketId })),
      stop: () => applyView(api.session.stop()),
      answerGap: (from, to, as) => applyView(api.session.answerGap({ from, to, as })),
      async loadSummary(date) {
        const r = await api.session.getSummary(date ? { date } : undefined);
        set(r.ok ? { summary: r.value, summaryError: null } : { summaryError: r.error });
      },
      async saveNotes(notes) {
        const date = get().summary?.date ?? get().view?.date;
        if (!date) return false;
        const r = await api.session.saveNotes({ date, notes });
        set(r.ok ? { summary: r.value, summaryError: null } : { summaryError: r.error });
        return r.ok;
      },
      async sendSummary(notes, tickets) {
        const date = get().summary?.date ?? get().view?.date;
        if (!date) return false;
        set({ busy: true });
        const r = await api.session.sendSummary({
          date,
          notes,
          tickets: tickets.map((t) => ({ id: t.id, outcome: t.outcome })),
        });
        set(r.ok ? { summary: r.value, summaryError: null, busy: false } : { summaryError: r.error, busy: false });
        return r.ok;
      },
    };
  });
export type SessionStore = ReturnType<typeof createSessionStore>;

/** h:mm, digits in the locale's numerals */
export function hmm(ms: number, locale: string): string {
  return hoursMinutes(ms / 60_000, locale);
}

/** today's worked time, with the running segment counted on to `now` */
export function liveWorked(view: SessionView, receivedAt: number, now: number): number {
  return view.workedMs + (view.mode === 'working' ? Math.max(0, now - receivedAt) : 0);
}
