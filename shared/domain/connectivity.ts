// The connectivity status model shared by the main process, the renderer and the diagnose CLI.
// A status always carries the evidence it was derived from, so the UI can tell the user what to do
// ("VPN is up but the office server does not answer on 443") instead of only a colour.
import { z } from 'zod';

export const CONNECTIVITY_STATES = [
  'offline',
  'internet',
  'vpn-no-office',
  'office-via-vpn',
  'office-lan',
  'degraded',
] as const;
export const ConnectivityStateSchema = z.enum(CONNECTIVITY_STATES);
export type ConnectivityState = z.infer<typeof ConnectivityStateSchema>;

export const TUNNEL_KINDS = [
  'openvpn',
  'wireguard',
  'ipsec',
  'ppp',
  'anyconnect',
  'globalprotect',
  'fortinet',
  'pulse',
  'utun',
  'policy',
  'unknown',
] as const;
export const TunnelKindSchema = z.enum(TUNNEL_KINDS);
export type TunnelKind = z.infer<typeof TunnelKindSchema>;

/**
 * Machine codes for the reason of a status; the UI translates them (params fill the message).
 * Kept as a closed list so a translation cannot be missing for a code the monitor emits.
 */
export const REASON_CODES = [
  /** no interface other than loopback has an address */
  'no-network',
  /** interfaces are up, but there is no default route and no usable tunnel */
  'no-default-route',
  /** a probe URL is configured and did not answer: {url, error} */
  'internet-probe-failed',
  /** default route present, no office URL configured, so nothing more can be known */
  'no-office-configured',
  /** office configured, no usable tunnel, office not reachable directly: {host} */
  'vpn-down',
  /** a tunnel interface exists but has only link-local addresses (does not carry traffic): {name} */
  'tunnel-without-address',
  /** the office host name does not resolve: {host, error} */
  'office-dns-failed',
  /** no route to the office host: {host} */
  'office-not-routed',
  /** TCP connect to the office failed: {host, port, error} */
  'office-no-answer',
  /** the office's host refused the connection (or is this computer): the way there works, the office server is not running: {host, port} */
  'office-server-down',
  /** TCP connected, the HTTPS health check failed: {url, error, statusCode?} */
  'office-https-failed',
  /** the office certificate does not match the pinned SHA-256: {host, expected, actual} */
  'office-pin-mismatch',
  /** office answers: {host, interface?} */
  'office-reachable',
  /** office answers, but slowly: {latencyMs, thresholdMs} */
  'office-slow',
  /** office answers, but probes get lost: {lossPct, thresholdPct} */
  'office-lossy',
  /** before the first check */
  'not-checked',
] as const;
export const ReasonCodeSchema = z.enum(REASON_CODES);
export type ReasonCode = z.infer<typeof ReasonCodeSchema>;

export const StatusReasonSchema = z.object({
  code: ReasonCodeSchema,
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type StatusReason = z.infer<typeof StatusReasonSchema>;

/**
 * What gave a tunnel away: an IT policy rule, its name, its adapter description, its interface type
 * (Windows PPP/tunnel/virtual ifType, point-to-point, Linux tunnel link type), an all-zero hardware
 * address, or the route to the office leaving through it.
 */
export const TUNNEL_BASES = ['policy', 'name', 'description', 'type', 'mac', 'office-route'] as const;
export const TunnelBasisSchema = z.enum(TUNNEL_BASES);
export type TunnelBasis = z.infer<typeof TunnelBasisSchema>;

export const TunnelEvidenceSchema = z.object({
  /** OS interface name (Windows: the connection's friendly name) */
  name: z.string(),
  kind: TunnelKindSchema,
  basis: TunnelBasisSchema.optional(),
  /** Windows adapter description when known (e.g. "PANGP Virtual Ethernet Adapter") */
  description: z.string().optional(),
  addresses: z.array(z.string()),
  /** false when the interface has only link-local addresses: then it cannot carry office traffic */
  routable: z.boolean(),
});
export type TunnelEvidence = z.infer<typeof TunnelEvidenceSchema>;

export const OfficeRouteEvidenceSchema = z.object({
  /** tunnel: split or full tunnel carries the office; lan: a non-tunnel interface; none: no route */
  via: z.enum(['tunnel', 'lan', 'none', 'unknown']),
  interface: z.string().optional(),
  gateway: z.string().optional(),
  /** the address the route was looked up for */
  address: z.string().optional(),
  error: z.string().optional(),
});
export type OfficeRouteEvidence = z.infer<typeof OfficeRouteEvidenceSchema>;

export const DnsEvidenceSchema = z.object({
  host: z.string(),
  ok: z.boolean(),
  addresses: z.array(z.string()),
  ms: z.number().nullable(),
  error: z.string().optional(),
});
export type DnsEvidence = z.infer<typeof DnsEvidenceSchema>;

export const TcpEvidenceSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  ok: z.boolean(),
  /** connect time: the latency shown to the user */
  ms: z.number().nullable(),
  /** errno-style code (ECONNREFUSED, ETIMEDOUT, ENETUNREACH, ...) */
  error: z.string().optional(),
});
export type TcpEvidence = z.infer<typeof TcpEvidenceSchema>;

