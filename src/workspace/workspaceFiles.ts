// The editor's FileAccess: local files through Node, and "find by name" through one index of the
// workspace's files (respecting files.exclude), built on the first look-up and dropped when images
// are created or deleted.
import * as path from 'path';
import * as vscode from 'vscode';
import { indexByName, nodeFileAccess, type FileAccess, type NameIndex } from '../core/files';

const IMAGE_GLOB = '**/*.{png,jpg,jpeg,gif,webp,bmp,tif,tiff,PNG,JPG,JPEG,GIF,WEBP,BMP,TIF,TIFF}';
const EXCLUDE = '**/node_modules/**';
/** Files the index holds at most (the CLI's DirectoryNameIndex stops at the same number). */
const MAX_INDEXED_FILES = 200_000;

export class WorkspaceFiles implements vscode.Disposable {
  private index?: Promise<NameIndex>;
  private readonly searched = new Map<string, Promise<string[]>>();
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly changed = new vscode.EventEmitter<void>();
  /** an image was created, changed or deleted: results that depend on images are stale */
  readonly onDidChangeImages = this.changed.event;
  readonly access: FileAccess & { forget(): void };
  private timer?: NodeJS.Timeout;

  constructor() {
    this.access = nodeFileAccess((name) => this.find(name));
    this.watcher = vscode.workspace.createFileSystemWatcher(IMAGE_GLOB);
    const stale = (): void => {
      this.index = undefined;
      this.searched.clear();
      this.access.forget();
      // Many files may arrive at once (a checkout, an unzip): tell listeners once.
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.changed.fire(), 300);
    };
    this.watcher.onDidCreate(stale);
    this.watcher.onDidDelete(stale);
    this.watcher.onDidChange(stale);
  }

  /**
   * One listing of the workspace serves every name: a search per name (the workspace search spawns
   * a process each time) made a file of 100k missing images spawn 100k of them, for minutes.
   */
  private find(name: string): Promise<string[]> {
    this.index ??= Promise.resolve(vscode.workspace.findFiles('**/*', EXCLUDE, MAX_INDEXED_FILES + 1)).then(
      (uris) => indexByName(uris, MAX_INDEXED_FILES),
      () => ({ byName: new Map(), complete: false }),
    );
    return this.index.then(({ byName, complete }) => byName.get(name) ?? (complete ? [] : this.search(name)));
  }

  /** A workspace too big for the index: this name alone. */
  private search(name: string): Promise<string[]> {
    let found = this.searched.get(name);
    if (!found) {
      const pattern = `**/${name.replace(/[[\]{}*?]/g, (c) => `[${c}]`)}`;
      found = Promise.resolve(vscode.workspace.findFiles(pattern, EXCLUDE, 50)).then((uris) =>
        uris.filter((u) => u.scheme === 'file' && path.basename(u.fsPath) === name).map((u) => u.fsPath),
      );
      this.searched.set(name, found);
    }
    return found;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watcher.dispose();
    this.changed.dispose();
  }
}
