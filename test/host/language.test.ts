// Editor intelligence in the real VS Code, through the same commands VS Code's UI uses.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, closeAllReverting, fixtureUri, openDoc, ours, waitFor, waitForDiagnostics } from './helpers';



function positionOf(doc: vscode.TextDocument, search: string, delta = 0): vscode.Position {
  const offset = doc.getText().indexOf(search);
  assert.ok(offset >= 0, `"${search}" not found`);
  return doc.positionAt(offset + delta);
}

async function completions(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = (await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, position)) as vscode.CompletionList;
  return list.items;
}

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

/** Applies the quick fix titled like `title` offered for the diagnostic with `code`, and checks the diagnostic goes. */
async function applyFix(doc: vscode.TextDocument, code: string, title: RegExp, nth = 0): Promise<void> {
  const diagnostics = await waitForDiagnostics(doc.uri, (d) => ours(d).some((x) => x.code === code));
  const target = diagnostics.filter((d) => d.code === code)[nth];
  const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, target.range, vscode.CodeActionKind.QuickFix.value)) as vscode.CodeAction[];
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action?.edit, `no fix ${title} for ${code}; offered: ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
  const before = diagnostics.filter((d) => d.code === code).length;
  await waitForDiagnostics(doc.uri, (d) => ours(d).filter((x) => x.code === code).length === before - 1);
}

describe('editor intelligence', function () {
  this.timeout(60_000);
  before(activeExtension);
  afterEach(closeAllReverting);

  it('completes reserved keys with their docs, and keys of a JSONL line', async () => {
    const { document: doc } = await openDoc('language/fixes.txt.metadata.json');
    await waitForDiagnostics(doc.uri, (d) => ours(d).length === 3);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, positionOf(doc, '"valohai.tags"'), '"": 1,\n  ');
    await vscode.workspace.applyEdit(edit);
    const items = await completions(doc, positionOf(doc, '"": 1', 1));
    const names = items.map(labelOf);
    assert.ok(names.includes('valohai.dataset-versions') && names.includes('valohai.model-versions'), names.join());
    const versions = items.find((i) => labelOf(i) === 'valohai.dataset-versions')!;
    assert.match((versions.documentation as vscode.MarkdownString).value, /dataset versions/);

    const jsonl = (await openDoc('language/valohai.metadata.jsonl')).document;
    const e2 = new vscode.WorkspaceEdit();
    e2.insert(jsonl.uri, new vscode.Position(5, 0), '{"dataset-version": ""}');
    await vscode.workspace.applyEdit(e2);
    const uris = (await completions(jsonl, new vscode.Position(5, 21))).map(labelOf);
    assert.ok(uris.includes('dataset://images/v1') && uris.includes('dataset://images/v2'), uris.join());
  });

  it('completes labels from this file and its siblings, and annotation skeletons', async () => {
    const { document: doc } = await openDoc('language/shapes.json');
    await waitForDiagnostics(doc.uri, (d) => ours(d).length >= 6);
    const labels = (await completions(doc, positionOf(doc, '"label": "sign"', 10))).map(labelOf);
    assert.ok(labels.includes('car') && labels.includes('truck') && labels.includes('traffic-light'), labels.join());
    const skeletons = (await completions(doc, positionOf(doc, '"annotations": [', 16))).map(labelOf);
    assert.ok(skeletons.includes('rectangle annotation') && skeletons.includes('polygon annotation') && skeletons.includes('line annotation'), skeletons.join());
  });

  it('hovers: key docs, bbox measures with the image size, polygon facts, dataset URIs', async () => {
    const { document: doc } = await openDoc('language/shapes.json');
    const text = async (position: vscode.Position, uri = doc.uri) => {
      const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position)) as vscode.Hover[];
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    };
    assert.match(await text(positionOf(doc, '"confidence"', 2)), /Confidence/);
    const bbox = await text(positionOf(doc, '[100, 50, 600, 300]', 2));
    assert.match(bbox, /from \(100, 50\) to \(700, 350\)/);
    assert.match(bbox, /640×480/);
    assert.match(await text(positionOf(doc, '[50, 50]', 1)), /Polygon\*\* of 4 points[\s\S]*closed/);
    const jsonl = (await openDoc('language/valohai.metadata.jsonl')).document;
    assert.match(await text(positionOf(jsonl, 'dataset://images/v1', 3), jsonl.uri), /Dataset version\*\* `v1` of dataset `images`/);
  });

  it('quick fixes: tags to a list, alias to its first string, rename the unknown key', async () => {
    const { document: doc } = await openDoc('language/fixes.txt.metadata.json');
    await applyFix(doc, 'tags-not-list', /Make it a list/);
    await applyFix(doc, 'alias-not-string', /first alias/);
    await applyFix(doc, 'unknown-reserved-key', /Rename to "valohai.tags"/);
    assert.strictEqual(doc.getText(), '{\n  "valohai.tags": ["prod"],\n  "valohai.alias": "first",\n  "valohai.tags": ["x"]\n}\n');
  });

  it('quick fixes on shapes: normalize, type, percentage, repeated point, clamp, corners, fix all of a kind', async () => {
    const { document: doc } = await openDoc('language/shapes.json');
    await applyFix(doc, 'bbox-negative-size', /Normalize the box: \[200, 320, 180, 120\]/);
    await applyFix(doc, 'type-mismatch', /Change type to "rectangle"/);
    await applyFix(doc, 'polygon-repeats-first-point', /Drop the repeated last point/);
    assert.ok(doc.getText().includes('"polygon": [[0, 0], [50, 0], [50, 50]]'));
    await applyFix(doc, 'out-of-image', /Read bbox as corners/);
    assert.ok(doc.getText().includes('[100, 50, 500, 250]'));
    // Two percentages: one action fixes both; the 150 is no percentage and stays.
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => ours(d).filter((x) => x.code === 'confidence-out-of-range').length === 2);
    const first = diagnostics.find((d) => d.code === 'confidence-out-of-range')!;
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, first.range, vscode.CodeActionKind.QuickFix.value)) as vscode.CodeAction[];
    assert.ok(actions.some((a) => a.title === 'Read as a percentage: 0.87'), actions.map((a) => a.title).join(' | '));
    await vscode.workspace.applyEdit(actions.find((a) => a.title === 'Read as a percentage: 0.87')!.edit!);
    await waitForDiagnostics(doc.uri, (d) => ours(d).filter((x) => x.code === 'confidence-out-of-range').length === 1);
  });

  it('clamps a box to the image', async () => {
    const { document: doc } = await openDoc('language/shapes.json');
    await applyFix(doc, 'out-of-image', /Clamp the box to the image: \[100, 50, 540, 300\]/);
  });

  it('source.fixAll applies every safe fix', async () => {
    const { document: doc } = await openDoc('language/fixes.txt.metadata.json');
    await waitForDiagnostics(doc.uri, (d) => ours(d).length === 3);
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, 0, 0), vscode.CodeActionKind.SourceFixAll.value)) as vscode.CodeAction[];
    const fixAll = actions.find((a) => a.kind?.value.startsWith('source.fixAll'));
    assert.ok(fixAll?.edit);
    await vscode.workspace.applyEdit(fixAll.edit);
    await waitForDiagnostics(doc.uri, (d) => ours(d).length === 0);
  });

  it('a sidecar without its data file: rename it to the file that exists', async () => {
    const uri = fixtureUri('language/orphan.txt.metadata.json');
    const { document: doc } = await openDoc('language/orphan.txt.metadata.json');
    const [d] = await waitForDiagnostics(doc.uri, (x) => ours(x).some((y) => y.code === 'sidecar-data-missing'));
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value)) as vscode.CodeAction[];
    assert.ok(actions.some((a) => a.title.startsWith('Create the data file "orphan.txt"')));
    const rename = actions.find((a) => a.title.includes('orphan.csv.metadata.json'));
    assert.ok(rename?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    await vscode.workspace.fs.stat(fixtureUri('language/orphan.csv.metadata.json'));
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(uri)));
    const renamed = await vscode.workspace.openTextDocument(fixtureUri('language/orphan.csv.metadata.json'));
    await vscode.window.showTextDocument(renamed);
    await waitForDiagnostics(renamed.uri, (x) => ours(x).length === 0 && x.length === 0, { timeout: 5000 }).catch(() => undefined);
    assert.deepStrictEqual(ours(vscode.languages.getDiagnostics(renamed.uri)), []);
  });

  it('outline, workspace symbols, document links, code lenses and JSONL folding', async () => {
    const { document: doc } = await openDoc('language/shapes.json');
    const symbols = await waitFor(async () => {
      const s = (await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', doc.uri)) as vscode.DocumentSymbol[] | undefined;
      return s?.find((x) => x.name === '../images/street.jpg') ? s : undefined;
    });
    const image = symbols.find((x) => x.name === '../images/street.jpg')!;
    assert.deepStrictEqual(image.children.map((c) => `${c.name} ${c.detail}`).slice(0, 3), ['car rectangle', 'sign polygon', 'car rectangle 87']);

    const found = (await vscode.commands.executeCommand('vscode.executeWorkspaceSymbolProvider', 'traffic')) as vscode.SymbolInformation[];
    assert.ok(found.some((s) => s.name === 'traffic-light' && s.location.uri.path.endsWith('language/siblings.json')), found.map((s) => s.name).join());

    const links = (await vscode.commands.executeCommand('vscode.executeLinkProvider', doc.uri)) as vscode.DocumentLink[];
    assert.ok(links.some((l) => l.target?.path.endsWith('/images/street.jpg')), links.map((l) => l.target?.path).join());

    const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 10)) as vscode.CodeLens[];
    assert.ok(lenses.some((l) => /\(6 shapes\)/.test(l.command?.title ?? '')), lenses.map((l) => l.command?.title).join());

    const jsonl = (await openDoc('language/valohai.metadata.jsonl')).document;
    await waitFor(() => ours(vscode.languages.getDiagnostics(jsonl.uri)).length === 0 && true);
    const folds = (await vscode.commands.executeCommand('vscode.executeFoldingRangeProvider', jsonl.uri)) as vscode.FoldingRange[];
    assert.ok(folds.some((f) => f.start === 0 && f.end === 1) && folds.some((f) => f.start === 3 && f.end === 4), JSON.stringify(folds));
  });

  it('formats JSONL line by line and sidecars with the editor indentation; the command keeps boxes on one line', async () => {
    const jsonl = (await openDoc('language/valohai.metadata.jsonl')).document;
    const edits = (await vscode.commands.executeCommand('vscode.executeFormatDocumentProvider', jsonl.uri, { tabSize: 2, insertSpaces: true })) as vscode.TextEdit[];
    const e = new vscode.WorkspaceEdit();
    e.set(jsonl.uri, edits);
    await vscode.workspace.applyEdit(e);
    assert.strictEqual(jsonl.lineAt(0).text, '{"file": "fixes.txt", "metadata": {"valohai.tags": ["a"]}}');
    assert.strictEqual(jsonl.lineCount, 6);

    const { document: doc } = await openDoc('language/siblings.json');
    await vscode.commands.executeCommand('datumStudio.formatDocument');
    assert.match(doc.getText(), /\n\s+"bbox": \[1, 1, 5, 5\],\n\s+"label": "traffic-light"\n/);
  });
});
