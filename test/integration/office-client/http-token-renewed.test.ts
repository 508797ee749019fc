// A request refused because its access token was ended by a renewal in the meantime is sent once
// more with the new token; a refusal of the token the app still holds is the caller's to see.
// A real HTTP server on loopback plays the office.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OfficeError, createOfficeHttp } from '../../../electron/services/office-client/http';

let server: Server;
let base = '';
const seen: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    seen.push(auth);
    res.setHeader('content-type', 'application/json');
    if (auth === 'Bearer new') res.end(JSON.stringify({ ok: true }));
    else {
      res.statusCode = 401;
      res.end(JSON.stringify({ error: { code: 'unauthorized', message: 'the access token is unknown' } }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('a request refused by a token renewed meanwhile', () => {
  it('is sent once more with the new token, and answers', async () => {
    seen.length = 0;
    const tokens = ['old', 'new'];
    const http = createOfficeHttp({ baseUrl: base, accessToken: async () => tokens.shift() ?? 'new' });
    await expect(http('GET', '/ping', { schema: z.object({ ok: z.boolean() }) })).resolves.toEqual({ ok: true });
    expect(seen).toEqual(['Bearer old', 'Bearer new']);
  });

  it('is refused once when the token is still the one the app holds: no second try', async () => {
    seen.length = 0;
    const http = createOfficeHttp({ baseUrl: base, accessToken: async () => 'old' });
    const error = await http('GET', '/ping', { schema: z.object({ ok: z.boolean() }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfficeError);
    expect((error as OfficeError).status).toBe(401);
    expect(seen).toEqual(['Bearer old']);
  });
});
