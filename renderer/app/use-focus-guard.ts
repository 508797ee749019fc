import { useEffect, useRef } from 'react';

/**
 * Focus is never left on the page body: when the focused element disappears or is disabled
 * (a closed menu, a replaced form, a button that became busy), focus moves to `fallback()`,
 * usually the section's heading. A click on empty space is the user's choice and is left alone.
 */
export function useFocusGuard(fallback: () => HTMLElement | null | undefined): void {
  const getFallback = useRef(fallback);
  useEffect(() => {
    getFallback.current = fallback;
  }, [fallback]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onFocusOut = (event: FocusEvent) => {
      if (event.relatedTarget) return; // focus is going somewhere
      const lost = event.target as HTMLElement;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const active = document.activeElement;
        if (active && active !== document.body) return;
        const gone = !lost.isConnected || (lost as HTMLButtonElement).disabled === true || lost.closest('[hidden], [inert]') !== null;
        if (gone) getFallback.current()?.focus();
      }, 0);
    };
    document.addEventListener('focusout', onFocusOut);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, []);
}
