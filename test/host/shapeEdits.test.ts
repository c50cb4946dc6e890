// Box edits from the preview applied to a document (src/preview/host/shapeEdits.ts): one
// WorkspaceEdit on the version the preview read, refused (text untouched) when the text changed since.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { applyBoxEdit } from '../../src/preview/host/shapeEdits';

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
});
