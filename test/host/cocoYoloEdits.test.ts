// Shape edits from the preview on COCO files and YOLO label files, through their sources as the
// panel calls them: the edit lands in the document (one WorkspaceEdit, nothing saved), an edit
// naming an older version is refused and changes nothing. Each test writes its own files.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { nodeFileAccess } from '../../src/core/files';
import { FileSource } from '../../src/preview/host/fileSource';
import { YoloSource } from '../../src/preview/host/yoloSource';
import { Validator } from '../../src/validation/analyze';
import { AnalysisCache } from '../../src/workspace/analysisCache';
import { DocumentFormats } from '../../src/workspace/documentFormats';
import { fixtureUri, waitFor } from './helpers';

class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] { return [...this.values.keys()]; }
  get<T>(key: string, fallback?: T): T | undefined { return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined; }
  async update(key: string, value: unknown): Promise<void> { this.values.set(key, value); }
}

// A 1×1 PNG: the YOLO preview needs an image beside the labels (its size is what the numbers are fractions of).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

const COCO = '{\n  "images": [{"id": 1, "file_name": "a.jpg", "width": 640, "height": 480}],\n  "annotations": [\n    {"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 20, 30, 40], "area": 1200, "iscrowd": 0}\n  ],\n  "categories": [{"id": 1, "name": "car"}, {"id": 2, "name": "dog"}]\n}\n';

