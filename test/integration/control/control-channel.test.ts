// The control channel over its real Unix socket, in front of the real core (local SQLite, the
// embedded demo office on loopback, signed in as budi): every command of the `teleworker` command
// round-trips, another user is kept out by the socket's permissions, and peers that break the
// protocol are refused and closed while the server keeps answering everyone else.
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoOffice } from '../../../electron/browser-host/demo-office';
import type { AppCore } from '../../../electron/services/composition-root';
import { createAppCore } from '../../../electron/services/composition-root';
import { createControlServer } from '../../../electron/services/control';
import type { ControlEndpoint } from '../../../electron/services/control';
import { EXIT, runCli } from '../../../electron/services/control/cli';
import { NodeIpcClientTransport } from '../../../electron/services/control/node-ipc-transport';
import { silentLogger } from '../../../electron/services/logger';
import { buildCli, frame, rawPeer } from '../../fixtures/control';
import { skipWithout } from '../../fixtures/capabilities';

const root = mkdtempSync(join(tmpdir(), 'tw-control-'));
// the bundled command must be readable by the other user; the control folder itself is 0700
chmodSync(root, 0o755);
const controlDir = join(root, 'run');
const endpoint: ControlEndpoint = { kind: 'unix', dir: controlDir, path: join(controlDir, 'control.sock') };
const cliFile = join(root, 'cli', 'teleworker.mjs');
const opened: string[] = [];
let core: AppCore;
let demo: Awaited<ReturnType<typeof startDemoOffice>>;

const transport = new NodeIpcClientTransport();
const cli = (...args: string[]) => runCli([...args, '--socket', endpoint.path], { transport, env: {} });
// synchronous is fine here: these never reach the server (the kernel or the command refuses first)
const asNobody = (file: string, args: string[]) =>
  spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', file, ...args], {
    encoding: 'utf8',
    cwd: '/',
    timeout: 10_000,
  });

// another uid's process and folder need root to make
const notRoot = skipWithout(
  'root',
  process.getuid?.() === 0 ? null : 'not root: cannot act as another user',
  'control channel: the two other-user tests',
);

/** The command as its own process (asynchronously: the server under test runs in this one). */
const runProcess = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [cliFile, ...args], { encoding: 'utf8', env }, (error, stdout, stderr) =>
      resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });

beforeAll(async () => {
  const dataDir = join(root, 'data');
  mkdirSync(dataDir);
  demo = await startDemoOffice(dataDir);
  core = await createAppCore({
    host: 'browser',
    appVersion: '9.9.9',
    electronVersion: null,
    logger: silentLogger,
    dataDir,
    env: {},
    demoOfficeUrl: demo.url,
    control: {
      endpoint,
      window: {
        openTicket: async (ticket) => {
          opened.push(ticket);
          return { shown: true, navigated: false };
        },
      },
    },
  });
  core.start();
  const signedIn = await core.dispatcher.dispatch(
    'tw:account:signIn',
    { server: demo.url, username: 'budi', password: 'teleworker' },
    { host: 'browser' },
  );
  expect(signedIn).toMatchObject({ ok: true, value: { status: 'signed-in' } });
  // the socket appears once the server listens
  for (
    let i = 0;
    i < 100 &&
    !(() => {
      try {
        return statSync(endpoint.path).isSocket();
      } catch {
        return false;
      }
    })();
    i++
  )
    await new Promise((r) => setTimeout(r, 20));
  buildCli(cliFile);
}, 60_000);

