// The office's trust rule (office-client/trust.ts) against real TLS office servers on loopback,
// with certificates made by openssl for this run: a bank's own CA, a self-signed office, and that
// office's renewed certificate. Sign-in, the event stream, the update feed and the connectivity
// probe all follow the one rule.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsProbe } from '../../../electron/services/connectivity/probes';
import { silentLogger } from '../../../electron/services/logger';
import { OfficeError } from '../../../electron/services/office-client/http';
import type { OfficeTrust } from '../../../electron/services/office-client/trust';
import { createOfficeTrust, officeTrustFromPolicy } from '../../../electron/services/office-client/trust';
import { toContractError } from '../../../electron/services/office/office-errors';
import { openLocalStore } from '../../../electron/services/store/local-store';
import { manualConnectivity, memorySecrets, officeService, statusFixture, testCore } from '../../fixtures/core';
import { startTestServer } from '../office-server/helpers';
import type { TestServer } from '../office-server/helpers';

let dir: string;
const file = (name: string) => join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const sha256Of = (pemPath: string) => new X509Certificate(readFileSync(pemPath)).fingerprint256;
const SAN = 'subjectAltName=IP:127.0.0.1,DNS:localhost';

function selfSigned(name: string) {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-addext',
    SAN,
    '-keyout',
    file(`${name}.key`),
    '-out',
    file(`${name}.pem`),
  );
}

