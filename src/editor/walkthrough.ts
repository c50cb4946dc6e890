// The "Get Started with Datum Studio" walkthrough (package.json `contributes.walkthroughs`) needs one
// command of its own: Open a Sample copies a broken annotation file and the image it names from the
// extension (both ship in the .vsix) into the extension's global storage and opens it there. A real
// `file:` copy rather than an untitled one, so the quick fixes, the disk checks and the preview's
// image lookup all work on it, and the installed extension's own files are never edited.
import * as vscode from 'vscode';
import { registerCommand } from './registerCommand';

export const OPEN_SAMPLE_COMMAND = 'datumStudio.walkthrough.openSample';

/** Sample files, relative to the extension root; the copy keeps this layout (the JSON names ../images/street.jpg). */
export const SAMPLE_FILES = ['samples/annotations/predictions-broken.json', 'samples/images/street.jpg'] as const;

/** From the walkthrough, where no annotation editor is active: the sample in the overlay preview. */
export const PREVIEW_SAMPLE_COMMAND = 'datumStudio.walkthrough.previewSample';

export function registerWalkthrough(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
  const target = vscode.Uri.joinPath(context.globalStorageUri, 'sample');
  const sample = vscode.Uri.joinPath(target, ...SAMPLE_FILES[0].split('/').slice(1));
  const copy = async (): Promise<void> => {
    for (const rel of SAMPLE_FILES) {
      const to = vscode.Uri.joinPath(target, ...rel.split('/').slice(1));
      // An open copy with unsaved edits is the user's work: leave it alone and just show it.
      if (vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.toString() === to.toString())) continue;
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, ...rel.split('/')));
      await vscode.workspace.fs.writeFile(to, bytes);
    }
  };
  const open = async (): Promise<vscode.TextEditor> => {
    // Pinned, so it does not take the place of the walkthrough's (preview) tab.
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sample), { preview: false });
  };
  return vscode.Disposable.from(
    registerCommand(OPEN_SAMPLE_COMMAND, log, async () => {
      await copy();
      return open();
    }),
    registerCommand(PREVIEW_SAMPLE_COMMAND, log, async () => {
      const exists = await vscode.workspace.fs.stat(sample).then(() => true, () => false);
      if (!exists) await copy();
      await open();
      return vscode.commands.executeCommand('datumStudio.previewOverlays', sample);
    }),
  );
}
