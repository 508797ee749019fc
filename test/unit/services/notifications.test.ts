import { describe, expect, it, vi } from 'vitest';
import { createNavigation, createNotifications } from '../../../electron/services/notifications';
import type { IdlePort, OpenTarget } from '../../../electron/services/ports';

function setup() {
  let lockListener: (locked: boolean) => void = () => {};
  const idle: IdlePort = { idleSeconds: () => 0, onLockChange: (l) => ((lockListener = l), () => {}) };
  const host = { notify: vi.fn<(title: string, body: string, onClick?: () => void) => void>() };
  const navigation = createNavigation();
  const opened: OpenTarget[] = [];
  navigation.onOpen((t) => opened.push(t));
  const notifications = createNotifications(host, { idle, navigation });
  return { host, notifications, opened, lock: (locked: boolean) => lockListener(locked) };
}

const assignment = {
  title: 'INC-1042 assigned to you',
  body: 'Branch printer offline',
  locked: { title: 'New assignment', body: '' },
  target: { section: 'inbox', item: 'INC-1042' },
};

describe('notifications', () => {
  it('shows title and body, and a click opens the target', () => {
    const { host, notifications, opened } = setup();
    expect(notifications.notify(assignment)).toBe('shown');
    expect(host.notify).toHaveBeenCalledWith(
      'INC-1042 assigned to you',
      'Branch printer offline',
      expect.any(Function),
    );
    host.notify.mock.calls[0]![2]!();
    expect(opened).toEqual([{ section: 'inbox', item: 'INC-1042' }]);
  });

  it('shows only the locked wording while the screen is locked, and drops what has none', () => {
    const { host, notifications, lock } = setup();
    lock(true);
    expect(notifications.notify(assignment)).toBe('shown-locked');
    expect(host.notify).toHaveBeenLastCalledWith('New assignment', '', expect.any(Function));
    expect(notifications.notify({ title: 'Rina: lunch?', body: 'see you at 12' })).toBe('dropped');
    expect(host.notify).toHaveBeenCalledTimes(1);
    lock(false);
    expect(notifications.notify({ title: 'Rina: lunch?', body: 'see you at 12' })).toBe('shown');
    expect(host.notify).toHaveBeenLastCalledWith('Rina: lunch?', 'see you at 12', undefined);
  });

  it('is silenced by do-not-disturb except for what is urgent', () => {
    const { host, notifications } = setup();
    notifications.setDoNotDisturb(true);
    expect(notifications.notify(assignment)).toBe('silenced');
    expect(notifications.notify({ title: 'Office lost', body: 'VPN down', urgent: true })).toBe('shown');
    expect(host.notify).toHaveBeenCalledTimes(1);
    notifications.setDoNotDisturb(false);
    expect(notifications.notify(assignment)).toBe('shown');
  });

  it("reports what it showed, for the browser host's page", () => {
    const notifications = createNotifications(null, { idle: null, navigation: createNavigation() });
    const shown: unknown[] = [];
    notifications.onShown((n) => shown.push(n));
    expect(notifications.notify(assignment)).toBe('shown');
    expect(shown).toEqual([
      {
        title: 'INC-1042 assigned to you',
        body: 'Branch printer offline',
        target: { section: 'inbox', item: 'INC-1042' },
      },
    ]);
  });
});
