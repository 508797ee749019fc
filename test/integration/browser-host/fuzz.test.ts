// Issue 9, the browser host's half of the fuzz pass: a few thousand random and mutated frames at
// /bridge, on connections that said hello with the secret and on connections that did not, against
// the real host in its own process. Afterwards the process must still run, still serve the page,
// still answer a fresh, correct client, and a connection opened before the storm must still work.
// The generator is seeded; a failure prints the seed, and TW_FUZZ_SEED=<seed> replays it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractManifest } from '../../../shared/contract/manifest.generated';
import type { HostProcess, RawBridge } from './raw-bridge';
import {
  frame,
  freshClientPing,
  getIndex,
  openAuthorisedRawBridge,
  openRawBridge,
  spawnBrowserHost,
  textFrame,
} from './raw-bridge';

const seed = Number(process.env.TW_FUZZ_SEED ?? Date.now() % 2 ** 31);
const CONNECTIONS = 500;
const PARALLEL = 12;

/** mulberry32: small, seedable, good enough to pick mutations */
function prng(s: number) {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(seed);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));

const channels = Object.entries(contractManifest).flatMap(([area, { invoke }]) =>
  Object.keys(invoke).map((name) => `tw:${area}:${name}`),
);

/** A JSON value of random shape: what a confused or hostile page might put in a frame. */
function jsonValue(depth = 0): unknown {
  switch (int(depth > 3 ? 5 : 8)) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), Number.MAX_VALUE, 1e308]);
    case 3:
      return pick([
        '',
        'x'.repeat(int(400)),
        '\u0000',
        '\ud83d',
        '<script>',
        '../../etc/passwd',
        '__proto__',
        'tw:system:ping',
      ]);
    case 4:
      return bytes(int(16)).toString('latin1');
    case 5:
      return Array.from({ length: int(5) }, () => jsonValue(depth + 1));
    case 6:
      return Object.fromEntries(
        Array.from({ length: int(5) }, () => [
          pick(['type', 'id', 'channel', 'payload', 'secret', 'message', '__proto__', 'constructor', 'x']),
          jsonValue(depth + 1),
        ]),
      );
    default:
      return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
  }
}

/** A bridge frame's text: well-formed, nearly so, or not JSON at all. */
function bridgeText(secret: string): string {
  switch (int(9)) {
    case 0:
      return JSON.stringify({
        type: 'hello',
        secret: pick([secret, secret.slice(1), 'x'.repeat(16), 'x'.repeat(300), '']),
      });
    case 1:
      return JSON.stringify({ type: 'invoke', id: int(1000), channel: pick(channels), payload: jsonValue() });
    case 2:
      return JSON.stringify({ type: 'invoke', id: pick([-1, 1.5, 2 ** 64, '1', null]), channel: pick(channels) });
    case 3:
      return JSON.stringify({
        type: 'invoke',
        id: int(10),
        channel: pick(['tw:nope:nope', 'x'.repeat(300), '', 'tw:system!ping']),
        payload: {},
      });
    case 4:
      return JSON.stringify(jsonValue());
    case 5:
      return '['.repeat(5_000) + ']'.repeat(5_000); // deep nesting
    case 6:
      return JSON.stringify({
        type: 'invoke',
        id: 1,
        channel: 'tw:system:ping',
        payload: { message: 'm'.repeat(int(300_000)) },
      });
    case 7: {
      const t = JSON.stringify({ type: 'invoke', id: 3, channel: pick(channels), payload: jsonValue() });
      return t.slice(0, int(t.length));
    }
    default:
      return bytes(int(64)).toString('utf8');
  }
}

/** One frame as bytes: valid framing, mutated framing, or plain noise. */
function fuzzFrame(secret: string): Buffer {
  const text = bridgeText(secret);
  switch (int(14)) {
    case 0:
      return bytes(1 + int(32)); // noise
    case 1:
      return frame(int(16), bytes(int(200)), {
        fin: random() < 0.8,
        rsv: random() < 0.3 ? int(8) : 0,
        masked: random() < 0.8,
      }); // any header bits
    case 2:
      return frame(0x1, text, { announce: pick([0, 125, 126, 65535, 65536, 256 * 1024 + 1, 2 ** 30, 2 ** 53 - 1]) }); // lengths that lie
    case 3: {
      const f = textFrame(text);
      const i = int(Math.min(f.length, 16));
      f[i] = (f[i] as number) ^ (1 << int(8));
      return f;
    } // a bit flipped in the header
    case 4: {
      const f = textFrame(text);
      return f.subarray(0, int(f.length));
    } // cut short
    case 5:
      return Buffer.concat([
        frame(0x1, text.slice(0, 5), { fin: false }),
        frame(pick([0x0, 0x1, 0x2, 0x9, 0xa]), text.slice(5), { fin: random() < 0.5 }),
      ]); // fragments, right and wrong
    case 6:
      return frame(pick([0x8, 0x9, 0xa]), bytes(int(130))); // control frames, some too long, close codes at random
    case 7:
      return frame(0x2, text); // binary
    case 8:
      return textFrame(
        Buffer.concat([
          Buffer.from(text),
          pick([
            Buffer.from([0xc3, 0x28]),
            Buffer.from([0xed, 0xa0, 0x80]),
            Buffer.from([0xf8]),
            Buffer.from([0xe2, 0x82]),
          ]),
        ]),
      ); // bad UTF-8
    default:
      return textFrame(text); // well-framed, content at random
  }
}

