// Desktop notifications as every feature module sends them. The host's Notifier only shows a
// title and a body; this layer adds what the product promises around it, in one place:
//   - do-not-disturb (set by my presence) silences everything but what insists on being heard;
//   - while the screen is locked, nothing sensitive: the notification's `locked` wording (e.g.
//     "New assignment") is shown instead, or nothing at all when it has none (clean-desk policy);
//   - a click opens what the notification is about (its target) through the navigation port.
import type { IdlePort, Navigation, Notifier, OpenTarget } from './ports';
import { listenerSet } from '../../shared/disposables';

export interface AppNotification {
  title: string;
  body: string;
  /** what may be shown while the screen is locked; without it the notification is dropped then */
  locked?: { title: string; body: string };
  /** what a click opens (a section, optionally one item in it) */
  target?: OpenTarget;
  /** heard even with do-not-disturb on (the office connection lost during a work session) */
  urgent?: boolean;
}

export interface ShownNotification {
  title: string;
  body: string;
  target?: OpenTarget;
}

export interface Notifications {
  notify(notification: AppNotification): 'shown' | 'shown-locked' | 'silenced' | 'dropped';
  setDoNotDisturb(on: boolean): void;
  doNotDisturb(): boolean;
  screenLocked(): boolean;
  /** every notification as shown (after do-not-disturb and the locked-screen rule) */
  onShown(listener: (shown: ShownNotification) => void): () => void;
}

/** host: the desktop's notifier, or null where there is none (the browser host: its page shows them from onShown). */
export function createNotifications(
  host: Notifier | null,
  deps: { idle: IdlePort | null; navigation: Navigation },
): Notifications {
  let dnd = false;
  let locked = false;
  const listeners = listenerSet<[ShownNotification]>();
  const show = (title: string, body: string, target: OpenTarget | undefined) => {
    host?.notify(title, body, target ? () => deps.navigation.open(target) : undefined);
    listeners.emit({ title, body, ...(target ? { target } : {}) });
  };
  deps.idle?.onLockChange((isLocked) => {
    locked = isLocked;
  });
  return {
    notify(n) {
      if (dnd && !n.urgent) return 'silenced';
      if (locked) {
        if (!n.locked) return 'dropped';
        show(n.locked.title, n.locked.body, n.target);
        return 'shown-locked';
      }
      show(n.title, n.body, n.target);
      return 'shown';
    },
    setDoNotDisturb(on) {
      dnd = on;
    },
    doNotDisturb: () => dnd,
    screenLocked: () => locked,
    onShown(listener) {
      return listeners.on(listener);
    },
  };
}

/** The one navigation channel: notifications, `teleworker open` and teleworker:// links ask the window to open something. */
export function createNavigation(): Navigation {
  const listeners = listenerSet<[OpenTarget]>();
  return {
    open(target) {
      listeners.emit(target);
    },
    onOpen(listener) {
      return listeners.on(listener);
    },
  };
}
