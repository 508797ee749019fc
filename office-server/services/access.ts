// Who may see what. One place, so the HTTP routes and the live event fan-out agree.
//   worker:  their own tickets, summaries; their team's chat and presence
//   manager: everything of their own team
//   admin:   accounts and tickets of every team; no summaries, chat or presence of teams
import type { TicketRecord, UserRecord } from '../data/store';
import type { ServerContext } from '../context';

export function canSeeTicket(user: UserRecord, t: TicketRecord): boolean {
  if (user.role === 'admin') return true;
  if (user.role === 'manager') return user.teamId !== null && t.teamId === user.teamId;
  return t.assigneeId === user.id;
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

/** the users allowed to see a ticket right now: its assignee and its team's managers */
export async function ticketAudience(ctx: ServerContext, t: TicketRecord): Promise<string[]> {
  const ids = new Set(await teamManagerIds(ctx, t.teamId));
  if (t.assigneeId) ids.add(t.assigneeId);
  return [...ids];
}
