// The connectivity area: where the office connection stands, a check on demand, live changes.
// It starts and steers the monitor, and offers the network state to other features (networkPort).
// The one desktop notification when the office drops during a work session is office-loss-notifier.ts.
import { networkPort } from '../feature-ports';
import { defineModule } from '../module';
import { disposables } from '../../../shared/disposables';

export const connectivityModule = defineModule({
  name: 'connectivity',
  area: 'connectivity',
  provides: { network: networkPort },
  create({ connectivityMonitor: connectivity, office }) {
    const stops = disposables();
    return {
      area: 'connectivity',
      handlers: {
        getStatus: () => connectivity.current(),
        checkNow: () => connectivity.checkNow(),
      },
      provides: { network: { current: () => connectivity.current(), onChange: (l) => connectivity.onChange(l) } },
      attach: (emit) => connectivity.onChange((status) => emit('statusChanged', status)),
      start() {
        // The office the user signed in to is the one to watch, configured or typed.
        const follow = () => {
          const me = office.session.current();
          if (me.status === 'signed-in') connectivity.watchOffice(me.server);
        };
        stops.add(office.session.onChange(follow));
        follow();
        connectivity.start();
      },
      stop() {
        stops.dispose();
        connectivity.stop();
      },
    };
  },
});
