// A ticket's system lines come from the office's audit trail of what happened. The office sends each
// line's content as data (`history`: kind, levels, team, person, …), worded here in the reader's
// language. An older office sends only the English text ("status: new → acknowledged"): the lines it
// is known to write are recognised and said again; anything else is shown as written, never dropped.
import type { TFunction } from 'i18next';
import { TICKET_STATUSES } from '../../shared/domain/tickets';
import type { HistoryEntry } from '../../shared/office-api';

const STATUSES: ReadonlySet<string> = new Set(TICKET_STATUSES);

export interface HistoryLine {
  /** the line in the reader's language */
  text: string;
  /** a person's words carried by the line (an escalation's reason), shown as their text after it */
  quote?: string;
}

/** a line from its structure; the body only stands in where the structure is missing */
export function historyEntryLine(entry: HistoryEntry, t: TFunction): HistoryLine {
  switch (entry.kind) {
    case 'status':
      return {
        text: t('inbox.historyLine.status', {
          from: t(`inbox.status.${entry.from}`),
          to: t(`inbox.status.${entry.to}`),
        }),
      };
    case 'taken':
      return { text: t('inbox.historyLine.taken') };
    case 'unassigned':
      return { text: t('inbox.historyLine.unassigned') };
    case 'assigned':
      return { text: t('inbox.historyLine.assigned'), quote: entry.personName ?? entry.personId };
    case 'escalated':
      return {
        text: entry.teamName
          ? t('inbox.historyLine.escalatedTo', { from: entry.from, to: entry.to, team: entry.teamName })
          : t('inbox.historyLine.escalated', { from: entry.from, to: entry.to }),
        quote: entry.reason,
      };
    case 'handed-back':
      return { text: t('inbox.historyLine.handedBack', { from: entry.from, to: entry.to }), quote: entry.note };
    case 'calendar': {
      const kept =
        entry.keeps === 'round-the-clock'
          ? t('inbox.historyLine.keepsRoundTheClock')
          : entry.keptVersion !== null
            ? t('inbox.historyLine.keepsCalendarVersion', { version: entry.keptVersion })
            : t('inbox.historyLine.keepsCalendar');
      return { text: t('inbox.historyLine.calendar', { version: entry.version, kept }) };
    }
  }
}

/** a line from an office that sent only the English text: recognised where known, else as written */
export function historyLine(body: string, t: TFunction): HistoryLine {
  const status = /^status: ([a-z-]+) → ([a-z-]+)$/.exec(body);
  if (status && STATUSES.has(status[1]!) && STATUSES.has(status[2]!))
    return {
      text: t('inbox.historyLine.status', {
        from: t(`inbox.status.${status[1]}`),
        to: t(`inbox.status.${status[2]}`),
      }),
    };
  if (body === 'taken from the queue') return { text: t('inbox.historyLine.taken') };
  if (body === 'unassigned') return { text: t('inbox.historyLine.unassigned') };
  const assigned = /^assigned to ([\s\S]+)$/.exec(body);
  if (assigned) return { text: t('inbox.historyLine.assigned'), quote: assigned[1] };
  const escalated = /^escalated (L[123]) → (L[123])(?: \(([^)\n]+)\))?: ([\s\S]*)$/.exec(body);
  if (escalated)
    return {
      text: escalated[3]
        ? t('inbox.historyLine.escalatedTo', { from: escalated[1], to: escalated[2], team: escalated[3] })
        : t('inbox.historyLine.escalated', { from: escalated[1], to: escalated[2] }),
      quote: escalated[4],
    };
  const handedBack = /^handed back (L[123]) → (L[123]): ([\s\S]*)$/.exec(body);
  if (handedBack)
    return {
      text: t('inbox.historyLine.handedBack', { from: handedBack[1], to: handedBack[2] }),
      quote: handedBack[3],
    };
  const calendar =
    /^SLA calendar of the team changed \(version (\d+)\); this ticket keeps the deadlines of (the round-the-clock clock it was opened with|the calendar it was opened with(?: \(version (\d+)\))?)$/.exec(
      body,
    );
  if (calendar) {
    const kept = calendar[2]!.startsWith('the round-the-clock')
      ? t('inbox.historyLine.keepsRoundTheClock')
      : calendar[3]
        ? t('inbox.historyLine.keepsCalendarVersion', { version: calendar[3] })
        : t('inbox.historyLine.keepsCalendar');
    return { text: t('inbox.historyLine.calendar', { version: calendar[1], kept }) };
  }
  return { text: body };
}
