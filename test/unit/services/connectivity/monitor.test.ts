import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OfficeTrust } from '../../../../electron/services/office-client/trust';
import type { ConnectivityStatus, TcpEvidence } from '../../../../shared/domain/connectivity';
import { ConnectivityStatusSchema } from '../../../../shared/domain/connectivity';
import { ConnectivityMonitor, DEFAULT_INTERVALS } from '../../../../electron/services/connectivity/monitor';
import type {
  ChangeSignal,
  LiveConnector,
  LiveLoss,
  MonitorConfig,
} from '../../../../electron/services/connectivity/monitor';
import type { InterfaceRecord } from '../../../../electron/services/connectivity/tunnel-classifier';
import type { Probes } from '../../../../electron/services/connectivity/probes';
import type { RouteAdapter } from '../../../../electron/services/connectivity/route-adapter';

const eth0: InterfaceRecord = {
  name: 'eth0',
  mac: 'aa:bb:cc:dd:ee:ff',
  addresses: [{ address: '192.168.1.5', family: 'IPv4', internal: false }],
};
const tun0: InterfaceRecord = {
  name: 'tun0',
  mac: '00:00:00:00:00:00',
  addresses: [{ address: '10.8.0.2', family: 'IPv4', internal: false }],
};
const OFFICE = 'https://10.8.0.1:8443/health';

/** A small world the monitor observes: interfaces, routes and an office that answers or not. */
function world() {
  const state = { interfaces: [eth0, tun0], defaultRoute: false, officeUp: true };
  const tunnelUp = () => state.interfaces.some((i) => i.name === 'tun0');
  const interfaces = {
    list: vi.fn(() => state.interfaces.map((i) => ({ ...i }))),
    enrich: vi.fn(async (r: InterfaceRecord[]) => r),
  };
  const routes: RouteAdapter & { routeTo: ReturnType<typeof vi.fn>; hasDefaultRoute: ReturnType<typeof vi.fn> } = {
    routeTo: vi.fn(async () => (tunnelUp() ? { interface: 'tun0', unreachable: false } : { unreachable: true })),
    hasDefaultRoute: vi.fn(async () => state.defaultRoute),
  };
  const tcp = vi.fn(async (host: string, port: number): Promise<TcpEvidence> =>
    tunnelUp() && state.officeUp
      ? { host, port, ok: true, ms: 5 }
      : { host, port, ok: false, ms: null, error: tunnelUp() ? 'ETIMEDOUT' : 'ENETUNREACH' },
  );
  const probes = {
    dns: vi.fn<Probes['dns']>(),
    tcp,
    https: vi.fn<Probes['https']>(async (url) => ({ url, ok: true, statusCode: 200, ms: 9 })),
  };
  let signalListener: (() => void) | null = null;
  const changeSignal: ChangeSignal = {
    subscribe: vi.fn((cb: () => void) => {
      signalListener = cb;
      return () => {
        signalListener = null;
      };
    }),
  };
  const make = (
    config: MonitorConfig = { officeUrl: OFFICE },
    extra: { signal?: boolean; onError?: (m: string, e: unknown) => void; live?: LiveConnector } = {},
  ) =>
    new ConnectivityMonitor({
      interfaces,
      routes,
      probes,
      config,
      ...(extra.signal ? { changeSignal } : {}),
      ...(extra.live ? { liveConnector: extra.live } : {}),
      ...(extra.onError ? { onError: extra.onError } : {}),
    });
  return {
    state,
    interfaces,
    routes,
    probes,
    make,
    changeSignal,
    signal: () => signalListener?.(),
    hasSignal: () => signalListener !== null,
  };
}

function record(monitor: ConnectivityMonitor) {
  const seen: Array<{ status: ConnectivityStatus; at: number }> = [];
  monitor.onChange((status) => seen.push({ status, at: Date.now() }));
  return seen;
}

const T0 = Date.parse('2026-01-05T08:00:00Z');

