import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Followable, Section } from './feature';
import type { FeatureStores } from './feature-stores';
import { prefetchScreens } from './section-screens';

const noBadge = () => null;
// aria-keyshortcuts has no notation for sequences ('g i'): only the chords are listed.
const chords = (keys: readonly string[]) =>
  keys
    .filter((k) => !/\s/.test(k.trim()))
    .map((k) => k.replace(/\bCtrl\b/g, 'Control'))
    .join(' ') || undefined;

function RailItem({
  section,
  store,
  current,
  onGo,
}: {
  section: Section;
  store: StoreApi<Followable>;
  current: boolean;
  onGo(id: string): void;
}) {
  const { t } = useTranslation();
  const count = useStore(store, section.badge ?? noBadge) ?? 0;
  const title = t(section.titleKey);
  const Icon = section.icon;
  const hint = section.shortcuts.join(', ');
  return (
    <li>
      <button
        type="button"
        className="rail-item"
        aria-current={current ? 'page' : undefined}
        aria-keyshortcuts={chords(section.shortcuts)}
        title={`${title} (${hint})`}
        data-section={section.id}
        onClick={() => onGo(section.id)}
        // the pointer or the keyboard on its way: fetch the section's chunk before the click
        onPointerEnter={() => prefetchScreens(section)}
        onFocus={() => prefetchScreens(section)}
      >
        <Icon />
        <span className="rail-label">{title}</span>
        {/* named "Inbox 2 new": the visible label first, then the count as it is drawn (WCAG 2.5.3) */}
        {count > 0 && (
          <>
            {' '}
            <span className="rail-badge">{count > 99 ? '99+' : count}</span>{' '}
            <span className="visually-hidden">{t('frame.badgeNew')}</span>
          </>
        )}
      </button>
    </li>
  );
}

/** The navigation rail: the work sections on top, help at the bottom; only what this user may see. */
export function Rail({
  sections,
  stores,
  current,
  onGo,
}: {
  sections: readonly Section[];
  stores: FeatureStores;
  current: string;
  onGo(id: string): void;
}) {
  const { t } = useTranslation();
  const group = (placement: Section['placement']) =>
    sections
      .filter((s) => s.placement === placement && stores.has(s.id))
      .map((s) => <RailItem key={s.id} section={s} store={stores.get(s.id)!} current={s.id === current} onGo={onGo} />);
  return (
    <nav className="rail" aria-label={t('frame.sections')}>
      <ul>{group('top')}</ul>
      <ul>{group('bottom')}</ul>
    </nav>
  );
}
