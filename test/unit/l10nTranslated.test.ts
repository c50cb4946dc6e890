// A translation reaches the user without code changes: the core's messages come out of the bundle
// @vscode/l10n is configured with (as the extension does with VS Code's bundle), arguments filled
// in, and the CLI picks l10n/bundle.l10n.<locale>.json from the folder beside its own bundle.
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import * as l10n from '@vscode/l10n';
import { bundleLocales, findBundle, requestedLocale } from '../../src/cli/locale';
import { formatReport } from '../../src/cli/report';
import { describePlan } from '../../src/remote/push';
import { check, repoRoot, tempDir } from './helpers';

const DUPLICATE = 'Key "{0}" appears more than once in this object; only the last value counts.';
const FIRST = 'first occurrence';
const NOT_PUSHED = '{0} — not pushed: {1}';
const LINE = 'line {0}: {1}';
const SUMMARY = '{0}, {1}, {2} information in {3} files checked.';
const ERRORS = '{0} errors';
const WARNING = '{0} warning';

/** A pseudo-translation: word order changed on purpose, so a concatenated message would show. */
const PSEUDO: Record<string, string> = {
  [DUPLICATE]: '[xx] Doppelt: „{0}“ (nur der letzte Wert zählt).',
  [FIRST]: '[xx] erstes Vorkommen',
  [NOT_PUSHED]: '[xx] nicht gesendet ({1}): {0}',
  [LINE]: '[xx] {1} (Zeile {0})',
  [SUMMARY]: '[xx] {3} Dateien geprüft: {0}; {1}; {2} Hinweise.',
  [ERRORS]: '[xx] {0} Fehler',
  [WARNING]: '[xx] {0} Warnung',
};

describe('translations through @vscode/l10n', () => {
  after(() => l10n.config({ contents: {} }));

  it('every pseudo-translated message is one the code says (so the test keys cannot go stale)', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(PSEUDO).filter((k) => !(k in bundle)), []);
  });

  it('a validator diagnostic, a push plan line and the CLI summary come out translated, arguments filled in', () => {
    l10n.config({ contents: PSEUDO });
    const found = check('{ "valohai.tags": ["a"], "valohai.tags": ["b"] }', 'sidecar');
    const dup = found.find((f) => f.code === 'duplicate-key');
    assert.equal(dup?.message, '[xx] Doppelt: „valohai.tags“ (nur der letzte Wert zählt).');

    const plan = describePlan([{ line: 3, label: 'frame.jpg', properties: {}, problem: 'no datum named frame.jpg in the project' }]);
    assert.equal(plan, '[xx] nicht gesendet (no datum named frame.jpg in the project): [xx] frame.jpg (Zeile 3)');

    const finding = { file: 'a.json', line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error' as const, code: 'invalid-json' as const, message: 'm' };
    const text = formatReport('text', { findings: [finding, { ...finding }, { ...finding, severity: 'warning' }], checked: 4, notes: [], cwd: repoRoot });
    assert.equal(text.trimEnd().split('\n').pop(), '[xx] 4 Dateien geprüft: [xx] 2 Fehler; [xx] 1 Warnung; 0 Hinweise.');

    // Messages the bundle does not have stay English (and still get their arguments).
    l10n.config({ contents: {} });
    assert.equal(check('{ "valohai.tags": ["a"], "valohai.tags": ["b"] }', 'sidecar').find((f) => f.code === 'duplicate-key')?.message, 'Key "valohai.tags" appears more than once in this object; only the last value counts.');
  });
});

