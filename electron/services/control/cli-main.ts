// The `teleworker` command's process (package.json "bin" → bin/teleworker.mjs → here). A VPN hook's
// plain `vpn-event` takes the quick path (vpn-hook.ts, no schema library to load); everything else
// loads the full command (cli.ts).
import { NodeIpcClientTransport } from './node-ipc-transport';
import { runVpnEventQuick } from './vpn-hook';

async function main(argv: string[]) {
  const transport = new NodeIpcClientTransport();
  return (await runVpnEventQuick(argv, { transport })) ?? (await import('./cli')).runCli(argv, { transport });
}

main(process.argv.slice(2)).then(
  ({ code, stdout, stderr }) => {
    if (stdout) process.stdout.write(stdout);
    if (stderr) process.stderr.write(stderr);
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `teleworker: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
