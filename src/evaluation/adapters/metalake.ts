// MetaLake upload format → AnnotationSet: `{"images": [{"image", "annotations": [...]}]}` with
// `rectangle` (bbox [x, y, w, h]), `polygon` and `line` shapes, or LayerNext's `points` for any type.
// Confidence is the annotation's `confidence`, else `score`.
import { countSkip, type AnnotationSet, type Ring, type SetAnnotation, type SetImage, type ShapeKind } from '../types';
import { isNumber as isNum, isObject } from '../../core/json';
import { boxOf, normalizeBox } from '../../annotations/geometry';


/** A top-level `images` list of objects naming an `image`: the shape this adapter reads. */
export function looksLikeMetaLake(value: unknown): boolean {
  if (!isObject(value) || !Array.isArray(value.images)) return false;
  // COCO also has `images`, but with `file_name`/`id` and a top-level `annotations` list.
  if (Array.isArray(value.annotations)) return false;
  return true;
}

function ring(value: unknown): Ring | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: Ring = [];
  for (const p of value) {
    if (!Array.isArray(p) || p.length < 2 || !isNum(p[0]) || !isNum(p[1])) return undefined;
    out.push([p[0], p[1]]);
  }
  return out;
}

export function boundsOf(points: Ring): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of points) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX - minX, maxY - minY];
}

/** [x, y, w, h] with a negative size turned into the same rectangle with a positive one. */
export function positiveBox(b: readonly number[]): [number, number, number, number] {
  // The usual case without the intermediate boxes (> 0, not ≥ 0: normalizeBox turns -0 into 0).
  if (b[2] > 0 && b[3] > 0) return [b[0], b[1], b[2], b[3]];
  const n = normalizeBox(boxOf(b));
  return [n.x, n.y, n.w, n.h];
}

export function confidenceOf(a: Record<string, unknown>): number | undefined {
  if (isNum(a.confidence)) return a.confidence;
  if (isNum(a.score)) return a.score;
  return undefined;
}

export function labelOf(a: Record<string, unknown>): string | undefined {
  if (typeof a.label === 'string') return a.label;
  if (isNum(a.label)) return String(a.label);
  return undefined;
}

/** One annotation → its shape, or a reason it has none. */
function toAnnotation(a: unknown, index: number, order: number): SetAnnotation | string {
  if (!isObject(a)) return 'annotations that are not objects, left out';
  const label = labelOf(a);
  if (label === undefined) return 'annotations without a label, left out';
  const declared = a.type === 'rectangle' || a.type === 'polygon' || a.type === 'line' ? (a.type as ShapeKind) : undefined;
  if (a.type !== undefined && a.type !== 'points' && !declared) return 'annotations of an unknown shape type, left out';
  const kind: ShapeKind | undefined = declared ?? (a.bbox !== undefined ? 'rectangle' : a.polygon !== undefined ? 'polygon' : a.line !== undefined ? 'line' : a.points !== undefined ? 'polygon' : undefined);
  if (!kind) return 'annotations without geometry, left out';
  if (kind === 'rectangle') {
    const b = a.bbox;
    let bbox: [number, number, number, number];
    if (Array.isArray(b)) {
      if (b.length !== 4 || !isNum(b[0]) || !isNum(b[1]) || !isNum(b[2]) || !isNum(b[3])) return 'annotations with a malformed bbox, left out';
      bbox = positiveBox(b as number[]);
    } else {
      // LayerNext keeps a rectangle as its corner points.
      const pts = ring(a.points);
      if (!pts || pts.length < 2) return 'annotations with a malformed bbox, left out';
      bbox = boundsOf(pts);
    }
    const out: SetAnnotation = { label, kind, bbox, index, order };
    const confidence = confidenceOf(a);
    if (confidence !== undefined) out.confidence = confidence;
    out.box = bbox;
    return out;
  }
  const out: SetAnnotation = { label, kind, bbox: [0, 0, 0, 0], index, order };
  const confidence = confidenceOf(a);
  if (confidence !== undefined) out.confidence = confidence;
  const pts = ring(kind === 'polygon' ? (a.polygon ?? a.points) : (a.line ?? a.points));
  if (!pts || pts.length < (kind === 'polygon' ? 3 : 2)) return kind === 'polygon' ? 'polygons with fewer than 3 points or malformed ones, left out' : 'lines with fewer than 2 points or malformed ones, left out';
  out.bbox = boundsOf(pts);
  if (kind === 'polygon') out.parts = [pts];
  return out;
}

export function readMetaLake(value: unknown): AnnotationSet {
  const set: AnnotationSet = { format: 'metalake', images: [], normalized: false, skipped: new Map() };
  const entries = isObject(value) && Array.isArray(value.images) ? value.images : [];
  let order = 0;
  let anyCoordinate = false;
  let allUnit = true;
  entries.forEach((entry: unknown, index: number) => {
    if (!isObject(entry)) return countSkip(set, 'image entries that are not objects, left out');
    const list = isObject(entry) && Array.isArray(entry.annotations) ? entry.annotations : [];
    const key = isObject(entry) && typeof entry.image === 'string' ? entry.image : '';
    const image: SetImage = { key, index, annotations: [] };
    list.forEach((a: unknown, j: number) => {
      const r = toAnnotation(a, j, order++);
      if (typeof r === 'string') {
        countSkip(set, r);
        return;
      }
      anyCoordinate = true;
      const [x, y, w, h] = r.bbox;
      if (x < 0 || y < 0 || x + w > 1 + 1e-9 || y + h > 1 + 1e-9) allUnit = false;
      image.annotations.push(r);
    });
    set.images.push(image);
  });
  set.normalized = anyCoordinate && allUnit;
  return set;
}
