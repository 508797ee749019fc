// The `teleworker` command for an installed app, which has no Node of its own (the RunAsNode fuse
// is off): the app's own binary started with `--cli …` runs the command in its main process, prints
// its answer and exits with its code, without a window, a tray or the single-instance lock.
// resources/bin/teleworker (and teleworker.cmd) are the wrappers installers put on the PATH.
import type * as Electron from 'electron';
import type { CliOutput } from '../services/control/cli';
import { NodeIpcClientTransport } from '../services/control/node-ipc-transport';
import { runVpnEventQuick } from '../services/control/vpn-hook';

export const CLI_FLAG = '--cli';

/** The commands services/control/cli.ts runs; the app's binary routes them even without --cli. */
const CLI_COMMANDS: ReadonlySet<string> = new Set([
  'status',
  'presence',
  'vpn-event',
  'diagnose',
  'open',
  'session',
  'summary',
  'help',
]);

/**
 * The command's arguments when the app was started as the command, else null (a normal start).
 * `teleworker vpn-event up` reaching the app's binary itself (deb/rpm put it on the PATH as
 * /usr/bin/teleworker) is the command too, not a second window: a VPN hook that found that binary
 * first still works. A link (teleworker://…) or a path is never a command name.
 */
export function cliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(CLI_FLAG);
  if (at >= 0) return argv.slice(at + 1);
  const first = argv.slice(1).findIndex((arg) => !arg.startsWith('-'));
  return first >= 0 && CLI_COMMANDS.has(argv[first + 1]!) ? argv.slice(first + 1) : null;
}

async function runCommand(argv: string[]): Promise<CliOutput> {
  const transport = new NodeIpcClientTransport();
  return (
    (await runVpnEventQuick(argv, { transport })) ??
    (await import('../services/control/cli')).runCli(argv, { transport })
  );
}

export async function runCliMode(
  app: Pick<Electron.App, 'exit'> & { dock?: Pick<Electron.Dock, 'hide'> | undefined },
  argv: string[],
  io: { out(text: string): void; err(text: string): void } = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  },
  run: (argv: string[]) => Promise<CliOutput> = runCommand,
): Promise<number> {
  app.dock?.hide();
  let code: number;
  try {
    const { code: exit, stdout, stderr } = await run(argv);
    if (stdout) io.out(stdout);
    if (stderr) io.err(stderr);
    code = exit;
  } catch (error) {
    io.err(`teleworker: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    code = 1;
  }
  app.exit(code);
  return code;
}
