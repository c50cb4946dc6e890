// The preview's view of a COCO file read from disk (too large for a text document): the image list
// from the index, and one image's drawing built from that image's annotations only, through the
// same reader as an editor's COCO file (boxes, polygons, RLE masks, keypoints with the category's
// skeleton, category names as labels). Pure (no `vscode`).
import type { CocoIndex } from '../../annotations/cocoIndex';
import type { Annotations, ImageEntry } from '../page/protocol';
import { readCoco } from './cocoDocument';

/** The image strip: every image of the file with its annotation count (none parsed). */
export function largeCocoEntries(index: CocoIndex): ImageEntry[] {
  return index.images.map((im, i) => ({ index: i, image: im.fileName ?? '', shapeCount: index.annotationCountOf(im.id) }));
}

/** What the preview draws for the image at `position` in the index's image list (only its annotations are parsed). */
export function largeCocoAnnotations(index: CocoIndex, position: number): Annotations | undefined {
  const entry = index.images[position];
  if (!entry) return undefined;
  const value = { images: [entry.value], categories: index.categoryList, annotations: index.annotationsOf(entry.id).map((a) => a.value) };
  const image = readCoco(value).images[0];
  if (!image) return undefined;
  const out: Annotations = { index: position, image: entry.fileName ?? '', shapes: image.shapes, normalized: false, skipped: image.skipped };
  const masks = image.masks;
  if (masks.length > 0) out.masks = masks;
  if (image.keypoints.length > 0) out.keypoints = image.keypoints;
  return out;
}
