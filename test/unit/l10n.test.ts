// The runtime strings bundle cannot go stale: every `vscode.l10n.t(...)` message in src/ is in
// l10n/bundle.l10n.json (extracted with the same @vscode/l10n-dev extractor `npm run l10n` runs),
// nothing in the bundle is a message the code no longer has, and every call's message is a string
// literal (a computed message is invisible to the extractor, so it could never be translated).
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { getL10nJson } from '@vscode/l10n-dev';
import { repoRoot } from './helpers';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

const files = sourceFiles(path.join(repoRoot, 'src'));
const bundle: Record<string, unknown> = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.json'), 'utf8'));

/** The message of an l10n.t entry: a plain key, or the `message` of one with a translator comment. */
function messageOf(key: string, value: unknown): string {
  return value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string' ? (value as { message: string }).message : key;
}

describe('l10n bundle', () => {
  it('holds exactly the vscode.l10n.t messages of src/ (run `npm run l10n` after changing one)', async () => {
    const extracted = await getL10nJson(files.map((f) => ({ contents: fs.readFileSync(f, 'utf8'), extension: path.extname(f) })));
    const wanted = Object.keys(extracted);
    assert.ok(wanted.length > 150, `only ${wanted.length} messages extracted`);
    assert.deepEqual(wanted.filter((k) => !(k in bundle)), [], 'messages in src/ missing from l10n/bundle.l10n.json');
    assert.deepEqual(Object.keys(bundle).filter((k) => !(k in extracted)), [], 'messages in l10n/bundle.l10n.json that src/ no longer has');
    // English is the default: the bundle's text of each message is the message itself.
    for (const [key, value] of Object.entries(bundle)) assert.equal(typeof value === 'string' ? value : messageOf(key, value), messageOf(key, extracted[key]), key);
  });

  it('every l10n.t call passes its message as a string literal', () => {
    const computed: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bl10n\.t\(\s*(.)/g)) {
        if (!['\'', '"', '{'].includes(m[1])) computed.push(`${path.relative(repoRoot, file)}: ${text.slice(m.index, m.index + 40)}`);
      }
    }
    assert.deepEqual(computed, []);
  });

  it('package.json points VS Code at the bundle, and .vscodeignore ships it', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    assert.equal(pkg.l10n, './l10n');
    const allow = fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8').split(/\r?\n/).map((l) => l.trim());
    assert.ok(allow.includes('!l10n/**'), '.vscodeignore must allow l10n/**');
  });

  it('the pure core says its messages through @vscode/l10n, never vscode.l10n (it is shared with the CLI, which has no vscode)', () => {
    const core = files.filter((f) => /[\\/]src[\\/](validation|cli|emulator|core|remote|language|annotations|evaluation|formats)[\\/]/.test(f));
    assert.ok(core.length > 20);
    assert.deepEqual(core.filter((f) => /\bvscode\.l10n\b/.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(repoRoot, f)), []);
    const untranslatable = core.filter((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return /\bl10n\.t\(/.test(text) && !/import \* as l10n from '@vscode\/l10n'/.test(text);
    });
    assert.deepEqual(untranslatable.map((f) => path.relative(repoRoot, f)), [], 'core files calling l10n.t must import it from @vscode/l10n');
  });
});
