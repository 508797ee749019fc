// Argument parsing and report formatting for the diagnose CLI, kept apart from the entry point so
// they are unit-tested without starting a monitor.
import { parseArgs } from 'node:util';
import type { ConnectivityStatus, TunnelRule } from '../../../shared/domain/connectivity';
import { TunnelKindSchema, TunnelRuleSchema } from '../../../shared/domain/connectivity';
import type { Intervals, MonitorConfig } from './monitor';
import { parseOfficeUrl } from './monitor';
import { normalizePin } from './probes';

export const USAGE = `usage: npm run diagnose -- [options]
  --json                 print the status with all its evidence as JSON
  --watch                keep running; print every change as one JSON line {status, since, reason, latencyMs, evidence}
  --office-url URL       office health check, https://host[:port][/path] (nothing is probed without it)
  --pin SHA256           office certificate SHA-256 (hex, colons allowed, or base64): trusted-network detection
  --probe-url URL        URL that proves internet access (default: none; the default route decides)
  --tunnel-rule RULE     extra tunnel rule, repeatable: name=GLOB[:kind] | description=GLOB[:kind] | ignore=GLOB
  --probe-interval MS    expensive probes while nothing changes (default 30000)
  --cheap-interval MS    interface check (default 1000)
  --timeout MS           per probe (default 3000)
  --no-ip-monitor        Linux: poll only, do not listen to 'ip monitor'
  -h, --help`;

export interface DiagnoseOptions {
  json: boolean;
  watch: boolean;
  help: boolean;
  ipMonitor: boolean;
  config: MonitorConfig;
}

export class UsageError extends Error {}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`--${name} needs a positive number of milliseconds, got ${value}`);
  return n;
}

export function parseTunnelRule(text: string): TunnelRule {
  const m = /^(name|description|ignore)=(.+?)(?::([a-z]+))?$/.exec(text);
  if (!m?.[2])
    throw new UsageError(`--tunnel-rule must be name=GLOB[:kind], description=GLOB[:kind] or ignore=GLOB, got ${text}`);
  const [, field, glob, kind] = m;
  if (kind !== undefined && !TunnelKindSchema.safeParse(kind).success) {
    throw new UsageError(`unknown tunnel kind '${kind}' (one of ${TunnelKindSchema.options.join(', ')})`);
  }
  const rule =
    field === 'ignore' ? { name: glob, ignore: true } : { [field as string]: glob, ...(kind ? { kind } : {}) };
  return TunnelRuleSchema.parse(rule);
}

