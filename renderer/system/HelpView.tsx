import { useTranslation } from 'react-i18next';
import { useFrame } from '../app/frame-context';
import { AboutPanel } from './AboutPanel';
import { DiagnosticsPanel } from './DiagnosticsPanel';
import type { SystemStore } from './system-store';

/** Help and about: the keyboard, what this app is and where it runs (and, for developers, a round trip). */
export function HelpView({ store }: { store: SystemStore }) {
  const { t } = useTranslation();
  const { openShortcuts, preferences } = useFrame();
  return (
    <div className="help">
      <p className="lead">{t('help.intro')}</p>
      <section className="panel" aria-labelledby="keyboard-title">
        <h2 id="keyboard-title">{t('help.shortcutsTitle')}</h2>
        <p>{t('frame.shortcuts.hint')}</p>
        <button type="button" onClick={openShortcuts}>
          {t('frame.shortcuts.show')}
        </button>
      </section>
      <AboutPanel store={store} />
      {/* a round trip to the main process is for developers and support: shown when Settings turns it on */}
      {preferences.developer && <DiagnosticsPanel store={store} />}
    </div>
  );
}
