// The status details name the out-of-turn evidence that changed the verdict, in both languages.
import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { setupI18n } from '../../../renderer/i18n';
import { StatusDetails } from '../../../renderer/status/StatusDetails';
import { formatTime } from '../../../renderer/i18n/format';
import type { ConnectivityStatus } from '../../../shared/domain/connectivity';
import { emptyEvidence } from '../../../shared/domain/connectivity';

const at = '2026-11-28T10:41:07.000Z';
const status: ConnectivityStatus = {
  status: 'vpn-no-office',
  since: at,
  checkedAt: at,
  latencyMs: null,
  reason: { code: 'office-no-answer', params: { host: '10.8.0.1', port: 8443, error: 'ECONNREFUSED' } },
  evidence: {
    ...emptyEvidence(),
    interfaces: ['eth0', 'tun0'],
    tcp: { host: '10.8.0.1', port: 8443, ok: false, ms: null, error: 'ECONNREFUSED' },
    trigger: { cause: 'live-connection-closed', at, detail: 'ECONNRESET' },
  },
};

afterEach(cleanup);

describe('StatusDetails', () => {
  it.each([
    ['en' as const, 'What changed it', 'The office closed the live connection at'],
    ['id' as const, 'Penyebab perubahan', 'Kantor menutup koneksi langsung pada'],
  ])('shows what changed the verdict (%s)', async (language, label, words) => {
    const i18n = await setupI18n(language);
    render(
      <I18nextProvider i18n={i18n}>
        <StatusDetails status={status} />
      </I18nextProvider>,
    );
    expect(screen.getByText(label)).toBeTruthy();
    const text = screen.getByTestId('connectivity-details').textContent ?? '';
    expect(text).toContain(`${words} ${formatTime(at, language)}. (ECONNRESET)`);
  });

  it('shows no such row when a regular check decided', async () => {
    const i18n = await setupI18n('en');
    const { evidence } = status;
    const plain = { ...status, evidence: { ...evidence } };
    delete plain.evidence.trigger;
    render(
      <I18nextProvider i18n={i18n}>
        <StatusDetails status={plain} />
      </I18nextProvider>,
    );
    expect(screen.queryByText('What changed it')).toBeNull();
  });
});
