// The preview's view of a COCO file: its `images` as the image list, each with the shapes of the
// annotations that name it (boxes, polygons), their masks (RLE, compressed or not) and keypoints
// with the category's skeleton, labelled with the category names; and where each image entry and
// annotation sits in the text, so the cursor and the drawing point at each other. A results file (a
// list of detections) takes its images and categories from a ground truth when one is given.
// Pure (no `vscode`).
import { readRle, rleBounds } from '../../annotations/cocoRle';
import { findSpan, type Span } from '../../annotations/document';
import { cocoBbox, cocoLists, cocoShapes, isCocoId, readSegmentation } from '../../annotations/coco';
import type { Box, Shape } from '../../annotations/geometry';
import { isNumber, isObject } from '../../core/json';
import { locatePaths, type JsonPath } from '../../core/jsonScan';
import { LineIndex } from '../../core/text';
import type { Analysis } from '../../validation/analyze';
import type { Broken, Location } from './document';
import type { KeypointOverlay, MaskOverlay } from './overlays';

/** A mask not decoded yet: its annotation has a box, so the runs are read only when its image is shown. */
interface PendingMask {
  index: number;
  label: string;
  confidence?: number;
  segmentation: unknown;
}

export interface CocoPreviewImage {
  /** index in the file's `images` (or in the list of image ids of a results file) */
  index: number;
  /** `file_name` as written */
  image: string;
  /** the image's `id` */
  id?: number;
  width?: number;
  height?: number;
  shapes: Shape[];
  masks: MaskOverlay[];
  keypoints: KeypointOverlay[];
  /** annotations with nothing to draw */
  skipped: number;
  /** the annotations of this image: their indexes in the file's `annotations` (or results list), in file order */
  annotations: number[];
}

interface Category {
  name: string;
  skeleton: [number, number][];
  names?: string[];
}

function categoryTable(categories: readonly unknown[]): Map<number, Category> {
  const out = new Map<number, Category>();
  for (const c of categories) {
    if (!isObject(c) || !isCocoId(c.id) || out.has(c.id)) continue;
    const names = Array.isArray(c.keypoints) && c.keypoints.every((k) => typeof k === 'string') ? (c.keypoints as string[]) : undefined;
    const skeleton: [number, number][] = [];
    // COCO's skeleton counts keypoints from 1.
    if (Array.isArray(c.skeleton)) {
      for (const edge of c.skeleton) {
        if (Array.isArray(edge) && edge.length === 2 && edge.every((k) => Number.isInteger(k) && k >= 1)) skeleton.push([edge[0] - 1, edge[1] - 1]);
      }
    }
    out.set(c.id, { name: typeof c.name === 'string' ? c.name : `category ${c.id}`, skeleton, names });
  }
  return out;
}

