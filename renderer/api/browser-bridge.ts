// window.teleworker for the browser host: the same contract client as the preload's, over a
// WebSocket to the Node process that runs the services. Development and end-to-end tests only.
import type { Contract, TeleworkerApi } from '../../shared/contract';
import { BRIDGE_PATH, readServerFrame } from '../../shared/contract/bridge-frames';
import { contractManifest } from '../../shared/contract/manifest.generated';
import type { ClientTransport } from '../../shared/contract/client';
import { createClient } from '../../shared/contract/client';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** The host closes a socket whose hello carried the wrong secret with this code. */
export const WRONG_SECRET_CLOSE = 4403;

export interface BridgeOptions {
  url: string;
  secret: string;
  /** Waits before reconnecting after a drop; grows to 5 s. */
  retryMs?: number;
  WebSocketImpl?: typeof WebSocket;
  /**
   * The host refused the secret (a restarted host has a new one, or the address was mistyped).
   * Retrying cannot help, so the bridge stops and says so once, instead of "Checking…" forever.
   */
  onRefused?(message: string): void;
}

export function createBrowserBridge({
  url,
  secret,
  retryMs = 250,
  WebSocketImpl = WebSocket,
  onRefused,
}: BridgeOptions): TeleworkerApi {
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let ready = false;
  let refused: string | null = null;
  let delay = retryMs;

  const refuse = (message: string) => {
    if (refused !== null) return;
    refused = message;
    const error = new Error(`the browser host refused this page: ${message}`);
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    queue.length = 0;
    onRefused?.(message);
  };

  const connect = () => {
    const ws = new WebSocketImpl(url);
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', secret }));
    ws.onmessage = (message) => {
      const data = readServerFrame(String(message.data));
      if (!data) return;
      if (data.type === 'welcome') {
        ready = true;
        delay = retryMs;
        for (const text of queue.splice(0)) ws.send(text);
      } else if (data.type === 'result') {
        pending.get(data.id)?.resolve(data.result);
        pending.delete(data.id);
      } else if (data.type === 'event') {
        for (const listener of listeners.get(data.channel) ?? []) listener(data.payload);
      } else if (data.type === 'refused' && !ready) {
        refuse(data.message);
      }
    };
    ws.onclose = (event) => {
      ready = false;
      socket = null;
      if (event.code === WRONG_SECRET_CLOSE) refuse(event.reason || 'wrong secret');
      if (refused !== null) return;
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
        if (refused !== null) {
          reject(new Error(`the browser host refused this page: ${refused}`));
          return;
        }
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
  return createClient<Contract>(contractManifest, transport);
}

export function bridgeUrl(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${BRIDGE_PATH}`;
}
