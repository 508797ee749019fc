// The office connection every feature module shares: who is signed in, what is waiting to be sent,
// and what the server last said. It wires the session, the outbox, the event stream and the cache
// together and reacts to the connectivity monitor and to the machine waking up. It knows no
// feature: modules add a feed (what to fetch after sign-in, how to apply a live event to the
// cache) and declare the outbox commands they send.
import { z } from 'zod';
import type Database from 'better-sqlite3';
import type { OfficeEvent } from '../../../shared/office-api';
import { User } from '../../../shared/office-api';
import { officeReachable } from '../../../shared/domain/connectivity-tone';
import { NETWORK_HEADER, networkHeaderValue } from '../../../shared/office-api/audit';
import type { ConnectivityPort, Logger } from '../ports';
import type { OfficeHttp } from '../office-client/http';
import { OfficeError } from '../office-client/http';
import { OfficeEventStream } from '../office-client/event-stream';
import type { StreamStatus } from '../office-client/event-stream';
import type { Account, SecretPort, SessionState } from '../office-client/session';
import type { OfficeTrust } from '../office-client/trust';
import { OfficeSession, accountKey, normaliseServerUrl } from '../office-client/session';
import type { CommandRegistry, OutboxCommand } from '../outbox/command';
import type { OutboxItem, OutboxSummary } from '../outbox/outbox';
import { Outbox } from '../outbox/outbox';
import { OfficeCache } from '../store/office-cache';
import { deliverItem } from './deliver';
import { disposables, listenerSet } from '../../../shared/disposables';

/** What a feature module keeps of the office in the local cache. */
export interface OfficeFeed {
  /** for logs: "tickets", "chat" */
  name: string;
  /** fetches this feature's data into the cache (after sign-in, and when the server says history is gone) */
  refresh?(http: OfficeHttp, cache: OfficeCache): Promise<void>;
  /** applies one live event to the cache, before listeners hear of it */
  apply?(event: OfficeEvent, cache: OfficeCache): void;
}

/** The saved account, read back from disk: validated, never trusted as it is. */
const SavedAccount = z.object({ server: z.string().min(1), username: z.string().min(1), user: User.optional() });

export interface OfficeServiceOptions {
  db: Database.Database;
  secrets: SecretPort;
  connectivity: ConnectivityPort;
  logger: Logger;
  /** every outbox command the app's modules declared */
  commands: CommandRegistry;
  now?: () => number;
  /** per HTTP request (default 10 s) */
  requestTimeoutMs?: number;
  /** which certificates are the office's: the OS store, policy's officeCa and certPins (office-client/trust.ts) */
  trust?: OfficeTrust;
  /** outbox tuning for tests and benchmarks */
  outbox?: {
    concurrency?: number;
    backoff?: { baseMs: number; maxMs: number };
    notifyEveryMs?: number;
    giveUp?: { attempts: number; afterMs: number };
  };
}

export interface SyncStatus extends OutboxSummary {
  stream: StreamStatus;
}

export class OfficeService {
  readonly session: OfficeSession;
  readonly outbox: Outbox;
  readonly cache: OfficeCache;
  private readonly stream: OfficeEventStream;
  private readonly syncListeners = listenerSet();
  private readonly eventListeners = listenerSet<[OfficeEvent]>();
  private readonly feeds: OfficeFeed[] = [];
  private readonly stops = disposables();
  /** what the connectivity monitor last said: may the outbox send, is a reconnect due */
  private reachable = false;

  constructor(private readonly options: OfficeServiceOptions) {
    const { db, logger } = options;
    this.cache = new OfficeCache(db, options.now);
    const memory = {
      load: () => this.savedAccount(),
      save: (account: Account | null) => this.cache.setSetting('account', account && JSON.stringify(account)),
    };
    this.session = new OfficeSession({
      secrets: options.secrets,
      memory,
      logger,
      now: options.now,
      requestTimeoutMs: options.requestTimeoutMs,
      ...(options.trust ? { trust: options.trust } : {}),
    });
    this.outbox = new Outbox({
      db,
      logger,
      commands: options.commands,
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
      renewAccessToken: () => this.session.renewNow(),
      lastEventId: {
        load: () => {
          const saved = this.cache.getSetting('lastEventId');
          return saved === null ? null : Number(saved);
        },
        save: (id) => this.cache.setSetting('lastEventId', String(id)),
      },
      onEvent: (event) => this.apply(event),
      onResync: () => void this.refresh(),
      onStatus: () => this.syncChanged(),
      // The live socket closing may be the office going away: the monitor looks at once.
      onLost: (detail) => options.connectivity.suspectOffice('event-stream-closed', detail),
      logger,
      ...(options.trust ? { trust: options.trust } : {}),
    });
  }

