// The live event stream. An event is stored once with its recipients (so a reconnecting client can
// replay what it missed) and then pushed, serialized once, to each recipient's open sockets.
//
// A socket is as good as the access token it authenticated with, and no better: it is closed with
// 4401 when that token expires, when its session is revoked (sign-out, a reused refresh token),
// and before any frame of a session that is no longer active is acted on. The client then renews
// its token and reconnects with `since`, so nothing is missed.
//
// With a store shared by several nodes (PostgreSQL: store.feed), a node does not push what it
// publishes itself: every node, this one included, pushes what the feed hands it, which is every
// event committed anywhere, once and in id order. So ids rise on every socket of every node, and a
// client resuming on another node from its last id misses nothing and gets nothing twice.
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import {
  BEARER_SUBPROTOCOL_PREFIX,
  ClientFrame,
  EVENTS_CLOSE,
  EventSince,
  type ChatMessage,
  type OfficeEvent,
  type ServerFrame,
} from '../../shared/office-api';
import type { AuthenticatedSession, OfficeStore, UserRecord } from '../data/store';
import { ApiError } from '../http/errors';
import { toApiUser } from '../services/views';

export interface HubDeps {
  store: OfficeStore;
  now: () => number;
  log: FastifyBaseLogger;
  /** resolves an access token to its session, or null */
  authenticate(token: string): Promise<AuthenticatedSession | null>;
  /** whether a session is still neither revoked nor expired (asked of the store, not a cache) */
  sessionActive(sessionId: string): Promise<boolean>;
  onFirstConnection(user: UserRecord): Promise<void>;
  onLastDisconnection(user: UserRecord): Promise<void>;
  sendChat(
    user: UserRecord,
    input: { channelId: string; body: string; clientId: string },
  ): Promise<{ message: ChatMessage; created: boolean }>;
  /** an event was written to this node's sockets; ageMs: since its creation, by `now` (for /metrics) */
  onPushed?(ageMs: number): void;
}

const AUTH_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 30_000;
const REPLAY_BATCH = 500;
/** a client this far behind is dropped rather than buffered without bound */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** setTimeout's limit; a later expiry re-arms when it fires */
const MAX_TIMER_MS = 2 ** 31 - 1;

type Refusal = 'expired' | 'revoked';
const REFUSALS: Record<Refusal, { reason: string; message: string }> = {
  expired: { reason: 'access token expired', message: 'the access token expired: renew it and reconnect' },
  revoked: { reason: 'session ended', message: 'the session was ended (signed out or revoked): sign in again' },
};

class Connection {
  state: 'auth' | 'replaying' | 'live' | 'closed' = 'auth';
  user: UserRecord | null = null;
  sessionId: string | null = null;
  /** when the access token this socket authenticated with stops working */
  expiresAt = Infinity;
  expiryTimer: NodeJS.Timeout | undefined;
  alive = true;
  lastSent = 0;
  queued: { id: number; frame: string }[] = [];
  authTimer: NodeJS.Timeout | undefined;
  /** a `since` from the URL, kept until the auth frame arrives */
  pendingSince: number | undefined;
  authStarted = false;
  chain: Promise<void> = Promise.resolve();

  constructor(readonly socket: WebSocket) {}

  sendFrame(frame: ServerFrame | string): void {
    if (this.state === 'closed' || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(EVENTS_CLOSE.slowConsumer, 'too far behind');
      return;
    }
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  isClosed(): boolean {
    return this.state === 'closed';
  }

  deliver(id: number, frame: string): void {
    if (this.state === 'replaying') this.queued.push({ id, frame });
    else if (this.state === 'live' && id > this.lastSent) {
      this.lastSent = id;
      this.sendFrame(frame);
    }
  }

  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.authTimer);
    clearTimeout(this.expiryTimer);
    try {
      this.socket.close(code, reason);
    } catch {
      this.socket.terminate();
    }
  }
}

export function eventFrame(id: number, at: number, payload: string): string {
  return `{"type":"event","id":${id},"at":"${new Date(at).toISOString()}","event":${payload}}`;
}

export class EventHub {
  private readonly byUser = new Map<string, Set<Connection>>();
  private readonly bySession = new Map<string, Set<Connection>>();
  private readonly all = new Set<Connection>();
  private readonly heartbeat: NodeJS.Timeout;
  private shuttingDown = false;

