// The MetaLake adapter: reads the upload format ({"images": [{"image", "annotations": [...]}]}) into
// the annotation model. The walks over images and their annotations, the shape of one annotation
// and the file's coordinate system are read here and nowhere else; COCO and YOLO adapters sit beside.
import type { JsonPath } from '../core/jsonScan';
import { isNumber, isObject, type Json } from '../core/json';
import type { Shape, ShapeKind } from './geometry';

/** Keys whose value is a list of points (`points` is how the LayerNext SDK stores every shape). */
export const POINT_LIST_KEYS = ['polygon', 'line', 'points'] as const;

export function isPoint(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && isNumber(value[0]) && isNumber(value[1]);
}

export function isBbox(value: unknown): value is [number, number, number, number] {
  return Array.isArray(value) && value.length === 4 && value.every(isNumber);
}

/** Points [[x, y], ...] in the model's one encoding (x0, y0, x1, y1, ...); entries that are no point are left out. */
export function flatten(points: readonly unknown[]): number[] {
  const out: number[] = [];
  for (const p of points) if (isPoint(p)) out.push(p[0], p[1]);
  return out;
}

/** The file's `images` list ([] when it has none). */
export function imageEntries(doc: unknown): unknown[] {
  return isObject(doc) && Array.isArray(doc.images) ? doc.images : [];
}

/** An image entry's `annotations` list ([] when it has none). */
export function annotationsOf(entry: unknown): unknown[] {
  return isObject(entry) && Array.isArray(entry.annotations) ? entry.annotations : [];
}

/** Every annotation object of the file, with its path; entries and annotations that are no object are passed over. */
export function forEachAnnotation(doc: unknown, fn: (a: Json, path: JsonPath, image: number, index: number) => void): void {
  if (!isObject(doc) || !Array.isArray(doc.images)) return;
  doc.images.forEach((entry: unknown, i: number) => {
    if (!isObject(entry) || !Array.isArray(entry.annotations)) return;
    entry.annotations.forEach((a: unknown, j: number) => {
      if (isObject(a)) fn(a, ['images', i, 'annotations', j], i, j);
    });
  });
}

function flatPoints(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  // A flat list [x0, y0, x1, y1, …] (the flat-points diagnostic says MetaLake wants pairs) is still drawn.
  if (value.length > 0 && value.length % 2 === 0 && value.every(isNumber)) return value.slice() as number[];
  const out: number[] = [];
  for (const p of value) {
    if (!Array.isArray(p) || p.length < 2 || !isNumber(p[0]) || !isNumber(p[1])) return undefined;
    out.push(p[0], p[1]);
  }
  return out;
}

/** The key holding a polygon's or line's points: its own (`polygon`, `line`), else `points` (the LayerNext SDK's form). */
export function pointListKey(a: Json, kind: 'polygon' | 'line'): 'polygon' | 'line' | 'points' | undefined {
  if (a[kind] !== undefined) return kind;
  return a.points !== undefined ? 'points' : undefined;
}

/**
 * One annotation object → a drawable shape, or undefined when it has no usable geometry (the
 * diagnostics explain those; the preview just skips them). The kind follows `type`, or the key
 * present for legacy files without `type`.
 */
export function toShape(annotation: unknown, index: number): Shape | undefined {
  if (!isObject(annotation)) return undefined;
  const a = annotation;
  const declared = a.type === 'rectangle' || a.type === 'polygon' || a.type === 'line' ? a.type : undefined;
  const kind: ShapeKind | undefined = declared ?? (a.bbox !== undefined ? 'rectangle' : a.polygon !== undefined ? 'polygon' : a.line !== undefined ? 'line' : a.points !== undefined ? 'polygon' : undefined);
  let points: number[] | undefined;
  if (kind === 'rectangle') {
    const b = a.bbox;
    if (Array.isArray(b) && b.length === 4 && b.every(isNumber)) points = b.slice() as number[];
  } else if (kind === 'polygon') {
    points = flatPoints(a[pointListKey(a, 'polygon') ?? 'polygon']);
    if (points && points.length < 6) points = undefined;
  } else if (kind === 'line') {
    points = flatPoints(a[pointListKey(a, 'line') ?? 'line']);
    if (points && points.length < 4) points = undefined;
  }
  if (!kind || !points) return undefined;
  const shape: Shape = { index, kind, points, label: typeof a.label === 'string' ? a.label : a.label === undefined ? '' : JSON.stringify(a.label) };
  if (isNumber(a.confidence)) shape.confidence = a.confidence;
  if (a.attributes !== undefined) shape.attributes = a.attributes;
  if (a.metadata !== undefined) shape.metadata = a.metadata;
  return shape;
}

