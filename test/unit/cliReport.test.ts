// The CLI as a CI tool: SARIF (checked against the official OASIS schema), GitHub workflow
// commands, the problem matcher package.json contributes, severity overrides, --max-warnings,
// --jobs and --shard. The CLI is run as users run it (bin/datum-studio.js in a child process).
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { escapeGithubData, escapeGithubProperty, formatGithub, helpUri, readmeUrl, type CliFinding } from '../../src/cli/report';
import { PROBLEM_CODES } from '../../src/validation/problems';
import { repoRoot, tempDir } from './helpers';

const bin = path.join(repoRoot, 'bin', 'datum-studio.js');
const SARIF_SCHEMA = path.join(repoRoot, '..', 'shared', 'schemas', 'sarif-schema-2.1.0.json');

function run(args: string[], cwd = repoRoot) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json(args: string[], cwd = repoRoot): CliFinding[] {
  return JSON.parse(run(['validate', '--format', 'json', ...args], cwd).stdout) as CliFinding[];
}

/** The text a 1-based, end-exclusive, UTF-16 region covers. */
function regionText(text: string, r: { startLine: number; startColumn: number; endLine: number; endColumn: number }): string {
  const lines = text.split(/\r?\n/);
  let start = 0;
  for (let i = 0; i < r.startLine - 1; i++) start += lines[i].length + (text.slice(start + lines[i].length, start + lines[i].length + 2) === '\r\n' ? 2 : 1);
  let end = 0;
  for (let i = 0; i < r.endLine - 1; i++) end += lines[i].length + (text.slice(end + lines[i].length, end + lines[i].length + 2) === '\r\n' ? 2 : 1);
  return text.slice(start + r.startColumn - 1, end + r.endColumn - 1);
}

/** A folder whose lines have CRLF endings and non-ASCII (two-unit emoji, accents) before the problems. */
function crlfUnicodeFolder(): string {
  const dir = tempDir();
  fs.writeFileSync(
    path.join(dir, 'räksmörgås.txt.metadata.json'),
    ['{', '  "note": "🦀 déjà vu", "valohai.tags": "ä-🦀"  ,', '  "valohai.alias": ["🦀"], "valohai.tagz": []', '}', ''].join('\r\n'),
  );
  fs.writeFileSync(path.join(dir, 'räksmörgås.txt'), 'data');
  return dir;
}