  start(): void {
    const { connectivity } = this.options;
    this.stops.add(
      this.outbox.onChange(() => this.syncChanged()),
      this.session.onChange((state) => this.onSession(state)),
      connectivity.onChange((status) => this.onConnectivity(officeReachable(status.status))),
    );
    this.reachable = officeReachable(connectivity.current().status);
    void this.session.restore();
  }

  stop(): void {
    this.stops.dispose();
    this.stream.stop();
    this.outbox.stop();
    this.session.stop();
  }

  async signIn(server: string, username: string, password: string): Promise<SessionState> {
    // Another account than the last one: nothing of the previous user's data may show.
    if (accountKey({ server: normaliseServerUrl(server), username: username.trim().toLowerCase() }) !== this.owner())
      this.forgetServerData();
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
    return this.syncListeners.on(listener);
  }

  onEvent(listener: (event: OfficeEvent) => void): () => void {
    return this.eventListeners.on(listener);
  }

  /** A module's feed: its part of the cache, refreshed and kept live. */
  addFeed(feed: OfficeFeed): () => void {
    this.feeds.push(feed);
    return () => {
      const at = this.feeds.indexOf(feed);
      if (at >= 0) this.feeds.splice(at, 1);
    };
  }

  /** Everything the user changes goes through here: checked, queued durably first, delivered later. */
  enqueue<P, B>(command: OutboxCommand<P, B>, params: P, body: B): OutboxItem {
    return this.outbox.enqueue(command, params, body);
  }

  /** One request to the office as the signed-in user, for what is not queued (a ticket's comments, a manager's assignment). */
  request: OfficeHttp = (method, path, options) => this.http()(method, path, options);
  /** A read from the office now, not kept in the cache (a view that needs it fresh: the manager's team tickets). */
  fetch<S extends z.ZodType>(
    path: string,
    schema: S,
    query?: Record<string, string | number | undefined>,
  ): Promise<z.output<S>> {
    return this.http()('GET', path, { schema, ...(query ? { query } : {}) });
  }

  /** The signed-in user, or null. */
  me(): Extract<SessionState, { status: 'signed-in' }>['user'] | null {
    const state = this.session.current();
    return state.status === 'signed-in' ? state.user : null;
  }

  /** Refetches what the cache holds (after sign-in, and when the server says history is gone). */
  async refresh(): Promise<void> {
    let http: OfficeHttp;
    try {
      http = this.http();
    } catch (error) {
      this.options.logger.warn(`refresh from the office failed: ${(error as Error).message}`);
      return;
    }
    await Promise.all(
      this.feeds.map(async (feed) => {
        try {
          await feed.refresh?.(http, this.cache);
        } catch (error) {
          this.options.logger.warn(`refresh of ${feed.name} from the office failed: ${(error as Error).message}`);
        }
      }),
    );
  }

  /** user@server of the signed-in (or last signed-in) account: it owns the changes queued now. */
  private owner(): string {
    const state = this.session.current();
    if (state.status === 'signed-in') return accountKey({ server: state.server, username: state.user.username });
    const saved = this.savedAccount();
    return saved ? accountKey(saved) : '';
  }

  private savedAccount(): Account | null {
    const text = this.cache.getSetting('account');
    if (!text) return null;
    try {
      const parsed = SavedAccount.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      this.options.logger.warn('the saved account is not valid; signing in again is needed');
    } catch {
      this.options.logger.warn('the saved account is not readable JSON; signing in again is needed');
    }
    return null;
  }

  /**
   * The session's HTTP client, telling the connectivity monitor when a request fails at the network
   * level (refused, reset, timed out): the office may be gone, and the monitor need not wait for
   * its next probe to find out. An HTTP error answer is an office that is there.
   */
  private http(): OfficeHttp {
    const http = this.session.http();
    const { connectivity } = this.options;
    const watched: OfficeHttp = async (method, path, options) => {
      try {
        // where this change is made from (office LAN, VPN, elsewhere): the office's audit trail records it
        const network = networkHeaderValue(connectivity.current().status);
        return await http(method, path, { ...options, headers: { ...options.headers, [NETWORK_HEADER]: network } });
      } catch (error) {
        if (error instanceof OfficeError && (error.kind === 'network' || error.kind === 'timeout')) {
          const code =
            error.kind === 'timeout' ? 'ETIMEDOUT' : (/\(([A-Z][A-Z0-9_]+)\)/.exec(error.message)?.[1] ?? 'network');
          connectivity.suspectOffice('office-request-failed', code);
        }
        throw error;
      }
    };
    return watched;
  }

  private apply(event: OfficeEvent): void {
    for (const feed of this.feeds) {
      try {
        feed.apply?.(event, this.cache);
      } catch (error) {
        this.options.logger.warn(`${feed.name} could not apply the office event ${event.type}`, error);
      }
    }
    this.eventListeners.emit(event);
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
    this.syncListeners.emit();
  }
}
