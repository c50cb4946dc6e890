// The Preview Overlays command as other features call it: from an annotation file, with an image
// index (the code lens), and from an image file in the explorer. What happens inside the webview
// is covered by the e2e tier (test/e2e/preview.e2e.mjs), which can see it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, fixtureUri, openDoc, waitFor } from './helpers';

const COMMAND = 'datumStudio.previewOverlays';

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('datumStudio.preview'));
}

async function closePreviews(): Promise<void> {
  await vscode.window.tabGroups.close(previewTabs());
}

describe('overlay preview command', () => {
  before(async () => {
    await activeExtension();
  });
  afterEach(closePreviews);

  it('is contributed with an editor-title button for annotation files and an explorer entry for the images they name', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(COMMAND));
    const pkg = vscode.extensions.getExtension('datum-studio.datum-studio')!.packageJSON;
    const title = pkg.contributes.menus['editor/title'].find((m: { command: string }) => m.command === COMMAND);
    assert.match(title.when, /datumStudio\.annotationFile/);
    const explorer = pkg.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === COMMAND);
    assert.match(explorer.when, /resourceFilename in '?datumStudio\.referencedImages/);
  });

  it('opens one preview per annotation file beside the editor, and reveals it on a second call', async () => {
    await openDoc('annotations/good.json');
    await vscode.commands.executeCommand(COMMAND);
    const tab = await waitFor(() => previewTabs()[0], { message: 'a preview tab' });
    assert.strictEqual(tab.label, 'Overlays: good.json');
    assert.notStrictEqual(tab.group.viewColumn, vscode.window.activeTextEditor?.viewColumn);
    await vscode.commands.executeCommand(COMMAND, fixtureUri('annotations/good.json'), { imageIndex: 0 });
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(previewTabs().length, 1);
  });

  it('says so plainly when the file is no annotation file', async () => {
    await openDoc('other/package.json');
    // registerCommand shows the error to the user and resolves undefined; no panel opens.
    await vscode.commands.executeCommand(COMMAND);
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(previewTabs().length, 0);
  });

  it('previews a datum: downloaded image bytes and its annotations (for the remote tree)', async () => {
    const bytes = await vscode.workspace.fs.readFile(fixtureUri('frames/parking.png'));
    await vscode.commands.executeCommand('datumStudio.previewDatum', { title: 'datum-42.png', imageBytes: bytes, annotations: [{ type: 'rectangle', bbox: [1, 2, 3, 4], label: 'car' }] });
    const tab = await waitFor(() => previewTabs()[0], { message: 'a datum preview tab' });
    assert.strictEqual(tab.label, 'Overlays: datum-42.png');
  });

  it('from an image file, previews the annotation file that names it', async () => {
    await vscode.commands.executeCommand(COMMAND, fixtureUri('frames/parking.png'));
    const tab = await waitFor(() => previewTabs()[0], { message: 'a preview tab', timeout: 15_000 });
    // Only annotations/broken.json names it (as "parking.png", found by name in frames/).
    assert.strictEqual(tab.label, 'Overlays: broken.json');
    assert.match(vscode.window.activeTextEditor?.document.uri.path ?? '', /annotations\/broken\.json$/);
  });
});
