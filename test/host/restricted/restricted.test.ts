// Restricted Mode: scripts/run-host-tests.mjs runs this folder with `security.workspace.trust.enabled`
// on and a fresh fixture folder nobody has trusted. What package.json declares
// (capabilities.untrustedWorkspaces: limited) and what src/editor/restrictedMode.ts holds back are
// checked as a user meets them: files are still checked and previewed, the settings a workspace
// could abuse come from the user only, and the Valohai side says it needs trust.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, askRunner, closeAllReverting, fixtureUri, openDoc, ours, waitFor, waitForDiagnostics } from '../helpers';

const codes = (d: readonly vscode.Diagnostic[]): string[] => [...new Set(ours(d).map((x) => String(x.code)))].sort();

interface PreviewState { image: string; imageState: string; legend: string[] }

describe('Restricted Mode (untrusted folder)', () => {
  let ext: vscode.Extension<{ remote?: unknown }>;

  before(async () => {
    ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideList');
    await closeAllReverting();
  });

  it('runs in a folder that is not trusted, and the extension is enabled there', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    await openDoc('smoke.json');
    await waitFor(() => ext.isActive, { message: 'the extension to activate in Restricted Mode' });
  });

  it('checks open files as usual', async () => {
    const { document: doc } = await openDoc('annotations/broken.json');
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => codes(d).includes('image-not-found') && codes(d).includes('out-of-image'));
    assert.deepStrictEqual(codes(diagnostics), ['bbox-negative-size', 'confidence-out-of-range', 'image-not-found', 'out-of-image', 'polygon-too-few-points']);
  });

  it('validates the workspace, files never opened included', async () => {
    const closed = fixtureUri('outputs/closed.txt.metadata.json');
    const summary = (await vscode.commands.executeCommand('datumStudio.validateWorkspace')) as { checked: number; cancelled: boolean };
    assert.strictEqual(summary.cancelled, false);
    assert.ok(summary.checked >= 5, `checked ${summary.checked}`);
    assert.deepStrictEqual(codes(vscode.languages.getDiagnostics(closed)), ['tags-not-list']);
  });

  it('opens the overlay preview', async () => {
    await openDoc('annotations/good.json');
    await vscode.commands.executeCommand('datumStudio.previewOverlays');
    const state = await waitFor(async () => {
      const s = await askRunner<PreviewState | null>('preview');
      return s && s.imageState === 'loaded' ? s : undefined;
    }, { message: 'the preview page to load its image', interval: 250 });
    assert.deepStrictEqual([...state.legend].sort(), ['car', 'lane']);
  });

  it('ignores the workspace\'s values of the restricted settings: image folders outside it are not searched', async () => {
    // An image that exists only in a folder outside the workspace, named by the workspace settings.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-outside-'));
    fs.copyFileSync(fixtureUri('frames/parking.png').fsPath, path.join(outside, 'only-outside.png'));
    const settingsFile = fixtureUri('.vscode/settings.json').fsPath;
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    const restricted = (ext.packageJSON as { capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } } }).capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.ok(restricted.includes('datumStudio.annotations.imageRoots'));
    fs.writeFileSync(settingsFile, JSON.stringify({
      'datumStudio.annotations.imageRoots': [outside],
      'datumStudio.files.sidecar': ['**/*'],
      'datumStudio.validation.maxLiveFileSizeMB': 100000,
      // Not restricted: shows when VS Code has read the file.
      'datumStudio.validation.debounceMs': 251,
    }));
    try {
      const config = () => vscode.workspace.getConfiguration('datumStudio');
      // Once VS Code has read the file, the unrestricted setting has the workspace's value and the
      // restricted ones keep the user's (here the defaults).
      await waitFor(() => config().get('validation.debounceMs') === 251, { message: 'the workspace settings to be read' });
      assert.deepStrictEqual(config().get('annotations.imageRoots'), []);
      assert.deepStrictEqual(config().get('files.sidecar'), []);
      assert.strictEqual(config().get('validation.maxLiveFileSizeMB'), 50);

      const file = fixtureUri('annotations/outside.json');
      fs.writeFileSync(file.fsPath, JSON.stringify({ images: [{ image: 'only-outside.png', annotations: [] }] }, null, 2) + '\n');
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const diagnostics = await waitForDiagnostics(doc.uri, (d) => codes(d).includes('image-not-found'));
      assert.ok(ours(diagnostics).some((d) => doc.getText(d.range) === '"only-outside.png"'));
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('keeps the Valohai side off: the view says why, and its commands answer that trust is needed', async () => {
    await openDoc('smoke.json');
    await waitFor(() => ext.isActive, { message: 'activation' });
    assert.strictEqual(ext.exports.remote, undefined, 'the remote features did not start');
    await vscode.commands.executeCommand('workbench.view.extension.datumStudio');
    const welcome = await waitFor(async () => {
      const t = await askRunner<string[]>('welcome');
      return t.some((x) => x.includes('Manage Workspace Trust')) ? t : undefined;
    }, { message: 'the Restricted Mode welcome in the Valohai view', interval: 250 });
    assert.ok(!welcome.some((x) => x.includes('Sign In to Valohai')), 'no sign-in button while untrusted');

    // Not awaited: the command waits for the user's answer to its message.
    void vscode.commands.executeCommand('datumStudio.signIn');
    // Toasts do not show in this test mode; the notification center lists the message all the same.
    await vscode.commands.executeCommand('notifications.showList');
    const messages = await waitFor(async () => {
      const t = await askRunner<string[]>('notifications');
      return t.some((x) => x.includes('Restricted Mode')) ? t : undefined;
    }, { message: 'the Restricted Mode message', interval: 250 });
    assert.match(messages.join('\n'), /Valohai features are off in Restricted Mode\. Trust this folder/);
  });
});
