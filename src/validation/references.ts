// Checks that need the disk: the images annotation files name (and their sizes, for bounds),
// the files JSONL lines name, and a sidecar's data file.
import * as path from 'path';
import { CASE_SENSITIVE_FILES, type FileAccess, type ImageInfo } from '../core/files';
import { pushAll } from '../core/arrays';
import { checkBounds, isObject, type Size } from './checks';
import type { PendingProblem } from './problems';

export interface ReferenceOptions {
  /** absolute path of the file being checked */
  filePath: string;
  files: FileAccess;
  /** absolute folders to look for images in, after the file's own folder */
  imageRoots: readonly string[];
}

export interface ImageLookup {
  found?: string;
  /** when not found: files of the same name, if more than one */
  candidates: string[];
}

/** Relative to the JSON file, then in each image root, then by a unique name in the workspace. */
export async function findImage(image: string, options: ReferenceOptions): Promise<ImageLookup> {
  const { files, filePath, imageRoots } = options;
  const relative = image.replace(/^[/\\]+/, '');
  const base = path.basename(relative);
  const tries: string[] = [];
  if (path.isAbsolute(image)) tries.push(image);
  const ownDir = path.dirname(filePath);
  tries.push(path.resolve(ownDir, relative));
  for (const root of imageRoots) {
    tries.push(path.resolve(root, relative));
    if (base !== relative) tries.push(path.resolve(root, base));
  }
  for (const candidate of new Set(tries)) {
    if (await files.isFile(candidate)) return { found: candidate, candidates: [] };
  }
  const byName = await files.findByName(base);
  if (byName.length === 1) return { found: byName[0], candidates: [] };
  // Several files share the name: the one sharing the most trailing folders with the name wins.
  const wanted = relative.split(/[/\\]/).reverse();
  const score = (p: string): number => {
    const parts = p.split(path.sep).reverse();
    let n = 0;
    while (n < wanted.length && n < parts.length && parts[n] === wanted[n]) n++;
    return n;
  };
  const scores = byName.map(score);
  const best = scores.reduce((a, b) => Math.max(a, b), 1);
  const winners = byName.filter((_, i) => scores[i] === best);
  if (best > 1 && winners.length === 1) return { found: winners[0], candidates: [] };
  return { candidates: byName };
}

function display(p: string, from: string): string {
  const rel = path.relative(from, p);
  return rel === '' ? '.' : rel.startsWith('..') && rel.split(path.sep).filter((s) => s === '..').length > 2 ? p : rel;
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return results;
}

export async function checkAnnotationImages(doc: unknown, normalized: boolean, options: ReferenceOptions): Promise<PendingProblem[]> {
  if (!isObject(doc) || !Array.isArray(doc.images)) return [];
  const ownDir = path.dirname(options.filePath);
  const lookups = new Map<string, Promise<{ lookup: ImageLookup; info?: ImageInfo }>>();
  const entries = doc.images.map((entry: unknown, i: number) => ({ entry, i }));
  const perEntry = await mapLimited(entries, 16, async ({ entry, i }) => {
    const out: PendingProblem[] = [];
    if (!isObject(entry) || typeof entry.image !== 'string' || entry.image === '') return out;
    const image = entry.image;
    let pending = lookups.get(image);
    if (!pending) {
      pending = findImage(image, options).then(async (lookup) => ({ lookup, info: lookup.found ? await options.files.imageInfo(lookup.found) : undefined }));
      lookups.set(image, pending);
    }
    const { lookup, info } = await pending;
    const imagePath: (string | number)[] = ['images', i, 'image'];
    if (lookup.found === undefined) {
      const roots = options.imageRoots.map((p) => `"${display(p, ownDir)}"`);
      const where = `${["this file's folder", ...roots].join(', ')} and the whole workspace (by file name)`;
      const message =
        lookup.candidates.length > 1
          ? `Image "${image}" is ambiguous: ${lookup.candidates.length} files in the workspace have that name (${lookup.candidates.slice(0, 3).map((p) => `"${display(p, ownDir)}"`).join(', ')}). Add its folder to the datumStudio.annotations.imageRoots setting.`
          : `Image "${image}" not found. Looked in ${where}.`;
      out.push({ path: imagePath, anchor: 'value', severity: 'warning', code: 'image-not-found', message });
    } else if (!normalized) {
      if (!info) {
        out.push({ path: imagePath, anchor: 'value', severity: 'warning', code: 'image-unreadable', message: `Cannot read the size of "${display(lookup.found, ownDir)}": it is not a PNG, JPEG, GIF, WebP, BMP, TIFF or other known image, or it is damaged. Shapes were not checked against it.` });
      } else {
        pushAll(out, checkBounds(entry, ['images', i], info as Size, false));
      }
    }
    if (normalized) pushAll(out, checkBounds(entry, ['images', i], { width: 1, height: 1 }, true));
    return out;
  });
  const all: PendingProblem[] = [];
  for (const list of perEntry) pushAll(all, list);
  return all;
}