let ca: TestServer; // certificate issued by the bank's CA
let pinned: TestServer; // self-signed
let renewed: TestServer; // the same office's next self-signed certificate
let caPem: string;
let pinnedSha: string;
let renewedSha: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tw-trust-'));
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Bank Test Root CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
  );
  openssl(
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-subj',
    '/CN=office.bank.test',
    '-keyout',
    file('office.key'),
    '-out',
    file('office.csr'),
  );
  writeFileSync(file('ext.cnf'), `${SAN}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  openssl(
    'x509',
    '-req',
    '-in',
    file('office.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('ext.cnf'),
    '-out',
    file('office.pem'),
  );
  selfSigned('pinned');
  selfSigned('renewed');
  caPem = readFileSync(file('ca.pem'), 'utf8');
  pinnedSha = sha256Of(file('pinned.pem'));
  renewedSha = sha256Of(file('renewed.pem'));
  const start = async (name: string) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tw-trust-office-'));
    mkdirSync(join(dataDir, 'updates'));
    writeFileSync(join(dataDir, 'updates', 'latest.yml'), 'version: 9.9.9\n');
    return startTestServer({ dataDir, tls: { cert: file(`${name}.pem`), key: file(`${name}.key`) } });
  };
  [ca, pinned, renewed] = await Promise.all([start('office'), start('pinned'), start('renewed')]);
  // Node's TLS client refuses a host name for an IP address in SNI; the servers answer on 127.0.0.1.
  expect(ca.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
});

afterAll(async () => {
  await Promise.all([ca, pinned, renewed].map((s) => s?.cleanup()));
  rmSync(dir, { recursive: true, force: true });
});

const until = async (predicate: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

function makeService(trust: OfficeTrust) {
  const store = openLocalStore({ dir: mkdtempSync(join(tmpdir(), 'tw-trust-client-')), logger: silentLogger });
  const connectivity = manualConnectivity(statusFixture({ status: 'office-via-vpn' }));
  const office = officeService({ db: store.db, secrets: memorySecrets(), connectivity, trust });
  const core = testCore(connectivity, office);
  core.start();
  return { office, close: () => (core.stop(), store.close()) };
}

/** GET the update feed's channel file the way every office request goes: through the trust rule's agent. */
function feed(server: TestServer, trust: OfficeTrust): Promise<string> {
  return new Promise((resolve, reject) => {
    httpsGet(`${server.url}/updates/latest.yml`, { agent: trust.agent() }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(`${res.statusCode} ${text}`));
    }).on('error', reject);
  });
}

async function signInFails(server: TestServer, trust: OfficeTrust): Promise<OfficeError> {
  const s = makeService(trust);
  try {
    const error = await s.office.signIn(server.url, 'budi', 'teleworker').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OfficeError);
    return error as OfficeError;
  } finally {
    s.close();
  }
}

async function worksEndToEnd(server: TestServer, trust: OfficeTrust) {
  const s = makeService(trust);
  try {
    const state = await s.office.signIn(server.url, 'budi', 'teleworker');
    expect(state).toMatchObject({ status: 'signed-in', user: { username: 'budi' } });
    await until(() => s.office.syncStatus().stream === 'connected');
    expect(await feed(server, trust)).toBe('200 version: 9.9.9\n');
    const probe = await httpsProbe(`${server.url}/healthz`, { timeoutMs: 5000, trust });
    expect(probe).toMatchObject({ ok: true });
  } finally {
    s.close();
  }
}

describe('an office whose certificate the OS does not trust', () => {
  it('with neither a CA nor a pin in policy: sign-in fails with a sentence naming both keys, and nothing is sent', async () => {
    const trust = createOfficeTrust({ systemRoots: () => [] });
    const error = await signInFails(pinned, trust);
    expect(error.kind).toBe('untrusted');
    expect(error.message).toMatch(/certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\).*officeCa.*certPins/);
    expect({ code: toContractError(error).code, reason: toContractError(error).details.reason }).toMatchObject({
      code: 'unavailable',
      reason: 'office-untrusted',
    });
    await expect(feed(ca, trust)).rejects.toThrow(/not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    expect(await httpsProbe(`${pinned.url}/healthz`, { timeoutMs: 5000, trust })).toMatchObject({
      ok: false,
      error: 'cert-untrusted',
    });
  });

  it('with the certificate’s pin from policy: sign-in, event stream, update feed and probe work', async () => {
    await worksEndToEnd(pinned, officeTrustFromPolicy({ certPin: pinnedSha }));
  });

  it('with the bank’s CA from policy: sign-in, event stream, update feed and probe work', async () => {
    await worksEndToEnd(ca, officeTrustFromPolicy({ officeCa: caPem }));
    // the CA vouches for its own certificates only
    const error = await signInFails(pinned, officeTrustFromPolicy({ officeCa: caPem }));
    expect(error.kind).toBe('untrusted');
  });

  it('a renewed certificate is accepted when its pin is in the list, and refused with a sentence when it is not', async () => {
    await worksEndToEnd(renewed, officeTrustFromPolicy({ certPins: [pinnedSha, renewedSha.toLowerCase()] }));
    const error = await signInFails(renewed, officeTrustFromPolicy({ certPins: [pinnedSha] }));
    expect(error).toMatchObject({ kind: 'untrusted', code: 'OFFICE_PIN_MISMATCH' });
    expect(error.message).toMatch(/is none of the pin in policy \(certPins\)|none of the pin/);
    expect(
      await httpsProbe(`${renewed.url}/healthz`, {
        timeoutMs: 5000,
        trust: officeTrustFromPolicy({ certPins: [pinnedSha] }),
      }),
    ).toMatchObject({
      ok: false,
      error: 'pin-mismatch',
      pinMatched: false,
    });
  });

  it('pins decide alone: a CA-issued certificate that is not pinned is refused', async () => {
    const error = await signInFails(ca, officeTrustFromPolicy({ officeCa: caPem, certPins: [pinnedSha] }));
    expect(error.code).toBe('OFFICE_PIN_MISMATCH');
  });
});

describe('the updater’s verdict (Electron’s certificate verify callback, fed the real certificates)', () => {
  const refusedByOs = 'net::ERR_CERT_AUTHORITY_INVALID';
  const leaf = (name: string) => ({ data: readFileSync(file(`${name}.pem`), 'utf8') });

  it('trusts a pinned certificate, refuses another, and leaves an OS-trusted chain to Chromium without pins', () => {
    const trust = officeTrustFromPolicy({ certPins: [pinnedSha] });
    expect(
      trust.chromiumVerdict({ hostname: '127.0.0.1', certificate: leaf('pinned'), verificationResult: refusedByOs }),
    ).toBe(0);
    expect(
      trust.chromiumVerdict({ hostname: '127.0.0.1', certificate: leaf('renewed'), verificationResult: 'net::OK' }),
    ).toBe(-2);
    const none = createOfficeTrust({ systemRoots: () => [] });
    expect(
      none.chromiumVerdict({ hostname: '127.0.0.1', certificate: leaf('office'), verificationResult: 'net::OK' }),
    ).toBe(-3);
  });

  it('trusts a chain that leads to the policy CA, for the right host only', () => {
    const trust = officeTrustFromPolicy({ officeCa: caPem });
    const chain = { ...leaf('office'), issuerCert: leaf('ca') };
    expect(trust.chromiumVerdict({ hostname: '127.0.0.1', certificate: chain, verificationResult: refusedByOs })).toBe(
      0,
    );
    expect(
      trust.chromiumVerdict({ hostname: 'localhost', certificate: leaf('office'), verificationResult: refusedByOs }),
    ).toBe(0);
    expect(
      trust.chromiumVerdict({ hostname: 'elsewhere.test', certificate: chain, verificationResult: refusedByOs }),
    ).toBe(-2);
    expect(
      trust.chromiumVerdict({ hostname: '127.0.0.1', certificate: leaf('pinned'), verificationResult: refusedByOs }),
    ).toBe(-2);
    // a day after the certificates expire
    expect(
      trust.chromiumVerdict(
        { hostname: '127.0.0.1', certificate: chain, verificationResult: refusedByOs },
        new Date(Date.now() + 3 * 86_400_000),
      ),
    ).toBe(-2);
  });
});
