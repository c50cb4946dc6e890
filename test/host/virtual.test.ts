// Virtual workspaces (package.json capabilities.virtualWorkspaces: limited): a document on a file
// system that is not the disk, as on vscode-vfs: or a remote repository, is checked as you type. An
// in-memory file system of the test's own stands in for such a scheme.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, ours, waitForDiagnostics } from './helpers';

const SCHEME = 'datum-test-vfs';

class MemoryFs implements vscode.FileSystemProvider {
  private readonly files = new Map<string, Uint8Array>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  watch(): vscode.Disposable { return new vscode.Disposable(() => {}); }
  stat(uri: vscode.Uri): vscode.FileStat {
    const data = this.files.get(uri.path);
    if (data) return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: data.length };
    if ([...this.files.keys()].some((k) => k.startsWith(uri.path.replace(/\/?$/, '/')))) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  readDirectory(): [string, vscode.FileType][] { return []; }
  createDirectory(): void {}
  readFile(uri: vscode.Uri): Uint8Array {
    const data = this.files.get(uri.path);
    if (!data) throw vscode.FileSystemError.FileNotFound(uri);
    return data;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array): void { this.files.set(uri.path, content); }
  delete(uri: vscode.Uri): void { this.files.delete(uri.path); }
  rename(): void { throw vscode.FileSystemError.NoPermissions('read-only test file system'); }
}

describe('virtual file systems', () => {
  let registration: vscode.Disposable;
  before(async () => {
    await activeExtension();
    const memory = new MemoryFs();
    registration = vscode.workspace.registerFileSystemProvider(SCHEME, memory, { isCaseSensitive: true });
    memory.writeFile(vscode.Uri.from({ scheme: SCHEME, path: '/repo/labels.json' }), Buffer.from(
      '{\n  "images": [\n    { "image": "a.jpg", "annotations": [\n      { "type": "rectangle", "bbox": [1, 2, -3, 4], "label": "car" }\n    ] }\n  ]\n}\n'));
    memory.writeFile(vscode.Uri.from({ scheme: SCHEME, path: '/repo/model.h5.metadata.json' }), Buffer.from('{ "valohai.tags": "oops" }\n'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    registration.dispose();
  });

  it('checks an open annotation file and a sidecar that are not on disk', async () => {
    const labels = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: SCHEME, path: '/repo/labels.json' }));
    await vscode.window.showTextDocument(labels);
    const onLabels = ours(await waitForDiagnostics(labels.uri, (d) => ours(d).length > 0));
    assert.deepStrictEqual(onLabels.map((d) => [String(d.code), labels.getText(d.range)]), [['bbox-negative-size', '-3']]);

    const sidecar = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: SCHEME, path: '/repo/model.h5.metadata.json' }));
    await vscode.window.showTextDocument(sidecar);
    const onSidecar = ours(await waitForDiagnostics(sidecar.uri, (d) => ours(d).length > 0));
    assert.deepStrictEqual(onSidecar.map((d) => String(d.code)), ['tags-not-list']);
  });
});