describe('ConnectivityMonitor', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('before the first check it says so; start() checks at once and reports a valid status', async () => {
    const w = world();
    const m = w.make();
    expect(m.current()).toMatchObject({
      status: 'offline',
      reason: { code: 'not-checked' },
      since: new Date(T0).toISOString(),
    });
    const seen = record(m);
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.map((s) => s.status.status)).toEqual(['office-via-vpn']);
    expect(ConnectivityStatusSchema.parse(m.current())).toEqual(m.current());
    expect(m.current().evidence.officeRoute).toMatchObject({ via: 'tunnel', interface: 'tun0' });
    m.stop();
  });

  it('classifies with the routes: an adapter no rule names carries the office route, the Wi-Fi the default route', async () => {
    const w = world();
    const wifi: InterfaceRecord = {
      name: 'Wi-Fi',
      mac: 'a8:7e:ea:55:26:b0',
      ifType: 71,
      addresses: [{ address: '192.168.1.169', family: 'IPv4', internal: false }],
    };
    const acme: InterfaceRecord = {
      name: 'Ethernet 7',
      mac: '02:11:22:33:44:55',
      ifType: 6,
      hardware: false,
      description: 'Acme Secure Access Adapter',
      addresses: [{ address: '10.8.0.9', family: 'IPv4', internal: false }],
    };
    w.state.interfaces = [wifi, acme];
    w.routes.routeTo.mockImplementation(async () => ({ interface: 'Ethernet 7', unreachable: false }));
    const defaults = vi.fn(async () => ['Wi-Fi']);
    w.routes.defaultRouteInterfaces = defaults;
    w.probes.tcp.mockImplementation(async (host: string, port: number) => ({ host, port, ok: true, ms: 5 }));
    const m = w.make();
    const status = await m.checkNow();
    expect(status.status).toBe('office-via-vpn');
    expect(status.evidence.tunnels).toMatchObject([{ name: 'Ethernet 7', kind: 'unknown', basis: 'office-route' }]);
    expect(status.evidence.officeRoute).toMatchObject({ via: 'tunnel', interface: 'Ethernet 7' });
    expect(status.evidence.defaultRoute).toBe(true);
    expect(defaults).toHaveBeenCalled();
    expect(w.routes.hasDefaultRoute).not.toHaveBeenCalled();
    m.stop();
  });

  it('a tunnel torn down while a check runs (listed, but its route already gone) is not reported as "VPN up, office not routed"', async () => {
    const w = world();
    const m = w.make();
    const seen = record(m);
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(m.current().status).toBe('office-via-vpn');
    // the kernel drops the route first; the interface vanishes from the list a moment later
    w.routes.routeTo.mockImplementationOnce(async () => {
      w.state.interfaces = [eth0];
      return { unreachable: true };
    });
    const during = await m.checkNow();
    expect(during.status).toBe('office-via-vpn');
    await vi.advanceTimersByTimeAsync(DEFAULT_INTERVALS.settleMaxMs);
    expect(seen.map((x) => x.status.status)).toEqual(['office-via-vpn', 'offline']);
    m.stop();
  });

  it('without an office URL it contacts nothing: no probe, no route lookup, at most "internet"', async () => {
    const w = world();
    w.state.defaultRoute = true;
    const m = w.make({});
    const status = await m.checkNow();
    expect(status).toMatchObject({ status: 'internet', reason: { code: 'no-office-configured' } });
    expect(w.probes.dns).not.toHaveBeenCalled();
    expect(w.probes.tcp).not.toHaveBeenCalled();
    expect(w.probes.https).not.toHaveBeenCalled();
    expect(w.routes.routeTo).not.toHaveBeenCalled();
  });

  it('sees a vanished tunnel at the next cheap tick plus the settle time', async () => {
    const w = world();
    const m = w.make();
    const seen = record(m);
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    w.state.interfaces = [eth0];
    const killedAt = Date.now();
    await vi.advanceTimersByTimeAsync(DEFAULT_INTERVALS.cheapMs + DEFAULT_INTERVALS.settleMs);
    expect(seen.map((s) => s.status.status)).toEqual(['office-via-vpn', 'offline']);
    expect(seen[1]!.at - killedAt).toBeLessThanOrEqual(DEFAULT_INTERVALS.cheapMs + DEFAULT_INTERVALS.settleMs);
    expect(seen[1]!.status.since).toBe(new Date(seen[1]!.at).toISOString());
    m.stop();
  });

  it('an OS change signal skips the wait for the next tick', async () => {
    const w = world();
    const m = w.make({ officeUrl: OFFICE }, { signal: true });
    const seen = record(m);
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    w.state.interfaces = [eth0];
    w.signal();
    await vi.advanceTimersByTimeAsync(DEFAULT_INTERVALS.settleMs);
    expect(seen.map((s) => s.status.status)).toEqual(['office-via-vpn', 'offline']);
    m.stop();
    expect(w.hasSignal()).toBe(false);
  });

  it('debounces flapping: a burst of changes gives one check per settleMaxMs, and no change when it ends as it began', async () => {
    const w = world();
    const m = w.make({ officeUrl: OFFICE }, { signal: true });
    const seen = record(m);
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    const checksBefore = w.routes.hasDefaultRoute.mock.calls.length;
    for (let i = 0; i < 30; i++) {
      w.state.interfaces = i % 2 === 0 ? [eth0] : [eth0, tun0];
      w.signal();
      await vi.advanceTimersByTimeAsync(100);
    }
    // the burst ends with the tunnel up, as it began
    await vi.advanceTimersByTimeAsync(DEFAULT_INTERVALS.settleMs);
    const checks = w.routes.hasDefaultRoute.mock.calls.length - checksBefore;
    expect(checks).toBeGreaterThanOrEqual(2);
    expect(checks).toBeLessThanOrEqual(4); // 3 s of flapping / settleMaxMs 1 s (+1 at the end)
    expect(seen.at(-1)?.status.status).toBe('office-via-vpn');
    m.stop();
  });

  it('probes on a slow timer and backs off while the office does not answer', async () => {
    const w = world();
    w.state.officeUp = false;
    const probeMs = 10_000;
    const m = w.make({ officeUrl: OFFICE, intervals: { probeMs, probeMaxMs: 40_000, followUpMs: 1_000_000 } });
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    const times: number[] = [];
    w.probes.tcp.mockImplementation(async (host, port) => {
      times.push(Date.now() - T0);
      return { host, port, ok: false, ms: null, error: 'ECONNREFUSED' };
    });
    await vi.advanceTimersByTimeAsync(200_000);
    // 10 s, then 20 s, then 40 s (capped) between probes
    expect(times.slice(0, 5)).toEqual([10_000, 30_000, 70_000, 110_000, 150_000]);
    m.stop();
  });

  it('a single lost probe is re-checked and counted as loss, not reported as an outage', async () => {
    const w = world();
    const probeMs = 10_000;
    const m = w.make({ officeUrl: OFFICE, intervals: { probeMs } });
    const seen = record(m);
    m.start();
    await vi.advanceTimersByTimeAsync(4 * probeMs); // start + 4 good timer probes
    const lose = () =>
      w.probes.tcp.mockImplementationOnce(async (host, port) => ({
        host,
        port,
        ok: false,
        ms: null,
        error: 'ETIMEDOUT',
      }));
    lose();
    await vi.advanceTimersByTimeAsync(probeMs + DEFAULT_INTERVALS.confirmMs);
    expect(seen.map((s) => s.status.status)).toEqual(['office-via-vpn']);
    expect(m.current().evidence.lossPct).toBe(17); // 1 lost of 6
    lose();
    await vi.advanceTimersByTimeAsync(probeMs + DEFAULT_INTERVALS.confirmMs);
    expect(seen.at(-1)?.status).toMatchObject({
      status: 'degraded',
      reason: { code: 'office-lossy', params: { lossPct: 29 } },
    });
    // a real outage is reported after the confirmation
    w.state.officeUp = false;
    await vi.advanceTimersByTimeAsync(probeMs);
    expect(seen.at(-1)?.status.status).toBe('degraded');
    await vi.advanceTimersByTimeAsync(DEFAULT_INTERVALS.confirmMs);
    expect(seen.map((s) => s.status.status)).toEqual(['office-via-vpn', 'degraded', 'vpn-no-office']);
    expect(seen.at(-1)?.status.reason).toEqual({
      code: 'office-no-answer',
      params: { host: '10.8.0.1', port: 8443, error: 'ETIMEDOUT' },
    });
    m.stop();
  });

  it('a fresh tunnel whose office does not answer yet is looked at again soon', async () => {
    const w = world();
    w.state.interfaces = [eth0];
    const m = w.make({ officeUrl: OFFICE, intervals: { followUpMs: 1500 } });
    const seen = record(m);
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    w.state.officeUp = false;
    w.state.interfaces = [eth0, tun0];
    await vi.advanceTimersByTimeAsync(DEFAULT_INTERVALS.cheapMs + DEFAULT_INTERVALS.settleMs);
    expect(m.current().status).toBe('vpn-no-office');
    w.state.officeUp = true;
    await vi.advanceTimersByTimeAsync(1500);
    expect(seen.map((s) => s.status.status)).toEqual(['offline', 'vpn-no-office', 'office-via-vpn']);
    m.stop();
  });

  it('checkNow during a running check gets a fresh check after it, shared by concurrent callers', async () => {
    const w = world();
    let release!: () => void;
    w.routes.hasDefaultRoute.mockImplementationOnce(() => new Promise<boolean>((r) => (release = () => r(false))));
    const m = w.make();
    const first = m.checkNow();
    const second = m.checkNow();
    const third = m.checkNow();
    expect(second).toBe(third);
    await vi.advanceTimersByTimeAsync(0);
    release();
    await Promise.all([first, second, third]);
    expect(w.routes.hasDefaultRoute).toHaveBeenCalledTimes(2);
  });

  it('stop() leaves no timer and no OS subscription; start() again resumes', async () => {
    const w = world();
    const m = w.make({ officeUrl: OFFICE }, { signal: true });
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    m.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(w.hasSignal()).toBe(false);
    m.start();
    expect(w.hasSignal()).toBe(true);
    m.stop();
  });

  it('onChange returns the function that removes exactly that listener; a throwing listener harms no other', async () => {
    const w = world();
    const errors: string[] = [];
    const m = w.make({ officeUrl: OFFICE }, { onError: (msg) => errors.push(msg) });
    const a = vi.fn();
    const b = vi.fn(() => {
      throw new Error('boom');
    });
    const c = vi.fn();
    const offA = m.onChange(a);
    m.onChange(b);
    m.onChange(c);
    offA();
    await m.checkNow();
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
    expect(c).toHaveBeenCalledTimes(1);
    expect(errors).toEqual(['connectivity listener threw']);
  });

  it('emits only on changes, while onUpdate sees every check', async () => {
    const w = world();
    const m = w.make();
    const changes = vi.fn();
    const updates = vi.fn();
    m.onChange(changes);
    m.onUpdate(updates);
    await m.checkNow();
    await m.checkNow();
    await m.checkNow();
    expect(changes).toHaveBeenCalledTimes(1);
    expect(updates).toHaveBeenCalledTimes(3);
  });

  it('a failing route lookup is evidence ("unknown"), not a crash', async () => {
    const w = world();
    w.routes.routeTo.mockRejectedValueOnce(new Error('ip: command not found'));
    const m = w.make();
    const s = await m.checkNow();
    expect(s.evidence.officeRoute).toEqual({ via: 'unknown', address: '10.8.0.1', error: 'ip: command not found' });
    expect(s.status).toBe('office-via-vpn');
  });

  it('rejects configuration it cannot use, at construction', () => {
    const w = world();
    expect(() => w.make({ officeUrl: 'http://office:80' })).toThrow(/https/);
    expect(() => w.make({ officeUrl: OFFICE, certPin: 'nope' })).toThrow(/SHA-256/);
  });

  it('passes the pin to the HTTPS check and resolves names with DNS first', async () => {
    const w = world();
    w.probes.dns.mockResolvedValue({ host: 'office.corp', ok: true, addresses: ['10.8.0.1'], ms: 1 });
    const pin = 'AB:'.repeat(31) + 'AB';
    const m = w.make({ officeUrl: 'https://office.corp/health', certPin: pin });
    await m.checkNow();
    expect(w.probes.dns).toHaveBeenCalledWith('office.corp', DEFAULT_INTERVALS.timeoutMs);
    expect(w.routes.routeTo).toHaveBeenCalledWith('10.8.0.1');
    expect(w.probes.tcp).toHaveBeenCalledWith('10.8.0.1', 443, DEFAULT_INTERVALS.timeoutMs);
    expect(w.probes.https).toHaveBeenCalledWith('https://office.corp/health', {
      timeoutMs: DEFAULT_INTERVALS.timeoutMs,
      connectHost: '10.8.0.1',
      trust: expect.objectContaining({ pins: ['ab'.repeat(32)] }),
    });
  });
});

