import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../../office-server/data/postgres';
import { ENGINE, databaseFor, startTestServer, tempDir, type TestServer } from './helpers';

describe('office server: update feed and demo start-up', () => {
  let s: TestServer;
  const updates = join(tempDir(), 'updates');
  beforeAll(async () => {
    mkdirSync(updates, { recursive: true });
    writeFileSync(join(updates, 'latest.yml'), 'version: 0.2.0\npath: Teleworker-Setup-0.2.0.exe\n');
    writeFileSync(join(updates, 'Teleworker-Setup-0.2.0.exe'), Buffer.from('0123456789abcdef'));
    s = await startTestServer({ updatesDir: updates });
  });
  afterAll(async () => {
    await s.cleanup();
  });

  it('serves electron-updater generic-provider files, with byte ranges', async () => {
    const yml = await fetch(`${s.url}/updates/latest.yml`);
    expect(yml.status).toBe(200);
    expect(yml.headers.get('content-type')).toMatch(/yaml/);
    expect(await yml.text()).toContain('version: 0.2.0');
    const part = await fetch(`${s.url}/updates/Teleworker-Setup-0.2.0.exe`, { headers: { range: 'bytes=4-7' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 4-7/16');
    expect(await part.text()).toBe('4567');
    expect((await fetch(`${s.url}/updates/missing.yml`)).status).toBe(404);
    expect((await fetch(`${s.url}/updates/..%2Fsecret`)).status).toBe(404);
    expect((await fetch(`${s.url}/updates/.hidden`)).status).toBe(404);
  });

  it('starts a fresh demo server quickly', async () => {
    // (on PostgreSQL the database is made and migrated first, as an operator does with `office-server migrate`)
    const dataDir = tempDir();
    const engine = await databaseFor(dataDir);
    if (engine.database) await migratePostgres(engine.database);
    const t = performance.now();
    const fresh = await startTestServer({ demo: true, dataDir, ...engine });
    const ms = performance.now() - t;
    try {
      const { accessToken } = await fresh.api.login('siti');
      const team = (await fresh.api.get('/api/v1/tickets?scope=team&limit=200', accessToken)).body as {
        items: { sla: { state: string } }[];
      };
      expect(new Set(team.items.map((x) => x.sla.state))).toEqual(
        new Set(['ok', 'at-risk', 'paused', 'breached', 'met']),
      );
      // a generous bound (how fast the seed is belongs in a bench): PostgreSQL seeds over a socket, one round trip per row
      expect(ms).toBeLessThan(ENGINE === 'postgres' ? 10_000 : 5_000);
    } finally {
      await fresh.cleanup();
    }
  });
});
