// The view of the image: screen = image × scale + offset. Pure functions, so zooming and panning
// are unit-tested without a canvas.
import type { Box } from '../../annotations/geometry';

export interface View {
  scale: number;
  x: number;
  y: number;
}

export const MIN_SCALE = 1 / 64;
export const MAX_SCALE = 64;

const clampScale = (s: number): number => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));

export function toImage(view: View, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - view.x) / view.scale, y: (sy - view.y) / view.scale };
}

export function toScreen(view: View, ix: number, iy: number): { x: number; y: number } {
  return { x: ix * view.scale + view.x, y: iy * view.scale + view.y };
}

/** Zooms by `factor` keeping the image point under screen (sx, sy) where it is. */
export function zoomAt(view: View, factor: number, sx: number, sy: number): View {
  const scale = clampScale(view.scale * factor);
  const k = scale / view.scale;
  return { scale, x: sx - (sx - view.x) * k, y: sy - (sy - view.y) * k };
}

export function pan(view: View, dx: number, dy: number): View {
  return { scale: view.scale, x: view.x + dx, y: view.y + dy };
}

/** Shows `box` (image coordinates) whole and centred in a viewport, with a margin in screen pixels. */
export function fitBounds(box: Box, viewportW: number, viewportH: number, margin = 16, maxScale = MAX_SCALE): View {
  const w = Math.max(box.w, 1);
  const h = Math.max(box.h, 1);
  const scale = clampScale(Math.min((viewportW - 2 * margin) / w, (viewportH - 2 * margin) / h, maxScale));
  return { scale, x: viewportW / 2 - (box.x + w / 2) * scale, y: viewportH / 2 - (box.y + h / 2) * scale };
}

/** The whole image in the viewport (never enlarged past 1:1, which only blurs small images). */
export function fit(imageW: number, imageH: number, viewportW: number, viewportH: number): View {
  return fitBounds({ x: 0, y: 0, w: imageW, h: imageH }, viewportW, viewportH, 8, 1);
}

/** 1:1, keeping the image point at the viewport centre where it is. */
export function actualSize(view: View, viewportW: number, viewportH: number): View {
  return zoomAt(view, 1 / view.scale, viewportW / 2, viewportH / 2);
}

/** Zoom to a shape with room around it, without magnifying a tiny shape beyond 8 screen px per image px. */
export function zoomToShape(box: Box, viewportW: number, viewportH: number): View {
  const pad = Math.max(box.w, box.h) * 0.25 + 4;
  return fitBounds({ x: box.x - pad, y: box.y - pad, w: box.w + 2 * pad, h: box.h + 2 * pad }, viewportW, viewportH, 16, 8);
}
