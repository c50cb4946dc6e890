// The one system package the tests need: Chromium, the browser that runs VS Code's web workbench
// (driven by playwright-core; never `playwright install`, which downloads a browser and fails
// offline). VS Code's server itself needs nothing from the system: its `kerberos` module, the one
// that wanted libkrb5-dev, is not built (scripts/vscode-server.mjs).
//
// ensureChromium(): present -> nothing; missing and root -> `apt-get update && apt-get install -y
// chromium`, non-interactive; missing, not root, password-less sudo -> the same with `sudo -n`;
// otherwise it stops with the one command to run.
//
// `node scripts/system-deps.mjs --plan` prints what it would do, as JSON, and changes nothing. For
// tests of the logic without removing packages: DATUM_PRETEND_MISSING=chromium (the check says
// missing), DATUM_PRETEND_UID=1000, DATUM_PRETEND_SUDO=0|1, DATUM_PRETEND_APT=0|1.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const PACKAGES = [
  { name: 'chromium', present: () => fs.existsSync(CHROMIUM_PATH) },
];

function onPath(cmd) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try { fs.accessSync(path.join(dir, cmd), fs.constants.X_OK); return true; } catch { return false; }
  });
}

/** The facts the plan depends on, each overridable for tests. */
export function facts(env = process.env) {
  const pretendMissing = new Set((env.DATUM_PRETEND_MISSING ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const flag = (v, real) => (v === undefined || v === '' ? real() : v === '1');
  return {
    missing: PACKAGES.filter((p) => pretendMissing.has(p.name) || !p.present()).map((p) => p.name),
    uid: env.DATUM_PRETEND_UID !== undefined && env.DATUM_PRETEND_UID !== '' ? Number(env.DATUM_PRETEND_UID) : process.getuid?.() ?? -1,
    apt: flag(env.DATUM_PRETEND_APT, () => onPath('apt-get')),
    sudo: flag(env.DATUM_PRETEND_SUDO, () => onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0),
  };
}

/**
 * What to do: { action: 'none' } | { action: 'install', commands: string[][] } |
 * { action: 'stop', message } (message ends with the one command to run).
 */
export function plan({ missing, uid, apt, sudo }) {
  if (missing.length === 0) return { action: 'none', missing };
  const list = missing.join(' ');
  if (!apt) {
    return { action: 'stop', missing, message: `Missing: ${list}. This machine has no apt-get; install Chromium with its package manager and set CHROMIUM_PATH to the browser's path.` };
  }
  const prefix = uid === 0 ? [] : sudo ? ['sudo', '-n'] : null;
  if (!prefix) {
    return { action: 'stop', missing, message: `Missing system package(s): ${list}. Run this once, then npm test again:\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${list}` };
  }
  // Waits for another apt/dpkg run to let go of the lock instead of failing at once.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  return {
    action: 'install',
    missing,
    commands: [
      [...prefix, 'apt-get', ...lock, 'update', '-qq'],
      [...prefix, 'apt-get', ...lock, 'install', '-y', '-qq', '--no-install-recommends', ...missing],
    ],
  };
}

/** Makes sure Chromium is there, installing it when it can; throws with the command to run when not. */
export function ensureChromium(env = process.env) {
  const p = plan(facts(env));
  if (p.action === 'none') return p;
  if (p.action === 'stop') throw new Error(p.message);
  console.log(`[system] installing ${p.missing.join(' ')} (needed to run VS Code's workbench in the tests)`);
  for (const [cmd, ...args] of p.commands) {
    console.log(`[system] $ ${[cmd, ...args].join(' ')}`);
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) throw new Error(`\`${[cmd, ...args].join(' ')}\` exited with ${r.status ?? r.signal}; run it by hand to see why.`);
  }
  const still = PACKAGES.filter((pkg) => p.missing.includes(pkg.name) && !pkg.present()).map((pkg) => pkg.name);
  if (still.length) throw new Error(`Installed ${still.join(' ')} but ${CHROMIUM_PATH} is still missing; set CHROMIUM_PATH to the browser's path.`);
  return p;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--plan')) {
    console.log(JSON.stringify(plan(facts())));
  } else {
    try {
      ensureChromium();
      console.log(`chromium: ${CHROMIUM_PATH}`);
    } catch (err) {
      console.error(err.message);
      process.exitCode = 1;
    }
  }
}
