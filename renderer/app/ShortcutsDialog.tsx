import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../ui/use-modal-dialog';
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
  const dialog = useModalDialog(onClose, 'button');

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
