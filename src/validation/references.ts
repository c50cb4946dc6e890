// Checks that need the disk: the images annotation files name (and their sizes, for bounds),
// the files JSONL lines name, and a sidecar's data file.
import * as path from 'path';
import { CASE_SENSITIVE_FILES, type FileAccess, type ImageInfo } from '../core/files';
import { pushAll } from '../core/arrays';
import { isObject } from '../core/json';
import { checkBounds, extensionOf, type Size } from './annotationChecks';
import type { PendingProblem } from './problems';
import type { GroundTruthRule } from './cocoFiles';

export interface ReferenceOptions {
  /** absolute path of the file being checked */
  filePath: string;
  files: FileAccess;
  /** absolute folders to look for images in, after the file's own folder */
  imageRoots: readonly string[];
  /** the workspace's folders (the CLI: the folders it was given); an image path under one is plainly local */
  workspaceRoots?: readonly string[];
  /** `datumStudio.coco.groundTruth`: which ground truth a COCO results file is checked against */
  cocoGroundTruth?: readonly GroundTruthRule[];
}

/** Paths that are plainly on someone's disk, not in a storage bucket. */
const LOCAL_PREFIXES = /^(?:[A-Za-z]:[\\/]|\\\\|file:|~[\\/]|\/(?:home|Users|root|tmp|mnt|media|Volumes|private|var\/folders)\/)/;

function isUnder(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * An absolute image path that is not on disk: MetaLake's upload by storage path names images as
 * `/folder/subfolder/name.jpg` inside a bucket. Not so for paths that are plainly local.
 */
export function isStoragePath(image: string, options: ReferenceOptions): boolean {
  // s3://bucket/key, gs://..., https://...: remote by its very form.
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(image)) return !/^file:/i.test(image);
  if (!image.startsWith('/') || image.startsWith('//') || LOCAL_PREFIXES.test(image)) return false;
  const roots = [path.dirname(options.filePath), ...options.imageRoots, ...(options.workspaceRoots ?? [])];
  return !roots.some((root) => root === image || isUnder(image, root));
}

const TYPE_OF_EXTENSION: Record<string, string> = { jpg: 'jpg', jpeg: 'jpg', png: 'png' };
const TYPE_NAMES: Record<string, string> = { jpg: 'JPEG', png: 'PNG', gif: 'GIF', webp: 'WebP', bmp: 'BMP', tiff: 'TIFF', heif: 'HEIF', ico: 'ICO', svg: 'SVG', psd: 'PSD' };

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
    if (lookup.found === undefined && lookup.candidates.length <= 1 && isStoragePath(image, options)) {
      out.push({
        path: imagePath,
        anchor: 'value',
        severity: 'information',
        code: 'image-in-storage',
        message: /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(image)
          ? `"${image}" is a storage URL, not a file on this disk, so its shapes are not checked against the image.`
          : `"${image}" is not on this disk: read as a path in the storage bucket (MetaLake's upload by storage path names images /folder/subfolder/name.jpg), so its shapes are not checked against the image.`,
      });
    } else if (lookup.found === undefined) {
      const roots = options.imageRoots.map((p) => `"${display(p, ownDir)}"`);
      const where = `${["this file's folder", ...roots].join(', ')} and the whole workspace (by file name)`;
      const message =
        lookup.candidates.length > 1
          ? `Image "${image}" is ambiguous: ${lookup.candidates.length} files in the workspace have that name (${lookup.candidates.slice(0, 3).map((p) => `"${display(p, ownDir)}"`).join(', ')}). Add its folder to the datumStudio.annotations.imageRoots setting.`
          : `Image "${image}" not found. Looked in ${where}.`;
      out.push({ path: imagePath, anchor: 'value', severity: 'warning', code: 'image-not-found', message });
    } else if (!normalized) {
      if (info) pushAll(out, typeMismatch(lookup.found, info, imagePath, ownDir));
      if (!info) {
        out.push({ path: imagePath, anchor: 'value', severity: 'warning', code: 'image-unreadable', message: `Cannot read the size of "${display(lookup.found, ownDir)}": it is not a PNG, JPEG, GIF, WebP, BMP, TIFF or other known image, or it is damaged. Shapes were not checked against it.` });
      } else {
        pushAll(out, checkBounds(entry, ['images', i], info as Size, false));
      }
    }
    if (normalized && lookup.found !== undefined && info) pushAll(out, typeMismatch(lookup.found, info, imagePath, ownDir));
    if (normalized) pushAll(out, checkBounds(entry, ['images', i], { width: 1, height: 1 }, true));
    return out;
  });
  const all: PendingProblem[] = [];
  for (const list of perEntry) pushAll(all, list);
  return all;
}

