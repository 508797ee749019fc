import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * List and detail side by side; in a window narrower than 900 px (styles.css) one pane at a time,
 * with a back control on the detail. For the sections with a list (inbox, chat).
 */
export function ListDetail({
  list,
  detail,
  showing,
  onBack,
  listLabel,
  wideList = false,
}: {
  list: ReactNode;
  detail: ReactNode;
  showing: 'list' | 'detail';
  onBack(): void;
  listLabel: string;
  /** a list that is a table (the Team section) gets the larger share of the width */
  wideList?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="list-detail" data-showing={showing} data-wide-list={wideList || undefined}>
      <div className="list-pane" role="region" aria-label={listLabel}>
        {list}
      </div>
      <div className="detail-pane">
        {showing === 'detail' && (
          <button type="button" className="back" onClick={onBack}>
            ← {t('frame.back')}
          </button>
        )}
        {detail}
      </div>
    </div>
  );
}
