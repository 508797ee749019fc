// window.teleworker for the browser host: the same contract client as the preload's, over a
// WebSocket to the Node process that runs the services. Development and end-to-end tests only.
import type { TeleworkerApi } from '../../shared/contract';
import { contract } from '../../shared/contract';
import { BRIDGE_PATH, ServerFrameSchema } from '../../shared/contract/bridge-protocol';
import type { ClientTransport } from '../../shared/contract/client';
import { createClient } from '../../shared/contract/client';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface BridgeOptions {
  url: string;
  secret: string;
  /** Waits before reconnecting after a drop; grows to 5 s. */
  retryMs?: number;
  WebSocketImpl?: typeof WebSocket;
}

export function createBrowserBridge({ url, secret, retryMs = 250, WebSocketImpl = WebSocket }: BridgeOptions): TeleworkerApi {
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let ready = false;
  let delay = retryMs;

  const connect = () => {
    const ws = new WebSocketImpl(url);
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', secret }));
    ws.onmessage = (message) => {
      let frame;
      try {
        frame = ServerFrameSchema.safeParse(JSON.parse(String(message.data)));
      } catch {
        return;
      }
      if (!frame.success) return;
      const data = frame.data;
      if (data.type === 'welcome') {
        ready = true;
        delay = retryMs;
        for (const text of queue.splice(0)) ws.send(text);
      } else if (data.type === 'result') {
        pending.get(data.id)?.resolve(data.result);
        pending.delete(data.id);
      } else if (data.type === 'event') {
        for (const listener of listeners.get(data.channel) ?? []) listener(data.payload);
      }
    };
    ws.onclose = () => {
      ready = false;
      socket = null;
      for (const p of pending.values()) p.reject(new Error('the connection to the browser host closed'));
      pending.clear();
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5_000);
    };
  };
  connect();

  const transport: ClientTransport = {
    invoke(channel, payload) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        const text = JSON.stringify({ type: 'invoke', id, channel, payload });
        if (ready && socket) socket.send(text);
        else queue.push(text);
      });
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
  return createClient(contract, transport);
}

export function bridgeUrl(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${BRIDGE_PATH}`;
}
