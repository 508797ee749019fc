import type { TeleworkerApi } from '../../shared/contract';
import { bridgeUrl, createBrowserBridge } from './browser-bridge';

declare global {
  interface Window {
    teleworker?: TeleworkerApi;
  }
}

const SECRET_KEY = 'teleworker.bridge-secret';

/**
 * In Electron the preload has put the contract on window.teleworker. In the browser host we
 * build the same object over the WebSocket bridge, using the secret from the printed URL.
 */
export function connectApi(win: Window = window): TeleworkerApi | null {
  if (win.teleworker) return win.teleworker;
  const fromHash = new URLSearchParams(win.location.hash.slice(1)).get('secret');
  if (fromHash) {
    win.sessionStorage.setItem(SECRET_KEY, fromHash);
    // Keep the secret out of the address bar and the history once it is stored.
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  }
  const secret = fromHash ?? win.sessionStorage.getItem(SECRET_KEY);
  if (!secret) return null;
  const api = createBrowserBridge({ url: bridgeUrl(win.location), secret });
  win.teleworker = api;
  return api;
}
