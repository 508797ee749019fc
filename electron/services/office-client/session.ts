// Signing in to the office server. The refresh token lives only in the secret store (the OS
// keychain where there is one); the access token only in memory, renewed before it expires.
// Nothing here ever hands a token to the renderer.
import type { User } from '../../../shared/office-api';
import { LoginResponse, OkResponse, RefreshResponse } from '../../../shared/office-api';
import type { Logger } from '../logger';
import type { OfficeHttp } from './http';
import { OfficeError, createOfficeHttp } from './http';
import type { OfficeTrust } from './trust';
import { isLoopbackHost } from '../../../shared/domain/network';
import { listenerSet } from '../../../shared/disposables';

export interface SecretPort {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
  /** false: secrets live in memory only and the user must sign in again after a restart */
  persistent(): boolean;
}

export interface Account {
  server: string;
  username: string;
  /** who signed in last, so the app can open signed in (and offline) before the server answers */
  user?: User;
}

export interface AccountMemory {
  load(): Account | null;
  save(account: Account | null): void;
}

export type SessionState =
  | { status: 'signed-out'; reason: string | null; notice?: 'session-expired' | 'secret-store-failed' }
  | { status: 'signed-in'; server: string; user: User; persistent: boolean };

export interface SessionOptions {
  secrets: SecretPort;
  memory: AccountMemory;
  logger: Logger;
  now?: () => number;
  /** renew this long before the access token expires */
  refreshMarginMs?: number;
  /** per HTTP request (default 10 s) */
  requestTimeoutMs?: number;
  /** which certificates are the office's (default: the OS trust store) */
  trust?: OfficeTrust;
  timers?: { setTimeout(cb: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

export const accountKey = ({ server, username }: Account): string => `${username}@${new URL(server).host}`;

/**
 * https://office.example:8443/anything → https://office.example:8443 ; refuses what is not https,
 * except plain http to this machine (the embedded demo office): a password must never leave the
 * machine unencrypted.
 */
export function normaliseServerUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new OfficeError('bad-address', `“${raw}” is not a server address. Use the form https://office.example.com.`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return url.origin;
  throw new OfficeError(
    'insecure-address',
    `The server address must start with https:// (${url.protocol.replace(':', '')} is not allowed for an office on another machine).`,
  );
}

export class OfficeSession {
  private state: SessionState = { status: 'signed-out', reason: null };
  /** how many sign-outs were asked for: a renewal started before one does not report an expiry */
  private signOuts = 0;
  private signingOut = false;
  private access: { token: string; expiresAt: number } | null = null;
  private refreshing: Promise<void> | null = null;
  private refreshTimer: unknown = null;
  private readonly listeners = listenerSet<[SessionState]>();
  private readonly now: () => number;
  private readonly timers: NonNullable<SessionOptions['timers']>;

  constructor(private readonly options: SessionOptions) {
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? {
      setTimeout: (cb, ms) => setTimeout(cb, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
  }

  current(): SessionState {
    return this.state;
  }

  onChange(listener: (state: SessionState) => void): () => void {
    return this.listeners.on(listener);
  }

  /** An HTTP client for the signed-in server that adds (and renews) the access token. */
  http(): OfficeHttp {
    const state = this.state;
    if (state.status !== 'signed-in') throw new OfficeError('signed-out', 'Not signed in to the office server.');
    return createOfficeHttp({
      baseUrl: state.server,
      timeoutMs: this.options.requestTimeoutMs,
      trust: this.options.trust,
      accessToken: () => this.accessToken(),
    });
  }

  async signIn(serverInput: string, username: string, password: string): Promise<SessionState> {
    const server = normaliseServerUrl(serverInput);
    const http = createOfficeHttp({
      baseUrl: server,
      timeoutMs: this.options.requestTimeoutMs,
      trust: this.options.trust,
    });
    const login = await http('POST', '/auth/login', {
      schema: LoginResponse,
      body: { username, password },
      auth: false,
    });
    const account = { server, username: login.user.username, user: login.user };
    await this.options.secrets.set(accountKey(account), login.refreshToken);
    this.options.memory.save(account);
    this.adopt(server, login);
    return this.state;
  }

  /**
   * At start-up (and when the office comes back): signs in again with the refresh token from the
   * secret store. With the office out of reach the app still opens signed in, on its cache, and
   * queues changes; the token is renewed as soon as the server answers.
   */
  restore(): Promise<SessionState> {
    this.restoring ??= this.doRestore().finally(() => {
      this.restoring = null;
    });
    return this.restoring;
  }

  private restoring: Promise<SessionState> | null = null;

  private async doRestore(): Promise<SessionState> {
    const account = this.options.memory.load();
    if (!account) return this.state;
    let refreshToken: string | null;
    try {
      refreshToken = await this.options.secrets.get(accountKey(account));
    } catch (error) {
      this.setState({ status: 'signed-out', reason: (error as Error).message, notice: 'secret-store-failed' });
      return this.state;
    }
    if (!refreshToken) return this.state;
    if (this.state.status === 'signed-out' && account.user) {
      this.setState({
        status: 'signed-in',
        server: account.server,
        user: account.user,
        persistent: this.options.secrets.persistent(),
      });
    }
    try {
      await this.renew();
    } catch (error) {
      if (!(error instanceof OfficeError && error.kind === 'signed-out')) {
        this.options.logger.warn(`could not renew the sign-in yet: ${(error as Error).message}`);
      }
    }
    return this.state;
  }

  async signOut(): Promise<SessionState> {
    // a renewal started before or during the sign-out is refused (the sign-out ends the session):
    // that is no "expired" sign-in, and tokens it got are not kept
    this.signingOut = true;
    try {
      return await this.endSession();
    } finally {
      this.signingOut = false;
      this.signOuts++;
    }
  }

  private async endSession(): Promise<SessionState> {
    const account = this.options.memory.load();
    const state = this.state;
    if (state.status === 'signed-in' && account) {
      const refreshToken = await this.options.secrets.get(accountKey(account)).catch(() => null);
      try {
        await this.http()('POST', '/auth/logout', {
          schema: OkResponse,
          body: refreshToken ? { refreshToken } : {},
          timeoutMs: 5000,
        });
      } catch (error) {
        // The local sign-out goes ahead: the server's session runs out on its own.
        this.options.logger.warn(`sign-out could not reach the server: ${(error as Error).message}`);
      }
    }
    if (account) await this.forget(account, null);
    else this.setState({ status: 'signed-out', reason: null });
    return this.state;
  }

  /** Renews the access token now, whatever its expiry says (the office refused it). */
  async renewNow(): Promise<void> {
    await this.renew();
  }

  /** The access token, renewed first when it is about to expire. */
  async accessToken(): Promise<string> {
    const margin = this.options.refreshMarginMs ?? 60_000;
    if (this.access && this.access.expiresAt - margin > this.now()) return this.access.token;
    await this.renew();
    if (!this.access) throw new OfficeError('signed-out', 'Not signed in to the office server.');
    return this.access.token;
  }

  stop(): void {
    if (this.refreshTimer) this.timers.clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }

  private renew(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        const signOuts = this.signOuts;
        const account = this.options.memory.load();
        const token = account ? await this.options.secrets.get(accountKey(account)) : null;
        if (!account || !token) throw new OfficeError('signed-out', 'Not signed in to the office server.');
        try {
          await this.refreshWith(account.server, token, signOuts);
        } catch (error) {
          if (error instanceof OfficeError && error.kind === 'http' && error.status === 401) {
            if (this.signingOut || signOuts !== this.signOuts) throw new OfficeError('signed-out', 'Signed out.');
            await this.forget(account, 'Your sign-in has expired. Please sign in again.', 'session-expired');
            throw new OfficeError('signed-out', 'Your sign-in has expired. Please sign in again.');
          }
          throw error;
        }
      })().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async refreshWith(server: string, refreshToken: string, signOuts = this.signOuts): Promise<void> {
    const http = createOfficeHttp({
      baseUrl: server,
      timeoutMs: this.options.requestTimeoutMs,
      trust: this.options.trust,
    });
    const pair = await http('POST', '/auth/refresh', { schema: RefreshResponse, body: { refreshToken }, auth: false });
    // signed out while this was in flight: the new tokens are not kept
    if (this.signingOut || signOuts !== this.signOuts) throw new OfficeError('signed-out', 'Signed out.');
    const account = { server, username: pair.user.username, user: pair.user };
    await this.options.secrets.set(accountKey(account), pair.refreshToken);
    this.options.memory.save(account);
    this.adopt(server, pair);
  }

  private adopt(server: string, pair: LoginResponse): void {
    const expiresAt = Date.parse(pair.accessTokenExpiresAt);
    this.access = { token: pair.accessToken, expiresAt };
    this.setState({ status: 'signed-in', server, user: pair.user, persistent: this.options.secrets.persistent() });
    if (this.refreshTimer) this.timers.clearTimeout(this.refreshTimer);
    const margin = this.options.refreshMarginMs ?? 60_000;
    this.refreshTimer = this.timers.setTimeout(
      () => {
        this.refreshTimer = null;
        this.renew().catch((error) => this.options.logger.warn(`token refresh failed: ${(error as Error).message}`));
      },
      Math.max(1000, expiresAt - margin - this.now()),
    );
  }

  private async forget(account: Account, reason: string | null, notice?: 'session-expired'): Promise<void> {
    this.stop();
    this.access = null;
    await this.options.secrets.delete(accountKey(account)).catch(() => false);
    this.options.memory.save(null);
    this.setState(notice ? { status: 'signed-out', reason, notice } : { status: 'signed-out', reason });
  }

  private setState(state: SessionState): void {
    this.state = state;
    this.listeners.emit(state);
  }
}
