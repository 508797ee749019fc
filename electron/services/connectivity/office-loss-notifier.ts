// A home worker in the middle of a work session must hear at once when the office drops away,
// even with the window hidden: one desktop notification per loss, saying why.
import { officeReachable } from '../../../shared/domain/connectivity-tone';
import { translate } from '../../../shared/i18n';
import type { NetworkState, WorkSessionPort } from '../feature-ports';
import { networkPort, workSessionPort } from '../feature-ports';
import { defineModule } from '../module';
import type { Notifications } from '../notifications';
import type { Preferences } from '../ports';

export function watchOfficeLoss(deps: {
  connectivity: NetworkState;
  workSession: WorkSessionPort;
  preferences: Preferences;
  notifications: Notifications;
}): () => void {
  let wasReachable = officeReachable(deps.connectivity.current().status);
  return deps.connectivity.onChange((status) => {
    const reachable = officeReachable(status.status);
    if (wasReachable && !reachable && deps.workSession.isRunning()) {
      const locale = deps.preferences.locale();
      const title = translate(locale, 'notifications.officeLost');
      // The reason names no person or ticket, so it may show on a locked screen too; and losing
      // the office mid-session is heard even with do-not-disturb on.
      const body = translate(locale, `connectivity.reason.${status.reason.code}`, status.reason.params);
      deps.notifications.notify({ title, body, locked: { title, body }, urgent: true });
    }
    wasReachable = reachable;
  });
}

/** The notice as a feature of its own: it needs the network state and the work session, and offers nothing. */
export const officeLossModule = defineModule({
  name: 'office-loss',
  area: null,
  requires: { network: networkPort, workSession: workSessionPort },
  create({ preferences, notifications }, { network, workSession }) {
    let stop: (() => void) | null = null;
    return {
      area: null,
      handlers: null,
      start: () => void (stop = watchOfficeLoss({ connectivity: network, workSession, preferences, notifications })),
      stop: () => {
        stop?.();
        stop = null;
      },
    };
  },
});
