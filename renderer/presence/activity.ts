// The page tells the main process when the user is at it (input, at most every 2 s) and whether it
// is visible, so a host without its own idle signals (the browser host) can set me away when idle
// and back when I return. Electron's host has powerMonitor; the reports are ignored there.
import type { TeleworkerApi } from '../../shared/contract';

const EVERY_MS = 2_000;
const INPUT = ['pointermove', 'pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export function reportActivity(api: TeleworkerApi, doc: Document = document): () => void {
  let last = 0;
  const visible = () => doc.visibilityState === 'visible';
  const send = (active: boolean) => void api.presence.reportActivity({ active, visible: visible() });
  const onInput = () => {
    const now = Date.now();
    if (now - last < EVERY_MS) return;
    last = now;
    send(true);
  };
  const onVisibility = () => {
    last = visible() ? Date.now() : 0;
    send(visible());
  };
  for (const type of INPUT) doc.addEventListener(type, onInput, { passive: true, capture: true });
  doc.addEventListener('visibilitychange', onVisibility);
  send(visible());
  return () => {
    for (const type of INPUT) doc.removeEventListener(type, onInput, { capture: true });
    doc.removeEventListener('visibilitychange', onVisibility);
  };
}
