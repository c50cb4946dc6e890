// A preview source for a COCO file too large for a text document (VS Code gives extensions no
// document over 50 MB; COCO train2017's instances are ~450 MB): the file is read from disk and
// indexed once (src/annotations/cocoIndex.ts), with progress and cancellation, off the typing path
// (there is no editor of it). The image list comes from the index; an image's annotations are
// parsed only when it is shown. No text linking: the page says so in a notice.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { MementoKeys } from '../../constants';
import type { FileAccess } from '../../core/files';
import { indexCocoText, type CocoIndex } from '../../annotations/cocoIndex';
import { largeCocoAnnotations, largeCocoEntries } from '../model/largeCoco';
import type { Annotations, ImageEntry } from '../page/protocol';
import { imageRoots } from '../../toolshed/settings';
import { resolveLocalImage } from './imageSource';
import type { PreviewSource, ResolvedImage } from './source';

/** VS Code does not hand extensions text documents over this many characters (its model sync limit). */
export const TEXT_DOCUMENT_LIMIT = 50 * 1024 * 1024;
/** V8's longest string (0x1fffffe8 UTF-16 units); a UTF-8 file of over 3 bytes per unit can never fit. */
const MAX_STRING = 0x1fffffe8;

const megabytes = (bytes: number): string => (bytes / 1e6).toFixed(0);

/** Whether the file at `uri` goes the disk route: on disk, over the text-document limit, and not open in an editor. */
export async function isLargeFile(uri: vscode.Uri): Promise<boolean> {
  if (uri.scheme !== 'file') return false;
  if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return false;
  try {
    return (await fs.promises.stat(uri.fsPath)).size > TEXT_DOCUMENT_LIMIT;
  } catch {
    return false;
  }
}

export class LargeCocoSource implements PreviewSource {
  readonly title: string;
  readonly onDidChange: vscode.Event<void>;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly list: ImageEntry[];
  /** the image shown last: the panel asks for it on every message, so it is parsed once */
  private last?: { index: number; annotations: Annotations | undefined };

  private constructor(
    readonly uri: vscode.Uri,
    private readonly index: CocoIndex,
    private readonly size: number,
    private readonly files: FileAccess,
    private readonly state: vscode.Memento,
  ) {
    this.title = vscode.l10n.t('Overlays: {0}', path.basename(uri.path));
    this.onDidChange = this.changed.event;
    this.list = largeCocoEntries(index);
  }

  /**
   * Reads and indexes the file with a cancellable progress notification. Undefined when the user
   * cancelled; throws, in words for the user, when the file is no COCO ground truth or too large.
   */
  static async open(uri: vscode.Uri, files: FileAccess, state: vscode.Memento): Promise<LargeCocoSource | undefined> {
    const name = path.basename(uri.path);
    const size = (await fs.promises.stat(uri.fsPath)).size;
    const tooLarge = (): Error =>
      new Error(vscode.l10n.t('{0} is too large to preview: {1} MB is more text than JavaScript can hold in one string (about {2} MB). Split the file (e.g. one per split or per category) and preview a part.', name, megabytes(size), megabytes(MAX_STRING)));
    if (size > 3 * MAX_STRING) throw tooLarge();
    const index = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading {0} ({1} MB) for the preview', name, megabytes(size)), cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const cancelled = token.onCancellationRequested(() => abort.abort());
        try {
          let text: string;
          try {
            text = await fs.promises.readFile(uri.fsPath, { encoding: 'utf8', signal: abort.signal });
          } catch (error) {
            if (token.isCancellationRequested) return undefined;
            if ((error as { code?: string }).code === 'ERR_STRING_TOO_LONG') throw tooLarge();
            throw error;
          }
          if (token.isCancellationRequested) return undefined;
          progress.report({ message: vscode.l10n.t('finding each image\'s annotations') });
          // Let the notification show the step before the scan holds the thread.
          await new Promise((resolve) => setTimeout(resolve, 0));
          if (token.isCancellationRequested) return undefined;
          try {
            return indexCocoText(text);
          } catch (error) {
            if (!(error instanceof SyntaxError)) throw error;
            if (/^\uFEFF?\s*\[/.test(text.slice(0, 100))) {
              throw new Error(vscode.l10n.t('{0} cannot be previewed from disk: it is not a COCO ground-truth file but a list (a COCO results file?); from disk the preview reads only ground truth (one JSON object with "images", "annotations" and "categories").', name));
            }
            throw new Error(vscode.l10n.t('{0} cannot be previewed from disk: it is not a COCO ground-truth file (one JSON object with "images", "annotations" and "categories"; {1}).', name, error.message));
          }
        } finally {
          cancelled.dispose();
        }
      },
    );
    if (!index) return undefined;
    if (index.images.length === 0) {
      throw new Error(vscode.l10n.t('{0} has no images to show: a COCO file needs an "images" list of entries with an integer "id".', name));
    }
    return new LargeCocoSource(uri, index, size, files, state);
  }

  /** The page's notice: read from disk, not linked with the text. */
  get fromDisk(): { file: string; size: string } {
    return { file: path.basename(this.uri.path), size: megabytes(this.size) };
  }

  entries(): ImageEntry[] {
    return this.list;
  }

  annotations(index: number): Annotations | undefined {
    if (this.last?.index !== index) this.last = { index, annotations: largeCocoAnnotations(this.index, index) };
    return this.last.annotations;
  }

  async image(index: number): Promise<ResolvedImage> {
    const entry = this.index.images[index];
    const name = entry?.fileName ?? '';
    const resolved = await resolveLocalImage(index, name, {
      filePath: this.uri.fsPath,
      files: this.files,
      imageRoots: imageRoots(this.uri),
      chosen: this.chosen()[this.chosenKey(name)],
    });
    // As for COCO in an editor: without the picture, the shapes are drawn on an area of the entry's size.
    if (resolved.source.problem?.kind === 'not-found' && entry?.width && entry.height) {
      resolved.source.width ??= entry.width;
      resolved.source.height ??= entry.height;
    }
    return resolved;
  }

  broken(): undefined {
    return undefined;
  }

  resourceRoots(): string[] {
    const mine = `${this.uri.toString()}#`;
    const chosen = Object.entries(this.chosen()).filter(([key, file]) => key.startsWith(mine) && typeof file === 'string' && path.isAbsolute(file)).map(([, file]) => file);
    return [...imageRoots(this.uri), ...chosen];
  }

  private chosen(): Record<string, string> {
    return this.state.get<Record<string, string>>(MementoKeys.chosenImages) ?? {};
  }

  private chosenKey(image: string): string {
    return `${this.uri.toString()}#${image}`;
  }

  async chooseImage(index: number): Promise<boolean> {
    const entry = this.index.images[index];
    if (!entry) return false;
    const name = entry.fileName ?? '';
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Choose the image for "{0}"', name),
      canSelectMany: false,
      defaultUri: vscode.Uri.file(path.dirname(this.uri.fsPath)),
      filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp'] },
    });
    if (!picked?.[0]) return false;
    await this.state.update(MementoKeys.chosenImages, { ...this.chosen(), [this.chosenKey(name)]: picked[0].fsPath });
    return true;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
