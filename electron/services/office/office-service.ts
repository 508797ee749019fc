// The office, as the rest of the app sees it: who is signed in, what is waiting to be sent, and
// what the server last said. It wires the session, the outbox, the event stream and the cache
// together and reacts to the connectivity monitor and to the machine waking up.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { OfficeEvent, Presence, SetPresenceRequest, Ticket } from '../../../shared/office-api';
import type { ChatMessage } from '../../../shared/office-api';
import { ChannelsResponse, MeResponse, MessagesResponse, PresenceListResponse, TicketListResponse } from '../../../shared/office-api';
import { officeReachable } from '../../../shared/domain/connectivity-tone';
import type { ConnectivityPort } from '../core';
import type { Logger } from '../logger';
import type { OfficeHttp } from '../office-client/http';
import { OfficeEventStream } from '../office-client/event-stream';
import type { StreamStatus } from '../office-client/event-stream';
import type { Account, SecretPort, SessionState } from '../office-client/session';
import { OfficeSession, accountKey, normaliseServerUrl } from '../office-client/session';
import type { OutboxInput, OutboxItem, OutboxSummary } from '../outbox/outbox';
import { Outbox } from '../outbox/outbox';
import { OfficeCache } from '../store/office-cache';
import { deliverItem } from './deliver';

export interface OfficeServiceOptions {
  db: Database.Database;
  secrets: SecretPort;
  connectivity: ConnectivityPort;
  logger: Logger;
  now?: () => number;
  /** per HTTP request (default 10 s) */
  requestTimeoutMs?: number;
  /** outbox tuning for tests and benchmarks */
  outbox?: { concurrency?: number; backoff?: { baseMs: number; maxMs: number }; notifyEveryMs?: number };
}

/** Sorts a channel's messages by time in the cache's id order. */
const chatKey = (m: ChatMessage) => `${m.channelId}/${m.createdAt}/${m.id}`;

export interface SyncStatus extends OutboxSummary {
  stream: StreamStatus;
}