describe('Preview edits on COCO and YOLO files', () => {
  const memento = new MemoryMemento();
  const formats = new DocumentFormats(memento);
  const analyses = new AnalysisCache(new Validator(), formats);
  const files = nodeFileAccess(async () => []);
  after(() => {
    formats.dispose();
    analyses.dispose();
  });

  it('COCO: a box edit writes bbox and area into the document, unsaved; a stale version is refused; relabel goes through editShape', async () => {
    const file = fixtureUri('cocoyolo-host/coco/instances.json');
    await vscode.workspace.fs.writeFile(file, Buffer.from(COCO));
    const source = new FileSource(file, analyses, files, memento, 'coco');
    try {
      await source.load();
      const doc = await vscode.workspace.openTextDocument(file);
      const shown = source.annotations(0);
      assert.strictEqual(shown?.editVersion, doc.version, 'a COCO file offers editing');
      assert.deepStrictEqual([...(shown?.editOps ?? [])].sort(), ['add', 'delete', 'duplicate', 'points', 'relabel']);
      const seen = doc.version;
      const refused = await source.editBox({ image: 0, annotation: 0, version: seen, bbox: [12, 20, 35, 40], imageW: 640, imageH: 480 });
      assert.strictEqual(refused, undefined);
      const moved = COCO.replace('"bbox": [10, 20, 30, 40], "area": 1200', '"bbox": [12, 20, 35, 40], "area": 1400');
      assert.strictEqual(doc.getText(), moved);
      assert.strictEqual(doc.isDirty, true, 'nothing is saved');
      assert.strictEqual(fs.readFileSync(file.fsPath, 'utf8'), COCO, 'the file on disk is untouched');
      assert.strictEqual(source.annotations(0)?.editVersion, doc.version, 'the source read the new version at once');

      const stale = await source.editBox({ image: 0, annotation: 0, version: seen, bbox: [50, 50, 10, 10], imageW: 640, imageH: 480 });
      assert.match(stale ?? '', /changed since the preview drew its shapes/);
      assert.strictEqual(doc.getText(), moved, 'a stale edit changes nothing');

      const relabel = await source.editShape({ type: 'editShape', image: 0, version: doc.version, imageW: 640, imageH: 480, edit: { op: 'relabel', annotation: 0, label: 'dog' } });
      assert.strictEqual(relabel, undefined);
      assert.strictEqual(doc.getText(), moved.replace('"category_id": 1, "bbox"', '"category_id": 2, "bbox"'));
      const unknown = await source.editShape({ type: 'editShape', image: 0, version: doc.version, imageW: 640, imageH: 480, edit: { op: 'relabel', annotation: 0, label: 'zebra' } });
      assert.match(unknown ?? '', /"zebra"/);
    } finally {
      source.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
      if (doc?.isDirty) {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    }
  });

  it('YOLO: a label file that is not open is opened for the edit (a WorkspaceEdit, never saved); a stale version is refused; no image, no editing', async () => {
    const root = fixtureUri('cocoyolo-host/yolo').fsPath;
    fs.mkdirSync(path.join(root, 'images'), { recursive: true });
    fs.mkdirSync(path.join(root, 'labels'), { recursive: true });
    fs.writeFileSync(path.join(root, 'data.yaml'), 'path: .\ntrain: images\nnames:\n  0: person\n  1: car\n');
    fs.writeFileSync(path.join(root, 'images', 'a.png'), PNG);
    const labels = '0 0.500000 0.500000 0.250000 0.500000\r\n1 0.100000 0.100000 0.200000 0.100000\r\n';
    const labelPath = path.join(root, 'labels', 'a.txt');
    fs.writeFileSync(labelPath, labels);
    // A label file whose image is missing: shown, but its numbers cannot be written without the image's size.
    fs.writeFileSync(path.join(root, 'labels', 'lonely.txt'), '0 0.5 0.5 0.1 0.1\n');
    const labelUri = vscode.Uri.file(labelPath);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === labelPath), 'the label file is not open');
    const source = await YoloSource.create({ kind: 'labels', file: labelPath }, labelUri, files, false);
    assert.ok(source);
    try {
      const index = source.entries().findIndex((e) => e.image === 'a.png');
      const lonely = source.entries().findIndex((e) => /lonely/.test(e.image));
      assert.ok(index >= 0 && lonely >= 0, JSON.stringify(source.entries()));
      const shown = source.annotations(index);
      assert.ok(shown?.editVersion !== undefined, 'a label file with its image offers editing');
      assert.deepStrictEqual([...(shown?.editOps ?? [])].sort(), ['add', 'delete', 'duplicate', 'points', 'relabel']);
      assert.strictEqual(source.annotations(lonely)?.editVersion, undefined, 'no image: no handles');
      const noImage = await source.editBox({ image: lonely, annotation: 0, version: 1, bbox: [0, 0, 10, 10], imageW: 640, imageH: 480 });
      assert.match(noImage ?? '', /size is not known/);

      const seen = shown!.editVersion!;
      // 640×480: moved right by 64 px.
      const refused = await source.editBox({ image: index, annotation: 0, version: seen, bbox: [304, 120, 160, 240], imageW: 640, imageH: 480 });
      assert.strictEqual(refused, undefined);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === labelPath);
      assert.ok(doc, 'the label file is open as a document now');
      assert.ok(vscode.window.visibleTextEditors.some((e) => e.document === doc), 'and shown in an editor: its change is unsaved, to be saved or undone there');
      const moved = labels.replace('0 0.500000 0.500000', '0 0.600000 0.500000');
      assert.strictEqual(doc.getText(), moved);
      assert.strictEqual(doc.isDirty, true, 'nothing is saved');
      assert.strictEqual(fs.readFileSync(labelPath, 'utf8'), labels, 'the file on disk is untouched');
      const redrawn = source.annotations(index);
      assert.notStrictEqual(redrawn?.editVersion, seen, 'a new version for the new text');
      assert.ok(Math.abs((redrawn?.shapes[0].points[0] ?? 0) - 0.475) < 1e-9, 'the shapes are read from the new text at once');

      const stale = await source.editBox({ image: index, annotation: 0, version: seen, bbox: [0, 0, 64, 48], imageW: 640, imageH: 480 });
      assert.match(stale ?? '', /changed since the preview drew its shapes/);
      assert.strictEqual(doc.getText(), moved, 'a stale edit changes nothing');

      // The user types in the label file: the page's version is stale until the source reads it.
      const editor = await vscode.window.showTextDocument(doc);
      const before = source.annotations(index)!.editVersion!;
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '1 0.3 0.3 0.1 0.1\r\n'));
      const typed = doc.getText();
      const late = await source.editBox({ image: index, annotation: 0, version: before, bbox: [0, 0, 64, 48], imageW: 640, imageH: 480 });
      assert.match(late ?? '', /changed since the preview drew its shapes/);
      assert.strictEqual(doc.getText(), typed);
      const now = (await waitFor(() => source.annotations(index)?.editVersion !== before && source.annotations(index)?.editVersion, { message: "the source reads the typed text" })) as number;

      const relabel = await source.editShape({ type: 'editShape', image: index, version: now, imageW: 640, imageH: 480, edit: { op: 'relabel', annotation: 1, label: 'car' } });
      assert.strictEqual(relabel, undefined);
      assert.strictEqual(doc.getText(), typed.replace('\r\n0 0.600000', '\r\n1 0.600000'));
      const unknown = await source.editShape({ type: 'editShape', image: index, version: source.annotations(index)!.editVersion!, imageW: 640, imageH: 480, edit: { op: 'relabel', annotation: 1, label: 'zebra' } });
      assert.match(unknown ?? '', /"zebra"/);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      source.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('every op through the sources: COCO add, points, duplicate, delete; YOLO add, points, duplicate, delete (one undo step each)', async () => {
    const file = fixtureUri('cocoyolo-host/coco/ops.json');
    const withPolygon = COCO.replace('"area": 1200, "iscrowd": 0}', '"area": 1200, "iscrowd": 0},\n    {"id": 9, "image_id": 1, "category_id": 2, "segmentation": [[100, 100, 200, 100, 200, 200]], "bbox": [100, 100, 100, 100], "area": 5000, "iscrowd": 0}');
    await vscode.workspace.fs.writeFile(file, Buffer.from(withPolygon));
    const coco = new FileSource(file, analyses, files, memento, 'coco');
    const root = fixtureUri('cocoyolo-host/yolo-ops').fsPath;
    fs.mkdirSync(path.join(root, 'images'), { recursive: true });
    fs.mkdirSync(path.join(root, 'labels'), { recursive: true });
    fs.writeFileSync(path.join(root, 'data.yaml'), 'path: .\ntrain: images\nnames: [person, car]\n');
    fs.writeFileSync(path.join(root, 'images', 'b.png'), PNG);
    const labelPath = path.join(root, 'labels', 'b.txt');
    const labels = '0 0.5 0.5 0.25 0.5\n1 0.1 0.1 0.5 0.1 0.5 0.5';
    fs.writeFileSync(labelPath, labels);
    const yolo = await YoloSource.create({ kind: 'labels', file: labelPath }, vscode.Uri.file(labelPath), files, false);
    assert.ok(yolo);
    try {
      await coco.load();
      const doc = await vscode.workspace.openTextDocument(file);
      const shape = async (edit: Parameters<FileSource['editShape']>[0]['edit']): Promise<void> => {
        const refused = await coco.editShape({ type: 'editShape', image: 0, version: coco.annotations(0)!.editVersion!, imageW: 640, imageH: 480, edit });
        assert.strictEqual(refused, undefined, `${edit.op}: ${refused}`);
      };
      await shape({ op: 'points', annotation: 1, part: 0, points: [100, 100, 300, 100, 300, 200] });
      const pointsText = withPolygon.replace('[[100, 100, 200, 100, 200, 200]], "bbox": [100, 100, 100, 100], "area": 5000', '[[100, 100, 300, 100, 300, 200]], "bbox": [100, 100, 200, 100], "area": 10000');
      assert.strictEqual(doc.getText(), pointsText);
      await shape({ op: 'add', kind: 'rectangle', label: 'dog', points: [1, 2, 3, 4] });
      const added = pointsText.replace('"area": 10000, "iscrowd": 0}', '"area": 10000, "iscrowd": 0},\n    {"id": 10, "image_id": 1, "category_id": 2, "segmentation": [], "bbox": [1, 2, 3, 4], "area": 12, "iscrowd": 0}');
      assert.strictEqual(doc.getText(), added);
      await shape({ op: 'duplicate', annotation: 0, offset: [5, 5] });
      const first = '{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 20, 30, 40], "area": 1200, "iscrowd": 0}';
      const duplicated = added.replace(first, `${first},\n    {"id": 11, "image_id": 1, "category_id": 1, "bbox": [15, 25, 30, 40], "area": 1200, "iscrowd": 0}`);
      assert.strictEqual(doc.getText(), duplicated);
      await shape({ op: 'delete', annotation: 0 });
      assert.strictEqual(doc.getText(), duplicated.replace(`${first},\n    `, ''));
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(doc.getText(), duplicated, 'one undo step per edit');

      const index = yolo.entries().findIndex((e) => e.image === 'b.png');
      const edit = async (e: Parameters<YoloSource['editShape']>[0]['edit']): Promise<void> => {
        const refused = await yolo.editShape({ type: 'editShape', image: index, version: yolo.annotations(index)!.editVersion!, imageW: 640, imageH: 480, edit: e });
        assert.strictEqual(refused, undefined, `${e.op}: ${refused}`);
      };
      await edit({ op: 'add', kind: 'rectangle', label: 'car', points: [0, 0, 64, 48] });
      const label = (): string => vscode.workspace.textDocuments.find((d) => d.uri.fsPath === labelPath)!.getText();
      assert.strictEqual(label(), `${labels}\n1 0.05 0.05 0.1 0.1`);
      await edit({ op: 'points', annotation: 1, points: [64, 48, 320, 48, 320, 240, 64, 240] });
      assert.strictEqual(label(), '0 0.5 0.5 0.25 0.5\n1 0.1 0.1 0.5 0.1 0.5 0.5 0.1 0.5\n1 0.05 0.05 0.1 0.1');
      await edit({ op: 'duplicate', annotation: 0, offset: [64, 0] });
      assert.strictEqual(label(), '0 0.5 0.5 0.25 0.5\n0 0.6 0.5 0.25 0.5\n1 0.1 0.1 0.5 0.1 0.5 0.5 0.1 0.5\n1 0.05 0.05 0.1 0.1');
      await edit({ op: 'delete', annotation: 3 });
      assert.strictEqual(label(), '0 0.5 0.5 0.25 0.5\n0 0.6 0.5 0.25 0.5\n1 0.1 0.1 0.5 0.1 0.5 0.5 0.1 0.5');
      assert.strictEqual(fs.readFileSync(labelPath, 'utf8'), labels, 'nothing saved');
    } finally {
      coco.dispose();
      yolo.dispose();
      for (const uri of [file, vscode.Uri.file(labelPath)]) {
        const d = vscode.workspace.textDocuments.find((t) => t.uri.toString() === uri.toString());
        if (d?.isDirty) {
          await vscode.window.showTextDocument(d);
          await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        }
      }
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
