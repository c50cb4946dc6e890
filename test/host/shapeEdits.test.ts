// Box edits from the preview applied to a document (src/preview/host/shapeEdits.ts): one
// WorkspaceEdit on the version the preview read, refused (text untouched) when the text changed since.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { nodeFileAccess } from '../../src/core/files';
import { FileSource } from '../../src/preview/host/fileSource';
import { applyBoxEdit, applyShapeEdit } from '../../src/preview/host/shapeEdits';
import { METALAKE_WRITERS } from '../../src/annotations/editOps';
import { Validator } from '../../src/validation/analyze';
import { AnalysisCache } from '../../src/workspace/analysisCache';
import { DocumentFormats } from '../../src/workspace/documentFormats';
import { LiveDiagnostics } from '../../src/diagnostics/liveDiagnostics';
import { fixtureUri } from './helpers';

/** A read-only file system of the test's own, standing in for a diff's left side (git:) and the like. */
class ReadOnlyFs implements vscode.FileSystemProvider {
  constructor(private readonly content: Uint8Array) {}
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  watch(): vscode.Disposable { return new vscode.Disposable(() => {}); }
  stat(): vscode.FileStat { return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: this.content.length, permissions: vscode.FilePermission.Readonly }; }
  readDirectory(): [string, vscode.FileType][] { return []; }
  createDirectory(): void { throw vscode.FileSystemError.NoPermissions('read-only'); }
  readFile(): Uint8Array { return this.content; }
  writeFile(): void { throw vscode.FileSystemError.NoPermissions('read-only'); }
  delete(): void { throw vscode.FileSystemError.NoPermissions('read-only'); }
  rename(): void { throw vscode.FileSystemError.NoPermissions('read-only'); }
}

class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] { return [...this.values.keys()]; }
  get<T>(key: string, fallback?: T): T | undefined { return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined; }
  async update(key: string, value: unknown): Promise<void> { this.values.set(key, value); }
}

const TEXT = '{\n  "images": [\n    {\n      "image": "a.jpg",\n      "annotations": [\n        { "label": "car", "bbox": [10, 20, 30, 40] }\n      ]\n    }\n  ]\n}\n';

