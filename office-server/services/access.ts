// Who may see what. One place, so the HTTP routes and the live event fan-out agree.
//   worker:  their own tickets, summaries; their team's chat and presence; the tickets escalated into
//            their team's queue (unassigned, to take); the tickets they escalated out (read and comment)
//   manager: everything of their own team (its queue too)
//   admin:   accounts and tickets of every team; no summaries, chat or presence of teams
import type { TicketRecord, UserRecord } from '../data/store';
import type { ServerContext } from '../context';

/** an unassigned ticket escalated into a team waits in that team's queue for one of its people to take it */
export function inQueue(t: Pick<TicketRecord, 'assigneeId' | 'escalatedBy'>): boolean {
  return t.assigneeId === null && t.escalatedBy !== null;
}

export function canSeeTicket(user: UserRecord, t: TicketRecord): boolean {
  if (user.role === 'admin') return true;
  if (user.role === 'manager' && user.teamId !== null && t.teamId === user.teamId) return true;
  if (t.assigneeId === user.id || t.escalatedBy === user.id || t.firstEscalatedBy === user.id) return true;
  return user.teamId !== null && t.teamId === user.teamId && inQueue(t);
}

/**
 * Who may change a ticket (status, escalation, hand-back): its assignee, its team's manager, admins.
 * The person who escalated it only reads and comments; a queue's people first take it.
 */
export function canChangeTicket(user: UserRecord, t: TicketRecord): boolean {
  if (user.role === 'admin') return true;
  if (isManagerOf(user, t.teamId)) return true;
  return t.assigneeId === user.id;
}

/** taking a ticket from the queue: a member (not an admin) of the team whose queue it is in */
export function canTakeTicket(user: UserRecord, t: TicketRecord): boolean {
  return user.role !== 'admin' && user.teamId !== null && user.teamId === t.teamId && inQueue(t);
}

export function isManagerOf(user: UserRecord, teamId: string | null): boolean {
  return user.role === 'manager' && teamId !== null && user.teamId === teamId;
}

export async function teamMembers(ctx: ServerContext, teamId: string | null): Promise<UserRecord[]> {
  return teamId === null ? [] : ctx.store.users.list({ teamId });
}

export async function teamManagerIds(ctx: ServerContext, teamId: string | null): Promise<string[]> {
  return teamId === null ? [] : ctx.store.users.listManagerIds(teamId);
}

/**
 * The users allowed to see a ticket right now: its assignee, its team's managers, whoever escalated
 * it, and while it waits in a queue every member of that team (canSeeTicket, as a list).
 */
export async function ticketAudience(ctx: ServerContext, t: TicketRecord): Promise<string[]> {
  const ids = new Set(await teamManagerIds(ctx, t.teamId));
  if (t.assigneeId) ids.add(t.assigneeId);
  if (t.escalatedBy) ids.add(t.escalatedBy);
  if (t.firstEscalatedBy) ids.add(t.firstEscalatedBy);
  if (inQueue(t)) {
    for (const m of await teamMembers(ctx, t.teamId)) if (m.role !== 'admin' && m.disabledAt === null) ids.add(m.id);
  }
  return [...ids];
}
