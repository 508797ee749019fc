// The account as the renderer sees it: signed in as whom, or signed out with why and where to.
import type { AccountState, SignInNotice } from '../../../shared/contract/account';
import type { OfficeService } from '../office/office-service';

export interface AccountSettings {
  /** the server address to pre-fill: policy, the user's last choice, or the embedded demo server */
  defaultServer: string | null;
  serverLocked: boolean;
  demo: boolean;
  /** something the user must know before signing in (a broken policy file), in English and as a code */
  notice?: { text: string; notice: SignInNotice } | null;
  secretStore(): AccountState['secretStore'];
}

export function accountState(office: OfficeService, settings: AccountSettings): AccountState {
  const state = office.session.current();
  const secretStore = settings.secretStore();
  if (state.status === 'signed-in') {
    const { id, username, displayName, role } = state.user;
    return { status: 'signed-in', server: state.server, user: { id, username, displayName, role }, secretStore };
  }
  const fromSession =
    state.reason !== null
      ? { reason: state.reason, notice: state.notice ? { code: state.notice, params: {} } : null }
      : null;
  const fromSettings = settings.notice ? { reason: settings.notice.text, notice: settings.notice.notice } : null;
  const why = fromSession ?? fromSettings ?? { reason: null, notice: null };
  return {
    status: 'signed-out',
    ...why,
    server: settings.defaultServer,
    serverLocked: settings.serverLocked,
    demo: settings.demo,
    secretStore,
  };
}
