// The expensive probes: DNS, TCP connect, HTTPS health check with an optional certificate pin.
// They contact only the host they are given; nothing here has a default target.
import { lookup } from 'node:dns/promises';
import { connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { request as httpRequest } from 'node:http';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DnsEvidence, HttpsEvidence, TcpEvidence } from '../../../shared/domain/connectivity';
import type { OfficeTrust } from '../office-client/trust';
import { createOfficeTrust, normalizePin } from '../office-client/trust';

export interface Probes {
  dns(host: string, timeoutMs: number): Promise<DnsEvidence>;
  tcp(host: string, port: number, timeoutMs: number): Promise<TcpEvidence>;
  /**
   * GET url. With `trust` (the office) the office's trust rule decides (office-client/trust.ts: the
   * OS store, policy's CA, or the pins alone); without it Node's CAs and the host name (the probe URL).
   */
  https(url: string, options: HttpsProbeOptions): Promise<HttpsEvidence>;
}

export interface HttpsProbeOptions {
  timeoutMs: number;
  connectHost?: string;
  trust?: OfficeTrust;
  /** one pin, as `diagnose --pin` gives it (a trust of that pin alone) */
  pin?: string;
}

const elapsed = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}

export { normalizePin };

export async function dnsProbe(host: string, timeoutMs: number): Promise<DnsEvidence> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })), timeoutMs);
    });
    const answers = await Promise.race([lookup(host, { all: true }), timeout]);
    return { host, ok: answers.length > 0, addresses: answers.map((a) => a.address), ms: elapsed(t0) };
  } catch (error) {
    return { host, ok: false, addresses: [], ms: null, error: errorCode(error) };
  } finally {
    clearTimeout(timer);
  }
}

export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<TcpEvidence> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = netConnect({ host, port });
    const finish = (result: TcpEvidence) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => finish({ host, port, ok: false, ms: null, error: 'ETIMEDOUT' }));
    socket.once('connect', () => finish({ host, port, ok: true, ms: elapsed(t0) }));
    socket.once('error', (error) => finish({ host, port, ok: false, ms: null, error: errorCode(error) }));
  });
}

export function httpsProbe(url: string, options: HttpsProbeOptions): Promise<HttpsEvidence> {
  if (new URL(url).protocol === 'http:') return plainHttpProbe(url, options);
  return new Promise((resolve) => {
    const t0 = performance.now();
    const target = new URL(url);
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(target.port || 443);
    const trust = options.trust ?? (options.pin !== undefined ? createOfficeTrust({ certPins: [options.pin] }) : null);
    const pins = trust?.pins ?? [];
    let settled = false;
    let certSha256: string | undefined;
    const socket: TLSSocket = tlsConnect({
      host: options.connectHost ?? host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      // The office: its trust rule judges after the handshake (a pin, a private CA); anything else:
      // the system's CAs and the host name.
      ...(trust ? trust.connectOptions(host) : { rejectUnauthorized: true }),
      ALPNProtocols: ['http/1.1'],
    });
    const timer = setTimeout(() => finish({ ok: false, error: 'timeout' }), options.timeoutMs);
    function finish(result: Partial<HttpsEvidence> & { ok: boolean }) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({
        url,
        ms: result.ok ? elapsed(t0) : null,
        ...(certSha256 !== undefined ? { certSha256 } : {}),
        ...(pins.length && certSha256 !== undefined ? { pinMatched: pins.includes(certSha256) } : {}),
        ...result,
      });
    }
    socket.once('error', (error) => {
      const code = errorCode(error);
      const certProblem = /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS_CERT_ALTNAME/i.test(code);
      finish({ ok: false, error: certProblem ? 'cert-untrusted' : code });
    });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      if (cert?.raw) certSha256 = createHash('sha256').update(cert.raw).digest('hex');
      const verdict = trust?.judge(socket, host);
      if (verdict && !verdict.trusted) {
        // Nothing is sent to a server that fails the rule.
        finish({ ok: false, error: verdict.code });
        return;
      }
      const req = httpRequest({
        host,
        port,
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        headers: { 'user-agent': 'teleworker-connectivity', accept: '*/*', connection: 'close' },
        createConnection: () => socket,
      });
      req.once('response', (res) => {
        res.resume();
        const statusCode = res.statusCode ?? 0;
        const ok = statusCode >= 200 && statusCode < 400;
        finish({ ok, statusCode, ...(ok ? {} : { error: 'http-status' }) });
      });
      req.once('error', (error) => finish({ ok: false, error: errorCode(error) }));
      req.end();
    });
  });
}

/** The embedded demo office on loopback speaks plain http (parseOfficeUrl allows it nowhere else). */
function plainHttpProbe(url: string, options: { timeoutMs: number; connectHost?: string }): Promise<HttpsEvidence> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const target = new URL(url);
    const req = httpRequest({
      host: options.connectHost ?? target.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: Number(target.port || 80),
      path: `${target.pathname}${target.search}`,
      method: 'GET',
      headers: { 'user-agent': 'teleworker-connectivity', accept: '*/*', connection: 'close' },
      timeout: options.timeoutMs,
    });
    req.once('response', (res) => {
      res.resume();
      const statusCode = res.statusCode ?? 0;
      const ok = statusCode >= 200 && statusCode < 400;
      resolve({ url, ok, statusCode, ms: ok ? elapsed(t0) : null, ...(ok ? {} : { error: 'http-status' }) });
    });
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', (error) =>
      resolve({ url, ok: false, ms: null, error: error.message === 'timeout' ? 'timeout' : errorCode(error) }),
    );
    req.end();
  });
}

export const nodeProbes: Probes = { dns: dnsProbe, tcp: tcpProbe, https: httpsProbe };
