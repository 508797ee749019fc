import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../ui/use-modal-dialog';
import type { CheckOutAsk } from './office-days-store';

/**
 * The clean-desk checklist before a check-out, items from the office's policy: a modal dialog
 * (Esc or "Not now" closes it without checking out), each item a checkbox, the check-out offered
 * once every item is ticked. Focus goes back where it was.
 */
export function CheckOutDialog({
  ask,
  busy,
  onConfirm,
  onClose,
}: {
  ask: CheckOutAsk;
  busy: boolean;
  onConfirm(): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const dialog = useModalDialog(onClose, 'input, button');
  const [ticked, setTicked] = useState<boolean[]>(() => ask.cleanDesk.map(() => false));

  const ready = ticked.every(Boolean) && !busy;
  return (
    <dialog
      ref={dialog}
      className="od-check-out"
      aria-labelledby="od-check-out-title"
      aria-describedby="od-check-out-intro"
      data-testid="od-check-out-dialog"
      onKeyDown={(event) => {
        // jsdom (and a dialog opened without showModal) does not close itself on Esc.
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <h2 id="od-check-out-title">{t('officeDays.checkOut.title', { desk: ask.deskLabel })}</h2>
      {ask.left && <p>{t('officeDays.checkOut.left', { desk: ask.deskLabel })}</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) onConfirm();
        }}
      >
        <fieldset>
          <legend id="od-check-out-intro">{t('officeDays.checkOut.intro')}</legend>
          <ul className="od-checklist" aria-label={t('officeDays.checkOut.checklistLabel')}>
            {ask.cleanDesk.map((item, i) => (
              <li key={i}>
                <label>
                  <input
                    type="checkbox"
                    checked={ticked[i] ?? false}
                    onChange={(e) => setTicked(ticked.map((v, j) => (j === i ? e.target.checked : v)))}
                  />{' '}
                  {item}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div className="od-dialog-actions">
          <button type="button" onClick={onClose} data-testid="od-check-out-cancel">
            {t('officeDays.checkOut.cancel')}
          </button>
          <button
            type="submit"
            className="primary"
            aria-disabled={!ready || undefined}
            data-testid="od-check-out-confirm"
          >
            {t('officeDays.checkOut.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
