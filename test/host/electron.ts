// The same extension-host tests through @vscode/test-electron (`npm run test:electron`). It downloads
// VS Code from Microsoft's servers, so it only works on machines that are online; offline, use
// `npm run test:host` (scripts/run-host-tests.mjs, VS Code server + Chromium).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import type { HostResults } from './index';

async function main(): Promise<number> {
  const repoRoot = path.resolve(__dirname, '../../..'); // out/test/host -> repo
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-electron-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(repoRoot, 'test/fixtures/workspace'), workspace, { recursive: true });
  const resultsFile = path.join(tmp, 'results.json');
  let exitCode = 1;
  try {
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out/test/host/index.js'),
      launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust'],
      extensionTestsEnv: { DATUM_TEST_RESULTS: resultsFile },
    });
    exitCode = 0;
  } catch (err) {
    console.error(`VS Code tests failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  let results: HostResults | undefined;
  try {
    results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as HostResults;
  } catch {
    console.error(`No results file at ${resultsFile} (tests did not run)`);
    exitCode = 1;
  }
  if (results) {
    for (const t of results.tests) {
      console.log(`  ${t.state === 'passed' ? '✔' : t.state === 'failed' ? '✘' : '-'} ${t.title}`);
      if (t.error) console.log(t.error.replace(/^/gm, '      '));
    }
    if (results.failed > 0 || results.passed === 0) exitCode = 1;
    console.log(`extension-host: ${results.passed} passed, ${results.failed} failed`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  return exitCode;
}

main().then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
