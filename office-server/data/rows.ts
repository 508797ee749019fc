// The rows both storage engines read and how they become records: one definition, so SQLite and
// PostgreSQL cannot drift apart in what a ticket, a comment, a chat message or a summary carries.
import type { Priority } from '../../shared/domain/sla';
import type { EscalationLevel, TicketStatus } from '../../shared/domain/tickets';
import type {
  AccountEventRecord,
  AuditRecord,
  CalendarRecord,
  CommentRecord,
  MessageRecord,
  SummaryRecord,
  TicketPatch,
  TicketRecord,
  UserPatch,
} from './store';

export interface TicketRow {
  seq: number;
  id: string;
  title: string;
  description: string;
  requester: string;
  priority: Priority;
  status: TicketStatus;
  escalation_level: EscalationLevel;
  team_id: string;
  assignee_id: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  responded_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  paused_ms: number;
  paused_since: number | null;
  version: number;
  calendar_id: string | null;
  escalated_by?: string | null;
  escalated_from_team_id?: string | null;
  first_escalated_by?: string | null;
  first_escalated_from_team_id?: string | null;
}

export interface CommentRow {
  id: string;
  ticket_id: string;
  author_id: string;
  kind: CommentRecord['kind'];
  body: string;
  created_at: number;
}

export const toTicket = (r: TicketRow): TicketRecord => ({
  id: r.id,
  seq: r.seq,
  title: r.title,
  description: r.description,
  requester: r.requester,
  priority: r.priority,
  status: r.status,
  escalationLevel: r.escalation_level,
  teamId: r.team_id,
  assigneeId: r.assignee_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  respondedAt: r.responded_at,
  resolvedAt: r.resolved_at,
  closedAt: r.closed_at,
  pausedMs: r.paused_ms,
  pausedSince: r.paused_since,
  version: r.version,
  calendarId: r.calendar_id ?? null,
  escalatedBy: r.escalated_by ?? null,
  escalatedFromTeamId: r.escalated_from_team_id ?? null,
  firstEscalatedBy: r.first_escalated_by ?? null,
  firstEscalatedFromTeamId: r.first_escalated_from_team_id ?? null,
});

export interface CalendarRow {
  id: string;
  team_id: string;
  version: number;
  settings: string;
  created_by: string | null;
  created_at: number;
}

export const toCalendar = (r: CalendarRow): CalendarRecord => ({
  id: r.id,
  teamId: r.team_id,
  version: r.version,
  settings: JSON.parse(r.settings) as CalendarRecord['settings'],
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export const toComment = (r: CommentRow): CommentRecord => ({
  id: r.id,
  ticketId: r.ticket_id,
  authorId: r.author_id,
  kind: r.kind,
  body: r.body,
  createdAt: r.created_at,
});

// a fixed map, so a patch key can never put arbitrary text into the SQL
export const TICKET_COLUMNS: Record<keyof TicketPatch, string> = {
  status: 'status',
  escalationLevel: 'escalation_level',
  assigneeId: 'assignee_id',
  respondedAt: 'responded_at',
  resolvedAt: 'resolved_at',
  closedAt: 'closed_at',
  pausedMs: 'paused_ms',
  pausedSince: 'paused_since',
  priority: 'priority',
  teamId: 'team_id',
  escalatedBy: 'escalated_by',
  escalatedFromTeamId: 'escalated_from_team_id',
  firstEscalatedBy: 'first_escalated_by',
  firstEscalatedFromTeamId: 'first_escalated_from_team_id',
};

// a fixed map, so a patch key can never put arbitrary text into the SQL
export const USER_COLUMNS: Record<keyof UserPatch, string> = {
  displayName: 'display_name',
  role: 'role',
  teamId: 'team_id',
  passwordHash: 'password_hash',
  disabledAt: 'disabled_at',
  phone: 'phone',
  sip: 'sip',
  email: 'email',
};

export interface AccountEventRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  user_id: string;
  detail: string;
}

export const toAccountEvent = (r: AccountEventRow): AccountEventRecord => ({
  seq: Number(r.seq),
  at: r.at,
  actor: r.actor,
  action: r.action,
  userId: r.user_id,
  detail: r.detail,
});

export const OPEN_STATUSES: TicketStatus[] = ['new', 'acknowledged', 'in-progress', 'waiting-on-user'];

export interface MessageRow {
  seq: number;
  id: string;
  channel_id: string;
  sender_id: string;
  client_id: string;
  body: string;
  created_at: number;
}

export const toMessage = (r: MessageRow): MessageRecord => ({
  id: r.id,
  seq: r.seq,
  channelId: r.channel_id,
  senderId: r.sender_id,
  clientId: r.client_id,
  body: r.body,
  createdAt: r.created_at,
});

export interface SummaryRow {
  id: string;
  user_id: string;
  date: string;
  worked_minutes: number;
  break_minutes: number;
  segments: string;
  tickets: string;
  sla_breaches: string;
  notes: string;
  received_at: number;
  /** the summary's place among the author's summaries of that day (PostgreSQL's COUNT is a bigint string) */
  version: number | string;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  ack_reply: string | null;
  /** 0/1 on SQLite, a boolean on PostgreSQL */
  ack_correction: number | boolean;
}

export const toSummary = (r: SummaryRow): SummaryRecord => ({
  id: r.id,
  userId: r.user_id,
  date: r.date,
  workedMinutes: r.worked_minutes,
  breakMinutes: r.break_minutes,
  segments: JSON.parse(r.segments) as SummaryRecord['segments'],
  tickets: JSON.parse(r.tickets) as SummaryRecord['tickets'],
  slaBreaches: JSON.parse(r.sla_breaches) as string[],
  notes: r.notes,
  receivedAt: r.received_at,
  version: Number(r.version),
  ack:
    r.acknowledged_at === null || r.acknowledged_by === null
      ? null
      : {
          by: r.acknowledged_by,
          at: Number(r.acknowledged_at),
          reply: r.ack_reply,
          correctionRequested: r.ack_correction === true || r.ack_correction === 1,
        },
});

/** a summary's version is its place among the user's summaries of that day, in arrival order (same SQL on both engines) */
export const WITH_VERSION = `SELECT s.*, (SELECT COUNT(*) FROM summaries v WHERE v.user_id = s.user_id AND v.date = s.date AND v.seq <= s.seq) AS version FROM summaries s`;

export interface AuditRow {
  seq: number;
  ticket_id: string;
  team_id: string;
  actor_id: string;
  at: number;
  network: AuditRecord['network'];
  action: string;
  before: string | null;
  after: string | null;
}

export const toAudit = (r: AuditRow): AuditRecord => ({
  seq: Number(r.seq),
  ticketId: r.ticket_id,
  teamId: r.team_id,
  actorId: r.actor_id,
  at: Number(r.at),
  network: r.network,
  action: r.action,
  before: r.before,
  after: r.after,
});
