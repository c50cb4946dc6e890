// Preview Overlays on COCO and YOLO files, as a user starts it: from a COCO file, a YOLO label file,
// a data.yaml and an image in a YOLO images/ folder (copies of the samples in a temp folder). What is
// drawn inside the webview is checked by the e2e tier (test/e2e/preview.e2e.mjs).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeExtension, EXTENSION_ID, waitFor } from './helpers';

const COMMAND = 'datumStudio.previewOverlays';

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('datumStudio.preview'));
}

describe('overlay preview of COCO and YOLO files', () => {
  let dir: string;
  before(async () => {
    const ext = await activeExtension();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-preview-formats-'));
    const samples = path.join(ext.extensionPath, 'samples');
    fs.cpSync(path.join(samples, 'coco'), path.join(dir, 'coco'), { recursive: true });
    fs.cpSync(path.join(samples, 'yolo'), path.join(dir, 'yolo'), { recursive: true });
  });
  afterEach(async () => {
    await vscode.window.tabGroups.close(previewTabs());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const open = async (rel: string): Promise<vscode.Tab> => {
    const uri = vscode.Uri.file(path.join(dir, rel));
    await vscode.commands.executeCommand(COMMAND, uri);
    return waitFor(() => previewTabs()[0], { message: `a preview of ${rel}`, timeout: 15_000 });
  };

  it('the editor-title button and the explorer entry are offered on YOLO label files, data.yaml and YOLO images', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const when = (menu: string): string => pkg.contributes.menus[menu].find((m: { command: string }) => m.command === COMMAND).when;
    assert.match(when('editor/title'), /editorLangId == yolo-labels/);
    assert.match(when('editor/title'), /data\|dataset/);
    assert.match(when('explorer/context'), /resourceLangId == yolo-labels/);
    assert.match(when('explorer/context'), /images/);
  });

  it('opens on a COCO ground truth and on a results file', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'coco/park.json')));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand(COMMAND);
    const tab = await waitFor(() => previewTabs()[0], { message: 'the COCO preview', timeout: 15_000 });
    assert.strictEqual(tab.label, 'Overlays: park.json');
    await vscode.window.tabGroups.close(previewTabs());
    assert.strictEqual((await open('coco/park-results.json')).label, 'Overlays: park-results.json');
  });

  it('opens on a YOLO label file, on data.yaml and on an image under images/', async () => {
    assert.strictEqual((await open('yolo/labels/train/road.txt')).label, 'Overlays: road.txt');
    await vscode.window.tabGroups.close(previewTabs());
    assert.strictEqual((await open('yolo/data.yaml')).label, 'Overlays: data.yaml');
    await vscode.window.tabGroups.close(previewTabs());
    assert.strictEqual((await open('yolo/images/train/road.jpg')).label, 'Overlays: road.jpg');
  });

  it('a data.yaml whose splits do not exist opens nothing', async () => {
    fs.writeFileSync(path.join(dir, 'yolo/data.yaml'), 'path: .\ntrain: images/nowhere\nnames: [car]\n');
    await vscode.commands.executeCommand(COMMAND, vscode.Uri.file(path.join(dir, 'yolo/data.yaml')));
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(previewTabs().length, 0);
  });
});
