// COCO in the real VS Code: a COCO file from samples/ is recognized by content and shows its
// problems with code, severity and exact range, and an edit of the unsaved text updates them.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, closeAllReverting, ours, waitForDiagnostics } from './helpers';

describe('COCO diagnostics in the editor', function () {
  this.timeout(60_000);

  before(async () => {
    await activeExtension();
  });

  afterEach(closeAllReverting);

  it('samples/coco/instances-broken.json: codes, severities and ranges; an edit clears one', async () => {
    const root = vscode.extensions.getExtension('datum-studio.datum-studio')!.extensionUri;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, 'samples/coco/instances-broken.json'));
    await vscode.window.showTextDocument(doc, { preview: false });
    const row = (d: vscode.Diagnostic) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${doc.getText(d.range)}`;
    const diagnostics = ours(await waitForDiagnostics(doc.uri, (d) => ours(d).length >= 11));
    assert.deepStrictEqual(diagnostics.map(row).sort(), [
      '10:73 bbox-zero-size 0',
      '11:122 coco-flat-segmentation [300, 200, 400, 200, 400, 250]',
      '12:123 coco-polygon-odd-count [300, 200, 400, 200, 400]',
      '13:154 coco-rle-size [640, 480]',
      '14:5 coco-area-missing {',
      '15:81 coco-area-inconsistent 900',
      '4:29 duplicate-image "street.jpg"',
      '7:28 coco-unknown-image 3',
      '8:13 coco-duplicate-id 1',
      '8:46 coco-unknown-category 9',
      '9:57 coco-out-of-image [600, 100, 100, 50]',
    ]);
    const byCode = new Map(diagnostics.map((d) => [String(d.code), d]));
    assert.strictEqual(byCode.get('coco-unknown-image')?.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(byCode.get('coco-out-of-image')?.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(byCode.get('coco-unknown-image')?.message, 'image_id 3 is not the id of any image in `images`.');

    // Give the unknown category a definition: its diagnostic goes, the others stay.
    const at = doc.getText().indexOf('{ "id": 1, "name": "person" }');
    assert.ok(at > 0);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(at), '{ "id": 9, "name": "dog" }, ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = ours(await waitForDiagnostics(doc.uri, (d) => ours(d).length === 10 && !ours(d).some((x) => x.code === 'coco-unknown-category')));
    assert.ok(after.some((d) => d.code === 'coco-duplicate-id'));
  });
});
