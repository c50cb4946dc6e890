// Which format a file is in: by name, by the user's globs, then by content (top-level keys).
import { compileGlob, type GlobMatcher } from '../core/glob';

export type FormatId = 'sidecar' | 'metadata-jsonl' | 'annotations' | 'file-metadata';

export const FORMAT_IDS: readonly FormatId[] = ['sidecar', 'metadata-jsonl', 'annotations', 'file-metadata'];

export const FORMAT_LABELS: Record<FormatId, string> = {
  sidecar: 'Datum properties sidecar',
  'metadata-jsonl': 'valohai.metadata.jsonl',
  annotations: 'Annotations (MetaLake)',
  'file-metadata': 'Per-file metadata (MetaLake)',
};

export const SCHEMA_FILES: Record<FormatId, string> = {
  sidecar: 'sidecar.schema.json',
  'metadata-jsonl': 'metadata-jsonl-line.schema.json',
  annotations: 'annotations.schema.json',
  'file-metadata': 'file-metadata.schema.json',
};

/** User globs per format (the `datumStudio.files.*` settings). */
export type FormatGlobs = Partial<Record<FormatId, readonly string[]>>;

export type RecognizedBy = 'name' | 'glob' | 'content';

export interface Recognition {
  format: FormatId;
  by: RecognizedBy;
}

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i === -1 ? path : path.slice(i + 1);
}

export function recognizeByName(path: string): FormatId | undefined {
  const name = baseName(path).toLowerCase();
  if (name === 'valohai.metadata.jsonl') return 'metadata-jsonl';
  if (name.endsWith('.metadata.json') && name.length > '.metadata.json'.length) return 'sidecar';
  return undefined;
}

/**
 * A glob (`**` any folders, `*` and `?` within a segment, `[a-z]`, `{a,b}`) as a matcher that runs
 * in bounded time whatever the pattern (see core/glob.ts); globs over MAX_GLOB_LENGTH match nothing.
 */
export function globMatcher(glob: string): GlobMatcher {
  return compileGlob(glob);
}

/** `relPath` is the path relative to the workspace folder, with forward slashes. */
export function recognizeByGlob(relPath: string, globs: FormatGlobs): FormatId | undefined {
  const path = relPath.replace(/\\/g, '/');
  for (const format of FORMAT_IDS) {
    for (const glob of globs[format] ?? []) {
      if (compileGlob(glob).test(path)) return format;
    }
  }
  return undefined;
}

/**
 * Cheap pre-check before parsing: could this JSON text be annotations or file metadata? Avoids a
 * full parse of every unrelated JSON file the user opens.
 */
export function mightBeRecognizedByContent(text: string): boolean {
  return /"images"\s*:\s*\[/.test(text) || /"files"\s*:\s*\[/.test(text);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * By top-level keys of the parsed value. Strict enough that COCO files (`images` of
 * `{id, file_name}`) or package.json (`files` of strings) are not taken for ours.
 */
export function recognizeByContent(value: unknown): FormatId | undefined {
  if (!isObject(value)) return undefined;
  const images = value.images;
  if (Array.isArray(images) && images.length > 0) {
    const first = images[0];
    if (isObject(first) && ('image' in first || 'annotations' in first)) return 'annotations';
  }
  const files = value.files;
  if (Array.isArray(files) && files.length > 0) {
    const first = files[0];
    if (isObject(first) && 'file' in first && 'metadata' in first) return 'file-metadata';
  }
  return undefined;
}

/**
 * JSON another tool writes under one of our names, which is not ours to check: Angular's compiler
 * (ngc) names its output `*.metadata.json` (an object, or a list of them, with
 * `"__symbolic": "module"`).
 */
export function isForeignContent(value: unknown): boolean {
  const angular = (v: unknown): boolean => isObject(v) && v.__symbolic === 'module';
  return angular(value) || (Array.isArray(value) && value.length > 0 && value.every(angular));
}

/** Name and glob recognition; content recognition needs the parsed text and happens in analysis. */
export function recognizePath(path: string, relPath: string, globs: FormatGlobs): Recognition | undefined {
  const byName = recognizeByName(path);
  if (byName) return { format: byName, by: 'name' };
  const byGlob = recognizeByGlob(relPath, globs);
  if (byGlob) return { format: byGlob, by: 'glob' };
  return undefined;
}
