// One trust rule for every connection to the office (sign-in and API calls, the event stream, the
// connectivity probe and live connection, and the updater's feed through the Electron shell):
//   - with pins in policy (certPins, certPin), the office is the server whose certificate's SHA-256
//     is one of them, and nothing else: a self-signed office works, an intercepting proxy does not;
//     a list, so a renewed certificate's pin can be rolled in before the swap;
//   - without pins, the usual chain and host name checks against the OS's trust store (Node's
//     bundled roots plus the system's where the runtime can read them) plus the policy's CA bundle
//     (officeCa), for a bank's own CA.
// Node's own checks cannot express the pin, so sockets are connected with rejectUnauthorized off and
// judged here after the handshake, before one byte of a request is written.
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import type { AgentOptions, RequestOptions } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import type { ConnectionOptions, SecureContext, TLSSocket } from 'node:tls';

/**
 * Normalises a certificate pin to lowercase hex: accepts hex with or without colons
 * (openssl/Node fingerprint style), optionally prefixed "sha256:" or "sha256/", or base64 of the digest.
 */
export function normalizePin(pin: string): string {
  const p = pin.trim().replace(/^sha256[:/]/i, '');
  const hex = p.replace(/:/g, '');
  if (/^[0-9a-fA-F]{64}$/.test(hex)) return hex.toLowerCase();
  const bytes = Buffer.from(p, 'base64');
  if (bytes.length === 32 && /^[A-Za-z0-9+/]{43}=?$/.test(p)) return bytes.toString('hex');
  throw new Error('certificate pin must be a SHA-256 digest: 64 hex digits (colons allowed) or base64');
}

/** Every certificate in a PEM bundle; throws with a sentence naming the one that does not parse. */
export function parsePemBundle(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (!blocks.length) throw new Error('holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new Error(`certificate ${i + 1} of ${blocks.length} is not a valid certificate`);
    }
  });
}

/** Where Linux distributions keep the system's roots as one bundle (Debian, Fedora/RHEL, openSUSE, Alpine). */
const LINUX_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

type CaReader = { getCACertificates?: (type: 'system' | 'bundled' | 'default' | 'extra') => string[] };

/**
 * The OS trust store as PEM, as far as this runtime can read it: Node 22.15+/23.8+ (and so
 * Electron's main process) read it themselves (the Windows and macOS stores too); an older Node
 * on Linux reads the distribution's bundle. Empty where neither works: Node's bundled roots remain.
 */
