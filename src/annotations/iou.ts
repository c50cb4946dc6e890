// Intersection over union of boxes ([x, y, w, h], w and h as given: no +1) and of polygons (by
// the area of their intersection, computed with polygon-clipping), as COCO's `segm` does for masks.
import * as clippingModule from 'polygon-clipping';
import type { Ring } from './geometry';

type Clipping = typeof clippingModule;
// The package's ESM build (what esbuild bundles) has only a default export; its CJS build (what
// the unit tests load) exports the functions themselves.
const clipping: Clipping = (clippingModule as unknown as { default?: Clipping }).default ?? clippingModule;

export type Box = readonly [number, number, number, number] | readonly number[];

/** IoU of two boxes. `plusOne` is the VOC-devkit convention (a box spans w + 1 pixels), for tests against it. */
export function boxIou(a: Box, b: Box, plusOne = false): number {
  const e = plusOne ? 1 : 0;
  const ax2 = a[0] + a[2], ay2 = a[1] + a[3], bx2 = b[0] + b[2], by2 = b[1] + b[3];
  const ow = Math.min(ax2, bx2) - Math.max(a[0], b[0]);
  const oh = Math.min(ay2, by2) - Math.max(a[1], b[1]);
  // With +1, boxes that only touch still share a pixel row (the devkit's test is "not apart").
  if (plusOne ? ow < 0 || oh < 0 : ow <= 0 || oh <= 0) return 0;
  const iw = ow + e;
  const ih = oh + e;
  const inter = iw * ih;
  const union = (a[2] + e) * (a[3] + e) + (b[2] + e) * (b[3] + e) - inter;
  return union > 0 ? inter / union : 0;
}

/** COCO's IoU with a crowd region: the intersection over the detection's own area. */
export function boxCrowdIou(det: Box, crowd: Box): number {
  const iw = Math.min(det[0] + det[2], crowd[0] + crowd[2]) - Math.max(det[0], crowd[0]);
  const ih = Math.min(det[1] + det[3], crowd[1] + crowd[3]) - Math.max(det[1], crowd[1]);
  if (iw <= 0 || ih <= 0) return 0;
  const area = det[2] * det[3];
  return area > 0 ? (iw * ih) / area : 0;
}

/** A shape as polygon-clipping takes it: one polygon (one outer ring) per part. */
export type Region = [number, number][][][];

export function toRegion(parts: readonly Ring[]): Region {
  return parts.map((ring) => [ring.map((p) => [p[0], p[1]] as [number, number])]);
}

function ringArea(ring: readonly (readonly number[])[]): number {
  let sum = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const p = ring[i];
    const q = ring[(i + 1) % n];
    sum += p[0] * q[1] - q[0] * p[1];
  }
  return Math.abs(sum) / 2;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/**
 * No two non-adjacent edges touch, no edge is degenerate (then the shoelace area is the covered
 * area). Quadratic, so only for outlines of up to 64 points; longer ones go through clipping.
 */
export function isSimpleRing(ring: readonly (readonly number[])[]): boolean {
  const n = ring.length;
  if (n < 3 || n > 64) return false;
  for (let i = 0; i < n; i++) {
    const a = ring[i], b = ring[(i + 1) % n];
    if (a[0] === b[0] && a[1] === b[1]) return false;
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // adjacent through the closing edge
      const c = ring[j], d = ring[(j + 1) % n];
      const o1 = orient(a[0], a[1], b[0], b[1], c[0], c[1]);
      const o2 = orient(a[0], a[1], b[0], b[1], d[0], d[1]);
      const o3 = orient(c[0], c[1], d[0], d[1], a[0], a[1]);
      const o4 = orient(c[0], c[1], d[0], d[1], b[0], b[1]);
      // crossing, or touching/collinear overlap (any zero orientation): not simple for our purpose
      if (o1 !== o2 && o3 !== o4) return false;
      if (o1 === 0 || o2 === 0 || o3 === 0 || o4 === 0) {
        const within = (p: readonly number[], q: readonly number[], r: readonly number[]) => Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
        if ((o1 === 0 && within(a, b, c)) || (o2 === 0 && within(a, b, d)) || (o3 === 0 && within(c, d, a)) || (o4 === 0 && within(c, d, b))) return false;
      }
    }
  }
  return true;
}

/** Area of polygon-clipping output: outer rings minus their holes. */
function multiPolygonArea(mp: clippingModule.MultiPolygon): number {
  let total = 0;
  for (const polygon of mp) {
    polygon.forEach((ring, i) => {
      total += i === 0 ? ringArea(ring) : -ringArea(ring);
    });
  }
  return total;
}

/**
 * The area a region covers: its parts' union, so overlapping parts and self-crossing outlines
 * count each point once (as a mask would).
 */
export function regionArea(region: Region): number {
  if (region.length === 0) return 0;
  // The common case, one outline that does not cross itself, needs no clipping.
  if (region.length === 1 && isSimpleRing(region[0][0])) return ringArea(region[0][0]);
  try {
    return multiPolygonArea(clipping.union(region));
  } catch {
    // polygon-clipping throws on degenerate input it cannot resolve; fall back to the outlines.
    return region.reduce((s, p) => s + ringArea(p[0]), 0);
  }
}

export function intersectionArea(a: Region, b: Region): number {
  if (a.length === 0 || b.length === 0) return 0;
  try {
    return multiPolygonArea(clipping.intersection(a, b));
  } catch {
    return 0;
  }
}

/** IoU of two regions whose areas are known (computing them once per shape). */
export function regionIou(a: Region, areaA: number, b: Region, areaB: number): number {
  const inter = intersectionArea(a, b);
  const union = areaA + areaB - inter;
  return union > 0 && inter > 0 ? inter / union : 0;
}

/** Axis-aligned bounds overlap: a cheap test before clipping. */
export function boundsOverlap(a: Box, b: Box): boolean {
  return a[0] <= b[0] + b[2] && b[0] <= a[0] + a[2] && a[1] <= b[1] + b[3] && b[1] <= a[1] + a[3];
}
