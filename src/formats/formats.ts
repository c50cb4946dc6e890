// Which format a file is in: by name, by the user's globs, then by content (top-level keys).
import { compileGlob, type GlobMatcher } from '../core/glob';
import { isObject } from '../core/json';

export type FormatId = 'sidecar' | 'metadata-jsonl' | 'annotations' | 'file-metadata' | 'coco';

export const FORMAT_IDS: readonly FormatId[] = ['sidecar', 'metadata-jsonl', 'annotations', 'file-metadata', 'coco'];

export const FORMAT_LABELS: Record<FormatId, string> = {
  sidecar: 'Datum properties sidecar',
  'metadata-jsonl': 'valohai.metadata.jsonl',
  annotations: 'Annotations (MetaLake)',
  'file-metadata': 'Per-file metadata (MetaLake)',
  coco: 'COCO annotations',
};

export const SCHEMA_FILES: Record<FormatId, string> = {
  sidecar: 'sidecar.schema.json',
  'metadata-jsonl': 'metadata-jsonl-line.schema.json',
  annotations: 'annotations.schema.json',
  'file-metadata': 'file-metadata.schema.json',
  coco: 'coco.schema.json',
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
  return /"images"\s*:\s*\[/.test(text) || /"files"\s*:\s*\[/.test(text) || /"annotations"\s*:\s*\[/.test(text) || /"image_id"\s*:/.test(text);
}

/**
 * By top-level keys of the parsed value. Strict enough that package.json (`files` of strings) is not
 * taken for ours, and that MetaLake files (`images` of `{image, annotations}`) are not taken for COCO.
 */
export function recognizeByContent(value: unknown): FormatId | undefined {
  if (Array.isArray(value)) return isCocoResults(value) ? 'coco' : undefined;
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
  return isCocoGroundTruth(value) ? 'coco' : undefined;
}

/**
 * COCO ground truth: two of the lists `images`, `annotations`, `categories` (a file missing one of
 * them is still COCO, and is then reported for what it lacks), with COCO's keys in their first items.
 */
function isCocoGroundTruth(value: Record<string, unknown>): boolean {
  const lists = ['images', 'annotations', 'categories'].filter((k) => Array.isArray(value[k]));
  if (lists.length < 2) return false;
  const firstOf = (key: string): unknown => (Array.isArray(value[key]) ? (value[key] as unknown[])[0] : undefined);
  const image = firstOf('images');
  if (image !== undefined && !(isObject(image) && ('file_name' in image || 'id' in image) && !('image' in image))) return false;
  const annotation = firstOf('annotations');
  if (annotation !== undefined && !(isObject(annotation) && ('image_id' in annotation || 'category_id' in annotation || 'id' in annotation))) return false;
  const category = firstOf('categories');
  if (category !== undefined && !(isObject(category) && ('id' in category || 'name' in category))) return false;
  return true;
}

/** COCO results (detections): a list of `{image_id, category_id, bbox | segmentation | keypoints, score}`. */
function isCocoResults(value: unknown[]): boolean {
  const first = value[0];
  return isObject(first) && 'image_id' in first && 'category_id' in first && 'score' in first && ('bbox' in first || 'segmentation' in first || 'keypoints' in first);
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
