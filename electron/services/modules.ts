// Every feature module of the main process. Adding a feature is one line here and one folder of its
// own; the order below only breaks ties: the core starts a module after the modules whose ports it
// requires, and starts the office connection after every module (so every feed is in place).
import { accountModule } from './account/account-module';
import { adminModule } from './admin/admin-module';
import { chatModule } from './chat/chat-module';
import { connectivityModule } from './connectivity/connectivity-module';
import { officeLossModule } from './connectivity/office-loss-notifier';
import type { ModuleDefinition } from './module';
import type { AnyOutboxCommand } from './outbox/command';
import { officeDaysModule } from './office-days/office-days-module';
import { presenceModule } from './presence/presence-module';
import { sessionModule } from './session/session-module';
import { settingsModule } from './settings/settings-module';
import { syncModule } from './sync/sync-module';
import { systemModule } from './system/system-module';
import { ticketsModule } from './tickets/tickets-module';

export const appModules: readonly ModuleDefinition[] = [
  systemModule,
  connectivityModule,
  accountModule,
  syncModule,
  presenceModule,
  ticketsModule,
  chatModule,
  sessionModule,
  settingsModule,
  adminModule,
  officeDaysModule,
  officeLossModule,
];

/** Every outbox command the modules declare (the office connection needs them before modules exist). */
export const commandsOf = (modules: readonly ModuleDefinition[]): AnyOutboxCommand[] =>
  modules.flatMap((m) => m.commands ?? []);
