// COCO editor features in the real VS Code, through the commands its UI uses: hover on a bbox and
// on ids, go to definition, find references, completion of a category id, the outline, a quick fix
// applied (the text checked exactly), and the checks that read the disk (an image's header size,
// an image that is not there, a results file against its ground truth). samples/coco and
// samples/images are copied into the test workspace (coco-editor/), so the layout is COCO's usual
// `images/` beside the annotations' folder.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeExtension, closeAllReverting, fixtureUri, ours, waitForDiagnostics } from './helpers';

function positionOf(doc: vscode.TextDocument, search: string, delta = 0, nth = 0): vscode.Position {
  let offset = -1;
  for (let k = 0; k <= nth; k++) offset = doc.getText().indexOf(search, offset + 1);
  assert.ok(offset >= 0, `"${search}" not found`);
  return doc.positionAt(offset + delta);
}

async function hoverText(doc: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, position)) as vscode.Hover[];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

async function replaceText(doc: vscode.TextDocument, search: string, replacement: string): Promise<void> {
  const offset = doc.getText().indexOf(search);
  assert.ok(offset >= 0, `"${search}" not found`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + search.length)), replacement);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

describe('COCO in the editor: hover, navigation, completion, quick fixes, disk checks', function () {
  this.timeout(60_000);
  let root = '';

  before(async () => {
    const ext = await activeExtension();
    root = fixtureUri('coco-editor').fsPath;
    fs.cpSync(path.join(ext.extensionPath, 'samples', 'coco'), path.join(root, 'coco'), { recursive: true });
    fs.cpSync(path.join(ext.extensionPath, 'samples', 'images'), path.join(root, 'images'), { recursive: true });
  });

  afterEach(closeAllReverting);

  after(async () => {
    await closeAllReverting();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function open(name: string): Promise<vscode.TextDocument> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root, 'coco', name)));
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }

  it('the good sample finds its images and shows nothing; hover on a bbox and on ids', async () => {
    const doc = await open('instances.json');
    // Wait until the checks ran (a diagnostic appears for a bad width), then undo it: the disk checks ran.
    await replaceText(doc, '"width": 640, "height": 480 },\n    { "id": 2', '"width": 641, "height": 480 },\n    { "id": 2');
    await waitForDiagnostics(doc.uri, (d) => ours(d).some((x) => x.code === 'coco-image-size-mismatch'));
    await replaceText(doc, '"width": 641', '"width": 640');
    await waitForDiagnostics(doc.uri, (d) => ours(d).length === 0);

    const box = await hoverText(doc, positionOf(doc, '[100, 120, 80, 200]', 3));
    assert.match(box, /from \(100, 120\) to \(180, 320\)/);
    assert.match(box, /width 80, height 200, area 16000/);
    assert.match(box, /image `street\.jpg` 640×480: the box covers 5\.21% of it/);
    const category = await hoverText(doc, positionOf(doc, '"category_id": 2', 15));
    assert.match(category, /\*\*Category 2\*\*: `car` \(vehicle\)/);
    const image = await hoverText(doc, positionOf(doc, '"image_id": 2', 12));
    assert.match(image, /\*\*Image 2\*\*: `night\.jpg`, 640×480/);
  });

  it('go to definition from a category_id; references back from the category; the outline', async () => {
    const doc = await open('instances.json');
    const defs = (await vscode.commands.executeCommand('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, '"category_id": 2', 15))) as (vscode.Location | vscode.LocationLink)[];
    assert.strictEqual(defs.length, 1);
    const def = defs[0];
    const range = 'targetRange' in def ? def.targetRange : def.range;
    assert.strictEqual(doc.getText(range), '{ "id": 2, "name": "car", "supercategory": "vehicle" }');

    const refs = (await vscode.commands.executeCommand('vscode.executeReferenceProvider', doc.uri, positionOf(doc, '{ "id": 1, "name": "person"', 8))) as vscode.Location[];
    const lines = refs.map((r) => r.range.start.line + 1).sort((a, b) => a - b);
    assert.deepStrictEqual(lines, [8, 10, 13], 'the two annotations of category 1, and its own id');

    // VS Code's own JSON outline is merged in: ours are the image files and the categories group.
    const all = (await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', doc.uri)) as vscode.DocumentSymbol[];
    const symbols = all.filter((s) => s.kind === vscode.SymbolKind.File || (s.kind === vscode.SymbolKind.Property && s.name === 'categories'));
    assert.deepStrictEqual(
      symbols.map((s) => [s.name, s.children.map((c) => c.name)]),
      [
        ['street.jpg', ['person', 'car']],
        ['night.jpg', ['person']],
        ['categories', ['person', 'car']],
      ],
    );
  });

  it('completes a category id with its name', async () => {
    const doc = await open('instances.json');
    await replaceText(doc, '"category_id": 2', '"category_id": ');
    const list = (await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, positionOf(doc, '"category_id": ,', 15))) as vscode.CompletionList;
    const ids = list.items.filter((i) => i.detail === 'person' || i.detail === 'car').map((i) => `${typeof i.label === 'string' ? i.label : i.label.label} ${i.detail}`);
    assert.deepStrictEqual(ids, ['1 person', '2 car']);
  });

  it('quick fixes on the broken sample: area recomputed, box clamped, duplicate id renumbered (exact text)', async () => {
    const doc = await open('instances-broken.json');
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => ours(d).some((x) => x.code === 'coco-area-inconsistent') && ours(d).some((x) => x.code === 'coco-duplicate-id'));
    const apply = async (code: string, title: RegExp) => {
      const target = ours(vscode.languages.getDiagnostics(doc.uri)).find((d) => d.code === code)!;
      assert.ok(target, code);
      const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, target.range, vscode.CodeActionKind.QuickFix.value)) as vscode.CodeAction[];
      const action = actions.find((a) => title.test(a.title));
      assert.ok(action?.edit, `no fix ${title} for ${code}; offered: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(action.edit));
      await waitForDiagnostics(doc.uri, (d) => !ours(d).some((x) => x.code === code && x.range.start.line === target.range.start.line));
    };
    assert.ok(diagnostics.length > 0);
    await apply('coco-area-inconsistent', /^Set area to 100$/);
    assert.strictEqual(doc.lineAt(14).text, '    { "id": 9, "image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "area": 100, "iscrowd": 0 }');
    await apply('coco-out-of-image', /^Clamp the box to the 640×480 image/);
    assert.strictEqual(doc.lineAt(8).text, '    { "id": 3, "image_id": 1, "category_id": 1, "bbox": [600, 100, 40, 50], "area": 5000, "iscrowd": 0 },');
    await apply('coco-duplicate-id', /^Change the id to 10$/);
    assert.strictEqual(doc.lineAt(7).text, '    { "id": 10, "image_id": 1, "category_id": 9, "bbox": [10, 10, 40, 40], "area": 1600, "iscrowd": 0 },');
  });

  it('disk checks: header size against width/height (with its fix), an image that is not there, a results file against its ground truth', async () => {
    const doc = await open('instances.json');
    await replaceText(doc, '"file_name": "night.jpg", "width": 640', '"file_name": "night.jpg", "width": 320');
    await replaceText(doc, '"street.jpg"', '"gone.jpg"');
    const found = await waitForDiagnostics(doc.uri, (d) => ours(d).length === 2);
    const rows = ours(found).map((d) => `${d.range.start.line + 1} ${d.code} ${d.severity} ${doc.getText(d.range)}`).sort();
    assert.deepStrictEqual(rows, [`4 image-not-found ${vscode.DiagnosticSeverity.Warning} "gone.jpg"`, `5 coco-image-size-mismatch ${vscode.DiagnosticSeverity.Error} 320`]);
    const missing = ours(found).find((d) => d.code === 'image-not-found')!;
    assert.match(missing.message, /Image "gone\.jpg" not found\. Looked in this file's folder, "images", "\.\.\/images"/);
    const size = ours(found).find((d) => d.code === 'coco-image-size-mismatch')!;
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, size.range, vscode.CodeActionKind.QuickFix.value)) as vscode.CodeAction[];
    const fix = actions.find((a) => /^Replace 320 with 640$/.test(a.title));
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.strictEqual(doc.lineAt(4).text, '    { "id": 2, "file_name": "night.jpg", "width": 640, "height": 480 }');

    // A results file beside its ground truth (pycocotools' naming): unknown ids are errors.
    fs.copyFileSync(path.join(root, 'coco', 'instances.json'), path.join(root, 'coco', 'instances_val.json'));
    fs.writeFileSync(path.join(root, 'coco', 'instances_val_mine_results.json'), '[\n  {"image_id": 1, "category_id": 2, "bbox": [1, 2, 3, 4], "score": 0.9},\n  {"image_id": 7, "category_id": 5, "bbox": [1, 2, 3, 4], "score": 0.5}\n]\n');
    const results = await open('instances_val_mine_results.json');
    const r = await waitForDiagnostics(results.uri, (d) => ours(d).length === 2);
    assert.deepStrictEqual(ours(r).map((d) => `${d.range.start.line + 1} ${d.code} ${results.getText(d.range)}`).sort(), ['3 coco-result-unknown-category 5', '3 coco-result-unknown-image 7']);
    assert.match(ours(r).find((d) => d.code === 'coco-result-unknown-image')!.message, /not an image of the ground truth "instances_val\.json"/);
  });
});
