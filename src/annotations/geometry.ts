// The geometry of annotation shapes, once: one shape type, one box, the point encoding of shapes (a
// flat list x0, y0, x1, y1, ... in image pixels or normalized units), and the measures every feature
// shares (bounds, area, length, self-intersection, hit testing). IoU (boxes, and polygons through
// polygon clipping, on rings of [x, y] points) is in iou.ts beside it. Pure and DOM-free, so the
// validation, the language features, the preview page, the evaluation and the unit tests all read
// the same code.

export type ShapeKind = 'rectangle' | 'polygon' | 'line';

/** An axis-aligned box: top-left corner and size. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** x0, y0, x1, y1, ...: the point encoding of shapes. */
export type Coords = readonly number[];

/** A simple polygon as polygon clipping takes it: its points [x, y] in order (closed implicitly). */
export type Ring = [number, number][];

/** What the preview needs to draw, hit-test and describe one annotation (room for keypoints and masks as kinds). */
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

/** A bbox [x, y, width, height] as a box. */
export function boxOf(bbox: readonly number[]): Box {
  return { x: bbox[0], y: bbox[1], w: bbox[2], h: bbox[3] };
}

/** A box with negative width or height turned into the same box with positive sizes. */
export function normalizeBox(b: Box): Box {
  return { x: b.w < 0 ? b.x + b.w : b.x, y: b.h < 0 ? b.y + b.h : b.y, w: Math.abs(b.w), h: Math.abs(b.h) };
}

/** The part of a box inside [0, W] x [0, H]; undefined when nothing is left. */
export function clampBox(b: Box, width: number, height: number): Box | undefined {
  const n = normalizeBox(b);
  const x0 = Math.max(0, n.x);
  const y0 = Math.max(0, n.y);
  const x1 = Math.min(width, n.x + n.w);
  const y1 = Math.min(height, n.y + n.h);
  if (x1 <= x0 || y1 <= y0) return undefined;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Shoelace area (absolute) of the closed polygon through the points. */
export function polygonArea(p: Coords): number {
  let sum = 0;
  const n = p.length - (p.length % 2);
  for (let i = 0; i < n; i += 2) {
    const j = (i + 2) % n;
    sum += p[i] * p[j + 1] - p[j] * p[i + 1];
  }
  return Math.abs(sum) / 2;
}

export function polylineLength(p: Coords): number {
  let length = 0;
  for (let i = 2; i + 1 < p.length; i += 2) length += Math.hypot(p[i] - p[i - 2], p[i + 1] - p[i - 1]);
  return length;
}

function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (by - ay) * (cx - bx) - (bx - ax) * (cy - by);
  return v === 0 ? 0 : v > 0 ? 1 : 2;
}

/** Whether two non-adjacent edges of the closed polygon cross. O(n²): meant for hovers. */
export function isSelfIntersecting(p: Coords): boolean {
  const n = Math.floor(p.length / 2);
  if (n < 4) return false;
  const x = (k: number): number => p[2 * (k % n)];
  const y = (k: number): number => p[2 * (k % n) + 1];
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // adjacent through the closing edge
      const o1 = orientation(x(i), y(i), x(i + 1), y(i + 1), x(j), y(j));
      const o2 = orientation(x(i), y(i), x(i + 1), y(i + 1), x(j + 1), y(j + 1));
      const o3 = orientation(x(j), y(j), x(j + 1), y(j + 1), x(i), y(i));
      const o4 = orientation(x(j), y(j), x(j + 1), y(j + 1), x(i + 1), y(i + 1));
      if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return true;
    }
  }
  return false;
}

/** Scales normalized (0..1) coordinates to pixels of a width × height image. */
export function scaleShape(shape: Shape, width: number, height: number): Shape {
  const points = shape.points.map((v, i) => (i % 2 === 0 ? v * width : v * height));
  return { ...shape, points };
}

export function bounds(shape: Shape): Box {
  const p = shape.points;
  // A negative size is a data error the diagnostics report; still draw where it points.
  if (shape.kind === 'rectangle') return normalizeBox(boxOf(p));
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < p.length; i += 2) {
    if (p[i] < minX) minX = p[i];
    if (p[i] > maxX) maxX = p[i];
    if (p[i + 1] < minY) minY = p[i + 1];
    if (p[i + 1] > maxY) maxY = p[i + 1];
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

/** Area in square units (shoelace for polygons); lines have none. */
export function area(shape: Shape): number {
  const p = shape.points;
  if (shape.kind === 'rectangle') return Math.abs(p[2] * p[3]);
  if (shape.kind === 'line') return 0;
  return polygonArea(p);
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function insidePolygon(p: Coords, x: number, y: number): boolean {
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
