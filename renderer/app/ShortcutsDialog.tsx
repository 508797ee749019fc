import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { describeKeys } from './keys';

export interface ShortcutGroup {
  title: string;
  rows: { keys: readonly string[]; label: string }[];
}

function Keys({ keys }: { keys: string }) {
  const { t } = useTranslation();
  return (
    <span className="keys">
      {describeKeys(keys).map((chord, i) => (
        <span key={i}>
          {i > 0 && <span className="muted"> {t('frame.shortcuts.then')} </span>}
          {chord.map((k, j) => (
            <span key={k}>
              {j > 0 && '+'}
              <kbd>{k}</kbd>
            </span>
          ))}
        </span>
      ))}
    </span>
  );
}

/**
 * The `?` list: a modal dialog (Esc closes it), built from what is registered right now, so a new
 * section's keys appear here without editing this file. Focus goes back where it was.
 */
export function ShortcutsDialog({ groups, onClose }: { groups: ShortcutGroup[]; onClose(): void }) {
  const { t } = useTranslation();
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
    element.querySelector<HTMLElement>('button')?.focus();
    const close = () => onCloseRef.current();
    element.addEventListener('close', close);
    return () => {
      element.removeEventListener('close', close);
      if (element.open && typeof element.close === 'function') element.close();
      // Back to where the user was; the frame's focus guard covers an element that is gone.
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      className="shortcuts"
      aria-labelledby="shortcuts-title"
      onKeyDown={(event) => {
        // jsdom (and a dialog opened without showModal) does not close itself on Esc.
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="dialog-head">
        <h2 id="shortcuts-title">{t('frame.shortcuts.title')}</h2>
        <button type="button" onClick={onClose}>
          {t('frame.shortcuts.close')}
        </button>
      </div>
      {groups.map((group) => (
        <section key={group.title} aria-label={group.title}>
          <h3>{group.title}</h3>
          <dl className="shortcut-list">
            {group.rows.map((row) => (
              <div key={row.label}>
                <dt>
                  {row.keys.map((keys, i) => (
                    <span key={keys}>
                      {i > 0 && <span className="muted"> {t('frame.shortcuts.or')} </span>}
                      <Keys keys={keys} />
                    </span>
                  ))}
                </dt>
                <dd>{row.label}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </dialog>
  );
}