export function parseDiagnoseArgs(argv: readonly string[]): DiagnoseOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        json: { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        'office-url': { type: 'string' },
        pin: { type: 'string' },
        'probe-url': { type: 'string' },
        'tunnel-rule': { type: 'string', multiple: true },
        'probe-interval': { type: 'string' },
        'cheap-interval': { type: 'string' },
        timeout: { type: 'string' },
        'no-ip-monitor': { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const officeUrl = values['office-url'];
  if (officeUrl !== undefined) {
    try {
      parseOfficeUrl(officeUrl);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const pin = values.pin;
  if (pin !== undefined) {
    if (officeUrl === undefined) throw new UsageError('--pin needs --office-url');
    try {
      normalizePin(pin);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const probeUrl = values['probe-url'];
  if (probeUrl !== undefined && !/^https:\/\//i.test(probeUrl))
    throw new UsageError('--probe-url must be an https:// URL');
  const intervals: Partial<Intervals> = {};
  const probeMs = positiveInt('probe-interval', values['probe-interval']);
  const cheapMs = positiveInt('cheap-interval', values['cheap-interval']);
  const timeoutMs = positiveInt('timeout', values.timeout);
  if (probeMs !== undefined) intervals.probeMs = probeMs;
  if (cheapMs !== undefined) intervals.cheapMs = cheapMs;
  if (timeoutMs !== undefined) intervals.timeoutMs = timeoutMs;
  const tunnelRules = (values['tunnel-rule'] ?? []).map(parseTunnelRule);
  return {
    json: values.json === true,
    watch: values.watch === true,
    help: values.help === true,
    ipMonitor: values['no-ip-monitor'] !== true,
    config: {
      ...(officeUrl !== undefined ? { officeUrl } : {}),
      ...(pin !== undefined ? { certPin: pin } : {}),
      ...(probeUrl !== undefined ? { probeUrl } : {}),
      ...(tunnelRules.length > 0 ? { tunnelRules } : {}),
      ...(Object.keys(intervals).length > 0 ? { intervals } : {}),
    },
  };
}

/** The one JSON line --watch prints per change. */
export function watchLine(s: ConnectivityStatus): string {
  return JSON.stringify({
    status: s.status,
    since: s.since,
    reason: s.reason,
    latencyMs: s.latencyMs,
    evidence: s.evidence,
  });
}

const fmtParams = (params: Record<string, string | number> | undefined) =>
  params
    ? Object.entries(params)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')
    : '';

/** A report a person (IT support on the phone) can read. */
export function formatReport(s: ConnectivityStatus): string {
  const e = s.evidence;
  const lines = [
    `status      ${s.status}  (${s.reason.code}${s.reason.params ? ': ' + fmtParams(s.reason.params) : ''})`,
    `since       ${s.since}   checked ${s.checkedAt}`,
    `latency     ${s.latencyMs === null ? '-' : `${s.latencyMs} ms`}`,
    `interfaces  ${e.interfaces.join(', ') || '-'}`,
    `tunnels     ${
      e.tunnels
        .map(
          (t) =>
            `${t.name} [${t.kind}${t.basis ? ` by ${t.basis}` : ''}${t.routable ? '' : ', no routable address'}] ${t.addresses.join(' ')}${t.description ? ` "${t.description}"` : ''}`,
        )
        .join('; ') || '-'
    }`,
    `default rt  ${e.defaultRoute ? 'yes' : 'no'}`,
    `office rt   ${e.officeRoute ? `${e.officeRoute.via}${e.officeRoute.interface ? ` via ${e.officeRoute.interface}` : ''}${e.officeRoute.gateway ? ` gw ${e.officeRoute.gateway}` : ''}${e.officeRoute.error ? ` (${e.officeRoute.error})` : ''}` : '- (no office configured)'}`,
    `dns         ${e.dns ? `${e.dns.host}: ${e.dns.ok ? e.dns.addresses.join(' ') : `failed (${e.dns.error})`}` : '-'}`,
    `tcp         ${e.tcp ? `${e.tcp.host}:${e.tcp.port} ${e.tcp.ok ? `ok ${e.tcp.ms} ms` : `failed (${e.tcp.error})`}` : '-'}`,
    `https       ${
      e.https
        ? `${e.https.url} ${e.https.ok ? `ok ${e.https.statusCode} ${e.https.ms} ms` : `failed (${e.https.error}${e.https.statusCode ? ` ${e.https.statusCode}` : ''})`}` +
          `${e.https.certSha256 ? ` cert sha256 ${e.https.certSha256}` : ''}${e.https.pinMatched === undefined ? '' : e.https.pinMatched ? ' (pin matches)' : ' (PIN MISMATCH)'}`
        : '-'
    }`,
    `internet    ${e.internet ? `${e.internet.url} ${e.internet.ok ? `ok ${e.internet.ms} ms` : `failed (${e.internet.error})`}` : '- (no probe URL: default route decides)'}`,
  ];
  if (e.lossPct !== null) lines.push(`loss        ${e.lossPct} %`);
  if (e.trigger)
    lines.push(`changed by  ${e.trigger.cause} at ${e.trigger.at}${e.trigger.detail ? ` (${e.trigger.detail})` : ''}`);
  return lines.join('\n');
}
