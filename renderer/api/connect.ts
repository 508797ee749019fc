import type { TeleworkerApi } from '../../shared/contract';
import { bridgeUrl, createBrowserBridge } from './browser-bridge';

declare global {
  interface Window {
    teleworker?: TeleworkerApi;
  }
}

const SECRET_KEY = 'teleworker.bridge-secret';

export interface ConnectOptions {
  /** The browser host refused the secret: the page should say where the current address is. */
  onRefused?(): void;
}

/**
 * In Electron the preload has put the contract on window.teleworker. In the browser host we
 * build the same object over the WebSocket bridge, using the secret from the printed URL.
 * null: there is no secret to say hello with (an address without its #secret=…).
 */
export function connectApi(win: Window = window, options: ConnectOptions = {}): TeleworkerApi | null {
  if (win.teleworker) return win.teleworker;
  const fromHash = new URLSearchParams(win.location.hash.slice(1)).get('secret');
  if (fromHash) {
    win.sessionStorage.setItem(SECRET_KEY, fromHash);
    // Keep the secret out of the address bar and the history once it is stored.
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  }
  const secret = fromHash ?? win.sessionStorage.getItem(SECRET_KEY);
  if (!secret) return null;
  const api = createBrowserBridge({
    url: bridgeUrl(win.location),
    secret,
    onRefused: () => {
      // A stale secret is of no use after a reload either.
      win.sessionStorage.removeItem(SECRET_KEY);
      options.onRefused?.();
    },
  });
  win.teleworker = api;
  return api;
}
