// Big files in the real VS Code: from 2 MB on (AnalysisCache's WORKER_BYTES) a full pass (on open,
// after an edit that is not inside one entry) runs in a worker thread and a later edit stops it.
// Diagnostics must still appear, follow the edits, and never come from a superseded pass.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeExtension, closeAllReverting, ours, waitForDiagnostics } from './helpers';

const ENTRIES = 4200;

interface Publication {
  uri: vscode.Uri;
  version: number;
  current: number;
}

/** ~2.4 MB (just over the 2 MB from which the worker takes the full passes): one negative width (-5) in entry 4000. */
function bigFile(): string {
  const images = Array.from({ length: ENTRIES }, (_, i) => ({
    image: `/bucket/frames/frame_${i}.jpg`,
    annotations: [
      { type: 'rectangle', bbox: [10, 20, i === 4000 ? -5 : 30, 40], label: 'car', confidence: 0.5 },
      { type: 'polygon', polygon: [[1, 2], [30, 4], [5, 60]], label: 'person' },
    ],
  }));
  return JSON.stringify({ images }, null, 2);
}

const entryText = (width: number): string => JSON.stringify({ image: `/bucket/new_${-width}.jpg`, annotations: [{ type: 'rectangle', bbox: [1, 2, width, 4], label: 'car' }] });

/** The negative widths the diagnostics report, each checked against the text it points at. */
function negatives(doc: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[]): number[] {
  const out: number[] = [];
  for (const d of ours(diagnostics)) {
    if (d.code !== 'bbox-negative-size') continue;
    const shown = doc.getText(d.range);
    const said = /\((-[\d.]+)\)/.exec(d.message)?.[1];
    // A result of another version of the text would point at text that is not its number.
    assert.strictEqual(shown, said, `a bbox-negative-size diagnostic at ${d.range.start.line + 1}:${d.range.start.character + 1} says ${said} but points at "${shown}"`);
    out.push(Number(shown));
  }
  return out.sort((a, b) => a - b);
}

