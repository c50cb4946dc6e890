// The geometry of drawing a new shape in the preview: points snapped to the image's pixel grid and
// kept inside the image unless asked not to, a box from two corners, when a click closes a polygon,
// and the points a finished shape sends (editOps.ts's `add`). Pure (no DOM): the page's
// drawTools.ts uses it, unit tests check it.
import type { ShapeKind } from '../../annotations/geometry';

export type DrawKind = ShapeKind;

export interface Point {
  x: number;
  y: number;
}

/** A point snapped to whole image pixels, inside [0, w] × [0, h] unless `inside` is undefined (Alt held). */
export function snapPoint(x: number, y: number, inside: { w: number; h: number } | undefined): Point {
  let px = Math.round(x);
  let py = Math.round(y);
  if (inside) {
    px = Math.min(inside.w, Math.max(0, px));
    py = Math.min(inside.h, Math.max(0, py));
  }
  return { x: px === 0 ? 0 : px, y: py === 0 ? 0 : py };
}

/** The box [x, y, width, height] two corners span. */
export function boxFromCorners(a: Point, b: Point): [number, number, number, number] {
  return [Math.min(a.x, b.x), Math.min(a.y, b.y), Math.abs(b.x - a.x), Math.abs(b.y - a.y)];
}

/** The fewest points a finished shape of the kind has. */
export const MIN_POINTS: Record<DrawKind, number> = { rectangle: 2, polygon: 3, line: 2 };

/** A click at screen distance `distance` from the first point closes a polygon of `count` points. */
export const closesPolygon = (count: number, distance: number, slack: number): boolean => count >= MIN_POINTS.polygon && distance <= slack;

/** The `add` op's points of a finished shape: a box's [x, y, w, h] (undefined when it has no area), a polygon's or line's flat list. */
export function shapePoints(kind: DrawKind, points: readonly Point[]): number[] | undefined {
  if (points.length < MIN_POINTS[kind]) return undefined;
  if (kind === 'rectangle') {
    const box = boxFromCorners(points[0], points[1]);
    return box[2] > 0 && box[3] > 0 ? box : undefined;
  }
  // A point placed twice in a row (the two clicks of a double-click) counts once.
  const kept: Point[] = [];
  for (const p of points) if (!kept.length || kept[kept.length - 1].x !== p.x || kept[kept.length - 1].y !== p.y) kept.push(p);
  if (kind === 'polygon' && kept.length > 1 && kept[0].x === kept[kept.length - 1].x && kept[0].y === kept[kept.length - 1].y) kept.pop();
  return kept.length >= MIN_POINTS[kind] ? kept.flatMap((p) => [p.x, p.y]) : undefined;
}

/** The label a new shape gets when none was chosen yet: the selected shape's, else the one most used (first seen on a tie). */
export function defaultLabel(labels: readonly string[], selected: string | undefined): string {
  if (selected) return selected;
  const counts = new Map<string, number>();
  for (const l of labels) if (l !== '') counts.set(l, (counts.get(l) ?? 0) + 1);
  let best = '';
  let most = 0;
  for (const [l, n] of counts) if (n > most) [best, most] = [l, n];
  return best;
}

/** The labels in use, most used first (then by name), for the label field's suggestions. */
export function labelsByUse(labels: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const l of labels) if (l !== '') counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([l]) => l);
}
