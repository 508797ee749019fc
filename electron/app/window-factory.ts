// Every window comes from here, so no window can be made with weaker webPreferences.
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { secureWebPreferences } from './security';

type WindowLike = Pick<BrowserWindow, 'once' | 'show' | 'loadURL'>;

export interface WindowRequest {
  url: string;
  width?: number;
  height?: number;
}

export function createWindowFactory<W extends WindowLike>(
  BrowserWindowClass: new (options: BrowserWindowConstructorOptions) => W,
  preloadPath: string,
) {
  return ({ url, width = 1200, height = 800 }: WindowRequest): W => {
    const window = new BrowserWindowClass({
      width,
      height,
      minWidth: 760,
      minHeight: 520,
      title: 'Teleworker',
      show: false,
      backgroundColor: '#f5f6f8',
      webPreferences: secureWebPreferences(preloadPath),
    });
    window.once('ready-to-show', () => window.show());
    void window.loadURL(url);
    return window;
  };
}
