// The account as the renderer sees it: signed in as whom, or signed out with why and where to.
import type { AccountState } from '../../../shared/contract/account';
import type { OfficeService } from '../office/office-service';

export interface AccountSettings {
  /** the server address to pre-fill: policy, the user's last choice, or the embedded demo server */
  defaultServer: string | null;
  serverLocked: boolean;
  demo: boolean;
  /** something the user must know before signing in (a broken policy file) */
  notice?: string | null;
  secretStore(): AccountState['secretStore'];
}

export function accountState(office: OfficeService, settings: AccountSettings): AccountState {
  const state = office.session.current();
  const secretStore = settings.secretStore();
  if (state.status === 'signed-in') {
    const { id, username, displayName, role } = state.user;
    return { status: 'signed-in', server: state.server, user: { id, username, displayName, role }, secretStore };
  }
  return { status: 'signed-out', reason: state.reason ?? settings.notice ?? null, server: settings.defaultServer, serverLocked: settings.serverLocked, demo: settings.demo, secretStore };
}