function systemRootCertificates(platform: NodeJS.Platform = process.platform): string[] {
  const reader = (tls as unknown as CaReader).getCACertificates;
  if (typeof reader === 'function') {
    try {
      return reader('system');
    } catch {
      // fall through to the files
    }
  }
  if (platform !== 'linux') return [];
  for (const path of LINUX_BUNDLES) {
    try {
      return readFileSync(path, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    } catch {
      // the next place
    }
  }
  return [];
}

export type TrustVerdict =
  | { trusted: true; certSha256: string }
  | {
      trusted: false;
      certSha256?: string;
      /** pin-mismatch: not a pinned certificate; cert-untrusted: no trusted chain or a wrong host name */
      code: 'pin-mismatch' | 'cert-untrusted';
      /** a sentence a person (the user, IT) can act on */
      message: string;
    };

/** The error a refused office connection fails with; its message is the verdict's sentence. */
export class OfficeTrustError extends Error {
  constructor(
    readonly code: 'OFFICE_PIN_MISMATCH' | 'OFFICE_CERT_UNTRUSTED',
    message: string,
    readonly certSha256?: string,
  ) {
    super(message);
    this.name = 'OfficeTrustError';
  }
}

/** What Electron's setCertificateVerifyProc hands over (structurally; services never import electron). */
export interface ChromiumCertificateRequest {
  hostname: string;
  certificate: ChromiumCertificate;
  /** Chromium's own verdict against the OS trust store: 'net::OK' when it trusts the chain */
  verificationResult: string;
}
export interface ChromiumCertificate {
  /** PEM */
  data: string;
  issuerCert?: ChromiumCertificate | null;
}

export interface OfficeTrustConfig {
  /** a PEM bundle of the CAs that issue the office's certificate (policy officeCa) */
  officeCa?: string;
  /** SHA-256 pins of the office's certificate(s) (policy certPins, plus certPin) */
  certPins?: readonly string[];
  /** the OS trust store as PEM (default: systemRootCertificates); the shell may supply its own */
  systemRoots?: () => readonly string[];
}

export interface OfficeTrust {
  /** normalised pins (lowercase hex); none: the CAs decide */
  readonly pins: readonly string[];
  /** true when policy added anything (a CA or pins) */
  readonly fromPolicy: boolean;
  /** tls.connect options: the roots, with the verdict left to judge() */
  connectOptions(host: string): Pick<ConnectionOptions, 'secureContext' | 'rejectUnauthorized' | 'servername'>;
  /** after the handshake, before anything is sent */
  judge(socket: TLSSocket, host: string): TrustVerdict;
  /** tls.connect to the office, resolved only once the certificate passed the rule */
  connect(options: ConnectionOptions & { host: string; port: number }): Promise<TLSSocket>;
  /** an https.Agent whose sockets all passed the rule (http.ts, the event stream's WebSocket) */
  agent(options?: AgentOptions): HttpsAgent;
  /** For Electron's session.setCertificateVerifyProc: 0 trust, -2 refuse, -3 Chromium's own verdict. */
  chromiumVerdict(request: ChromiumCertificateRequest, now?: Date): 0 | -2 | -3;
}

const sha256 = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');
const short = (hex: string) => `${hex.slice(0, 16)}…`;

export function createOfficeTrust(config: OfficeTrustConfig = {}): OfficeTrust {
  const pins = [...new Set((config.certPins ?? []).map(normalizePin))];
  const officeCas = config.officeCa ? parsePemBundle(config.officeCa) : [];
  let context: SecureContext | null = null;
  // Built once, on first use: each root costs a PEM parse (a few hundred took 100-300 ms on a busy
  // test machine), so the system's copies of Node's own roots are left out by their text.
  const secureContext = () => {
    if (context) return context;
    const seen = new Set<string>();
    const ca: string[] = [];
    for (const pem of [
      ...tls.rootCertificates,
      ...(config.systemRoots ?? systemRootCertificates)(),
      ...officeCas.map(String),
    ]) {
      const key = pem.replace(/\s+/g, '');
      if (seen.has(key)) continue;
      seen.add(key);
      ca.push(pem);
    }
    return (context = tls.createSecureContext({ ca }));
  };

  const untrusted = (reason: string, certSha256?: string): TrustVerdict => ({
    trusted: false,
    code: 'cert-untrusted',
    message:
      `The office server's certificate is not trusted (${reason}). ` +
      (officeCas.length
        ? 'It is not issued for this address by the CA in policy (officeCa) nor by one the operating system trusts.'
        : 'If the office uses its own CA or a self-signed certificate, IT sets officeCa (the CA) or certPins (the certificate’s SHA-256) in policy.'),
    ...(certSha256 ? { certSha256 } : {}),
  });

  const trust: OfficeTrust = {
    pins,
    fromPolicy: pins.length > 0 || officeCas.length > 0,
    connectOptions: (host) => ({
      secureContext: secureContext(),
      rejectUnauthorized: false,
      ...(isIP(host) ? {} : { servername: host }),
    }),
    judge(socket, host) {
      const raw = socket.getPeerCertificate()?.raw;
      if (!raw) return untrusted('the server sent no certificate');
      const certSha256 = sha256(raw);
      if (pins.length) {
        if (pins.includes(certSha256)) return { trusted: true, certSha256 };
        return {
          trusted: false,
          code: 'pin-mismatch',
          certSha256,
          message: `The office server's certificate (SHA-256 ${short(certSha256)}) is none of the ${pins.length === 1 ? 'pin' : `${pins.length} pins`} in policy (certPins): this is not the office, or its certificate was renewed without its pin being added.`,
        };
      }
      if (socket.authorized) return { trusted: true, certSha256 };
      // Node checks the host name only after a good chain; with rejectUnauthorized off it reports both here.
      const reason = String(socket.authorizationError ?? 'unknown');
      void host;
      return untrusted(reason, certSha256);
    },
    connect(options) {
      return new Promise((resolve, reject) => {
        const socket = tls.connect({ ...options, ...trust.connectOptions(options.host) });
        const fail = (error: Error) => {
          socket.destroy();
          reject(error);
        };
        socket.once('error', fail);
        socket.once('secureConnect', () => {
          socket.removeListener('error', fail);
          const verdict = trust.judge(socket, options.host);
          if (verdict.trusted) return resolve(socket);
          fail(
            new OfficeTrustError(
              verdict.code === 'pin-mismatch' ? 'OFFICE_PIN_MISMATCH' : 'OFFICE_CERT_UNTRUSTED',
              verdict.message,
              verdict.certSha256,
            ),
          );
        });
      });
    },
    agent(options) {
      return new TrustedAgent(trust, options);
    },
    chromiumVerdict(request, now = new Date()) {
      let chain: X509Certificate[];
      try {
        chain = chromiumChain(request.certificate);
      } catch {
        return -2;
      }
      const leaf = chain[0];
      if (!leaf) return -2;
      if (pins.length) return pins.includes(sha256(leaf.raw)) ? 0 : -2;
      if (request.verificationResult === 'net::OK') return -3;
      if (!officeCas.length) return -3;
      return chainReachesCa(chain, officeCas, request.hostname, now) ? 0 : -2;
    },
  };
  return trust;
}

/** https.Agent that connects through the trust rule: a refused certificate fails the request before it is sent. */
class TrustedAgent extends HttpsAgent {
  constructor(
    private readonly trust: OfficeTrust,
    options?: AgentOptions,
  ) {
    super(options);
  }

  // Node's Agent takes the socket from the callback when createConnection returns nothing.
  override createConnection(
    options: RequestOptions,
    callback?: (error: Error | null, socket: Duplex) => void,
  ): Duplex | undefined {
    const host = String(options.hostname ?? options.host ?? 'localhost').replace(/^\[(.*)\]$/, '$1');
    this.trust.connect({ ...(options as ConnectionOptions), host, port: Number(options.port ?? 443) }).then(
      (socket) => callback?.(null, socket),
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

function chromiumChain(certificate: ChromiumCertificate): X509Certificate[] {
  const chain: X509Certificate[] = [];
  for (let c: ChromiumCertificate | null | undefined = certificate; c && chain.length < 10; c = c.issuerCert)
    chain.push(new X509Certificate(c.data));
  return chain;
}

/** The presented chain leads, signature by signature, to one of the CAs; the leaf is valid now and for the host. */
function chainReachesCa(chain: X509Certificate[], cas: X509Certificate[], hostname: string, now: Date): boolean {
  const leaf = chain[0];
  if (!leaf) return false;
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  if (!(isIP(host) ? leaf.checkIP(host) : leaf.checkHost(host))) return false;
  const current = (c: X509Certificate) => new Date(c.validFrom) <= now && now <= new Date(c.validTo);
  const issuedBy = (child: X509Certificate, parent: X509Certificate) =>
    current(parent) && child.checkIssued(parent) && child.verify(parent.publicKey);
  let cert = leaf;
  for (let i = 0; i < chain.length; i++) {
    if (!current(cert)) return false;
    if (cas.some((ca) => ca.fingerprint256 === cert.fingerprint256 || issuedBy(cert, ca))) return true;
    const parent = chain[i + 1];
    if (!parent || !parent.ca || !issuedBy(cert, parent)) return false;
    cert = parent;
  }
  return false;
}

/** The trust rule from policy; a problem was already reported by loadPolicy, so this never throws. */
export function officeTrustFromPolicy(
  policy: { officeCa?: string; certPins?: readonly string[]; certPin?: string },
  systemRoots?: () => readonly string[],
): OfficeTrust {
  const certPins = [...(policy.certPins ?? []), ...(policy.certPin ? [policy.certPin] : [])];
  const safePins = certPins.filter((pin) => {
    try {
      normalizePin(pin);
      return true;
    } catch {
      return false;
    }
  });
  let officeCa = policy.officeCa;
  if (officeCa) {
    try {
      parsePemBundle(officeCa);
    } catch {
      officeCa = undefined;
    }
  }
  return createOfficeTrust({
    ...(officeCa ? { officeCa } : {}),
    certPins: safePins,
    ...(systemRoots ? { systemRoots } : {}),
  });
}
