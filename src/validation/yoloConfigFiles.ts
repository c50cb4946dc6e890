// A dataset config (`data.yaml`) against the disk: its paths resolved as Ultralytics resolves them
// (ultralytics/data/utils.py, check_det_dataset) and each split's images paired with their label
// files (img2label_paths: the last `/images/` becomes `/labels/`, the extension `.txt`).
import * as l10n from '@vscode/l10n';
import * as fs from 'fs';
import * as path from 'path';
import type { Problem, Severity } from './problems';
import { problemAt, sortProblems } from './problemRanges';
import { labelPathOf, parallelLabelFolder, YOLO_IMAGE_EXTENSIONS } from '../annotations/yoloPaths';
import { checkDataYamlText, type ConfigPath, type SplitKey } from './yoloConfig';

/** Ultralytics' IMG_FORMATS (ultralytics/data/utils.py), compared lower-case. */
export const IMAGE_FORMATS = new Set(YOLO_IMAGE_EXTENSIONS);

/** Files walked per split at most, so a mistaken `train: /` does not walk the whole disk. */
export const MAX_SPLIT_FILES = 500_000;

export interface SplitPairing {
  key: SplitKey;
  /** the split's path as written */
  value: string;
  /** absolute, as resolved */
  resolved: string;
  images: number;
  labels: number;
  imagesWithoutLabels: string[];
  labelsWithoutImages: string[];
  /** images a .txt list names that do not exist */
  listedMissing: string[];
  /** the walk stopped at MAX_SPLIT_FILES */
  truncated: boolean;
}

export interface DataYamlResult {
  problems: Problem[];
  pairing: SplitPairing[];
}

export interface DataYamlOptions {
  /** workspace folders: a relative `path` is also looked for there (Ultralytics reads it against the working directory) */
  roots?: readonly string[];
  /** pair each split's images with their labels (default true) */
  pairing?: boolean;
}

async function stat(p: string): Promise<fs.Stats | undefined> {
  try {
    return await fs.promises.stat(p);
  } catch {
    return undefined;
  }
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot + 1).toLowerCase();
}

function isImageName(name: string): boolean {
  return IMAGE_FORMATS.has(extensionOf(name));
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? name : name.slice(0, dot);
}

class Listings {
  private readonly cache = new Map<string, Promise<Set<string>>>();
  private readonly stems = new Map<string, Promise<Set<string>>>();
  /** The stems of the images in a folder (`a` for `a.jpg`, `a.PNG`). */
  imageStems(dir: string): Promise<Set<string>> {
    let found = this.stems.get(dir);
    if (!found) {
      found = this.names(dir).then((names) => new Set([...names].filter(isImageName).map(stem)));
      this.stems.set(dir, found);
    }
    return found;
  }
  /** The names in a folder (empty when it cannot be read). */
  names(dir: string): Promise<Set<string>> {
    let found = this.cache.get(dir);
    if (!found) {
      found = fs.promises.readdir(dir).then(
        (n) => new Set(n),
        () => new Set<string>(),
      );
      this.cache.set(dir, found);
    }
    return found;
  }
}

