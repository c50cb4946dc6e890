// Diagnostics in the real VS Code: codes and exact ranges on open, following edits of the unsaved
// text, CRLF, content recognition, the format choice, images appearing on disk, and the
// Validate Workspace command.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, closeAllReverting, fixtureUri, openDoc, ours, waitForDiagnostics } from './helpers';

type Row = [code: string, line: number, character: number, text: string];

function rows(doc: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[]): Row[] {
  return diagnostics
    .filter((d) => d.source === 'Datum Studio')
    .map((d): Row => [String(d.code), d.range.start.line + 1, d.range.start.character + 1, doc.getText(d.range)])
    .sort((a, b) => a[1] - b[1] || a[2] - b[2]);
}

const codesOf = (d: readonly vscode.Diagnostic[]) => ours(d).map((x) => String(x.code)).sort();

async function replace(doc: vscode.TextDocument, search: string, replacement: string): Promise<void> {
  const offset = doc.getText().indexOf(search);
  assert.ok(offset >= 0, `"${search}" not in ${doc.uri.path}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + search.length)), replacement);
  assert.ok(await vscode.workspace.applyEdit(edit));
}


describe('diagnostics in the editor', function () {
  this.timeout(60_000);

  before(async () => {
    await activeExtension();
  });

  afterEach(closeAllReverting);

  it('an annotation file shows each problem once, with its code, severity and exact range', async () => {
    const { document: doc } = await openDoc('annotations/broken.json');
    // Disk checks (image sizes, lookup by name) arrive with the rest: wait for all nine.
    const diagnostics = ours(await waitForDiagnostics(doc.uri, (d) => ours(d).length >= 6));
    assert.deepStrictEqual(rows(doc, diagnostics), [
      ['bbox-negative-size', 6, 51, '-180'],
      ['polygon-too-few-points', 7, 41, '[[0, 480], [640, 480]]'],
      ['out-of-image', 8, 40, '[600, 400, 100, 100]'],
      ['confidence-out-of-range', 8, 76, '87'],
      ['out-of-image', 14, 58, '[900, 10]'],
      ['image-not-found', 17, 16, '"ghost.png"'],
    ]);
    const byCode = new Map(diagnostics.map((d) => [String(d.code), d]));
    assert.strictEqual(byCode.get('bbox-negative-size')?.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(byCode.get('image-not-found')?.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(byCode.get('bbox-negative-size')?.source, 'Datum Studio');
    assert.strictEqual(byCode.get('bbox-negative-size')?.message, 'bbox width must not be negative (-180).');
    assert.match(byCode.get('image-not-found')!.message, /Looked in this file's folder and the whole workspace/);
    // The duplicate "label" key is left to VS Code's JSON support in .json files: one diagnostic, not two.
    // VS Code's JSON language server reports on its own schedule, which may come after ours: waited for.
    const all = await waitForDiagnostics(doc.uri, (d) => d.some((x) => x.source !== 'Datum Studio' && x.range.start.line === 8));
    assert.ok(!all.some((d) => d.code === 'duplicate-key'));
  });

  it('diagnostics follow edits of the unsaved text, and fixing the text clears them', async () => {
    const { document: doc } = await openDoc('outputs/model.h5.metadata.json');
    await waitForDiagnostics(doc.uri, (d) => codesOf(d).join() === 'tags-not-list,unknown-reserved-key');
    await replace(doc, '"production"', '["production"]');
    await waitForDiagnostics(doc.uri, (d) => codesOf(d).join() === 'unknown-reserved-key');
    await replace(doc, 'valohai.alais', 'valohai.alias');
    await waitForDiagnostics(doc.uri, (d) => d.length === 0);
    assert.ok(doc.isDirty, 'checked the unsaved text, not the file on disk');
    // Break the JSON: VS Code's own JSON support reports the syntax error; we add no second one.
    await replace(doc, '],', ']');
    const all = await waitForDiagnostics(doc.uri, (d) => d.length > 0);
    assert.deepStrictEqual(codesOf(all), []);
    assert.strictEqual(all[0].range.start.line, 2);
  });

  it('CRLF files get ranges as exact as LF files', async () => {
    const { document: doc } = await openDoc('crlf/valohai.metadata.jsonl');
    assert.strictEqual(doc.eol, vscode.EndOfLine.CRLF);
    assert.strictEqual(doc.languageId, 'jsonl');
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => d.length >= 4);
    assert.deepStrictEqual(rows(doc, diagnostics), [
      ['tags-not-list', 1, 51, '"a"'],
      ['jsonl-blank-line', 2, 1, ''],
      ['invalid-dataset-uri', 3, 21, '"dataset://d"'],
      ['duplicate-key', 4, 49, '"k"'],
    ]);
    const duplicate = diagnostics.find((d) => d.code === 'duplicate-key')!;
    const first = duplicate.relatedInformation?.[0];
    assert.deepStrictEqual(first && [first.location.range.start.line, doc.getText(first.location.range), first.message], [3, '"k"', 'first occurrence']);
    await replace(doc, '"dataset://d", "metadata": {}', '"dataset://d/v1", "metadata": {}');
    await waitForDiagnostics(doc.uri, (d) => codesOf(d).join() === 'duplicate-key,jsonl-blank-line,tags-not-list');
  });

  it('recognizes annotation JSON by content, and leaves other JSON alone', async () => {
    const { document: doc } = await openDoc('labels/predictions.json');
    const [d] = await waitForDiagnostics(doc.uri, (x) => ours(x).length === 1);
    assert.strictEqual(d.code, 'confidence-out-of-range');
    assert.strictEqual(doc.getText(d.range), '1.5');
    // While the text is broken it stays recognized: our last results give way, VS Code shows the syntax error.
    await replace(doc, '"model": "yolo",', '"model": "yolo"');
    await waitForDiagnostics(doc.uri, (x) => x.length > 0 && codesOf(x).length === 0);
    await replace(doc, '"model": "yolo"', '"model": "yolo",');
    await waitForDiagnostics(doc.uri, (x) => codesOf(x).join() === 'confidence-out-of-range');

    const other = (await openDoc('other/package.json')).document;
    const settle = await openDoc('annotations/good.json');
    await waitForDiagnostics(settle.document.uri, (x) => x.length === 0, { timeout: 3000 }).catch(() => undefined);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(other.uri), []);
  });

  it('the format choice overrides recognition: none clears, a format checks', async () => {
    const { document: doc } = await openDoc('labels/predictions.json');
    await waitForDiagnostics(doc.uri, (x) => ours(x).length === 1);
    await vscode.commands.executeCommand('datumStudio.selectFormat', doc.uri, 'none');
    await waitForDiagnostics(doc.uri, (x) => ours(x).length === 0);
    await vscode.commands.executeCommand('datumStudio.selectFormat', doc.uri, 'file-metadata');
    const asFiles = await waitForDiagnostics(doc.uri, (x) => x.some((d) => d.code === 'missing-key'));
    assert.match(asFiles.find((d) => d.code === 'missing-key')!.message, /`files`/);
    await vscode.commands.executeCommand('datumStudio.selectFormat', doc.uri, 'auto');
    await waitForDiagnostics(doc.uri, (x) => codesOf(x).join() === 'confidence-out-of-range');
  });

  it('an image that appears on disk clears its not-found warning', async () => {
    const { document: doc } = await openDoc('annotations/broken.json');
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => x.code === 'image-not-found'));
    const source = await vscode.workspace.fs.readFile(fixtureUri('frames/parking.png'));
    await vscode.workspace.fs.writeFile(fixtureUri('annotations/ghost.png'), source);
    try {
      await waitForDiagnostics(doc.uri, (d) => d.length > 0 && !d.some((x) => x.code === 'image-not-found'), { timeout: 20_000 });
    } finally {
      await vscode.workspace.fs.delete(fixtureUri('annotations/ghost.png'));
    }
  });

  it('images found by name anywhere in the workspace: a second file of that name makes it ambiguous, and removing it finds the one again', async () => {
    const { document: doc } = await openDoc('annotations/broken.json');
    // "parking.png" is in frames/, not beside the file: found by name, so its line is checked against the image.
    const found = (d: readonly vscode.Diagnostic[]) => d.some((x) => x.code === 'out-of-image' && x.range.start.line === 13);
    await waitForDiagnostics(doc.uri, found);
    const source = await vscode.workspace.fs.readFile(fixtureUri('frames/parking.png'));
    await vscode.workspace.fs.writeFile(fixtureUri('other/parking.png'), source);
    try {
      const ambiguous = (await waitForDiagnostics(doc.uri, (d) => d.some((x) => /ambiguous/.test(x.message)), { timeout: 20_000 })).find((x) => /ambiguous/.test(x.message))!;
      assert.strictEqual(ambiguous.range.start.line, 12);
      assert.match(ambiguous.message, /2 files in the workspace have that name/);
      assert.match(ambiguous.message, /frames[/\\]parking\.png/);
      assert.match(ambiguous.message, /other[/\\]parking\.png/);
    } finally {
      await vscode.workspace.fs.delete(fixtureUri('other/parking.png'));
    }
    await waitForDiagnostics(doc.uri, (d) => found(d) && !d.some((x) => /ambiguous/.test(x.message)), { timeout: 20_000 });
  });

  it('untitled JSON is checked by content too', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: '{"images": [{"image": "x.png", "annotations": [{"bbox": [0, 0, -1, 1], "label": "a"}]}]}' });
    await vscode.window.showTextDocument(doc);
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => ours(d).length === 1);
    assert.strictEqual(diagnostics[0].code, 'bbox-negative-size');
  });
});

describe('Validate Workspace', function () {
  this.timeout(60_000);

  before(closeAllReverting);

  it('fills the Problems panel for files that were never opened and reports the counts', async () => {
    const closed = fixtureUri('outputs/closed.txt.metadata.json');
    assert.deepStrictEqual(vscode.languages.getDiagnostics(closed), []);
    const summary = (await vscode.commands.executeCommand('datumStudio.validateWorkspace')) as { files: number; checked: number; errors: number; warnings: number; cancelled: boolean };
    assert.strictEqual(summary.cancelled, false);
    const diagnostics = vscode.languages.getDiagnostics(closed);
    assert.deepStrictEqual(codesOf(diagnostics), ['tags-not-list']);
    assert.deepStrictEqual([diagnostics[0].range.start.line, diagnostics[0].range.start.character], [0, 18]);
    // broken.json, the JSONL, predictions.json, both sidecars, good.json, the five under language/ and the five under mistakes/ are ours; package.json and smoke.json are not.
    assert.strictEqual(summary.checked, 16);
    assert.ok(summary.errors >= 8, `errors: ${summary.errors}`);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(fixtureUri('other/package.json')), []);
  });
});

describe('large files', function () {
  this.timeout(120_000);

  it('over the live limit: an information instead of live checks, and the batch check still runs', async () => {
    const config = vscode.workspace.getConfiguration('datumStudio');
    await config.update('validation.maxLiveFileSizeMB', 1, vscode.ConfigurationTarget.Workspace);
    const uri = fixtureUri('annotations/big.json');
    const annotations = Array.from({ length: 20_000 }, (_, i) => ({ type: 'rectangle', bbox: [i % 600, 10, 20, i === 19_999 ? -5 : 20], label: 'car', confidence: 0.5 }));
    const text = JSON.stringify({ images: [{ image: '../images/street.jpg', annotations }] }, null, 2);
    assert.ok(text.length > 1024 * 1024);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    try {
      const doc = (await vscode.window.showTextDocument(uri)).document;
      const [info] = await waitForDiagnostics(doc.uri, (d) => ours(d).length === 1);
      assert.strictEqual(info.code, 'file-too-large');
      assert.strictEqual(info.severity, vscode.DiagnosticSeverity.Information);
      assert.match(info.message, /too large to check as you type/);
      await vscode.commands.executeCommand('datumStudio.validateWorkspace', [uri]);
      const all = await waitForDiagnostics(doc.uri, (d) => ours(d).some((x) => x.code === 'bbox-negative-size'));
      const negative = all.find((x) => x.code === 'bbox-negative-size')!;
      assert.strictEqual(doc.getText(negative.range), '-5');
    } finally {
      await closeAllReverting();
      await config.update('validation.maxLiveFileSizeMB', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(uri);
    }
  });
});

describe('the samples show what the README says', function () {
  this.timeout(120_000);
  afterEach(closeAllReverting);

  it('every sample file, opened in the editor', async () => {
    const root = vscode.extensions.getExtension('datum-studio.datum-studio')!.extensionUri;
    const readme = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, 'README.md'))).toString('utf8');
    const rowsOfReadme = [...readme.matchAll(/^\| `(samples\/[^`]+)` \| (.*) \|$/gm)];
    assert.ok(rowsOfReadme.length >= 8);
    const good = ['samples/annotations/street.json', 'samples/annotations/legacy-without-type.json', 'samples/outputs/model.h5.metadata.json', 'samples/file-metadata/files.json', 'samples/coco/instances.json'];
    const expected = new Map<string, string[]>([...good.map((g): [string, string[]] => [g, []])]);
    for (const [, file, list] of rowsOfReadme) {
      // In .json documents VS Code's JSON support reports these two instead of us (README says so).
      const codes = [...list.matchAll(/L(\d+) `([a-z-]+)`/g)].map((m) => `${m[1]} ${m[2]}`);
      expected.set(file, file.endsWith('.json') ? codes.filter((c) => !/ (invalid-json|duplicate-key)$/.test(c)) : codes);
    }
    for (const [file, codes] of expected) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, file));
      await vscode.window.showTextDocument(doc, { preview: false });
      const seen = (d: readonly vscode.Diagnostic[]) => ours(d).map((x) => `${x.range.start.line + 1} ${x.code}`).sort();
      await waitForDiagnostics(doc.uri, (d) => JSON.stringify(seen(d)) === JSON.stringify([...codes].sort()), {
        message: () => `${file}: expected ${JSON.stringify(codes)}, seen ${JSON.stringify(seen(vscode.languages.getDiagnostics(doc.uri)))}`,
      });
      if (codes.length === 0) {
        // Nothing to wait for: give the check time to run before accepting "none".
        await new Promise((r) => setTimeout(r, 1500));
        assert.deepStrictEqual(seen(vscode.languages.getDiagnostics(doc.uri)), [], file);
      }
    }
  });
});
