import { useEffect, useMemo, useRef } from 'react';
import type { KeyBinding } from './keys';
import { createKeyMatcher } from './keys';

/**
 * Listens on the document while `enabled`; a completed binding calls onMatch and takes the key.
 * `capture`: the frame's own keys listen first, so the 's' of 'g s' is the frame's, never a section's.
 */
export function useKeyBindings(
  bindings: readonly KeyBinding[],
  onMatch: (id: string) => void,
  enabled = true,
  capture = false,
): void {
  const matcher = useMemo(() => createKeyMatcher(bindings), [bindings]);
  const callback = useRef(onMatch);
  useEffect(() => {
    callback.current = onMatch;
  }, [onMatch]);
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const id = matcher.handle(event);
      if (!id) return;
      event.preventDefault();
      callback.current(id);
    };
    document.addEventListener('keydown', onKeyDown, capture);
    return () => {
      document.removeEventListener('keydown', onKeyDown, capture);
      matcher.reset();
    };
  }, [matcher, enabled, capture]);
}
