// Which annotation files name a given image: for "Preview Overlays" on an image in the explorer.
// The candidates come from the workspace facts (the one workspace scan, kept current by its
// watcher); each is resolved the way the diagnostics do, so "names" means "resolves to this file".
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { FileAccess } from '../../core/files';
import { buildModel } from '../model/document';
import type { Validator } from '../../validation/analyze';
import { findImage } from '../../validation/references';
import { imageRoots } from '../../toolshed/settings';
import type { WorkspaceFacts } from '../../workspace/workspaceFacts';

/** Annotation files larger than this are skipped in the search (open them and preview directly). */
const MAX_SEARCH_BYTES = 50 * 1024 * 1024;

export interface Reference {
  uri: vscode.Uri;
  imageIndex: number;
}

export async function findAnnotationFilesFor(imagePath: string, validator: Validator, files: FileAccess, facts: WorkspaceFacts): Promise<Reference[]> {
  const base = path.basename(imagePath);
  const out: Reference[] = [];
  for (const known of (await facts.all()).values()) {
    const uri = known.uri;
    // Only files that name an image with that name can name the image: skips parsing almost everything.
    if (uri.scheme !== 'file' || !known.symbols.some((s) => s.kind === 'image' && s.name.includes(base))) continue;
    let text: string;
    try {
      if ((await fs.promises.stat(uri.fsPath)).size > MAX_SEARCH_BYTES) continue;
      text = await fs.promises.readFile(uri.fsPath, 'utf8');
    } catch {
      continue;
    }
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
