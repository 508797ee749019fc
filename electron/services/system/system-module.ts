// The system area: what the app is, a round trip for diagnostics, and the renderer's language.
import { defineModule } from '../module';

export const systemModule = defineModule({
  name: 'system',
  area: 'system',
  create({ info, clock, preferences }) {
    return {
      area: 'system',
      handlers: {
        getInfo: () => info,
        ping: ({ message }) => ({ message, receivedAt: clock().toISOString() }),
        setLocale: ({ locale }) => {
          preferences.setLocale(locale);
          return null;
        },
      },
    };
  },
});
