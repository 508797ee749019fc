// A home worker in the middle of a work session must hear at once when the office drops away,
// even with the window hidden: one desktop notification per loss, saying why.
import { officeReachable } from '../../../shared/domain/connectivity-tone';
import { translate } from '../../../shared/i18n';
import type { ConnectivityPort, Notifier, Preferences, WorkSessionPort } from '../ports';

export function watchOfficeLoss(deps: {
  connectivity: ConnectivityPort;
  workSession: WorkSessionPort;
  preferences: Preferences;
  notifier: Notifier;
}): () => void {
  let wasReachable = officeReachable(deps.connectivity.current().status);
  return deps.connectivity.onChange((status) => {
    const reachable = officeReachable(status.status);
    if (wasReachable && !reachable && deps.workSession.isRunning()) {
      const locale = deps.preferences.locale();
      deps.notifier.notify(
        translate(locale, 'notifications.officeLost'),
        translate(locale, `connectivity.reason.${status.reason.code}`, status.reason.params),
      );
    }
    wasReachable = reachable;
  });
}