afterAll(async () => {
  await core?.dispose?.();
  await demo?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the teleworker command against the running app', () => {
  it('status: connection, presence, session, outbox', async () => {
    const out = await cli('status', '--json');
    expect(out.stderr).toBe('');
    expect(out.code).toBe(EXIT.ok);
    const { value } = JSON.parse(out.stdout) as { value: Record<string, unknown> };
    expect(value).toMatchObject({
      connectivity: { status: expect.any(String), evidence: expect.any(Object) },
      presence: { status: expect.any(String), location: expect.any(String) },
      session: { state: 'stopped', ticket: null, workedSeconds: 0 },
      outbox: { pending: expect.any(Number), failed: 0 },
    });
    const text = await cli('status');
    expect(text.stdout).toMatch(/^connection {2}\S+ \(/m);
    expect(text.stdout).toContain('session     stopped, 0h 00m worked');
  });

  it('presence: sets mine through the presence module (queued, then shown)', async () => {
    const out = await cli('presence', 'busy', '--text', 'On a call with the branch');
    expect(out).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(out.stdout).toContain('presence busy "On a call with the branch"');
    const mine = await core.dispatcher.dispatch('tw:presence:getMine', undefined, { host: 'browser' });
    expect(mine).toMatchObject({ ok: true, value: { status: 'busy', statusText: 'On a call with the branch' } });
    const status = JSON.parse((await cli('status', '--json')).stdout) as { value: { presence: { status: string } } };
    expect(status.value.presence.status).toBe('busy');
  });

  it('presence: a state that does not exist is a usage error and nothing is sent', async () => {
    const out = await cli('presence', 'sleeping');
    expect(out.code).toBe(EXIT.usage);
    expect(out.stderr).toContain('presence: state: Invalid option');
  });

  it('vpn-event: an immediate re-check of the connection', async () => {
    const before = core.connectivity.current().checkedAt;
    await new Promise((r) => setTimeout(r, 5));
    const out = await cli('vpn-event', 'up', '--iface', 'tun0', '--json');
    expect(out.code).toBe(EXIT.ok);
    const { value } = JSON.parse(out.stdout) as { value: { checkedAt: string } };
    expect(Date.parse(value.checkedAt)).toBeGreaterThan(Date.parse(before));
    expect(core.connectivity.current().checkedAt).toBe(value.checkedAt);
    expect((await cli('vpn-event', 'down')).stdout).toMatch(/^re-checked: \S+ \(/);
    // the hooks' quick path (no zod in the command), as its own process
    const quick = await runProcess(['vpn-event', 'down', '--iface', 'tun0', '--socket', endpoint.path]);
    expect(quick).toMatchObject({ status: EXIT.ok, stderr: '' });
    expect(quick.stdout).toMatch(/^re-checked: \S+ \(\S+\)\n$/);
  });

  it('diagnose: the verdict and evidence of `npm run diagnose`', async () => {
    const text = await cli('diagnose');
    expect(text.code).toBe(EXIT.ok);
    for (const line of ['status ', 'since ', 'interfaces ', 'tcp ', 'https '])
      expect(text.stdout).toMatch(new RegExp(`^${line}`, 'm'));
    expect(text.stdout).toContain(demo.url.replace('http://', '').split(':')[0]!);
    // --json prints the status itself, as `npm run diagnose -- --json` does
    const json = JSON.parse((await cli('diagnose', '--json')).stdout) as { status: string; evidence: { tcp: unknown } };
    expect(json.status).toEqual(expect.any(String));
    expect(json.evidence.tcp).toMatchObject({ host: '127.0.0.1', ok: true });
  });

  it('session and summary: start on a ticket, pause, resume, stop, and send the day summary through the work-session module', async () => {
    const json = async (...args: string[]) => {
      const out = await cli(...args, '--json');
      expect(out.code, args.join(' ') + out.stderr).toBe(EXIT.ok);
      return (JSON.parse(out.stdout) as { value: Record<string, unknown> }).value;
    };
    expect(await json('session', 'start', '--ticket', 'INC-1001')).toMatchObject({
      state: 'running',
      ticket: 'INC-1001',
      startedAt: expect.any(String),
    });
    expect(await json('session', 'pause')).toMatchObject({ state: 'paused' });
    expect(await json('session', 'resume')).toMatchObject({ state: 'running', ticket: 'INC-1001' });
    expect((await cli('status')).stdout).toMatch(/^session {5}running on INC-1001, /m);
    expect(await json('session', 'stop')).toMatchObject({ state: 'stopped' });
    // a second pause has nothing to pause: the module's refusal, as a script-readable exit code
    expect((await cli('session', 'pause')).code).not.toBe(EXIT.ok);
    expect(await json('summary', 'send')).toMatchObject({
      queued: true,
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect((await cli('session', 'start', '--ticket', 'not a ticket')).code).toBe(EXIT.usage);
  });

  it('open: hands the ticket to the window, from a reference or a teleworker:// link', async () => {
    const out = await cli('open', 'INC-1234');
    expect(out).toMatchObject({
      code: EXIT.ok,
      stdout: 'window brought up; going to INC-1234 is not available in this version\n',
    });
    expect((await cli('open', 'teleworker://ticket/INC-77', '--json')).stdout).toBe(
      JSON.stringify({ ok: true, value: { ticket: 'INC-77', shown: true, navigated: false } }) + '\n',
    );
    expect(opened).toEqual(['INC-1234', 'INC-77']);
  });

  it('the bundled command as its own process: exit codes a script can rely on', async () => {
    const ok = await runProcess(['status', '--json', '--socket', endpoint.path]);
    expect(ok.status).toBe(EXIT.ok);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, value: { outbox: { failed: 0 } } });
    const missing = await runProcess(['status'], {
      ...process.env,
      TELEWORKER_CONTROL_DIR: join(root, 'nothing-here'),
    });
    expect(missing.status).toBe(EXIT.notRunning);
    expect(missing.stderr).toBe(
      'teleworker: Teleworker is not running (no control channel found). Start the app and try again.\n',
    );
    const usage = await runProcess(['frobnicate']);
    expect(usage.status).toBe(EXIT.usage);
  });
});

describe('the socket keeps other users out', () => {
  it('is 0600 in a 0700 folder', () => {
    expect(statSync(endpoint.dir).mode & 0o777).toBe(0o700);
    expect(statSync(endpoint.path).mode & 0o777).toBe(0o600);
  });

  it.skipIf(notRoot)("refuses another uid's process: by the folder, and by the socket itself", async () => {
    const probe = `const s=require('net').connect(${JSON.stringify(endpoint.path)});s.on('connect',()=>{console.log('CONNECTED');process.exit(0)});s.on('error',e=>{console.log(e.code);process.exit(0)})`;
    expect(asNobody(process.execPath, ['-e', probe]).stdout.trim()).toBe('EACCES');
    // with the folder opened up (as a careless admin might), the socket's own 0600 still refuses
    chmodSync(endpoint.dir, 0o711);
    try {
      expect(asNobody(process.execPath, ['-e', probe]).stdout.trim()).toBe('EACCES');
      // the command, run as that user, will not even try: the socket is not its own
      const out = asNobody(process.execPath, [cliFile, 'status', '--socket', endpoint.path]);
      expect(out.status).toBe(EXIT.forbidden);
      expect(out.stderr).toMatch(/not private to this user|not a socket of this user/);
    } finally {
      chmodSync(endpoint.dir, 0o700);
    }
    expect((await cli('status')).code).toBe(EXIT.ok);
  });

  it.skipIf(notRoot)('will not start in a folder another user owns', async () => {
    const dir = join(root, 'someone-elses');
    mkdirSync(dir, { mode: 0o700 });
    chownSync(dir, 65534, 65534);
    const server = createControlServer({
      logger: silentLogger,
      endpoint: { kind: 'unix', dir, path: join(dir, 'control.sock') },
      actions: {} as never,
    });
    await expect(server.start()).rejects.toThrow(/belongs to another user \(uid 65534/);
  });

  it('a second app does not take over the socket of one that is running', async () => {
    const second = createControlServer({ logger: silentLogger, endpoint, actions: {} as never });
    await expect(second.start()).rejects.toThrow(/Another Teleworker already listens/);
    expect((await cli('status')).code).toBe(EXIT.ok);
  });
});

describe('peers that break the protocol', () => {
  const refusalOf = async (send: string | Buffer) => {
    const peer = await rawPeer(endpoint.path);
    peer.send(send);
    await peer.closed;
    return peer.frames;
  };

  it('malformed frames, unknown and reserved events, bad requests: told why, then closed', async () => {
    const bystander = await rawPeer(endpoint.path); // connected before, served after
    expect(await refusalOf('this is not json\f')).toEqual([
      {
        type: 'tw.refused',
        data: { code: 'malformed-frame', message: expect.stringContaining('not a JSON event envelope') },
      },
    ]);
    expect(await refusalOf('[1,2,3]\f')).toEqual([
      { type: 'tw.refused', data: expect.objectContaining({ code: 'malformed-frame' }) },
    ]);
    expect(await refusalOf(frame('tw.shutdown', {}))).toEqual([
      { type: 'tw.refused', data: { code: 'unknown-event', message: expect.stringContaining('allowed: tw.request') } },
    ]);
    expect(await refusalOf(frame('connect', {}))).toEqual([
      { type: 'tw.refused', data: expect.objectContaining({ code: 'unknown-event' }) },
    ]);
    expect(await refusalOf(frame('__proto__', {}))).toEqual([
      { type: 'tw.refused', data: expect.objectContaining({ code: 'unknown-event' }) },
    ]);
    // the app's own wire events, sent the wrong way
    expect(await refusalOf(frame('tw.response', { v: 1, id: 'x', result: { ok: true, value: 1 } }))).toEqual([
      { type: 'tw.refused', data: expect.objectContaining({ code: 'unknown-event' }) },
    ]);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(await refusalOf(`{"type":"tw.request","data":${deep}}\f`)).toEqual([
      { type: 'tw.refused', data: expect.objectContaining({ code: 'invalid-request' }) },
    ]);
    expect(await refusalOf(frame('tw.request', 'status'))).toEqual([
      { type: 'tw.refused', data: { code: 'invalid-request', message: expect.stringMatching(/^Invalid request: /) } },
    ]);

    // a request with an id but off the protocol is answered, and the connection stays
    const peer = await rawPeer(endpoint.path);
    peer.send(frame('tw.request', { v: 1, id: 'r1', command: { name: 'reboot' } }));
    peer.send(
      frame('tw.request', { v: 1, id: 'r2', command: { name: 'presence', state: 'away', text: 'x'.repeat(201) } }),
    );
    peer.send(frame('tw.request', { v: 1, id: 'r3', command: { name: 'status' } }));
    peer.send(`{"type":"tw.request","data":{"v":1,"id":"r4","command":{"name":"status","x":${deep}}}}\f`);
    await expect.poll(() => peer.frames.length).toBe(4);
    const byId = Object.fromEntries(
      peer.frames.map((f) => [(f.data as { id: string }).id, (f.data as { result: unknown }).result]),
    );
    expect(byId.r1).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringContaining('command.name') },
    });
    expect(byId.r2).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringContaining('Too big') },
    });
    expect(byId.r3).toMatchObject({ ok: true, value: { outbox: expect.any(Object) } });
    expect(byId.r4).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    peer.socket.destroy();

    bystander.send(frame('tw.request', { v: 1, id: 'b1', command: { name: 'status' } }));
    await expect.poll(() => bystander.frames.length).toBe(1);
    expect(bystander.frames[0]).toMatchObject({ type: 'tw.response', data: { id: 'b1', result: { ok: true } } });
    bystander.socket.destroy();
    expect((await cli('status')).code).toBe(EXIT.ok);
  });

  it('a 10 MB frame is refused as too large and costs only its own connection', async () => {
    const peer = await rawPeer(endpoint.path);
    const big = Buffer.alloc(10 * 1024 * 1024, 'a');
    peer.socket.write(
      `{"type":"tw.request","data":{"v":1,"id":"big","command":{"name":"presence","state":"busy","text":"`,
    );
    peer.socket.write(big);
    await peer.closed;
    // told why before the close (queued data is read before the reset), and nothing else
    expect(peer.frames).toEqual([
      {
        type: 'tw.refused',
        data: { code: 'frame-too-large', message: 'A frame over 262144 bytes was refused; the connection is closed.' },
      },
    ]);
    expect(peer.socket.bytesWritten).toBeLessThanOrEqual(big.length + 200);
    expect((await cli('presence', 'available')).code).toBe(EXIT.ok);
  });

  it('a peer that connects and sends nothing is closed by the idle timer; others are served meanwhile', async () => {
    const silent = await rawPeer(endpoint.path);
    const halfFrame = await rawPeer(endpoint.path);
    halfFrame.send('{"type":"tw.request","data":{"v":1');
    expect((await cli('status')).code).toBe(EXIT.ok);
    expect(await silent.closed).toBeNull();
    expect(silent.frames).toEqual([
      { type: 'tw.refused', data: { code: 'idle', message: expect.stringContaining('No request within') } },
    ]);
    await halfFrame.closed;
    expect(halfFrame.socket.destroyed).toBe(true);
    expect((await cli('status')).code).toBe(EXIT.ok);
  });

  it('many connections that send garbage at once leave the server answering', async () => {
    const peers = await Promise.all(Array.from({ length: 20 }, () => rawPeer(endpoint.path)));
    peers.forEach((p, i) => p.send(i % 2 ? Buffer.from([0xff, 0xfe, 0x00, 0x0c, 0x0c]) : frame(`tw.x${i}`, null)));
    await Promise.all(peers.map((p) => p.closed));
    expect((await cli('status')).code).toBe(EXIT.ok);
  });
});

