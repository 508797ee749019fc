import { inflateSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { createStatusTray, trayTooltip } from '../../../electron/app/tray';
import { statusIconPng, toneColours } from '../../../electron/services/status-icon';
import { createFakeElectron } from '../../fixtures/fake-electron';
import { statusFixture } from '../../fixtures/core';

describe('status icon', () => {
  it('is a valid RGBA PNG with the tone colour in the middle and a transparent corner', () => {
    const png = statusIconPng('bad', 16);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(16); // width
    expect(png.readUInt32BE(20)).toBe(16); // height
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    const pixel = (x: number, y: number) => [...raw.subarray(y * 65 + 1 + x * 4, y * 65 + 1 + x * 4 + 4)];
    expect(pixel(8, 8)).toEqual([...toneColours.bad, 255]);
    expect(pixel(0, 0)[3]).toBe(0);
  });
});

describe('tray', () => {
  it('follows the status and the language, and its menu acts', () => {
    const electron = createFakeElectron();
    const actions = { open: vi.fn(), checkNow: vi.fn(), quit: vi.fn() };
    const tray = createStatusTray(electron as never, actions);
    tray.render(statusFixture({ status: 'office-via-vpn', latencyMs: 23.4 }), 'en');
    const [fake] = electron.trays;
    expect(fake!.tooltip).toBe('Teleworker: Office via VPN (23 ms)');
    tray.render(statusFixture({ status: 'offline', latencyMs: null }), 'id');
    expect(fake!.tooltip).toBe('Teleworker: Luring');
    expect((fake!.image as { buffer: Buffer }).buffer).toEqual(statusIconPng('bad', 32));
    expect(fake!.menu.map((item) => item.label)).toEqual([
      'Buka Teleworker',
      'Periksa sekarang',
      undefined,
      'Keluar dari Teleworker',
    ]);
    fake!.menu[1]!.click!();
    fake!.emit('click');
    expect(actions.checkNow).toHaveBeenCalledOnce();
    expect(actions.open).toHaveBeenCalledOnce();
  });

  it('says "checking" before the first status', () => {
    expect(trayTooltip(null, 'en')).toBe('Teleworker: Checking…');
  });
});
