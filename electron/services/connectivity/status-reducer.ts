// Evidence → status + reason. Pure, so every branch is unit-tested without a network.
import type { ConnectivityState, Evidence, StatusReason, TunnelEvidence } from '../../../shared/domain/connectivity';
import { isLoopbackHost } from '../../../shared/domain/network';

export interface OfficeTarget {
  url: string;
  host: string;
  port: number;
}

export interface Thresholds {
  /** office TCP connect time above which the status is 'degraded' */
  degradedLatencyMs: number;
  /** share of lost office probes (in %) at or above which the status is 'degraded' */
  degradedLossPct: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { degradedLatencyMs: 400, degradedLossPct: 20 };

export interface ReduceOptions {
  office: OfficeTarget | null;
  thresholds?: Thresholds;
}

export interface Reduced {
  status: ConnectivityState;
  reason: StatusReason;
  latencyMs: number | null;
}

export const OFFICE_REACHED: ReadonlySet<ConnectivityState> = new Set(['office-via-vpn', 'office-lan', 'degraded']);

/** Whether the office answered: with a health check (HTTPS), the check decides; TCP alone is not enough. */
export function officeAnswered(evidence: Evidence): boolean {
  if (evidence.https) return evidence.https.ok;
  return evidence.tcp?.ok === true;
}

/**
 * The way to the office works and only its server is gone: its host refused the connection (a
 * refusal comes from the host itself, so the network and any VPN carried it there), or the office
 * is this computer (a loopback demo office needs no VPN at all).
 */
function serverDown(evidence: Evidence, office: OfficeTarget): boolean {
  if (evidence.tcp?.ok !== false) return false;
  return evidence.tcp.error === 'ECONNREFUSED' || isLoopbackHost(office.host);
}

function officeFailure(evidence: Evidence, office: OfficeTarget): StatusReason {
  const { dns, officeRoute, tcp, https } = evidence;
  if (dns && !dns.ok)
    return { code: 'office-dns-failed', params: { host: dns.host, error: dns.error ?? 'no-address' } };
  if (officeRoute?.via === 'none') return { code: 'office-not-routed', params: { host: office.host } };
  if (serverDown(evidence, office))
    return { code: 'office-server-down', params: { host: office.host, port: office.port } };
  if (tcp && !tcp.ok) {
    return {
      code: 'office-no-answer',
      params: { host: office.host, port: office.port, error: tcp.error ?? 'unknown' },
    };
  }
  if (https && https.pinMatched === false) {
    return {
      code: 'office-pin-mismatch',
      params: { host: office.host, actual: https.certSha256 ?? '' },
    };
  }
  if (https && !https.ok) {
    return {
      code: 'office-https-failed',
      params: {
        url: office.url,
        error: https.error ?? 'unknown',
        ...(https.statusCode !== undefined ? { statusCode: https.statusCode } : {}),
      },
    };
  }
  return { code: 'office-no-answer', params: { host: office.host, port: office.port, error: 'unknown' } };
}

export function reduceStatus(evidence: Evidence, options: ReduceOptions): Reduced {
  const { office } = options;
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const usable = evidence.tunnels.filter((t) => t.routable);
  const addressless: TunnelEvidence | undefined = evidence.tunnels.find((t) => !t.routable);
  const internetMs = evidence.internet?.ok ? evidence.internet.ms : null;

  if (office && officeAnswered(evidence)) {
    const latencyMs = evidence.tcp?.ms ?? evidence.https?.ms ?? null;
    const route = evidence.officeRoute;
    const viaTunnel = route?.via === 'tunnel' || ((route?.via === 'unknown' || !route) && usable.length > 0);
    const reached: ConnectivityState = viaTunnel ? 'office-via-vpn' : 'office-lan';
    if (latencyMs !== null && latencyMs > thresholds.degradedLatencyMs) {
      return {
        status: 'degraded',
        reason: {
          code: 'office-slow',
          params: { latencyMs: Math.round(latencyMs), thresholdMs: thresholds.degradedLatencyMs },
        },
        latencyMs,
      };
    }
    if (evidence.lossPct !== null && evidence.lossPct >= thresholds.degradedLossPct) {
      return {
        status: 'degraded',
        reason: {
          code: 'office-lossy',
          params: { lossPct: evidence.lossPct, thresholdPct: thresholds.degradedLossPct },
        },
        latencyMs,
      };
    }
    return {
      status: reached,
      reason: {
        code: 'office-reachable',
        params: { host: office.host, ...(route?.interface ? { interface: route.interface } : {}) },
      },
      latencyMs,
    };
  }

  // A tunnel counts as "the VPN is up" only when it can be the way to the office: when the route
  // lookup says the office leaves through a plain LAN interface, the tunnels that are up (a personal
  // VPN, an overlay such as Tailscale) are not the office's VPN, and the office's VPN is down.
  const officeOutsideTunnels = evidence.officeRoute?.via === 'lan';
  if (office && usable.length > 0 && !officeOutsideTunnels) {
    return { status: 'vpn-no-office', reason: officeFailure(evidence, office), latencyMs: internetMs };
  }

  // the VPN is not to blame when the office's host answered with a refusal, or is this computer
  if (office && serverDown(evidence, office))
    return { status: 'internet', reason: officeFailure(evidence, office), latencyMs: internetMs };

  if (evidence.interfaces.length === 0) return { status: 'offline', reason: { code: 'no-network' }, latencyMs: null };

  if (!evidence.defaultRoute) {
    if (addressless) {
      return {
        status: 'offline',
        reason: { code: 'tunnel-without-address', params: { name: addressless.name } },
        latencyMs: null,
      };
    }
    return { status: 'offline', reason: { code: 'no-default-route' }, latencyMs: null };
  }

  if (evidence.internet && !evidence.internet.ok) {
    return {
      status: 'offline',
      reason: {
        code: 'internet-probe-failed',
        params: { url: evidence.internet.url, error: evidence.internet.error ?? 'unknown' },
      },
      latencyMs: null,
    };
  }

  if (!office) return { status: 'internet', reason: { code: 'no-office-configured' }, latencyMs: internetMs };

  if (addressless) {
    return {
      status: 'internet',
      reason: { code: 'tunnel-without-address', params: { name: addressless.name } },
      latencyMs: internetMs,
    };
  }
  return { status: 'internet', reason: { code: 'vpn-down', params: { host: office.host } }, latencyMs: internetMs };
}
