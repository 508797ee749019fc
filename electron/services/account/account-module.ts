// The account area: sign in, sign out, who is signed in; and the user's own record in the cache.
import { ContractError } from '../../../shared/contract';
import { MeResponse } from '../../../shared/office-api';
import { defineModule } from '../module';
import { rethrowForContract } from '../office/office-errors';
import { accountState } from './account-state';

export const accountModule = defineModule({
  name: 'account',
  area: 'account',
  create({ office, account: settings }) {
    return {
      area: 'account',
      handlers: {
        getState: () => accountState(office, settings),
        signIn: async ({ server, username, password }) => {
          if (settings.serverLocked && settings.defaultServer && server !== settings.defaultServer) {
            throw new ContractError('forbidden', 'The office server address is set by your IT department.', {
              reason: 'server-locked',
            });
          }
          await office.signIn(server, username, password).catch(rethrowForContract);
          return accountState(office, settings);
        },
        signOut: async () => {
          await office.signOut();
          return accountState(office, settings);
        },
      },
      attach: (emit) => office.session.onChange(() => emit('stateChanged', accountState(office, settings))),
      feed: {
        refresh: async (http, cache) => cache.put('me', 'me', await http('GET', '/me', { schema: MeResponse })),
      },
    };
  },
});
