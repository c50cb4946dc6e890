// A preview source for one datum: an image (a local file, or bytes downloaded by the remote tree)
// and the annotations found in its properties. Downloaded bytes are written once to the
// extension's storage, so the webview loads them like any file (no base64 through messages).
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { readImageInfo } from '../../core/files';
import { datumShapes } from '../model/document';
import type { Annotations, ImageEntry } from '../page/protocol';
import { MAX_PIXELS } from './imageSource';
import type { PreviewSource, ResolvedImage } from './source';

export interface Datum {
  title: string;
  imageUri?: vscode.Uri;
  imageBytes?: Uint8Array;
  /** an annotations list, `{annotations: [...]}` or a whole `{images: [...]}` document */
  annotations: unknown;
}

export class DatumSource implements PreviewSource {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly title: string;

  private constructor(private readonly datum: Datum, private readonly file: string | undefined) {
    this.title = vscode.l10n.t('Overlays: {0}', datum.title);
  }

  static async create(datum: Datum, storage: vscode.Uri): Promise<DatumSource> {
    let file = datum.imageUri?.scheme === 'file' ? datum.imageUri.fsPath : undefined;
    if (!file && datum.imageBytes) {
      const dir = path.join(storage.fsPath, 'preview-images');
      await fs.promises.mkdir(dir, { recursive: true });
      file = path.join(dir, createHash('sha256').update(datum.imageBytes).digest('hex'));
      await fs.promises.writeFile(file, datum.imageBytes);
    }
    return new DatumSource(datum, file);
  }

  entries(): ImageEntry[] {
    const { shapes } = datumShapes(this.datum.annotations);
    return [{ index: 0, image: this.datum.title, shapeCount: shapes.length }];
  }

  annotations(index: number): Annotations | undefined {
    if (index !== 0) return undefined;
    const { shapes, skipped, normalized } = datumShapes(this.datum.annotations);
    return { index: 0, image: this.datum.title, shapes, skipped, normalized };
  }

  async image(): Promise<ResolvedImage> {
    if (!this.file) return { source: { index: 0, problem: { kind: 'not-found', message: vscode.l10n.t('This datum has no image to show.'), canChoose: false } } };
    const info = await readImageInfo(this.file);
    if (!info) return { source: { index: 0, problem: { kind: 'unreadable', message: vscode.l10n.t('"{0}" is not an image this preview can read.', this.datum.title), canChoose: false } } };
    if (info.width * info.height > MAX_PIXELS) {
      return { source: { index: 0, width: info.width, height: info.height, problem: { kind: 'too-large', message: vscode.l10n.t('The image is {0}×{1}, too large to draw at full size here.', info.width, info.height), canChoose: false } } };
    }
    return { source: { index: 0, width: info.width, height: info.height }, path: this.file };
  }

  /** The image it shows (downloaded bytes are written to the extension's storage), and only that. */
  resourceRoots(): string[] {
    return this.file ? [this.file] : [];
  }

  broken(): undefined {
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
