// YOLO label files in the real VS Code: the language, diagnostics with exact ranges on the YOLO
// sample (samples/yolo, copied into the test workspace), following the unsaved text.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeExtension, closeAllReverting, fixtureUri, ours, waitForDiagnostics } from './helpers';

type Row = [code: string, line: number, character: number, text: string];

function rows(doc: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[]): Row[] {
  return ours(diagnostics)
    .map((d): Row => [String(d.code), d.range.start.line + 1, d.range.start.character + 1, doc.getText(d.range)])
    .sort((a, b) => a[1] - b[1] || a[2] - b[2]);
}

describe('YOLO label files in the editor', function () {
  this.timeout(60_000);
  let copy = '';

  before(async () => {
    const ext = await activeExtension();
    copy = fixtureUri('yolo-sample').fsPath;
    fs.cpSync(path.join(ext.extensionPath, 'samples', 'yolo'), copy, { recursive: true });
  });

  afterEach(closeAllReverting);

  after(async () => {
    await closeAllReverting();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(copy, { recursive: true, force: true });
  });

  it('the sample shows each yolo-* problem on its token, and edits clear them', async () => {
    const doc = await vscode.workspace.openTextDocument(fixtureUri('yolo-sample/labels/train/lot.txt'));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'yolo-labels');
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => ours(d).length >= 9);
    assert.deepStrictEqual(rows(doc, diagnostics), [
      ['yolo-unknown-class', 2, 1, '3'],
      ['yolo-column-count', 3, 1, '1 0.25 0.5 0.1'],
      ['yolo-coordinate-out-of-range', 4, 3, '412'],
      ['yolo-coordinate-out-of-range', 4, 7, '300'],
      ['yolo-box-size', 5, 11, '0'],
      ['yolo-box-outside-image', 6, 3, '0.95 0.5 0.2 0.2'],
      ['yolo-duplicate-line', 7, 1, '0 0.5 0.5 0.2 0.2'],
      ['yolo-odd-coordinates', 8, 3, '0.1 0.1 0.2 0.1 0.2 0.2 0.1'],
      ['yolo-mixed-lines', 9, 1, '1 0.1 0.1 0.2 0.1 0.2 0.2'],
    ]);
    // The first diagnostic of each code (line order).
    const byCode = new Map<string, vscode.Diagnostic>();
    for (const d of ours(diagnostics).sort((a, b) => a.range.start.compareTo(b.range.start))) if (!byCode.has(String(d.code))) byCode.set(String(d.code), d);
    assert.strictEqual(byCode.get('yolo-unknown-class')?.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(byCode.get('yolo-duplicate-line')?.severity, vscode.DiagnosticSeverity.Warning);
    // The image beside the labels (images/train/lot.png, 800×600) gives the pixel hint.
    assert.match(byCode.get('yolo-coordinate-out-of-range')!.message, /lot\.png is 800×600, so normalized it would be 0\.515\./);
    // The class list is data.yaml's.
    assert.match(byCode.get('yolo-unknown-class')!.message, /\(data\.yaml\)/);

    // As you type: fix line 2's class and the error goes; the other eight stay.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(1, 0, 1, 1), '2');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await waitForDiagnostics(doc.uri, (d) => ours(d).length === 8);
    assert.ok(!ours(after).some((d) => d.code === 'yolo-unknown-class'));
    assert.ok(doc.isDirty);
  });

  it('a good label file shows nothing; a plain .txt elsewhere is not a label file', async () => {
    const good = await vscode.workspace.openTextDocument(fixtureUri('yolo-sample/labels/train/road.txt'));
    await vscode.window.showTextDocument(good);
    assert.strictEqual(good.languageId, 'yolo-labels');
    // Make it bad, see the diagnostic, then undo: the check ran, and the saved text is clean.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(good.uri, new vscode.Position(0, 0), '7 0.5 0.5 0.1 0.1\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(good.uri, (d) => ours(d).map((x) => x.code).join() === 'yolo-unknown-class');
    const undo = new vscode.WorkspaceEdit();
    undo.delete(good.uri, new vscode.Range(0, 0, 1, 0));
    assert.ok(await vscode.workspace.applyEdit(undo));
    await waitForDiagnostics(good.uri, (d) => ours(d).length === 0);

    fs.writeFileSync(path.join(copy, 'notes.txt'), '0 a b c\n');
    const plain = await vscode.workspace.openTextDocument(fixtureUri('yolo-sample/notes.txt'));
    assert.strictEqual(plain.languageId, 'plaintext');
    const summary = (await vscode.commands.executeCommand('datumStudio.validateWorkspace', [plain.uri, good.uri])) as { checked: number };
    assert.strictEqual(summary.checked, 1, 'only the label file is checked');
    assert.deepStrictEqual(ours(vscode.languages.getDiagnostics(plain.uri)), []);
  });
});
