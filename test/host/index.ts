// Entry point loaded by VS Code as `extensionTestsPath`: runs inside the real extension host, so
// tests get the real `vscode` API. The workbench calls codeAutomationExit when run() settles.
//
// Mocha's reporter output goes to the extension host's console, which only reaches the runner as a
// noisy log stream. So besides the spec output we write a small results JSON to
// $DATUM_TEST_RESULTS; the runners (scripts/run-host-tests.mjs, test/host/electron.ts) print it.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { noteFixturesAtStart, restoreFixtures } from './helpers';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
  durationMs?: number;
}

export interface HostResults {
  passed: number;
  failed: number;
  tests: TestResult[];
}

/**
 * Compiled `*.test.js` files, found without a glob dependency. The suites in sub-folders run in
 * runs of their own (scripts/run-host-tests.mjs sets DATUM_TEST_SUITE: `installed` against the
 * installed .vsix, `restricted` in an untrusted folder); without it, the files of this folder only.
 */
export const SUITE_FOLDERS = ['installed', 'restricted'];

function findTests(dir: string, recurse: boolean): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recurse && !SUITE_FOLDERS.includes(entry.name)) found.push(...findTests(full, true));
    } else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

function writeResults(results: HostResults): void {
  const file = process.env.DATUM_TEST_RESULTS;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec',
    // Each test gets the fixture workspace as it was (helpers.ts restoreFixtures): what one test
    // edited, created or deleted never reaches the next.
    rootHooks: {
      beforeEach: noteFixturesAtStart,
      async afterEach(this: Mocha.Context) {
        const changed = await restoreFixtures();
        if (changed.length) console.log(`[fixtures] restored after "${this.currentTest?.fullTitle()}": ${changed.join(', ')}`);
      },
    },
  });
  // Optional filter, e.g. DATUM_TEST_GREP=preview npm run test:host
  if (process.env.DATUM_TEST_GREP) mocha.grep(process.env.DATUM_TEST_GREP);
  const results: HostResults = { passed: 0, failed: 0, tests: [] };

  return new Promise<void>((resolve, reject) => {
    try {
      const suite = process.env.DATUM_TEST_SUITE;
      if (suite && !SUITE_FOLDERS.includes(suite)) throw new Error(`Unknown DATUM_TEST_SUITE "${suite}" (known: ${SUITE_FOLDERS.join(', ')})`);
      for (const file of suite ? findTests(path.join(__dirname, suite), true) : findTests(__dirname, true)) mocha.addFile(file);
      const runner = mocha.run((failures) => {
        writeResults(results);
        if (failures > 0 || results.failed > 0) reject(new Error(`${results.failed} extension-host test(s) failed`));
        else if (results.passed === 0) reject(new Error('No extension-host tests ran'));
        else resolve();
      });
      runner.on('pass', (test) => {
        results.passed++;
        results.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
      });
      // Also fires for failing hooks (before/after), which then count as one failure.
      runner.on('fail', (test, err) => {
        results.failed++;
        results.tests.push({ title: test.fullTitle(), state: 'failed', error: describeError(err), durationMs: test.duration });
      });
      runner.on('pending', (test) => {
        results.tests.push({ title: test.fullTitle(), state: 'pending' });
      });
    } catch (err) {
      // e.g. a test file that throws while loading: report it as a failure rather than hanging.
      results.failed++;
      results.tests.push({ title: '(loading extension-host tests)', state: 'failed', error: describeError(err) });
      writeResults(results);
      reject(err);
    }
  });
}
