// The browser host's idle port: the page reports input and visibility (presence.reportActivity)
// and this turns them into idle seconds, like Electron's powerMonitor gives. A browser knows
// nothing of the screen lock, so the lock never changes here.
import type { IdlePort } from '../ports';

export function createPageIdlePort(now: () => number = Date.now): IdlePort & { visible(): boolean } {
  let lastActive = now();
  let visible = true;
  return {
    idleSeconds: () => Math.max(0, Math.floor((now() - lastActive) / 1000)),
    onLockChange: () => () => {},
    report(activity) {
      visible = activity.visible;
      if (activity.active) lastActive = now();
    },
    visible: () => visible,
  };
}
