// The quick path of `teleworker vpn-event up|down [--iface X] [--socket P] [--timeout MS]`: a VPN
// client runs it on every tunnel change and waits for it, so it loads no schema library (the app
// validates the request with zod as always; the answer is checked here by hand). Any other form of
// the command (--json, a mistake) goes the ordinary way through cli.ts, with the same exit codes.
import { defaultControlEndpoint } from './endpoint';
import type { ControlClientTransport, ControlEndpoint } from './transport';
import { ControlConnectError } from './transport';
import type { ControlErrorCode } from './wire';
import { CONTROL_ERROR_CODES, EXIT, exitForError, INTERFACE_NAME, MAX_FRAME_BYTES, PROTOCOL_VERSION } from './wire';

export interface QuickOutput {
  code: number;
  stdout: string;
  stderr: string;
}

const CONNECT_EXIT = {
  'not-running': EXIT.notRunning,
  forbidden: EXIT.forbidden,
  untrusted: EXIT.forbidden,
  timeout: EXIT.noAnswer,
  closed: EXIT.noAnswer,
  protocol: EXIT.noAnswer,
} as const;

/** null: not a plain vpn-event command line; let cli.ts handle it */
function parse(
  argv: readonly string[],
): { direction: 'up' | 'down'; iface?: string; socket?: string; timeoutMs: number } | null {
  if (argv[0] !== 'vpn-event' || (argv[1] !== 'up' && argv[1] !== 'down')) return null;
  const out: { direction: 'up' | 'down'; iface?: string; socket?: string; timeoutMs: number } = {
    direction: argv[1],
    timeoutMs: 5000,
  };
  for (let i = 2; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) return null;
    if (flag === '--iface' && INTERFACE_NAME.test(value)) out.iface = value;
    else if (flag === '--socket') out.socket = value;
    else if (flag === '--timeout' && /^\d{3,6}$/.test(value) && Number(value) <= 120_000) out.timeoutMs = Number(value);
    else return null;
  }
  return out;
}

export async function runVpnEventQuick(
  argv: readonly string[],
  deps: { transport: ControlClientTransport; env?: NodeJS.ProcessEnv },
): Promise<QuickOutput | null> {
  const args = parse(argv);
  if (!args) return null;
  const env = deps.env ?? process.env;
  const socket = args.socket ?? env.TELEWORKER_CONTROL_SOCKET;
  const endpoint: ControlEndpoint = socket
    ? process.platform === 'win32'
      ? { kind: 'pipe', name: socket }
      : { kind: 'unix', dir: socket.replace(/[/\\][^/\\]*$/, '') || '/', path: socket }
    : defaultControlEndpoint(env);
  // unique enough to pair one answer with one request on its own connection; no crypto module to load
  const id = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const command = { name: 'vpn-event', direction: args.direction, ...(args.iface ? { iface: args.iface } : {}) };
  let reply;
  try {
    reply = await deps.transport.request(
      endpoint,
      { v: PROTOCOL_VERSION, id, command },
      { timeoutMs: args.timeoutMs, maxFrameBytes: MAX_FRAME_BYTES },
    );
  } catch (error) {
    if (error instanceof ControlConnectError)
      return { code: CONNECT_EXIT[error.failure], stdout: '', stderr: `teleworker: ${error.message}\n` };
    throw error;
  }
  const unreadable = {
    code: EXIT.noAnswer,
    stdout: '',
    stderr: 'teleworker: the answer from Teleworker could not be read (is the app the same version as this command?)\n',
  };
  const payload = reply.payload as {
    v?: unknown;
    id?: unknown;
    result?: {
      ok?: unknown;
      value?: { status?: unknown; reason?: { code?: unknown } };
      error?: { code?: unknown; message?: unknown };
    };
    message?: unknown;
  } | null;
  if (reply.kind === 'refused') {
    const why = typeof payload?.message === 'string' ? `: ${payload.message}` : '.';
    return { code: EXIT.noAnswer, stdout: '', stderr: `teleworker: Teleworker refused the request${why}\n` };
  }
  if (!payload || payload.v !== PROTOCOL_VERSION || payload.id !== id || !payload.result) return unreadable;
  const { result } = payload;
  if (result.ok === true && typeof result.value?.status === 'string' && typeof result.value.reason?.code === 'string') {
    return { code: EXIT.ok, stdout: `re-checked: ${result.value.status} (${result.value.reason.code})\n`, stderr: '' };
  }
  if (
    result.ok === false &&
    CONTROL_ERROR_CODES.includes(result.error?.code as ControlErrorCode) &&
    typeof result.error?.message === 'string'
  ) {
    return {
      code: exitForError(result.error.code as ControlErrorCode),
      stdout: '',
      stderr: `teleworker: ${result.error.message}\n`,
    };
  }
  return unreadable;
}