describe('--format sarif', () => {
  it('is valid SARIF 2.1.0 by the official OASIS schema, one result per problem', () => {
    const schema = JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')) as Record<string, unknown>;
    assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);

    const findings = json(['samples']);
    const { code, stdout } = run(['validate', '--format', 'sarif', 'samples']);
    assert.equal(code, 1);
    const sarif = JSON.parse(stdout) as { version: string; runs: unknown[] };
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.equal(sarif.version, '2.1.0');
    const runs = sarif.runs as { tool: { driver: { rules: { id: string; helpUri: string; shortDescription: { text: string } }[] } }; results: Record<string, unknown>[] }[];
    assert.equal(runs.length, 1);
    const { rules } = runs[0].tool.driver;
    // The rule list is the one list of codes, so a new code appears without touching the CLI.
    assert.deepEqual(rules.map((r) => r.id), Object.keys(PROBLEM_CODES));
    for (const r of rules) {
      assert.equal(r.helpUri, helpUri(r.id));
      assert.ok(r.shortDescription.text.length > 10, r.id);
    }
    const results = runs[0].results as {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[];
    }[];
    assert.equal(results.length, findings.length);
    const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
    results.forEach((r, i) => {
      const f = findings[i];
      assert.equal(r.ruleId, f.code);
      assert.equal(rules[r.ruleIndex].id, f.code);
      assert.equal(r.level, level[f.severity]);
      assert.equal(r.message.text, f.message);
      const loc = r.locations[0].physicalLocation;
      assert.deepEqual(loc.artifactLocation, { uri: f.file, uriBaseId: 'SRCROOT' });
      assert.deepEqual(loc.region, { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn });
    });
    const negative = results.find((r) => r.ruleId === 'bbox-negative-size')!;
    assert.deepEqual(negative.locations[0].physicalLocation.region, { startLine: 6, startColumn: 51, endLine: 6, endColumn: 55 });
  });

  it('regions are exact on CRLF lines with non-ASCII text (UTF-16 columns, as the run says)', () => {
    const dir = crlfUnicodeFolder();
    const text = fs.readFileSync(path.join(dir, 'räksmörgås.txt.metadata.json'), 'utf8');
    const sarif = JSON.parse(run(['validate', '--format', 'sarif', '.'], dir).stdout);
    assert.equal(sarif.runs[0].columnKind, 'utf16CodeUnits');
    const covered = (sarif.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: never } }[] }[]).map((r) => [
      r.ruleId,
      r.locations[0].physicalLocation.artifactLocation.uri,
      regionText(text, r.locations[0].physicalLocation.region),
    ]);
    const uri = encodeURIComponent('räksmörgås.txt.metadata.json');
    assert.deepEqual(covered, [
      ['tags-not-list', uri, '"ä-🦀"'],
      ['alias-not-string', uri, '["🦀"]'],
      ['unknown-reserved-key', uri, '"valohai.tagz"'],
    ]);
    assert.equal(sarif.runs[0].originalUriBaseIds.SRCROOT.uri, pathToFileURL(fs.realpathSync(dir)).href + '/');
  });

  it('each code of the one list has an anchor on its row of the README table, which the help URI names', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    for (const code of Object.keys(PROBLEM_CODES)) {
      assert.match(readme, new RegExp(`^\\| \`${code}\` \\|.*<a id="code-${code}"></a>`, 'm'), code);
      assert.ok(helpUri(code).endsWith(`#code-${code}`));
    }
  });

  it('the README URL comes from package.json: repository, else homepage, else the Marketplace page', () => {
    const pkg = { name: 'datum-studio', publisher: 'acme', version: '1.0.0' };
    assert.equal(readmeUrl({ ...pkg, repository: { url: 'git+https://github.com/acme/datum-studio.git' } }), 'https://github.com/acme/datum-studio/blob/HEAD/README.md');
    assert.equal(readmeUrl({ ...pkg, repository: 'https://github.com/acme/ds' }), 'https://github.com/acme/ds/blob/HEAD/README.md');
    assert.equal(readmeUrl({ ...pkg, homepage: 'https://example.org/ds#readme' }), 'https://example.org/ds');
    assert.equal(readmeUrl(pkg), 'https://marketplace.visualstudio.com/items?itemName=acme.datum-studio');
  });
});

describe('--format github', () => {
  it('escapes data and properties as the Actions toolkit does', () => {
    assert.equal(escapeGithubData('50% done\r\nnext: a, b'), '50%25 done%0D%0Anext: a, b');
    assert.equal(escapeGithubProperty('a:b,c%d\ne'), 'a%3Ab%2Cc%25d%0Ae');
    const out = formatGithub([
      { file: 'dir,x/we:ird%.json', line: 2, column: 3, endLine: 4, endColumn: 5, severity: 'error', code: 'wrong-type', message: 'line one\n::error::forged' },
      { file: 'a.json', line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'warning', code: 'bom', message: 'w' },
      { file: 'a.json', line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'information', code: 'jsonl-file-missing', message: 'i' },
      { file: 'a.json', line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'hint', code: 'bom', message: 'h' },
      { file: 'a.json', line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', code: 'unknown-key', message: 'key "\u001b[2K\u202e" is unknown' },
    ]);
    assert.deepEqual(out.split('\n'), [
      '::error file=dir%2Cx/we%3Aird%25.json,line=2,col=3,endLine=4,endColumn=5,title=Datum Studio (wrong-type)::line one%0A::error::forged',
      '::warning file=a.json,line=1,col=1,endLine=1,endColumn=2,title=Datum Studio (bom)::w',
      '::notice file=a.json,line=1,col=1,endLine=1,endColumn=2,title=Datum Studio (jsonl-file-missing)::i',
      '::notice file=a.json,line=1,col=1,endLine=1,endColumn=2,title=Datum Studio (bom)::h',
      '::error file=a.json,line=1,col=1,endLine=1,endColumn=2,title=Datum Studio (unknown-key)::key "\\u001b[2K\\u202e" is unknown',
      '',
    ]);
  });

  it('prints one workflow command per problem, then the count, with the exit code of the text format', () => {
    const findings = json(['samples']);
    const { code, stdout } = run(['validate', '--format', 'github', 'samples']);
    assert.equal(code, 1);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, findings.length + 1);
    const command = /^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=Datum Studio \(([a-z-]+)\)::(.*)$/;
    findings.forEach((f, i) => {
      const m = command.exec(lines[i]);
      assert.ok(m, lines[i]);
      assert.deepEqual(m.slice(1), [f.severity === 'information' || f.severity === 'hint' ? 'notice' : f.severity, f.file, String(f.line), String(f.column), String(f.endLine), String(f.endColumn), f.code, escapeGithubData(f.message)]);
    });
    // The same count line as the text format.
    assert.match(lines.at(-1)!, /^\d+ errors?, \d+ warnings?, \d+ information in \d+ files? checked\.$/);
    assert.equal(lines.at(-1), run(['validate', 'samples']).stdout.trimEnd().split('\n').at(-1));
  });
});

