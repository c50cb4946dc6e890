// The COCO checks that read the disk (phase 2 of the validation):
// - a ground-truth file's images: each `file_name` is looked up as annotation images are (the
//   file's folder, the image roots, then the workspace by name), plus the folders COCO's own
//   layouts put images in (`images/`, `images/<split>/`, `<split>/` beside the JSON or beside its
//   folder, e.g. `annotations/`; the split read from `instances_<split>.json`); a found image's header
//   size is compared with the entry's `width` / `height`;
// - a results file's `image_id` / `category_id` against its ground truth: the file the setting
//   `datumStudio.coco.groundTruth` maps it to, or one found by pycocotools' naming convention
//   (`instances_val2014_fakebbox100_results.json` is checked against `instances_val2014.json`).
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { cocoLists, isCocoId } from '../annotations/coco';
import { CASE_SENSITIVE_FILES, type FileAccess, type ImageInfo } from '../core/files';
import { compileGlob } from '../core/glob';
import { isNumber, isObject } from '../core/json';
import type { JsonPath } from '../core/jsonScan';
import type { PendingProblem } from './problems';
import { findImage, type ImageLookup, type ReferenceOptions } from './references';

/** One entry of `datumStudio.coco.groundTruth`: results files matching `glob` (relative to `root`) are checked against `file`. */
export interface GroundTruthRule {
  glob: string;
  /** absolute path of the ground truth */
  file: string;
  /** the folder `glob` is relative to (the workspace folder) */
  root: string;
}

export type CocoReferenceOptions = ReferenceOptions;

/** The setting's value (an object: glob of results files → ground-truth file, both relative to `root`) as rules. */
export function groundTruthRules(value: unknown, root: string): GroundTruthRule[] {
  if (!isObject(value)) return [];
  const out: GroundTruthRule[] = [];
  for (const [glob, file] of Object.entries(value)) {
    if (typeof file !== 'string' || file === '' || glob === '' || compileGlob(glob).error) continue;
    out.push({ glob, file: path.resolve(root, file.replace(/^\$\{workspaceFolder\}/, root)), root });
  }
  return out;
}

/** Image names looked for in the whole workspace per check (in the editor each is a workspace search). */
export const MAX_NAME_SEARCHES = 64;

/** Ground truth files past this size are not read for a results file's check. */
export const MAX_GROUND_TRUTH_BYTES = 256 * 1024 * 1024;

const SPLIT_PREFIXES = /^(?:instances|person_keypoints|captions|panoptic|stuff|labels|image_info|keypoints)_/;

/** Where COCO's usual layouts keep the images of the annotation file at `filePath`. */
export function cocoImageFolders(filePath: string): string[] {
  const dir = path.dirname(filePath);
  const stem = path.basename(filePath).replace(/\.json$/i, '');
  const split = SPLIT_PREFIXES.test(stem) ? stem.replace(SPLIT_PREFIXES, '') : undefined;
  // The JSON's folder, and its parent (for `annotations/`, `coco/`, `labels/` beside `images/`).
  const bases = [dir, path.dirname(dir)];
  const out: string[] = [];
  for (const base of bases) {
    out.push(path.join(base, 'images'));
    if (split) out.push(path.join(base, 'images', split), path.join(base, split));
  }
  return [...new Set(out)].filter((p) => p !== dir);
}

/** isFile answered from one listing per folder: many images in few folders cost a few readdirs. */
function listingAccess(files: FileAccess): Pick<FileAccess, 'isFile' | 'findByName' | 'imageInfo'> {
  const filesIn = files.filesIn?.bind(files);
  const findByName = files.findByName.bind(files);
  const imageInfo = files.imageInfo.bind(files);
  if (!filesIn) return { isFile: files.isFile.bind(files), findByName, imageInfo };
  const listings = new Map<string, Promise<ReadonlySet<string> | undefined>>();
  return {
    findByName,
    imageInfo,
    async isFile(p) {
      const dir = path.dirname(p);
      let listing = listings.get(dir);
      if (!listing) {
        listing = filesIn(dir);
        listings.set(dir, listing);
      }
      const names = await listing;
      if (names?.has(path.basename(p))) return true;
      return !CASE_SENSITIVE_FILES && names !== undefined ? files.isFile(p) : false;
    },
  };
}

