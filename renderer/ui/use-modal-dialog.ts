import { useEffect, useRef, type RefObject } from 'react';

/**
 * A `<dialog>` shown modal while the component is mounted: Esc (the dialog's `close`) calls
 * `onClose`, the first element matching `focusFirst` takes the focus, and on unmount the focus goes
 * back where it was (the frame's focus guard covers an element that is gone).
 */
export function useModalDialog(onClose: () => void, focusFirst: string): RefObject<HTMLDialogElement | null> {
  const dialog = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const element = dialog.current!;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof element.showModal === 'function') element.showModal();
    else element.setAttribute('open', ''); // jsdom has no showModal
    element.querySelector<HTMLElement>(focusFirst)?.focus();
    const close = () => onCloseRef.current();
    element.addEventListener('close', close);
    return () => {
      element.removeEventListener('close', close);
      if (element.open && typeof element.close === 'function') element.close();
      if (previous?.isConnected) previous.focus();
    };
    // focusFirst is read once, when the dialog opens
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return dialog;
}
