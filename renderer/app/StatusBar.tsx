import { useTranslation } from 'react-i18next';
import type { StatusItem } from './feature';
import type { FeatureStores } from './feature-stores';

/**
 * Always at the bottom, signed in or out: whatever the features registered as status items
 * (connection, work timer, sync, me, language), in their zone and order.
 */
export function StatusBar({ items, stores }: { items: readonly StatusItem[]; stores: FeatureStores }) {
  const { t } = useTranslation();
  const zone = (which: StatusItem['zone']) =>
    items
      .filter((item) => item.zone === which && stores.has(item.id))
      .sort((a, b) => a.order - b.order)
      .map((item) => {
        const Item = item.Item;
        return (
          <div key={item.id} className="status-slot" data-item={item.id}>
            <Item store={stores.get(item.id)!} />
          </div>
        );
      });
  return (
    <footer className="status-bar" aria-label={t('frame.statusBar')}>
      <div className="zone">{zone('start')}</div>
      <div className="zone end">{zone('end')}</div>
    </footer>
  );
}
