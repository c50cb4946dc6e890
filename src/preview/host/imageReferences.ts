// Which annotation files name a given image: for "Preview Overlays" on an image in the explorer.
// Resolves every entry the way the diagnostics do, so "names" means "resolves to this very file".
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { FileAccess } from '../../core/files';
import { buildModel } from '../model/document';
import type { Validator } from '../../validation/analyze';
import { findImage } from '../../validation/references';
import { imageRoots } from '../../toolshed/settings';

/** Annotation files larger than this are skipped in the search (open them and preview directly). */
const MAX_SEARCH_BYTES = 50 * 1024 * 1024;

export interface Reference {
  uri: vscode.Uri;
  imageIndex: number;
}

export async function findAnnotationFilesFor(imagePath: string, validator: Validator, files: FileAccess): Promise<Reference[]> {
  const base = path.basename(imagePath);
  const candidates = await vscode.workspace.findFiles('**/*.json', '**/node_modules/**', 5000);
  const out: Reference[] = [];
  for (const uri of candidates) {
    if (uri.scheme !== 'file') continue;
    let text: string;
    try {
      if ((await fs.promises.stat(uri.fsPath)).size > MAX_SEARCH_BYTES) continue;
      text = await fs.promises.readFile(uri.fsPath, 'utf8');
    } catch {
      continue;
    }
    // Only files that mention the name can name the image: skips parsing almost everything.
    if (!text.includes(base) || !/"images"\s*:\s*\[/.test(text)) continue;
    const result = buildModel(validator, text);
    if (!result.ok) continue;
    const options = { filePath: uri.fsPath, files, imageRoots: imageRoots(uri) };
    for (const entry of result.doc.images) {
      if (!entry.image.includes(base)) continue;
      if ((await findImage(entry.image, options)).found === imagePath) {
        out.push({ uri, imageIndex: entry.index });
        break;
      }
    }
  }
  return out;
}