/** `file` lines of a JSONL name files relative to the JSONL's folder (the outputs root). */
export async function checkJsonlFile(file: unknown, options: ReferenceOptions, exists = (p: string) => options.files.isFile(p)): Promise<PendingProblem | undefined> {
  if (typeof file !== 'string' || file === '' || path.isAbsolute(file)) return undefined;
  const target = path.resolve(path.dirname(options.filePath), file);
  if (await exists(target)) return undefined;
  return {
    path: ['file'],
    anchor: 'value',
    severity: 'information',
    code: 'jsonl-file-missing',
    message: `No file "${file}" beside this valohai.metadata.jsonl; these properties apply only if the execution outputs it.`,
  };
}

/**
 * checkJsonlFile for every line at once: each distinct file is looked up once, many at a time, so
 * a million `file` lines do not wait on a million file-system round trips in turn.
 */
export async function checkJsonlFiles(files: readonly unknown[], options: ReferenceOptions): Promise<(PendingProblem | undefined)[]> {
  const keys = files.map((file) => (typeof file === 'string' ? file : undefined));
  const unique = [...new Set(keys.filter((k): k is string => k !== undefined))];
  // With many lines, each folder is listed once rather than each file asked about.
  const access = options.files;
  const listings = new Map<string, Promise<ReadonlySet<string> | undefined>>();
  const filesIn = access.filesIn && unique.length > 64 ? access.filesIn.bind(access) : undefined;
  const exists = async (target: string): Promise<boolean> => {
    if (!filesIn) return access.isFile(target);
    const dir = path.dirname(target);
    let listing = listings.get(dir);
    if (!listing) {
      listing = filesIn(dir);
      listings.set(dir, listing);
    }
    const names = await listing;
    if (names?.has(path.basename(target))) return true;
    // Where names differ by case alone, the listing's spelling may differ from the line's.
    return !CASE_SENSITIVE_FILES && names !== undefined ? access.isFile(target) : false;
  };
  const results = await mapLimited(unique, 64, (file) => checkJsonlFile(file, options, exists));
  const byFile = new Map(unique.map((file, i) => [file, results[i]]));
  return keys.map((k) => (k === undefined ? undefined : byFile.get(k)));
}

const SIDECAR_SUFFIX = /\.metadata\.json$/i;

export async function checkSidecarData(options: ReferenceOptions): Promise<PendingProblem | undefined> {
  const dataFile = options.filePath.replace(SIDECAR_SUFFIX, '');
  if (dataFile === options.filePath || (await options.files.isFile(dataFile))) return undefined;
  const name = path.basename(dataFile);
  return {
    path: [],
    anchor: 'open',
    severity: 'information',
    code: 'sidecar-data-missing',
    message: `No data file "${name}" beside this sidecar; these properties are for the output "${name}".`,
  };
}
