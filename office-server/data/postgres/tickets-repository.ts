// Tickets and their comments. Updates are optimistic: the row changes only at the expected version.
import { newId } from '../ids';
import type { CommentRow, TicketRow } from '../rows';
import { OPEN_STATUSES, TICKET_COLUMNS, toComment, toTicket } from '../rows';
import type { CommentRecord, NewTicket, TicketFilter, TicketPatch, TicketRecord, TicketsRepository } from '../store';
import type { PgConnection } from './database';

export class PostgresTicketsRepository implements TicketsRepository {
  constructor(private readonly conn: PgConnection) {}

  async create(t: NewTicket): Promise<TicketRecord> {
    // the number comes from the identity sequence: concurrent creations on several nodes never collide
    const [row] = await this.conn.query<TicketRow>(
      `WITH s AS (SELECT nextval(pg_get_serial_sequence('tickets', 'seq')) AS n)
       INSERT INTO tickets (seq, id, title, description, requester, priority, status, escalation_level, team_id, assignee_id,
         created_by, created_at, updated_at, responded_at, resolved_at, closed_at, paused_ms, paused_since, version, calendar_id)
       SELECT n, 'INC-' || (1000 + n), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $14, $15, 1, $16 FROM s
       RETURNING *`,
      [
        t.title,
        t.description,
        t.requester,
        t.priority,
        t.status,
        t.escalationLevel,
        t.teamId,
        t.assigneeId,
        t.createdBy,
        t.createdAt,
        t.respondedAt,
        t.resolvedAt,
        t.closedAt,
        t.pausedMs,
        t.pausedSince,
        t.calendarId ?? null,
      ],
    );
    return toTicket(row as TicketRow);
  }

  async get(id: string): Promise<TicketRecord | null> {
    const [r] = await this.conn.query<TicketRow>('SELECT * FROM tickets WHERE id = $1', [id]);
    return r ? toTicket(r) : null;
  }

  async list(f: TicketFilter): Promise<TicketRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown) => `$${args.push(v)}`;
    if (f.assigneeId !== undefined) where.push(`assignee_id = ${arg(f.assigneeId)}`);
    if (f.teamId !== undefined) where.push(`team_id = ${arg(f.teamId)}`);
    if (f.statuses?.length) where.push(`status = ANY(${arg(f.statuses)}::text[])`);
    if (f.open !== undefined) where.push(`${f.open ? '' : 'NOT '}(status = ANY(${arg(OPEN_STATUSES)}::text[]))`);
    if (f.priorities?.length) where.push(`priority = ANY(${arg(f.priorities)}::text[])`);
    if (f.escalatedBy !== undefined) {
      const by = arg(f.escalatedBy);
      where.push(`(escalated_by = ${by} OR first_escalated_by = ${by})`);
    }
    if (f.queue) where.push('assignee_id IS NULL AND escalated_by IS NOT NULL');
    if (f.beforeSeq !== undefined) where.push(`seq < ${arg(f.beforeSeq)}`);
    const sql = `SELECT * FROM tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${arg(f.limit)}`;
    return (await this.conn.query<TicketRow>(sql, args)).map(toTicket);
  }

  async update(id: string, expectedVersion: number, patch: TicketPatch, now: number): Promise<TicketRecord | null> {
    const sets: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown) => `$${args.push(v)}`;
    for (const [k, v] of Object.entries(patch) as [keyof TicketPatch, unknown][]) {
      if (v === undefined) continue;
      sets.push(`${TICKET_COLUMNS[k]} = ${arg(v)}`);
    }
    sets.push(`updated_at = ${arg(now)}`, 'version = version + 1');
    const [r] = await this.conn.query<TicketRow>(
      `UPDATE tickets SET ${sets.join(', ')} WHERE id = ${arg(id)} AND version = ${arg(expectedVersion)} RETURNING *`,
      args,
    );
    return r ? toTicket(r) : null;
  }

  async addComment(c: Omit<CommentRecord, 'id'>): Promise<CommentRecord> {
    const comment = { ...c, id: newId('c') };
    await this.conn.run(
      'INSERT INTO ticket_comments (id, ticket_id, author_id, kind, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [comment.id, c.ticketId, c.authorId, c.kind, c.body, c.createdAt],
    );
    return comment;
  }

  async listComments(ticketId: string): Promise<CommentRecord[]> {
    const rows = await this.conn.query<CommentRow>(
      'SELECT id, ticket_id, author_id, kind, body, created_at FROM ticket_comments WHERE ticket_id = $1 ORDER BY seq',
      [ticketId],
    );
    return rows.map(toComment);
  }
}
