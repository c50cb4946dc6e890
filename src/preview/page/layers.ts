// The drawing primitives the preview's layers share: an offscreen canvas that tracks the part it
// has drawn on, a shape traced into a path in screen space, and what every layer reads from the
// renderer (the scene).
import type { Box, Shape } from '../../annotations/geometry';
import type { View } from '../model/transform';

/** What the layers read from the renderer; only the renderer writes it. */
export interface Scene {
  shapes: Shape[];
  /** bounds of each shape, same indexes */
  boxes: Box[];
  /** indexes into shapes that pass the filters */
  visible: number[];
  colors: Record<string, string>;
  view: View;
  hover?: number;
  /** a shape being changed in the preview, drawn by the editor instead of the layers */
  lifted?: number;
  image?: CanvasImageSource;
  imageW: number;
  imageH: number;
  cssW: number;
  cssH: number;
  dpr: number;
  /** the layers' padding on each side, in device pixels */
  pad: number;
  /** a zoom gesture is under way until this time (performance.now()) */
  gestureEnd: number;
  /** polygons are filled from this time on (see Renderer.filterStep) */
  fillsFrom: number;
}

/** An offscreen canvas the size of the screen plus padding, which tracks the part it has drawn on. */
export class Layer {
  readonly canvas = document.createElement('canvas');
  readonly ctx: CanvasRenderingContext2D;
  private x0 = 0;
  private y0 = 0;
  private x1 = 0;
  private y1 = 0;

  constructor() {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('No 2D canvas');
    this.ctx = ctx;
  }

  resize(width: number, height: number): void {
    this.canvas.width = width;
    this.canvas.height = height;
    this.x1 = this.x0;
  }

  clear(): void {
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    if (this.x1 > this.x0 && this.y1 > this.y0) this.ctx.clearRect(this.x0, this.y0, this.x1 - this.x0, this.y1 - this.y0);
    this.x1 = this.x0;
  }

  /** Records that the rectangle from (x0, y0) to (x1, y1) may have been drawn on. */
  mark(x0: number, y0: number, x1: number, y1: number): void {
    x0 = Math.max(0, Math.floor(x0));
    y0 = Math.max(0, Math.floor(y0));
    x1 = Math.min(this.canvas.width, Math.ceil(x1));
    y1 = Math.min(this.canvas.height, Math.ceil(y1));
    if (x1 <= x0 || y1 <= y0) return;
    if (this.x1 <= this.x0) [this.x0, this.y0, this.x1, this.y1] = [x0, y0, x1, y1];
    else {
      this.x0 = Math.min(this.x0, x0);
      this.y0 = Math.min(this.y0, y0);
      this.x1 = Math.max(this.x1, x1);
      this.y1 = Math.max(this.y1, y1);
    }
  }

  /** Draws another layer of the same size over this one, and clears it. */
  absorb(other: Layer): void {
    if (other.x1 <= other.x0) return;
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.drawImage(other.canvas, 0, 0);
    this.mark(other.x0, other.y0, other.x1, other.y1);
    other.clear();
  }

  /**
   * Draws the layer into ctx (under its current transform), the layer's origin at (x, y); nothing
   * when it is blank. The whole canvas: copying only the drawn-on part measured no faster.
   */
  copyTo(ctx: CanvasRenderingContext2D, x: number, y: number): void {
    if (this.x1 > this.x0 && this.y1 > this.y0) ctx.drawImage(this.canvas, x, y);
  }
}

/** `#rrggbb` at the given opacity, as a CSS colour. */
export function translucent(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/**
 * A highlighted outline: the path (or rect) `stroke` draws, stroked wide in the highlight colour
 * and then narrower in the shape's own, so it stands out on any picture. Widths in CSS pixels.
 */
export function haloStroke(ctx: CanvasRenderingContext2D, dpr: number, highlight: string, color: string, stroke: () => void, wide = 5, narrow = 2.5): void {
  ctx.lineWidth = wide * dpr;
  ctx.strokeStyle = highlight;
  stroke();
  ctx.lineWidth = narrow * dpr;
  ctx.strokeStyle = color;
  stroke();
}

/**
 * Adds the shape to the path in screen space (x × k + ox). Unless `close`, a polygon is closed by
 * a line back to its first point instead of closePath: the same pixels for a hairline, and much
 * faster when many polygons share a path.
 */
export function tracePath(ctx: CanvasPath, s: Shape, k: number, ox: number, oy: number, close = true): void {
  const q = s.points;
  if (s.kind === 'rectangle') {
    // Whole device pixels + 0.5: a 1-pixel line sits on one pixel row instead of blurring over two.
    const x = Math.round(q[0] * k + ox) + 0.5;
    const y = Math.round(q[1] * k + oy) + 0.5;
    ctx.rect(x, y, Math.round(q[2] * k), Math.round(q[3] * k));
    return;
  }
  ctx.moveTo(q[0] * k + ox, q[1] * k + oy);
  for (let i = 2; i < q.length; i += 2) ctx.lineTo(q[i] * k + ox, q[i + 1] * k + oy);
  if (s.kind !== 'polygon') return;
  if (close) ctx.closePath();
  else ctx.lineTo(q[0] * k + ox, q[1] * k + oy);
}
