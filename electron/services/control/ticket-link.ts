// teleworker://ticket/INC-1234 links (intranet pages, `teleworker open`). Read by the command and by
// the Electron shell (a link the OS hands to the app). Anything but a well-formed ticket link is null.
import { TICKET_PATTERN } from './wire';

export const LINK_SCHEME = 'teleworker';

/** teleworker://ticket/INC-1234 → INC-1234 (null for anything else) */
export function ticketFromLink(text: string): string | null {
  if (text.length > 200) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== `${LINK_SCHEME}:` || url.search || url.hash || url.username || url.password) return null;
  // teleworker://ticket/INC-1 parses with host "ticket"; teleworker:ticket/INC-1 without one
  const parts = `${url.host}${url.pathname}`.split('/').filter(Boolean);
  if (parts.length !== 2 || parts[0] !== 'ticket') return null;
  let ticket: string;
  try {
    ticket = decodeURIComponent(parts[1]!);
  } catch {
    // teleworker://ticket/%ZZ: a malformed escape is not a ticket link, never an exception
    return null;
  }
  return TICKET_PATTERN.test(ticket) ? ticket : null;
}

/** The first ticket link among a launch's arguments (Windows and Linux pass the link as one). */
export function ticketInArgv(argv: readonly string[]): string | null {
  for (const arg of argv) {
    if (typeof arg !== 'string' || !arg.toLowerCase().startsWith(`${LINK_SCHEME}:`)) continue;
    const ticket = ticketFromLink(arg);
    if (ticket) return ticket;
  }
  return null;
}
