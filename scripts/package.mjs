// `npm run package`: builds the installable datum-studio-<version>.vsix, unattended.
//   1. copies the repository (minus node_modules, .git, build output) to a temp staging folder,
//   2. builds the production bundle there (minified, no source maps: scripts/build.mjs --production),
//   3. renders media/icon.svg to media/icon.png there (scripts/icon.mjs),
//   4. runs `vsce package --no-dependencies` there (esbuild bundled the dependencies already), with no
//      stdin, so a question from vsce fails the run instead of waiting forever.
// Staging keeps the development build in dist/ (with source maps) as it is, so tests and `npm start`
// after a package run see the same files as before. What ships is what .vscodeignore allows.
// Options: --out <file.vsix> (default: ./datum-studio-<version>.vsix). Prints the path last.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderIcon } from './icon.mjs';
import { REPO_ROOT } from './vscode-server.mjs';

// Never copied to the staging folder: dependencies (bundled), VCS data, local build/test output.
const SKIP = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'out', 'test-artifacts', 'bench-data', '.emulator', '.datum-studio-start']);

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`package: \`${cmd} ${args.join(' ')}\` exited with ${r.status ?? r.signal}`);
}

/** Builds the .vsix and returns its absolute path. */
export function buildVsix({ out } = {}) {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const vsix = path.resolve(out ?? path.join(REPO_ROOT, `${pkg.name}-${pkg.version}.vsix`));
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-package-'));
  try {
    fs.cpSync(REPO_ROOT, stage, {
      recursive: true,
      filter: (src) => {
        const rel = path.relative(REPO_ROOT, src);
        if (!rel) return true;
        const top = rel.split(path.sep)[0];
        return !SKIP.has(top) && !(rel === top && top.endsWith('.vsix'));
      },
    });
    run(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs'), '--production', '--out-dir', path.join(stage, 'dist')], REPO_ROOT);
    renderIcon(path.join(stage, 'media', 'icon.png'));
    const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    fs.rmSync(vsix, { force: true });
    run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], stage);
    if (!fs.existsSync(vsix)) throw new Error(`package: vsce finished but ${vsix} is missing`);
    return vsix;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const out = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : undefined;
  try {
    console.log(buildVsix({ out }));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  }
}