  constructor(private readonly deps: HubDeps) {
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  isConnected(userId: string): boolean {
    return (this.byUser.get(userId)?.size ?? 0) > 0;
  }

  get connectionCount(): number {
    return this.all.size;
  }

  /** follows the store's feed of every node's events, when it has one (call once, before serving) */
  async start(): Promise<void> {
    const feed = this.deps.store.feed;
    if (!feed) return;
    await feed.follow({
      event: (e) => this.push(e.id, e.at, e.payload, e.recipients),
      sessionEnded: (sessionId) => this.closeSession(sessionId),
      error: (err) =>
        this.deps.log.warn({ err }, 'event feed: database connection trouble (it reconnects and catches up)'),
    });
  }

  /** stores the event for its recipients and pushes it to those online; returns its id */
  async publish(event: OfficeEvent, recipients: Iterable<string>): Promise<number> {
    const to = [...new Set(recipients)];
    if (!to.length) return 0;
    const at = this.deps.now();
    const payload = JSON.stringify(event);
    const id = await this.deps.store.events.append(payload, to, at);
    this.deliver(id, at, payload, to);
    return id;
  }

  /** pushes an event already stored (with these recipients, committed) to those online */
  deliver(id: number, at: number, payload: string, recipients: Iterable<string>): void {
    // a shared store's feed hands every node every event, in order: pushing it here too could overtake an earlier one
    if (this.deps.store.feed) return;
    this.push(id, at, payload, recipients);
  }

  private push(id: number, at: number, payload: string, recipients: Iterable<string>): void {
    let frame: string | undefined;
    let now: number | undefined;
    for (const userId of recipients) {
      const conns = this.byUser.get(userId);
      if (!conns?.size) continue;
      frame ??= eventFrame(id, at, payload);
      now ??= this.deps.now();
      for (const c of conns) {
        // the expiry timer may not have fired yet (a busy loop, a clock that jumped): never past it
        if (c.expiresAt <= now) this.refuse(c, 'expired');
        else c.deliver(id, frame);
      }
    }
    if (now !== undefined) this.deps.onPushed?.(this.deps.now() - at);
  }

  /** closes every socket of a session at once (sign-out, revocation, a reused refresh token); returns how many */
  closeSession(sessionId: string): number {
    const conns = this.bySession.get(sessionId);
    if (!conns?.size) return 0;
    const n = conns.size;
    for (const c of [...conns]) this.refuse(c, 'revoked');
    return n;
  }

  attach(socket: WebSocket, request: FastifyRequest): void {
    const conn = new Connection(socket);
    this.all.add(conn);
    socket.on('pong', () => {
      conn.alive = true;
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        conn.sendFrame({ type: 'error', error: { code: 'bad_request', message: 'send JSON text frames' } });
        return;
      }
      // one frame at a time per socket, so answers (chat.ack) come back in the order sent
      const text = data.toString();
      conn.chain = conn.chain.then(() => this.onFrame(conn, text)).catch((err: unknown) => this.frameFailed(conn, err));
    });
    socket.on('close', () => void this.detach(conn));
    socket.on('error', (err) => this.deps.log.debug({ err }, 'event socket error'));

    const query = request.query as Record<string, unknown> | undefined;
    let since: number | undefined;
    if (query?.since !== undefined) {
      const s = EventSince.safeParse(query.since);
      if (!s.success) {
        conn.sendFrame({
          type: 'error',
          error: { code: 'validation_failed', message: 'since must be a non-negative integer' },
        });
        conn.close(1008, 'bad since');
        return;
      }
      since = s.data;
    }
    const token = tokenFromUpgrade(request);
    if (token) {
      conn.authStarted = true;
      void this.authenticate(conn, token, since).catch((err: unknown) => this.frameFailed(conn, err));
    } else {
      conn.authTimer = setTimeout(() => conn.close(EVENTS_CLOSE.authTimeout, 'no auth frame'), AUTH_TIMEOUT_MS);
      conn.authTimer.unref();
      conn.pendingSince = since;
    }
  }

  /** closes every socket (server shutdown) */
  closeAll(): void {
    this.shuttingDown = true;
    clearInterval(this.heartbeat);
    for (const c of this.all) c.close(EVENTS_CLOSE.shutdown, 'server shutting down');
  }

