// PLACEHOLDER until electron/services/connectivity/monitor.ts is wired in (issue 4): always reports
// "not checked". It exists only so the contract's connectivity area has an implementation.
import type { ConnectivityStatus } from '../../shared/domain/connectivity';
import { emptyEvidence } from '../../shared/domain/connectivity';
import type { ConnectivityPort } from './core';

export function placeholderConnectivity(now = () => new Date()): ConnectivityPort {
  const status = (): ConnectivityStatus => ({
    status: 'offline',
    since: now().toISOString(),
    checkedAt: now().toISOString(),
    latencyMs: null,
    reason: { code: 'not-checked' },
    evidence: emptyEvidence(),
  });
  const current = status();
  return {
    start() {},
    stop() {},
    current: () => current,
    checkNow: async () => current,
    onChange: () => () => {},
  };
}