/** One image of the file in the model: its entry's place, name and drawable shapes. */
export interface AnnotatedImage {
  /** index in the file's `images` list */
  index: number;
  /** the `image` string as written */
  image: string;
  shapes: Shape[];
  /** annotations without usable geometry (the diagnostics say why) */
  skipped: number;
}

/** The drawable shapes of a list of annotations, and how many had no usable geometry. */
export function shapesOf(list: readonly unknown[]): { shapes: Shape[]; skipped: number } {
  const shapes: Shape[] = [];
  list.forEach((a, j) => {
    const s = toShape(a, j);
    if (s) shapes.push(s);
  });
  return { shapes, skipped: list.length - shapes.length };
}

/** Every image entry (objects or not, so indexes stay the file's) with its shapes. */
export function readImages(doc: unknown): { images: AnnotatedImage[]; annotationCounts: number[] } {
  const images: AnnotatedImage[] = [];
  const annotationCounts: number[] = [];
  imageEntries(doc).forEach((entry, index) => {
    const list = annotationsOf(entry);
    annotationCounts.push(list.length);
    const image = isObject(entry) && typeof entry.image === 'string' ? entry.image : '';
    images.push({ index, image, ...shapesOf(list) });
  });
  return { images, annotationCounts };
}

/**
 * The annotations of one datum as the remote tree finds them in its properties: a list of
 * annotations, an object with `annotations`, or a whole upload document (its first image).
 */
export function datumAnnotationList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value) && Array.isArray(value.annotations)) return value.annotations;
  if (isObject(value) && Array.isArray(value.images) && isObject(value.images[0]) && Array.isArray(value.images[0].annotations)) return value.images[0].annotations;
  return [];
}

export type CoordinateSystem = 'normalized' | 'pixel';

/** The annotation's geometry key and all of its numbers (a flat list counts too). */
export function coordinatesOf(a: Json): { key: string; values: number[] } | undefined {
  if (isBbox(a.bbox)) return { key: 'bbox', values: a.bbox };
  for (const key of POINT_LIST_KEYS) {
    const list = a[key];
    if (!Array.isArray(list)) continue;
    const values: number[] = [];
    for (const p of list) {
      if (isNumber(p)) values.push(p);
      else if (isPoint(p)) values.push(p[0], p[1]);
    }
    if (values.length > 0) return { key, values };
  }
  return undefined;
}

/**
 * What a shape's numbers say about its coordinates: all in [0, 1] with a fraction among them is
 * normalized; any above 1.5 is pixels; anything else (a box [0, 0, 1, 1], 1.2 in a normalized
 * file) says nothing either way.
 */
export function shapeSystem(a: unknown): CoordinateSystem | undefined {
  if (!isObject(a)) return undefined;
  const c = coordinatesOf(a);
  if (!c) return undefined;
  if (c.values.some((v) => v > 1.5)) return 'pixel';
  if (c.values.every((v) => v >= 0 && v <= 1) && c.values.some((v) => v > 0 && v < 1 && !Number.isInteger(v))) return 'normalized';
  return undefined;
}

/** The file's coordinate system: the one most of its shapes use (pixels on a tie). */
export function fileSystem(doc: unknown): { system: CoordinateSystem | undefined; normalized: number; pixel: number } {
  let normalized = 0;
  let pixel = 0;
  forEachAnnotation(doc, (a) => {
    const s = shapeSystem(a);
    if (s === 'normalized') normalized++;
    else if (s === 'pixel') pixel++;
  });
  const system = normalized === 0 && pixel === 0 ? undefined : normalized > pixel ? 'normalized' : 'pixel';
  return { system, normalized, pixel };
}

/**
 * True when the file is normalized: most shapes say so (see shapeSystem), or, when none says
 * either way, every coordinate lies in [0, 1]. Shapes are then checked against the unit square
 * instead of the image's pixels.
 */
export function isNormalized(doc: unknown): boolean {
  if (!isObject(doc) || !Array.isArray(doc.images)) return false;
  // Most shapes normalized (a stray pixel box is reported as mixed-coordinates, not as out of [0, 1]).
  const { system } = fileSystem(doc);
  if (system !== undefined) return system === 'normalized';
  let any = false;
  for (const entry of doc.images) {
    for (const a of annotationsOf(entry)) {
      if (!isObject(a)) continue;
      if (isBbox(a.bbox)) {
        any = true;
        for (const v of a.bbox) if (v < 0 || v > 1) return false;
      }
      for (const key of ['polygon', 'line'] as const) {
        const points = a[key];
        if (!Array.isArray(points)) continue;
        for (const p of points) {
          if (!isPoint(p)) continue;
          any = true;
          if (p[0] < 0 || p[0] > 1 || p[1] < 0 || p[1] > 1) return false;
        }
      }
    }
  }
  return any;
}
