// ConnectivityMonitor: a cheap interface check every second (or on an OS change signal), the
// expensive probes when something changed and on a slow timer with backoff, debounced flapping.
// Everything it touches comes through the constructor, so tests drive it with fake timers and
// recorded interface lists, and the integration test with a real tunnel.
import { isIP } from 'node:net';
import type {
  CheckCause,
  CheckTriggerEvidence,
  ConnectivityStatus,
  Evidence,
  OfficeRouteEvidence,
  TunnelEvidence,
  TunnelRule,
} from '../../../shared/domain/connectivity';
import { emptyEvidence } from '../../../shared/domain/connectivity';
import type { InterfaceSource } from './interface-source';
import { fingerprint } from './interface-source';
import type { InterfaceRecord } from './tunnel-classifier';
import { classifyTunnels, officeRouteVia } from './tunnel-classifier';
import type { RouteAdapter, RouteLookup } from './route-adapter';

interface ResolvedOffice {
  dns: Evidence['dns'];
  address?: string;
  route?: RouteLookup;
  routeError?: string;
}
import type { Probes } from './probes';
import type { OfficeTrust } from '../office-client/trust';
import { createOfficeTrust } from '../office-client/trust';
import type { OfficeTarget, Thresholds } from './status-reducer';
import { DEFAULT_THRESHOLDS, OFFICE_REACHED, officeAnswered, reduceStatus } from './status-reducer';
import { isLoopbackHost } from '../../../shared/domain/network';

export interface Intervals {
  /** cheap os.networkInterfaces() check */
  cheapMs: number;
  /** wait after an interface change before probing (more changes restart it) ... */
  settleMs: number;
  /** ... but never longer than this after the first change */
  settleMaxMs: number;
  /** expensive probes while everything is fine */
  probeMs: number;
  /** backoff cap while the office does not answer */
  probeMaxMs: number;
  /** re-check before reporting that a reachable office stopped answering (a single lost probe is no outage) */
  confirmMs: number;
  /** one extra check this long after an interface change that left a tunnel up but the office unreached */
  followUpMs: number;
  /** per probe */
  timeoutMs: number;
  /** a suspicion (live connection closed, app request refused) is checked at most this often ... */
  suspectGapMs: number;
  /** ... and, while suspicions keep proving false, backs off up to this */
  suspectMaxGapMs: number;
  /** after the office was lost: first re-probe this soon, doubling ... */
  returnBaseMs: number;
  /** ... up to this, so its return is seen within seconds ... */
  returnMaxMs: number;
  /** ... for this long after the loss; then the normal backoff (probeMs → probeMaxMs) */
  returnWindowMs: number;
  /** expensive probes while the office answers, but slowly or lossily (degraded) */
  degradedProbeMs: number;
  /** the live connection asks the office's health endpoint this often while the office is reached */
  heartbeatMs: number;
  /** a heartbeat unanswered this long means the office fell silent (packets dropped) */
  heartbeatTimeoutMs: number;
}

export const DEFAULT_INTERVALS: Intervals = {
  cheapMs: 1000,
  settleMs: 150,
  settleMaxMs: 1000,
  probeMs: 30_000,
  probeMaxMs: 300_000,
  confirmMs: 500,
  followUpMs: 1500,
  timeoutMs: 3000,
  suspectGapMs: 1000,
  suspectMaxGapMs: 30_000,
  returnBaseMs: 500,
  returnMaxMs: 2000,
  returnWindowMs: 10 * 60_000,
  degradedProbeMs: 10_000,
  heartbeatMs: 2000,
  heartbeatTimeoutMs: 2000,
};

export interface MonitorConfig {
  /** https://host[:port][/health-path]; without it the status reaches at most 'internet' */
  officeUrl?: string;
  /** a URL whose answer proves internet access; without it the default route decides */
  probeUrl?: string;
  /** which certificates are the office's (the app's one trust rule, from policy: office-client/trust.ts) */
  trust?: OfficeTrust;
  /** without `trust`: one SHA-256 pin of the office server's certificate (`diagnose --pin`) */
  certPin?: string;
  tunnelRules?: TunnelRule[];
  intervals?: Partial<Intervals>;
  thresholds?: Partial<Thresholds>;
}

