// One WebSocket to the office for live events. It reconnects with backoff and jitter, resumes from
// the last event it processed (so nothing is missed across a drop), and reconnects at once when
// told the office is reachable again or the machine woke up: an app that stays "offline" after
// the VPN came back is the complaint users of chat clients make most.
import { WebSocket } from 'ws';
import type { OfficeEvent } from '../../../shared/office-api';
import { BEARER_SUBPROTOCOL_PREFIX, EVENTS_CLOSE, EVENTS_SUBPROTOCOL, ServerFrame } from '../../../shared/office-api';
import type { Logger } from '../logger';
import { backoffDelay } from '../backoff';
import type { OfficeTrust } from './trust';
import { createOfficeTrust } from './trust';

export type StreamStatus = 'connected' | 'connecting' | 'disconnected';

export interface EventStreamOptions {
  /** the signed-in server, or null when signed out */
  server(): string | null;
  accessToken(): Promise<string>;
  /**
   * Renews the access token whatever its expiry says: the office refused it (4401) because the
   * session ended elsewhere or the clocks disagree. A refused renewal signs the user out.
   */
  renewAccessToken?(): Promise<void>;
  /** the last event processed; null: none yet for this account (its first connection) */
  lastEventId: { load(): number | null; save(id: number): void };
  onEvent(event: OfficeEvent, id: number): void;
  /**
   * Refetch over HTTP: the server no longer has the history since our last id, or this account's
   * first connection started from the server's newest id instead of replaying its whole history
   */
  onResync(): void;
  onStatus?(status: StreamStatus): void;
  /**
   * The socket closed, or a connect attempt failed, for a reason that may be the office going away
   * (not a refused token, not our own stop): the connectivity monitor takes it as a suspicion.
   * `detail` is the close code, e.g. "1006" (abnormal: reset, refused, timed out) or "1001" (shutdown).
   */
  onLost?(detail: string): void;
  logger: Logger;
  random?: () => number;
  backoff?: { baseMs: number; maxMs: number };
  timers?: { setTimeout(cb: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  /** how long a connection must hold before the backoff starts from scratch again */
  stableMs?: number;
  /** the last event id is written to the store at most this often (default 500 ms) */
  saveEveryMs?: number;
  /** which certificates are the office's (default: the OS trust store) */
  trust?: OfficeTrust;
}

export class OfficeEventStream {
  private socket: WebSocket | null = null;
  private retryTimer: unknown = null;
  private attempts = 0;
  private running = false;
  private statusValue: StreamStatus = 'disconnected';
  private connectedAt = 0;
  /** the last event id processed; persisted at most every saveEveryMs (replays are harmless) */
  private lastId: number | null = null;
  private saveTimer: unknown = null;
  /** bumped by every connect, reconnect and stop: a connect that awaited a token and lost the race opens nothing */
  private generation = 0;
  private readonly timers: NonNullable<EventStreamOptions['timers']>;

  constructor(private readonly options: EventStreamOptions) {
    this.timers = options.timers ?? {
      setTimeout: (cb, ms) => setTimeout(cb, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
  }

  status(): StreamStatus {
    return this.statusValue;
  }

  start(): void {
    this.running = true;
    if (!this.socket && !this.retryTimer) void this.connect();
  }

  /** The office is reachable again, or the machine resumed: do not wait for the backoff. */
  reconnectNow(): void {
    if (!this.running) return;
    if (this.statusValue === 'connected') return;
    this.attempts = 0;
    if (this.retryTimer) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.terminate();
    void this.connect();
  }

  /** Another account (or none): its first connection starts from the office's newest event. */
  forgetPosition(): void {
    if (this.saveTimer) this.timers.clearTimeout(this.saveTimer);
    this.saveTimer = null;
    this.lastId = null;
  }

  stop(): void {
    this.running = false;
    this.generation++;
    this.saveLastId();
    if (this.retryTimer) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'client stopping');
    this.setStatus('disconnected');
  }

  private wsAgent: ReturnType<OfficeTrust['agent']> | null = null;

  /** A WebSocket takes its socket over for good, so the agent keeps none alive. */
  private agent(): ReturnType<OfficeTrust['agent']> {
    return (this.wsAgent ??= (this.options.trust ?? createOfficeTrust()).agent({ keepAlive: false }));
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    const server = this.options.server();
    if (!this.running || !server) return this.setStatus('disconnected');
    this.setStatus('connecting');
    let token: string;
    try {
      token = await this.options.accessToken();
    } catch (error) {
      if (generation !== this.generation) return;
      this.options.logger.warn(`event stream: no access token (${(error as Error).message})`);
      return this.scheduleRetry();
    }
    if (!this.running || generation !== this.generation) return;
    this.lastId ??= this.options.lastEventId.load();
    const since = this.lastId;
    const url = new URL('/api/v1/events', server);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    // no position yet: live from now (the ready frame names the newest id), not the whole history
    if (since !== null) url.searchParams.set('since', String(since));
    const ws = new WebSocket(url, [EVENTS_SUBPROTOCOL, `${BEARER_SUBPROTOCOL_PREFIX}${token}`], {
      handshakeTimeout: 10_000,
      // the same trust rule as every office request; the token is not sent to a server that fails it
      ...(url.protocol === 'wss:' ? { agent: this.agent() } : {}),
    });
    this.socket = ws;
    ws.on('message', (data) => {
      if (this.socket !== ws) return; // a socket we already let go of (stop, reconnect)
      try {
        this.handle(data.toString());
      } catch (error) {
        // A bad event must not take the main process down; the next resync repairs the cache.
        this.options.logger.error('event stream: handling an event failed', error);
      }
    });
    ws.on('error', (error) => this.options.logger.warn(`event stream: ${error.message}`));
    ws.on('close', (code) => {
      if (this.socket !== ws) return;
      this.socket = null;
      if (Date.now() - this.connectedAt > (this.options.stableMs ?? 30_000)) this.attempts = 0;
      if (code === EVENTS_CLOSE.unauthorized) {
        this.options.logger.warn('event stream: the server refused our token; renewing it');
        const renewed = this.options.renewAccessToken?.() ?? Promise.resolve();
        void renewed
          .catch((error: unknown) =>
            this.options.logger.warn(
              `event stream: renewing the token failed: ${(error as Error)?.message ?? String(error)}`,
            ),
          )
          .finally(() => this.scheduleRetry());
        return;
      }
      if (code !== EVENTS_CLOSE.authTimeout && code !== EVENTS_CLOSE.slowConsumer) this.options.onLost?.(String(code));
      this.scheduleRetry();
    });
  }

  private handle(text: string): void {
    let frame;
    try {
      frame = ServerFrame.safeParse(JSON.parse(text));
    } catch {
      frame = null;
    }
    if (!frame?.success) {
      this.options.logger.warn('event stream: ignored a frame Teleworker does not understand');
      return;
    }
    const message = frame.data;
    switch (message.type) {
      case 'ready':
        this.connectedAt = Date.now();
        if (this.lastId === null) {
          // A first connection: take the office's newest id as our position, then refetch over HTTP
          // what the cache holds, so nothing between the sign-in's fetch and now is missed. (A
          // replay of every event since the office began took 70 s for 10,000 chat messages.)
          this.lastId = message.lastEventId;
          this.options.lastEventId.save(message.lastEventId);
          this.options.onResync();
        }
        this.setStatus('connected');
        break;
      case 'event': {
        // Replays can overlap what we already processed; ids only grow, so older ones are skipped.
        this.lastId ??= this.options.lastEventId.load();
        if (this.lastId !== null && message.id <= this.lastId) return;
        this.options.onEvent(message.event, message.id);
        this.lastId = message.id;
        // Applying an event twice is harmless (the cache is keyed by id), so after a crash a
        // slightly older saved id only means a short replay: no need to write on every event.
        this.saveTimer ??= this.timers.setTimeout(() => this.saveLastId(), this.options.saveEveryMs ?? 500);
        break;
      }
      case 'resync':
        this.options.onResync();
        break;
      default:
        break;
    }
  }

  private saveLastId(): void {
    if (this.saveTimer) this.timers.clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.lastId !== null) this.options.lastEventId.save(this.lastId);
  }

  private scheduleRetry(): void {
    this.setStatus(this.running ? 'connecting' : 'disconnected');
    if (!this.running || this.retryTimer) return;
    this.attempts++;
    const { baseMs, maxMs } = this.options.backoff ?? { baseMs: 1000, maxMs: 60_000 };
    const delay = backoffDelay(this.attempts, baseMs, maxMs, this.options.random ?? Math.random);
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  private setStatus(status: StreamStatus): void {
    if (status === this.statusValue) return;
    this.statusValue = status;
    this.options.onStatus?.(status);
  }
}
