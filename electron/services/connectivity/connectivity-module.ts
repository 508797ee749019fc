// The connectivity area: where the office connection stands, a check on demand, live changes;
// and the one desktop notification when the office drops during a work session.
import { defineModule } from '../module';
import { watchOfficeLoss } from './office-loss-notifier';

export const connectivityModule = defineModule({
  name: 'connectivity',
  area: 'connectivity',
  create({ connectivity, notifications, preferences, workSession, office }) {
    const stops: Array<() => void> = [];
    return {
      area: 'connectivity',
      handlers: {
        getStatus: () => connectivity.current(),
        checkNow: () => connectivity.checkNow(),
      },
      attach: (emit) => connectivity.onChange((status) => emit('statusChanged', status)),
      start() {
        stops.push(watchOfficeLoss({ connectivity, preferences, notifications, workSession }));
        // The office the user signed in to is the one to watch, configured or typed.
        const follow = () => {
          const me = office.session.current();
          if (me.status === 'signed-in') connectivity.watchOffice(me.server);
        };
        stops.push(office.session.onChange(follow));
        follow();
        connectivity.start();
      },
      stop() {
        stops.splice(0).forEach((stop) => stop());
        connectivity.stop();
      },
    };
  },
});
