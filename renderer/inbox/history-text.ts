// The office draws a ticket's system lines ("status: new → acknowledged") in English from its audit
// trail of what happened. The lines it is known to write are said again in the reader's language;
// anything else (a newer office's wording) is shown as the office wrote it, never dropped.
import type { TFunction } from 'i18next';
import { TICKET_STATUSES } from '../../shared/domain/tickets';

const STATUSES: ReadonlySet<string> = new Set(TICKET_STATUSES);

export interface HistoryLine {
  /** the line in the reader's language */
  text: string;
  /** a person's words carried by the line (an escalation's reason), shown as their text after it */
  quote?: string;
}

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
