// Where the document links point, cached: resolving an image name stats several candidate paths
// (and may search the workspace by name), which the links provider would otherwise redo for every
// link on every keystroke. Forgotten when files are created or deleted in the workspace, when an
// image changes, and when the image roots setting changes.
import * as vscode from 'vscode';
import { resolveImage, type LanguageContext } from './context';

export class LinkTargets implements vscode.Disposable {
  private readonly images = new Map<string, Promise<string | undefined>>();
  private readonly files = new Map<string, Promise<string | undefined>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: LanguageContext) {
    const forget = (): void => this.forget();
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(forget),
      watcher.onDidDelete(forget),
      ctx.files.onDidChangeImages(forget),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('datumStudio.annotations.imageRoots')) forget();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(forget),
    );
  }

  /** The file an annotation's image names, as the diagnostics find it (undefined: not found). */
  image(doc: vscode.TextDocument, image: string): Promise<string | undefined> {
    const key = `${doc.uri.fsPath}\n${image}`;
    let found = this.images.get(key);
    if (!found) {
      found = resolveImage(this.ctx, doc, image).catch(() => undefined);
      this.images.set(key, found);
    }
    return found;
  }

  /** `absPath` when it is a file. */
  file(absPath: string): Promise<string | undefined> {
    let found = this.files.get(absPath);
    if (!found) {
      found = this.ctx.files.access.isFile(absPath).then((ok) => (ok ? absPath : undefined), () => undefined);
      this.files.set(absPath, found);
    }
    return found;
  }

  forget(): void {
    this.images.clear();
    this.files.clear();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.forget();
  }
}
