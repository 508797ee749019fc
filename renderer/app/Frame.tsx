import { Suspense, lazy, useCallback, useContext, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenTarget } from '../../shared/contract/system';
import { ApiContext } from './api-context';
import { AppSignals } from './AppSignals';
import type { Section, SignedInUser, StatusItem } from './feature';
import type { FrameServices } from './frame-context';
import { FrameContext } from './frame-context';
import type { FeatureStores } from './feature-stores';
import { HelpIcon } from './icons';
import type { KeyBinding } from './keys';
import type { SectionStorage } from './last-section';
import { initialSection, rememberSection } from './last-section';
import { Rail } from './Rail';
import { useSectionScreens } from './section-screens';
import type { ShortcutGroup } from './ShortcutsDialog';
import { StatusBar } from './StatusBar';
import { useFocusGuard } from './use-focus-guard';
import { useKeyBindings } from './use-key-bindings';

const SHORTCUTS = 'frame:shortcuts';
// The ? list is opened now and then, never at sign-in: its code comes when it is first asked for.
const ShortcutsDialog = lazy(() => import('./ShortcutsDialog').then((m) => ({ default: m.ShortcutsDialog })));

export interface FrameProps {
  sections: readonly Section[];
  statusItems: readonly StatusItem[];
  stores: FeatureStores;
  user: SignedInUser | null;
  storage: SectionStorage;
  /** the sign-in screen, shown in the main area while nobody is signed in */
  signIn: ReactNode;
  /** what the App provides to every view and item; the frame adds go() and openShortcuts() */
  services: Omit<FrameServices, 'go' | 'openShortcuts'>;
}

/**
 * The window a home worker lives in: the rail (signed in), one section at a time in `main` under
 * its header, the status bar always at the bottom, the `?` list. Signed out, the main area is the
 * sign-in screen, and help (F1) is still one key away.
 */