/** Box around the labelled keypoints (v > 0), or undefined when none is. */
function keypointsExtent(points: readonly number[]): Box | undefined {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i + 2 < points.length; i += 3) {
    if (!(points[i + 2] > 0)) continue;
    x0 = Math.min(x0, points[i]);
    x1 = Math.max(x1, points[i]);
    y0 = Math.min(y0, points[i + 1]);
    y1 = Math.max(y1, points[i + 1]);
  }
  return x0 === Infinity ? undefined : { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * Everything the preview draws for one annotation. An annotation without a bbox (a results file's
 * mask or keypoints) gets the box pycocotools gives it, the extent of its mask or keypoints: the box
 * is what the pointer hits and the selection outlines.
 */
export function cocoAnnotationOverlays(a: unknown, index: number, categories: ReadonlyMap<number, Category>): { shapes: Shape[]; masks: (MaskOverlay | PendingMask)[]; keypoints: KeypointOverlay[] } {
  if (!isObject(a)) return { shapes: [], masks: [], keypoints: [] };
  const category = isCocoId(a.category_id) ? categories.get(a.category_id) : undefined;
  const label = category?.name ?? (a.category_id === undefined ? '' : `category ${String(a.category_id)}`);
  const confidence = isNumber(a.score) ? a.score : undefined;
  const shapes = cocoShapes(a, index, label);
  const masks: (MaskOverlay | PendingMask)[] = [];
  const keypoints: KeypointOverlay[] = [];
  let extent: Box | undefined;
  const seg = readSegmentation(a.segmentation);
  const boxed = cocoBbox(a.bbox) !== undefined;
  // Decoding runs costs time in a file of many masks: with a box, only once its image is shown.
  if (seg.kind === 'rle' && boxed) masks.push({ index, label, confidence, segmentation: a.segmentation });
  else if (seg.kind === 'rle') {
    const read = readRle(a.segmentation);
    if ('rle' in read) {
      masks.push({ index, label, confidence, rle: read.rle });
      extent = rleBounds(read.rle);
    }
  }
  if (Array.isArray(a.keypoints) && a.keypoints.length >= 3 && a.keypoints.length % 3 === 0 && a.keypoints.every(isNumber)) {
    const points = a.keypoints as number[];
    const n = points.length / 3;
    const set: KeypointOverlay = { index, label, confidence, points, skeleton: (category?.skeleton ?? []).filter(([p, q]) => p < n && q < n) };
    if (category?.names) set.names = category.names;
    keypoints.push(set);
    extent ??= keypointsExtent(points);
  }
  if (!boxed && extent) shapes.unshift({ index, kind: 'rectangle', points: [extent.x, extent.y, extent.w, extent.h], label, confidence });
  return { shapes, masks, keypoints };
}

class CocoImage implements CocoPreviewImage {
  width?: number;
  height?: number;
  readonly shapes: Shape[] = [];
  readonly keypoints: KeypointOverlay[] = [];
  skipped = 0;
  readonly annotations: number[] = [];
  private readonly pending: (MaskOverlay | PendingMask)[] = [];
  private decoded?: MaskOverlay[];

  constructor(readonly index: number, readonly image: string, readonly id: number | undefined) {}

  addMasks(masks: readonly (MaskOverlay | PendingMask)[]): void {
    this.pending.push(...masks);
  }

  /** The masks, decoded on first use; one whose runs cannot be read is left out (its box stays). */
  get masks(): MaskOverlay[] {
    if (this.decoded) return this.decoded;
    const out: MaskOverlay[] = [];
    for (const m of this.pending) {
      if ('rle' in m) out.push(m);
      else {
        const read = readRle(m.segmentation);
        if ('rle' in read) out.push({ index: m.index, label: m.label, confidence: m.confidence, rle: read.rle });
      }
    }
    this.decoded = out;
    return out;
  }
}

/** The model of a COCO file's value; `groundTruth` gives a results list its images and categories. */
export function readCoco(value: unknown, groundTruth?: unknown): { images: CocoPreviewImage[]; results: boolean; hasImageList: boolean } {
  const lists = cocoLists(value);
  const gt = lists.results && groundTruth !== undefined ? cocoLists(groundTruth) : undefined;
  const categories = categoryTable(gt ? gt.categories : lists.categories);
  const imageList = gt ? gt.images : lists.images;
  const images: CocoImage[] = [];
  const byId = new Map<number, CocoImage>();
  imageList.forEach((entry, index) => {
    const o = isObject(entry) ? entry : {};
    const image = new CocoImage(index, typeof o.file_name === 'string' ? o.file_name : '', isCocoId(o.id) ? o.id : undefined);
    if (isNumber(o.width) && o.width > 0) image.width = o.width;
    if (isNumber(o.height) && o.height > 0) image.height = o.height;
    images.push(image);
    if (image.id !== undefined && !byId.has(image.id)) byId.set(image.id, image);
  });
  lists.annotations.forEach((a, j) => {
    if (!isObject(a) || !isCocoId(a.image_id)) return;
    let image = byId.get(a.image_id);
    if (!image && lists.results && !gt) {
      // A results file alone: one entry per image id, named by its id (no file to show).
      image = new CocoImage(images.length, '', a.image_id);
      images.push(image);
      byId.set(a.image_id, image);
    }
    if (!image) return;
    const k = image.annotations.length;
    image.annotations.push(j);
    const drawn = cocoAnnotationOverlays(a, k, categories);
    if (drawn.shapes.length === 0 && drawn.masks.length === 0 && drawn.keypoints.length === 0) image.skipped++;
    image.shapes.push(...drawn.shapes);
    image.addMasks(drawn.masks);
    image.keypoints.push(...drawn.keypoints);
  });
  return { images, results: lists.results, hasImageList: images.length > 0 || lists.has.images };
}


/** A COCO file in the preview: its images and where image entries and annotations sit in the text. */
export class CocoDocument {
  readonly normalized = false;
  private spans?: { images: (Span | undefined)[]; annotations: (Span | undefined)[] };
  /** file annotation index → [image, index in that image] */
  private readonly owner = new Map<number, [number, number]>();

  constructor(
    readonly text: string,
    readonly images: CocoPreviewImage[],
    readonly results: boolean,
    readonly hasImageList: boolean,
    /** how many entries the annotation list has (a results list's items are at [j], a ground truth's at ['annotations', j]) */
    private readonly annotationCount: number,
    /** the names of the file's own categories (what a relabel or a new annotation may name) */
    readonly categoryNames: readonly string[] = [],
  ) {
    images.forEach((image, i) => image.annotations.forEach((j, k) => this.owner.set(j, [i, k])));
  }

  private locate(): NonNullable<CocoDocument['spans']> {
    if (this.spans) return this.spans;
    const imagePaths: JsonPath[] = this.results ? [] : this.images.map((_, i) => ['images', i]);
    const annotationPaths: JsonPath[] = [];
    for (let j = 0; j < this.annotationCount; j++) annotationPaths.push(this.results ? [j] : ['annotations', j]);
    const ranges = locatePaths(this.text, [...imagePaths, ...annotationPaths]);
    const span = (p: JsonPath): Span | undefined => {
      const r = ranges.get(p);
      return r ? { start: r.start, end: r.end } : undefined;
    };
    this.spans = { images: imagePaths.map(span), annotations: annotationPaths.map(span) };
    return this.spans;
  }

  locationAt(offset: number): Location | undefined {
    const spans = this.locate();
    const j = findSpan(spans.annotations, offset);
    if (j >= 0) {
      const at = this.owner.get(j);
      return at ? { image: at[0], annotation: at[1] } : undefined;
    }
    const i = findSpan(spans.images, offset);
    return i >= 0 ? { image: i } : undefined;
  }

  /** [start, end) of an image's k-th annotation, or of the image entry when `annotation` is undefined. */
  rangeOf(image: number, annotation?: number): Span | undefined {
    const spans = this.locate();
    if (annotation === undefined) return spans.images[image];
    const j = this.images[image]?.annotations[annotation];
    return j === undefined ? undefined : spans.annotations[j];
  }
}


export type CocoModelResult = { ok: true; doc: CocoDocument } | { ok: false; broken: Broken };

/** The preview model of a COCO file from its analysis (the editor's parse); broken JSON gives where. */
export function cocoModelOf(analysis: Analysis, text: string, groundTruth?: unknown): CocoModelResult {
  const unit = analysis.units[0];
  if (!unit) {
    const first = analysis.problems.find((p) => p.severity === 'error');
    const offset = first?.start ?? 0;
    const pos = new LineIndex(text).positionAt(offset);
    return { ok: false, broken: { message: first?.message ?? 'The file is not valid JSON.', line: pos.line + 1, column: pos.character + 1, offset } };
  }
  const { images, results, hasImageList } = readCoco(unit.value, groundTruth);
  const lists = cocoLists(unit.value);
  const categoryNames = [...categoryTable(lists.categories).values()].map((c) => c.name);
  return { ok: true, doc: new CocoDocument(text, images, results, hasImageList, lists.annotations.length, categoryNames) };
}
