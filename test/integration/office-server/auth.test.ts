import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, HealthResponse, LoginResponse, MeResponse, RefreshResponse } from '../../../shared/office-api';
import { DEFAULT_SIGN_IN_THROTTLE } from '../../../office-server/auth/sign-in-throttle';
import { expectBody, startTestServer, type TestServer } from './helpers';

describe('office server: sign-in, tokens, bad input', () => {
  let s: TestServer;
  beforeAll(async () => {
    // a first delay of a minute, so a loaded machine cannot let it run out between two requests
    s = await startTestServer({
      signInThrottle: { accountAndAddress: { ...DEFAULT_SIGN_IN_THROTTLE.accountAndAddress, baseDelayMs: 60_000 } },
    });
  });
  afterAll(async () => {
    await s.cleanup();
  });

  it('signs a demo user in and returns the fixed login shape', async () => {
    const r = await s.api.post('/api/v1/auth/login', undefined, { username: 'siti', password: 'teleworker' });
    const body = expectBody(LoginResponse, r);
    expect(body.user).toMatchObject({ username: 'siti', role: 'manager', displayName: 'Siti Rahayu' });
    expect(body.user.teamId).toBeTruthy();
    const me = expectBody(MeResponse, await s.api.get('/api/v1/me', body.accessToken));
    expect(me.user.id).toBe(body.user.id);
    expect(me.team?.managerIds).toContain(body.user.id);
  });

  it('refuses a wrong password and a missing or bogus token', async () => {
    const wrong = await s.api.post('/api/v1/auth/login', undefined, { username: 'budi', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(ErrorBody.parse(wrong.body).error.code).toBe('unauthorized');
    expect((await s.api.get('/api/v1/tickets')).status).toBe(401);
    expect((await s.api.get('/api/v1/tickets', 'tw_at_bogus')).status).toBe(401);
  });

  it('rotates refresh tokens and revokes on sign-out', async () => {
    const login = await s.api.login('ayu');
    const refreshed = expectBody(
      RefreshResponse,
      await s.api.post('/api/v1/auth/refresh', undefined, { refreshToken: login.refreshToken }),
    );
    expect(refreshed.accessToken).not.toBe(login.accessToken);
    // the old access token is gone (a replay of the old refresh token ends the family: refresh-reuse.test.ts)
    expect((await s.api.get('/api/v1/me', login.accessToken)).status).toBe(401);
    expect((await s.api.get('/api/v1/me', refreshed.accessToken)).status).toBe(200);

    const out = await s.api.post('/api/v1/auth/logout', refreshed.accessToken, {});
    expect(out.status).toBe(200);
    expect((await s.api.get('/api/v1/me', refreshed.accessToken)).status).toBe(401);
    expect((await s.api.post('/api/v1/auth/refresh', undefined, { refreshToken: refreshed.refreshToken })).status).toBe(
      401,
    );
  });

  it('slows down guessing a user name from one address (sign-in-throttle.test.ts has the rest)', async () => {
    // the free failures, and the one after them that starts the first delay
    for (let i = 0; i <= DEFAULT_SIGN_IN_THROTTLE.accountAndAddress.free; i++) {
      const r = await s.api.post('/api/v1/auth/login', undefined, { username: 'dewi', password: `guess-${i}` });
      expect(r.status).toBe(401);
    }
    const limited = await s.api.post('/api/v1/auth/login', undefined, { username: 'dewi', password: 'teleworker' });
    expect(limited.status).toBe(429);
    expect(ErrorBody.parse(limited.body).error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // another user is unaffected
    expect(
      (await s.api.post('/api/v1/auth/login', undefined, { username: 'rudi', password: 'teleworker' })).status,
    ).toBe(200);
  });

  it('answers bad input with a 4xx JSON error, never a crash', async () => {
    const { accessToken } = await s.api.login('budi');
    const unknownField = await s.api.post('/api/v1/auth/login', undefined, {
      username: 'budi',
      password: 'x',
      admin: true,
    });
    expect(unknownField.status).toBe(400);
    expect(ErrorBody.parse(unknownField.body).error.code).toBe('validation_failed');

    const badJson = await s.api.request('POST', '/api/v1/chat/messages', {
      token: accessToken,
      rawBody: '{"channelId":',
    });
    expect(badJson.status).toBe(400);
    expect(ErrorBody.parse(badJson.body).error.code).toBe('invalid_json');

    const huge = await s.api.request('POST', '/api/v1/tickets/INC-1001/comments', {
      token: accessToken,
      body: { body: 'x'.repeat(400 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect(ErrorBody.parse(huge.body).error.code).toBe('payload_too_large');

    const text = await s.api.request('POST', '/api/v1/chat/messages', {
      token: accessToken,
      rawBody: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);

    const badQuery = await s.api.get('/api/v1/tickets?limit=0&bogus=1', accessToken);
    expect(badQuery.status).toBe(400);
    expect(ErrorBody.parse(badQuery.body).error.issues?.length).toBeGreaterThan(0);

    const nowhere = await s.api.get('/api/v1/nowhere', accessToken);
    expect(nowhere.status).toBe(404);
    expect(ErrorBody.parse(nowhere.body).error.code).toBe('not_found');

    // still alive
    expectBody(HealthResponse, await s.api.get('/healthz'));
  });

  it('serves /readyz and an OpenAPI document built from the schemas', async () => {
    expect((await s.api.get('/readyz')).body).toMatchObject({ status: 'ready' });
    const doc = (await s.api.get('/openapi.json')).body as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/tickets',
        '/api/v1/summaries',
        '/api/v1/team/summaries',
        '/api/v1/events',
      ]),
    );
    const summaryBody = doc.paths['/api/v1/summaries']?.post?.requestBody?.content['application/json']?.schema;
    expect(summaryBody?.required).toEqual(
      expect.arrayContaining(['date', 'workedMinutes', 'breakMinutes', 'segments', 'tickets', 'slaBreaches', 'notes']),
    );
    // every operation says what it needs: none for signing in, renewing and the health check
    const security = (path: string, method: string) =>
      (doc.paths[path]?.[method] as { security?: unknown } | undefined)?.security;
    expect(security('/api/v1/auth/login', 'post')).toEqual([]);
    expect(security('/api/v1/auth/refresh', 'post')).toEqual([]);
    expect(security('/api/v1/tickets', 'get')).toEqual([{ bearer: [] }]);
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops))
        expect((op as { security?: unknown }).security, `${method} ${path}`).toBeDefined();
  });
});

describe('office server: demo accounts outside demo mode', () => {
  it('refuses the demo password once the server runs without --demo, and keeps data across restarts', async () => {
    const first = await startTestServer({ demo: true });
    const { accessToken } = await first.api.login('budi');
    const before = (await first.api.get('/api/v1/tickets', accessToken)).body as { items: unknown[] };
    await first.close();

    const second = await startTestServer({ dataDir: first.dataDir, demo: false });
    try {
      const r = await second.api.post('/api/v1/auth/login', undefined, { username: 'budi', password: 'teleworker' });
      expect(r.status).toBe(401);
      expect(ErrorBody.parse(r.body).error.code).toBe('demo_only');
      // a token from the demo run is refused too
      expect((await second.api.get('/api/v1/tickets', accessToken)).status).toBe(401);
    } finally {
      await second.close();
    }
    const third = await startTestServer({ dataDir: first.dataDir, demo: true });
    try {
      const again = await third.api.login('budi');
      const after = (await third.api.get('/api/v1/tickets', again.accessToken)).body as { items: unknown[] };
      expect(after.items.length).toBe(before.items.length);
      expect(before.items.length).toBeGreaterThan(0);
    } finally {
      await third.cleanup();
    }
  });
});