/** Files under a folder, recursively, in name order; stops after `max`. Symlinked folders are not followed. */
async function walk(dir: string, keep: (name: string) => boolean, max: number): Promise<{ files: string[]; truncated: boolean }> {
  const files: string[] = [];
  const stack = [dir];
  let seen = 0;
  while (stack.length > 0) {
    const d = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(d, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    for (const e of entries) {
      if (++seen > max) return { files, truncated: true };
      const full = path.join(d, e.name);
      if (e.isDirectory()) stack.push(full);
      else if ((e.isFile() || e.isSymbolicLink()) && keep(e.name)) files.push(full);
    }
  }
  return { files: files.sort(), truncated: false };
}

/** Resolves one line of a .txt image list as Ultralytics does, with the places people mean besides. */
async function resolveListed(line: string, listFile: string, root: string, roots: readonly string[]): Promise<string | undefined> {
  const listDir = path.dirname(listFile);
  if (path.isAbsolute(line)) return (await stat(line))?.isFile() ? line : undefined;
  const candidates: string[] = [];
  // Ultralytics: "./x" is relative to the list's folder; other lines to the working directory.
  if (line.startsWith('./')) candidates.push(path.join(listDir, line));
  else {
    candidates.push(...roots.map((r) => path.join(r, line)), path.join(root, line), path.join(listDir, line));
    // Darknet / CVAT lists write `data/…` for the folder of obj.data.
    if (line.startsWith('data/')) candidates.push(path.join(listDir, line.slice(5)));
  }
  for (const c of candidates) if ((await stat(c))?.isFile()) return c;
  return undefined;
}

async function pairSplit(split: ConfigPath & { key: SplitKey }, resolved: string, kind: fs.Stats, root: string, roots: readonly string[]): Promise<SplitPairing> {
  const out: SplitPairing = { key: split.key, value: split.value, resolved, images: 0, labels: 0, imagesWithoutLabels: [], labelsWithoutImages: [], listedMissing: [], truncated: false };
  const listings = new Listings();
  let images: string[] = [];
  /** label folders to look for orphans in, each with the image folder parallel to it */
  const labelFolders: { labels: string; images: string; recursive: boolean }[] = [];
  if (kind.isDirectory()) {
    const found = await walk(resolved, isImageName, MAX_SPLIT_FILES);
    images = found.files;
    out.truncated = found.truncated;
    const labels = parallelLabelFolder(resolved);
    if (labels) labelFolders.push({ labels, images: resolved, recursive: true });
  } else if (/\.txt$/i.test(resolved)) {
    let text = '';
    try {
      text = kind.size <= 64 * 1024 * 1024 ? await fs.promises.readFile(resolved, 'utf8') : '';
    } catch {
      text = '';
    }
    const seenDirs = new Set<string>();
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '') continue;
      const image = await resolveListed(line, resolved, root, roots);
      if (!image) {
        out.listedMissing.push(line);
        continue;
      }
      images.push(image);
      const dir = path.dirname(image);
      const labels = parallelLabelFolder(dir);
      if (labels && !seenDirs.has(dir)) {
        seenDirs.add(dir);
        labelFolders.push({ labels, images: dir, recursive: false });
      }
    }
  } else if (isImageName(resolved)) {
    images = [resolved];
  }
  out.images = images.length;
  for (const image of images) {
    const label = labelPathOf(image);
    if (!(await listings.names(path.dirname(label))).has(path.basename(label))) out.imagesWithoutLabels.push(image);
  }
  // Labels with no image of any format at the parallel place.
  const counted = new Set<string>();
  for (const folder of labelFolders) {
    const labels = folder.recursive ? (await walk(folder.labels, (n) => /\.txt$/i.test(n), MAX_SPLIT_FILES)).files : [...(await listings.names(folder.labels))].filter((n) => /\.txt$/i.test(n)).map((n) => path.join(folder.labels, n));
    for (const label of labels) {
      if (counted.has(label)) continue;
      counted.add(label);
      out.labels++;
      const imageDir = path.join(folder.images, path.relative(folder.labels, path.dirname(label)));
      if (!(await listings.imageStems(imageDir)).has(stem(path.basename(label)))) out.labelsWithoutImages.push(label);
    }
  }
  return out;
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

function shortList(files: readonly string[], base: string): string {
  const shown = files.slice(0, 3).map((f) => (path.isAbsolute(f) ? path.relative(base, f) || path.basename(f) : f));
  return shown.join(', ') + (files.length > 3 ? ', …' : '');
}

/** All of them: the editor shows the first ones (toolshed/convert.ts), the CLI's JSON all. */
function related(files: readonly string[], message: string): { path: string; message: string }[] {
  return files.map((f) => ({ path: f, message }));
}

/** The pairing of one split as diagnostics on its value in the config. */
export function pairingProblems(p: SplitPairing, at: ConfigPath, yamlDir: string): Problem[] {
  const problems: Problem[] = [];
  const partly = p.truncated ? ' ' + l10n.t('(Only the first {0} files of the split were looked at.)', MAX_SPLIT_FILES.toLocaleString('en-US')) : '';
  const where = (files: readonly string[]) => shortList(files, yamlDir);
  if (p.images === 0 && p.listedMissing.length === 0 && !p.truncated) {
    const severity: Severity = p.key === 'test' ? 'warning' : 'error';
    problems.push(problemAt(at.start, at.end, { severity, code: 'yolo-split-no-images', message: l10n.t('`{0}` ({1}) holds no images (looked for {2}); Ultralytics stops with "No images found".', p.key, p.value, [...IMAGE_FORMATS].map((e) => '.' + e).join(' ')) }));
  }
  if (p.listedMissing.length > 0) {
    problems.push(
      problemAt(at.start, at.end, {
        severity: 'warning',
        code: 'yolo-listed-image-missing',
        message: l10n.t('{0} of the {1} images that {2} lists do not exist: {3}. Ultralytics reads a line starting with ./ from the list\'s folder, others from the working directory.', p.listedMissing.length, p.listedMissing.length + p.images, p.value, shortList(p.listedMissing, yamlDir)),
      }),
    );
  }
  if (p.labelsWithoutImages.length > 0) {
    const n = p.labelsWithoutImages.length;
    problems.push({
      ...problemAt(at.start, at.end, {
        severity: 'warning',
        code: 'yolo-label-without-image',
        message: plural(n, l10n.t('1 label file of `{0}` has no image ({1}): Ultralytics never reads it. A renamed or deleted image?', p.key, where(p.labelsWithoutImages)), l10n.t('{0} label files of `{1}` have no image ({2}): Ultralytics never reads them. Renamed or deleted images?', n, p.key, where(p.labelsWithoutImages))) + partly,
      }),
      relatedFiles: related(p.labelsWithoutImages, l10n.t('label file without an image')),
    });
  }
  if (p.imagesWithoutLabels.length > 0) {
    const n = p.imagesWithoutLabels.length;
    problems.push({
      ...problemAt(at.start, at.end, {
        severity: 'information',
        code: 'yolo-image-without-label',
        message:
          n === 1
            ? l10n.t('1 of the {0} images of `{1}` has no label file ({2}): Ultralytics trains on it as a background image, with no objects. Fine if intended; else its label is missing.', p.images, p.key, where(p.imagesWithoutLabels)) + partly
            : l10n.t('{0} of the {1} images of `{2}` have no label file ({3}): Ultralytics trains on them as background images, with no objects. Fine if intended; else their labels are missing.', n, p.images, p.key, where(p.imagesWithoutLabels)) + partly,
      }),
      relatedFiles: related(p.imagesWithoutLabels, l10n.t('image without a label file')),
    });
  }
  return problems;
}

