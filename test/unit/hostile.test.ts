// The hostile-input suite's small set, in the unit tier: every generated file (test/fuzz/hostile.ts)
// is run through the real CLI in its own process; each must end on its own with exit code 0, 1 or 2,
// no stack trace, and, for the repros, the exact result. `npm run fuzz` runs the full set.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { after, describe, it } from 'node:test';
import { generateHostileFiles, openUp, runCase, judge, unprivilegedUser } from '../fuzz/hostile';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-hostile-'));
openUp(root);
const cases = generateHostileFiles(root, false);
const user = unprivilegedUser();

// Generous limits: they catch a hang or a blow-up, never a slow machine (runs take well under 1 s).
const limits = { timeoutMs: 120_000, heapMB: 2048 };

describe('hostile input: the CLI never crashes, hangs or lies', { concurrency: 2 }, () => {
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the small set covers every kind of hostile file', () => {
    assert.ok(cases.length >= 80, String(cases.length));
    for (const kind of [/130,000 problems/, /FIFO/, /dev\/zero/, /chmod 000/, /UTF-16/, /truncated/, /random bytes/, /\*\*\//, /CR only/, /huge string/]) {
      assert.ok(cases.some((c) => kind.test(c.name)), String(kind));
    }
  });

  for (const c of cases) {
    const skip = c.unprivileged && 'skip' in user ? user.skip : undefined;
    it(c.name, { skip }, async () => {
      const r = await runCase(c, limits);
      const verdict = judge(c, r);
      assert.ok(verdict.ok, verdict.ok ? '' : `${verdict.kind}: ${verdict.why}`);
    });
  }
});

describe('bin/datum-studio.js: whatever goes wrong, one line and exit 2', () => {
  // The real launcher, copied beside a stand-in for the bundle that fails in each way.
  const failures: Record<string, string> = {
    'a rejected promise': "exports.main = async () => { throw new RangeError('Maximum call stack size exceeded'); };",
    'a synchronous throw': "exports.main = () => { throw new Error('boom'); };",
    'an error thrown later': "exports.main = () => new Promise(() => setTimeout(() => { throw new TypeError('late'); }, 1));",
    'a bundle that does not load': "throw new SyntaxError('bad bundle');",
  };
  for (const [label, body] of Object.entries(failures)) {
    it(label, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-bin-'));
      try {
        fs.mkdirSync(path.join(dir, 'bin'));
        fs.mkdirSync(path.join(dir, 'dist'));
        fs.copyFileSync(path.join(__dirname, '..', '..', '..', 'bin', 'datum-studio.js'), path.join(dir, 'bin', 'datum-studio.js'));
        fs.writeFileSync(path.join(dir, 'dist', 'cli.js'), body);
        const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'datum-studio.js'), 'validate', '.'], { encoding: 'utf8', env: { ...process.env, DATUM_STUDIO_DEBUG: '' } });
        assert.equal(r.status, 2);
        assert.match(r.stderr, /^datum-studio: internal error: \w*(Error: )?.+\n$/);
        assert.equal(r.stderr.split('\n').length, 2, r.stderr);
        assert.doesNotMatch(r.stderr, /\s+at /);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
