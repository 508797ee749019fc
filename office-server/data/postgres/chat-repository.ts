// Chat messages of team and direct-message channels.
import { newId } from '../ids';
import type { MessageRow } from '../rows';
import { toMessage } from '../rows';
import type { ChatRepository, MessageRecord } from '../store';
import type { PgConnection } from './database';

export class PostgresChatRepository implements ChatRepository {
  constructor(private readonly conn: PgConnection) {}

  async insertMessage(m: Omit<MessageRecord, 'id' | 'seq'>): Promise<{ message: MessageRecord; created: boolean }> {
    const [row] = await this.conn.query<MessageRow>(
      `INSERT INTO messages (id, channel_id, sender_id, client_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (sender_id, client_id) DO NOTHING RETURNING *`,
      [newId('m'), m.channelId, m.senderId, m.clientId, m.body, m.createdAt],
    );
    if (row) return { message: toMessage(row), created: true };
    // a resend: the first copy stands (committed, or the insert above would have waited for it)
    const [first] = await this.conn.query<MessageRow>(
      'SELECT * FROM messages WHERE sender_id = $1 AND client_id = $2',
      [m.senderId, m.clientId],
    );
    if (!first) throw new Error('a message vanished between its conflict and its read');
    return { message: toMessage(first), created: false };
  }

  async listMessages(channelId: string, opts: { beforeSeq?: number; limit: number }): Promise<MessageRecord[]> {
    const rows =
      opts.beforeSeq !== undefined
        ? await this.conn.query<MessageRow>(
            'SELECT * FROM messages WHERE channel_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3',
            [channelId, opts.beforeSeq, opts.limit],
          )
        : await this.conn.query<MessageRow>('SELECT * FROM messages WHERE channel_id = $1 ORDER BY seq DESC LIMIT $2', [
            channelId,
            opts.limit,
          ]);
    return rows.map(toMessage);
  }
}
