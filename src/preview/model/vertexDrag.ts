// The geometry of changing a polygon or a line in the preview: which vertex or edge handle a point
// is on, and the points a drag, a nudge, an inserted or a removed vertex make, snapped to the
// image's pixel grid and kept inside the image unless asked not to. Points are the model's flat
// x0, y0, x1, y1, … in image pixels. Pure (no DOM): the page's editing.ts uses it, unit tests check it.

export interface Inside {
  w: number;
  h: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** How many vertices. */
export const vertexCount = (points: readonly number[]): number => points.length >> 1;

/** The fewest vertices a shape keeps: 3 for a polygon, 2 for a line. */
export const minVertices = (closed: boolean): number => (closed ? 3 : 2);

/** The vertex within `slack` of (x, y) (Chebyshev distance, same units as the points), the nearest when several. */
export function vertexAt(points: readonly number[], x: number, y: number, slack: number): number | undefined {
  let best: number | undefined;
  let bestD = slack;
  for (let i = 0; i < points.length; i += 2) {
    const d = Math.max(Math.abs(points[i] - x), Math.abs(points[i + 1] - y));
    if (d <= bestD) {
      best = i >> 1;
      bestD = d;
    }
  }
  return best;
}

/** The edges: edge i runs from vertex i to vertex i + 1 (a polygon's last one back to vertex 0). */
export const edgeCount = (points: readonly number[], closed: boolean): number => (closed ? vertexCount(points) : vertexCount(points) - 1);

/** The middle of edge i. */
export function edgeMiddle(points: readonly number[], edge: number): { x: number; y: number } {
  const n = vertexCount(points);
  const j = (edge + 1) % n;
  return { x: (points[2 * edge] + points[2 * j]) / 2, y: (points[2 * edge + 1] + points[2 * j + 1]) / 2 };
}

/** The edge whose middle is within `slack` of (x, y), among those `long` allows (an edge too short on screen has no handle). */
export function edgeMiddleAt(points: readonly number[], closed: boolean, x: number, y: number, slack: number, long: (edge: number) => boolean = () => true): number | undefined {
  let best: number | undefined;
  let bestD = slack;
  for (let e = 0; e < edgeCount(points, closed); e++) {
    if (!long(e)) continue;
    const m = edgeMiddle(points, e);
    const d = Math.max(Math.abs(m.x - x), Math.abs(m.y - y));
    if (d <= bestD) {
      best = e;
      bestD = d;
    }
  }
  return best;
}

export interface VertexDragOptions {
  /** the image's size: the vertex stays inside it (undefined: Alt held) */
  inside?: Inside;
  /** round the moved vertex to whole image pixels */
  snap: boolean;
}

/** The points with vertex i dragged by (dx, dy) image pixels from where it was in `from`. */
export function dragVertex(from: readonly number[], i: number, dx: number, dy: number, o: VertexDragOptions): number[] {
  const r = (v: number): number => (o.snap ? Math.round(v) : v);
  const out = from.slice();
  let x = r(from[2 * i] + dx);
  let y = r(from[2 * i + 1] + dy);
  if (o.inside) {
    x = clamp(x, 0, o.inside.w);
    y = clamp(y, 0, o.inside.h);
  }
  out[2 * i] = x;
  out[2 * i + 1] = y;
  return out;
}

/**
 * Every point moved by (dx, dy) image pixels: whole pixels (the shape keeps its form), and with
 * `inside` no further than keeps it in the image (a shape already past an edge may still move back).
 */
export function moveShape(from: readonly number[], dx: number, dy: number, inside?: Inside): number[] {
  let mx = Math.round(dx);
  let my = Math.round(dy);
  if (inside) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < from.length; i += 2) {
      x0 = Math.min(x0, from[i]);
      x1 = Math.max(x1, from[i]);
      y0 = Math.min(y0, from[i + 1]);
      y1 = Math.max(y1, from[i + 1]);
    }
    mx = clamp(mx, Math.min(0, -x0), Math.max(0, inside.w - x1));
    my = clamp(my, Math.min(0, -y0), Math.max(0, inside.h - y1));
  }
  return from.map((v, i) => v + (i % 2 === 0 ? mx : my));
}

/** Vertex i moved by whole pixels (arrow keys), stopping at the image's edge when `inside` is given. */
export function nudgeVertex(from: readonly number[], i: number, dx: number, dy: number, inside?: Inside): number[] {
  const out = from.slice();
  const x = from[2 * i] + dx;
  const y = from[2 * i + 1] + dy;
  out[2 * i] = inside ? clamp(x, Math.min(from[2 * i], 0), Math.max(from[2 * i], inside.w)) : x;
  out[2 * i + 1] = inside ? clamp(y, Math.min(from[2 * i + 1], 0), Math.max(from[2 * i + 1], inside.h)) : y;
  return out;
}

/** A vertex inserted in the middle of edge `edge` (on the pixel grid when `snap`): the points and the new vertex's index. */
export function insertVertex(from: readonly number[], edge: number, snap: boolean): { points: number[]; index: number } {
  const m = edgeMiddle(from, edge);
  const at = 2 * (edge + 1);
  const r = (v: number): number => (snap ? Math.round(v) : v);
  return { points: [...from.slice(0, at), r(m.x), r(m.y), ...from.slice(at)], index: edge + 1 };
}

/** The points without vertex i, or undefined when the shape would have fewer vertices than it needs. */
export function removeVertex(from: readonly number[], i: number, closed: boolean): number[] | undefined {
  if (vertexCount(from) <= minVertices(closed) || i < 0 || i >= vertexCount(from)) return undefined;
  return [...from.slice(0, 2 * i), ...from.slice(2 * i + 2)];
}

/**
 * The next vertex selected by `]` (step 1) or `[` (step -1): none → the first (or last) → … →
 * the last (or first) → none again.
 */
export function cycleVertex(current: number | undefined, count: number, step: 1 | -1): number | undefined {
  if (count === 0) return undefined;
  if (current === undefined) return step === 1 ? 0 : count - 1;
  const next = current + step;
  return next < 0 || next >= count ? undefined : next;
}
