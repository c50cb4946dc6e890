// Ultralytics' layout of a YOLO dataset: which files are images (IMG_FORMATS), and where an image's
// labels are (img2label_paths: the last `/images/` of the path becomes `/labels/`, the extension
// `.txt`). One rule for the checks (pairing in data.yaml) and the preview.
import * as path from 'path';

/** Image extensions Ultralytics reads (IMG_FORMATS), lower case. */
export const YOLO_IMAGE_EXTENSIONS: readonly string[] = ['bmp', 'dng', 'jpeg', 'jpg', 'mpo', 'png', 'tif', 'tiff', 'webp', 'pfm', 'heic'];

export function isYoloImage(file: string): boolean {
  return YOLO_IMAGE_EXTENSIONS.includes(path.extname(file).slice(1).toLowerCase());
}

/** The label file of an image; an image outside any `images/` folder has its labels beside it. */
export function labelPathOf(image: string, sep = path.sep): string {
  const a = `${sep}images${sep}`;
  const i = image.lastIndexOf(a);
  const swapped = i < 0 ? image : `${image.slice(0, i)}${sep}labels${sep}${image.slice(i + a.length)}`;
  const dot = swapped.lastIndexOf('.');
  const slash = swapped.lastIndexOf(sep);
  return `${dot > slash ? swapped.slice(0, dot) : swapped}.txt`;
}

/** The folder of a label file's images: the last `/labels/` of its folder becomes `/images/` (itself when none). */
export function imageFolderOf(labelFile: string, sep = path.sep): string {
  const dir = path.dirname(labelFile);
  return swapFolder(dir, 'labels', 'images', sep) ?? dir;
}

/** The folder of labels parallel to a folder of images (`…/images/train` → `…/labels/train`), if it has an `images` segment. */
export function parallelLabelFolder(imageFolder: string, sep = path.sep): string | undefined {
  return swapFolder(imageFolder, 'images', 'labels', sep);
}

/** `dir` with its last `from` segment replaced by `to`, without a trailing separator; undefined when it has none. */
function swapFolder(dir: string, from: string, to: string, sep: string): string | undefined {
  const withSep = dir.endsWith(sep) ? dir : dir + sep;
  const marker = `${sep}${from}${sep}`;
  const at = withSep.lastIndexOf(marker);
  if (at === -1) return undefined;
  const swapped = `${withSep.slice(0, at)}${sep}${to}${sep}${withSep.slice(at + marker.length)}`;
  let end = swapped.length;
  while (end > 1 && swapped[end - 1] === sep) end--;
  return swapped.slice(0, end);
}