/**
 * The folder part of findImage for many names at once: the same places in the same order, each
 * folder listed once and every name then looked up in memory (a COCO file names 100k+ images, and
 * a promise per place per name costs seconds). undefined where listings cannot answer exactly
 * (no filesIn, or file names that may differ by case alone).
 */
async function inFoldersAtOnce(names: readonly string[], filePath: string, roots: readonly string[], files: FileAccess): Promise<ImageLookup[] | undefined> {
  if (!files.filesIn || !CASE_SENSITIVE_FILES) return undefined;
  const ownDir = path.dirname(filePath);
  const placesOf = (image: string): string[] => {
    const relative = image.replace(/^[/\\]+/, '');
    const base = path.basename(relative);
    const tries: string[] = [];
    if (path.isAbsolute(image)) tries.push(image);
    tries.push(path.resolve(ownDir, relative));
    for (const root of roots) {
      tries.push(path.resolve(root, relative));
      if (base !== relative) tries.push(path.resolve(root, base));
    }
    return tries;
  };
  // A plain name (no folder) is looked for in the folders themselves: no paths to build per name.
  const plainDirs = [...new Set([ownDir, ...roots.map((r) => path.resolve(r))])];
  const isPlain = (name: string) => !/[/\\]/.test(name);
  const dirs = new Set<string>(plainDirs);
  const places = new Map<string, string[]>();
  for (const name of names) {
    if (isPlain(name)) continue;
    const list = placesOf(name);
    places.set(name, list);
    for (const p of list) dirs.add(path.dirname(p));
  }
  const dirList = [...dirs];
  const listed = await mapLimited(dirList, 16, (d) => files.filesIn!(d));
  const listing = new Map(dirList.map((d, i) => [d, listed[i]]));
  const plainListings = plainDirs.map((d) => [d, listing.get(d)] as const);
  return names.map((name) => {
    if (isPlain(name)) {
      const hit = plainListings.find(([, names]) => names?.has(name) === true);
      return { found: hit ? path.join(hit[0], name) : undefined, candidates: [] };
    }
    const found = places.get(name)!.find((p) => listing.get(path.dirname(p))?.has(path.basename(p)) === true);
    return { found, candidates: [] };
  });
}

