import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startBrowserHost } from '../../../electron/browser-host/server';
import type { BrowserHost } from '../../../electron/browser-host/server';
import { silentLogger } from '../../../electron/services/logger';
import { manualConnectivity, statusFixture, testCore } from '../../fixtures/core';

const dir = mkdtempSync(join(tmpdir(), 'tw-bh-'));
mkdirSync(join(dir, 'renderer'));
writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><p>app</p>');
writeFileSync(join(dir, 'secret.txt'), 'outside');

let host: BrowserHost;
const connectivity = manualConnectivity();

beforeAll(async () => {
  host = await startBrowserHost({
    core: testCore(connectivity),
    rendererDir: join(dir, 'renderer'),
    logger: silentLogger,
  });
});
afterAll(async () => host?.close());

function open(origin = host.origin) {
  const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/bridge`, { origin });
  const frames: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()));
    waiters.splice(0).forEach((w) => w());
  });
  const next = async (predicate: (f: Record<string, unknown>) => boolean) => {
    for (;;) {
      const found = frames.find(predicate);
      if (found) return found;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return {
    ws,
    frames,
    next,
    opened: new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject))),
  };
}

describe('browser host', () => {
  it('serves the renderer with a CSP that names its own WebSocket, and nothing outside it', async () => {
    const page = await fetch(host.origin + '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain(
      `connect-src 'self' ws://127.0.0.1:${new URL(host.origin).port}`,
    );
    expect((await fetch(host.origin + '/%2e%2e/secret.txt')).status).toBe(404);
    expect((await fetch(host.origin + '/missing.js')).status).toBe(404);
    expect((await fetch(host.origin + '/', { method: 'POST' })).status).toBe(405);
  });

  it('listens on loopback only and prints the secret in the fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#secret=${host.secret}`);
  });

  it('refuses a WebSocket from another origin', async () => {
    const { opened } = open('http://evil.test');
    await expect(opened).rejects.toThrow(/403/);
  });

  it('refuses calls before the secret and with a wrong secret', async () => {
    const client = open();
    await client.opened;
    client.ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'tw:system:getInfo' }));
    expect(await client.next((f) => f.type === 'result')).toMatchObject({
      result: { ok: false, error: { code: 'forbidden' } },
    });
    client.ws.send(JSON.stringify({ type: 'hello', secret: 'x'.repeat(32) }));
    expect(await client.next((f) => f.type === 'refused')).toMatchObject({
      message: expect.stringContaining('Wrong secret'),
    });
  });

  it('dispatches calls to the core and forwards its events once the secret is known', async () => {
    const client = open();
    await client.opened;
    client.ws.send(JSON.stringify({ type: 'hello', secret: host.secret }));
    await client.next((f) => f.type === 'welcome');
    client.ws.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'tw:system:ping', payload: { message: 'hi' } }));
    expect(await client.next((f) => f.id === 7)).toEqual({
      type: 'result',
      id: 7,
      result: { ok: true, value: { message: 'hi', receivedAt: '2026-11-28T09:00:00.000Z' } },
    });
    client.ws.send('not json');
    expect(await client.next((f) => f.type === 'refused')).toMatchObject({ message: 'Malformed bridge frame.' });
    const changed = statusFixture({
      status: 'vpn-no-office',
      reason: { code: 'office-no-answer', params: { host: 'office.test', port: 443, error: 'ECONNREFUSED' } },
    });
    connectivity.set(changed);
    expect(await client.next((f) => f.type === 'event')).toEqual({
      type: 'event',
      channel: 'tw:connectivity!statusChanged',
      payload: changed,
    });
    client.ws.close();
  });
});
