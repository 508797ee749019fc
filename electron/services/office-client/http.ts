// Typed HTTP calls to the office server. Every response is validated with the shared zod schema:
// a malformed or unexpected answer becomes an OfficeError with a sentence a person can act on,
// never a crash and never an undefined in the UI.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { request as httpsRequest } from 'node:https';
import type { z } from 'zod';
import { API_PREFIX, ErrorBody, IDEMPOTENCY_HEADER } from '../../../shared/office-api';
import type { OfficeTrust } from './trust';
import { createOfficeTrust, OfficeTrustError } from './trust';

/**
 * bad-address: what the user typed is not a server address; insecure-address: it is, but not
 * https to another machine (nothing was sent in either case)
 */
export type OfficeErrorKind =
  | 'network'
  | 'timeout'
  | 'http'
  | 'malformed'
  | 'signed-out'
  | 'bad-address'
  | 'insecure-address'
  /** the office's certificate fails the trust rule (office-client/trust.ts): nothing was sent */
  | 'untrusted';

export class OfficeError extends Error {
  constructor(
    readonly kind: OfficeErrorKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
    /** the office's whole error body, for answers that carry more than a sentence (a refused booking) */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'OfficeError';
  }

  /** Worth trying again later with the same idempotency key. */
  get retryable(): boolean {
    if (this.kind !== 'http')
      return this.kind !== 'malformed' && this.kind !== 'bad-address' && this.kind !== 'insecure-address';
    const s = this.status ?? 0;
    return s >= 500 || s === 408 || s === 425 || s === 429 || s === 401 || this.code === 'idempotency_in_flight';
  }
}

export interface RequestOptions<S extends z.ZodType> {
  schema: S;
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  idempotencyKey?: string;
  /** default true: send the access token */
  auth?: boolean;
  timeoutMs?: number;
  /** more request headers (the network state the office's audit trail records) */
  headers?: Record<string, string>;
  /** true: the answer is a file (an xlsx report); `schema` gets its bytes as base64, not JSON */
  binary?: boolean;
}

export interface OfficeHttpOptions {
  baseUrl: string;
  /** the current access token; throws OfficeError('signed-out') when there is none */
  accessToken?: () => Promise<string>;
  timeoutMs?: number;
  /** which certificates are the office's (OS store, policy CA, pins); default: the OS store alone */
  trust?: OfficeTrust;
}

interface RawResponse {
  status: number;
  statusText: string;
  text: string;
  bytes: Buffer;
}

// node:http with keep-alive rather than fetch: the outbox sends thousands of small requests, and
// fetch's web streams cost more CPU per request than the request itself. As many sockets as the
// outbox keeps deliveries in flight (OutboxOptions.concurrency), so none of them waits for a socket.
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 32 });
const httpsAgents = new WeakMap<OfficeTrust, HttpsAgent>();
let defaultTrust: OfficeTrust | null = null;

/** One keep-alive agent per trust rule: its sockets all passed that rule. */
function httpsAgent(trust: OfficeTrust | undefined): HttpsAgent {
  const rule = trust ?? (defaultTrust ??= createOfficeTrust());
  let agent = httpsAgents.get(rule);
  if (!agent) httpsAgents.set(rule, (agent = rule.agent({ keepAlive: true, maxSockets: 32 })));
  return agent;
}

const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
  trust: OfficeTrust | undefined,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const req = (secure ? httpsRequest : httpRequest)(
      url,
      { method, headers, agent: secure ? httpsAgent(trust) : httpAgent },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) req.destroy(new Error('answer too large'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            text: bytes.toString('utf8'),
            bytes,
          });
        });
        res.on('error', reject);
        res.on('aborted', () => reject(Object.assign(new Error('the answer was cut short'), { code: 'ECONNRESET' })));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

export type OfficeHttp = <S extends z.ZodType>(
  method: string,
  path: string,
  options: RequestOptions<S>,
) => Promise<z.output<S>>;

const MAX_ERROR_TEXT = 300;

export function createOfficeHttp({ baseUrl, accessToken, timeoutMs = 10_000, trust }: OfficeHttpOptions): OfficeHttp {
  const base = baseUrl.replace(/\/+$/, '');
  return async (method, path, options) => {
    const url = new URL(`${base}${API_PREFIX}${path}`);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers[IDEMPOTENCY_HEADER] = options.idempotencyKey;
    let token: string | null = null;
    if (options.auth !== false) {
      if (!accessToken) throw new OfficeError('signed-out', 'Not signed in to the office server.');
      token = await accessToken();
      headers.authorization = `Bearer ${token}`;
    }
    const limit = options.timeoutMs ?? timeoutMs;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const exchange = async () => {
      try {
        return await send(url, method, headers, body, limit, trust);
      } catch (error) {
        if (error instanceof OfficeTrustError) throw new OfficeError('untrusted', error.message, undefined, error.code);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ETIMEDOUT')
          throw new OfficeError('timeout', `The office server did not answer within ${Math.round(limit / 1000)} s.`);
        throw new OfficeError('network', `Cannot reach the office server (${code ?? (error as Error).message}).`);
      }
    };
    let response: RawResponse = await exchange();
    // Refused while the token was being renewed (after a sleep, say, the event stream renews it and the
    // office ends the one this request carried): sent once more with the new token, never more.
    if (response.status === 401 && token !== null && accessToken) {
      const renewed = await accessToken();
      if (renewed !== token) {
        headers.authorization = `Bearer ${renewed}`;
        response = await exchange();
      }
    }
    const text = response.text;

    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (response.status < 200 || response.status >= 300) {
      const error = ErrorBody.safeParse(json);
      if (error.success)
        throw new OfficeError(
          'http',
          error.data.error.message.slice(0, MAX_ERROR_TEXT),
          response.status,
          error.data.error.code,
          json,
        );
      throw new OfficeError(
        'http',
        `The office server answered ${response.status} ${response.statusText}.`.trim(),
        response.status,
      );
    }
    const parsed = options.schema.safeParse(options.binary ? response.bytes.toString('base64') : json);
    if (!parsed.success) {
      throw new OfficeError(
        'malformed',
        json === undefined
          ? `The office server sent an answer that is not JSON (${method} ${path}).`
          : `The office server sent an answer Teleworker does not understand (${method} ${path}: ${parsed.error.issues[0]?.path.join('.') || 'body'} ${parsed.error.issues[0]?.message ?? ''}).`,
        response.status,
      );
    }
    return parsed.data;
  };
}
