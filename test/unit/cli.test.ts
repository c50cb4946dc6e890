import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { repoRoot, tempDir } from './helpers';

const bin = path.join(repoRoot, 'bin', 'datum-studio.js');

function run(args: string[], cwd = repoRoot) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('datum-studio validate (CLI)', () => {
  it('prints the documented JSON for the samples and exits 1 on errors', () => {
    const { code, stdout } = run(['validate', '--format', 'json', 'samples']);
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as Record<string, unknown>[];
    assert.ok(findings.length > 10);
    for (const f of findings) {
      assert.deepEqual(Object.keys(f), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
      assert.match(String(f.file), /^samples\//);
      assert.ok(['error', 'warning', 'information', 'hint'].includes(String(f.severity)));
      assert.ok(Number(f.line) >= 1 && Number(f.column) >= 1);
    }
    const neg = findings.find((f) => f.code === 'bbox-negative-size');
    assert.deepEqual(neg, {
      file: 'samples/annotations/predictions-broken.json',
      line: 6,
      column: 51,
      endLine: 6,
      endColumn: 55,
      severity: 'error',
      code: 'bbox-negative-size',
      message: 'bbox width must not be negative (-180).',
    });
    // The good samples give nothing.
    for (const good of ['samples/annotations/street.json', 'samples/outputs/model.h5.metadata.json', 'samples/file-metadata/files.json']) {
      assert.equal(findings.filter((f) => f.file === good).length, 0, good);
    }
  });

  it('exits 0 when there are only warnings or nothing', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'x.txt.metadata.json'), '{"valohai.tagz": []}');
    const { code, stdout } = run(['validate', dir], dir);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /warning unknown-reserved-key/);
    assert.match(stdout, /0 errors, 1 warning, 1 information in 1 file checked\./);
  });

  it('text output is file:line:column: severity code: message', () => {
    const { stdout } = run(['validate', 'samples/outputs/results.csv.metadata.json']);
    assert.match(stdout.split('\n')[0], /^samples\/outputs\/results\.csv\.metadata\.json:2:19: error tags-not-list: /);
  });

  it('exits 2 on bad usage', () => {
    assert.equal(run([]).code, 2);
    assert.equal(run(['check', 'x']).code, 2);
    assert.equal(run(['validate']).code, 2);
    assert.equal(run(['validate', '--format', 'xml', 'samples']).code, 2);
    assert.equal(run(['validate', '--bogus', 'samples']).code, 2);
    const missing = run(['validate', 'no/such/path']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No such file or folder: no\/such\/path/);
    assert.equal(run(['--help']).code, 0);
  });

  it('skips unrelated JSON in folders, and reads globs from .vscode/settings.json', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name": "x", "files": ["dist"]}');
    fs.mkdirSync(path.join(dir, 'labels'));
    fs.writeFileSync(path.join(dir, 'labels', 'custom.json'), '{"images": []}');
    assert.match(run(['validate', '.'], dir).stdout, /in 0 files checked/);
    fs.mkdirSync(path.join(dir, '.vscode'));
    fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), '{\n  // comments are fine here\n  "datumStudio.files.annotations": ["labels/*.json"],\n}');
    const { stdout } = run(['validate', '.'], dir);
    assert.match(stdout, /in 1 file checked/);
  });
});
