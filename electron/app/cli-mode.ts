// The `teleworker` command for an installed app, which has no Node of its own (the RunAsNode fuse
// is off): the app's own binary started with `--cli …` runs the command in its main process, prints
// its answer and exits with its code, without a window, a tray or the single-instance lock.
// resources/bin/teleworker (and teleworker.cmd) are the wrappers installers put on the PATH.
import type * as Electron from 'electron';
import type { CliOutput } from '../services/control/cli';
import { NodeIpcClientTransport } from '../services/control/node-ipc-transport';
import { runVpnEventQuick } from '../services/control/vpn-hook';

export const CLI_FLAG = '--cli';

/** The command's arguments when the app was started as the command, else null (a normal start). */
export function cliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(CLI_FLAG);
  return at < 0 ? null : argv.slice(at + 1);
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