describe('the problem matcher in package.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const matcher = (pkg.contributes.problemMatchers as { name: string; owner: string; fileLocation: string[]; pattern: Record<string, string | number> }[]).find((m) => m.name === 'datum-studio')!;

  it('reads every line of the real text output, and nothing else', () => {
    assert.ok(matcher, 'a problem matcher named datum-studio');
    assert.equal(matcher.owner, 'datumStudio');
    const re = new RegExp(String(matcher.pattern.regexp));
    const group = (m: RegExpExecArray, key: string) => m[Number(matcher.pattern[key])];
    // VS Code reads "error", "warning", "info" and "hint" (not "information": that would become an error).
    const vscodeSeverity = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };
    for (const [args, cwd] of [[['samples'], repoRoot], [['.'], crlfUnicodeFolder()]] as const) {
      const findings = json([...args], cwd);
      const lines = run(['validate', ...args], cwd).stdout.trimEnd().split('\n');
      assert.equal(lines.length, findings.length + 1);
      findings.forEach((f, i) => {
        const m = re.exec(lines[i]);
        assert.ok(m, lines[i]);
        assert.deepEqual(
          ['file', 'line', 'column', 'severity', 'code', 'message'].map((k) => group(m, k)),
          [f.file, String(f.line), String(f.column), vscodeSeverity[f.severity], f.code, f.message],
        );
      });
      assert.equal(re.exec(lines.at(-1)!), null, 'the count line is not a problem');
    }
  });
});

describe('severity overrides from .vscode/settings.json, and --max-warnings', () => {
  function folder(settings?: string): string {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.json'), '{"images": [{"image": "ghost.png", "annotations": [{"label": "x", "bbox": [1, 2, 3, 4], "colour": 1}]}]}');
    if (settings !== undefined) {
      fs.mkdirSync(path.join(dir, '.vscode'));
      fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), settings);
    }
    return dir;
  }
  const summary = (f: CliFinding[]) => f.map((x) => `${x.code} ${x.severity}`);

  it('turns codes off or changes their severity, and the exit code follows', () => {
    const plain = folder();
    assert.deepEqual(summary(json(['.'], plain)), ['image-not-found warning', 'unknown-key warning']);
    assert.equal(run(['validate', '.'], plain).code, 0);

    const dir = folder('{\n  // as in the README\n  "datumStudio.diagnostics.severity": {"image-not-found": "off", "unknown-key": "error"},\n}');
    assert.deepEqual(summary(json(['.'], dir)), ['unknown-key error']);
    const text = run(['validate', '.'], dir);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^a\.json:1:\d+: error unknown-key: /);
    assert.match(text.stdout, /1 error, 0 warnings, 0 information in 1 file checked/);
    // The same in every format: SARIF says error, GitHub ::error.
    assert.equal(JSON.parse(run(['validate', '--format', 'sarif', '.'], dir).stdout).runs[0].results[0].level, 'error');
    assert.match(run(['validate', '--format', 'github', '.'], dir).stdout, /^::error file=a\.json,.*\(unknown-key\)/);

    const lower = folder('{"datumStudio.diagnostics.severity": {"unknown-key": "information", "image-not-found": "hint"}}');
    assert.deepEqual(summary(json(['.'], lower)), ['image-not-found hint', 'unknown-key information']);
  });

  it('says which entries it ignored', () => {
    const dir = folder('{"datumStudio.diagnostics.severity": {"unknown-key": "fatal", "image-not-fund": "off"}}');
    const { stderr, stdout } = run(['validate', '.'], dir);
    assert.match(stderr, /"unknown-key" has level "fatal"; use one of error, warning, information, hint, off\. Ignored\./);
    assert.match(stderr, /"image-not-fund" is not a Datum Studio diagnostic code/);
    assert.match(stdout, /0 errors, 2 warnings/);
  });

  it('--max-warnings N exits 1 when there are more than N warnings', () => {
    const dir = folder();
    assert.equal(run(['validate', '--max-warnings', '2', '.'], dir).code, 0);
    const over = run(['validate', '--max-warnings=1', '.'], dir);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /2 warnings, more than --max-warnings 1/);
    assert.equal(run(['validate', '--max-warnings', '0', '.'], dir).code, 1);
    assert.equal(run(['validate', '--max-warnings', '-1', '.'], dir).code, 2);
    assert.equal(run(['validate', '--max-warnings', 'many', '.'], dir).code, 2);
    // Warnings turned off do not count.
    assert.equal(run(['validate', '--max-warnings', '0', '.'], folder('{"datumStudio.diagnostics.severity": {"unknown-key": "off", "image-not-found": "information"}}')).code, 0);
  });
});

