// datumStudio.diagnostics.severity in the real VS Code: the setting changes an open file's
// diagnostics as soon as it changes, and Validate Workspace uses it for files never opened.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, closeAllReverting, fixtureUri, openDoc, ours, waitForDiagnostics } from './helpers';

const severityOf = (d: readonly vscode.Diagnostic[], code: string) => ours(d).filter((x) => x.code === code).map((x) => x.severity);

describe('severity overrides (datumStudio.diagnostics.severity)', function () {
  this.timeout(60_000);
  const config = () => vscode.workspace.getConfiguration('datumStudio');

  before(activeExtension);
  afterEach(async () => {
    await closeAllReverting();
    await config().update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('changes and turns off diagnostics of an open file when the setting changes', async () => {
    const { document: doc } = await openDoc('annotations/broken.json');
    const before = await waitForDiagnostics(doc.uri, (d) => severityOf(d, 'image-not-found').length === 1 && severityOf(d, 'bbox-negative-size').length === 1);
    assert.deepStrictEqual(severityOf(before, 'image-not-found'), [vscode.DiagnosticSeverity.Warning]);
    assert.deepStrictEqual(severityOf(before, 'bbox-negative-size'), [vscode.DiagnosticSeverity.Error]);
    const count = ours(before).length;

    await config().update('diagnostics.severity', { 'image-not-found': 'error', 'bbox-negative-size': 'off', 'out-of-image': 'hint' }, vscode.ConfigurationTarget.Workspace);
    const after = await waitForDiagnostics(doc.uri, (d) => severityOf(d, 'image-not-found')[0] === vscode.DiagnosticSeverity.Error && severityOf(d, 'bbox-negative-size').length === 0);
    assert.deepStrictEqual(severityOf(after, 'out-of-image'), [vscode.DiagnosticSeverity.Hint, vscode.DiagnosticSeverity.Hint]);
    assert.strictEqual(ours(after).length, count - 1, 'only the code turned off is gone');

    await config().update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(doc.uri, (d) => severityOf(d, 'bbox-negative-size').length === 1 && severityOf(d, 'image-not-found')[0] === vscode.DiagnosticSeverity.Warning);
  });

  it('"Fix all" leaves alone what is turned off', async () => {
    await config().update('diagnostics.severity', { 'tags-not-list': 'off' }, vscode.ConfigurationTarget.Workspace);
    const { document: doc } = await openDoc('language/fixes.txt.metadata.json');
    await waitForDiagnostics(doc.uri, (d) => ours(d).length === 2 && severityOf(d, 'tags-not-list').length === 0);
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, 0, 0), vscode.CodeActionKind.SourceFixAll.value)) as vscode.CodeAction[];
    const fixAll = actions.find((a) => a.kind?.value.startsWith('source.fixAll'));
    assert.ok(fixAll?.edit);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    await waitForDiagnostics(doc.uri, (d) => ours(d).length === 0);
    assert.match(doc.getText(), /"valohai\.tags": "prod"/, 'the string tags were not turned into a list');
    assert.match(doc.getText(), /"valohai\.tags": \[/, 'the misspelt key was fixed');
  });

  it('Validate Workspace applies it to files that were never opened, and counts what is shown', async () => {
    const closed = fixtureUri('outputs/closed.txt.metadata.json');
    await config().update('diagnostics.severity', { 'tags-not-list': 'warning' }, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('datumStudio.validateWorkspace', [closed]);
    const [d] = await waitForDiagnostics(closed, (x) => severityOf(x, 'tags-not-list')[0] === vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(d.code, 'tags-not-list');

    await config().update('diagnostics.severity', { 'tags-not-list': 'off' }, vscode.ConfigurationTarget.Workspace);
    const summary = (await vscode.commands.executeCommand('datumStudio.validateWorkspace', [closed])) as { checked: number; errors: number; warnings: number };
    assert.deepStrictEqual([summary.checked, summary.errors, summary.warnings], [1, 0, 0]);
    assert.deepStrictEqual(ours(vscode.languages.getDiagnostics(closed)), []);
  });
});