export const HttpsEvidenceSchema = z.object({
  url: z.string(),
  ok: z.boolean(),
  statusCode: z.number().int().optional(),
  ms: z.number().nullable(),
  /** pin-mismatch, cert-untrusted, timeout, http-status, or an errno code */
  error: z.string().optional(),
  /** SHA-256 of the leaf certificate (DER), lowercase hex without separators */
  certSha256: z.string().optional(),
  /** present only when a pin is configured */
  pinMatched: z.boolean().optional(),
});
export type HttpsEvidence = z.infer<typeof HttpsEvidenceSchema>;

/**
 * What made the monitor look again, out of turn, when that look changed the verdict: the office
 * closed the monitor's live connection (its process died, a reset), the live connection fell silent
 * (packets dropped), the app's event stream closed, or an app request to the office failed at the
 * network level. Kept with the status until the status changes again.
 */
export const CHECK_CAUSES = [
  'live-connection-closed',
  'live-connection-silent',
  'event-stream-closed',
  'office-request-failed',
] as const;
export const CheckCauseSchema = z.enum(CHECK_CAUSES);
export type CheckCause = z.infer<typeof CheckCauseSchema>;

export const CheckTriggerEvidenceSchema = z.object({
  cause: CheckCauseSchema,
  /** ISO time the evidence arrived */
  at: z.string(),
  /** errno-style code or a short machine detail (ECONNRESET, close code 1006...) */
  detail: z.string().optional(),
});
export type CheckTriggerEvidence = z.infer<typeof CheckTriggerEvidenceSchema>;

export const EvidenceSchema = z.object({
  /** non-loopback interfaces that are up and have an address */
  interfaces: z.array(z.string()),
  tunnels: z.array(TunnelEvidenceSchema),
  defaultRoute: z.boolean(),
  /** null: no office configured */
  officeRoute: OfficeRouteEvidenceSchema.nullable(),
  /** null: no office configured or the office host is an IP literal */
  dns: DnsEvidenceSchema.nullable(),
  /** null: not attempted (no office configured, or an earlier step failed) */
  tcp: TcpEvidenceSchema.nullable(),
  https: HttpsEvidenceSchema.nullable(),
  /** the configured probe URL (internet check); null when none is configured */
  internet: HttpsEvidenceSchema.nullable(),
  /** share of recent office probes that failed once but succeeded on the immediate re-check */
  lossPct: z.number().nullable(),
  /** the out-of-turn evidence that changed the verdict to this status; absent when a regular check did */
  trigger: CheckTriggerEvidenceSchema.optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const ConnectivityStatusSchema = z.object({
  status: ConnectivityStateSchema,
  /** ISO time of the last change of `status` */
  since: z.string(),
  /** ISO time of the last completed check */
  checkedAt: z.string(),
  /** office TCP connect time, else the probe URL's time; null when nothing was measured */
  latencyMs: z.number().nullable(),
  reason: StatusReasonSchema,
  evidence: EvidenceSchema,
});
export type ConnectivityStatus = z.infer<typeof ConnectivityStatusSchema>;

export function emptyEvidence(): Evidence {
  return {
    interfaces: [],
    tunnels: [],
    defaultRoute: false,
    officeRoute: null,
    dns: null,
    tcp: null,
    https: null,
    internet: null,
    lossPct: null,
  };
}

/**
 * A tunnel rule from policy: IT names adapters the built-in list does not know (or that must be
 * ignored). Globs match case-insensitively; `*` any run of characters, `?` one character.
 * A rule matches when every pattern it names matches. Policy rules are tried before built-in ones.
 */
export const TunnelRuleSchema = z
  .object({
    name: z.string().min(1).optional(),
    description: z.string().min(1).optional(),
    /** default 'policy' */
    kind: TunnelKindSchema.optional(),
    /** true: this adapter is never a tunnel (e.g. a virtual machine's adapter) */
    ignore: z.boolean().optional(),
  })
  .refine((r) => r.name !== undefined || r.description !== undefined, {
    message: 'a tunnel rule needs a name or a description pattern',
  });
export type TunnelRule = z.infer<typeof TunnelRuleSchema>;
