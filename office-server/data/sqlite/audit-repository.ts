// The ticket audit trail: rows are added, never changed (triggers refuse UPDATE and DELETE).
import { toAudit, type AuditRow } from '../rows';
import type { AuditRecord, AuditRepository } from '../store';
import type { SqliteConnection } from './database';

export class SqliteAuditRepository implements AuditRepository {
  private readonly stmts;

  constructor(private readonly conn: SqliteConnection) {
    const { db } = conn;
    this.stmts = {
      insert: db.prepare(
        'INSERT INTO ticket_audit (ticket_id, team_id, actor_id, at, network, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      byTicket: db.prepare<[string], AuditRow>('SELECT * FROM ticket_audit WHERE ticket_id = ? ORDER BY seq'),
    };
  }

  append(e: Omit<AuditRecord, 'seq'>): Promise<void> {
    return this.conn.write((): void => {
      this.stmts.insert.run(e.ticketId, e.teamId, e.actorId, e.at, e.network, e.action, e.before, e.after);
    });
  }

  async listForTicket(ticketId: string): Promise<AuditRecord[]> {
    return this.stmts.byTicket.all(ticketId).map(toAudit);
  }

  async listRange(f: { from: number; to: number; teamId?: string }): Promise<AuditRecord[]> {
    const team = f.teamId !== undefined;
    const rows = this.conn.db
      .prepare(`SELECT * FROM ticket_audit WHERE at >= ? AND at < ? ${team ? 'AND team_id = ?' : ''} ORDER BY seq`)
      .all(...[f.from, f.to, ...(team ? [f.teamId] : [])]) as AuditRow[];
    return rows.map(toAudit);
  }
}