/** A live connector the test drives: which connections are open, and a way to lose one. */
function fakeLive() {
  const open: Array<{
    target: { url: string; connectHost: string; trust?: OfficeTrust };
    lose: (loss: LiveLoss) => void;
    closed: boolean;
  }> = [];
  const connector: LiveConnector = {
    open(target, _options, onLost) {
      const entry = {
        target,
        closed: false,
        // a real connection that reports its loss is gone
        lose: (loss: LiveLoss) => {
          entry.closed = true;
          onLost(loss);
        },
      };
      open.push(entry);
      return { close: () => void (entry.closed = true) };
    },
  };
  const current = () => open.filter((c) => !c.closed);
  return { connector, opened: open, current };
}

describe('ConnectivityMonitor: suspicions, the live connection and the return of the office', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const probeMs = 30_000;

  it('a suspicion is checked at once, reported without a confirmation, and says what changed the verdict', async () => {
    const w = world();
    const m = w.make({ officeUrl: OFFICE, intervals: { probeMs } });
    const seen = record(m);
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    w.state.officeUp = false;
    const at = Date.now();
    m.suspectOffice('event-stream-closed', '1006');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.map((s) => s.status.status)).toEqual(['office-via-vpn', 'vpn-no-office']);
    expect(seen[1]!.at).toBe(at);
    expect(m.current().evidence.trigger).toEqual({
      cause: 'event-stream-closed',
      at: new Date(at).toISOString(),
      detail: '1006',
    });
    expect(ConnectivityStatusSchema.parse(m.current())).toEqual(m.current());
    // it stays with the status while the status holds, and goes when the status changes
    await vi.advanceTimersByTimeAsync(600);
    expect(m.current().evidence.trigger?.cause).toBe('event-stream-closed');
    w.state.officeUp = true;
    await vi.advanceTimersByTimeAsync(5000);
    expect(m.current().status).toBe('office-via-vpn');
    expect(m.current().evidence.trigger).toBeUndefined();
    m.stop();
  });

  it('coalesces a burst of suspicions into one check, and rate-limits the next ones', async () => {
    const w = world();
    const m = w.make({ officeUrl: OFFICE, intervals: { probeMs, suspectGapMs: 1000, suspectMaxGapMs: 8000 } });
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    const before = w.probes.tcp.mock.calls.length;
    for (let i = 0; i < 50; i++) m.suspectOffice('office-request-failed', 'ECONNRESET');
    await vi.advanceTimersByTimeAsync(0);
    expect(w.probes.tcp.mock.calls.length - before).toBe(1);
    // a flapping office (or a noisy caller) while the office keeps answering: the gap doubles from 2 s to the 8 s cap
    const times: number[] = [];
    w.probes.tcp.mockImplementation(async (host, port) => {
      times.push(Date.now() - T0);
      return { host, port, ok: true, ms: 5 };
    });
    for (let t = 0; t < 30_000; t += 100) {
      m.suspectOffice('office-request-failed');
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(times.slice(0, 4)).toEqual([2000, 6000, 14_000, 22_000]);
    expect(times.length).toBeLessThanOrEqual(6);
    expect(m.current().status).toBe('office-via-vpn');
    m.stop();
  });

  it('ignores suspicions while the office is already unreachable, before the first check, and when stopped', async () => {
    const w = world();
    w.state.officeUp = false;
    const m = w.make({ officeUrl: OFFICE, intervals: { probeMs } });
    m.suspectOffice('event-stream-closed');
    expect(vi.getTimerCount()).toBe(0);
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    const before = w.probes.tcp.mock.calls.length;
    m.suspectOffice('event-stream-closed');
    await vi.advanceTimersByTimeAsync(1000);
    expect(w.probes.tcp.mock.calls.length).toBe(before);
    m.stop();
    m.suspectOffice('event-stream-closed');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('after losing the office it probes often with backoff (0.5, 1, 2, 2 s…), so the return is seen within seconds', async () => {
    const w = world();
    const m = w.make({ officeUrl: OFFICE, intervals: { probeMs } });
    const seen = record(m);
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    w.state.officeUp = false;
    m.suspectOffice('live-connection-closed');
    await vi.advanceTimersByTimeAsync(0);
    expect(m.current().status).toBe('vpn-no-office');
    const times: number[] = [];
    const lostAt = Date.now();
    w.probes.tcp.mockImplementation(async (host, port) => {
      times.push(Date.now() - lostAt);
      return w.state.officeUp
        ? { host, port, ok: true, ms: 5 }
        : { host, port, ok: false, ms: null, error: 'ECONNREFUSED' };
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(times.slice(0, 6)).toEqual([500, 1500, 3500, 5500, 7500, 9500]);
    w.state.officeUp = true;
    const backAt = Date.now();
    await vi.advanceTimersByTimeAsync(2000);
    expect(seen.at(-1)!.status.status).toBe('office-via-vpn');
    expect(seen.at(-1)!.at - backAt).toBeLessThanOrEqual(2000);
    m.stop();
  });

  it('without a loss, an office that never answered keeps the slow backoff (no fast probing at start-up)', async () => {
    const w = world();
    w.state.officeUp = false;
    const m = w.make({ officeUrl: OFFICE, intervals: { probeMs: 10_000, followUpMs: 1_000_000 } });
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    const before = w.probes.tcp.mock.calls.length;
    await vi.advanceTimersByTimeAsync(9_999);
    expect(w.probes.tcp.mock.calls.length).toBe(before);
    m.stop();
  });

  it('keeps one live connection while the office is reached; its loss is a suspicion; none while away', async () => {
    const w = world();
    const live = fakeLive();
    const pin = 'ab'.repeat(32);
    const m = w.make({ officeUrl: OFFICE, certPin: pin, intervals: { probeMs } }, { live: live.connector });
    const seen = record(m);
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(live.current()).toHaveLength(1);
    expect(live.current()[0]!.target).toEqual({
      url: OFFICE,
      connectHost: '10.8.0.1',
      trust: expect.objectContaining({ pins: [pin] }),
    });
    // regular checks do not open more
    await vi.advanceTimersByTimeAsync(3 * probeMs);
    expect(live.opened).toHaveLength(1);

    w.state.officeUp = false;
    const at = Date.now();
    live.current()[0]!.lose({ cause: 'live-connection-closed', detail: 'ECONNRESET' });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.at(-1)!.status).toMatchObject({
      status: 'vpn-no-office',
      evidence: { trigger: { cause: 'live-connection-closed', at: new Date(at).toISOString(), detail: 'ECONNRESET' } },
    });
    expect(live.current()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(live.current()).toHaveLength(0);

    w.state.officeUp = true;
    await vi.advanceTimersByTimeAsync(2000);
    expect(m.current().status).toBe('office-via-vpn');
    expect(live.current()).toHaveLength(1);
    m.stop();
    expect(live.current()).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a live connection the office keeps closing while it answers is reopened ever later, not in a loop', async () => {
    const w = world();
    const live = fakeLive();
    const m = w.make(
      { officeUrl: OFFICE, intervals: { probeMs, suspectGapMs: 1000, suspectMaxGapMs: 16_000 } },
      { live: live.connector },
    );
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let t = 0; t < 60_000; t += 50) {
      const c = live.current()[0];
      if (c) c.lose({ cause: 'live-connection-closed' });
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(live.opened.length).toBeLessThanOrEqual(8);
    expect(m.current().status).toBe('office-via-vpn');
    m.stop();
  });

  it('probes more often while degraded', async () => {
    const w = world();
    w.probes.tcp.mockImplementation(async (host, port) => ({ host, port, ok: true, ms: 900 })); // slow: degraded
    const m = w.make({ officeUrl: OFFICE, intervals: { probeMs, degradedProbeMs: 5000 } });
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(m.current().status).toBe('degraded');
    const before = w.probes.tcp.mock.calls.length;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(w.probes.tcp.mock.calls.length - before).toBe(4);
    m.stop();
  });

  it('a live connection lost because the tunnel vanished leaves the verdict to the interface check ("offline")', async () => {
    const w = world();
    const live = fakeLive();
    const m = w.make({ officeUrl: OFFICE, intervals: { probeMs } }, { live: live.connector });
    const seen = record(m);
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    w.state.interfaces = [eth0];
    live.current()[0]!.lose({ cause: 'live-connection-closed', detail: 'EHOSTUNREACH' });
    await vi.advanceTimersByTimeAsync(DEFAULT_INTERVALS.settleMs);
    expect(seen.map((s) => s.status.status)).toEqual(['office-via-vpn', 'offline']);
    expect(m.current().evidence.trigger).toBeUndefined();
    m.stop();
  });

  it('a silent live connection (packets dropped) is a suspicion like a closed one', async () => {
    const w = world();
    const live = fakeLive();
    const m = w.make({ officeUrl: OFFICE, intervals: { probeMs } }, { live: live.connector });
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    w.probes.tcp.mockImplementation(async (host, port) => ({ host, port, ok: false, ms: null, error: 'ETIMEDOUT' }));
    live.current()[0]!.lose({ cause: 'live-connection-silent' });
    await vi.advanceTimersByTimeAsync(0);
    expect(m.current()).toMatchObject({
      status: 'vpn-no-office',
      reason: { code: 'office-no-answer', params: { error: 'ETIMEDOUT' } },
      evidence: { trigger: { cause: 'live-connection-silent' } },
    });
    m.stop();
  });
});
