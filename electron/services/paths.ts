import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Electron's app.getPath('userData') would put Teleworker's data, for hosts without Electron. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.TELEWORKER_DATA_DIR) return env.TELEWORKER_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Teleworker');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Teleworker');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Teleworker');
}
