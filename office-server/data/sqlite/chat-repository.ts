// Chat messages of team and direct-message channels (who may use a channel is services/chat.ts).
import { newId } from '../ids';
import type { MessageRow } from '../rows';
import { toMessage } from '../rows';
import type { ChatRepository, MessageRecord } from '../store';
import type { SqliteConnection } from './database';

export class SqliteChatRepository implements ChatRepository {
  private readonly stmts;

  constructor(private readonly conn: SqliteConnection) {
    const { db } = conn;
    this.stmts = {
      // a resend (same sender and clientId) keeps the first copy: the (sender_id, client_id) constraint decides
      insert: db.prepare(
        `INSERT INTO messages (id, channel_id, sender_id, client_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (sender_id, client_id) DO NOTHING`,
      ),
      bySender: db.prepare<[string, string], MessageRow>(
        'SELECT * FROM messages WHERE sender_id = ? AND client_id = ?',
      ),
      page: db.prepare<[string, number], MessageRow>(
        'SELECT * FROM messages WHERE channel_id = ? ORDER BY seq DESC LIMIT ?',
      ),
      pageBefore: db.prepare<[string, number, number], MessageRow>(
        'SELECT * FROM messages WHERE channel_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
      ),
    };
  }

  insertMessage(m: Omit<MessageRecord, 'id' | 'seq'>): Promise<{ message: MessageRecord; created: boolean }> {
    return this.conn.write((): { message: MessageRecord; created: boolean } => {
      const r = this.stmts.insert.run(newId('m'), m.channelId, m.senderId, m.clientId, m.body, m.createdAt);
      const row = this.stmts.bySender.get(m.senderId, m.clientId) as MessageRow;
      return { message: toMessage(row), created: r.changes > 0 };
    });
  }

  async listMessages(channelId: string, opts: { beforeSeq?: number; limit: number }): Promise<MessageRecord[]> {
    const rows =
      opts.beforeSeq !== undefined
        ? this.stmts.pageBefore.all(channelId, opts.beforeSeq, opts.limit)
        : this.stmts.page.all(channelId, opts.limit);
    return rows.map(toMessage);
  }
}
