import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { SettingsState } from '../../../shared/contract/settings';
import { setupI18n } from '../../../renderer/i18n';
import { SettingsView } from '../../../renderer/settings/SettingsView';
import { PolicyItem } from '../../../renderer/settings/PolicyItem';
import { createSettingsStore } from '../../../renderer/settings/settings-store';
import { fakeApi } from './fake-api';

afterEach(cleanup);

const state = (overrides: Partial<SettingsState> = {}): SettingsState => ({
  settings: [
    { key: 'idleMinutes', value: 15, source: 'policy' },
    { key: 'endOfDayReminder', value: '17:00', source: 'default' },
    { key: 'updateChannel', value: 'latest', source: 'default' },
    { key: 'updatesEnabled', value: true, source: 'default' },
    { key: 'startAtLogin', value: false, source: 'user' },
    { key: 'startMinimized', value: true, source: 'policy' },
  ],
  policyProblems: [],
  update: { state: 'idle', checkedAt: null },
  ...overrides,
});

async function mount(initial: SettingsState, lang: 'en' | 'id' = 'en') {
  let current = initial;
  const fake = fakeApi({
    handlers: {
      'tw:settings:get': () => ({ ok: true, value: current }),
      'tw:settings:set': (p) => {
        const change = p as { key: string; value: unknown };
        current = {
          ...current,
          settings: current.settings.map((s) =>
            s.key === change.key ? { ...s, value: change.value as never, source: 'user' as const } : s,
          ),
        };
        return { ok: true, value: current };
      },
      'tw:settings:installUpdate': () => ({ ok: true, value: null }),
    },
  });
  const store = createSettingsStore(fake.api);
  const off = store.getState().follow();
  const i18n = await setupI18n(lang);
  render(
    <I18nextProvider i18n={i18n}>
      <SettingsView store={store} />
      <PolicyItem store={store} />
    </I18nextProvider>,
  );
  return { fake, store, off };
}

describe('settings section', () => {
  it('shows each setting with its value; what IT set is locked and says so', async () => {
    await mount(state());
    const idle = await screen.findByLabelText('Minutes without input before you show as away');
    expect((idle as HTMLInputElement).disabled).toBe(true);
    expect((idle as HTMLInputElement).value).toBe('15');
    expect(screen.getByTestId('setting-idleMinutes').textContent).toContain('Set by your organisation');
    expect((screen.getByLabelText('Start in the tray, without a window') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByLabelText('Start Teleworker when you log in') as HTMLInputElement).disabled).toBe(false);
    expect(screen.getByTestId('setting-startAtLogin').textContent).not.toContain('Set by your organisation');
    expect(screen.queryByTestId('settings-status')).toBeNull();
  });

  it('lets the user change an unlocked setting through the main process', async () => {
    const { fake } = await mount(state());
    const box = await screen.findByLabelText('Start Teleworker when you log in');
    await act(async () => {
      fireEvent.click(box);
    });
    expect(fake.calls).toContainEqual(['tw:settings:set', { key: 'startAtLogin', value: true }]);
    await waitFor(() =>
      expect((screen.getByLabelText('Start Teleworker when you log in') as HTMLInputElement).checked).toBe(true),
    );
    const time = screen.getByLabelText('End-of-day reminder');
    fireEvent.change(time, { target: { value: '16:30' } });
    await act(async () => {
      fireEvent.blur(time);
    });
    expect(fake.calls).toContainEqual(['tw:settings:set', { key: 'endOfDayReminder', value: '16:30' }]);
  });

  it('puts policy problems in a banner and in the status bar, in Bahasa Indonesia too', async () => {
    await mount(
      state({
        policyProblems: [
          { location: 'HKLM\\Software\\Policies\\Teleworker', key: 'IdleMinutes', message: 'idleMinutes: Too small' },
        ],
      }),
      'id',
    );
    const banner = await screen.findByTestId('policy-problems');
    expect(banner.textContent).toContain('HKLM\\Software\\Policies\\Teleworker');
    expect(banner.textContent).toContain('departemen TI');
    expect(screen.getByTestId('settings-status').textContent).toContain('Masalah kebijakan: 1');
    expect(screen.getByTestId('setting-idleMinutes').textContent).toContain('Diatur oleh organisasi Anda');
  });

  it('tells the user a restart installs a downloaded update, and restarts on request', async () => {
    const { fake } = await mount(state({ update: { state: 'ready', version: '0.2.0' } }));
    expect((await screen.findByTestId('update-status')).textContent).toBe(
      'Version 0.2.0 is ready. It is installed when you restart Teleworker.',
    );
    expect(screen.getByTestId('settings-status').textContent).toContain('Restart to update');
    await act(async () => {
      fireEvent.click(screen.getAllByRole('button', { name: 'Restart and install now' })[0]!);
    });
    expect(fake.calls.some(([c]) => c === 'tw:settings:installUpdate')).toBe(true);
  });
});
