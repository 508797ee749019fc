import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/services/logger';
import { ChatStore, chatKey } from '../../../../electron/services/chat/chat-store';
import { openLocalStore } from '../../../../electron/services/store/local-store';
import { featureSchema } from '../../../../electron/services/store/feature-schema';
import type { ChatMessage } from '../../../../shared/office-api';

const message = (n: number, channelId: string, senderId: string): ChatMessage => ({
  id: `m${n}`,
  channelId,
  senderId,
  clientId: `client-${n}`,
  body: `message ${n}`,
  createdAt: new Date(Date.UTC(2026, 8, 1) + n * 1000).toISOString(),
});

function storeWith(messages: ChatMessage[]) {
  const { db } = openLocalStore({ dir: mkdtempSync(join(tmpdir(), 'tw-chat-store-')), logger: silentLogger });
  const put = db.prepare("INSERT INTO cache (kind, id, data, updated_at) VALUES ('chat-message', ?, ?, 0)");
  db.transaction(() => messages.forEach((m) => put.run(chatKey(m), JSON.stringify(m))))();
  return { db, store: new ChatStore(featureSchema(db)) };
}

describe('chat store: is my message in the cache yet', () => {
  it('finds a message by its client id, in its conversation and from its sender only', () => {
    const { store } = storeWith([message(1, 'team', 'budi'), message(2, 'dm', 'ayu'), message(3, 'team', 'ayu')]);
    expect(store.delivered('team', 'client-1', 'budi')).toBe(true);
    expect(store.delivered('dm', 'client-1', 'budi')).toBe(false);
    expect(store.delivered('team', 'client-3', 'budi')).toBe(false);
    expect(store.delivered('team', 'client-9', 'budi')).toBe(false);
    expect(store.delivered('dm', 'client-2', 'ayu')).toBe(true);
  });

  it('looks the client id up in an index, not through the conversation’s whole history', () => {
    // asked for every message of mine in the outbox each time it changes: a scan of 10,000 messages
    // per question slowed the whole app down over a working day
    const { db, store } = storeWith(Array.from({ length: 50 }, (_, n) => message(n, 'team', 'budi')));
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT count(*) FROM cache WHERE kind = 'chat-message' AND json_extract(data, '$.clientId') = ?",
      )
      .all('client-7') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX cache_chat_client_id/);
    expect(store.delivered('team', 'client-7', 'budi')).toBe(true);
  });
});