function display(p: string, from: string): string {
  const rel = path.relative(from, p);
  return rel === '' ? '.' : rel.split(path.sep).filter((s) => s === '..').length > 2 ? p : rel;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

interface ImageCheck {
  index: number;
  fileName: string;
  lookup: ImageLookup;
  info?: ImageInfo;
}

async function checkImages(images: readonly unknown[], options: CocoReferenceOptions, out: PendingProblem[]): Promise<void> {
  const ownDir = path.dirname(options.filePath);
  const roots = [...cocoImageFolders(options.filePath), ...options.imageRoots];
  const files = listingAccess(options.files);
  const lookupOptions: ReferenceOptions = { ...options, files: files as FileAccess, imageRoots: roots };
  const entries: { index: number; fileName: string }[] = [];
  images.forEach((image, index) => {
    if (!isObject(image) || typeof image.file_name !== 'string' || image.file_name === '') return;
    // A URL names no file on this disk.
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(image.file_name)) return;
    entries.push({ index, fileName: image.file_name });
  });
  if (entries.length === 0) return;
  // First the folders (a listing each), then the workspace by name for what is still missing: in
  // the editor each name is a workspace search, so at most MAX_NAME_SEARCHES names are searched.
  const inFolders: ReferenceOptions = { ...lookupOptions, files: { ...(files as FileAccess), findByName: async () => [] } };
  const names = [...new Set(entries.map((e) => e.fileName))];
  const lookups = new Map<string, ImageLookup>();
  const fast = await inFoldersAtOnce(names, options.filePath, roots, options.files);
  const first = fast ?? (await mapLimited(names, 16, (name) => findImage(name, inFolders)));
  names.forEach((name, i) => lookups.set(name, first[i]));
  const unfound = names.filter((name) => lookups.get(name)!.found === undefined);
  const searched = unfound.slice(0, MAX_NAME_SEARCHES);
  const second = await mapLimited(searched, 8, (name) => findImage(name, lookupOptions));
  searched.forEach((name, i) => lookups.set(name, second[i]));
  const infos = new Map<string, ImageInfo | undefined>();
  const found = names.map((name) => lookups.get(name)!.found).filter((p): p is string => p !== undefined);
  const headers = await mapLimited(found, 16, (p) => files.imageInfo(p));
  found.forEach((p, i) => infos.set(p, headers[i]));
  const checks: ImageCheck[] = entries.map(({ index, fileName }) => {
    const lookup = lookups.get(fileName)!;
    return { index, fileName, lookup, info: lookup.found ? infos.get(lookup.found) : undefined };
  });
  const searches = unfound.length;
  const byName = searches > MAX_NAME_SEARCHES ? l10n.t('the whole workspace (by file name, for the first {0} missing names)', MAX_NAME_SEARCHES) : l10n.t('the whole workspace (by file name)');
  const places = [l10n.t("this file's folder"), ...roots.map((p) => `"${display(p, ownDir)}"`)].join(', ');
  const missing = checks.filter((c) => c.lookup.found === undefined && c.lookup.candidates.length <= 1);
  if (missing.length === checks.length && checks.length > 1) {
    // No image at all is here: one warning, not one per image.
    out.push({
      path: ['images'],
      anchor: 'key',
      severity: 'warning',
      code: 'image-not-found',
      message: l10n.t('None of the {0} image files of this file was found (e.g. "{1}"). Looked in {2} and {3}. Add their folder to the datumStudio.annotations.imageRoots setting.', checks.length, checks[0].fileName, places, byName),
    });
    return;
  }
  const images_ = images;
  for (const c of checks) {
    const at: JsonPath = ['images', c.index, 'file_name'];
    if (c.lookup.found === undefined) {
      const message =
        c.lookup.candidates.length > 1
          ? l10n.t('Image "{0}" is ambiguous: {1} files in the workspace have that name ({2}). Add its folder to the datumStudio.annotations.imageRoots setting.', c.fileName, c.lookup.candidates.length, c.lookup.candidates.slice(0, 3).map((p) => `"${display(p, ownDir)}"`).join(', '))
          : l10n.t('Image "{0}" not found. Looked in {1} and {2}.', c.fileName, places, byName);
      out.push({ path: at, anchor: 'value', severity: 'warning', code: 'image-not-found', message });
      continue;
    }
    if (!c.info) {
      out.push({ path: at, anchor: 'value', severity: 'warning', code: 'image-unreadable', message: l10n.t('Cannot read the size of "{0}": it is not a PNG, JPEG, GIF, WebP, BMP, TIFF or other known image, or it is damaged.', display(c.lookup.found, ownDir)) });
      continue;
    }
    const entry = images_[c.index] as Record<string, unknown>;
    const { width, height } = c.info;
    const w = isNumber(entry.width) ? entry.width : undefined;
    const h = isNumber(entry.height) ? entry.height : undefined;
    if (w === undefined || h === undefined || (w === width && h === height)) continue;
    const shown = display(c.lookup.found, ownDir);
    if (w === height && h === width) {
      out.push({
        path: ['images', c.index, 'width'],
        anchor: 'value',
        severity: 'warning',
        code: 'coco-image-size-mismatch',
        message: l10n.t('This entry says {0}×{1}, but "{2}" shows as {3}×{4}: width and height swapped, most likely by EXIF orientation (detectron2 applies it and then refuses the mismatch; other tools read the stored size).', w, h, shown, width, height),
      });
      continue;
    }
    for (const [key, stated, real] of [['width', w, width], ['height', h, height]] as const) {
      if (stated === real) continue;
      out.push({
        path: ['images', c.index, key],
        anchor: 'value',
        severity: 'error',
        code: 'coco-image-size-mismatch',
        message: l10n.t('`{0}` is {1}, but "{2}" is {3}×{4}: boxes and masks drawn for one size land wrong on the other (detectron2 refuses the image).', key, stated, shown, width, height),
        data: { replacement: String(real), safeReplacement: false },
      });
    }
  }
}

/** What a results file is checked against: the ids of a ground truth. */
interface GroundTruthFacts {
  images: Set<number>;
  categories: Set<number>;
}

const truthCache = new Map<string, { stamp: string; facts: GroundTruthFacts | undefined }>();