  private async onFrame(conn: Connection, text: string): Promise<void> {
    if (conn.state === 'closed') return;
    // nothing from a session that ended or a token that expired is acted on, not even a ping
    if (conn.sessionId !== null) {
      const refusal = await this.refusal(conn);
      if (refusal) {
        this.refuse(conn, refusal, clientIdOf(text));
        return;
      }
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      conn.sendFrame({ type: 'error', error: { code: 'invalid_json', message: 'the frame is not JSON' } });
      return;
    }
    const parsed = ClientFrame.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      conn.sendFrame({
        type: 'error',
        error: {
          code: 'validation_failed',
          message: `invalid frame: ${issue ? `${issue.path.join('.')} ${issue.message}` : ''}`,
        },
      });
      return;
    }
    const frame = parsed.data;
    // (a method, not conn.state: the awaits above may have closed it meanwhile)
    if (conn.isClosed()) return;
    if (conn.state === 'auth') {
      if (frame.type !== 'auth') {
        conn.sendFrame({
          type: 'error',
          error: { code: 'unauthorized', message: 'send { type: "auth", token } first' },
        });
        return;
      }
      if (conn.authStarted) return;
      conn.authStarted = true;
      await this.authenticate(conn, frame.token, frame.since ?? conn.pendingSince);
      return;
    }
    switch (frame.type) {
      case 'auth':
        conn.sendFrame({ type: 'error', error: { code: 'bad_request', message: 'already authenticated' } });
        return;
      case 'ping':
        conn.sendFrame(frame.nonce === undefined ? { type: 'pong' } : { type: 'pong', nonce: frame.nonce });
        return;
      case 'resume':
        if (conn.state === 'live') await this.replay(conn, frame.since);
        return;
      case 'chat.send': {
        if (!conn.user) return;
        try {
          const r = await this.deps.sendChat(conn.user, frame);
          conn.sendFrame({ type: 'chat.ack', clientId: frame.clientId, message: r.message, created: r.created });
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          conn.sendFrame({ type: 'error', error: { code: err.code, message: err.message }, clientId: frame.clientId });
        }
        return;
      }
    }
  }

  private frameFailed(conn: Connection, err: unknown): void {
    this.deps.log.error({ err }, 'event stream failure');
    conn.sendFrame({ type: 'error', error: { code: 'internal', message: 'the server failed to handle that frame' } });
  }

  /** why this authenticated socket may no longer act, or null */
  private async refusal(conn: Connection): Promise<Refusal | null> {
    if (conn.expiresAt <= this.deps.now()) return 'expired';
    if (conn.sessionId !== null && !(await this.deps.sessionActive(conn.sessionId))) return 'revoked';
    return null;
  }

  /** tells the client why (4401: renew the token or sign in again) and closes the socket */
  private refuse(conn: Connection, why: Refusal, clientId?: string): void {
    if (conn.state === 'closed') return;
    const { reason, message } = REFUSALS[why];
    conn.sendFrame(
      clientId === undefined
        ? { type: 'error', error: { code: 'unauthorized', message } }
        : { type: 'error', error: { code: 'unauthorized', message }, clientId },
    );
    conn.close(EVENTS_CLOSE.unauthorized, reason);
    this.deps.log.info(
      { userId: conn.user?.id, sessionId: conn.sessionId, why },
      'event socket closed: its authorization ended',
    );
  }

  private armExpiry(conn: Connection): void {
    clearTimeout(conn.expiryTimer);
    if (conn.state === 'closed' || conn.expiresAt === Infinity) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, conn.expiresAt - this.deps.now()));
    conn.expiryTimer = setTimeout(() => {
      if (conn.expiresAt <= this.deps.now()) this.refuse(conn, 'expired');
      else this.armExpiry(conn);
    }, wait);
    conn.expiryTimer.unref();
  }

  private async authenticate(conn: Connection, token: string, since: number | undefined): Promise<void> {
    const session = await this.deps.authenticate(token);
    if (conn.state === 'closed') return;
    if (!session) {
      conn.sendFrame({
        type: 'error',
        error: { code: 'unauthorized', message: 'the access token is unknown, expired or revoked' },
      });
      conn.close(EVENTS_CLOSE.unauthorized, 'unauthorized');
      return;
    }
    const user = session.user;
    clearTimeout(conn.authTimer);
    conn.user = user;
    conn.sessionId = session.sessionId;
    conn.expiresAt = session.accessExpiresAt;
    conn.state = 'replaying';
    let set = this.byUser.get(user.id);
    const first = !set?.size;
    if (!set) this.byUser.set(user.id, (set = new Set()));
    set.add(conn);
    let mine = this.bySession.get(session.sessionId);
    if (!mine) this.bySession.set(session.sessionId, (mine = new Set()));
    mine.add(conn);
    this.armExpiry(conn);
    const lastEventId = await this.deps.store.events.lastId();
    conn.sendFrame({ type: 'ready', user: toApiUser(user), lastEventId });
    if (since !== undefined) await this.replay(conn, since);
    else this.goLive(conn, lastEventId);
    if (first) await this.deps.onFirstConnection(user);
  }

  private goLive(conn: Connection, after: number): void {
    if (conn.state === 'closed') return;
    conn.lastSent = Math.max(conn.lastSent, after);
    conn.state = 'live';
    const queued = conn.queued;
    conn.queued = [];
    for (const q of queued) conn.deliver(q.id, q.frame);
  }

  private async replay(conn: Connection, since: number): Promise<void> {
    const user = conn.user;
    if (!user) return;
    conn.state = 'replaying';
    const [last, pruned] = await Promise.all([this.deps.store.events.lastId(), this.deps.store.events.prunedThrough()]);
    if (since > last || since < pruned) {
      conn.sendFrame({
        type: 'resync',
        reason:
          since > last
            ? 'this server does not know that event id (was it reset?)'
            : 'events since that id are no longer kept',
      });
      this.goLive(conn, last);
      return;
    }
    let cursor = since;
    let replayed = 0;
    for (;;) {
      const batch = await this.deps.store.events.listSince(user.id, cursor, REPLAY_BATCH);
      for (const e of batch) {
        conn.sendFrame(eventFrame(e.id, e.at, e.payload));
        cursor = e.id;
      }
      replayed += batch.length;
      if (batch.length < REPLAY_BATCH || conn.isClosed()) break;
    }
    conn.lastSent = cursor;
    conn.sendFrame({ type: 'resumed', since, replayed });
    // events published during the replay were queued; those not already replayed go out now
    this.goLive(conn, cursor);
  }

  private async detach(conn: Connection): Promise<void> {
    const wasOpen = conn.state !== 'closed';
    conn.state = 'closed';
    clearTimeout(conn.authTimer);
    clearTimeout(conn.expiryTimer);
    this.all.delete(conn);
    if (conn.sessionId !== null) {
      const mine = this.bySession.get(conn.sessionId);
      mine?.delete(conn);
      if (mine?.size === 0) this.bySession.delete(conn.sessionId);
    }
    const user = conn.user;
    if (!user) return;
    const set = this.byUser.get(user.id);
    if (!set) return;
    set.delete(conn);
    if (set.size === 0) {
      this.byUser.delete(user.id);
      // on shutdown the next start marks everyone offline (resetConnections)
      if (this.shuttingDown) return;
      try {
        await this.deps.onLastDisconnection(user);
      } catch (err) {
        this.deps.log.error({ err, wasOpen }, 'presence update on disconnect failed');
      }
    }
  }

  private beat(): void {
    void this.sweepSessions();
    for (const c of this.all) {
      if (!c.alive) {
        c.socket.terminate();
        continue;
      }
      c.alive = false;
      try {
        c.socket.ping();
      } catch {
        // closed meanwhile
      }
    }
  }

  /**
   * Sessions this process revokes close their sockets at once (closeSession). One revoked elsewhere
   * (another server node, an admin tool on the database) is found here, within a heartbeat, even
   * on a socket that only listens; a socket that sends is checked on every frame.
   */
  private async sweepSessions(): Promise<void> {
    try {
      for (const [sessionId, conns] of [...this.bySession]) {
        if (await this.deps.sessionActive(sessionId)) continue;
        for (const c of [...conns]) this.refuse(c, 'revoked');
      }
    } catch (err) {
      this.deps.log.error({ err }, 'event stream: session sweep failed');
    }
  }
}

/** the clientId of a chat.send frame, so a refusal can name the message it refused */
function clientIdOf(text: string): string | undefined {
  if (!text.includes('"clientId"')) return undefined;
  try {
    const v = (JSON.parse(text) as { clientId?: unknown }).clientId;
    return typeof v === 'string' && v.length <= 100 ? v : undefined;
  } catch {
    return undefined;
  }
}

/** `Authorization: Bearer …` (Node clients) or `Sec-WebSocket-Protocol: teleworker.v1, bearer.<token>` (browsers) */
function tokenFromUpgrade(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  const m = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  if (m?.[1]) return m[1];
  const protocols = request.headers['sec-websocket-protocol'];
  if (typeof protocols === 'string') {
    for (const p of protocols.split(',')) {
      const t = p.trim();
      if (t.startsWith(BEARER_SUBPROTOCOL_PREFIX)) return t.slice(BEARER_SUBPROTOCOL_PREFIX.length);
    }
  }
  return null;
}
