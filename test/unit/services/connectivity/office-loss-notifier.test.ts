import { describe, expect, it, vi } from 'vitest';
import { watchOfficeLoss } from '../../../../electron/services/connectivity/office-loss-notifier';
import { createNavigation, createNotifications } from '../../../../electron/services/notifications';
import { createPreferences } from '../../../../electron/services/preferences';
import { manualConnectivity, statusFixture } from '../../../fixtures/core';

const lost = statusFixture({
  status: 'vpn-no-office',
  reason: { code: 'office-no-answer', params: { host: 'office.test', port: 443, error: 'ETIMEDOUT' } },
});

function setup(running: boolean) {
  const connectivity = manualConnectivity(statusFixture({ status: 'office-via-vpn' }));
  const notifier = { notify: vi.fn() };
  const preferences = createPreferences('en');
  const notifications = createNotifications(notifier, { idle: null, navigation: createNavigation() });
  const stop = watchOfficeLoss({ connectivity, preferences, notifications, workSession: { isRunning: () => running } });
  return { connectivity, notifier, notifications, preferences, stop };
}

describe('office-loss notification', () => {
  it('tells a worker in a running session once, with the reason, in their language', () => {
    const { connectivity, notifier, preferences } = setup(true);
    preferences.setLocale('id');
    connectivity.set(lost);
    connectivity.set(statusFixture({ status: 'offline', reason: { code: 'no-network' } }));
    expect(notifier.notify).toHaveBeenCalledTimes(1);
    expect(notifier.notify).toHaveBeenCalledWith(
      'Kantor tidak dapat dijangkau lagi',
      'VPN aktif tetapi server kantor office.test tidak menjawab di port 443 (ETIMEDOUT).',
      undefined,
    );
    connectivity.set(statusFixture({ status: 'degraded' }));
    connectivity.set(lost);
    expect(notifier.notify).toHaveBeenCalledTimes(2);
  });

  it('is heard even with do-not-disturb on: losing the office mid-session is urgent', () => {
    const { connectivity, notifier, notifications } = setup(true);
    notifications.setDoNotDisturb(true);
    connectivity.set(lost);
    expect(notifier.notify).toHaveBeenCalledTimes(1);
  });

  it('stays quiet without a running session, and after it is stopped', () => {
    const quiet = setup(false);
    quiet.connectivity.set(lost);
    expect(quiet.notifier.notify).not.toHaveBeenCalled();
    const stopped = setup(true);
    stopped.stop();
    stopped.connectivity.set(lost);
    expect(stopped.notifier.notify).not.toHaveBeenCalled();
    expect(stopped.connectivity.listenerCount()).toBe(0);
  });
});
