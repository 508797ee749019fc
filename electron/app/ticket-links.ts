// teleworker://ticket/INC-1234 links and `teleworker open INC-1234`: both end in openTicket(), which
// brings the window up. Going to the ticket itself needs the renderer's ticket view, which does not
// exist yet: openTicket answers navigated: false and logs the ticket, and the lead connects it (see
// the NAVIGATE comment below) when the inbox can show a ticket.
import type * as Electron from 'electron';
import { LINK_SCHEME, ticketFromLink, ticketInArgv } from '../services/control/ticket-link';
import type { Logger } from '../services/logger';

export interface TicketWindow {
  openTicket(ticket: string): Promise<{ shown: boolean; navigated: boolean }>;
}

export function ticketLinks(app: Pick<Electron.App, 'on' | 'isPackaged' | 'setAsDefaultProtocolClient'>, show: () => Electron.BrowserWindow | null, logger: Logger) {
  // A packaged app registers itself for teleworker:// (installers also declare it); a development
  // run would register the bare Electron binary, so it does not.
  if (app.isPackaged) {
    try {
      if (!app.setAsDefaultProtocolClient(LINK_SCHEME)) logger.warn(`could not register the ${LINK_SCHEME}:// links`);
    } catch (error) {
      logger.warn(`could not register the ${LINK_SCHEME}:// links`, error);
    }
  }

  const window: TicketWindow = {
    async openTicket(ticket) {
      const win = show();
      // NAVIGATE: send the ticket to the renderer here (e.g. a contract event tickets.openRequested)
      // once the inbox can open a ticket, and answer navigated: true.
      logger.info(`asked to open ticket ${ticket}${win ? '' : ' before the window exists'}`);
      return { shown: win !== null, navigated: false };
    },
  };

  const open = (ticket: string) => void window.openTicket(ticket).catch((error: unknown) => logger.warn('opening a ticket failed', error));

  // macOS hands links to the running app
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const ticket = ticketFromLink(url);
    if (ticket) open(ticket);
    else logger.warn(`ignored a link that is not a ticket link: ${url.slice(0, 120)}`);
  });

  return {
    window,
    /** Windows and Linux pass the link as an argument; true when one was found (and opened) */
    fromArgv(argv: readonly string[]): boolean {
      const ticket = ticketInArgv(argv);
      if (ticket) open(ticket);
      return ticket !== null;
    },
  };
}
