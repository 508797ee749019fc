// Reads the machine-wide policy file IT deploys. A missing file means no policy; a file that is
// present but wrong is an error the app reports and logs (with the field at fault) instead of
// quietly running without the settings IT meant to enforce.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIssues } from '../../shared/contract/issues';
import type { Policy } from '../../shared/domain/policy';
import { PolicySchema } from '../../shared/domain/policy';

export function defaultPolicyPath(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (env.TELEWORKER_POLICY_FILE) return env.TELEWORKER_POLICY_FILE;
  if (platform === 'win32') return join(env.ProgramData ?? 'C:\\ProgramData', 'Teleworker', 'policy.json');
  if (platform === 'darwin') return '/Library/Application Support/Teleworker/policy.json';
  return '/etc/teleworker/policy.json';
}

export type PolicyResult = { ok: true; policy: Policy; path: string; found: boolean } | { ok: false; path: string; error: string };

export function readPolicy(path: string): PolicyResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, policy: {}, path, found: false };
    return { ok: false, path, error: `The policy file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, path, error: `The policy file ${path} is not valid JSON.` };
  }
  const parsed = PolicySchema.safeParse(json);
  if (!parsed.success) return { ok: false, path, error: `The policy file ${path} is not valid: ${describeIssues(parsed.error)}.` };
  return { ok: true, policy: parsed.data, path, found: true };
}

/**
 * The office IT or the user configured: the policy's, else TELEWORKER_OFFICE_URL, else null (the
 * user types it on the sign-in screen, or a host starts the demo office).
 */
export function configuredOfficeUrl(policy: PolicyResult | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  const fromPolicy = policy?.ok ? policy.policy.officeUrl : undefined;
  return fromPolicy ?? (env.TELEWORKER_OFFICE_URL?.trim() || null);
}