describe('Preview box edits', () => {
  const rangeOfBox = (text: string): { start: number; end: number } => {
    const start = text.indexOf('{ "label"');
    return { start, end: text.indexOf('}', start) + 1 };
  };

  it('an edit on the current version is applied as one edit, unsaved; undo restores the text', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: TEXT });
    await vscode.window.showTextDocument(doc);
    const outcome = await applyBoxEdit(doc.uri, { version: doc.version, range: rangeOfBox(TEXT), bbox: [12, 25, 30, 40], imageW: 640, imageH: 480, normalized: false });
    assert.strictEqual(outcome.applied, true);
    assert.strictEqual(doc.getText(), TEXT.replace('[10, 20, 30, 40]', '[12, 25, 30, 40]'));
    assert.strictEqual(doc.isDirty, true, 'nothing is saved');
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), TEXT, 'one undo step undoes the whole box');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('an edit naming an older version is refused with a message and changes nothing', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: TEXT });
    await vscode.window.showTextDocument(doc);
    const seen = doc.version;
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    // The user types in front of the box: the preview's offsets are now wrong.
    await editor.edit((b) => b.insert(new vscode.Position(0, 1), ' '));
    const typed = doc.getText();
    const outcome = await applyBoxEdit(doc.uri, { version: seen, range: rangeOfBox(TEXT), bbox: [12, 25, 30, 40], imageW: 640, imageH: 480, normalized: false });
    assert.strictEqual(outcome.applied, false);
    assert.ok(!outcome.applied && /changed since the preview drew its shapes/.test(outcome.message), 'the message says why');
    assert.strictEqual(doc.getText(), typed, 'the text is untouched');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a file on disk offers editing (a version with the shapes); a read-only scheme does not, and its edits are refused', async () => {
    const memento = new MemoryMemento();
    const formats = new DocumentFormats(memento);
    const analyses = new AnalysisCache(new Validator(), formats);
    const files = nodeFileAccess(async () => []);
    const file = fixtureUri('preview-edit.json');
    await vscode.workspace.fs.writeFile(file, Buffer.from(TEXT));
    const writable = new FileSource(file, analyses, files, memento);
    await writable.load();
    const doc = await vscode.workspace.openTextDocument(file);
    assert.strictEqual(writable.annotations(0)?.editVersion, doc.version);

    const scheme = 'datum-test-readonly';
    const registration = vscode.workspace.registerFileSystemProvider(scheme, new ReadOnlyFs(Buffer.from(TEXT)), { isReadonly: true });
    const readOnly = new FileSource(vscode.Uri.from({ scheme, path: '/left/boxes.json' }), analyses, files, memento);
    try {
      await readOnly.load();
      const shown = readOnly.annotations(0);
      assert.strictEqual(shown?.shapes.length, 1, 'the shapes are shown');
      assert.strictEqual(shown?.editVersion, undefined, 'no version: no handles');
      const refused = await readOnly.editBox({ image: 0, annotation: 0, version: 1, bbox: [12, 25, 30, 40], imageW: 640, imageH: 480 });
      assert.match(refused ?? '', /cannot change the file/);
      const left = await vscode.workspace.openTextDocument(readOnly.uri!);
      assert.strictEqual(left.getText(), TEXT);
    } finally {
      readOnly.dispose();
      writable.dispose();
      registration.dispose();
      formats.dispose();
      analyses.dispose();
    }
  });

  it('an applied box edit brings its diagnostics at once, not after the typing debounce', async () => {
    // A debounce no test could wait out: the diagnostic must come from the edit's own check.
    const config = vscode.workspace.getConfiguration('datumStudio.validation');
    await config.update('debounceMs', 600_000, vscode.ConfigurationTarget.Global);
    const memento = new MemoryMemento();
    const formats = new DocumentFormats(memento);
    const validator = new Validator();
    const analyses = new AnalysisCache(validator, formats);
    const files = nodeFileAccess(async () => []);
    const collection = vscode.languages.createDiagnosticCollection('datum-test-check-now');
    const log = vscode.window.createOutputChannel('Datum Studio test (check now)', { log: true });
    const file = fixtureUri('preview-edit-check-now.json');
    await vscode.workspace.fs.writeFile(file, Buffer.from(TEXT));
    const live = new LiveDiagnostics(collection, validator, analyses, formats, files, log);
    const source = new FileSource(file, analyses, files, memento);
    try {
      await source.load();
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const version = source.annotations(0)?.editVersion;
      assert.strictEqual(version, doc.version);
      const code = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);
      assert.ok(!(collection.get(file) ?? []).some((d) => code(d) === 'bbox-zero-size'));
      // A zero width: the box's own diagnostic.
      const refused = await source.editBox({ image: 0, annotation: 0, version: version!, bbox: [12, 25, 0, 40], imageW: 640, imageH: 480 });
      assert.strictEqual(refused, undefined);
      assert.strictEqual(doc.getText(), TEXT.replace('[10, 20, 30, 40]', '[12, 25, 0, 40]'));
      const shown = collection.get(file) ?? [];
      assert.ok(shown.some((d) => code(d) === 'bbox-zero-size' && d.range.start.line === 5), `the diagnostic is there when the edit returns (got ${shown.map(code).join(', ') || 'none'})`);
      // The preview reads the version the diagnostics analysed: its next edit names it.
      assert.strictEqual(source.annotations(0)?.editVersion, doc.version);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      source.dispose();
      live.dispose();
      collection.dispose();
      log.dispose();
      formats.dispose();
      analyses.dispose();
      await config.update('debounceMs', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    }
  });
});

const POLYGON = '{\r\n  "images": [\r\n    {\r\n      "image": "a.jpg",\r\n      "annotations": [\r\n        { "label": "road", "polygon": [[10, 20], [110, 20], [60, 90]] }\r\n      ]\r\n    }\r\n  ]\r\n}\r\n';

