import { describe, expect, it, vi } from 'vitest';
import { createIpcEmitter, registerContractIpc } from '../../../electron/app/ipc';
import { APP_ORIGIN } from '../../../electron/app/security';
import { invokeChannel } from '../../../shared/contract';
import { FakeWebContents, createFakeElectron, frame } from '../../fixtures/fake-electron';
import { statusFixture, testCore } from '../../fixtures/core';

const setup = () => {
  const { ipcMain } = createFakeElectron();
  const warn = vi.fn();
  const core = testCore();
  const unregister = registerContractIpc(ipcMain as never, core.dispatcher, [APP_ORIGIN], warn);
  const call = (channel: string, payload: unknown, sender = frame('app://teleworker/index.html')) =>
    ipcMain.handlers.get(channel)!(sender, payload);
  return { ipcMain, warn, call, unregister, core };
};

describe('ipcMain registration derived from the contract', () => {
  it('registers one handler for every invoke channel and removes them all again', () => {
    const { ipcMain, core, unregister } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...core.dispatcher.channels].sort());
    expect(ipcMain.handlers.has(invokeChannel('system', 'ping'))).toBe(true);
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers our own top frame', async () => {
    const { call } = setup();
    await expect(call('tw:system:ping', { message: 'hi' })).resolves.toEqual({
      ok: true,
      value: { message: 'hi', receivedAt: '2026-11-28T09:00:00.000Z' },
    });
  });

  it('answers a bad payload with a typed error, not an exception', async () => {
    const { call } = setup();
    const result = await call('tw:system:ping', { message: '' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect((result as { error: { message: string } }).error.message).toContain('message: Too small');
    await expect(call('tw:system:ping', { message: 'x', extra: true })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringContaining('Unrecognized key: "extra"') },
    });
  });

  it.each([
    ['another origin', frame('https://evil.test/')],
    ['a file:// page', frame('file:///tmp/x.html')],
    ['a subframe of our page', frame('app://teleworker/index.html', { url: 'app://teleworker/' })],
    ['a destroyed frame', { senderFrame: null }],
  ])('refuses %s', async (_name, sender) => {
    const { call, warn } = setup();
    await expect(call('tw:system:ping', { message: 'hi' }, sender as never)).resolves.toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'This page may not talk to Teleworker.' },
    });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('refused tw:system:ping'));
  });
});

describe('events to the renderer', () => {
  it('sends contract events to every live window and drops invalid ones', () => {
    const a = new FakeWebContents();
    const b = new FakeWebContents();
    const gone = new FakeWebContents();
    gone.destroyed = true;
    const warn = vi.fn();
    const emit = createIpcEmitter(() => [a, b, gone], warn);
    const status = statusFixture();
    emit('connectivity', 'statusChanged', status);
    expect(a.sent).toEqual([['tw:connectivity!statusChanged', status]]);
    expect(b.sent).toHaveLength(1);
    expect(gone.sent).toHaveLength(0);
    emit('connectivity', 'statusChanged', { ...status, status: 'sideways' } as never);
    expect(a.sent).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('dropped invalid event tw:connectivity!statusChanged'));
  });
});
