// Tickets (with their SLA clocks and escalation level) and their comments and status history.
import { newId } from '../ids';
import type { CommentRow, TicketRow } from '../rows';
import { OPEN_STATUSES, TICKET_COLUMNS, toComment, toTicket } from '../rows';
import type { CommentRecord, NewTicket, TicketFilter, TicketPatch, TicketRecord, TicketsRepository } from '../store';
import type { SqliteConnection } from './database';

export class SqliteTicketsRepository implements TicketsRepository {
  private readonly stmts;

  constructor(private readonly conn: SqliteConnection) {
    const { db } = conn;
    this.stmts = {
      nextSeq: db.prepare<[], { next: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM tickets'),
      insert: db.prepare(
        `INSERT INTO tickets (seq, id, title, description, requester, priority, status, escalation_level, team_id, assignee_id,
           created_by, created_at, updated_at, responded_at, resolved_at, closed_at, paused_ms, paused_since, version, calendar_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
      ),
      byId: db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE id = ?'),
      commentInsert: db.prepare(
        'INSERT INTO ticket_comments (id, ticket_id, author_id, kind, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      comments: db.prepare<[string], CommentRow>(
        'SELECT id, ticket_id, author_id, kind, body, created_at FROM ticket_comments WHERE ticket_id = ? ORDER BY seq',
      ),
    };
  }

  create(t: NewTicket): Promise<TicketRecord> {
    return this.conn.write((): TicketRecord => {
      const { next } = this.stmts.nextSeq.get() as { next: number };
      const id = `INC-${1000 + next}`;
      this.stmts.insert.run(
        next,
        id,
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
        t.createdAt,
        t.respondedAt,
        t.resolvedAt,
        t.closedAt,
        t.pausedMs,
        t.pausedSince,
        t.calendarId ?? null,
      );
      return toTicket(this.stmts.byId.get(id) as TicketRow);
    });
  }

  async get(id: string): Promise<TicketRecord | null> {
    const r = this.stmts.byId.get(id);
    return r ? toTicket(r) : null;
  }

  async list(f: TicketFilter): Promise<TicketRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.assigneeId !== undefined) {
      where.push('assignee_id = ?');
      args.push(f.assigneeId);
    }
    if (f.teamId !== undefined) {
      where.push('team_id = ?');
      args.push(f.teamId);
    }
    if (f.statuses?.length) {
      where.push(`status IN (${f.statuses.map(() => '?').join(',')})`);
      args.push(...f.statuses);
    }
    if (f.open !== undefined) {
      where.push(`status ${f.open ? '' : 'NOT '}IN (${OPEN_STATUSES.map(() => '?').join(',')})`);
      args.push(...OPEN_STATUSES);
    }
    if (f.priorities?.length) {
      where.push(`priority IN (${f.priorities.map(() => '?').join(',')})`);
      args.push(...f.priorities);
    }
    if (f.escalatedBy !== undefined) {
      where.push('(escalated_by = ? OR first_escalated_by = ?)');
      args.push(f.escalatedBy, f.escalatedBy);
    }
    if (f.queue) where.push('assignee_id IS NULL AND escalated_by IS NOT NULL');
    if (f.beforeSeq !== undefined) {
      where.push('seq < ?');
      args.push(f.beforeSeq);
    }
    const sql = `SELECT * FROM tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return (this.conn.db.prepare(sql).all(...args, f.limit) as TicketRow[]).map(toTicket);
  }

  update(id: string, expectedVersion: number, patch: TicketPatch, now: number): Promise<TicketRecord | null> {
    return this.conn.write((): TicketRecord | null => {
      const sets: string[] = [];
      const args: unknown[] = [];
      for (const [k, v] of Object.entries(patch) as [keyof TicketPatch, unknown][]) {
        if (v === undefined) continue;
        sets.push(`${TICKET_COLUMNS[k]} = ?`);
        args.push(v);
      }
      sets.push('updated_at = ?', 'version = version + 1');
      args.push(now);
      const r = this.conn.db
        .prepare(`UPDATE tickets SET ${sets.join(', ')} WHERE id = ? AND version = ?`)
        .run(...args, id, expectedVersion);
      if (r.changes === 0) return null;
      return toTicket(this.stmts.byId.get(id) as TicketRow);
    });
  }

  addComment(c: Omit<CommentRecord, 'id'>): Promise<CommentRecord> {
    return this.conn.write((): CommentRecord => {
      const comment = { ...c, id: newId('c') };
      this.stmts.commentInsert.run(comment.id, c.ticketId, c.authorId, c.kind, c.body, c.createdAt);
      return comment;
    });
  }

  async listComments(ticketId: string): Promise<CommentRecord[]> {
    return this.stmts.comments.all(ticketId).map(toComment);
  }
}