/**
 * All checks of a dataset config: its text (yoloConfig.ts), its paths as Ultralytics resolves them
 * (`path`, else the YAML's folder, is the root; a split is the root joined with its path, and a
 * split starting `../` that is not found is tried without it, as Roboflow exports need), and each
 * split's pairing of images and labels.
 */
export async function validateDataYaml(text: string, absPath: string | undefined, options: DataYamlOptions = {}): Promise<DataYamlResult> {
  const checked = checkDataYamlText(text, absPath ? path.basename(absPath) : undefined);
  const problems = [...checked.problems];
  const out: DataYamlResult = { problems, pairing: [] };
  if (!absPath) return out;
  const yamlDir = path.dirname(absPath);
  const roots = options.roots ?? [];
  const notThere: Severity = checked.download ? 'information' : 'warning';
  const downloadNote = checked.download ? ' ' + l10n.t('The config has a `download:`, which Ultralytics runs to fetch it.') : '';

  // The root.
  let root = yamlDir;
  if (checked.root) {
    const written = checked.root.value;
    const candidates = path.isAbsolute(written) ? [written] : [path.resolve(yamlDir, written), ...roots.map((r) => path.resolve(r, written))];
    let found: string | undefined;
    for (const c of candidates) if ((await stat(c))?.isDirectory()) found ??= c;
    if (!found) {
      const looked = [...new Set(candidates.map((c) => path.relative(yamlDir, c) || '.'))].join(', ');
      problems.push(
        problemAt(checked.root.start, checked.root.end, {
          severity: notThere,
          code: 'yolo-config-path-not-found',
          message: (path.isAbsolute(written) ? l10n.t('The dataset root {0} does not exist.', written) : l10n.t('The dataset root {0} was not found (looked at {1}); Ultralytics reads it from the working directory, then from its datasets_dir setting.', written, looked)) + downloadNote,
        }),
      );
      out.problems = sortProblems(problems);
      return out;
    }
    root = found;
  }

  // The splits.
  for (const split of checked.splits) {
    const key = split.key as SplitKey;
    let resolved = path.resolve(root, split.value);
    let kind = await stat(resolved);
    const retry = split.value.startsWith('../') ? path.resolve(root, split.value.slice(3)) : undefined;
    if (!kind && retry) {
      const k = await stat(retry);
      if (k) [resolved, kind] = [retry, k];
    }
    if (!kind) {
      const severity: Severity = checked.download ? 'information' : key === 'test' ? 'warning' : 'error';
      const shown = [resolved, ...(retry ? [retry] : [])].map((r) => path.relative(yamlDir, r) || '.').join(l10n.t(' or '));
      problems.push(problemAt(split.start, split.end, { severity, code: 'yolo-config-path-not-found', message: l10n.t('`{0}`: {1} does not exist (looked for {2}, relative to {3}).', key, split.value, shown, checked.root ? l10n.t('the dataset root `path`') : l10n.t("the config's folder")) + downloadNote }));
      continue;
    }
    if (options.pairing === false) continue;
    const pairing = await pairSplit({ ...split, key }, resolved, kind, root, roots);
    out.pairing.push(pairing);
    problems.push(...pairingProblems(pairing, split, yamlDir));
  }
  out.problems = sortProblems(problems);
  return out;
}
