// Bundles the extension host code and the CLI with esbuild. Types are checked separately
// (`npm run typecheck`), so this stays fast enough to run before every test and start.
// `--production [--out-dir <dir>]` (used by `npm run package`): minified, no source maps, no
// emulator, written to <dir> (default dist/).
import path from 'node:path';
import * as esbuild from 'esbuild';

const argv = process.argv.slice(2);
const watch = argv.includes('--watch');
const production = argv.includes('--production');
const outDir = argv.includes('--out-dir') ? path.resolve(argv[argv.indexOf('--out-dir') + 1]) : 'dist';
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's UMD entry uses a dynamic require esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: `${outDir}/extension.js`, external: ['vscode'] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: `${outDir}/cli.js` },
  // The full-pass worker thread of the live diagnostics (src/validation/fullPassClient.ts starts it from dist/).
  { ...common, entryPoints: ['src/validation/fullPassWorker.ts'], outfile: `${outDir}/fullPassWorker.js` },
  // The local Valohai API emulator, for `npm start` (not packaged: .vscodeignore lists what ships).
  ...(production ? [] : [{ ...common, entryPoints: ['src/emulator/main.ts'], outfile: `${outDir}/emulator.js` }]),
  // The overlay preview's page script runs in the webview (Chromium), not in Node.
  { ...common, platform: 'browser', format: 'iife', target: 'chrome120', entryPoints: ['src/preview/page/main.ts'], outfile: `${outDir}/webview.js` },
];

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
