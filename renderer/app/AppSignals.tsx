// The frame's link to the main process for what belongs to no one feature:
//   - the attention count: the sum of the rail's badges, on the dock / taskbar icon (Electron) and
//     in the page title (both hosts, so the browser host's tab shows it too);
//   - open requests (a notification clicked, `teleworker open`, a teleworker:// link);
//   - in the browser host, which has no desktop notifications, the notifications the main process
//     showed appear as toasts in the page (a click opens what they are about).
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoreApi } from 'zustand/vanilla';
import type { TeleworkerApi } from '../../shared/contract';
import type { OpenTarget } from '../../shared/contract/system';
import type { Followable, Section } from './feature';
import type { FeatureStores } from './feature-stores';
import { disposables } from '../../shared/disposables';

interface Toast {
  id: number;
  title: string;
  body: string;
  target?: OpenTarget;
}

const TOAST_MS = 8000;
let nextToast = 1;

export function AppSignals({
  api,
  sections,
  stores,
  open,
}: {
  api: TeleworkerApi;
  sections: readonly Section[];
  stores: FeatureStores;
  open(target: OpenTarget): void;
}) {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [inPage, setInPage] = useState(false);

  useEffect(() => {
    const badged = sections
      .filter((s) => s.badge && stores.has(s.id))
      .map((s) => ({ badge: s.badge!, store: stores.get(s.id)! as StoreApi<Followable> }));
    let last = -1;
    const publish = () => {
      const total = badged.reduce((sum, { badge, store }) => sum + (badge(store.getState()) ?? 0), 0);
      if (total === last) return;
      last = total;
      document.title = total > 0 ? `(${total > 99 ? '99+' : total}) ${t('app.brand')}` : t('app.brand');
      void api.system.setBadgeCount({ count: total });
    };
    publish();
    const offs = disposables(...badged.map(({ store }) => store.subscribe(publish)));
    return () => offs.dispose();
  }, [api, sections, stores, t]);

  useEffect(() => api.system.onOpen((target) => open(target)), [api, open]);

  useEffect(() => {
    let alive = true;
    void api.system.getInfo().then((r) => alive && r.ok && setInPage(r.value.host === 'browser'));
    return () => {
      alive = false;
    };
  }, [api]);
  useEffect(() => {
    if (!inPage) return;
    return api.system.onNotification((n) => {
      const toast = { id: nextToast++, ...n };
      setToasts((list) => [...list.slice(-2), toast]);
      setTimeout(() => setToasts((list) => list.filter((x) => x.id !== toast.id)), TOAST_MS);
    });
  }, [api, inPage]);

  // Toasts sit above whatever must stay usable (data-keep-clear: the chat composer and its Send),
  // however tall it grows; written to the element's style, no render needed.
  const box = useRef<HTMLElement>(null);
  const any = toasts.length > 0;
  useLayoutEffect(() => {
    if (!any) return;
    const place = () => {
      const element = box.current;
      if (!element) return;
      const tops = [...document.querySelectorAll('[data-keep-clear]')].map((e) => e.getBoundingClientRect().top);
      const clear = tops.length ? window.innerHeight - Math.min(...tops) + 8 : 0;
      element.style.bottom = clear > 48 ? `${clear}px` : '';
    };
    place();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(place) : null;
    document.querySelectorAll('[data-keep-clear]').forEach((e) => observer?.observe(e));
    window.addEventListener('resize', place);
    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', place);
    };
  }, [any, toasts]);

  if (!any) return null;
  return (
    <section ref={box} className="toasts" aria-label={t('frame.notifications')} aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast" data-testid="toast">
          <button
            type="button"
            className="toast-open"
            disabled={!toast.target}
            onClick={() => {
              if (toast.target) open(toast.target);
              setToasts((list) => list.filter((x) => x.id !== toast.id));
            }}
          >
            <strong>{toast.title}</strong>
            {toast.body && <span>{toast.body}</span>}
          </button>
          <button
            type="button"
            className="quiet"
            aria-label={t('frame.dismiss')}
            onClick={() => setToasts((list) => list.filter((x) => x.id !== toast.id))}
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