describe('an action that fails', () => {
  it('answers "internal" without details, logs the error, and keeps serving', async () => {
    const dir = join(root, 'failing');
    const errors: unknown[] = [];
    const logger = { ...silentLogger, error: (...args: unknown[]) => void errors.push(args) };
    const throwing = async () => {
      throw new Error('database is on fire');
    };
    const server = createControlServer({
      logger,
      endpoint: { kind: 'unix', dir, path: join(dir, 'control.sock') },
      actions: {
        connectivity: { current: throwing, checkNow: throwing },
        presence: { mine: throwing, set: throwing },
        outbox: { counts: throwing },
        session: { current: throwing, command: throwing },
        summary: { send: throwing },
        window: { openTicket: throwing },
      },
    });
    await server.start();
    try {
      const run = (...args: string[]) =>
        runCli([...args, '--socket', join(dir, 'control.sock')], { transport, env: {} });
      for (const args of [['status'], ['vpn-event', 'up'], ['open', 'INC-1'], ['presence', 'away']]) {
        const out = await run(...args);
        expect(out.code, args.join(' ')).toBe(EXIT.failed);
        expect(out.stderr).toBe(
          'teleworker: Something went wrong inside Teleworker. The details are in the log file.\n',
        );
      }
      expect(errors.length).toBe(4);
      expect(String(errors[0])).toContain('database is on fire');
    } finally {
      await server.stop();
    }
    expect((await cli('status')).code).toBe(EXIT.ok);
  });
});
