import type { ConnectivityState } from './connectivity';

export type Tone = 'good' | 'warn' | 'bad' | 'unknown';

/** The colour family of a state: the status bar's dot and the tray icon use the same one. */
export function toneOf(state: ConnectivityState | undefined | null): Tone {
  switch (state) {
    case 'office-via-vpn':
    case 'office-lan':
      return 'good';
    case 'degraded':
    case 'vpn-no-office':
    case 'internet':
      return 'warn';
    case 'offline':
      return 'bad';
    default:
      return 'unknown';
  }
}

/** The office answers (perhaps slowly): the states in which office work can go on. */
export const officeReachable = (state: ConnectivityState | undefined | null): boolean =>
  state === 'office-via-vpn' || state === 'office-lan' || state === 'degraded';
