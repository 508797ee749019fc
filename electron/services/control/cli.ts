// The `teleworker` command: talks to the running app over the control channel. Pure enough to test:
// runCli() takes the arguments and a transport and returns what to print and the exit code;
// cli-main.ts is the process around it.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { PRESENCE_STATUSES } from '../../../shared/domain/presence-values';
import { defaultControlEndpoint } from './endpoint';
import type { CommandName, ControlCommand, ResultOf, StatusValue } from './protocol';
import {
  ControlCommandSchema,
  ControlResponseSchema,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  RefusalSchema,
  RESULT_SCHEMAS,
} from './protocol';
import type { ConnectFailure, ControlClientTransport, ControlEndpoint } from './transport';
import { ControlConnectError } from './transport';
import { EXIT, exitForError } from './wire';
import { ticketFromLink } from './ticket-link';

export { ticketFromLink } from './ticket-link';

export { EXIT } from './wire';

export const USAGE = `usage: teleworker <command> [options]

  status [--json]                         connection, presence, work session, queued changes
  session start|pause|resume|stop [--ticket INC-1]
  presence <${PRESENCE_STATUSES.join('|')}> [--text "..."]
  vpn-event up|down [--iface tun0]        a VPN client's hook: re-check the connection now
  summary send                            send today's work summary
  diagnose [--json]                       the connection check with its evidence (as npm run diagnose)
  open INC-1234                           bring the window up on a ticket (also teleworker://ticket/INC-1234)

options: --json (machine-readable output), --timeout <ms> (default 5000), --socket <path>
exit codes: 0 ok, 1 the app refused or failed, 2 usage, 3 not running, 4 not this user's app,
            5 not available in this version, 6 no answer`;

export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export class UsageError extends Error {}

interface Parsed {
  command: ControlCommand;
  json: boolean;
  timeoutMs: number;
  socket: string | undefined;
}

/** Turns argv into one protocol command (validated by the same schema the app uses). */
export function parseCliArgs(argv: readonly string[]): Parsed | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ticket: { type: 'string' },
        text: { type: 'string' },
        iface: { type: 'string' },
        timeout: { type: 'string' },
        socket: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0 || positionals[0] === 'help') return 'help';
  const [verb, arg, ...extra] = positionals;
  const allowedOptions: Record<string, string[]> = {
    status: ['json'],
    session: ['ticket', 'json'],
    presence: ['text', 'json'],
    'vpn-event': ['iface', 'json'],
    summary: ['json'],
    diagnose: ['json'],
    open: ['json'],
  };
  if (!verb || !(verb in allowedOptions)) throw new UsageError(`unknown command "${verb ?? ''}"`);
  for (const key of ['ticket', 'text', 'iface'] as const) {
    if (values[key] !== undefined && !allowedOptions[verb]!.includes(key))
      throw new UsageError(`--${key} does not apply to "${verb}"`);
  }
  const noMore = (n: number) => {
    const rest = positionals.slice(n);
    if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  };
  let raw: Record<string, unknown>;
  switch (verb) {
    case 'status':
    case 'diagnose':
      noMore(1);
      raw = { name: verb };
      break;
    case 'session':
      noMore(2);
      if (!arg) throw new UsageError('session needs start, pause, resume or stop');
      raw = { name: 'session', action: arg, ...(values.ticket !== undefined ? { ticket: values.ticket } : {}) };
      break;
    case 'presence':
      noMore(2);
      if (!arg) throw new UsageError(`presence needs a state: ${PRESENCE_STATUSES.join(', ')}`);
      raw = { name: 'presence', state: arg, ...(values.text !== undefined ? { text: values.text } : {}) };
      break;
    case 'vpn-event':
      noMore(2);
      if (!arg) throw new UsageError('vpn-event needs up or down');
      raw = { name: 'vpn-event', direction: arg, ...(values.iface !== undefined ? { iface: values.iface } : {}) };
      break;
    case 'summary':
      noMore(2);
      if (arg !== 'send') throw new UsageError('summary needs "send"');
      raw = { name: 'summary-send' };
      break;
    case 'open': {
      noMore(2);
      if (!arg) throw new UsageError('open needs a ticket, e.g. INC-1234');
      raw = { name: 'open', ticket: ticketFromLink(arg) ?? arg };
      break;
    }
    default:
      throw new UsageError(`unknown command "${verb}"`);
  }
  void extra;
  const command = ControlCommandSchema.safeParse(raw);
  if (!command.success) {
    const issue = command.error.issues[0];
    throw new UsageError(`${verb}: ${issue?.path.join('.') || 'argument'}: ${issue?.message ?? 'invalid'}`);
  }
  let timeoutMs = 5000;
  if (values.timeout !== undefined) {
    timeoutMs = Number(values.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000)
      throw new UsageError('--timeout must be a whole number of milliseconds between 100 and 120000');
  }
  return { command: command.data, json: values.json === true, timeoutMs, socket: values.socket };
}

export const FAILURE_EXIT: Record<ConnectFailure, number> = {
  'not-running': EXIT.notRunning,
  forbidden: EXIT.forbidden,
  untrusted: EXIT.forbidden,
  timeout: EXIT.noAnswer,
  closed: EXIT.noAnswer,
  protocol: EXIT.noAnswer,
};

