// A ticket's history lines (status changes, assignments, escalations, taking from the queue,
// hand-backs, the SLA calendar's effect) are
// drawn from its audit trail, so there is one record of what happened; the comments people write stay
// comments. Each line carries its content as data (`history`: kind, levels, team, person, …), which
// the client words in its reader's language; the `body` keeps the English wording older clients read
// ("status: new → acknowledged").
// Databases from before kept system comments: those stay shown, except one that says the same thing at
// the same moment as an audit entry (written beside it then), so nothing is lost and nothing doubled.
import { HistoryEntry, type Comment } from '../../shared/office-api';
import type { AuditRecord, CommentRecord } from '../data/store';
import { toApiComment } from './views';

type Fields = Record<string, unknown>;

function parse(json: string | null): Fields {
  if (json === null) return {};
  const value: unknown = JSON.parse(json);
  return typeof value === 'object' && value !== null ? (value as Fields) : {};
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** the history line an audit entry makes; null for entries that are not history lines (create, comment) */
export interface HistoryNames {
  team(id: string): string | undefined;
  person(id: string): string | undefined;
}

export function historyText(entry: AuditRecord, names: HistoryNames): string | null {
  const before = parse(entry.before);
  const after = parse(entry.after);
  switch (entry.action) {
    case 'status':
      return `status: ${text(before['status'])} → ${text(after['status'])}`;
    case 'assign': {
      const to = after['assigneeId'];
      return typeof to === 'string' ? `assigned to ${names.person(to) ?? to}` : 'unassigned';
    }
    case 'take':
      return 'taken from the queue';
    case 'escalate': {
      const team = typeof after['teamId'] === 'string' ? names.team(after['teamId']) : undefined;
      return `escalated ${text(before['escalationLevel'])} → ${text(after['escalationLevel'])}${team ? ` (${team})` : ''}: ${text(after['reason'])}`;
    }
    case 'hand-back':
      return `handed back ${text(before['escalationLevel'])} → ${text(after['escalationLevel'])}: ${text(after['note'])}`;
    case 'calendar': {
      const version = after['teamCalendarVersion'];
      const kept = after['keptVersion'];
      return (
        `SLA calendar of the team changed (version ${String(version)}); this ticket keeps the deadlines of ` +
        (after['calendarId'] === null
          ? 'the round-the-clock clock it was opened with'
          : `the calendar it was opened with${typeof kept === 'number' ? ` (version ${kept})` : ''}`)
      );
    }
    default:
      return null;
  }
}

/** what an audit entry's history line says, as data; undefined where its fields do not make one */
export function historyEntry(entry: AuditRecord, names: HistoryNames): HistoryEntry | undefined {
  const before = parse(entry.before);
  const after = parse(entry.after);
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  let candidate: unknown;
  switch (entry.action) {
    case 'status':
      candidate = { kind: 'status', from: before['status'], to: after['status'] };
      break;
    case 'assign': {
      const to = str(after['assigneeId']);
      candidate =
        to === null ? { kind: 'unassigned' } : { kind: 'assigned', personId: to, personName: names.person(to) ?? null };
      break;
    }
    case 'take':
      candidate = { kind: 'taken' };
      break;
    case 'escalate': {
      const teamId = str(after['teamId']);
      candidate = {
        kind: 'escalated',
        from: before['escalationLevel'],
        to: after['escalationLevel'],
        teamId,
        teamName: teamId === null ? null : (names.team(teamId) ?? null),
        reason: text(after['reason']),
      };
      break;
    }
    case 'hand-back':
      candidate = {
        kind: 'handed-back',
        from: before['escalationLevel'],
        to: after['escalationLevel'],
        note: text(after['note']),
      };
      break;
    case 'calendar':
      candidate = {
        kind: 'calendar',
        version: after['teamCalendarVersion'],
        keeps: after['calendarId'] === null ? 'round-the-clock' : 'calendar',
        keptVersion: typeof after['keptVersion'] === 'number' ? after['keptVersion'] : null,
      };
      break;
    default:
      return undefined;
  }
  const parsed = HistoryEntry.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

/** the ticket's comments and history lines, oldest first (a change's line before a note written with it) */
export function ticketHistory(
  comments: readonly CommentRecord[],
  entries: readonly AuditRecord[],
  names: HistoryNames,
): Comment[] {
  const lines: Comment[] = [];
  for (const e of entries) {
    // a calendar entry written before the versions were recorded has no line of its own: its system comment stays
    if (e.action === 'calendar' && parse(e.after)['teamCalendarVersion'] === undefined) continue;
    const body = historyText(e, names);
    if (body === null) continue;
    const history = historyEntry(e, names);
    lines.push({
      id: `audit-${e.seq}`,
      ticketId: e.ticketId,
      authorId: e.actorId,
      kind: 'system',
      body,
      createdAt: new Date(e.at).toISOString(),
      ...(history ? { history } : {}),
    });
  }
  const said = new Set(lines.map((l) => `${l.createdAt}\n${l.body}`));
  const kept = comments.map(toApiComment).filter((c) => c.kind !== 'system' || !said.has(`${c.createdAt}\n${c.body}`));
  // a stable sort: at the same moment the history line (listed first) stays before the comment
  return [...lines, ...kept].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}
