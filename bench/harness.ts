// What every bench shares with scripts/bench.mjs, which runs it and reads its standard output:
//   BENCH <name> <value> <unit>          one figure (bench/targets.json names each, with its limit)
//   UNAVAILABLE <capability> <reason>    this machine lacks what the bench needs (root, netns, tun,
//                                        postgres, chromium): a failure of the bench in a real run,
//                                        a counted skip in the quick run unless TELEWORKER_REQUIRE names it
// BENCH_QUICK=1 (`npm run bench -- --quick`, and `npm test`) runs each bench once with a small N: it
// shows that the bench runs and prints every figure it names, not whether the figures meet targets.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const QUICK = process.env.BENCH_QUICK === '1';

/** the bench's N: an explicit environment variable wins, then the quick or the full size */
export function sized(envName: string, full: number, quick: number): number {
  const set = process.env[envName];
  return set !== undefined && set !== '' ? Number(set) : QUICK ? quick : full;
}

/** prints the one line that tells the runner this bench cannot run here, and why */
export function unavailable(capability: string, reason: string): void {
  console.log(`UNAVAILABLE ${capability} ${reason.replace(/\s+/g, ' ')}`);
}

/** the capability a reason of test/fixtures/vpn/netns-openvpn.ts's fixtureUnavailableReason names */
export function capabilityOfNetnsReason(reason: string): string {
  if (/\/dev\/net\/tun/.test(reason)) return 'tun';
  if (/root/.test(reason)) return 'root';
  return 'netns';
}

/**
 * electron-vite build, so the figures match the sources. The quick run (npm test, which has just
 * built) measures the build that is there.
 */
export function ensureBuild(root: string): void {
  if (QUICK && existsSync(join(root, 'out/renderer/index.html')) && existsSync(join(root, 'out/main'))) return;
  execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
