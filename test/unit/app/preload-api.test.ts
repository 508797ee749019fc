import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { buildPreloadApi } from '../../../electron/app/preload-api';
import { contract } from '../../../shared/contract';
import { statusFixture } from '../../fixtures/core';

function fakeIpcRenderer() {
  const emitter = new EventEmitter();
  return Object.assign(emitter, {
    invoke: vi.fn(async (channel: string, payload: unknown) => ({ ok: true, value: { channel, payload } })),
  });
}

describe('the preload API', () => {
  it('exposes exactly the contract: areas, methods and listeners, never ipcRenderer', () => {
    const api = buildPreloadApi(fakeIpcRenderer() as never);
    expect(Object.keys(api).sort()).toEqual(Object.keys(contract).sort());
    expect(Object.keys(api.system).sort()).toEqual([
      'getInfo',
      'onNotification',
      'onOpen',
      'ping',
      'setBadgeCount',
      'setLocale',
    ]);
    expect(Object.keys(api.connectivity).sort()).toEqual(['checkNow', 'getStatus', 'onStatusChanged']);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|send|invoke/i);
    expect(Object.isFrozen(api) && Object.isFrozen(api.system)).toBe(true);
  });

  it('invokes the contract channel with the payload', async () => {
    const ipc = fakeIpcRenderer();
    const api = buildPreloadApi(ipc as never);
    await api.system.ping({ message: 'hi' });
    expect(ipc.invoke).toHaveBeenCalledWith('tw:system:ping', { message: 'hi' });
  });

  it('turns a failed invoke into an unavailable result', async () => {
    const ipc = fakeIpcRenderer();
    ipc.invoke.mockRejectedValueOnce(new Error('No handler registered'));
    const api = buildPreloadApi(ipc as never);
    await expect(api.system.getInfo()).resolves.toEqual({
      ok: false,
      error: { code: 'unavailable', message: "Teleworker's main process did not answer: No handler registered" },
    });
  });

  it('unsubscribes exactly the listener it added', () => {
    const ipc = fakeIpcRenderer();
    const api = buildPreloadApi(ipc as never);
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = api.connectivity.onStatusChanged(first);
    api.connectivity.onStatusChanged(second);
    expect(ipc.listenerCount('tw:connectivity!statusChanged')).toBe(2);
    offFirst();
    offFirst(); // twice is harmless and must not remove the other listener
    expect(ipc.listenerCount('tw:connectivity!statusChanged')).toBe(1);
    const status = statusFixture();
    ipc.emit('tw:connectivity!statusChanged', { sender: 'event' }, status);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledWith(status);
  });
});
