// The system area: what the app is, a round trip for diagnostics, the renderer's language, the
// dock / taskbar count, and the requests to open a section or an item (navigation).
import { defineModule } from '../module';
import { disposables } from '../../../shared/disposables';

export const systemModule = defineModule({
  name: 'system',
  area: 'system',
  create({ info, clock, preferences, badge, navigation, notifications }) {
    return {
      area: 'system',
      handlers: {
        getInfo: () => info,
        ping: ({ message }) => ({ message, receivedAt: clock().toISOString() }),
        setLocale: ({ locale }) => {
          preferences.setLocale(locale);
          return null;
        },
        setBadgeCount: ({ count }) => {
          badge.setCount(count);
          return null;
        },
      },
      attach: (emit) => {
        const offs = disposables(
          navigation.onOpen((target) => emit('open', target)),
          notifications.onShown((shown) => emit('notification', shown)),
        );
        return () => offs.dispose();
      },
    };
  },
});