export function Frame({ sections, statusItems, stores, user, storage, signIn, services }: FrameProps) {
  const { t } = useTranslation();
  const main = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);

  // What can be opened now: the sections whose stores exist (visible to this user), or signed
  // out only the window-wide ones (help).
  const available = useMemo(
    () =>
      sections
        .filter((s) => stores.has(s.id) && (user !== null || s.scope === 'app'))
        .sort((a, b) => a.order - b.order),
    [sections, stores, user],
  );
  const signedInIds = useMemo(() => available.filter((s) => s.placement === 'top').map((s) => s.id), [available]);

  // Signed in: the last section (if still visible), else the first. Signed out: the sign-in screen ('').
  const [chosen, setChosen] = useState<{ id: string; n: number }>(() => ({
    id: user ? initialSection(storage, signedInIds) : '',
    n: 0,
  }));
  const current =
    available.find((s) => s.id === chosen.id) ??
    (user ? available.find((s) => s.id === initialSection(storage, signedInIds)) : undefined);

  const go = useCallback(
    (id: string, item?: string) => {
      const section = available.find((s) => s.id === id);
      if (id !== '' && !section) return;
      setChosen((c) => ({ id, n: c.n + 1 }));
      if (user && id) rememberSection(storage, id);
      // the section selects the item in its own store (a ticket, a conversation)
      if (section && item !== undefined) section.open?.(stores.get(id)!, item);
    },
    [available, user, storage, stores],
  );
  const open = useCallback((target: OpenTarget) => go(target.section, target.item), [go]);
  const api = useContext(ApiContext);
  const openShortcuts = useCallback(() => setShortcutsOpen(true), []);
  const frame = useMemo<FrameServices>(() => ({ ...services, go, openShortcuts }), [services, go, openShortcuts]);

  // A section's heading takes focus whenever a section is opened (by click, key or after
  // sign-in), so keyboard and screen-reader users land at its start, never on the body.
  const headingRef = useCallback(
    (element: HTMLHeadingElement | null) => {
      heading.current = element;
      element?.focus({ preventScroll: true });
    },
    // a new callback per navigation re-runs the ref, so opening the same section again still focuses
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [current?.id, chosen.n],
  );
  useFocusGuard(() => heading.current ?? main.current?.querySelector<HTMLElement>('h1'));

  const bindings = useMemo<KeyBinding[]>(
    () => [
      ...available.flatMap((s) => s.shortcuts.map((keys) => ({ id: `go:${s.id}`, keys }))),
      { id: SHORTCUTS, keys: '?' },
    ],
    [available],
  );
  useKeyBindings(bindings, (id) => (id === SHORTCUTS ? setShortcutsOpen(true) : go(id.slice(3))), !shortcutsOpen, true);

  const groups: ShortcutGroup[] = [
    {
      title: t('frame.shortcuts.navigation'),
      rows: [
        ...available.map((s) => ({ keys: s.shortcuts, label: t('frame.shortcuts.goTo', { section: t(s.titleKey) }) })),
        { keys: ['?'], label: t('frame.shortcuts.list') },
        { keys: ['Escape'], label: t('frame.shortcuts.escape') },
      ],
    },
    ...(current?.keys?.length
      ? [
          {
            title: t('frame.shortcuts.inSection', { section: t(current.titleKey) }),
            rows: current.keys.map((k) => ({ keys: [k.keys], label: t(k.labelKey) })),
          },
        ]
      : []),
  ];

  // the sign-in screen's "Help and about (F1)": the section F1 opens
  const help = available.find((s) => s.shortcuts.includes('F1'));
  // The heading shows (and takes the focus) at once; the screens follow when their chunk arrives.
  const screens = useSectionScreens(current);
  let content: ReactNode;
  if (current) {
    const store = stores.get(current.id)!;
    const { View, HeaderActions } = screens.status === 'ready' ? screens.screens : {};
    content = (
      <>
        <header className="section-header">
          <h1 id="section-title" tabIndex={-1} ref={headingRef}>
            {t(current.titleKey)}
          </h1>
          {HeaderActions && <HeaderActions store={store} />}
          {!user && (
            <button type="button" onClick={() => go('')}>
              {t('help.backToSignIn')}
            </button>
          )}
        </header>
        <div className="section-body" data-section={current.id} aria-busy={View ? undefined : true}>
          {View ? (
            <View store={store} />
          ) : screens.status === 'failed' ? (
            <div className="error" role="alert">
              <p>{t('frame.sectionFailed')}</p>
              <button type="button" onClick={screens.retry}>
                {t('frame.retry')}
              </button>
            </div>
          ) : (
            <p className="section-loading" role="status">
              {t('frame.sectionLoading')}
            </p>
          )}
        </div>
      </>
    );
  } else {
    content = signIn;
  }

  return (
    <FrameContext.Provider value={frame}>
      <div className={user ? 'app signed-in' : 'app signed-out'}>
        {user ? (
          <Rail sections={available} stores={stores} current={current?.id ?? ''} onGo={go} />
        ) : (
          <header className="brand-bar">
            <span className="brand">
              <img src="./icon.svg" alt="" width="24" height="24" />
              {t('app.brand')}
            </span>
            {help && !current && (
              <button type="button" className="quiet" onClick={() => go(help.id)} aria-keyshortcuts="F1">
                <HelpIcon />
                {t('frame.helpHint')}
              </button>
            )}
          </header>
        )}
        <main
          ref={main}
          aria-labelledby={current ? 'section-title' : undefined}
          data-section={current?.id ?? 'sign-in'}
        >
          {content}
        </main>
        <StatusBar items={statusItems} stores={stores} />
        {api && user && <AppSignals api={api} sections={available} stores={stores} open={open} />}
        {shortcutsOpen && (
          <Suspense fallback={null}>
            <ShortcutsDialog groups={groups} onClose={() => setShortcutsOpen(false)} />
          </Suspense>
        )}
      </div>
    </FrameContext.Provider>
  );
}
