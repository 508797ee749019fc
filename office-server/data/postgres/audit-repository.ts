// The ticket audit trail: rows are added, never changed (triggers refuse UPDATE, DELETE, TRUNCATE).
import { toAudit, type AuditRow } from '../rows';
import type { AuditRecord, AuditRepository } from '../store';
import type { PgConnection } from './database';

export class PostgresAuditRepository implements AuditRepository {
  constructor(private readonly conn: PgConnection) {}

  async append(e: Omit<AuditRecord, 'seq'>): Promise<void> {
    await this.conn.run(
      'INSERT INTO ticket_audit (ticket_id, team_id, actor_id, at, network, action, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [e.ticketId, e.teamId, e.actorId, e.at, e.network, e.action, e.before, e.after],
    );
  }

  async listForTicket(ticketId: string): Promise<AuditRecord[]> {
    return (
      await this.conn.query<AuditRow>('SELECT * FROM ticket_audit WHERE ticket_id = $1 ORDER BY seq', [ticketId])
    ).map(toAudit);
  }

  async listRange(f: { from: number; to: number; teamId?: string }): Promise<AuditRecord[]> {
    const team = f.teamId !== undefined;
    return (
      await this.conn.query<AuditRow>(
        `SELECT * FROM ticket_audit WHERE at >= $1 AND at < $2 ${team ? 'AND team_id = $3' : ''} ORDER BY seq`,
        team ? [f.from, f.to, f.teamId] : [f.from, f.to],
      )
    ).map(toAudit);
  }
}
