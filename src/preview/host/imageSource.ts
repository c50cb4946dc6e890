// Turns an annotation's `image` string into something the webview can draw, or a plain-words
// reason it cannot: not found (and where we looked), a type Chromium does not decode, too large.
import * as path from 'path';
import * as vscode from 'vscode';
import { readImageInfo, type FileAccess } from '../../core/files';
import { findImage } from '../../validation/references';
import type { ResolvedImage } from './source';

/** What the webview's Chromium decodes (image-size type names). */
const DRAWABLE = new Set(['png', 'jpg', 'gif', 'webp', 'bmp', 'svg', 'ico', 'avif']);
/** Beyond this a decoded RGBA copy (4 bytes per pixel) would take over 400 MB in the webview. */
export const MAX_PIXELS = 100_000_000;

export interface ResolveOptions {
  filePath: string;
  files: FileAccess;
  imageRoots: readonly string[];
  /** a file the user picked for this image earlier */
  chosen?: string;
}

function shortPath(p: string): string {
  const rel = vscode.workspace.asRelativePath(p, false);
  return rel === '' ? '.' : rel;
}

export async function resolveLocalImage(index: number, image: string, options: ResolveOptions): Promise<ResolvedImage> {
  let found = options.chosen && (await options.files.isFile(options.chosen)) ? options.chosen : undefined;
  if (!found && image !== '') found = (await findImage(image, options)).found;
  if (!found) {
    const places = [path.dirname(options.filePath), ...options.imageRoots].map((p) => `"${shortPath(p)}"`);
    const message =
      image === ''
        ? vscode.l10n.t('This entry names no image.')
        : vscode.l10n.t('Image "{0}" was not found. Looked in {1} and in the whole workspace by the file name "{2}".', image, places.join(', '), path.basename(image));
    return { source: { index, problem: { kind: 'not-found', message, canChoose: true } } };
  }
  const info = await readImageInfo(found);
  const name = shortPath(found);
  if (!info) {
    return { source: { index, problem: { kind: 'unreadable', message: vscode.l10n.t('"{0}" is not an image this preview can read, or it is damaged.', name), canChoose: true } } };
  }
  if (!DRAWABLE.has(info.type)) {
    return { source: { index, problem: { kind: 'unsupported', message: vscode.l10n.t('"{0}" is a {1} image, which VS Code\'s webviews cannot display. Convert it to PNG or JPEG, or choose another file.', name, info.type.toUpperCase()), canChoose: true } }, path: found };
  }
  if (info.width * info.height > MAX_PIXELS) {
    const mp = ((info.width * info.height) / 1e6).toFixed(0);
    return { source: { index, width: info.width, height: info.height, problem: { kind: 'too-large', message: vscode.l10n.t('"{0}" is {1}×{2} ({3} megapixels), too large to draw at full size here (the limit is {4} megapixels). The shapes are drawn on a blank canvas of the image\'s size.', name, info.width, info.height, mp, MAX_PIXELS / 1e6), canChoose: false } }, path: found };
  }
  return { source: { index, width: info.width, height: info.height }, path: found };
}
