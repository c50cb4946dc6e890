// The pure core's messages in the real VS Code come from the bundle the extension hands to
// @vscode/l10n. The server here runs in English (no language pack can be installed offline, so
// VS Code gives no bundle): the test checks that the extension hands over exactly what VS Code
// loaded, then hands the same bridge a pseudo-translation and sees a diagnostic and a quick fix
// title of the bundled core come out translated.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, closeAllReverting, openDoc, ours, waitForDiagnostics } from './helpers';

interface CoreMessages {
  bundle: { [key: string]: string } | undefined;
  configure(bundle: { [key: string]: string } | undefined): void;
}

describe('l10n: the core speaks the bundle the extension configures', function () {
  this.timeout(60_000);
  let messages: CoreMessages;

  before(async () => {
    messages = ((await activeExtension()).exports as { messages: CoreMessages }).messages;
  });

  afterEach(async () => {
    messages.configure(vscode.l10n.bundle);
    await closeAllReverting();
  });

  it('the bundle handed to the core is the one VS Code loaded for the display language', () => {
    assert.ok(messages && typeof messages.configure === 'function', 'the extension exports its message bridge');
    assert.deepStrictEqual(messages.bundle, vscode.l10n.bundle, `display language ${vscode.env.language}`);
  });

  it('diagnostics and quick fix titles of the core follow the configured bundle, arguments filled in', async () => {
    messages.configure({
      'bbox {0} must not be negative ({1}).': '[xx] {1} ist negativ: bbox {0}',
      'Normalize the box: {0}': '[xx] Box normalisieren: {0}',
    });
    const { document: doc } = await openDoc('annotations/broken.json');
    // An edit makes sure the file is analysed now, with this bundle (not a result from before).
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(doc.getText().length), '\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diagnostics = ours(await waitForDiagnostics(doc.uri, (d) => ours(d).some((x) => x.code === 'bbox-negative-size' && x.message.startsWith('[xx]')) && ours(d).some((x) => x.code === 'image-not-found')));
    const negative = diagnostics.find((d) => d.code === 'bbox-negative-size')!;
    assert.strictEqual(negative.message, '[xx] -180 ist negativ: bbox width');
    // A message the bundle does not have stays English.
    assert.match(diagnostics.find((d) => d.code === 'image-not-found')?.message ?? '', /^Image "ghost\.png" not found\./);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, negative.range);
    assert.ok(actions.some((a) => /^\[xx\] Box normalisieren: \[/.test(a.title)), JSON.stringify(actions.map((a) => a.title)));
  });
});
