// A shape drawn in the preview, through the host's path (FileSource.editShape → applyShapeEdit → the
// MetaLake table's `add` writer): offered to the page, one WorkspaceEdit, unsaved, one undo step;
// refused (text untouched) when the text changed since the page read its shapes.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { nodeFileAccess } from '../../src/core/files';
import { FileSource } from '../../src/preview/host/fileSource';
import { Validator } from '../../src/validation/analyze';
import { AnalysisCache } from '../../src/workspace/analysisCache';
import { DocumentFormats } from '../../src/workspace/documentFormats';
import { fixtureUri } from './helpers';

class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] { return [...this.values.keys()]; }
  get<T>(key: string, fallback?: T): T | undefined { return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined; }
  async update(key: string, value: unknown): Promise<void> { this.values.set(key, value); }
}

const TEXT = '{\r\n\t"images": [\r\n\t\t{\r\n\t\t\t"image": "a.jpg",\r\n\t\t\t"annotations": [\r\n\t\t\t\t{"bbox": [10, 20, 30, 40], "label": "car"}\r\n\t\t\t]\r\n\t\t}\r\n\t]\r\n}\r\n';

describe('Preview new shapes', () => {
  it('a drawn polygon is one edit in the file\'s style, unsaved, one undo step; a stale one is refused', async () => {
    const memento = new MemoryMemento();
    const formats = new DocumentFormats(memento);
    const analyses = new AnalysisCache(new Validator(), formats);
    const file = fixtureUri('preview-draw.json');
    await vscode.workspace.fs.writeFile(file, Buffer.from(TEXT));
    const source = new FileSource(file, analyses, nodeFileAccess(async () => []), memento);
    try {
      await source.load();
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const shown = source.annotations(0);
      assert.ok(shown?.editOps?.includes('add'), 'the page is offered the add op');
      assert.deepEqual(shown?.labelsInUse, ['car'], 'the labels a new shape is picked from');
      const version = shown?.editVersion ?? -1;
      const refused = await source.editShape({ type: 'editShape', image: 0, version, imageW: 640, imageH: 480, edit: { op: 'add', kind: 'polygon', label: 'road', points: [1, 2, 30, 2, 30, 40] } });
      assert.strictEqual(refused, undefined, refused);
      const want = TEXT.replace('"label": "car"}\r\n', '"label": "car"},\r\n\t\t\t\t{"polygon": [[1, 2], [30, 2], [30, 40]], "label": "road"}\r\n');
      assert.strictEqual(doc.getText(), want);
      assert.strictEqual(doc.isDirty, true, 'nothing is saved');
      assert.strictEqual(source.annotations(0)?.shapes.length, 2, 'the shapes are read again at once');
      assert.deepEqual(source.annotations(0)?.labelsInUse, ['car', 'road']);
      // The page's old version: refused, nothing written.
      const stale = await source.editShape({ type: 'editShape', image: 0, version, imageW: 640, imageH: 480, edit: { op: 'add', kind: 'rectangle', label: 'car', points: [5, 5, 5, 5] } });
      assert.match(stale ?? '', /changed since the preview drew its shapes/);
      assert.strictEqual(doc.getText(), want);
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(doc.getText(), TEXT, 'one undo step');
      await vscode.commands.executeCommand('workbench.action.files.save');
    } finally {
      source.dispose();
      formats.dispose();
      analyses.dispose();
      await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    }
  });
});
