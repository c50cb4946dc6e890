// The editor's FileAccess: local files through Node, and "find by name" through the workspace
// (respecting files.exclude), cached until files are created or deleted.
import * as path from 'path';
import * as vscode from 'vscode';
import { nodeFileAccess, type FileAccess } from '../core/files';

const IMAGE_GLOB = '**/*.{png,jpg,jpeg,gif,webp,bmp,tif,tiff,PNG,JPG,JPEG,GIF,WEBP,BMP,TIF,TIFF}';

export class WorkspaceFiles implements vscode.Disposable {
  private readonly byName = new Map<string, Promise<string[]>>();
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
      this.byName.clear();
      this.access.forget();
      // Many files may arrive at once (a checkout, an unzip): tell listeners once.
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.changed.fire(), 300);
    };
    this.watcher.onDidCreate(stale);
    this.watcher.onDidDelete(stale);
    this.watcher.onDidChange(stale);
  }

  private find(name: string): Promise<string[]> {
    let found = this.byName.get(name);
    if (!found) {
      const pattern = `**/${name.replace(/[[\]{}*?]/g, (c) => `[${c}]`)}`;
      found = Promise.resolve(vscode.workspace.findFiles(pattern, '**/node_modules/**', 50)).then((uris) =>
        uris.filter((u) => u.scheme === 'file' && path.basename(u.fsPath) === name).map((u) => u.fsPath),
      );
      this.byName.set(name, found);
    }
    return found;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watcher.dispose();
    this.changed.dispose();
  }
}