describe('--jobs and --shard', () => {
  /** Many small files of every kind, with problems, in nested folders. */
  function manyFiles(): string {
    const dir = tempDir();
    for (let i = 0; i < 120; i++) {
      const sub = path.join(dir, `d${i % 7}`, `e${i % 3}`);
      fs.mkdirSync(sub, { recursive: true });
      fs.writeFileSync(path.join(sub, `f${i}.txt.metadata.json`), i % 4 === 0 ? `{"valohai.tags": ${i}}` : `{"valohai.tags": ["t${i}"], "n": ${i}}`);
      if (i % 2) fs.writeFileSync(path.join(sub, `f${i}.txt`), '');
      if (i % 10 === 0) fs.writeFileSync(path.join(sub, `ann${i}.json`), `{"images": [{"image": "x${i}.png", "annotations": [{"label": "a", "bbox": [0, 0, -${i + 1}, 2]}]}]}`);
    }
    fs.writeFileSync(path.join(dir, 'valohai.metadata.jsonl'), '{"file": "nope.bin", "metadata": {"valohai.alias": [1]}}\n{"dataset": 3}\n');
    return dir;
  }

  it('gives the same output, byte for byte, in every format, with any number of jobs', () => {
    const dir = manyFiles();
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const one = run(['validate', '--format', format, '.'], dir);
      assert.equal(one.code, 1);
      for (const jobs of ['2', '3']) {
        const many = run(['validate', '--format', format, '--jobs', jobs, '.'], dir);
        assert.equal(many.code, one.code);
        assert.equal(many.stdout, one.stdout, `${format} --jobs ${jobs}`);
      }
    }
    assert.match(run(['validate', '.'], dir).stdout, /in 133 files checked/);
  });

  it('N shards are disjoint and together give exactly the unsharded result', () => {
    const dir = manyFiles();
    const all = json(['.'], dir);
    const text = run(['validate', '.'], dir).stdout;
    const checked = (out: string) => Number(/in (\d+) files? checked/.exec(out)![1]);
    for (const n of [2, 3]) {
      const shards = Array.from({ length: n }, (_, k) => json(['--shard', `${k + 1}/${n}`, '.'], dir));
      const filesOf = shards.map((s) => new Set(s.map((f) => f.file)));
      for (let a = 0; a < n; a++) {
        assert.ok(filesOf[a].size > 0, `shard ${a + 1}/${n} is not empty`);
        for (let b = a + 1; b < n; b++) for (const file of filesOf[a]) assert.ok(!filesOf[b].has(file), `${file} in two shards`);
      }
      const union = shards.flat().sort((x, y) => all.indexOf(x) - all.indexOf(y));
      const key = (f: CliFinding) => JSON.stringify(f);
      assert.deepEqual(shards.flat().map(key).sort(), all.map(key).sort());
      assert.equal(union.length, all.length);
      const counts = Array.from({ length: n }, (_, k) => checked(run(['validate', '--shard', `${k + 1}/${n}`, '.'], dir).stdout));
      assert.equal(counts.reduce((a, b) => a + b), checked(text));
    }
    // Jobs and shards together.
    assert.equal(run(['validate', '--shard', '2/3', '--jobs', '2', '.'], dir).stdout, run(['validate', '--shard', '2/3', '.'], dir).stdout);
  });

  it('rejects bad --jobs and --shard values', () => {
    for (const args of [['--jobs', '0'], ['--jobs', 'x'], ['--shard', '0/2'], ['--shard', '3/2'], ['--shard', '1'], ['--shard', 'a/b']]) {
      const r = run(['validate', ...args, 'samples']);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, new RegExp(args[0]));
    }
  });
});