export interface Clock {
  /** epoch milliseconds */
  now(): number;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** An OS push that something changed (Linux: `ip monitor`); the monitor then checks at once. */
export interface ChangeSignal {
  subscribe(onChange: () => void): () => void;
}

/** How the office went quiet on the live connection. */
export type LiveLoss = {
  cause: Extract<CheckCause, 'live-connection-closed' | 'live-connection-silent'>;
  detail?: string;
};

/**
 * One idle keep-alive connection to the office's health endpoint, kept while the office is reached:
 * its closing (the office process died, a reset) or an unanswered heartbeat (packets dropped) is
 * reported at once, so the monitor does not wait for its next expensive probe.
 */
export interface LiveConnector {
  open(
    target: { url: string; connectHost: string; trust?: OfficeTrust },
    options: { heartbeatMs: number; timeoutMs: number },
    onLost: (loss: LiveLoss) => void,
  ): { close(): void };
}

export interface MonitorDeps {
  interfaces: InterfaceSource;
  routes: RouteAdapter;
  probes: Probes;
  config?: MonitorConfig;
  clock?: Clock;
  timers?: Timers;
  changeSignal?: ChangeSignal;
  /** the live connection to the office (none: only probes and suspicions tell) */
  liveConnector?: LiveConnector;
  /** diagnostics for things that went wrong inside the monitor (never thrown at callers) */
  onError?: (message: string, error: unknown) => void;
}

export type CheckTrigger = 'start' | 'interfaces' | 'timer' | 'confirm' | 'follow-up' | 'manual' | 'suspect';

const LOSS_WINDOW = 10;
/** loss is not judged on fewer samples than this (one lost probe of two is no 50 % loss) */
const LOSS_MIN_SAMPLES = 5;

export function parseOfficeUrl(officeUrl: string): OfficeTarget {
  let url: URL;
  try {
    url = new URL(officeUrl);
  } catch {
    throw new Error(`office URL is not a URL: ${officeUrl}`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // Plain http only for a server on this machine (the embedded demo office); anything else is https.
  const loopback = isLoopbackHost(host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error(`office URL must be https://host[:port][/path], got ${officeUrl}`);
  }
  // The office server's own health endpoint when the address names no path.
  if (url.pathname === '/' && !url.search) url.pathname = '/healthz';
  return { url: url.toString(), host, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) };
}

export class ConnectivityMonitor {
  private readonly interfaces: InterfaceSource;
  private readonly routes: RouteAdapter;
  private readonly probes: Probes;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly changeSignal: ChangeSignal | undefined;
  private readonly onError: (message: string, error: unknown) => void;
  private readonly intervals: Intervals;
  private readonly thresholds: Thresholds;
  private office: OfficeTarget | null;
  private readonly probeUrl: string | undefined;
  private readonly trust: OfficeTrust;
  private readonly rules: TunnelRule[];

  private status: ConnectivityStatus;
  private checked = false;
  private running = false;
  private readonly listeners = new Set<(status: ConnectivityStatus) => void>();
  private readonly updateListeners = new Set<(status: ConnectivityStatus) => void>();

  private lastFingerprint: string | null = null;
  /** the interface fingerprint the running check gathered its evidence with */
  private gatheredFingerprint: string | null = null;
  /** the last check's evidence was discarded because the interfaces changed under it */
  private discardedLast = false;
  private enrichedFor: string | null = null;
  private enriched: InterfaceRecord[] = [];
  private cheapTimer: unknown = null;
  private settleTimer: unknown = null;
  private settleStartedAt: number | null = null;
  private probeTimer: unknown = null;
  private unsubscribeSignal: (() => void) | null = null;
  private failures = 0;
  /** office probe outcomes: true = lost (failed, then answered on the confirm check) */
  private lossHistory: boolean[] = [];
  private pendingConfirm = false;
  private inflight: Promise<ConnectivityStatus> | null = null;
  private queued: Promise<ConnectivityStatus> | null = null;

  private readonly liveConnector: LiveConnector | undefined;
  private live: { close(): void } | null = null;
  private liveOpenedAt = 0;
  /** consecutive live connections that were lost soon after opening while the office stayed reached */
  private liveShortLosses = 0;
  private liveTimer: unknown = null;
  /** the first unchecked suspicion (later ones coalesce into its check) */
  private suspicion: CheckTriggerEvidence | null = null;
  private suspectTimer: unknown = null;
  private lastSuspectCheckAt = Number.NEGATIVE_INFINITY;
  /** suspicions in a row that found the office answering: each doubles the gap */
  private falseSuspicions = 0;
  /** when the office was last lost (reached → not reached); null while reached */
  private lostAt: number | null = null;

  constructor(deps: MonitorDeps) {
    const config = deps.config ?? {};
    this.interfaces = deps.interfaces;
    this.routes = deps.routes;
    this.probes = deps.probes;
    this.clock = deps.clock ?? { now: () => Date.now() };
    this.timers = deps.timers ?? {
      setTimeout: (cb, ms) => setTimeout(cb, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
    this.changeSignal = deps.changeSignal;
    this.liveConnector = deps.liveConnector;
    this.onError = deps.onError ?? (() => {});
    this.intervals = { ...DEFAULT_INTERVALS, ...config.intervals };
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...config.thresholds };
    // Invalid configuration fails here, loudly, not on the first probe.
    this.office = config.officeUrl ? parseOfficeUrl(config.officeUrl) : null;
    this.probeUrl = config.probeUrl;
    if (this.probeUrl !== undefined) new URL(this.probeUrl);
    this.trust = config.trust ?? createOfficeTrust({ certPins: config.certPin ? [config.certPin] : [] });
    this.rules = config.tunnelRules ?? [];
    const now = new Date(this.clock.now()).toISOString();
    this.status = {
      status: 'offline',
      since: now,
      checkedAt: now,
      latencyMs: null,
      reason: { code: 'not-checked' },
      evidence: emptyEvidence(),
    };
  }

  /** Starts the cheap loop and runs a first full check. Idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastFingerprint = this.safeFingerprint();
    this.unsubscribeSignal = this.changeSignal?.subscribe(() => this.cheapCheck()) ?? null;
    this.scheduleCheap();
    void this.runCheck('start');
  }

  /**
   * The office to watch changed: the user signed in to a server nobody configured. An address on
   * the origin already watched keeps the configured health path; an address that cannot be an
   * office (plain http to a remote host) is ignored with a diagnostic, never thrown.
   */
  watchOffice(officeUrl: string): void {
    let next: OfficeTarget;
    try {
      next = parseOfficeUrl(officeUrl);
    } catch (error) {
      this.onError(`not watching ${officeUrl}`, error);
      return;
    }
    if (this.office && new URL(this.office.url).origin === new URL(next.url).origin) return;
    this.office = next;
    this.lossHistory = [];
    this.closeLive();
    if (this.running) void this.runCheck('manual');
  }

  /** Stops every timer; a check already running finishes but schedules nothing. */
  stop(): void {
    this.running = false;
    for (const t of [this.cheapTimer, this.settleTimer, this.probeTimer, this.suspectTimer])
      if (t !== null) this.timers.clearTimeout(t);
    this.cheapTimer = this.settleTimer = this.probeTimer = this.suspectTimer = null;
    this.settleStartedAt = null;
    this.suspicion = null;
    this.closeLive();
    this.unsubscribeSignal?.();
    this.unsubscribeSignal = null;
  }

  /** Runs every probe now (the "check now" button, a VPN client's hook). */
  checkNow(): Promise<ConnectivityStatus> {
    return this.runCheck('manual');
  }

  current(): ConnectivityStatus {
    return this.status;
  }

  /**
   * Evidence that the office went away (the app's event stream closed, a request was refused,
   * reset or timed out; the live connection closed): check now instead of at the next probe.
   * Suspicions arriving together share one check; checks come at most every suspectGapMs, and
   * suspicions that keep proving false back off to suspectMaxGapMs, so a flapping office or a
   * proxy that closes idle connections cannot make the monitor spin. While the office is already
   * known to be unreachable they add nothing: the return probes are running.
   */
  suspectOffice(cause: CheckCause, detail?: string): void {
    if (!this.running || !this.office || !OFFICE_REACHED.has(this.status.status)) return;
    // A vanished tunnel also breaks the office's connections: then the interface check, already on
    // its way, tells the truer story ("offline"), not a check that still sees the tunnel half gone.
    this.cheapCheck();
    if (this.settleTimer !== null) return;
    const now = this.clock.now();
    this.suspicion ??= { cause, at: new Date(now).toISOString(), ...(detail !== undefined ? { detail } : {}) };
    if (this.suspectTimer !== null) return;
    const gap = Math.min(this.intervals.suspectGapMs * 2 ** this.falseSuspicions, this.intervals.suspectMaxGapMs);
    const wait = Math.max(0, this.lastSuspectCheckAt + gap - now);
    this.suspectTimer = this.timers.setTimeout(() => {
      this.suspectTimer = null;
      if (!this.running || this.suspicion === null) return;
      if (this.settleTimer !== null) {
        this.suspicion = null;
        return;
      }
      this.lastSuspectCheckAt = this.clock.now();
      void this.runCheck('suspect');
    }, wait);
  }

  /** Called when the status or its reason changes; returns the function that removes this listener. */
  onChange(listener: (status: ConnectivityStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called after every completed check (latency and evidence refresh), changed or not. */
  onUpdate(listener: (status: ConnectivityStatus) => void): () => void {
    this.updateListeners.add(listener);
    return () => this.updateListeners.delete(listener);
  }

  // ---- cheap loop ------------------------------------------------------------------------------

  private scheduleCheap(): void {
    this.cheapTimer = this.timers.setTimeout(() => {
      this.cheapTimer = null;
      if (!this.running) return;
      this.cheapCheck();
      this.scheduleCheap();
    }, this.intervals.cheapMs);
  }

  private safeFingerprint(): string | null {
    try {
      return fingerprint(this.interfaces.list());
    } catch (error) {
      this.onError('listing interfaces failed', error);
      return null;
    }
  }

  private cheapCheck(): void {
    if (!this.running) return;
    const fp = this.safeFingerprint();
    if (fp === null || fp === this.lastFingerprint) return;
    this.lastFingerprint = fp;
    // A new set of interfaces is a new path: old losses and backoff no longer say anything.
    this.failures = 0;
    this.lossHistory = [];
    this.scheduleSettled();
  }

  /** Debounce: interfaces that flap within settleMs produce one check, at most settleMaxMs late. */
  private scheduleSettled(): void {
    const now = this.clock.now();
    if (this.settleStartedAt === null) this.settleStartedAt = now;
    if (this.settleTimer !== null) this.timers.clearTimeout(this.settleTimer);
    const wait = Math.max(
      0,
      Math.min(this.intervals.settleMs, this.settleStartedAt + this.intervals.settleMaxMs - now),
    );
    this.settleTimer = this.timers.setTimeout(() => {
      this.settleTimer = null;
      this.settleStartedAt = null;
      if (this.running) void this.runCheck('interfaces');
    }, wait);
  }

  private scheduleProbe(delayMs: number, trigger: CheckTrigger): void {
    if (!this.running) return;
    if (this.probeTimer !== null) this.timers.clearTimeout(this.probeTimer);
    this.probeTimer = this.timers.setTimeout(() => {
      this.probeTimer = null;
      if (this.running) void this.runCheck(trigger);
    }, delayMs);
  }

  // ---- expensive check -------------------------------------------------------------------------

  private runCheck(trigger: CheckTrigger): Promise<ConnectivityStatus> {
    if (this.inflight) {
      // One check at a time; callers during a check get the one after it (fresh evidence).
      this.queued ??= this.inflight.then(() => {
        this.queued = null;
        return this.runCheck(trigger);
      });
      return this.queued;
    }
    const run = this.check(trigger).finally(() => {
      this.inflight = null;
    });
    this.inflight = run;
    return run;
  }

  private async check(trigger: CheckTrigger): Promise<ConnectivityStatus> {
    // The suspicion this check answers; one arriving while it runs gets a check of its own.
    const suspicion = trigger === 'suspect' ? this.suspicion : null;
    if (trigger === 'suspect') this.suspicion = null;
    let evidence: Evidence;
    try {
      // A suspicion already waited out an unanswered heartbeat: its probes need not wait as long again.
      evidence = await this.gatherEvidence(
        trigger === 'suspect'
          ? Math.min(this.intervals.timeoutMs, this.intervals.heartbeatTimeoutMs)
          : this.intervals.timeoutMs,
      );
    } catch (error) {
      this.onError('connectivity check failed', error);
      evidence = { ...emptyEvidence(), interfaces: this.status.evidence.interfaces };
    }
    // The interfaces changed while this check ran (a tunnel torn down between the interface list and
    // the route lookup: still listed, its route already gone). Such evidence mixes two states; the
    // settled interface check that follows tells the truer story. Only once in a row, so a list that
    // never stops changing cannot starve the checks.
    const fpAfter = this.running ? this.safeFingerprint() : null;
    if (
      fpAfter !== null &&
      this.gatheredFingerprint !== null &&
      fpAfter !== this.gatheredFingerprint &&
      !this.discardedLast
    ) {
      this.discardedLast = true;
      if (fpAfter !== this.lastFingerprint) this.cheapCheck();
      else if (this.settleTimer === null && this.queued === null) this.scheduleSettled();
      return this.status;
    }
    this.discardedLast = false;
    const reduced = reduceStatus(evidence, { office: this.office, thresholds: this.thresholds });
    const wasReached = OFFICE_REACHED.has(this.status.status);
    const nowReached = OFFICE_REACHED.has(reduced.status);

    // A reachable office that misses one timer probe is re-checked before anyone is told.
    if (this.office && wasReached && !nowReached && trigger === 'timer' && this.running) {
      this.pendingConfirm = true;
      this.scheduleProbe(this.intervals.confirmMs, 'confirm');
      return this.status;
    }
    if (this.pendingConfirm && trigger === 'confirm') {
      this.pendingConfirm = false;
      if (nowReached) this.recordLoss(true);
    } else if (this.office && officeAnswered(evidence)) {
      this.recordLoss(false);
    }
    if (this.pendingConfirm && trigger !== 'timer') this.pendingConfirm = false;
    evidence.lossPct = this.office ? this.lossPct() : null;
    const final = reduceStatus(evidence, { office: this.office, thresholds: this.thresholds });
    const finalReached = OFFICE_REACHED.has(final.status);
    if (suspicion) this.falseSuspicions = finalReached ? Math.min(this.falseSuspicions + 1, 16) : 0;
    if (suspicion && !finalReached) this.liveShortLosses = 0;

    this.commit(final, evidence, suspicion);

    const now = this.clock.now();
    if (this.office && !finalReached) {
      this.failures++;
      if (wasReached) this.lostAt = now;
    } else {
      this.failures = 0;
      this.lostAt = null;
    }
    this.followLive(finalReached, evidence);
    let backoff = Math.min(this.intervals.probeMs * 2 ** Math.max(0, this.failures - 1), this.intervals.probeMaxMs);
    if (this.lostAt !== null && now - this.lostAt < this.intervals.returnWindowMs) {
      // The office was here a moment ago: look often, so its return is seen within seconds.
      backoff = Math.min(
        this.intervals.returnBaseMs * 2 ** Math.max(0, this.failures - 1),
        this.intervals.returnMaxMs,
        backoff,
      );
    }
    // Degraded: look more often, so both a recovery and a full loss are seen sooner.
    if (final.status === 'degraded') backoff = Math.min(backoff, this.intervals.degradedProbeMs);
    const tunnelUp = evidence.tunnels.some((t) => t.routable);
    if (trigger === 'interfaces' && this.office && tunnelUp && !finalReached) {
      // A fresh tunnel often needs a moment for its routes and the far side: look again soon.
      this.scheduleProbe(Math.min(this.intervals.followUpMs, backoff), 'follow-up');
    } else {
      this.scheduleProbe(backoff, 'timer');
    }
    return this.status;
  }

  // ---- live connection -------------------------------------------------------------------------

  /** Keeps one live connection while the office is reached (and none otherwise). */
  private followLive(reached: boolean, evidence: Evidence): void {
    if (!this.liveConnector || !this.office || !this.running || !reached) {
      this.closeLive();
      return;
    }
    if (this.live !== null || this.liveTimer !== null) return;
    const connectHost = evidence.tcp?.host ?? evidence.officeRoute?.address ?? this.office.host;
    // A connection the office (or a proxy) keeps closing soon after it opened is reopened ever later.
    const delay =
      this.liveShortLosses === 0
        ? 0
        : Math.min(this.intervals.suspectGapMs * 2 ** this.liveShortLosses, this.intervals.suspectMaxGapMs);
    if (delay === 0) this.openLive(connectHost);
    else
      this.liveTimer = this.timers.setTimeout(() => {
        this.liveTimer = null;
        if (this.running && OFFICE_REACHED.has(this.status.status)) this.openLive(connectHost);
      }, delay);
  }

  private openLive(connectHost: string): void {
    const office = this.office;
    if (!this.liveConnector || !office) return;
    let handle: { close(): void } | null = null;
    const onLost = (loss: LiveLoss) => {
      if (this.live !== handle || handle === null) return;
      this.live = null;
      const lived = this.clock.now() - this.liveOpenedAt;
      this.liveShortLosses = lived < 30_000 ? Math.min(this.liveShortLosses + 1, 16) : 0;
      this.suspectOffice(loss.cause, loss.detail);
    };
    try {
      this.liveOpenedAt = this.clock.now();
      handle = this.liveConnector.open(
        { url: office.url, connectHost, trust: this.trust },
        { heartbeatMs: this.intervals.heartbeatMs, timeoutMs: this.intervals.heartbeatTimeoutMs },
        (loss) => onLost(loss),
      );
      this.live = handle;
    } catch (error) {
      this.onError('opening the live connection failed', error);
    }
  }

  private closeLive(): void {
    if (this.liveTimer !== null) this.timers.clearTimeout(this.liveTimer);
    this.liveTimer = null;
    const live = this.live;
    this.live = null;
    live?.close();
  }

  private recordLoss(lost: boolean): void {
    this.lossHistory.push(lost);
    if (this.lossHistory.length > LOSS_WINDOW) this.lossHistory.shift();
  }

  private lossPct(): number | null {
    if (this.lossHistory.length < LOSS_MIN_SAMPLES) return null;
    return Math.round((100 * this.lossHistory.filter(Boolean).length) / this.lossHistory.length);
  }

  private commit(
    reduced: ReturnType<typeof reduceStatus>,
    evidence: Evidence,
    suspicion: CheckTriggerEvidence | null = null,
  ): void {
    const checkedAt = new Date(this.clock.now()).toISOString();
    const previous = this.status;
    const statusChanged = previous.status !== reduced.status || !this.checked;
    // What changed the verdict stays with the status until the status changes again.
    const trigger = statusChanged ? suspicion : (previous.evidence.trigger ?? null);
    if (trigger) evidence.trigger = trigger;
    else delete evidence.trigger;
    const changed =
      statusChanged ||
      previous.reason.code !== reduced.reason.code ||
      // the same code about a different thing (another host, another error) is news too
      (reduced.reason.code !== 'office-slow' &&
        reduced.reason.code !== 'office-lossy' &&
        JSON.stringify(previous.reason.params) !== JSON.stringify(reduced.reason.params));
    this.checked = true;
    this.status = {
      status: reduced.status,
      since: statusChanged ? checkedAt : previous.since,
      checkedAt,
      latencyMs: reduced.latencyMs,
      reason: reduced.reason,
      evidence,
    };
    if (changed) this.emit(this.listeners);
    this.emit(this.updateListeners);
  }

  private emit(listeners: Set<(status: ConnectivityStatus) => void>): void {
    for (const listener of [...listeners]) {
      try {
        listener(this.status);
      } catch (error) {
        this.onError('connectivity listener threw', error);
      }
    }
  }

  private async gatherEvidence(timeoutMs: number): Promise<Evidence> {
    const list = this.interfaces.list();
    const fp = fingerprint(list);
    this.gatheredFingerprint = fp;
    if (this.enrichedFor !== fp) {
      this.enriched = await this.interfaces.enrich(list);
      this.enrichedFor = fp;
    }
    const records = this.enriched;
    const interfaces = records.filter((r) => r.addresses.some((a) => !a.internal)).map((r) => r.name);

    // Which interfaces carry the default route and the route to the office decides, with the
    // interfaces themselves, which of them are tunnels: look both up first.
    const defaultRoutes = this.defaultRoutes();
    const internet = this.probeUrl ? this.probes.https(this.probeUrl, { timeoutMs }) : Promise.resolve(null);
    const officeRoute = this.office ? this.resolveOffice(this.office, timeoutMs) : Promise.resolve(null);
    const [defaults, internetResult, resolved] = await Promise.all([defaultRoutes, internet, officeRoute]);
    const tunnels = classifyTunnels(records, this.rules, {
      ...(resolved?.route?.interface !== undefined ? { officeInterface: resolved.route.interface } : {}),
      ...(defaults.interfaces ? { defaultInterfaces: defaults.interfaces } : {}),
    });
    const office = this.office && resolved ? await this.probeOffice(this.office, resolved, tunnels, timeoutMs) : null;
    return {
      ...emptyEvidence(),
      interfaces,
      tunnels,
      defaultRoute: defaults.present,
      internet: internetResult,
      ...(office ?? {}),
    };
  }

  private async defaultRoutes(): Promise<{ present: boolean; interfaces?: string[] }> {
    try {
      if (this.routes.defaultRouteInterfaces) {
        const found = await this.routes.defaultRouteInterfaces();
        return { present: found.length > 0, interfaces: found };
      }
      return { present: await this.routes.hasDefaultRoute() };
    } catch (error) {
      this.onError('default route lookup failed', error);
      return { present: false };
    }
  }

  /** DNS and the route lookup for the office host: what classification needs before the probes. */
  private async resolveOffice(office: OfficeTarget, timeoutMs: number): Promise<ResolvedOffice> {
    let address: string | undefined;
    let dns: Evidence['dns'] = null;
    if (isIP(office.host)) {
      address = office.host;
    } else {
      dns = await this.probes.dns(office.host, timeoutMs);
      address = dns.addresses[0];
    }
    if (address === undefined) return { dns };
    try {
      return { dns, address, route: await this.routes.routeTo(address) };
    } catch (error) {
      this.onError('route lookup failed', error);
      return { dns, address, routeError: error instanceof Error ? error.message : String(error) };
    }
  }

  private async probeOffice(
    office: OfficeTarget,
    resolved: ResolvedOffice,
    tunnels: TunnelEvidence[],
    timeoutMs: number,
  ): Promise<Pick<Evidence, 'officeRoute' | 'dns' | 'tcp' | 'https'>> {
    const { address, dns } = resolved;
    if (address === undefined) {
      return { officeRoute: { via: 'unknown', error: 'no-address' }, dns, tcp: null, https: null };
    }
    const officeRoute: OfficeRouteEvidence = resolved.route
      ? officeRouteVia(resolved.route, address, tunnels)
      : { via: 'unknown', address, error: resolved.routeError ?? 'unknown' };
    const tcp = await this.probes.tcp(address, office.port, timeoutMs);
    const https = tcp.ok
      ? await this.probes.https(office.url, { timeoutMs, connectHost: address, trust: this.trust })
      : null;
    return { officeRoute, dns, tcp, https };
  }
}
