// The overlay preview page says nothing in English of its own: every control text is a key of
// ENGLISH (src/preview/page/protocol.ts), the host sends each of them through vscode.l10n.t
// (src/preview/host/pageStrings.ts), and the page's files hold no hard-coded words in the places
// a user reads (text, titles, aria-labels, buttons, banners, notices).
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { ENGLISH } from '../../src/preview/page/protocol';
import { setStrings, t } from '../../src/preview/page/strings';
import { repoRoot } from './helpers';

const pageDir = path.join(repoRoot, 'src', 'preview', 'page');

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (c) => walk(c, visit));
}

// Colours (the `text` colour of the canvas captions, or the theme variable it is read from), and the
// tooltip's row heads, which are the annotation's JSON keys as written in the file.
const NOT_TEXT = /^(#[0-9a-f]{3,8}|rgba?\(.*\)|--vscode-[\w-]+|attributes|metadata)$/i;

const placeholders = (text: string): string[] => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();

describe('preview page strings', () => {
  it('the host sends every text of the page, through vscode.l10n.t with the same English and its placeholders as themselves', () => {
    const source = parse(path.join(repoRoot, 'src', 'preview', 'host', 'pageStrings.ts'));
    const sent = new Map<string, { message: string; args: string[] }>();
    walk(source, (n) => {
      if (!ts.isPropertyAssignment(n) || !ts.isCallExpression(n.initializer)) return;
      const call = n.initializer;
      assert.equal(call.expression.getText(source), 'vscode.l10n.t', n.getText(source));
      const [message, ...args] = call.arguments;
      assert.ok(ts.isStringLiteral(message), n.getText(source));
      sent.set(n.name.getText(source), { message: message.text, args: args.map((a) => (ts.isStringLiteral(a) ? a.text : a.getText(source))) });
    });
    assert.deepEqual([...sent.keys()].sort(), Object.keys(ENGLISH).sort());
    for (const [key, english] of Object.entries(ENGLISH)) {
      const s = sent.get(key)!;
      assert.equal(s.message, english, key);
      assert.deepEqual(s.args, placeholders(english), `${key}: each {n} passed as itself, so the page fills it in`);
    }
    // And they are in the bundle a translator copies.
    const bundle = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.values(ENGLISH).filter((m) => !(m in bundle)), []);
  });

  it('no control text is hard-coded in the page (text, title, aria-label, buttons, text nodes, textContent, messages)', () => {
    const files = fs.readdirSync(pageDir).filter((f) => f.endsWith('.ts') && f !== 'protocol.ts' && f !== 'strings.ts');
    assert.ok(files.includes('main.ts') && files.includes('legend.ts'));
    const left: string[] = [];
    for (const name of files) {
      const source = parse(path.join(pageDir, name));
      const words = (n: ts.Node): void => {
        // Words in it, outside t(...): the literals of a template, or a whole string.
        walk(n, (m) => {
          if (ts.isCallExpression(m) && m.expression.getText(source) === 't') return;
          const text = ts.isStringLiteral(m) || ts.isNoSubstitutionTemplateLiteral(m) ? m.text : ts.isTemplateExpression(m) ? [m.head.text, ...m.templateSpans.map((s) => s.literal.text)].join(' ') : undefined;
          if (text !== undefined && /[A-Za-z]{2,}/.test(text) && !NOT_TEXT.test(text) && !isInsideT(m)) left.push(`${name}: ${m.getText(source)}`);
        });
      };
      const isInsideT = (m: ts.Node): boolean => {
        for (let p = m.parent; p; p = p.parent) if (ts.isCallExpression(p) && p.expression.getText(source) === 't') return true;
        return false;
      };
      walk(source, (n) => {
        if (ts.isPropertyAssignment(n) && /^(text|title|'aria-label'|"aria-label"|message|placeholder|alt)$/.test(n.name.getText(source))) words(n.initializer);
        if (ts.isCallExpression(n) && /^(button|document\.createTextNode)$/.test(n.expression.getText(source))) n.arguments.slice(0, 2).forEach(words);
        if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && /\.(textContent|title|innerText|ariaLabel)$/.test(n.left.getText(source))) words(n.right);
        if (ts.isCallExpression(n) && n.expression.getText(source).endsWith('.setAttribute') && /^['"](aria-label|title|alt|placeholder)['"]$/.test(n.arguments[0]?.getText(source) ?? '')) words(n.arguments[1]);
        // Prose anywhere (a sentence in a template or string) is a text too.
        const text = ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n.text : ts.isTemplateExpression(n) ? [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' ') : undefined;
        if (text !== undefined && /[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}/.test(text) && !isInsideT(n)) left.push(`${name}: ${n.getText(source)}`);
      });
    }
    assert.deepEqual([...new Set(left)], []);
  });

  it('the page fills in the texts the host sent, in the translation’s order, and keeps English for the rest', () => {
    try {
      setStrings({ showOnly: '[xx] nur {0}', broken: '[xx] Spalte {1}, Zeile {0}: {2}', fit: 42, unknownKey: 'x' });
      assert.equal(t('showOnly', 'car'), '[xx] nur car');
      assert.equal(t('broken', 3, 7, 'Expected a value.'), '[xx] Spalte 7, Zeile 3: Expected a value.');
      assert.equal(t('fit'), 'Fit');
      assert.equal(t('shapeCount', 2, 5), '2 of 5 shapes');
      // A label is data, never a pattern: `$&` and `{1}` in it stay as written.
      assert.equal(t('showLabel', '$& {1}'), 'Show $& {1}');
      setStrings('not an object');
      assert.equal(t('showOnly', 'car'), 'Show only car');
    } finally {
      setStrings(undefined);
    }
  });
});
