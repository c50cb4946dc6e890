// The geometry of changing a box in the preview: which handle a point is on, and the box a drag or
// a nudge makes, snapped to the image's pixel grid and kept inside the image unless asked not to.
// Pure (no DOM): the page's editing.ts uses it, unit tests check it.
import type { Box } from '../../annotations/geometry';

/** What a drag changes: the whole box, or the edges a handle names (n, s, e, w and the corners). */
export type Handle = 'move' | 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';

export const HANDLES: readonly Exclude<Handle, 'move'>[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

/** Where a handle sits on a box, in the box's coordinates. */
export function handlePoint(b: Box, h: Exclude<Handle, 'move'>): { x: number; y: number } {
  const x = h.includes('w') ? b.x : h.includes('e') ? b.x + b.w : b.x + b.w / 2;
  const y = h.includes('n') ? b.y : h.includes('s') ? b.y + b.h : b.y + b.h / 2;
  return { x, y };
}

/** The handle within `slack` of (x, y) (same units as the box), else 'move' inside the box, else undefined. */
export function handleAt(b: Box, x: number, y: number, slack: number): Handle | undefined {
  let best: Handle | undefined;
  let bestD = slack;
  for (const h of HANDLES) {
    const p = handlePoint(b, h);
    const d = Math.max(Math.abs(p.x - x), Math.abs(p.y - y));
    if (d <= bestD) {
      best = h;
      bestD = d;
    }
  }
  if (best) return best;
  return x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h ? 'move' : undefined;
}

export interface DragOptions {
  /** the image's size: the box stays inside it (undefined: Alt held, or the size is unknown) */
  inside?: { w: number; h: number };
  /** round the moved edges to whole image pixels */
  snap: boolean;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** The box after dragging `handle` by (dx, dy) image pixels from `from` (a normalized box: w, h >= 0). */
export function dragBox(from: Box, handle: Handle, dx: number, dy: number, o: DragOptions): Box {
  const r = (v: number): number => (o.snap ? Math.round(v) : v);
  if (handle === 'move') {
    let x = r(from.x + dx);
    let y = r(from.y + dy);
    if (o.inside) {
      x = clamp(x, 0, Math.max(0, o.inside.w - from.w));
      y = clamp(y, 0, Math.max(0, o.inside.h - from.h));
    }
    return { x, y, w: from.w, h: from.h };
  }
  let left = from.x;
  let top = from.y;
  let right = from.x + from.w;
  let bottom = from.y + from.h;
  // A box keeps at least one pixel: an edge stops one pixel short of the opposite one.
  const min = 1;
  const lo = (v: number, max: number): number => Math.min(o.inside ? Math.max(0, v) : v, max);
  const hi = (v: number, minV: number): number => Math.max(o.inside ? Math.min(v, o.inside.w) : v, minV);
  const hiY = (v: number, minV: number): number => Math.max(o.inside ? Math.min(v, o.inside.h) : v, minV);
  if (handle.includes('w')) left = lo(r(from.x + dx), right - min);
  if (handle.includes('e')) right = hi(r(right + dx), left + min);
  if (handle.includes('n')) top = lo(r(from.y + dy), bottom - min);
  if (handle.includes('s')) bottom = hiY(r(bottom + dy), top + min);
  return { x: left, y: top, w: right - left, h: bottom - top };
}

/** The box moved by (dx, dy) whole pixels (arrow keys), kept inside the image when `inside` is given. */
export function nudgeBox(from: Box, dx: number, dy: number, inside?: { w: number; h: number }): Box {
  let x = from.x + dx;
  let y = from.y + dy;
  if (inside) {
    x = clamp(x, Math.min(from.x, 0), Math.max(from.x, inside.w - from.w));
    y = clamp(y, Math.min(from.y, 0), Math.max(from.y, inside.h - from.h));
  }
  return { x, y, w: from.w, h: from.h };
}
