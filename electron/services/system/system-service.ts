import type { AppInfo } from '../../../shared/contract/system';
import type { ContractHandlers } from '../../../shared/contract';

export interface SystemServiceOptions {
  info: AppInfo;
  clock: () => Date;
}

export function createSystemHandlers({ info, clock }: SystemServiceOptions): ContractHandlers['system'] {
  return {
    getInfo: () => info,
    ping: ({ message }) => ({ message, receivedAt: clock().toISOString() }),
  };
}
