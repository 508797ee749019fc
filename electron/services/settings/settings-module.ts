// The settings area: the user's settings with what IT locked, the policy problems, and updates.
import type { SettingKey, SettingValues, SettingsState } from '../../../shared/contract/settings';
import { translate } from '../../../shared/i18n';
import { defineModule } from '../module';
import { createUpdateService } from './update-service';
import { disposables } from '../../../shared/disposables';

export const settingsModule = defineModule({
  name: 'settings',
  area: 'settings',
  create({ settings, updater, office, account, logger, clock, notifications, preferences }) {
    const updates = createUpdateService({
      updater,
      settings,
      logger,
      clock,
      // Updates come only from the office policy names (officeUrl, which also locks sign-in to it):
      // the server someone signed in to may be any https host, and its feed would decide what runs
      // on this machine. Without that policy the app does not update itself.
      officeUrl: () => (account.serverLocked && !account.demo ? account.defaultServer : null),
      notifyReady: (version) => {
        const title = translate(preferences.locale(), 'settings.update.readyTitle');
        const body = translate(preferences.locale(), 'settings.update.readyBody', { version });
        // names no person or ticket: it may show on a locked screen too; a click opens Settings
        notifications.notify({ title, body, locked: { title, body }, target: { section: 'settings' } });
      },
    });
    let offSession: (() => void) | null = null;
    const state = (): SettingsState => ({
      settings: settings.entries(),
      policyProblems: settings.policyProblems(),
      update: updates.status(),
    });
    // the change's key and value travel together, so the pair keeps its type across the call
    const setOne = <K extends SettingKey>(change: { key: K; value: SettingValues[K] }) =>
      settings.set(change.key, change.value);
    return {
      area: 'settings',
      handlers: {
        get: () => state(),
        set: (change) => {
          setOne(change);
          return state();
        },
        installUpdate: () => {
          updates.install();
          return null;
        },
      },
      attach(emit) {
        const offs = disposables(
          settings.onChange(() => emit('changed', state())),
          updates.onChange(() => emit('changed', state())),
        );
        return () => offs.dispose();
      },
      start: () => {
        updates.start();
        // look again once someone signs in (the office may have been unreachable before)
        offSession = office.session.onChange((session) => {
          if (session.status === 'signed-in') void updates.check();
        });
      },
      stop: () => {
        offSession?.();
        updates.stop();
      },
    };
  },
});
