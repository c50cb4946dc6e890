// Shapes as the preview draws them: one flat list of points per annotation, in image pixels.
// Pure and DOM-free so the host, the webview and the unit tests share it.

export type ShapeKind = 'rectangle' | 'polygon' | 'line';

export interface Bounds {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What the webview needs to draw, hit-test and describe one annotation. */
export interface Shape {
  /** index of the annotation in its image's `annotations` list */
  index: number;
  kind: ShapeKind;
  /** x0, y0, x1, y1, ... A rectangle is its bbox: x, y, w, h. */
  points: number[];
  label: string;
  confidence?: number;
  /** attributes and metadata as given; shown as text only */
  attributes?: unknown;
  metadata?: unknown;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function flatPoints(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: number[] = [];
  for (const p of value) {
    if (!Array.isArray(p) || p.length < 2 || !isNum(p[0]) || !isNum(p[1])) return undefined;
    out.push(p[0], p[1]);
  }
  return out;
}

/**
 * One annotation object → a drawable shape, or undefined when it has no usable geometry (the
 * diagnostics explain those; the preview just skips them). The kind follows `type`, or the key
 * present for legacy files without `type`.
 */
export function toShape(annotation: unknown, index: number): Shape | undefined {
  if (typeof annotation !== 'object' || annotation === null || Array.isArray(annotation)) return undefined;
  const a = annotation as Record<string, unknown>;
  const declared = a.type === 'rectangle' || a.type === 'polygon' || a.type === 'line' ? a.type : undefined;
  const kind: ShapeKind | undefined = declared ?? (a.bbox !== undefined ? 'rectangle' : a.polygon !== undefined ? 'polygon' : a.line !== undefined ? 'line' : undefined);
  let points: number[] | undefined;
  if (kind === 'rectangle') {
    const b = a.bbox;
    if (Array.isArray(b) && b.length === 4 && b.every(isNum)) points = b.slice() as number[];
  } else if (kind === 'polygon') {
    points = flatPoints(a.polygon);
    if (points && points.length < 6) points = undefined;
  } else if (kind === 'line') {
    points = flatPoints(a.line);
    if (points && points.length < 4) points = undefined;
  }
  if (!kind || !points) return undefined;
  const shape: Shape = { index, kind, points, label: typeof a.label === 'string' ? a.label : a.label === undefined ? '' : JSON.stringify(a.label) };
  if (isNum(a.confidence)) shape.confidence = a.confidence;
  if (a.attributes !== undefined) shape.attributes = a.attributes;
  if (a.metadata !== undefined) shape.metadata = a.metadata;
  return shape;
}

/** Scales normalized (0..1) coordinates to pixels of a width × height image. */
export function scaleShape(shape: Shape, width: number, height: number): Shape {
  const points = shape.points.map((v, i) => (i % 2 === 0 ? v * width : v * height));
  return { ...shape, points };
}

export function bounds(shape: Shape): Bounds {
  const p = shape.points;
  if (shape.kind === 'rectangle') {
    // A negative size is a data error the diagnostics report; still draw where it points.
    const x = Math.min(p[0], p[0] + p[2]);
    const y = Math.min(p[1], p[1] + p[3]);
    return { x, y, w: Math.abs(p[2]), h: Math.abs(p[3]) };
  }
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < p.length; i += 2) {
    if (p[i] < minX) minX = p[i];
    if (p[i] > maxX) maxX = p[i];
    if (p[i + 1] < minY) minY = p[i + 1];
    if (p[i + 1] > maxY) maxY = p[i + 1];
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

/** Area in square pixels (shoelace for polygons); lines have none. */
export function area(shape: Shape): number {
  const p = shape.points;
  if (shape.kind === 'rectangle') return Math.abs(p[2] * p[3]);
  if (shape.kind === 'line') return 0;
  let sum = 0;
  const n = p.length;
  for (let i = 0; i < n; i += 2) {
    const j = (i + 2) % n;
    sum += p[i] * p[j + 1] - p[j] * p[i + 1];
  }
  return Math.abs(sum) / 2;
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function insidePolygon(p: number[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = p.length - 2; i < p.length; j = i, i += 2) {
    const xi = p[i], yi = p[i + 1], xj = p[j], yj = p[j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Is image point (x, y) on the shape? `tolerance` (image pixels) is how near a line counts. */
export function hits(shape: Shape, x: number, y: number, tolerance: number): boolean {
  const b = bounds(shape);
  if (x < b.x - tolerance || x > b.x + b.w + tolerance || y < b.y - tolerance || y > b.y + b.h + tolerance) return false;
  if (shape.kind === 'rectangle') return true;
  if (shape.kind === 'polygon' && insidePolygon(shape.points, x, y)) return true;
  const p = shape.points;
  const closed = shape.kind === 'polygon';
  const n = p.length / 2;
  for (let i = 0; i < (closed ? n : n - 1); i++) {
    const j = (i + 1) % n;
    if (distanceToSegment(x, y, p[2 * i], p[2 * i + 1], p[2 * j], p[2 * j + 1]) <= tolerance) return true;
  }
  return false;
}

/**
 * The shape under the point among `candidates` (indexes into `shapes`): lines first (they have no
 * area to aim at), then the smallest area, so a box inside a larger polygon stays reachable.
 */
export function hitTest(shapes: readonly Shape[], candidates: Iterable<number>, x: number, y: number, tolerance: number): number | undefined {
  let best: number | undefined;
  let bestArea = Infinity;
  for (const i of candidates) {
    const s = shapes[i];
    if (!hits(s, x, y, tolerance)) continue;
    const a = area(s);
    if (a < bestArea) {
      best = i;
      bestArea = a;
    }
  }
  return best;
}

/** Lowest and highest confidence among the shapes; undefined when none has one. */
export function confidenceRange(shapes: Iterable<Shape>): { min: number; max: number } | undefined {
  let min = Infinity, max = -Infinity;
  for (const s of shapes) {
    if (s.confidence === undefined) continue;
    if (s.confidence < min) min = s.confidence;
    if (s.confidence > max) max = s.confidence;
  }
  return min === Infinity ? undefined : { min, max };
}