async function readGroundTruth(file: string, files: FileAccess): Promise<GroundTruthFacts | undefined> {
  const stamp = files.stamp ? await files.stamp(file) : undefined;
  const cached = truthCache.get(file);
  if (cached && stamp !== undefined && cached.stamp === stamp) return cached.facts;
  const read = files.readText ? await files.readText(file, MAX_GROUND_TRUTH_BYTES) : undefined;
  if (!read) return undefined;
  let facts: GroundTruthFacts | undefined;
  try {
    const doc: unknown = JSON.parse(read.text.replace(/^\uFEFF/, ''));
    if (isObject(doc) && Array.isArray(doc.images)) {
      const lists = cocoLists(doc);
      facts = { images: new Set(), categories: new Set() };
      for (const image of lists.images) if (isObject(image) && isCocoId(image.id)) facts.images.add(image.id);
      for (const c of lists.categories) if (isObject(c) && isCocoId(c.id)) facts.categories.add(c.id);
    }
  } catch {
    facts = undefined;
  }
  if (truthCache.size > 16) truthCache.clear();
  truthCache.set(file, { stamp: read.stamp, facts });
  return facts;
}

/** The names pycocotools' convention gives a results file's ground truth: its name cut at `_` or `.`, longest first. */
export function groundTruthNames(resultsPath: string): string[] {
  const stem = path.basename(resultsPath).replace(/\.json$/i, '');
  const out: string[] = [];
  for (let i = stem.length - 1; i > 0; i--) {
    if (stem[i] === '_' || stem[i] === '.') out.push(stem.slice(0, i) + '.json');
  }
  return out;
}

/** The ground truth of a results file: configured (`configured: true`) or found by name; undefined when there is none. */
export async function findGroundTruth(options: CocoReferenceOptions): Promise<{ file: string; configured: boolean } | undefined> {
  for (const rule of options.cocoGroundTruth ?? []) {
    const rel = path.relative(rule.root, options.filePath).split(path.sep).join('/');
    if (!rel.startsWith('..') && compileGlob(rule.glob).test(rel)) return { file: rule.file, configured: true };
  }
  const dir = path.dirname(options.filePath);
  const folders = [dir, path.join(dir, 'annotations'), path.join(path.dirname(dir), 'annotations')];
  for (const name of groundTruthNames(options.filePath)) {
    for (const folder of folders) {
      const candidate = path.join(folder, name);
      if (candidate === options.filePath || !(await options.files.isFile(candidate))) continue;
      if (await readGroundTruth(candidate, options.files)) return { file: candidate, configured: false };
    }
  }
  return undefined;
}

async function checkResults(results: readonly unknown[], options: CocoReferenceOptions, out: PendingProblem[]): Promise<void> {
  const truth = await findGroundTruth(options);
  if (!truth) return;
  const facts = await readGroundTruth(truth.file, options.files);
  const shown = display(truth.file, path.dirname(options.filePath));
  if (!facts) {
    if (truth.configured) {
      out.push({
        path: [],
        anchor: 'open',
        severity: 'warning',
        code: 'coco-ground-truth-missing',
        message: l10n.t('The ground truth set for this results file in datumStudio.coco.groundTruth, "{0}", cannot be read as a COCO ground truth (it is missing, larger than {1} MB, or has no `images` list), so its ids are not checked.', shown, MAX_GROUND_TRUTH_BYTES / 1048576),
      });
    }
    return;
  }
  results.forEach((r, i) => {
    if (!isObject(r)) return;
    if (isCocoId(r.image_id) && !facts.images.has(r.image_id)) {
      out.push({ path: [i, 'image_id'], anchor: 'value', severity: 'error', code: 'coco-result-unknown-image', message: l10n.t('image_id {0} is not an image of the ground truth "{1}" (pycocotools\' loadRes refuses the file: "Results do not correspond to current coco set").', r.image_id, shown) });
    }
    if (isCocoId(r.category_id) && !facts.categories.has(r.category_id) && !('caption' in r)) {
      out.push({ path: [i, 'category_id'], anchor: 'value', severity: 'error', code: 'coco-result-unknown-category', message: l10n.t('category_id {0} is not a category of the ground truth "{1}": COCO evaluation never matches this detection.', r.category_id, shown) });
    }
  });
}

/** Phase 2 for a COCO file: its images on disk (ground truth), or its ground truth's ids (results). */
export async function checkCocoFiles(doc: unknown, options: CocoReferenceOptions): Promise<PendingProblem[]> {
  const out: PendingProblem[] = [];
  const lists = cocoLists(doc);
  if (lists.results) await checkResults(lists.annotations, options, out);
  else await checkImages(lists.images, options, out);
  return out;
}