describe('Preview points edits', () => {
  const ranges = (text: string): { entry: { start: number; end: number }; annotation: { start: number; end: number } } => {
    const start = text.indexOf('{ "label"');
    const entry = text.indexOf('{', text.indexOf('"images"'));
    return { entry: { start: entry, end: text.lastIndexOf(']') }, annotation: { start, end: text.indexOf('] }', start) + 3 } };
  };

  it('a points edit on the current version is one edit (a vertex inserted, CRLF kept); one undo restores the text', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: POLYGON });
    await vscode.window.showTextDocument(doc);
    const outcome = await applyShapeEdit(doc.uri, { version: doc.version, ...ranges(POLYGON), imageW: 640, imageH: 480, normalized: false, edit: { op: 'points', annotation: 0, points: [10, 20, 60, 20, 110, 20, 60, 90] } }, METALAKE_WRITERS);
    assert.strictEqual(outcome.applied, true, outcome.applied ? '' : outcome.message);
    assert.strictEqual(doc.getText(), POLYGON.replace('[[10, 20], [110, 20]', '[[10, 20], [60, 20], [110, 20]'));
    assert.strictEqual(doc.isDirty, true, 'nothing is saved');
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), POLYGON, 'one undo step');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a points edit naming an older version is refused with a message and changes nothing', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: POLYGON });
    await vscode.window.showTextDocument(doc);
    const seen = doc.version;
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    // The user types in front of the polygon: the preview's offsets are now wrong.
    await editor.edit((b) => b.insert(new vscode.Position(0, 1), ' '));
    const typed = doc.getText();
    const outcome = await applyShapeEdit(doc.uri, { version: seen, ...ranges(POLYGON), imageW: 640, imageH: 480, normalized: false, edit: { op: 'points', annotation: 0, points: [12, 20, 110, 20, 60, 90] } }, METALAKE_WRITERS);
    assert.strictEqual(outcome.applied, false);
    assert.ok(!outcome.applied && /changed since the preview drew its shapes/.test(outcome.message), 'the message says why');
    assert.strictEqual(doc.getText(), typed, 'the text is untouched');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a file source offers the points edit and writes it through its model\'s ranges', async () => {
    const memento = new MemoryMemento();
    const formats = new DocumentFormats(memento);
    const analyses = new AnalysisCache(new Validator(), formats);
    const file = fixtureUri('preview-points-edit.json');
    await vscode.workspace.fs.writeFile(file, Buffer.from(POLYGON));
    const source = new FileSource(file, analyses, nodeFileAccess(async () => []), memento);
    try {
      await source.load();
      const shown = source.annotations(0);
      assert.ok(shown?.editOps?.includes('points'), 'the page is told it may change vertices');
      const doc = await vscode.workspace.openTextDocument(file);
      const refused = await source.editShape({ type: 'editShape', image: 0, version: doc.version, imageW: 640, imageH: 480, edit: { op: 'points', annotation: 0, points: [10, 20, 115, 25, 60, 90] } });
      assert.strictEqual(refused, undefined);
      assert.strictEqual(doc.getText(), POLYGON.replace('[110, 20]', '[115, 25]'));
      const stale = await source.editShape({ type: 'editShape', image: 0, version: doc.version - 1, imageW: 640, imageH: 480, edit: { op: 'points', annotation: 0, points: [0, 0, 115, 25, 60, 90] } });
      assert.match(stale ?? '', /changed since the preview drew its shapes/);
      assert.strictEqual(doc.getText(), POLYGON.replace('[110, 20]', '[115, 25]'), 'the stale edit wrote nothing');
    } finally {
      source.dispose();
      formats.dispose();
      analyses.dispose();
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('a cursor moved in a text the model has not read yet (typing, an edit from the preview) names the annotation of that text', async () => {
    const memento = new MemoryMemento();
    const formats = new DocumentFormats(memento);
    const analyses = new AnalysisCache(new Validator(), formats);
    const file = fixtureUri('preview-points-cursor.json');
    const text = '{"images": [{"image": "a.jpg", "annotations": [\n{ "label": "road", "polygon": [[10, 20], [110, 20], [60, 90]] },\n{ "label": "lane", "line": [[0, 0], [5, 5]] }\n]}]}\n';
    await vscode.workspace.fs.writeFile(file, Buffer.from(text));
    const source = new FileSource(file, analyses, nodeFileAccess(async () => []), memento);
    const seen: { image: number; annotation?: number }[] = [];
    const listening = source.onDidMoveCursor((at) => seen.push(at));
    const next = (): Promise<{ image: number; annotation?: number }> => new Promise((resolve) => {
      const check = (): void => (seen.length > 0 ? resolve(seen.shift()!) : void setTimeout(check, 20));
      check();
    });
    try {
      await source.load();
      const doc = await vscode.workspace.openTextDocument(file);
      const editor = await vscode.window.showTextDocument(doc);
      const road = doc.positionAt(text.indexOf('"road"'));
      editor.selection = new vscode.Selection(road, road);
      assert.deepStrictEqual(await next(), { image: 0, annotation: 0 });
      // The cursor where an insertion does not move it (before any image entry: no event).
      editor.selection = new vscode.Selection(new vscode.Position(0, 3), new vscode.Position(0, 3));
      // Eighty characters in front of both annotations, then the cursor at once on the lane of the new text:
      // through the model of the old text that offset is past the lane (no annotation).
      await editor.edit((b) => b.insert(new vscode.Position(1, 0), ' '.repeat(80)));
      const lane = doc.positionAt(doc.getText().indexOf('"lane"'));
      editor.selection = new vscode.Selection(lane, lane);
      // Once the model has read the new text (no event at all is the old offsets' failure).
      const deadline = Date.now() + 20_000;
      while ((source.annotations(0)?.editVersion !== doc.version || seen.length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.deepStrictEqual(seen, [{ image: 0, annotation: 1 }], 'the cursor on the lane names the lane');
    } finally {
      listening.dispose();
      source.dispose();
      formats.dispose();
      analyses.dispose();
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