/** PNG bytes in a `.jpg` (or the reverse): tools that go by the extension will misread it. */
function typeMismatch(found: string, info: ImageInfo, imagePath: (string | number)[], ownDir: string): PendingProblem[] {
  const ext = extensionOf(found);
  const expected = ext && TYPE_OF_EXTENSION[ext];
  if (!expected || info.type === expected || info.type === 'unknown') return [];
  const actual = TYPE_NAMES[info.type] ?? info.type.toUpperCase();
  const fix = info.type === 'png' || info.type === 'jpg' ? ` Rename it to .${info.type === 'jpg' ? 'jpg' : 'png'} (here too)` : ' Convert it to PNG or JPEG';
  return [
    {
      path: imagePath,
      anchor: 'value',
      severity: 'warning',
      code: 'image-type-mismatch',
      message: `"${display(found, ownDir)}" holds ${actual} data, not ${TYPE_NAMES[expected]} as its extension says; MetaLake and many tools go by the extension.${fix}.`,
    },
  ];
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
  const { files } = options;
  if (dataFile === options.filePath || (await files.isFile(dataFile))) return undefined;
  const name = path.basename(dataFile);
  if (files.isDirectory && (await files.isDirectory(dataFile))) {
    return {
      path: [],
      anchor: 'open',
      severity: 'warning',
      code: 'sidecar-for-folder',
      message: `"${name}" is a folder. Valohai attaches a sidecar's properties to the one output file it is named after, so these attach to nothing: write one sidecar per file ("${name}/<file>.metadata.json"), or list the files in valohai.metadata.jsonl.`,
    };
  }
  const candidates = await extensionCandidates(dataFile, options);
  if (candidates.length > 0) {
    const [first] = candidates;
    const others = candidates.length > 1 ? ` (or ${candidates.slice(1, 4).map((c) => `"${c}"`).join(', ')})` : '';
    return {
      path: [],
      anchor: 'open',
      severity: 'warning',
      code: 'sidecar-name-drops-extension',
      message: `No file "${name}" here, but "${first}"${others} is: Valohai attaches a sidecar to the file with its exact name, extension included, so name it "${first}.metadata.json".`,
      data: { candidates },
    };
  }
  return {
    path: [],
    anchor: 'open',
    severity: 'information',
    code: 'sidecar-data-missing',
    message: `No data file "${name}" beside this sidecar; these properties are for the output "${name}".`,
  };
}

/** Files beside the sidecar named `<name>.<ext>`, that have no sidecar of their own. */
async function extensionCandidates(dataFile: string, options: ReferenceOptions): Promise<string[]> {
  const { files } = options;
  if (!files.list) return [];
  const name = path.basename(dataFile);
  // `model.h5.metadata.json` beside `model.h5.bak` is not a dropped extension.
  const ext = extensionOf(name);
  if (ext && /[a-z]/.test(ext)) return [];
  const dir = path.dirname(dataFile);
  const names = await files.list(dir);
  const taken = new Set(names.map((n) => n.toLowerCase()));
  const out: string[] = [];
  for (const n of names.sort()) {
    if (!n.startsWith(name + '.') || SIDECAR_SUFFIX.test(n) || taken.has(`${n}.metadata.json`.toLowerCase())) continue;
    if (!/^[A-Za-z0-9]{1,10}(?:\.[A-Za-z0-9]{1,10})?$/.test(n.slice(name.length + 1))) continue;
    if (await files.isFile(path.join(dir, n))) out.push(n);
  }
  return out;
}