const duration = (seconds: number) =>
  `${Math.floor(seconds / 3600)}h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;

function formatStatus(s: StatusValue): string {
  const c = s.connectivity;
  const p = s.presence;
  return [
    `connection  ${c.status} (${c.reason.code}) since ${c.since}`,
    `presence    ${p ? `${p.status}${p.statusText ? ` "${p.statusText}"` : ''} at ${p.location}${p.pending ? ' (not yet sent)' : ''}` : 'signed out'}`,
    `session     ${s.session ? `${s.session.state}${s.session.ticket ? ` on ${s.session.ticket}` : ''}, ${duration(s.session.workedSeconds)} worked` : 'not available in this version'}`,
    `outbox      ${s.outbox.pending} waiting, ${s.outbox.failed} failed`,
  ].join('\n');
}

function formatValue(name: CommandName, value: unknown): string {
  switch (name) {
    case 'status':
      return formatStatus(value as StatusValue);
    case 'diagnose':
      return (value as ResultOf<'diagnose'>).report;
    case 'vpn-event': {
      const v = value as ResultOf<'vpn-event'>;
      return `re-checked: ${v.status} (${v.reason.code})`;
    }
    case 'presence': {
      const v = value as ResultOf<'presence'>;
      return `presence ${v.status}${v.statusText ? ` "${v.statusText}"` : ''}${v.pending ? ' (queued, sent when the office is reachable)' : ''}`;
    }
    case 'session': {
      const v = value as ResultOf<'session'>;
      return `session ${v.state}${v.ticket ? ` on ${v.ticket}` : ''}`;
    }
    case 'summary-send': {
      const v = value as ResultOf<'summary-send'>;
      return v.queued
        ? `summary for ${v.date} queued; it is sent when the office is reachable`
        : `summary for ${v.date} sent`;
    }
    case 'open': {
      const v = value as ResultOf<'open'>;
      return v.navigated
        ? `opened ${v.ticket}`
        : `window brought up; going to ${v.ticket} is not available in this version`;
    }
  }
}

export interface CliDeps {
  transport: ControlClientTransport;
  env?: NodeJS.ProcessEnv;
}

export async function runCli(argv: readonly string[], deps: CliDeps): Promise<CliOutput> {
  let parsed: Parsed | 'help';
  try {
    parsed = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError)
      return { code: EXIT.usage, stdout: '', stderr: `teleworker: ${error.message}\n${USAGE}\n` };
    throw error;
  }
  if (parsed === 'help') return { code: EXIT.ok, stdout: `${USAGE}\n`, stderr: '' };
  const { command, json } = parsed;
  const env = deps.env ?? process.env;
  const socket = parsed.socket ?? env.TELEWORKER_CONTROL_SOCKET;
  const endpoint: ControlEndpoint = socket
    ? process.platform === 'win32'
      ? { kind: 'pipe', name: socket }
      : { kind: 'unix', dir: socket.replace(/[/\\][^/\\]*$/, '') || '/', path: socket }
    : defaultControlEndpoint(env);

  const id = randomUUID();
  let reply;
  try {
    reply = await deps.transport.request(
      endpoint,
      { v: PROTOCOL_VERSION, id, command },
      { timeoutMs: parsed.timeoutMs, maxFrameBytes: MAX_FRAME_BYTES },
    );
  } catch (error) {
    if (error instanceof ControlConnectError) {
      const out = json
        ? JSON.stringify({ ok: false, error: { code: error.failure, message: error.message } }) + '\n'
        : '';
      return { code: FAILURE_EXIT[error.failure], stdout: out, stderr: `teleworker: ${error.message}\n` };
    }
    throw error;
  }
  if (reply.kind === 'refused') {
    const refusal = RefusalSchema.safeParse(reply.payload);
    const message = refusal.success
      ? `Teleworker refused the request: ${refusal.data.message}`
      : 'Teleworker refused the request.';
    return {
      code: EXIT.noAnswer,
      stdout: json ? JSON.stringify({ ok: false, error: { code: 'refused', message } }) + '\n' : '',
      stderr: `teleworker: ${message}\n`,
    };
  }
  const response = ControlResponseSchema.safeParse(reply.payload);
  if (!response.success || response.data.id !== id) {
    return {
      code: EXIT.noAnswer,
      stdout: '',
      stderr:
        'teleworker: the answer from Teleworker could not be read (is the app the same version as this command?)\n',
    };
  }
  const { result } = response.data;
  if (!result.ok) {
    return {
      code: exitForError(result.error.code),
      stdout: json ? JSON.stringify({ ok: false, error: result.error }) + '\n' : '',
      stderr: `teleworker: ${result.error.message}\n`,
    };
  }
  const value = RESULT_SCHEMAS[command.name].safeParse(result.value);
  if (!value.success)
    return { code: EXIT.noAnswer, stdout: '', stderr: `teleworker: the answer to ${command.name} could not be read\n` };
  return {
    code: EXIT.ok,
    // diagnose --json prints what `npm run diagnose -- --json` prints: the status itself
    stdout: json
      ? command.name === 'diagnose'
        ? `${JSON.stringify((value.data as ResultOf<'diagnose'>).status, null, 2)}\n`
        : `${JSON.stringify({ ok: true, value: value.data })}\n`
      : `${formatValue(command.name, value.data)}\n`,
    stderr: '',
  };
}
