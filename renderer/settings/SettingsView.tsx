import { useContext, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { SetSetting, SettingEntry, SettingKey } from '../../shared/contract/settings';
import { UPDATE_CHANNELS } from '../../shared/domain/policy';
import { ErrorMessage } from '../app/ErrorMessage';
import { FrameContext } from '../app/frame-context';
import type { FrameServices } from '../app/frame-context';
import { THEMES } from '../app/preferences';
import type { Theme } from '../app/preferences';
import { PolicyBanner } from './PolicyBanner';
import type { SettingsStore } from './settings-store';
import './settings.css';

/** One setting: a control for the user, or its value with "set by your organisation" when locked. */
function SettingRow({ entry, onChange }: { entry: SettingEntry; onChange(change: SetSetting): void }) {
  const { t } = useTranslation();
  const id = useId();
  const locked = entry.source === 'policy';
  const hintId = `${id}-hint`;
  const common = { id, disabled: locked, 'aria-describedby': locked ? hintId : undefined };
  const key = entry.key as SettingKey;
  let control;
  if (typeof entry.value === 'boolean') {
    control = (
      <input
        type="checkbox"
        {...common}
        checked={entry.value}
        onChange={(e) => onChange({ key, value: e.target.checked } as SetSetting)}
      />
    );
  } else if (key === 'idleMinutes') {
    control = (
      <input
        type="number"
        {...common}
        min={1}
        max={240}
        defaultValue={entry.value as number}
        key={String(entry.value)}
        onBlur={(e) => {
          const value = Number(e.target.value);
          if (Number.isInteger(value) && value >= 1 && value <= 240 && value !== entry.value) onChange({ key, value });
        }}
      />
    );
  } else if (key === 'endOfDayReminder' || key === 'timerStopAt') {
    control = (
      <input
        type="time"
        {...common}
        defaultValue={entry.value as string}
        key={String(entry.value)}
        onBlur={(e) => {
          if (/^\d\d:\d\d$/.test(e.target.value) && e.target.value !== entry.value)
            onChange({ key, value: e.target.value });
        }}
      />
    );
  } else {
    control = (
      <select
        {...common}
        value={entry.value as string}
        onChange={(e) => onChange({ key: 'updateChannel', value: e.target.value as (typeof UPDATE_CHANNELS)[number] })}
      >
        {UPDATE_CHANNELS.map((channel) => (
          <option key={channel} value={channel}>
            {t(`settings.channel.${channel}`)}
          </option>
        ))}
      </select>
    );
  }
  return (
    <div className="setting-row" data-testid={`setting-${key}`} data-locked={locked}>
      <label htmlFor={id}>{t(`settings.key.${key}`)}</label>
      {control}
      {locked && (
        <span className="setting-locked" id={hintId}>
          {t('settings.locked')}
        </span>
      )}
    </div>
  );
}

function UpdatePanel({ store }: { store: SettingsStore }) {
  const { t } = useTranslation();
  const update = useStore(store, (s) => s.state?.update);
  const installUpdate = useStore(store, (s) => s.installUpdate);
  if (!update) return null;
  const text =
    update.state === 'off'
      ? t(`settings.update.off.${update.reason}`)
      : update.state === 'ready' || update.state === 'downloading'
        ? t(`settings.update.${update.state}`, { version: update.version })
        : update.state === 'failed'
          ? t('settings.update.failed', { message: update.message })
          : t(`settings.update.${update.state}`);
  return (
    <section className="panel" aria-labelledby="updates-title">
      <h2 id="updates-title">{t('settings.update.title')}</h2>
      <p data-testid="update-status" role="status">
        {text}
      </p>
      {update.state === 'ready' && (
        <button type="button" onClick={() => void installUpdate()}>
          {t('settings.update.restart')}
        </button>
      )}
    </section>
  );
}

/** This person's look of the window and the developer's tools: kept per user in this window (no policy). */
function WindowPanel({ frame }: { frame: FrameServices }) {
  const { t } = useTranslation();
  const { preferences, setPreferences } = frame;
  return (
    <section className="panel" aria-labelledby="window-title">
      <h2 id="window-title">{t('settings.window.title')}</h2>
      <div className="setting-row" data-testid="setting-theme">
        <label htmlFor="setting-theme">{t('settings.window.theme')}</label>
        <select
          id="setting-theme"
          value={preferences.theme}
          onChange={(e) => setPreferences({ theme: e.target.value as Theme })}
        >
          {THEMES.map((theme) => (
            <option key={theme} value={theme}>
              {t(`settings.window.themes.${theme}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="setting-row" data-testid="setting-developer">
        <label htmlFor="setting-developer">{t('settings.window.developer')}</label>
        <input
          id="setting-developer"
          type="checkbox"
          checked={preferences.developer}
          aria-describedby="setting-developer-hint"
          onChange={(e) => setPreferences({ developer: e.target.checked })}
        />
        <span className="setting-locked" id="setting-developer-hint">
          {t('settings.window.developerHint')}
        </span>
      </div>
    </section>
  );
}

/** The user's settings: what IT locked shows its value and "set by your organisation". */
export function SettingsView({ store }: { store: SettingsStore }) {
  const { t } = useTranslation();
  const state = useStore(store, (s) => s.state);
  const error = useStore(store, (s) => s.error);
  const change = useStore(store, (s) => s.change);
  // inside the frame (always, in the app); a view rendered on its own has no window choices to show
  const frame = useContext(FrameContext);
  if (!state) return error ? <ErrorMessage error={error} /> : null;
  return (
    <div className="settings">
      <PolicyBanner problems={state.policyProblems} />
      {error && <ErrorMessage error={error} />}
      <section className="panel" aria-labelledby="settings-title">
        <h2 id="settings-title">{t('settings.general')}</h2>
        {state.settings.map((entry) => (
          <SettingRow key={entry.key} entry={entry} onChange={(c) => void change(c)} />
        ))}
      </section>
      {frame && <WindowPanel frame={frame} />}
      <UpdatePanel store={store} />
    </div>
  );
}