describe('big files (full passes in a worker thread)', function () {
  this.timeout(180_000);
  let dir: string;
  let file: string;

  let api: { diagnostics: { onDidPublish: vscode.Event<Publication>; texts: { textOf(doc: vscode.TextDocument): string; counts: { mirrored: number; asked: number; dropped: number } } } };

  before(async () => {
    api = (await activeExtension()).exports as typeof api;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-big-'));
    file = path.join(dir, 'big.json');
  });

  afterEach(async () => {
    // Reverted by the command (the helper's whole-text replacement of a 2 MB file is slow in the workbench).
    for (let i = 0; i < 3 && vscode.window.activeTextEditor; i++) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await closeAllReverting();
    await vscode.workspace.getConfiguration('datumStudio').update('validation.debounceMs', undefined, vscode.ConfigurationTarget.Global);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('shows the diagnostics on open and after an edit across entries, at the right places', async () => {
    const text = bigFile();
    assert.ok(text.length > 2.1 * 1024 * 1024, `${text.length} bytes`);
    fs.writeFileSync(file, text);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
    const doc = editor.document;
    await waitForDiagnostics(doc.uri, (d) => negatives(doc, d).join() === '-5', { timeout: 120_000 });
    // A new entry at the front of the list is no edit inside one entry: a full pass (the worker's).
    const at = doc.positionAt(doc.getText().indexOf('{', 1));
    assert.ok(await editor.edit((e) => e.insert(at, `${entryText(-7)},\n`)));
    await waitForDiagnostics(doc.uri, (d) => negatives(doc, d).join() === '-7,-5', { timeout: 120_000 });
    // And an edit inside one entry after it (the incremental step) lands where the text now is.
    const width = doc.getText().indexOf('-5,');
    assert.ok(await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(width), doc.positionAt(width + 2)), '-6')));
    await waitForDiagnostics(doc.uri, (d) => negatives(doc, d).join() === '-7,-6', { timeout: 120_000 });
  });

  it('never shows the results of a pass that a later edit superseded', async () => {
    await vscode.workspace.getConfiguration('datumStudio').update('validation.debounceMs', 0, vscode.ConfigurationTarget.Global);
    const other = path.join(dir, 'superseded.json');
    fs.writeFileSync(other, bigFile());
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(other));
    const doc = editor.document;
    await waitForDiagnostics(doc.uri, (d) => negatives(doc, d).join() === '-5', { timeout: 120_000 });
    // Every set of live diagnostics handed to VS Code, with the version it was found for.
    const published: Publication[] = [];
    const watch = api.diagnostics.onDidPublish((p) => {
      if (p.uri.toString() === doc.uri.toString()) published.push(p);
    });
    try {
      const front = doc.positionAt(doc.getText().indexOf('{', 1));
      const first = doc.version;
      // Structural edits one after another, each starting a full pass that the next one stops.
      for (const width of [-11, -12, -13]) {
        assert.ok(await editor.edit((e) => e.insert(front, `${entryText(width)},\n`)));
      }
      await waitForDiagnostics(doc.uri, (d) => negatives(doc, d).join() === '-13,-12,-11,-5', { timeout: 120_000 });
      const stale = published.filter((p) => p.version !== p.current);
      assert.deepStrictEqual(stale, [], `published for an older version: ${JSON.stringify(stale)}`);
      assert.ok(published.some((p) => p.version === doc.version), 'the last version was published');
      assert.ok(published.every((p) => p.version > first), JSON.stringify(published));
    } finally {
      watch.dispose();
    }
  });

  it("keeps a big document's text from its change events, equal to the document's after every kind of edit", async () => {
    const other = path.join(dir, 'mirrored.json');
    fs.writeFileSync(other, bigFile());
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(other));
    const doc = editor.document;
    await waitForDiagnostics(doc.uri, (d) => negatives(doc, d).join() === '-5', { timeout: 120_000 });
    const { texts } = api.diagnostics;
    const check = (what: string): void => {
      const kept = texts.textOf(doc);
      const own = doc.getText();
      assert.strictEqual(kept.length, own.length, `${what}: length`);
      assert.ok(kept === own, `${what}: the kept text differs from the document's`);
    };
    texts.textOf(doc);
    const mirroredBefore = texts.counts.mirrored;
    const at = (needle: string, from = 0): vscode.Position => doc.positionAt(doc.getText().indexOf(needle, from));
    // One character, as typed (the file stays valid JSON throughout: the diagnostics are checked last).
    assert.ok(await editor.edit((e) => e.insert(at('"car"', 1_000_000).translate(0, 1), 'x')));
    check('an insert');
    // Several ranges at once, in no particular order (a multi-cursor edit, a rename).
    const half = doc.getText().length >> 1;
    assert.ok(await editor.edit((e) => {
      e.replace(new vscode.Range(at('"person"', half), at('"person"', half).translate(0, 8)), '"rider"');
      e.insert(at('"image"', 10), ' ');
      e.delete(new vscode.Range(at('"person"', 2_000_000).translate(0, 1), at('"person"', 2_000_000).translate(0, 2)));
    }));
    check('a multi-range edit');
    // A line break and a paste of many lines.
    assert.ok(await editor.edit((e) => e.insert(at('"annotations"', 500_000), '\n')));
    assert.ok(await editor.edit((e) => e.insert(at('"annotations"', 700_000), '  \n \n\n'.repeat(50))));
    check('inserted lines');
    // Undo and redo.
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    check('undo');
    await vscode.commands.executeCommand('redo');
    check('redo');
    // A WorkspaceEdit (as the quick fixes and the preview make them).
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(at('"rider"'), at('"rider"').translate(0, 7)), '"person"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    check('a WorkspaceEdit');
    assert.ok(texts.counts.mirrored - mirroredBefore >= 6, `only ${texts.counts.mirrored - mirroredBefore} versions came from change events`);
    // CRLF: every line break changes; the document is asked again, and then kept from there.
    assert.ok(await editor.edit((e) => e.setEndOfLine(vscode.EndOfLine.CRLF)));
    check('CRLF');
    assert.ok(await editor.edit((e) => e.insert(at('"car"', 1_500_000), ' \r\n')));
    check('an insert after CRLF');
    // A save (an event without content changes) keeps the text; the next edit goes on from it.
    const dropped = texts.counts.dropped;
    assert.ok(await doc.save());
    check('a save');
    assert.ok(await editor.edit((e) => e.insert(at('"car"', 1_200_000), ' ')));
    check('an insert after the save');
    assert.strictEqual(texts.counts.dropped, dropped, 'a save dropped the kept text');
    // The diagnostics read the kept text: still at the right places.
    const width = doc.getText().indexOf('-5,');
    assert.ok(await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(width), doc.positionAt(width + 2)), '-8')));
    await waitForDiagnostics(doc.uri, (d) => negatives(doc, d).join() === '-8', { timeout: 120_000 });
    check('after the diagnostics');
  });
});
