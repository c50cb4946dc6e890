// The files of a YOLO split for the preview: a data.yaml's splits (`path` joined with `train` /
// `val` / `test`, folders or .txt lists of images), a folder's images, a label file's text. Pure
// (files only, no `vscode`).
import * as fs from 'fs';
import * as path from 'path';
import { parseDataYaml } from '../../validation/yolo';
import { isYoloImage } from '../../annotations/yoloPaths';

/** Images listed per split at most: the strip of a 100,000-image split would help nobody. */
export const MAX_SPLIT_IMAGES = 5000;
/** Label files larger than this are not drawn (a label file is a few hundred bytes). */
const MAX_LABEL_BYTES = 4 * 1024 * 1024;

/** Folders a recursive listing reads at most: a data.yaml that names `/` must not walk the disk. */
const MAX_FOLDERS = 2000;

/**
 * The images of a folder (and its subfolders when `recursive`, hidden ones and node_modules left
 * out), sorted by name, at most MAX_SPLIT_IMAGES from at most MAX_FOLDERS folders.
 */
export async function listImages(dir: string, recursive: boolean): Promise<string[]> {
  const out: string[] = [];
  let folders = 0;
  const walk = async (d: string, depth: number): Promise<void> => {
    if (++folders > MAX_FOLDERS) return;
    let items: fs.Dirent[];
    try {
      items = await fs.promises.readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const item of items) {
      if (out.length >= MAX_SPLIT_IMAGES) return;
      const p = path.join(d, item.name);
      if (item.isFile() && isYoloImage(item.name)) out.push(p);
      else if (recursive && item.isDirectory() && depth < 8 && !item.name.startsWith('.') && item.name !== 'node_modules') await walk(p, depth + 1);
    }
  };
  await walk(dir, 0);
  return out;
}

/** A label file's text, or undefined when there is none (or it is too large to be one). */
export async function readLabel(file: string): Promise<string | undefined> {
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile() || stat.size > MAX_LABEL_BYTES) return undefined;
    return await fs.promises.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

export async function isDir(p: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A data.yaml's splits: `path` (relative to the config's folder) joined with `train` / `val` / `test`,
 * each a folder of images or a .txt list of images (relative to the list, as Ultralytics reads "./" entries).
 */
export async function configSplits(configFile: string): Promise<{ key: string; folder: string; list?: string[] }[]> {
  const text = await fs.promises.readFile(configFile, 'utf8');
  const parsed = parseDataYaml(text, path.basename(configFile));
  const base = parsed.paths.find((p) => p.key === 'path')?.value;
  const root = base ? path.resolve(path.dirname(configFile), base) : path.dirname(configFile);
  const out: { key: string; folder: string; list?: string[] }[] = [];
  const seen = new Set<string>();
  for (const p of parsed.paths) {
    if (p.key === 'path') continue;
    const target = path.resolve(root, p.value);
    if (seen.has(target)) continue;
    seen.add(target);
    if (/\.txt$/i.test(target)) {
      const list = await readLabel(target);
      if (list === undefined) continue;
      const files = list.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '').map((l) => path.resolve(path.dirname(target), l)).filter(isYoloImage);
      out.push({ key: p.key, folder: path.dirname(target), list: files.slice(0, MAX_SPLIT_IMAGES) });
    } else if (await isDir(target)) out.push({ key: p.key, folder: target });
  }
  return out;
}
