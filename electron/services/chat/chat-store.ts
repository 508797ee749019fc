// Chat's view of the local store: a conversation's messages from the offline cache (ordered by
// chatKey, paged by key), my read markers (chat's own table), unread counts, and my messages still
// in the outbox as pending or failed lines.
import type Database from 'better-sqlite3';
import type { ChatLine, Conversation } from '../../../shared/contract/chat';
import type { Channel, ChatMessage } from '../../../shared/office-api';
import { PostMessageRequest } from '../../../shared/office-api';
import type { LocalDb } from '../store/feature-schema';
import type { OutboxItem } from '../outbox/outbox';

/** Sorts a channel's messages by time in the cache's id order. */
export const chatKey = (m: ChatMessage) => `${m.channelId}/${m.createdAt}/${m.id}`;
const lower = (channelId: string) => `${channelId}/`;
const upper = (channelId: string) => `${channelId}/\uffff`;

export const CHAT_TABLES = [
  `CREATE TABLE chat_read (
     owner TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     last_key TEXT NOT NULL,
     PRIMARY KEY (owner, channel_id)
   )`,
  // 2: "is my message with this client id in the cache yet" is asked for every message of mine in the
  // outbox each time it changes; without an index it read the conversation's whole history each time
  // (20 ms at 12,000 messages), which slowed the app down as the day went on
  `CREATE INDEX cache_chat_client_id ON cache (json_extract(data, '$.clientId')) WHERE kind = 'chat-message'`,
];

export const lineOf = (m: ChatMessage): ChatLine => ({
  key: chatKey(m),
  channelId: m.channelId,
  senderId: m.senderId,
  clientId: m.clientId,
  body: m.body,
  createdAt: m.createdAt,
  state: 'sent',
  outboxId: null,
  error: null,
});

export class ChatStore {
  private readonly stmts;

  constructor(localDb: LocalDb) {
    localDb.migrate('chat', CHAT_TABLES);
    const db: Database.Database = localDb.db;
    this.stmts = {
      page: db
        .prepare<[string, string, number], string>(
          "SELECT data FROM cache WHERE kind = 'chat-message' AND id > ? AND id < ? ORDER BY id DESC LIMIT ?",
        )
        .pluck(),
      olderCount: db
        .prepare<[string, string, number], number>(
          "SELECT count(*) FROM (SELECT 1 FROM cache WHERE kind = 'chat-message' AND id > ? AND id < ? LIMIT ?)",
        )
        .pluck(),
      newest: db
        .prepare<[string, string], string>(
          "SELECT id FROM cache WHERE kind = 'chat-message' AND id > ? AND id < ? ORDER BY id DESC LIMIT 1",
        )
        .pluck(),
      newestData: db
        .prepare<[string, string], string>(
          "SELECT data FROM cache WHERE kind = 'chat-message' AND id > ? AND id < ? ORDER BY id DESC LIMIT 1",
        )
        .pluck(),
      unread: db
        .prepare<[string, string, string], number>(
          "SELECT count(*) FROM cache WHERE kind = 'chat-message' AND id > ? AND id < ? AND json_extract(data, '$.senderId') != ?",
        )
        .pluck(),
      hasClientId: db
        .prepare<[string, string, string, string], number>(
          "SELECT count(*) FROM cache INDEXED BY cache_chat_client_id WHERE kind = 'chat-message' AND json_extract(data, '$.clientId') = ? AND id > ? AND id < ? AND json_extract(data, '$.senderId') = ?",
        )
        .pluck(),
      readGet: db
        .prepare<[string, string], string>('SELECT last_key FROM chat_read WHERE owner = ? AND channel_id = ?')
        .pluck(),
      readSet: db.prepare(
        'INSERT INTO chat_read (owner, channel_id, last_key) VALUES (?, ?, ?) ON CONFLICT (owner, channel_id) DO UPDATE SET last_key = excluded.last_key WHERE excluded.last_key > chat_read.last_key',
      ),
    };
  }

  /** Up to `limit` messages older than `before` (a key), oldest first; and whether the cache has more. */
  page(channelId: string, before: string | undefined, limit: number): { items: ChatMessage[]; more: boolean } {
    const rows = this.stmts.page.all(
      lower(channelId),
      before && before.startsWith(lower(channelId)) ? before : upper(channelId),
      limit + 1,
    );
    const more = rows.length > limit;
    return {
      items: rows
        .slice(0, limit)
        .map((text) => JSON.parse(text) as ChatMessage)
        .reverse(),
      more,
    };
  }

  /** How many messages older than `before` the cache holds, counted up to `atMost`. */
  olderCount(channelId: string, before: string, atMost: number): number {
    return this.stmts.olderCount.get(lower(channelId), before, atMost) ?? 0;
  }

  newestKey(channelId: string): string | null {
    return this.stmts.newest.get(lower(channelId), upper(channelId)) ?? null;
  }

  lastRead(owner: string, channelId: string): string | null {
    return this.stmts.readGet.get(owner, channelId) ?? null;
  }

  /** Moves my read marker forward (never back) to `key`, or to the newest message. */
  markRead(owner: string, channelId: string, key = this.newestKey(channelId)): void {
    if (key) this.stmts.readSet.run(owner, channelId, key);
  }

  /** First sight of a conversation on this computer: what came before counts as read. */
  ensureMarker(owner: string, channelId: string): void {
    if (this.lastRead(owner, channelId) === null)
      this.markRead(owner, channelId, this.newestKey(channelId) ?? lower(channelId));
  }

  unread(owner: string, channelId: string): number {
    const marker = this.lastRead(owner, channelId);
    return (
      this.stmts.unread.get(marker && marker > lower(channelId) ? marker : lower(channelId), upper(channelId), owner) ??
      0
    );
  }

  conversation(owner: string, channel: Channel): Conversation {
    const last = this.stmts.newestData.get(lower(channel.id), upper(channel.id));
    const message = last ? (JSON.parse(last) as ChatMessage) : null;
    return {
      id: channel.id,
      kind: channel.kind,
      name: channel.name,
      memberIds: channel.memberIds,
      otherUserId: channel.kind === 'dm' ? (channel.memberIds.find((id) => id !== owner) ?? null) : null,
      unread: this.unread(owner, channel.id),
      lastMessage: message
        ? { senderId: message.senderId, body: message.body.slice(0, 200), createdAt: message.createdAt }
        : null,
    };
  }

  delivered(channelId: string, clientId: string, senderId: string): boolean {
    return (this.stmts.hasClientId.get(clientId, lower(channelId), upper(channelId), senderId) ?? 0) > 0;
  }

  /** My chat messages in the outbox (not yet in the cache), as lines. */
  pendingLines(items: readonly OutboxItem[], me: string): ChatLine[] {
    const lines: ChatLine[] = [];
    for (const item of items) {
      if (item.kind !== 'chat-message') continue;
      const body = PostMessageRequest.safeParse(item.body);
      if (!body.success || this.delivered(body.data.channelId, body.data.clientId, me)) continue;
      const createdAt = new Date(item.createdAt).toISOString();
      lines.push({
        key: `~pending/${createdAt}/${item.id}`,
        channelId: body.data.channelId,
        senderId: me,
        clientId: body.data.clientId,
        body: body.data.body,
        createdAt,
        state: item.state,
        outboxId: item.id,
        error: item.state === 'failed' ? { code: item.lastErrorCode, message: item.lastError ?? '' } : null,
      });
    }
    return lines;
  }
}
