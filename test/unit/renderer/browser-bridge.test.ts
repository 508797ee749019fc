import { describe, expect, it, vi } from 'vitest';
import { WRONG_SECRET_CLOSE, createBrowserBridge } from '../../../renderer/api/browser-bridge';

/** A WebSocket the test drives: it records what the page sends and answers by hand. */
class FakeSocket {
  static made: FakeSocket[] = [];
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  close(code: number, reason = '') {
    this.onclose?.({ code, reason });
  }
}

function bridge() {
  FakeSocket.made = [];
  const onRefused = vi.fn();
  const api = createBrowserBridge({
    url: 'ws://127.0.0.1:1/bridge',
    secret: 'old-secret-0123456789',
    retryMs: 1,
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    onRefused,
  });
  const socket = FakeSocket.made[0]!;
  socket.onopen?.();
  return { api, socket, onRefused };
}

describe('the browser bridge', () => {
  it('says hello with the secret and answers calls once welcomed', async () => {
    const { api, socket } = bridge();
    expect(socket.sent[0]).toEqual({ type: 'hello', secret: 'old-secret-0123456789' });
    const call = api.system.getInfo();
    socket.receive({ type: 'welcome' });
    const invoke = socket.sent[1] as { id: number };
    socket.receive({
      type: 'result',
      id: invoke.id,
      result: { ok: false, error: { code: 'not-found', message: 'x' } },
    });
    expect(await call).toEqual({ ok: false, error: { code: 'not-found', message: 'x' } });
  });

  it('stops on a refused secret: reports it once, never reconnects, and every call ends at once', async () => {
    vi.useFakeTimers();
    try {
      const { api, socket, onRefused } = bridge();
      const waiting = api.account.getState();
      socket.receive({ type: 'refused', message: 'Wrong secret: open the URL the browser host printed.' });
      socket.close(WRONG_SECRET_CLOSE, 'wrong secret');
      expect(onRefused).toHaveBeenCalledTimes(1);
      expect(onRefused).toHaveBeenCalledWith('Wrong secret: open the URL the browser host printed.');
      expect(await waiting).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(await api.system.getInfo()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(FakeSocket.made).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('treats the wrong-secret close code alone as a refusal, and any other drop as a reason to reconnect', async () => {
    vi.useFakeTimers();
    try {
      const first = bridge();
      first.socket.close(WRONG_SECRET_CLOSE, 'wrong secret');
      expect(first.onRefused).toHaveBeenCalledTimes(1);

      const second = bridge();
      second.socket.receive({ type: 'welcome' });
      second.socket.close(1006);
      await vi.advanceTimersByTimeAsync(50);
      expect(second.onRefused).not.toHaveBeenCalled();
      expect(FakeSocket.made).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
