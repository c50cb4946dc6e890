// Smoke suite for what users install: scripts/run-host-tests.mjs builds the .vsix (npm run
// package), installs it into VS Code's server with --install-extension and runs this folder with no
// development extension. Every file the extension needs at runtime is exercised here once (the
// bundle, schemas, the preview's script and style, the view's icon, the walkthrough and its sample,
// package.nls.json), so a file missing from .vscodeignore's allow-list fails a test.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, askRunner, fixtureUri, openDoc, ours, waitFor, waitForDiagnostics } from '../helpers';

/** The repository (this file is out/test/host/installed/smoke.test.js). */
const REPO = path.resolve(__dirname, '..', '..', '..', '..');

interface PreviewState { image: string; imageState: string; visibleShapes: string; cssRules: number; legend: string[] }

function installed(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext;
}

const codes = (d: readonly vscode.Diagnostic[]): string[] => [...new Set(ours(d).map((x) => String(x.code)))].sort();

describe('installed .vsix', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('is the packaged extension, not the development folder, and ships no sources or source maps', () => {
    const ext = installed();
    assert.ok(!ext.extensionPath.startsWith(REPO + path.sep), `loaded from ${ext.extensionPath}, expected the server's extensions dir`);
    const pkg = ext.packageJSON as { version: string; icon: string };
    assert.strictEqual(path.basename(ext.extensionPath), `${EXTENSION_ID}-${pkg.version}`);
    for (const absent of ['src', 'test', 'node_modules', 'dist/extension.js.map', 'dist/emulator.js', 'tsconfig.json', 'media/diagnostics-dark.png']) {
      assert.ok(!fs.existsSync(path.join(ext.extensionPath, absent)), `${absent} should not be packaged`);
    }
    for (const present of ['LICENSE.txt', 'package.nls.json', 'dist/fullPassWorker.js', pkg.icon]) {
      assert.ok(fs.existsSync(path.join(ext.extensionPath, present)), `${present} should be packaged`);
    }
  });

  it('has its contributed titles from package.nls.json', () => {
    const pkg = installed().packageJSON as { displayName: string; contributes: { commands: { command: string; title: string }[] } };
    assert.strictEqual(pkg.displayName, 'Datum Studio');
    const validate = pkg.contributes.commands.find((c) => c.command === 'datumStudio.validateWorkspace');
    assert.strictEqual(validate?.title, 'Validate Workspace');
    const unresolved = pkg.contributes.commands.filter((c) => /^%.*%$/.test(c.title)).map((c) => c.command);
    assert.deepStrictEqual(unresolved, []);
  });

  it('activates on a JSON file and shows the diagnostics of a broken annotation file', async () => {
    const { document: doc } = await openDoc('annotations/broken.json');
    await waitFor(() => installed().isActive, { message: 'the installed extension to activate' });
    // The schemas are read from the package at runtime; the image sizes come from the disk checks.
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => codes(d).includes('image-not-found') && codes(d).includes('out-of-image'));
    assert.deepStrictEqual(codes(diagnostics), ['bbox-negative-size', 'confidence-out-of-range', 'image-not-found', 'out-of-image', 'polygon-too-few-points']);
  });

  it('opens the overlay preview with its script and stylesheet', async () => {
    await openDoc('annotations/good.json');
    await vscode.commands.executeCommand('datumStudio.previewOverlays');
    const state = await waitFor(async () => {
      const s = await askRunner<PreviewState | null>('preview');
      return s && s.imageState === 'loaded' ? s : undefined;
    }, { message: 'the preview page to load its image', interval: 250 });
    assert.strictEqual(state.image, '../images/street.jpg');
    assert.ok(state.cssRules > 0, 'media/preview.css applied');
    assert.deepStrictEqual([...state.legend].sort(), ['car', 'lane']);
  });

  it('shows the Valohai view with its sign-in welcome', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.datumStudio');
    const texts = await waitFor(async () => {
      const t = await askRunner<string[]>('welcome');
      return t.some((x) => x.includes('Sign In to Valohai')) ? t : undefined;
    }, { message: 'the Valohai view\'s welcome', interval: 250 });
    assert.match(texts.join('\n'), /Browse the datums, datasets and versions of a Valohai project/);
  });

  it('walkthrough: its media ship, and Open a Sample opens the shipped sample with its problems', async () => {
    const ext = installed();
    const walkthroughs = (ext.packageJSON as { contributes: { walkthroughs: { steps: { media: { svg?: string; markdown?: string; image?: string } }[] }[] } }).contributes.walkthroughs;
    const media = walkthroughs.flatMap((w) => w.steps.map((s) => s.media.svg ?? s.media.markdown ?? s.media.image ?? ''));
    assert.ok(media.length >= 5);
    for (const file of media) assert.ok(fs.existsSync(path.join(ext.extensionPath, file)), `${file} should be packaged`);

    await vscode.commands.executeCommand('datumStudio.walkthrough.openSample');
    const editor = await waitFor(() => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.path.endsWith('/sample/annotations/predictions-broken.json') ? active : undefined;
    }, { message: 'the sample in an editor' });
    assert.ok(!editor.document.uri.fsPath.startsWith(ext.extensionPath), 'the sample is a copy, not the packaged file');
    // out-of-image needs the street photo's size: the image was copied beside it too.
    const diagnostics = await waitForDiagnostics(editor.document.uri, (d) => codes(d).includes('out-of-image') && codes(d).includes('bbox-negative-size'));
    assert.ok(codes(diagnostics).includes('image-not-found'), 'missing-frame-0042.jpg is reported');
    assert.ok(fs.existsSync(fixtureUri('annotations/good.json').fsPath), 'the workspace is untouched');

    // The walkthrough's preview step, where no annotation editor is active.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('datumStudio.walkthrough.previewSample');
    const state = await waitFor(async () => {
      const s = await askRunner<PreviewState | null>('preview');
      return s && s.imageState === 'loaded' ? s : undefined;
    }, { message: 'the sample in the preview', interval: 250 });
    assert.strictEqual(state.image, '../images/street.jpg');
  });
});
