// Bundles the extension host code and the CLI with esbuild. Types are checked separately
// (`npm run typecheck`), so this stays fast enough to run before every test and start.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // jsonc-parser's UMD entry uses a dynamic require esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
  // The local Valohai API emulator, for `npm start` (not packaged: .vscodeignore lists what ships).
  { ...common, entryPoints: ['src/emulator/main.ts'], outfile: 'dist/emulator.js' },
  // The overlay preview's page script runs in the webview (Chromium), not in Node.
  { ...common, platform: 'browser', format: 'iife', target: 'chrome120', entryPoints: ['src/preview/page/main.ts'], outfile: 'dist/webview.js' },
];

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
