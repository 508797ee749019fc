// /openapi.json, generated from the same route declarations and zod schemas the server runs on.
import { z } from 'zod';
import type { AnyRoute } from '../http/route';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
}

function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): unknown[] {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema: s,
  }));
}

export function buildOpenApi(routes: readonly AnyRoute[], version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = openApiPath(r.url);
    const op: Record<string, unknown> = {
      tags: [r.tag],
      summary: r.summary,
      operationId: `${r.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses: Object.fromEntries(
        Object.entries(r.responses).map(([status, s]) => [
          status,
          s === 'csv'
            ? { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }
            : s === 'csv-or-xlsx'
              ? {
                  description: 'CSV, or with format=xlsx a spreadsheet (sheets Days and Tickets, the same rows)',
                  content: {
                    'text/csv': { schema: { type: 'string' } },
                    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                      schema: { type: 'string', format: 'binary' },
                    },
                  },
                }
              : s === 'binary'
                ? {
                    description: 'file',
                    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
                  }
                : {
                    description: Number(status) < 400 ? 'success' : 'error',
                    content: { 'application/json': { schema: jsonSchema(s, 'output') } },
                  },
        ]),
      ),
    };
    // no sign-in needed (login, refresh, health) is said outright, so linters of the published contract agree
    op.security = r.auth ? [{ bearer: [] }] : [];
    if (r.method !== 'GET' && r.auth && r.idempotency !== 'none') {
      (op.parameters as unknown[]).push({
        name: 'Idempotency-Key',
        in: 'header',
        required: r.idempotency === 'required',
        description:
          'A repeat returns the first result; the same key with a different request: 422; while the first is still running: 409.',
        schema: { type: 'string', minLength: 1, maxLength: 200 },
      });
    }
    if (r.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } };
    }
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  paths['/api/v1/events'] = {
    get: {
      tags: ['events'],
      summary:
        'WebSocket upgrade: the live event stream. Authenticate with Sec-WebSocket-Protocol "teleworker.v1, bearer.<token>", ' +
        'an Authorization header, or a first frame {type:"auth",token}. Resume with ?since=<last event id>. See docs/office-server.md.',
      parameters: [{ name: 'since', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } }],
      responses: { 101: { description: 'switching protocols' } },
      security: [{ bearer: [] }],
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'Teleworker office server', version },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
