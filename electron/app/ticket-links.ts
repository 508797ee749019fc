// teleworker://ticket/INC-1234 links and `teleworker open INC-1234`: both end in openTicket(), which
// brings the window up and asks it (through the core's navigation, once the core exists) to open
// the ticket in the inbox.
import type * as Electron from 'electron';
import { LINK_SCHEME, ticketFromLink, ticketInArgv } from '../services/control/ticket-link';
import type { Logger } from '../services/logger';

export interface TicketWindow {
  openTicket(ticket: string): Promise<{ shown: boolean; navigated: boolean }>;
}

export function ticketLinks(
  app: Pick<Electron.App, 'on' | 'isPackaged' | 'setAsDefaultProtocolClient'>,
  show: () => Electron.BrowserWindow | null,
  logger: Logger,
  /** opens the ticket in the window; null until the core exists */
  navigate: () => ((ticket: string) => void) | null = () => null,
) {
  // A packaged app registers itself for teleworker:// (installers also declare it); a development
  // run would register the bare Electron binary, so it does not.
  if (app.isPackaged) {
    try {
      // Reviewed: a teleworker:// link only ever yields a ticket reference (ticketFromLink accepts
      // teleworker://ticket/INC-<digits> and nothing else); it opens that ticket and does nothing more.
      if (!app.setAsDefaultProtocolClient(LINK_SCHEME)) logger.warn(`could not register the ${LINK_SCHEME}:// links`); // eng-disable PROTOCOL_HANDLER_JS_CHECK
    } catch (error) {
      logger.warn(`could not register the ${LINK_SCHEME}:// links`, error);
    }
  }

  const window: TicketWindow = {
    async openTicket(ticket) {
      const win = show();
      const go = navigate();
      go?.(ticket);
      logger.info(`asked to open ticket ${ticket}${win ? '' : ' before the window exists'}`);
      return { shown: win !== null, navigated: go !== null };
    },
  };

  const open = (ticket: string) =>
    void window.openTicket(ticket).catch((error: unknown) => logger.warn('opening a ticket failed', error));

  // Whatever arrives from outside (a link, a second launch's arguments) is read without ever
  // throwing: an exception in these handlers would surface in the main process as an uncaught error.
  const readSafely = (read: () => string | null): string | null => {
    try {
      return read();
    } catch (error) {
      logger.warn('ignored a link that could not be read', error);
      return null;
    }
  };

  // macOS hands links to the running app
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const ticket = readSafely(() => ticketFromLink(String(url)));
    if (ticket) open(ticket);
    else logger.warn(`ignored a link that is not a ticket link: ${String(url).slice(0, 120)}`);
  });

  return {
    window,
    /** Windows and Linux pass the link as an argument; true when one was found (and opened) */
    fromArgv(argv: readonly string[]): boolean {
      const ticket = readSafely(() => ticketInArgv(argv));
      if (ticket) open(ticket);
      return ticket !== null;
    },
  };
}
