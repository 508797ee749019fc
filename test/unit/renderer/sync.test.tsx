import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/contract';
import { createClient } from '../../../shared/contract/client';
import type { SyncItem, SyncStatus } from '../../../shared/contract/sync';
import { setupI18n } from '../../../renderer/i18n';
import { SyncIndicator } from '../../../renderer/sync/SyncIndicator';
import { SyncPanel } from '../../../renderer/sync/SyncPanel';
import { createSyncStore } from '../../../renderer/sync/sync-store';

afterEach(cleanup);

/** A main process stand-in that keeps the outbox's items and answers the sync channels. */
function fakeMain(items: SyncItem[], status: SyncStatus) {
  const calls: Array<[string, unknown]> = [];
  const listeners = new Set<(p: unknown) => void>();
  const api = createClient(contract, {
    async invoke(channel, payload) {
      calls.push([channel, payload]);
      if (channel === 'tw:sync:getStatus') return { ok: true, value: status };
      if (channel === 'tw:sync:listItems') return { ok: true, value: [...items] }; // a fresh array, as over IPC
      if (channel === 'tw:sync:retry' || channel === 'tw:sync:discard') {
        const id = (payload as { id: string }).id;
        const index = items.findIndex((i) => i.id === id);
        if (channel === 'tw:sync:discard') items.splice(index, 1);
        else items[index] = { ...items[index]!, state: 'pending', lastError: null };
        return { ok: true, value: true };
      }
      return { ok: false, error: { code: 'unknown-channel', message: channel } };
    },
    subscribe(_channel, listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return { api, calls, push: (s: SyncStatus) => listeners.forEach((l) => l(s)) };
}

const item = (
  id: string,
  state: SyncItem['state'],
  lastError: string | null = null,
  lastErrorCode: string | null = null,
): SyncItem => ({
  id,
  kind: 'ticket-status',
  state,
  attempts: 1,
  lastError,
  lastErrorCode,
  createdAt: '2026-11-28T08:00:00.000Z',
});

describe('sync panel and indicator', () => {
  it('show what waits, what was refused and why, and let the user retry or discard', async () => {
    const main = fakeMain(
      [
        item('a', 'failed', 'Illegal transition: resolved → new', 'illegal_transition'),
        item('b', 'pending'),
        item('c', 'failed', 'Ticket is frozen', 'ticket_frozen'),
      ],
      {
        pending: 1,
        failed: 2,
        lastSyncAt: '2026-11-28T08:30:00.000Z',
        lastError: 'Cannot reach the office server (ECONNREFUSED).',
        lastErrorCode: 'network',
        stream: 'connecting',
      },
    );
    const store = createSyncStore(main.api);
    const i18n = await setupI18n('en');
    render(
      <I18nextProvider i18n={i18n}>
        <SyncIndicator store={store} />
        <SyncPanel store={store} />
      </I18nextProvider>,
    );
    act(() => void store.getState().follow());
    const indicator = await screen.findByTestId('sync-indicator');
    expect(indicator.textContent).toContain('Waiting to send: 1');
    expect(indicator.textContent).toContain('Refused: 2');
    // the office's and the main process's English only where this version has no words of its own
    expect(screen.getByTestId('sync-last-error').textContent).toBe('the office cannot be reached');
    await screen.findAllByTestId('sync-item');
    expect(screen.getAllByTestId('sync-item').map((li) => li.getAttribute('data-state'))).toEqual([
      'failed',
      'pending',
      'failed',
    ]);
    expect(screen.getByText(/this step is not possible from the item's current state/)).toBeTruthy();
    expect(screen.queryByText(/Illegal transition/)).toBeNull();
    expect(screen.getByText(/Ticket is frozen/)).toBeTruthy(); // a code newer than this version

    fireEvent.click(screen.getAllByRole('button', { name: 'Try again' })[0]!);
    await waitFor(() =>
      expect(screen.getAllByTestId('sync-item').map((li) => li.getAttribute('data-state'))).toEqual([
        'pending',
        'pending',
        'failed',
      ]),
    );
    expect(main.calls).toContainEqual(['tw:sync:retry', { id: 'a' }]);

    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(screen.getAllByTestId('sync-item')).toHaveLength(2));
    expect(main.calls).toContainEqual(['tw:sync:discard', { id: 'c' }]);
  });
});
