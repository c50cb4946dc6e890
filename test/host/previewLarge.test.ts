// Preview Overlays on a COCO file too large for a text document (issue 14, "Scale"): a generated
// instances file of ~60 MB (over VS Code's 50 MB limit for extensions, so openTextDocument refuses
// it) in a temp folder, with one small PNG beside it named as one of its images. The command runs on
// the file's URI as the Explorer's context menu runs it (the file is in no editor); the page, read
// through the runner's probe, shows that image with its annotations and the notice that the
// preview is read from disk.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeExtension, askRunner, EXTENSION_ID, waitFor } from './helpers';

const COMMAND = 'datumStudio.previewOverlays';
const IMAGES = 20_000;
/** the image with a picture beside the file: its position in `images` */
const SHOWN = 12_345;

interface PreviewState { image: string; imageState: string; visibleShapes: string; notice: string; legend: string[] }

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('datumStudio.preview'));
}

/** Writes the COCO file in pieces; the shown image has a box with a polygon (car), and two boxes (person, car). Returns its size. */
function writeCoco(file: string): number {
  const fd = fs.openSync(file, 'w');
  let buffer = '';
  const put = (s: string): void => {
    buffer += s;
    if (buffer.length > 1 << 20) flush();
  };
  const flush = (): void => {
    fs.writeSync(fd, buffer);
    buffer = '';
  };
  put('{"info":{"description":"generated for the large-file preview test"},"licenses":[],"images":[');
  for (let i = 0; i < IMAGES; i++) {
    const name = i === SHOWN ? 'parking.png' : `${String(i).padStart(12, '0')}.jpg`;
    put(`${i ? ',' : ''}{"license":1,"file_name":"${name}","height":480,"width":640,"id":${i + 1}}`);
  }
  put('],"annotations":[');
  let id = 0;
  const polygon = Array.from({ length: 16 }, (_, k) => [100 + 50 * Math.cos(k / 3), 100 + 40 * Math.sin(k / 3)]).flat().map((v) => v.toFixed(2)).join(',');
  const annotation = (imageId: number, category: number, bbox: number[], seg: string): string =>
    `{"segmentation":${seg},"area":1234.5,"iscrowd":0,"image_id":${imageId},"bbox":[${bbox.join(',')}],"category_id":${category},"id":${++id}}`;
  for (let round = 0; round < 10; round++) {
    for (let i = 0; i < IMAGES; i++) {
      const imageId = i + 1;
      if (i === SHOWN) {
        // The shown image's three annotations, spread through the list as COCO's are.
        if (round === 0) put(`,${annotation(imageId, 3, [50, 60, 100, 80], `[[${polygon}]]`)}`);
        if (round === 4) put(`,${annotation(imageId, 1, [10, 10, 20, 40], '[]')}`);
        if (round === 9) put(`,${annotation(imageId, 3, [200, 100, 30, 30], '[]')}`);
        continue;
      }
      put(`${id ? ',' : ''}${annotation(imageId, 1 + ((i + round) % 3), [10 + round, 20, 30, 40], `[[${polygon}]]`)}`);
    }
  }
  put('],"categories":[{"supercategory":"person","id":1,"name":"person"},{"supercategory":"animal","id":2,"name":"dog"},{"supercategory":"vehicle","id":3,"name":"car"}]}');
  flush();
  fs.closeSync(fd);
  return fs.statSync(file).size;
}

describe('overlay preview of a COCO file too large for an editor', function () {
  this.timeout(180_000);
  let dir: string;
  let file: string;
  before(async () => {
    const ext = await activeExtension();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-preview-large-'));
    file = path.join(dir, 'instances_big.json');
    const size = writeCoco(file);
    assert.ok(size > 50 * 1024 * 1024, `the file is over VS Code's 50 MB limit (${size} bytes)`);
    fs.copyFileSync(path.join(ext.extensionPath, 'samples', 'images', 'parking.png'), path.join(dir, 'parking.png'));
    // The temp folder is outside the workspace: an image root lets the webview load the picture.
    await vscode.workspace.getConfiguration('datumStudio').update('annotations.imageRoots', [dir], vscode.ConfigurationTarget.Global);
  });
  afterEach(async () => {
    await vscode.window.tabGroups.close(previewTabs());
  });
  after(async () => {
    await vscode.workspace.getConfiguration('datumStudio').update('annotations.imageRoots', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('VS Code refuses it as a text document', async () => {
    await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(vscode.Uri.file(file))));
  });

  it('the Explorer offers Preview Overlays on a .json file', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const when: string = pkg.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === COMMAND).when;
    assert.match(when, /resourceExtname == \.json/);
  });

  it("opens from disk on the file's URI: the image list, one image's annotations with category names, the notice", async () => {
    // As the Explorer calls it: the file's URI and the selection.
    await vscode.commands.executeCommand(COMMAND, vscode.Uri.file(file), [vscode.Uri.file(file)]);
    const tab = await waitFor(() => previewTabs()[0], { message: 'the preview of the large file', timeout: 120_000 });
    assert.strictEqual(tab.label, 'Overlays: instances_big.json');
    const first = await waitFor(async () => {
      const s = await askRunner<PreviewState | null>('preview');
      return s && s.image === '000000000000.jpg' && s.visibleShapes !== '' ? s : undefined;
    }, { message: 'the first image of the large file', interval: 250, timeout: 30_000 });
    // 10 annotations, each a box and a polygon; its picture is not there.
    assert.strictEqual(first.visibleShapes, '20');
    assert.strictEqual(first.imageState, 'none');
    assert.match(first.notice, /Read from disk: instances_big\.json \(\d+ MB\) is too large for an editor, so the preview is not linked with its text/);

    // The same command with an image index shows that image (as "Preview Overlays" from an image does).
    await vscode.commands.executeCommand(COMMAND, vscode.Uri.file(file), { imageIndex: SHOWN });
    const shown = await waitFor(async () => {
      const s = await askRunner<PreviewState | null>('preview');
      return s && s.image === 'parking.png' && s.imageState === 'loaded' && s.visibleShapes !== '' ? s : undefined;
    }, { message: 'parking.png with its annotations', interval: 250, timeout: 30_000 });
    assert.strictEqual(shown.visibleShapes, '4', 'a box with its polygon, and two boxes');
    assert.deepStrictEqual([...shown.legend].sort(), ['car', 'person']);
    assert.strictEqual(previewTabs().length, 1, 'one preview per file');
  });

  it('a large file that is no COCO ground truth (a results list) gets a clear message and no preview', async () => {
    const results = path.join(dir, 'results_big.json');
    const row = '{"image_id":1,"category_id":1,"bbox":[1.5,2.5,30.25,40.75],"score":0.875},';
    const fd = fs.openSync(results, 'w');
    const chunk = row.repeat(10_000);
    fs.writeSync(fd, '[');
    while (fs.fstatSync(fd).size < 51 * 1024 * 1024) fs.writeSync(fd, chunk);
    fs.writeSync(fd, row.slice(0, -1) + ']');
    fs.closeSync(fd);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand(COMMAND, vscode.Uri.file(results));
    await vscode.commands.executeCommand('notifications.showList');
    const messages = await waitFor(async () => {
      const t = await askRunner<string[]>('notifications');
      return t.some((x) => x.includes('results_big.json')) ? t : undefined;
    }, { message: 'the message about results_big.json', interval: 250, timeout: 60_000 });
    assert.match(messages.join('\n'), /results_big\.json cannot be previewed from disk: it is not a COCO ground-truth file but a list \(a COCO results file\?\)/);
    assert.strictEqual(previewTabs().length, 0);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideList');
  });
});
