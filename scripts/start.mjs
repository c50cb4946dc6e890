// `npm start`: opens a real VS Code with this extension loaded (as a development extension, straight
// from dist/) on the sample workspace `samples/`. `npm start` builds dist/ first.
//   - Desktop VS Code on PATH (`code`) and not CI: launch it with --extensionDevelopmentPath.
//   - Otherwise (headless box, CI, no VS Code installed): start VS Code's server (offline recipe,
//     scripts/vscode-server.mjs) and print the URL to open in a browser; Ctrl-C stops it.
// Options: --port <n> (or env PORT) for the server, --web to use the server even if `code` exists.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, ensureServer, startServer, workbenchUrl } from './vscode-server.mjs';

const argv = process.argv.slice(2);
const argValue = (name) => {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
};
const port = argValue('--port') ?? process.env.PORT;
const forceWeb = argv.includes('--web');
const samples = path.join(REPO_ROOT, 'samples');
fs.mkdirSync(samples, { recursive: true });

/**
 * Local helper services the product needs while you try it. Without a real Valohai host configured
 * (VALOHAI_HOST / VALOHAI_TOKEN in the environment), the local API emulator starts (state kept in
 * .emulator/, so it survives a restart) and Sign In offers its host and sample token.
 */
async function startLocalServices() {
  if (process.env.VALOHAI_HOST || process.env.VALOHAI_TOKEN) {
    console.log(`Using the Valohai host from the environment: ${process.env.VALOHAI_HOST ?? 'https://app.valohai.com/'}`);
    return { env: {}, stop: async () => {}, running: false };
  }
  const { Emulator, SAMPLE_TOKEN } = (await import(pathToFileURL(path.join(REPO_ROOT, 'dist/emulator.js')).href)).default;
  // A fixed port when free, so a sign-in remembered by desktop VS Code still points at it next time.
  const options = { dataDir: path.join(REPO_ROOT, '.emulator'), imagesDir: path.join(REPO_ROOT, 'samples/images') };
  const emulator = await new Emulator({ ...options, port: 8765 }).start().catch(() => new Emulator(options).start());
  console.log(`Local Valohai API emulator: ${emulator.apiUrl} (sign in with the sample token ${SAMPLE_TOKEN}; state in .emulator/)`);
  console.log(`Its control endpoints (/_emulator/faults, /reset, /state) need the header X-Emulator-Secret: ${emulator.controlSecret}`);
  return {
    env: { VALOHAI_HOST: emulator.apiUrl, DATUM_STUDIO_SAMPLE_TOKEN: SAMPLE_TOKEN },
    stop: () => emulator.stop(),
    running: true,
  };
}

function onPath(cmd) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try { fs.accessSync(path.join(dir, cmd), fs.constants.X_OK); return true; } catch { return false; }
  });
}

function waitForShutdown(stopAll) {
  let stopping = false;
  const shutdown = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await stopAll();
    process.exit(0);
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));
}

const services = await startLocalServices();

if (!forceWeb && !process.env.CI && onPath('code')) {
  // Desktop VS Code returns as soon as the window is handed off, so there is nothing to wait for.
  console.log(`Opening VS Code on samples/ with the extension from ${REPO_ROOT}`);
  const child = spawn('code', [`--extensionDevelopmentPath=${REPO_ROOT}`, samples], {
    stdio: 'inherit',
    env: { ...process.env, ...services.env },
  });
  child.on('exit', (code) => {
    if (code) { console.error(`\`code\` exited with ${code}`); process.exitCode = code; }
    if (services.running) {
      console.log('Local services keep running; press Ctrl-C to stop them.');
      waitForShutdown(services.stop);
    }
  });
} else {
  ensureServer();
  const server = await startServer({ port, quiet: !process.env.DATUM_VERBOSE, env: services.env });
  // The payload loads the extension from the repo as a development extension (like F5), and the
  // folder opens the samples; both are paths on this machine, which serves them to the browser.
  const url = workbenchUrl(server.port, { workspace: samples, payload: { extensionDevelopmentPath: REPO_ROOT } });
  console.log('\nDatum Studio is running in VS Code (web). Open this URL in a browser:\n');
  console.log(`  ${url}\n`);
  console.log('(The server listens on 127.0.0.1 only; from another machine use `ssh -L <port>:127.0.0.1:<port>`.)');
  console.log('Press Ctrl-C to stop.');
  waitForShutdown(async () => {
    await server.stop();
    await services.stop();
  });
}
