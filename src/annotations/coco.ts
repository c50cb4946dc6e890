// The annotation model's COCO adapter: reads a COCO ground-truth file (`images`, `annotations`,
// `categories`) or a COCO results file (a list of detections) into plain facts and shapes: which
// images and categories exist, and each annotation's geometry (bbox [x, y, w, h], polygons
// [[x1, y1, ...], ...], run-length masks {counts, size: [height, width]}, keypoints). Pure: the
// validation (src/validation/cocoChecks.ts) and later the preview read the same code.
import { isNumber, isObject, type Json } from '../core/json';
import { polygonArea, type Box, type Shape } from './geometry';

/** The three lists of a ground-truth file (empty when absent), or the results list. */
export interface CocoLists {
  results: boolean;
  images: unknown[];
  annotations: unknown[];
  categories: unknown[];
  /** which of the lists the file has at all */
  has: { images: boolean; annotations: boolean; categories: boolean };
}

export function cocoLists(doc: unknown): CocoLists {
  if (Array.isArray(doc)) return { results: true, images: [], annotations: doc, categories: [], has: { images: false, annotations: true, categories: false } };
  const o = isObject(doc) ? doc : {};
  const list = (key: string): unknown[] => (Array.isArray(o[key]) ? (o[key] as unknown[]) : []);
  return {
    results: false,
    images: list('images'),
    annotations: list('annotations'),
    categories: list('categories'),
    has: { images: Array.isArray(o.images), annotations: Array.isArray(o.annotations), categories: Array.isArray(o.categories) },
  };
}

/** A COCO id: a JSON integer. */
export function isCocoId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** How a `segmentation` value reads. */
export type Segmentation =
  | { kind: 'none' }
  | { kind: 'polygons'; polygons: number[][] }
  /** one polygon written flat, [x1, y1, ...], instead of a list of polygons */
  | { kind: 'flat'; polygon: number[] }
  /** run-length mask; `counts` a list (uncompressed) or a string (compressed) */
  | { kind: 'rle'; counts: number[] | string; size: unknown }
  | { kind: 'other' };

export function readSegmentation(value: unknown): Segmentation {
  if (value === undefined || value === null) return { kind: 'none' };
  if (Array.isArray(value)) {
    if (value.length === 0) return { kind: 'none' };
    if (value.every(isNumber)) return { kind: 'flat', polygon: value };
    if (value.every((p) => Array.isArray(p) && p.every(isNumber))) return { kind: 'polygons', polygons: value as number[][] };
    return { kind: 'other' };
  }
  if (isObject(value) && 'counts' in value) {
    const counts = value.counts;
    if (typeof counts === 'string' || (Array.isArray(counts) && counts.every(isNumber))) return { kind: 'rle', counts, size: value.size };
  }
  return { kind: 'other' };
}

/** A bbox of four finite numbers. */
export function cocoBbox(value: unknown): Box | undefined {
  if (!Array.isArray(value) || value.length !== 4 || !value.every(isNumber)) return undefined;
  return { x: value[0], y: value[1], w: value[2], h: value[3] };
}

/** The area of polygons (their sum, as pycocotools' mask area adds the parts). */
export function polygonsArea(polygons: readonly number[][]): number {
  return polygons.reduce((sum, p) => sum + polygonArea(p), 0);
}

/** The foreground pixels of an uncompressed RLE (runs alternate background, foreground, ...). */
export function rleArea(counts: readonly number[]): number {
  let sum = 0;
  for (let i = 1; i < counts.length; i += 2) sum += counts[i];
  return sum;
}

/** [minX, minY, maxX, maxY] of polygons' points, or undefined when there are none. */
export function polygonsExtent(polygons: readonly number[][]): [number, number, number, number] | undefined {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of polygons) {
    for (let i = 0; i + 1 < p.length; i += 2) {
      x0 = Math.min(x0, p[i]);
      x1 = Math.max(x1, p[i]);
      y0 = Math.min(y0, p[i + 1]);
      y1 = Math.max(y1, p[i + 1]);
    }
  }
  return x0 === Infinity ? undefined : [x0, y0, x1, y1];
}

/** Image entries by id (the first entry of an id), with their size where it is given. */
export interface CocoImage {
  index: number;
  fileName?: string;
  width?: number;
  height?: number;
}

export function imagesById(images: readonly unknown[]): Map<number, CocoImage> {
  const out = new Map<number, CocoImage>();
  images.forEach((image, index) => {
    if (!isObject(image) || !isCocoId(image.id) || out.has(image.id)) return;
    out.set(image.id, {
      index,
      fileName: typeof image.file_name === 'string' ? image.file_name : undefined,
      width: isNumber(image.width) && image.width > 0 ? image.width : undefined,
      height: isNumber(image.height) && image.height > 0 ? image.height : undefined,
    });
  });
  return out;
}

export interface CocoCategory {
  index: number;
  name?: string;
  keypoints?: unknown[];
}

export function categoriesById(categories: readonly unknown[]): Map<number, CocoCategory> {
  const out = new Map<number, CocoCategory>();
  categories.forEach((c, index) => {
    if (!isObject(c) || !isCocoId(c.id) || out.has(c.id)) return;
    out.set(c.id, { index, name: typeof c.name === 'string' ? c.name : undefined, keypoints: Array.isArray(c.keypoints) ? c.keypoints : undefined });
  });
  return out;
}

/** The drawable shapes of one annotation for the model: its box, and its polygons. */
export function cocoShapes(a: Json, index: number, label: string): Shape[] {
  const out: Shape[] = [];
  const confidence = isNumber(a.score) ? a.score : undefined;
  const box = cocoBbox(a.bbox);
  if (box) out.push({ index, kind: 'rectangle', points: [box.x, box.y, box.w, box.h], label, confidence });
  const seg = readSegmentation(a.segmentation);
  const polygons = seg.kind === 'polygons' ? seg.polygons : seg.kind === 'flat' ? [seg.polygon] : [];
  for (const p of polygons) if (p.length >= 6) out.push({ index, kind: 'polygon', points: p.slice(0, p.length - (p.length % 2)), label, confidence });
  return out;
}
