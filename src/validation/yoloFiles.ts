// YOLO label files on disk: which `.txt` files are label files, the class list a label file refers
// to (walking up to `data.yaml` / `classes.txt` / `obj.names`), and the image it labels.
import * as fs from 'fs';
import * as path from 'path';
import { compileGlob } from '../core/glob';
import { readImageInfo } from '../core/files';
import type { Problem } from './problems';
import { checkYoloLabels, parseDataYaml, parseNamesFile, type YoloClasses, type YoloContext } from './yolo';

/** Folders whose `.txt` files are label files: Ultralytics' `labels/`, CVAT's "YOLO 1.1" `obj_<subset>_data/`. */
const LABEL_FOLDER = /(?:^|\/)(labels|obj_[^/]+_data)\/(?:[^/]+\/)*[^/]+\.txt$/i;

/**
 * By path alone: a `.txt` file under a `labels/` (or `obj_<subset>_data/`) folder, or matched by one
 * of the user's `datumStudio.files.yolo` globs. `relPath` is relative to the workspace folder.
 */
export function isYoloLabelPath(relPath: string, globs: readonly string[] = []): 'name' | 'glob' | undefined {
  const p = relPath.replace(/\\/g, '/');
  if (globs.some((g) => compileGlob(g).test(p))) return 'glob';
  return LABEL_FOLDER.test(p) ? 'name' : undefined;
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(p)).isFile();
  } catch {
    return false;
  }
}

/**
 * The disk confirms a path-recognized label file: a `labels/` folder has an `images/` folder or a
 * class list (`data.yaml`, `classes.txt`) beside it (so a README.txt in a folder that happens to be
 * called labels is not taken; the images of a dataset are often elsewhere until training), an
 * `obj_<subset>_data/` folder an `obj.names` or `obj.data` beside it.
 */
/** Class lists whose presence beside a `labels/` folder makes it a dataset's. */
const LABELS_BESIDE = ['data.yaml', 'data.yml', 'classes.txt'];

export async function confirmLabelFile(absPath: string): Promise<boolean> {
  const parts = absPath.split(/[\\/]/);
  for (let i = parts.length - 2; i >= 0; i--) {
    const name = parts[i];
    const parent = parts.slice(0, i).join(path.sep) || path.sep;
    if (/^labels$/i.test(name)) {
      if ((await isDir(path.join(parent, 'images'))) || (await isDir(path.join(parent, 'Images')))) return true;
      for (const list of LABELS_BESIDE) if (await isFile(path.join(parent, list))) return true;
    } else if (/^obj_.+_data$/i.test(name)) {
      if ((await isFile(path.join(parent, 'obj.names'))) || (await isFile(path.join(parent, 'obj.data')))) return true;
    }
  }
  return false;
}

const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.bmp', '.webp', '.tif', '.tiff', '.gif', '.JPG', '.JPEG', '.PNG'];

/** The image a label file labels: `images/…` parallel to `labels/…`, else beside the label file. */
export async function findLabelImage(absPath: string): Promise<string | undefined> {
  const dir = path.dirname(absPath);
  const stem = path.basename(absPath).replace(/\.txt$/i, '');
  const dirs: string[] = [];
  const parts = dir.split(/[\\/]/);
  for (let i = parts.length - 1; i >= 0; i--) {
    if (/^labels$/i.test(parts[i])) {
      dirs.push([...parts.slice(0, i), 'images', ...parts.slice(i + 1)].join(path.sep) || path.sep);
      break;
    }
  }
  dirs.push(dir);
  for (const d of dirs) {
    for (const ext of IMAGE_EXTENSIONS) {
      const candidate = path.join(d, stem + ext);
      if (await isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

const CONFIG_NAMES = ['data.yaml', 'data.yml', 'dataset.yaml', 'dataset.yml'];
const NAMES_FILES = ['classes.txt', 'obj.names', 'classes.names'];

async function readText(p: string): Promise<string | undefined> {
  try {
    const stat = await fs.promises.stat(p);
    if (!stat.isFile() || stat.size > 4 * 1024 * 1024) return undefined;
    return await fs.promises.readFile(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** How many folders up from a label file its dataset's class list is looked for. */
export const MAX_CONFIG_LEVELS = 6;

/**
 * The class list of a label file: walking up from its folder, the first folder with a dataset
 * config (`data.yaml`, or another `*.yaml` with `names`) or a names file (`classes.txt`, `obj.names`).
 * `stopAt`: folders not to look above (the workspace folders).
 */
export async function findClasses(absPath: string, stopAt: readonly string[] = [], cache?: ClassCache): Promise<YoloClasses | undefined> {
  const start = path.dirname(absPath);
  if (!cache) return walkForClasses(start, stopAt);
  let found = cache.get(start);
  if (!found) cache.set(start, (found = walkForClasses(start, stopAt)));
  return found;
}

/**
 * Class lists per folder of label files, for one batch run (the command line): a split of 100,000
 * label files reads its data.yaml once. The editor passes none, so an edited data.yaml counts at once.
 */
export type ClassCache = Map<string, Promise<YoloClasses | undefined>>;

async function walkForClasses(start: string, stopAt: readonly string[]): Promise<YoloClasses | undefined> {
  let dir = start;
  for (let level = 0; level < MAX_CONFIG_LEVELS; level++) {
    let names: string[] = [];
    try {
      names = (await fs.promises.readdir(dir)).sort();
    } catch {
      names = [];
    }
    const yamls = [...CONFIG_NAMES.filter((n) => names.includes(n)), ...names.filter((n) => /\.ya?ml$/i.test(n) && !CONFIG_NAMES.includes(n))];
    for (const name of yamls) {
      const text = await readText(path.join(dir, name));
      if (text === undefined) continue;
      const parsed = parseDataYaml(text, name);
      if (parsed.classes) return parsed.classes;
    }
    for (const name of NAMES_FILES) {
      if (!names.includes(name)) continue;
      const text = await readText(path.join(dir, name));
      if (text !== undefined) return parseNamesFile(text, name);
    }
    const parent = path.dirname(dir);
    if (parent === dir || stopAt.some((s) => path.resolve(s) === path.resolve(dir))) break;
    dir = parent;
  }
  return undefined;
}

export async function yoloContext(absPath: string, stopAt: readonly string[] = [], cache?: ClassCache): Promise<YoloContext> {
  const [classes, imagePath] = await Promise.all([findClasses(absPath, stopAt, cache), findLabelImage(absPath)]);
  const info = imagePath ? await readImageInfo(imagePath) : undefined;
  return { classes, image: info && imagePath ? { width: info.width, height: info.height, name: path.basename(imagePath) } : undefined };
}

/** All checks of one label file whose text is `text` (the editor's unsaved text, or the disk's). */
export async function validateYoloLabels(text: string, absPath: string | undefined, stopAt: readonly string[] = [], cache?: ClassCache): Promise<Problem[]> {
  const context = absPath ? await yoloContext(absPath, stopAt, cache) : {};
  return checkYoloLabels(text, context);
}