export class OfficeService {
  readonly session: OfficeSession;
  readonly outbox: Outbox;
  readonly cache: OfficeCache;
  private readonly stream: OfficeEventStream;
  private readonly syncListeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: OfficeEvent) => void>();
  private readonly stops: Array<() => void> = [];
  /** what the connectivity monitor last said: may the outbox send, is a reconnect due */
  private reachable = false;

  constructor(private readonly options: OfficeServiceOptions) {
    const { db, logger } = options;
    this.cache = new OfficeCache(db, options.now);
    const memory = {
      load: () => {
        const text = this.cache.getSetting('account');
        return text ? (JSON.parse(text) as Account) : null;
      },
      save: (account: Account | null) => this.cache.setSetting('account', account && JSON.stringify(account)),
    };
    this.session = new OfficeSession({ secrets: options.secrets, memory, logger, now: options.now, requestTimeoutMs: options.requestTimeoutMs });
    this.outbox = new Outbox({
      db,
      logger,
      now: options.now,
      deliver: (item) => deliverItem(() => this.http(), item),
      owner: () => this.owner(),
      ...options.outbox,
    });
    this.stream = new OfficeEventStream({
      server: () => {
        const state = this.session.current();
        return state.status === 'signed-in' ? state.server : null;
      },
      accessToken: () => this.session.accessToken(),
      lastEventId: {
        load: () => Number(this.cache.getSetting('lastEventId') ?? 0),
        save: (id) => this.cache.setSetting('lastEventId', String(id)),
      },
      onEvent: (event) => this.apply(event),
      onResync: () => void this.refresh(),
      onStatus: () => this.syncChanged(),
      logger,
    });
  }

  start(): void {
    const { connectivity } = this.options;
    this.stops.push(
      this.outbox.onChange(() => this.syncChanged()),
      this.session.onChange((state) => this.onSession(state)),
      connectivity.onChange((status) => this.onConnectivity(officeReachable(status.status))),
    );
    this.reachable = officeReachable(connectivity.current().status);
    void this.session.restore();
  }

  stop(): void {
    this.stops.splice(0).forEach((stop) => stop());
    this.stream.stop();
    this.outbox.stop();
    this.session.stop();
  }

  async signIn(server: string, username: string, password: string): Promise<SessionState> {
    // Another account than the last one: nothing of the previous user's data may show.
    if (accountKey({ server: normaliseServerUrl(server), username: username.trim().toLowerCase() }) !== this.owner()) this.forgetServerData();
    return this.session.signIn(server, username, password);
  }

  /** Signs out and forgets what the server sent; this user's unsent changes wait for their return. */
  async signOut(): Promise<SessionState> {
    const state = await this.session.signOut();
    this.forgetServerData();
    return state;
  }

  private forgetServerData(): void {
    this.stream.stop();
    this.stream.forgetPosition();
    this.cache.clear();
    this.cache.setSetting('lastEventId', null);
  }

  /** The machine woke from sleep: the old socket is dead even if nobody noticed yet. */
  resumed(): void {
    this.stream.reconnectNow();
    void this.outbox.flush();
  }

  syncStatus(): SyncStatus {
    return { ...this.outbox.summary(), stream: this.stream.status() };
  }

  onSyncChange(listener: () => void): () => void {
    this.syncListeners.add(listener);
    return () => this.syncListeners.delete(listener);
  }

  onEvent(listener: (event: OfficeEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Everything the user changes goes through here: queued durably first, delivered later. */
  enqueue(input: OutboxInput): OutboxItem {
    return this.outbox.enqueue(input);
  }

  setPresence(change: SetPresenceRequest): OutboxItem {
    return this.enqueue({ kind: 'presence', queue: 'presence', method: 'PUT', path: '/presence', body: change });
  }

  postChatMessage(channelId: string, body: string): OutboxItem {
    return this.enqueue({ kind: 'chat-message', queue: `chat:${channelId}`, method: 'POST', path: '/chat/messages', body: { channelId, body, clientId: randomUUID() } });
  }

  changeTicketStatus(ticketId: string, status: Ticket['status'], note?: string): OutboxItem {
    return this.enqueue({ kind: 'ticket-status', queue: `ticket:${ticketId}`, method: 'POST', path: `/tickets/${encodeURIComponent(ticketId)}/status`, body: note ? { status, note } : { status } });
  }

  commentOnTicket(ticketId: string, body: string): OutboxItem {
    return this.enqueue({ kind: 'ticket-comment', queue: `ticket:${ticketId}`, method: 'POST', path: `/tickets/${encodeURIComponent(ticketId)}/comments`, body: { body } });
  }

  escalateTicket(ticketId: string, level: 'L2' | 'L3', reason: string): OutboxItem {
    return this.enqueue({ kind: 'ticket-escalation', queue: `ticket:${ticketId}`, method: 'POST', path: `/tickets/${encodeURIComponent(ticketId)}/escalate`, body: { level, reason } });
  }

  submitSummary(summary: { date: string } & Record<string, unknown>): OutboxItem {
    return this.enqueue({ kind: 'summary', queue: `summary:${summary.date}`, method: 'POST', path: '/summaries', body: summary });
  }

  myPresence(): Presence | null {
    const state = this.session.current();
    return state.status === 'signed-in' ? this.cache.get<Presence>('presence', state.user.id) : null;
  }

  /** Refetches what the cache holds (after sign-in, and when the server says history is gone). */
  async refresh(): Promise<void> {
    try {
      const http = this.http();
      const [me, tickets, presence] = await Promise.all([
        http('GET', '/me', { schema: MeResponse }),
        http('GET', '/tickets', { schema: TicketListResponse, query: { limit: 200 } }),
        http('GET', '/presence', { schema: PresenceListResponse }),
      ]);
      this.cache.put('me', 'me', me);
      this.cache.replaceAll('ticket', tickets.items.map((t) => ({ id: t.id, data: t })));
      this.cache.replaceAll('presence', presence.items.map((p) => ({ id: p.userId, data: p })));
      // The latest page of every conversation, so chat history reads offline too.
      const channels = await http('GET', '/chat/channels', { schema: ChannelsResponse });
      this.cache.replaceAll('channel', channels.items.map((c) => ({ id: c.id, data: c })));
      const pages = await Promise.all(
        channels.items.map((c) => http('GET', `/chat/channels/${encodeURIComponent(c.id)}/messages`, { schema: MessagesResponse, query: { limit: 50 } })),
      );
      this.cache.replaceAll('chat-message', pages.flatMap((page) => page.items.map((m) => ({ id: chatKey(m), data: m }))));
    } catch (error) {
      this.options.logger.warn(`refresh from the office failed: ${(error as Error).message}`);
    }
  }

  /** user@server of the signed-in (or last signed-in) account: it owns the changes queued now. */
  private owner(): string {
    const state = this.session.current();
    if (state.status === 'signed-in') return accountKey({ server: state.server, username: state.user.username });
    const saved = this.cache.getSetting('account');
    return saved ? accountKey(JSON.parse(saved) as Account) : '';
  }

  private http(): OfficeHttp {
    return this.session.http();
  }

  private apply(event: OfficeEvent): void {
    switch (event.type) {
      case 'ticket.assigned':
      case 'ticket.updated':
      case 'ticket.commented':
        this.cache.put('ticket', event.ticket.id, event.ticket);
        break;
      case 'ticket.unassigned':
        this.cache.remove('ticket', event.ticketId);
        break;
      case 'chat.message':
        this.cache.put('chat-message', chatKey(event.message), event.message);
        break;
      case 'presence.changed':
        this.cache.put('presence', event.presence.userId, event.presence);
        break;
      default:
        break;
    }
    for (const listener of [...this.eventListeners]) listener(event);
  }

  private onConnectivity(reachable: boolean): void {
    const cameBack = reachable && !this.reachable;
    this.reachable = reachable;
    this.outbox.setOnline(reachable && this.session.current().status === 'signed-in');
    if (!cameBack) return;
    const state = this.session.current();
    if (state.status === 'signed-in') this.stream.reconnectNow();
    else void this.session.restore();
  }

  private onSession(state: SessionState): void {
    if (state.status === 'signed-in') {
      this.outbox.setOnline(this.reachable);
      this.stream.start();
      void this.refresh();
    } else {
      this.outbox.setOnline(false);
      this.stream.stop();
    }
    this.syncChanged();
  }

  private syncChanged(): void {
    for (const listener of [...this.syncListeners]) listener();
  }
}
