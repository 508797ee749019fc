import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/services/logger';
import { featureSchema } from '../../../electron/services/store/feature-schema';
import { openLocalStore } from '../../../electron/services/store/local-store';

describe('feature schema in the local store', () => {
  it('runs each feature its own steps once, keeps data across reopen, and refuses a newer file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-schema-'));
    const first = openLocalStore({ dir, logger: silentLogger });
    const local = featureSchema(first.db);
    local.migrate('notes', ['CREATE TABLE notes (id TEXT PRIMARY KEY)']);
    local.migrate('other', ['CREATE TABLE other (id TEXT)']);
    first.db.prepare("INSERT INTO notes VALUES ('a')").run();
    local.migrate('notes', ['CREATE TABLE notes (id TEXT PRIMARY KEY)', 'ALTER TABLE notes ADD COLUMN body TEXT']);
    first.close();

    const again = openLocalStore({ dir, logger: silentLogger });
    const reopened = featureSchema(again.db);
    // the first step is not run again (it would fail: the table exists)
    reopened.migrate('notes', ['CREATE TABLE notes (id TEXT PRIMARY KEY)', 'ALTER TABLE notes ADD COLUMN body TEXT']);
    expect(again.db.prepare('SELECT id, body FROM notes').all()).toEqual([{ id: 'a', body: null }]);
    expect(() => reopened.migrate('notes', ['CREATE TABLE notes (id TEXT PRIMARY KEY)'])).toThrow(
      /newer Teleworker \(schema 2, this version knows 1\)/,
    );
    again.close();
  });

  it('rolls back a failing step and leaves the version where it was', () => {
    const store = openLocalStore({ dir: mkdtempSync(join(tmpdir(), 'tw-schema-')), logger: silentLogger });
    const local = featureSchema(store.db);
    expect(() => local.migrate('bad', ['CREATE TABLE bad (id TEXT); CREATE TABLE bad (id TEXT)'])).toThrow();
    expect(store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'bad'").get()).toEqual({ n: 0 });
    local.migrate('bad', ['CREATE TABLE bad (id TEXT)']);
    expect(store.db.prepare("SELECT version FROM feature_schema WHERE feature = 'bad'").get()).toEqual({ version: 1 });
    store.close();
  });
});