describe('the CLI picks its translation by locale', () => {
  it('reads DATUM_STUDIO_LOCALE first, then LC_ALL, LC_MESSAGES and LANG', () => {
    assert.equal(requestedLocale({ DATUM_STUDIO_LOCALE: 'fi', LC_ALL: 'de_DE.UTF-8', LANG: 'sv_SE.UTF-8' }), 'fi');
    assert.equal(requestedLocale({ LC_ALL: '', LC_MESSAGES: 'de_AT.UTF-8', LANG: 'sv_SE.UTF-8' }), 'de_AT.UTF-8');
    assert.equal(requestedLocale({ LANG: 'sv_SE.UTF-8' }), 'sv_SE.UTF-8');
    assert.equal(requestedLocale({}), undefined);
    assert.deepEqual(bundleLocales('de_DE.UTF-8'), ['de-de', 'de']);
    assert.deepEqual(bundleLocales('pt-BR'), ['pt-br', 'pt']);
    assert.deepEqual(bundleLocales('sr_RS@latin'), ['sr-rs', 'sr']);
    assert.deepEqual(bundleLocales('ja'), ['ja']);
    for (const english of ['C', 'POSIX', 'C.UTF-8', 'en_US.UTF-8', 'en']) assert.deepEqual(bundleLocales(english), [], english);
  });

  it('prefers the region bundle, falls back to the language, and to English when neither exists', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bundle.l10n.de.json'), '{}');
    assert.equal(findBundle({ LANG: 'de_AT.UTF-8' }, dir), path.join(dir, 'bundle.l10n.de.json'));
    fs.writeFileSync(path.join(dir, 'bundle.l10n.de-at.json'), '{}');
    assert.equal(findBundle({ LANG: 'de_AT.UTF-8' }, dir), path.join(dir, 'bundle.l10n.de-at.json'));
    assert.equal(findBundle({ LANG: 'fr_FR.UTF-8' }, dir), undefined);
    assert.equal(findBundle({}, dir), undefined);
  });

  it('a bundle dropped into the shipped l10n/ folder is used under DATUM_STUDIO_LOCALE, with no code change', () => {
    // A copy of what ships (bin/, dist/cli.js, l10n/, schemas/), so the CLI finds l10n/ beside its own bundle.
    const root = tempDir();
    fs.cpSync(path.join(repoRoot, 'bin'), path.join(root, 'bin'), { recursive: true });
    fs.mkdirSync(path.join(root, 'dist'));
    fs.copyFileSync(path.join(repoRoot, 'dist', 'cli.js'), path.join(root, 'dist', 'cli.js'));
    fs.cpSync(path.join(repoRoot, 'l10n'), path.join(root, 'l10n'), { recursive: true });
    fs.cpSync(path.join(repoRoot, 'schemas'), path.join(root, 'schemas'), { recursive: true });
    fs.writeFileSync(path.join(root, 'l10n', 'bundle.l10n.xx.json'), JSON.stringify({ [DUPLICATE]: PSEUDO[DUPLICATE], 'Name at least one file or folder.': '[xx] Nenne eine Datei.', [ERRORS]: PSEUDO[ERRORS] }));
    const work = tempDir();
    fs.writeFileSync(path.join(work, 'a.metadata.json'), '{ "valohai.tags": ["a"], "valohai.tags": ["b"] }\n');
    fs.writeFileSync(path.join(work, 'a'), 'data');
    fs.copyFileSync(path.join(work, 'a.metadata.json'), path.join(work, 'b.metadata.json'));
    fs.writeFileSync(path.join(work, 'b'), 'data');
    const run = (args: string[], env: NodeJS.ProcessEnv) => {
      const r = spawnSync(process.execPath, [path.join(root, 'bin', 'datum-studio.js'), ...args], { cwd: work, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };

    const xx = run(['validate', 'a.metadata.json'], { DATUM_STUDIO_LOCALE: 'xx' });
    assert.equal(xx.code, 0, xx.stderr);
    assert.match(xx.stdout, /^a\.metadata\.json:1:26: warning duplicate-key: \[xx\] Doppelt: „valohai\.tags“ \(nur der letzte Wert zählt\)\.$/m);
    assert.match(xx.stdout, /^\[xx\] 0 Fehler, 1 warning, 0 information in 1 file checked\.$/m);
    const usage = run(['validate'], { LANG: 'xx_YY.UTF-8' });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /^datum-studio: \[xx\] Nenne eine Datei\.$/m);
    // Worker threads pick the same bundle.
    const jobs = run(['validate', '--jobs', '2', 'a.metadata.json', 'b.metadata.json'], { DATUM_STUDIO_LOCALE: 'xx' });
    assert.match(jobs.stdout, /^a\.metadata\.json:1:26: warning duplicate-key: \[xx\] Doppelt/m);
    assert.match(jobs.stdout, /^b\.metadata\.json:1:26: warning duplicate-key: \[xx\] Doppelt/m);

    const english = run(['validate', 'a.metadata.json'], { LANG: 'fr_FR.UTF-8' });
    assert.match(english.stdout, /warning duplicate-key: Key "valohai\.tags" appears more than once/);

    fs.writeFileSync(path.join(root, 'l10n', 'bundle.l10n.xx.json'), '{ not json');
    const broken = run(['validate', 'a.metadata.json'], { DATUM_STUDIO_LOCALE: 'xx' });
    assert.equal(broken.code, 0);
    assert.match(broken.stderr, /bundle\.l10n\.xx\.json is not a readable translation bundle/);
    assert.match(broken.stdout, /warning duplicate-key: Key "valohai\.tags" appears more than once/);
  });
});
