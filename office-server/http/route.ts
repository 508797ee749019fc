// Routes are declared once, as data: method, path, zod schemas, who may call it, whether it is
// idempotent. The same declarations register the Fastify handlers and generate /openapi.json.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { IdempotencyKey, type Role } from '../../shared/office-api';
import { hashToken } from '../auth/tokens';
import type { UserRecord } from '../data/store';
import type { ServerContext } from '../context';
import { ApiError, unauthorized, validationError } from './errors';
import { stableStringify } from './stable-json';

type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteResult {
  status?: number;
  /** the JSON body, or with `contentType` a string; ignored when `json` is given */
  body?: unknown;
  /** the body already serialized as JSON (sent as is, and stored as is for an Idempotency-Key) */
  json?: string;
  /** for non-JSON bodies: `body` must then be a string (CSV) or a Buffer (a file such as xlsx) */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RouteContext<B extends Schema, Q extends Schema, P extends Schema, A extends boolean> {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
  request: FastifyRequest;
  reply: FastifyReply;
  idempotencyKey: string | null;
  /** with `idempotencyInHandler`: requestFingerprint() of this request when it carries a key */
  fingerprint: string | null;
  user: A extends true ? UserRecord : null;
  sessionId: A extends true ? string : null;
}

export interface RouteDef<B extends Schema, Q extends Schema, P extends Schema, A extends boolean> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  tag: string;
  summary: string;
  /** true: needs `Authorization: Bearer <accessToken>` */
  auth: A;
  roles?: readonly Role[];
  /** mutating routes accept an Idempotency-Key; `required` refuses requests without one */
  idempotency?: 'optional' | 'required' | 'none';
  /**
   * true: the handler itself claims, runs and records the Idempotency-Key in one store transaction
   * (and answers 409/422/replays as the generic path would); registerRoutes only validates the key
   * and hands it over with the request fingerprint.
   */
  idempotencyInHandler?: boolean;
  body?: B;
  query?: Q;
  params?: P;
  /** status → schema, for the OpenAPI document */
  responses: Record<number, z.ZodType | 'csv' | 'csv-or-xlsx' | 'binary'>;
  handler(ctx: RouteContext<B, Q, P, A>): Promise<RouteResult>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<any, any, any, boolean>;

export function defineRoute<
  B extends Schema = undefined,
  Q extends Schema = undefined,
  P extends Schema = undefined,
  A extends boolean = true,
>(def: RouteDef<B, Q, P, A>): AnyRoute {
  return def as AnyRoute;
}

/** how long a claimed idempotency key blocks repeats before the attempt is presumed dead */
export const IDEMPOTENCY_LEASE_MS = 60_000;

function parse<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) throw validationError(where, r.error);
  return r.data;
}

/** what makes two requests "the same" for an Idempotency-Key: route, path parameters and body */
export function requestFingerprint(method: string, url: string, params: unknown, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url} ${stableStringify(params ?? {})} ${stableStringify(body ?? null)}`)
    .digest('base64url');
}

export async function authenticate(
  ctx: ServerContext,
  request: FastifyRequest,
): Promise<{ user: UserRecord; sessionId: string }> {
  const header = request.headers.authorization;
  if (!header) throw unauthorized();
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m?.[1]) throw unauthorized('the Authorization header must be "Bearer <accessToken>"');
  const found = await ctx.store.sessions.findByAccessToken(hashToken(m[1]), ctx.now());
  if (!found) throw unauthorized('the access token is unknown, expired or revoked: refresh it or sign in again');
  if (found.user.demo && !ctx.demo) throw unauthorized('demo accounts only work while the server runs in demo mode');
  return { user: found.user, sessionId: found.sessionId };
}

function send(
  reply: FastifyReply,
  status: number,
  payload: string | Buffer,
  contentType: string,
  headers?: Record<string, string>,
) {
  reply.code(status).type(contentType);
  if (headers) reply.headers(headers);
  return reply.send(payload);
}

export function registerRoutes(app: FastifyInstance, ctx: ServerContext, routes: readonly AnyRoute[]): void {
  for (const route of routes) {
    const mutating = route.method !== 'GET';
    const idempotency = mutating ? (route.idempotency ?? 'optional') : 'none';
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const auth = route.auth ? await authenticate(ctx, request) : null;
        if (auth && route.roles && !route.roles.includes(auth.user.role)) {
          throw new ApiError(403, 'forbidden', `this needs the role ${route.roles.join(' or ')}`);
        }

        let key: string | null = null;
        if (idempotency !== 'none' && auth) {
          const raw = request.headers['idempotency-key'];
          if (raw === undefined) {
            if (idempotency === 'required') {
              throw new ApiError(
                400,
                'idempotency_key_required',
                'send an Idempotency-Key header (a unique id per report)',
              );
            }
          } else {
            const parsed = IdempotencyKey.safeParse(raw);
            if (!parsed.success)
              throw new ApiError(400, 'bad_request', 'the Idempotency-Key header must be 1-200 printable characters');
            key = parsed.data;
          }
        }

        const params = parse(route.params, request.params, 'params');
        const query = parse(route.query, request.query, 'query');
        const body = parse(route.body, request.body, 'body');

        const fingerprint =
          key !== null ? requestFingerprint(route.method, route.url, request.params, request.body) : null;
        // the generic protocol: claim the key (one write), run the handler, record its result (another write)
        const generic = fingerprint !== null && auth !== null && !route.idempotencyInHandler;
        if (generic && key !== null) {
          const begun = await ctx.store.idempotency.begin(
            auth.user.id,
            key,
            fingerprint,
            ctx.now(),
            IDEMPOTENCY_LEASE_MS,
          );
          switch (begun.state) {
            case 'done':
              return send(reply, begun.status, begun.body, 'application/json; charset=utf-8', {
                'idempotent-replayed': 'true',
              });
            case 'in-flight':
              throw new ApiError(
                409,
                'idempotency_in_flight',
                'a request with this Idempotency-Key is still being processed; retry shortly',
              );
            case 'mismatch':
              throw new ApiError(
                422,
                'idempotency_key_reused',
                'this Idempotency-Key was already used with a different request',
              );
            case 'new':
              break;
          }
        }

        let result: RouteResult;
        try {
          result = await route.handler({
            body,
            query,
            params,
            request,
            reply,
            idempotencyKey: key,
            fingerprint,
            user: auth?.user ?? null,
            sessionId: auth?.sessionId ?? null,
          });
        } catch (err) {
          if (generic && key !== null && auth) await ctx.store.idempotency.release(auth.user.id, key);
          throw err;
        }
        const status = result.status ?? 200;
        if (result.contentType && Buffer.isBuffer(result.body))
          return send(reply, status, result.body, result.contentType, result.headers);
        const payload = result.json ?? (result.contentType ? String(result.body) : JSON.stringify(result.body));
        if (generic && key !== null && auth) {
          // Only successes are remembered: a refused attempt frees the key so a corrected retry can run.
          if (status < 300) await ctx.store.idempotency.complete(auth.user.id, key, status, payload, ctx.now());
          else await ctx.store.idempotency.release(auth.user.id, key);
        }
        return send(reply, status, payload, result.contentType ?? 'application/json; charset=utf-8', result.headers);
      },
    });
  }
}
