// What the control channel can make the app do, as one small interface. The composition root builds
// it from the core's contract handlers (createCoreActions); features that do not exist yet answer
// "not available in this version" until the lead wires them (see notAvailable below).
import type { Dispatcher } from '../../../shared/contract/dispatch';
import type { CallContext } from '../../../shared/contract/define';
import { invokeChannel } from '../../../shared/contract/define';
import type { MyPresence } from '../../../shared/contract/presence';
import type { SessionView, SummaryDraft } from '../../../shared/contract/session';
import type { SyncStatus } from '../../../shared/contract/sync';
import type { ConnectivityStatus } from '../../../shared/domain/connectivity';
import type { PresenceStatus } from '../../../shared/domain/presence';
import type { ControlErrorCode, SessionInfo } from './protocol';
import { ControlError } from './protocol';

export type SessionAction = 'start' | 'pause' | 'resume' | 'stop';

export interface ControlActions {
  connectivity: {
    current(): Promise<ConnectivityStatus>;
    /** an immediate re-check (a VPN hook said the tunnel changed; `diagnose`) */
    checkNow(): Promise<ConnectivityStatus>;
  };
  presence: {
    mine(): Promise<MyPresence | null>;
    set(state: PresenceStatus, text: string | undefined): Promise<MyPresence>;
  };
  outbox: { counts(): Promise<{ pending: number; failed: number }> };
  session: {
    /** null when no session feature exists in this version */
    current(): Promise<SessionInfo | null>;
    command(action: SessionAction, ticket: string | undefined): Promise<SessionInfo>;
  };
  summary: { send(): Promise<{ queued: boolean; date: string }> };
  window: {
    /** brings the window up on a ticket */
    openTicket(ticket: string): Promise<{ shown: boolean; navigated: boolean }>;
  };
}

/** For what this version cannot do yet: a clear error instead of a silent success. */
export const notAvailable = (what: string) => (): never => {
  throw new ControlError('not-available', `${what} is not available in this version of Teleworker.`);
};

/** The session and summary parts until the work-session feature is wired in (the lead's merge). */
export const sessionNotAvailable: Pick<ControlActions, 'session' | 'summary'> = {
  session: { current: async () => null, command: async () => notAvailable('The work session')() },
  summary: { send: async () => notAvailable('Sending the summary')() },
};

/** The session module's contract channels as the command's session and summary actions. */
export function sessionActions(
  dispatcher: Dispatcher,
  context: CallContext,
): Pick<ControlActions, 'session' | 'summary'> {
  const call = contractCaller(dispatcher, context);
  const STATE: Record<SessionView['mode'], SessionInfo['state']> = {
    working: 'running',
    paused: 'paused',
    break: 'on-break',
    stopped: 'stopped',
  };
  const info = (view: SessionView): SessionInfo => {
    const first = view.segments[0];
    return {
      state: STATE[view.mode],
      ticket: view.ticketId,
      startedAt: first ? new Date(first.start).toISOString() : null,
      workedSeconds: Math.max(0, Math.floor(view.workedMs / 1000)),
    };
  };
  const channel = (name: string) => invokeChannel('session', name);
  return {
    session: {
      current: async () => info(await call<SessionView>(channel('getState'))),
      async command(action, ticket) {
        if (action === 'start') return info(await call<SessionView>(channel('start'), { ticketId: ticket ?? null }));
        // `resume --ticket INC-1` resumes, then works on that ticket
        const view = await call<SessionView>(channel(action));
        return info(
          ticket && action === 'resume' ? await call<SessionView>(channel('switchTicket'), { ticketId: ticket }) : view,
        );
      },
    },
    summary: {
      // today's draft as it stands (the worker's saved notes, the tickets it lists), sent through the outbox
      async send() {
        const draft = await call<SummaryDraft>(channel('getSummary'));
        const sent = await call<SummaryDraft>(channel('sendSummary'), {
          date: draft.date,
          notes: draft.notes,
          tickets: draft.tickets.map((t) => ({ id: t.id, outcome: t.outcome })),
        });
        return { queued: sent.status === 'queued' || sent.status === 'delivered', date: sent.date };
      },
    },
  };
}

/** No window to bring up (the browser host, tests). */
export const noWindow: ControlActions['window'] = { openTicket: async () => notAvailable('Opening a ticket')() };

const CODE_MAP: Record<string, ControlErrorCode> = {
  'invalid-request': 'invalid-request',
  unauthorized: 'unavailable',
  unavailable: 'unavailable',
  forbidden: 'refused',
  'not-found': 'refused',
  conflict: 'refused',
  'unknown-channel': 'not-available',
  internal: 'internal',
};

/** Calls one contract channel through the core's dispatcher: the same validation and errors the window gets. */
export function contractCaller(dispatcher: Dispatcher, context: CallContext) {
  return async <T>(channel: string, payload?: unknown): Promise<T> => {
    const result = await dispatcher.dispatch(channel, payload, context);
    if (result.ok) return result.value as T;
    throw new ControlError(CODE_MAP[result.error.code] ?? 'internal', result.error.message);
  };
}

/**
 * The actions the core can answer today: connectivity (status, check now), presence (get, set),
 * the outbox (counts). Session, summary and the window come from the caller.
 */
export function createCoreActions(
  dispatcher: Dispatcher,
  context: CallContext,
  rest: Pick<ControlActions, 'session' | 'summary' | 'window'>,
): ControlActions {
  const call = contractCaller(dispatcher, context);
  return {
    connectivity: {
      current: () => call<ConnectivityStatus>(invokeChannel('connectivity', 'getStatus')),
      checkNow: () => call<ConnectivityStatus>(invokeChannel('connectivity', 'checkNow')),
    },
    presence: {
      mine: () => call<MyPresence | null>(invokeChannel('presence', 'getMine')),
      set: (status, text) =>
        call<MyPresence>(invokeChannel('presence', 'setMine'), {
          status,
          ...(text !== undefined ? { statusText: text } : {}),
        }),
    },
    outbox: {
      counts: async () => {
        const s = await call<SyncStatus>(invokeChannel('sync', 'getStatus'));
        return { pending: s.pending, failed: s.failed };
      },
    },
    ...rest,
  };
}
