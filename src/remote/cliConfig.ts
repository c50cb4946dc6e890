// valohai-cli's own sign-in, offered for reuse: `valohai-cli/config.json` under the platform config
// folder (VALOHAI_CONFIG_DIR overrides), holding {host, token, user}.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface CliConfig {
  host: string;
  token: string;
  user?: { username?: string };
  file: string;
}

export function cliConfigFile(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = os.homedir()): string {
  if (env.VALOHAI_CONFIG_DIR) return path.join(env.VALOHAI_CONFIG_DIR, 'config.json');
  const base =
    platform === 'win32' ? env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local') : platform === 'darwin' ? path.join(home, 'Library', 'Application Support') : env.XDG_CONFIG_HOME ?? path.join(home, '.config');
  return path.join(base, 'valohai-cli', 'config.json');
}

export function readCliConfig(file = cliConfigFile()): CliConfig | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CliConfig>;
    if (typeof data.host === 'string' && typeof data.token === 'string' && data.token) return { host: data.host, token: data.token, user: data.user, file };
  } catch {
    // no config, or not readable: nothing to offer
  }
  return undefined;
}
