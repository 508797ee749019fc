import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/contract';
import type { TeleworkerApi } from '../../../shared/contract';
import { createClient } from '../../../shared/contract/client';
import { App } from '../../../renderer/app/App';
import type { SectionStorage } from '../../../renderer/app/last-section';
import { setupI18n } from '../../../renderer/i18n';
import { manualConnectivity, statusFixture, testCore } from '../../fixtures/core';

/** The real core and dispatcher behind an in-process transport: everything but the wire is real. */
function inProcessApi(connectivity = manualConnectivity()) {
  const core = testCore(connectivity);
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  core.attach((area, event, payload) => {
    for (const l of listeners.get(`tw:${area}!${String(event)}`) ?? []) l(payload);
  });
  const api: TeleworkerApi = createClient(contract, {
    invoke: (channel, payload) => core.dispatcher.dispatch(channel, payload, { host: 'browser' }),
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  });
  return { api, connectivity };
}

async function renderApp(locale: 'en' | 'id' = 'en', storage: SectionStorage = null) {
  const i18n = await setupI18n(locale);
  const { api, connectivity } = inProcessApi();
  render(
    <I18nextProvider i18n={i18n}>
      <App api={api} storage={storage} />
    </I18nextProvider>,
  );
  return { connectivity };
}

afterEach(cleanup);

/** About and Diagnostics live in Help (F1), off the main screen. */
async function openHelp() {
  await screen.findByRole('heading', { name: 'Sign in to the office' });
  fireEvent.keyDown(document.body, { key: 'F1' });
}

describe('<App>', () => {
  it('shows the version the main process reports', async () => {
    await renderApp();
    await openHelp();
    expect(await screen.findByTestId('app-version')).toHaveProperty('textContent', 'Version 1.2.3');
  });

  it('follows connectivity changes pushed by the main process', async () => {
    const { connectivity } = await renderApp();
    const label = await screen.findByTestId('connectivity-status');
    await screen.findByText(/Office via VPN/);
    act(() =>
      connectivity.set(
        statusFixture({
          status: 'vpn-no-office',
          reason: { code: 'office-no-answer', params: { host: 'office.test', port: 443, error: 'ETIMEDOUT' } },
        }),
      ),
    );
    expect(label.getAttribute('data-status')).toBe('vpn-no-office');
    fireEvent.click(screen.getByRole('button', { name: /VPN up, office not answering/ }));
    expect((await screen.findByTestId('connectivity-reason')).textContent).toBe(
      'The VPN is up but the office server office.test does not answer on port 443 (ETIMEDOUT).',
    );
  });

  it('shows a refused request as a readable error', async () => {
    // the round trip is a developer's tool, turned on in Settings (kept for the sign-in screen too)
    const storage = new Map([['teleworker.prefs.last', JSON.stringify({ theme: 'system', developer: true })]]);
    await renderApp('en', { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) });
    await openHelp();
    fireEvent.change(await screen.findByLabelText('Message to the main process'), {
      target: { value: 'x'.repeat(300) },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The message can have at most 200 characters.');
    expect(alert.textContent).not.toContain('Too big');
  });

  it('speaks Bahasa Indonesia', async () => {
    await renderApp('id');
    await screen.findByRole('heading', { name: 'Masuk ke kantor' });
    fireEvent.keyDown(document.body, { key: 'F1' });
    expect((await screen.findByTestId('app-version')).textContent).toBe('Versi 1.2.3');
    fireEvent.click(screen.getByRole('button', { name: /Kantor lewat VPN/ }));
    expect(screen.getByRole('button', { name: 'Periksa sekarang' })).toBeTruthy();
  });
});
