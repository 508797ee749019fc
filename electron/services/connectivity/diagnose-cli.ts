// `npm run diagnose -- [--json] [--watch] [--office-url https://host:port] [--pin sha256] [--probe-url URL]`
// The same monitor the app runs, without the app: for IT support and for scripts.
// Exit codes: 0 diagnosis printed, 2 usage error, 1 unexpected failure.
import { officeTrustFromPolicy } from '../office-client/trust';
import { describePolicyProblems, loadPolicy } from '../policy';
import { createConnectivityMonitor } from './index';
import { formatReport, parseDiagnoseArgs, USAGE, UsageError, watchLine } from './diagnose';

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseDiagnoseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // IT's policy supplies what the flags leave out, so `diagnose` sees what the app sees.
  const policy = loadPolicy();
  const policyProblems = describePolicyProblems(policy);
  if (policyProblems) process.stderr.write(`diagnose: ${policyProblems}\n`);
  const fromPolicy = policy.policy;
  const config = {
    ...(fromPolicy.officeUrl && !options.config.officeUrl
      ? { officeUrl: fromPolicy.officeUrl, trust: officeTrustFromPolicy(fromPolicy) } // the app's trust rule
      : {}),
    ...(fromPolicy.probeUrl ? { probeUrl: fromPolicy.probeUrl } : {}),
    ...options.config,
    tunnelRules: [...(options.config.tunnelRules ?? []), ...(fromPolicy.tunnelRules ?? [])],
  };
  const monitor = createConnectivityMonitor(config, {
    useIpMonitor: options.watch && options.ipMonitor && process.platform === 'linux',
    onError: (message, error) =>
      process.stderr.write(`diagnose: ${message}: ${error instanceof Error ? error.message : String(error)}\n`),
  });

  if (!options.watch) {
    const status = await monitor.checkNow();
    process.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : `${formatReport(status)}\n`);
    return 0;
  }

  monitor.onChange((status) => process.stdout.write(`${watchLine(status)}\n`));
  return new Promise<number>((resolve) => {
    const finish = () => {
      monitor.stop();
      resolve(0);
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    // A VPN client's connect/disconnect script can ask for an immediate re-check.
    if (process.platform !== 'win32') process.on('SIGUSR2', () => void monitor.checkNow());
    monitor.start();
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `diagnose failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
