// valohai-cli's own sign-in, offered for reuse: `valohai-cli/config.json` under the platform config
// folder (VALOHAI_CONFIG_DIR overrides), holding {host, token, user, links}. Its linked project
// (`links`, by folder) and VALOHAI_PROJECT choose the project the way valohai-cli does.
import * as l10n from '@vscode/l10n';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { normalizeHost } from './client';
import { PROJECT_ENV, UUID_PATTERN } from './policy';

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

/** The project a folder uses, as valohai-cli finds it. */
export interface LinkedProject {
  id: string;
  name?: string;
  /** 'env': VALOHAI_PROJECT; 'link': valohai-cli's `links` for `directory` */
  source: 'env' | 'link';
  directory?: string;
}

function sameHost(a: string, b: string): boolean {
  try {
    return normalizeHost(a) === normalizeHost(b);
  } catch {
    return false;
  }
}

function realpath(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/**
 * VALOHAI_PROJECT (a UUID, as valohai-cli requires) or else valohai-cli's linked project: its config
 * keeps `links: {"<folder>": {id, name, ...}}`, and the project of a folder is the link of the folder
 * itself or the nearest folder above it. Links are used only when valohai-cli is signed in to
 * `host` (a link names a project on that host). `problem` says why VALOHAI_PROJECT was not used.
 */
export function linkedProject(folders: readonly string[], host: string, env: NodeJS.ProcessEnv = process.env, file = cliConfigFile(env)): { project?: LinkedProject; problem?: string } {
  const fromEnv = env[PROJECT_ENV]?.trim();
  if (fromEnv) {
    if (UUID_PATTERN.test(fromEnv)) return { project: { id: fromEnv.toLowerCase(), source: 'env' } };
    return { problem: l10n.t('{0} is not a project id (a UUID), so it is not used.', PROJECT_ENV) };
  }
  let data: { host?: unknown; links?: unknown };
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')) as { host?: unknown; links?: unknown };
  } catch {
    return {};
  }
  if (!data || typeof data.host !== 'string' || !sameHost(data.host, host) || !data.links || typeof data.links !== 'object') return {};
  const links = data.links as Record<string, unknown>;
  for (const folder of folders) {
    for (let dir = realpath(folder); ; dir = path.dirname(dir)) {
      const link = links[dir] as { id?: unknown; name?: unknown } | undefined;
      if (link && typeof link === 'object' && typeof link.id === 'string' && link.id) {
        return { project: { id: link.id, name: typeof link.name === 'string' ? link.name : undefined, source: 'link', directory: dir } };
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  return {};
}
