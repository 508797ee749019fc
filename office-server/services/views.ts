// Database records → API bodies (shared/office-api). The SLA is computed here, at response time.
import { computeSla } from '../../shared/domain/sla';
import type { SlaCalendar } from '../../shared/domain/sla-calendar';
import type { ChatMessage, Comment, Presence, Summary, Team, Ticket, User } from '../../shared/office-api';
import type {
  CommentRecord,
  MessageRecord,
  PresenceRecord,
  SummaryRecord,
  TeamRecord,
  TicketRecord,
  UserRecord,
} from '../data/store';

export const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export const toApiUser = (u: UserRecord): User => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  teamId: u.teamId,
  // only what the office has: older clients see the same object as before
  ...(u.phone ? { phone: u.phone } : {}),
  ...(u.sip ? { sip: u.sip } : {}),
  ...(u.email ? { email: u.email } : {}),
});

export const toApiTeam = (t: TeamRecord, managerIds: string[]): Team => ({
  id: t.id,
  name: t.name,
  managerIds,
  supportLevel: t.supportLevel,
});

/** `calendar`: the ticket's own calendar version (null: its clocks run round the clock). */
export function toApiTicket(t: TicketRecord, now: number, calendar: SlaCalendar | null = null): Ticket {
  const sla = computeSla(t, now, undefined, calendar);
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    requester: t.requester,
    priority: t.priority,
    status: t.status,
    escalationLevel: t.escalationLevel,
    teamId: t.teamId,
    assigneeId: t.assigneeId,
    createdBy: t.createdBy,
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
    respondedAt: isoOrNull(t.respondedAt),
    resolvedAt: isoOrNull(t.resolvedAt),
    closedAt: isoOrNull(t.closedAt),
    pausedSince: isoOrNull(t.pausedSince),
    pausedMs: t.pausedMs,
    version: t.version,
    calendarId: t.calendarId,
    escalatedBy: t.escalatedBy,
    escalatedFromTeamId: t.escalatedFromTeamId,
    firstEscalatedBy: t.firstEscalatedBy,
    sla: {
      state: sla.state,
      responseDueAt: iso(sla.responseDueAt),
      resolutionDueAt: iso(sla.resolutionDueAt),
      responseBreached: sla.responseBreached,
      resolutionBreached: sla.resolutionBreached,
      paused: sla.paused,
      pausedMs: sla.pausedMs,
      computedAt: iso(now),
    },
  };
}

export const toApiComment = (c: CommentRecord): Comment => ({
  id: c.id,
  ticketId: c.ticketId,
  authorId: c.authorId,
  kind: c.kind,
  body: c.body,
  createdAt: iso(c.createdAt),
});

export const toApiMessage = (m: MessageRecord): ChatMessage => ({
  id: m.id,
  channelId: m.channelId as ChatMessage['channelId'],
  senderId: m.senderId,
  clientId: m.clientId,
  body: m.body,
  createdAt: iso(m.createdAt),
});

export const toApiPresence = (p: PresenceRecord): Presence => ({
  userId: p.userId,
  status: p.status,
  location: p.location,
  statusText: p.statusText,
  connected: p.connected,
  updatedAt: iso(p.updatedAt),
});

export const toApiSummary = (s: SummaryRecord): Summary => ({
  id: s.id,
  userId: s.userId,
  date: s.date,
  workedMinutes: s.workedMinutes,
  breakMinutes: s.breakMinutes,
  segments: s.segments,
  tickets: s.tickets,
  slaBreaches: s.slaBreaches,
  notes: s.notes,
  receivedAt: iso(s.receivedAt),
  version: s.version ?? 1,
  acknowledgedAt: s.ack ? iso(s.ack.at) : null,
  acknowledgedBy: s.ack?.by ?? null,
  ackReply: s.ack?.reply ?? null,
  correctionRequested: s.ack?.correctionRequested ?? false,
});
