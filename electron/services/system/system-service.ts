import type { AppInfo } from '../../../shared/contract/system';
import type { ContractHandlers } from '../../../shared/contract';
import type { Preferences } from '../preferences';

export interface SystemServiceOptions {
  info: AppInfo;
  clock: () => Date;
  preferences: Preferences;
}

export function createSystemHandlers({ info, clock, preferences }: SystemServiceOptions): ContractHandlers['system'] {
  return {
    getInfo: () => info,
    ping: ({ message }) => ({ message, receivedAt: clock().toISOString() }),
    setLocale: ({ locale }) => {
      preferences.setLocale(locale);
      return null;
    },
  };
}
