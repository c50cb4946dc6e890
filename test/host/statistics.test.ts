// The Dataset statistics view in the real VS Code: Show Dataset Statistics on a folder of its own
// fixture files (MetaLake with an image beside it, COCO, and a JSON file that is no annotation
// file), the figures the view shows, and a click on a bar or an outlier opening the file with that
// annotation selected.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, closeAllReverting, fixtureUri, waitFor } from './helpers';

const COMMAND = 'datumStudio.showStatistics';

interface Node {
  id: string;
  label: string;
  description?: string;
  targets?: unknown[];
  children?: Node[];
}
interface Result {
  title: string;
  stats: { files: number; images: number; annotations: number; labels: number };
  roots: Node[];
  children: (n: Node) => Node[];
}

function find(nodes: Node[], id: string): Node {
  const stack = [...nodes];
  while (stack.length) {
    const n = stack.shift()!;
    if (n.id === id) return n;
    stack.push(...(n.children ?? []));
  }
  throw new Error(`no node ${id} among ${JSON.stringify(nodes.map((n) => n.id))}`);
}

const rect = (label: string, bbox: number[]) => ({ type: 'rectangle', label, bbox });

async function write(rel: string, value: unknown): Promise<vscode.Uri> {
  const uri = fixtureUri(rel);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(typeof value === 'string' ? value : JSON.stringify(value, null, 2)));
  return uri;
}

/** A click on a node runs its TreeItem's command with its first target: the same call here. */
async function click(node: Node): Promise<vscode.TextEditor> {
  assert.ok(node.targets && node.targets.length > 0, `${node.id} has annotations behind it`);
  await vscode.commands.executeCommand('datumStudio.stats.reveal', node.targets[0]);
  return waitFor(() => vscode.window.activeTextEditor, { message: 'an editor after the click' });
}

describe('dataset statistics view', () => {
  before(activeExtension);
  afterEach(closeAllReverting);

  async function fixture(): Promise<vscode.Uri> {
    await vscode.workspace.fs.copy(fixtureUri('frames/parking.png'), fixtureUri('stats-fx/parking.png'), { overwrite: true }); // 800x600
    await write('stats-fx/set.json', {
      images: [
        { image: 'parking.png', annotations: [rect('car', [10, 10, 100, 50]), rect('car', [200, 200, 120, 60]), rect('person', [300, 100, 2, 80]), rect('truck', [0, 0, 800, 600])] },
        { image: 'empty.png', annotations: [] },
      ],
    });
    await write('stats-fx/sub/coco.json', {
      images: [{ id: 1, file_name: 'x.jpg', width: 640, height: 480 }],
      annotations: [{ id: 11, image_id: 1, category_id: 1, bbox: [0, 0, 30, 30] }, { id: 12, image_id: 1, category_id: 2, bbox: [10, 10, 50, 50] }],
      categories: [{ id: 1, name: 'car' }, { id: 2, name: 'bus' }],
    });
    await write('stats-fx/other.json', { name: 'not annotations' });
    return fixtureUri('stats-fx');
  }

  it('is contributed to the palette and the Explorer context menu, with its title from package.nls.json', () => {
    const pkg = vscode.extensions.getExtension('datum-studio.datum-studio')!.packageJSON;
    const command = pkg.contributes.commands.find((c: { command: string }) => c.command === COMMAND);
    assert.strictEqual(command.title, 'Show Dataset Statistics', 'the %key% title, localized from package.nls.json');
    const explorer = pkg.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === COMMAND);
    assert.match(explorer.when, /explorerResourceIsFolder/);
    assert.ok(pkg.contributes.views.datumStudio.some((v: { id: string }) => v.id === 'datumStudio.stats'));
  });

  it('on a folder: counts, label bars, box sizes and outliers of every annotation file under it', async () => {
    const folder = await fixture();
    const result = (await vscode.commands.executeCommand<Result>(COMMAND, folder))!;
    assert.ok(result, 'the command returned statistics');
    assert.strictEqual(result.title, 'stats-fx');
    assert.deepStrictEqual([result.stats.files, result.stats.images, result.stats.annotations, result.stats.labels], [2, 3, 6, 4]);
    assert.strictEqual(find(result.roots, 'overview/images').description, '3');
    const labels = find(result.roots, 'labels').children!;
    assert.deepStrictEqual(labels.map((n) => [n.label, n.description]), [['car', `${'█'.repeat(12)} 3`], ['bus', `${'█'.repeat(4)} 1`], ['person', `${'█'.repeat(4)} 1`], ['truck', `${'█'.repeat(4)} 1`]]);
    assert.strictEqual(find(result.roots, 'outliers/tiny').description, '1');
    assert.strictEqual(find(result.roots, 'outliers/whole').description, '1', 'the 800x600 box on the 800x600 image (its size from the PNG beside the file)');
    assert.strictEqual(find(result.roots, 'outliers/once').description, '3');
    assert.strictEqual(find(result.roots, 'outliers/empty').description, '1');
    const width = find(result.roots, 'boxes/width');
    assert.match(width.description!, /^min 2, .* max 800$/);
    assert.strictEqual(width.children!.reduce((s, b) => s + (b.targets?.length ?? 0), 0), 6);
    // expanding a bar lists its annotations
    assert.deepStrictEqual(result.children(labels[0]).map((n) => n.description), ['parking.png #1 · set.json', 'parking.png #2 · set.json', 'x.jpg #1 · coco.json']);
  });

  it('a click opens the file with the annotation behind the bar or outlier selected', async () => {
    const folder = await fixture();
    const result = (await vscode.commands.executeCommand<Result>(COMMAND, folder))!;
    let editor = await click(find(result.roots, 'outliers/tiny'));
    assert.ok(editor.document.uri.path.endsWith('/stats-fx/set.json'));
    assert.deepStrictEqual(JSON.parse(editor.document.getText(editor.selection)), rect('person', [300, 100, 2, 80]));
    editor = await click(find(result.roots, 'labels/bus'));
    assert.ok(editor.document.uri.path.endsWith('/stats-fx/sub/coco.json'));
    assert.strictEqual(JSON.parse(editor.document.getText(editor.selection)).id, 12);
    editor = await click(find(result.roots, 'outliers/empty'));
    assert.deepStrictEqual(JSON.parse(editor.document.getText(editor.selection)), { image: 'empty.png', annotations: [] });
  });

  it('on several files selected in the Explorer: all of them', async () => {
    await fixture();
    const a = fixtureUri('stats-fx/set.json');
    const b = fixtureUri('stats-fx/sub/coco.json');
    const result = (await vscode.commands.executeCommand<Result>(COMMAND, a, [a, b]))!;
    assert.deepStrictEqual([result.stats.files, result.stats.images, result.stats.annotations], [2, 3, 6]);
    assert.strictEqual(result.title, 'stats-fx/set.json, stats-fx/sub/coco.json');
  });

  it('on one annotation file, with its unsaved edits', async () => {
    const file = (await fixture()).with({ path: fixtureUri('stats-fx/set.json').path });
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    const text = doc.getText().replace('"truck"', '"car"');
    await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text));
    const result = (await vscode.commands.executeCommand<Result>(COMMAND, file))!;
    assert.deepStrictEqual([result.stats.files, result.stats.images, result.stats.annotations, result.stats.labels], [1, 2, 4, 2]);
    assert.strictEqual(find(result.roots, 'labels/car').description, `${'█'.repeat(12)} 3`);
  });
});
