// What each role may do in the client, decided once: the renderer shows or hides a section by these
// and the main process answers or refuses by the same functions, so the two cannot drift apart.
// The office server's access rules (office-server/services/access.ts) are the authority; these follow them.
import type { Role } from '../office-api/users';

/**
 * A manager runs one team: its presence, its day summaries, its tickets at risk. An admin manages
 * accounts across teams and is shown no team's summaries or presence by the office, so Team is not
 * theirs (the office would refuse it).
 */
export function managesTeam(role: Role): boolean {
  return role === 'manager';
}

/** A manager assigns and creates tickets for their team; an admin may for any team. */
export function assignsTickets(role: Role): boolean {
  return role === 'manager' || role === 'admin';
}
