// The `teleworker` command's process (package.json "bin" → bin/teleworker.mjs → here). See cli.ts.
import { runCli } from './cli';
import { NodeIpcClientTransport } from './node-ipc-transport';

runCli(process.argv.slice(2), { transport: new NodeIpcClientTransport() }).then(
  ({ code, stdout, stderr }) => {
    if (stdout) process.stdout.write(stdout);
    if (stderr) process.stderr.write(stderr);
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`teleworker: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
