// The README promises what each sample shows and documents every code: keep both true.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { validatePaths } from '../../src/cli/main';
import { PROBLEM_CODES } from '../../src/validation/problems';
import { repoRoot } from './helpers';

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

describe('README', () => {
  it('documents every diagnostic code', () => {
    for (const code of Object.keys(PROBLEM_CODES)) assert.match(readme, new RegExp(`^\\| \`${code}\` \\|`, 'm'), code);
  });

  it('says exactly which diagnostics each sample shows', async () => {
    const promised = new Map<string, string[]>();
    for (const row of readme.matchAll(/^\| `(samples\/[^`]+)` \| (.*) \|$/gm)) {
      promised.set(row[1], [...row[2].matchAll(/L(\d+) `([a-z-]+)`/g)].map((m) => `${m[1]} ${m[2]}`));
    }
    assert.ok(promised.size >= 8);
    const { findings } = await validatePaths([path.join(repoRoot, 'samples')], [], repoRoot);
    const actual = new Map<string, string[]>();
    for (const f of findings) actual.set(f.file, [...(actual.get(f.file) ?? []), `${f.line} ${f.code}`]);
    assert.deepEqual(Object.fromEntries(actual), Object.fromEntries(promised));
  });
});