let host: HostProcess;
beforeAll(async () => {
  host = await spawnBrowserHost();
});
afterAll(async () => host?.stop());

/** What the host answered over all connections: its JSON frames, and its close codes. */
const answered = { json: 0, closeCodes: new Map<number, number>() };

async function storm(connection: number): Promise<number> {
  let bridge: RawBridge;
  try {
    bridge = connection % 2 === 0 ? await openAuthorisedRawBridge(host) : await openRawBridge(host);
  } catch (error) {
    await new Promise((r) => setTimeout(r, 300)); // a dying host's exit arrives after its sockets close
    if (!host.alive()) throw new Error(`seed ${seed}: ${host.exitReport()}`, { cause: error });
    throw error;
  }
  const greeting = bridge.frames.length; // the welcome, on connections that said hello
  let sent = 0;
  for (let burst = 0, bursts = 1 + int(4); burst < bursts && !bridge.socket.destroyed; burst++) {
    const batch = Array.from({ length: 1 + int(6) }, () => fuzzFrame(host.secret));
    sent += batch.length;
    bridge.send(Buffer.concat(batch));
    await new Promise((r) => setTimeout(r, int(15)));
  }
  // Leave as a hostile peer would: sometimes politely, sometimes by reset, sometimes by walking away.
  const leave = int(3);
  if (leave === 0) bridge.socket.end();
  else if (leave === 1) bridge.socket.resetAndDestroy();
  else bridge.socket.destroy();
  answered.json += bridge.frames.slice(greeting).filter((f) => f.opcode === 0x1).length;
  const code = bridge.closeCode();
  if (code !== null) answered.closeCodes.set(code, (answered.closeCodes.get(code) ?? 0) + 1);
  return sent;
}

describe('fuzzing /bridge', () => {
  it(
    `survives thousands of random and mutated frames, before and after hello (seed ${seed})`,
    { timeout: 180_000 },
    async () => {
      const bystander = await openAuthorisedRawBridge(host);
      let sent = 0;
      let next = 0;
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          while (next < CONNECTIONS) {
            const frames = await storm(next++);
            sent += frames;
          }
        }),
      );
      await new Promise((r) => setTimeout(r, 500));
      console.log(
        `fuzz /bridge seed ${seed}: ${sent} frames on ${CONNECTIONS} connections; ${answered.json} answers; close codes ${JSON.stringify([...answered.closeCodes])}`,
      );
      expect(sent, `frames sent (seed ${seed})`).toBeGreaterThan(2_000);
      // Not only framing errors: many frames got through to the bridge protocol and were answered,
      // and the host closed connections for the reasons RFC 6455 gives.
      expect(answered.json).toBeGreaterThan(200);
      expect([...answered.closeCodes.keys()]).toEqual(expect.arrayContaining([1002, 1007]));
      expect(host.alive(), `seed ${seed}: ${host.exitReport()}`).toBe(true);

      const page = await getIndex(host.origin);
      expect(page.status).toBe(200);
      expect(page.body).toContain('browser host under test');
      expect(await freshClientPing(host, 'after the storm')).toEqual({
        ok: true,
        value: { message: 'after the storm', receivedAt: '2026-11-28T09:00:00.000Z' },
      });
      bystander.send(
        textFrame(
          JSON.stringify({ type: 'invoke', id: 9, channel: 'tw:system:ping', payload: { message: 'bystander' } }),
        ),
      );
      expect(await bystander.waitForJson((f) => f.id === 9)).toMatchObject({
        result: { ok: true, value: { message: 'bystander' } },
      });
      bystander.socket.destroy();
    },
  );
});
