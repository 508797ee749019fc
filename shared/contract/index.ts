// The contract between the main process and the renderer: one file per area, one object here.
// The preload, the ipcMain registration and the browser bridge are all derived from `contract`.
import type { ClientApi, Handlers } from './define';
import { account } from './account';
import { admin } from './admin';
import { chat } from './chat';
import { connectivity } from './connectivity';
import { presence } from './presence';
import { session } from './session';
import { settings } from './settings';
import { sync } from './sync';
import { system } from './system';
import { tickets } from './tickets';
import { officeDays } from './office-days';

export const contract = {
  system,
  connectivity,
  account,
  sync,
  presence,
  settings,
  tickets,
  session,
  chat,
  admin,
  officeDays,
} as const;

export type Contract = typeof contract;
export type TeleworkerApi = ClientApi<Contract>;
export type ContractHandlers = Handlers<Contract>;

export * from './define';
export * from './result';
