// The admin area: the office's accounts and teams, asked of the office on each call (nothing of it
// is cached or queued: an admin's change must reach the office, or fail where they can see it).
import { AdminUserResponse, AdminUsersResponse, Team as TeamSchema, TeamsResponse } from '../../../shared/office-api';
import { z } from 'zod';
import { defineModule } from '../module';
import { rethrowForContract } from '../office/office-errors';

const TeamResponse = z.object({ team: TeamSchema });

export const adminModule = defineModule({
  name: 'admin',
  area: 'admin',
  create({ office }) {
    const account = (path: string, method: string, body: unknown) =>
      office
        .request(method, path, { schema: AdminUserResponse, body })
        .then((r) => r.user)
        .catch(rethrowForContract);
    return {
      area: 'admin',
      handlers: {
        async listAccounts() {
          const [accounts, teams] = await Promise.all([
            office.request('GET', '/admin/users', { schema: AdminUsersResponse }),
            office.request('GET', '/teams', { schema: TeamsResponse }),
          ]).catch(rethrowForContract);
          return { accounts: accounts.items, teams: teams.items.map((t) => ({ id: t.id, name: t.name })) };
        },
        createAccount: (request) => account('/admin/users', 'POST', request),
        updateAccount: ({ id, change }) => account(`/admin/users/${encodeURIComponent(id)}`, 'PATCH', change),
        resetPassword: ({ id, password }) =>
          account(`/admin/users/${encodeURIComponent(id)}/password`, 'POST', { password }),
        async createTeam(request) {
          const r = await office
            .request('POST', '/teams', { schema: TeamResponse, body: request })
            .catch(rethrowForContract);
          return { id: r.team.id, name: r.team.name };
        },
      },
    };
  },
});
