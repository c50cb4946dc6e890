// Which local files the preview webview may load. Its `localResourceRoots` are the extension's own
// folders, the workspace folders, the folders of `datumStudio.annotations.imageRoots` and files the
// user picked in a dialog; never the folder of whatever an annotation file names (an absolute path
// or `../../..` would open the whole disk to the page). Pure (no `vscode`).
import * as fs from 'fs';
import * as path from 'path';

function real(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

/** True when `file` is `root` or inside it, after following symbolic links on both. */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(real(root), real(file));
  return rel === '' || (!path.isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${path.sep}`));
}

export function isAllowed(roots: readonly string[], file: string): boolean {
  return roots.some((root) => isInside(root, file));
}
