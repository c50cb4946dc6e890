// The runtime strings bundle cannot go stale: every `vscode.l10n.t(...)` message in src/ is in
// l10n/bundle.l10n.json (extracted with the same @vscode/l10n-dev extractor `npm run l10n` runs),
// nothing in the bundle is a message the code no longer has, and every call's message is a string
// literal (a computed message is invisible to the extractor, so it could never be translated).
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { getL10nJson } from '@vscode/l10n-dev';
import ts from 'typescript';
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
    const core = files.filter((f) => /[\\/]src[\\/](validation|cli|emulator|core|remote|language|annotations|evaluation|formats|convert)[\\/]/.test(f));
    assert.ok(core.length > 20);
    assert.deepEqual(core.filter((f) => /\bvscode\.l10n\b/.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(repoRoot, f)), []);
    const untranslatable = core.filter((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return /\bl10n\.t\(/.test(text) && !/import \* as l10n from '@vscode\/l10n'/.test(text);
    });
    assert.deepEqual(untranslatable.map((f) => path.relative(repoRoot, f)), [], 'core files calling l10n.t must import it from @vscode/l10n');
  });

  it('the pure core has no user-facing English left outside l10n.t (messages, titles, problems and prose strings)', () => {
    const core = files.filter((f) => /[\\/]src[\\/](validation|remote|language|cli|convert)[\\/]/.test(f));
    // Deliberately English: the code reference table (README and SARIF rule texts are generated from
    // it), an installation error, a match on an evaluation note, the note that a translation failed, and
    // what a conversion writes into the files it makes (their content, not the user interface), and
    // why an edit took the full pass instead of the incremental step (for tests and benches, never shown).
    const allowed = [/^src\/validation\/incremental\.ts: /, /^src\/convert\/disk\.ts: .*Converted by Datum Studio from/, /^src\/convert\/writers\.ts: export function writeYolo\b/, /^src\/validation\/problems\.ts: export const PROBLEM_CODES\b/, /^src\/validation\/schemaValidator\.ts: .*schemas folder not found/, /^src\/cli\/compare\.ts: .*'the truth does not list'/, /^src\/cli\/locale\.ts: .*is not a readable translation bundle/];
    const left: string[] = [];
    for (const file of core) {
      const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const textOf = (n: ts.Node): string | undefined =>
        ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n.text : ts.isTemplateExpression(n) ? [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' ') : undefined;
      const report = (n: ts.Node): void => {
        let top: ts.Node = n;
        while (top.parent && top.parent !== source) top = top.parent;
        const where = `${path.relative(repoRoot, file).split(path.sep).join('/')}: ${top.getText(source).split('\n')[0]}`;
        if (!allowed.some((a) => a.test(where)) && !allowed.some((a) => a.test(`${path.relative(repoRoot, file).split(path.sep).join('/')}: ${n.getText(source)}`))) left.push(`${where.slice(0, 60)} … ${n.getText(source).slice(0, 80)}`);
      };
      const visit = (n: ts.Node, inMessage: boolean): void => {
        if (ts.isCallExpression(n) && n.expression.getText(source) === 'l10n.t') return;
        if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n) || ts.isElementAccessExpression(n)) return;
        // `message: ...`, `title: ...`, `problem: ...` and `x.message = ...`: any words in them must be said through l10n.t.
        let message = inMessage;
        if (ts.isPropertyAssignment(n) && /^(message|title|problem|reason|detail|label|documentation)$/.test(n.name.getText(source))) message = true;
        if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && /\.message$/.test(n.left.getText(source))) message = true;
        const text = textOf(n);
        if (text !== undefined) {
          // Short identifiers (codes, kinds, keys, labels such as 'overall') are not prose; words are.
          const prose = /[A-Za-z]{2,}[ ,:;]+[A-Za-z]{2,} [A-Za-z]{2,}/.test(text);
          const words = message && /[A-Za-z]{3,}\s+[A-Za-z]{3,}/.test(text);
          if (prose || words) report(n);
        }
        ts.forEachChild(n, (c) => visit(c, message && !ts.isCallExpression(c) ? true : message));
      };
      visit(source, false);
    }
    assert.deepEqual(left, []);
  });
});
