// The quick fixes for the real mistakes of issue 9, in the real VS Code: a flat polygon, `tags` in
// per-file metadata, JSONL lines (Python's True, a blank line, a pretty-printed object), a sidecar
// named without its data file's extension, and NaN named in a .json document.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, closeAllReverting, fixtureUri, openDoc, ours, waitFor, waitForDiagnostics } from './helpers';

const codesOf = (d: readonly vscode.Diagnostic[]) => ours(d).map((x) => String(x.code)).sort();

/** The quick fixes VS Code's light bulb would list for the diagnostic with `code`. */
async function quickFixes(doc: vscode.TextDocument, code: string): Promise<{ diagnostic: vscode.Diagnostic; actions: vscode.CodeAction[] }> {
  const diagnostics = await waitForDiagnostics(doc.uri, (d) => ours(d).some((x) => x.code === code));
  const diagnostic = diagnostics.find((d) => d.code === code)!;
  const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) as vscode.CodeAction[];
  return { diagnostic, actions };
}

async function applyFix(doc: vscode.TextDocument, code: string, title: RegExp): Promise<void> {
  const { actions } = await quickFixes(doc, code);
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action?.edit, `no fix ${title} for ${code}; offered: ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
}

describe('real mistakes: quick fixes', function () {
  this.timeout(60_000);
  before(activeExtension);
  afterEach(closeAllReverting);

  it('a flat polygon: one error, fixed to [[x, y], ...]', async () => {
    const { document: doc } = await openDoc('mistakes/shapes.json');
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => ours(d).length > 0);
    assert.deepStrictEqual(codesOf(diagnostics), ['flat-points'], 'one diagnostic, not one per number');
    await applyFix(doc, 'flat-points', /^Pair the numbers into points/);
    assert.ok(doc.getText().includes('"polygon": [[10, 20], [60, 20], [35, 70]]'), doc.getText());
    await waitForDiagnostics(doc.uri, (d) => ours(d).length === 0);
  });

  it('per-file metadata `tags`: a hint, renamed to `Tags`', async () => {
    const { document: doc } = await openDoc('mistakes/files.json');
    const { diagnostic } = await quickFixes(doc, 'tags-key-case');
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Hint);
    assert.strictEqual(doc.getText(diagnostic.range), '"tags"');
    await applyFix(doc, 'tags-key-case', /^Rename to "Tags"$/);
    assert.ok(doc.getText().includes('"Tags": ["night"]'));
    await waitForDiagnostics(doc.uri, (d) => ours(d).length === 0);
  });

  it('JSONL: True -> true, the blank line removed, the pretty-printed object put on one line', async () => {
    const { document: doc } = await openDoc('mistakes/pretty/valohai.metadata.jsonl');
    const first = await waitForDiagnostics(doc.uri, (d) => ours(d).length === 3);
    assert.deepStrictEqual(codesOf(first), ['invalid-json', 'jsonl-blank-line', 'jsonl-multiline-object']);
    assert.match(first.find((d) => d.code === 'invalid-json')!.message, /^True is Python, not JSON: write true/);
    const span = first.find((d) => d.code === 'jsonl-multiline-object')!;
    assert.deepStrictEqual([span.range.start.line, span.range.end.line], [2, 5], 'the error spans the object');
    await applyFix(doc, 'invalid-json', /^Replace True with true$/);
    await waitForDiagnostics(doc.uri, (d) => codesOf(d).join() === 'jsonl-blank-line,jsonl-multiline-object');
    await applyFix(doc, 'jsonl-multiline-object', /^Put the object on one line$/);
    await waitForDiagnostics(doc.uri, (d) => codesOf(d).join() === 'jsonl-blank-line');
    await applyFix(doc, 'jsonl-blank-line', /^Remove the blank line$/);
    await waitForDiagnostics(doc.uri, (d) => ours(d).length === 0);
    assert.strictEqual(doc.getText(), '{"file": "a.txt", "metadata": {"ok": true}}\n{"file": "b.txt", "metadata": {"epochs": 3}}\n');
  });

  it('a sidecar named without the extension: renamed to model.h5.metadata.json', async () => {
    const { document: doc } = await openDoc('mistakes/sidecar/model.metadata.json');
    const { diagnostic, actions } = await quickFixes(doc, 'sidecar-name-drops-extension');
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    const rename = actions.find((a) => a.title === 'Rename the sidecar to "model.h5.metadata.json"');
    assert.ok(rename?.edit && rename.isPreferred, actions.map((a) => a.title).join(' | '));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    const renamed = fixtureUri('mistakes/sidecar/model.h5.metadata.json');
    await waitFor(async () => (await vscode.workspace.fs.stat(renamed)).type === vscode.FileType.File, { message: 'the renamed sidecar' });
    const opened = await vscode.workspace.openTextDocument(renamed);
    assert.strictEqual(opened.getText(), '{"valohai.tags": ["prod"]}\n');
    // Checked again under its new name: attached to model.h5, nothing to report.
    const summary = (await vscode.commands.executeCommand('datumStudio.validateWorkspace', [renamed])) as { checked: number; errors: number; warnings: number };
    assert.deepStrictEqual([summary.checked, summary.errors, summary.warnings], [1, 0, 0]);
    assert.deepStrictEqual(ours(vscode.languages.getDiagnostics(renamed)), []);
    // Put it back for the other tests.
    const back = new vscode.WorkspaceEdit();
    back.renameFile(renamed, fixtureUri('mistakes/sidecar/model.metadata.json'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.ok(await vscode.workspace.applyEdit(back));
  });

  it('NaN in a .json sidecar is named, beside VS Code\'s own syntax error', async () => {
    const { document: doc } = await openDoc('mistakes/sidecar/loss.csv.metadata.json');
    const all = await waitForDiagnostics(doc.uri, (d) => ours(d).length === 1);
    const [nan] = ours(all);
    assert.strictEqual(nan.code, 'invalid-json');
    assert.strictEqual(doc.getText(nan.range), 'NaN');
    assert.match(nan.message, /^NaN is not JSON: Python's json\.dump writes it for float\('nan'\); write null or a number\./);
    const { actions } = await quickFixes(doc, 'invalid-json');
    assert.deepStrictEqual(actions.map((a) => a.title), ['Replace NaN with null']);
  });
});
