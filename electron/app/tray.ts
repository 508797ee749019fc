// The tray icon follows the office connection: colour, tooltip in the user's language, and a
// small menu (open, check now, quit).
import type { Menu, NativeImage, Tray } from 'electron';
import type { ConnectivityStatus } from '../../shared/domain/connectivity';
import { toneOf } from '../../shared/domain/connectivity-tone';
import type { Locale } from '../../shared/i18n';
import { translate } from '../../shared/i18n';
import { statusIconPng } from '../services/status-icon';

export interface TrayDeps {
  Tray: new (image: NativeImage) => Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'on' | 'destroy'>;
  nativeImage: { createFromBuffer(buffer: Buffer, options?: { scaleFactor?: number }): NativeImage };
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
}

export interface TrayActions {
  open(): void;
  checkNow(): void;
  quit(): void;
}

export function trayTooltip(status: ConnectivityStatus | null, locale: Locale): string {
  const words = translate(locale, status ? `status.${status.status}` : 'status.checking');
  return status?.latencyMs != null
    ? translate(locale, 'tray.tooltipLatency', { status: words, ms: Math.round(status.latencyMs) })
    : translate(locale, 'tray.tooltip', { status: words });
}

export function createStatusTray(deps: TrayDeps, actions: TrayActions) {
  const icon = (status: ConnectivityStatus | null) =>
    deps.nativeImage.createFromBuffer(statusIconPng(toneOf(status?.status), 32), { scaleFactor: 2 });
  const tray = new deps.Tray(icon(null));
  tray.on('click', () => actions.open());
  return {
    render(status: ConnectivityStatus | null, locale: Locale) {
      tray.setImage(icon(status));
      tray.setToolTip(trayTooltip(status, locale));
      tray.setContextMenu(
        deps.Menu.buildFromTemplate([
          { label: translate(locale, 'tray.open'), click: () => actions.open() },
          { label: translate(locale, 'status.checkNow'), click: () => actions.checkNow() },
          { type: 'separator' },
          { label: translate(locale, 'tray.quit'), click: () => actions.quit() },
        ]),
      );
    },
    destroy: () => tray.destroy(),
  };
}
