// YOLO in the real VS Code beyond the label lines: data.yaml diagnostics as you type, an unrelated
// YAML file left alone, hover and class-id completion on a label line, and the pairing of images
// with labels reported by Validate Workspace on the split (samples/yolo, copied into the workspace).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeExtension, closeAllReverting, fixtureUri, ours, waitFor, waitForDiagnostics } from './helpers';

const FOLDER = 'yolo-config-sample';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

describe('YOLO data.yaml, hover, completion and pairing in the editor', function () {
  this.timeout(60_000);
  let copy = '';

  before(async () => {
    const ext = await activeExtension();
    copy = fixtureUri(FOLDER).fsPath;
    fs.cpSync(path.join(ext.extensionPath, 'samples', 'yolo'), copy, { recursive: true });
  });

  afterEach(closeAllReverting);

  after(async () => {
    await closeAllReverting();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(copy, { recursive: true, force: true });
  });

  it('data.yaml: a split that does not exist and nc against names, as you type, on the exact node', async () => {
    const doc = await vscode.workspace.openTextDocument(fixtureUri(`${FOLDER}/data.yaml`));
    await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf('val: images/train') + 'val: '.length;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'images/train'.length)), 'images/valid');
    edit.insert(doc.uri, doc.positionAt(doc.getText().indexOf('names:')), 'nc: 5\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => ours(d).length === 2);
    const rows = ours(diagnostics)
      .map((d) => [String(d.code), d.range.start.line + 1, doc.getText(d.range), d.severity])
      .sort((a, b) => Number(a[1]) - Number(b[1]));
    assert.deepStrictEqual(rows, [
      ['yolo-config-path-not-found', 4, 'images/valid', vscode.DiagnosticSeverity.Error],
      ['yolo-nc-mismatch', 6, '5', vscode.DiagnosticSeverity.Error],
    ]);
    assert.match(ours(diagnostics).find((d) => d.code === 'yolo-nc-mismatch')!.message, /nc is 5, but names lists 3 classes/);
    // Undo both: the saved config is clean again.
    const undo = new vscode.WorkspaceEdit();
    undo.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), fs.readFileSync(path.join(copy, 'data.yaml'), 'utf8'));
    assert.ok(await vscode.workspace.applyEdit(undo));
    await waitForDiagnostics(doc.uri, (d) => ours(d).length === 0);
  });

  it('an unrelated YAML file (a GitHub workflow) is not a dataset config', async () => {
    const workflow = path.join(copy, '.github', 'workflows', 'ci.yml');
    fs.mkdirSync(path.dirname(workflow), { recursive: true });
    fs.writeFileSync(workflow, 'name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n');
    const uri = vscode.Uri.file(workflow);
    const summary = (await vscode.commands.executeCommand('datumStudio.validateWorkspace', [uri, fixtureUri(`${FOLDER}/data.yaml`)])) as { checked: number };
    assert.strictEqual(summary.checked, 1, 'only data.yaml is checked');
    assert.deepStrictEqual(ours(vscode.languages.getDiagnostics(uri)), []);
  });

  it('hover on a label line: the class name and the box in pixels of its image', async () => {
    const doc = await vscode.workspace.openTextDocument(fixtureUri(`${FOLDER}/labels/train/road.txt`));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'yolo-labels');
    // Line 2: `1 0.2 0.7 0.05 0.25` in road.jpg.
    const text = await waitFor(async () => {
      const t = hoverText((await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(1, 4))) as vscode.Hover[]);
      return t.includes('person') ? t : undefined;
    });
    assert.match(text, /\*\*person\*\*: class 1 \(data\\\.yaml\)/);
    // road.jpg is 640×480: the box's center (0.2, 0.7), size 0.05×0.25.
    assert.match(text, /Box in road\\\.jpg \(640×480 px\): from \(112, 276\) to \(144, 396\), 32×120 px/);
  });

  it('completion of a class id at the start of a line offers the ids with their names', async () => {
    const doc = await vscode.workspace.openTextDocument(fixtureUri(`${FOLDER}/labels/train/road.txt`));
    await vscode.window.showTextDocument(doc);
    const list = await waitFor(async () => {
      const l = (await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(2, 0))) as vscode.CompletionList;
      return l.items.some((i) => typeof i.label !== 'string' && i.label.description === 'bicycle') ? l : undefined;
    });
    const ours = list.items.filter((i) => typeof i.label !== 'string' && i.kind === vscode.CompletionItemKind.EnumMember);
    assert.deepStrictEqual(
      ours.map((i) => [(i.label as vscode.CompletionItemLabel).label, (i.label as vscode.CompletionItemLabel).description]),
      [
        ['0', 'car'],
        ['1', 'person'],
        ['2', 'bicycle'],
      ],
    );
    // It replaces the class id already there.
    const range = ours[0].range as vscode.Range;
    assert.strictEqual(doc.getText(range), '2');
  });

  it('Validate Workspace reports the pairing on the split: labels without images, images without labels', async () => {
    fs.writeFileSync(path.join(copy, 'labels', 'train', 'gone.txt'), '0 0.5 0.5 0.1 0.1\n');
    fs.copyFileSync(path.join(copy, 'images', 'train', 'lot.png'), path.join(copy, 'images', 'train', 'background.png'));
    const yaml = fixtureUri(`${FOLDER}/data.yaml`);
    const summary = (await vscode.commands.executeCommand('datumStudio.validateWorkspace', [yaml])) as { checked: number; warnings: number };
    assert.strictEqual(summary.checked, 1);
    const text = fs.readFileSync(yaml.fsPath, 'utf8');
    const diagnostics = ours(vscode.languages.getDiagnostics(yaml));
    const rows = diagnostics.map((d) => [String(d.code), d.range.start.line + 1, d.severity]).sort((a, b) => Number(a[1]) - Number(b[1]) || String(a[0]).localeCompare(String(b[0])));
    // train and val both name images/train.
    assert.deepStrictEqual(rows, [
      ['yolo-image-without-label', 3, vscode.DiagnosticSeverity.Information],
      ['yolo-label-without-image', 3, vscode.DiagnosticSeverity.Warning],
      ['yolo-image-without-label', 4, vscode.DiagnosticSeverity.Information],
      ['yolo-label-without-image', 4, vscode.DiagnosticSeverity.Warning],
    ]);
    assert.strictEqual(summary.warnings, 2);
    const labels = diagnostics.find((d) => d.code === 'yolo-label-without-image')!;
    assert.strictEqual(text.split('\n')[labels.range.start.line].slice(labels.range.start.character, labels.range.end.character), 'images/train');
    assert.match(labels.message, /^1 label file of `train` has no image \(labels\/train\/gone\.txt\)/);
    // The list is one click away: each file is related information.
    assert.deepStrictEqual(labels.relatedInformation?.map((r) => path.relative(copy, r.location.uri.fsPath).split(path.sep).join('/')), ['labels/train/gone.txt']);
    const images = diagnostics.find((d) => d.code === 'yolo-image-without-label')!;
    assert.deepStrictEqual(images.relatedInformation?.map((r) => path.basename(r.location.uri.fsPath)), ['background.png']);
    assert.match(images.message, /1 of the 3 images of `train` has no label file .*background image/);
  });
});
