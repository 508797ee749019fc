import { useEffect, useRef } from 'react';

const gone = (element: HTMLElement) =>
  !element.isConnected ||
  (element as HTMLButtonElement).disabled === true ||
  element.closest('[hidden], [inert]') !== null;

/**
 * Focus is never left on the page body: when the focused element disappears or is disabled
 * (a discarded item, a replaced form, a closed menu), focus moves to `fallback()`, usually the
 * section's heading. Browsers differ on whether such an element fires blur at all (Chromium does,
 * Firefox and jsdom do not), so the guard watches the DOM instead. A click on empty space is the
 * user's choice and is left alone: the element that had the focus is still there.
 */
export function useFocusGuard(fallback: () => HTMLElement | null | undefined): void {
  const getFallback = useRef(fallback);
  useEffect(() => {
    getFallback.current = fallback;
  }, [fallback]);
  useEffect(() => {
    let last: HTMLElement | null =
      document.activeElement instanceof HTMLElement && document.activeElement !== document.body
        ? document.activeElement
        : null;
    const onFocusIn = (event: FocusEvent) => {
      if (event.target instanceof HTMLElement) last = event.target;
    };
    const check = () => {
      const active = document.activeElement;
      if (!last || (active && active !== document.body && active !== last)) return;
      if (!gone(last)) return;
      last = null;
      getFallback.current()?.focus();
    };
    document.addEventListener('focusin', onFocusIn);
    const observer = new MutationObserver(check);
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['disabled', 'hidden', 'inert'],
    });
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      observer.disconnect();
    };
  }, []);
}
