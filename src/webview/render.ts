// Canvas drawing of the image and its shapes, in screen coordinates with 1-device-pixel strokes:
// Chromium's software rasterizer draws those as hairlines, several times faster than wider or
// transformed strokes. Shapes are grouped by colour (rebuilt only when data or filters change).
//
// The shapes are rendered into a layer a quarter viewport larger on each side. A pan frame is then
// the image plus one copy of the layer, whatever the number of shapes; during a zoom gesture the
// layer is scaled, and redrawn sharp once the wheel rests. Hover and selection draw on top.
import { labelColor } from '../overlay/colors';
import { bounds, type Bounds, type Shape } from '../overlay/geometry';
import type { View } from '../overlay/transform';

interface Batch {
  color: string;
  /** indexes into shapes, drawn in this colour */
  items: number[];
}

const TEXT_FONT = '12px var(--vscode-font-family, sans-serif)';
/** Past this many shapes on screen, text labels would be an unreadable carpet: skip them. */
const MAX_TEXT_SHAPES = 400;

export class Renderer {
  readonly ctx: CanvasRenderingContext2D;
  image?: CanvasImageSource;
  imageW = 1;
  imageH = 1;
  shapes: Shape[] = [];
  boxes: Bounds[] = [];
  /** indexes into shapes that pass the filters */
  visible: number[] = [];
  view: View = { scale: 1, x: 0, y: 0 };
  hover?: number;
  selected?: number;
  showText = true;
  colors: Record<string, string> = {};
  private batches: Batch[] = [];
  private cssW = 1;
  private cssH = 1;
  private dpr = 1;
  private frame = 0;
  private readonly layer = document.createElement('canvas');
  private readonly layerCtx: CanvasRenderingContext2D;
  /** the view the layer was drawn at; undefined when it must be redrawn */
  private layerView?: View;
  private pad = 0;
  private gestureEnd = 0;
  private settleTimer = 0;
  private fillsFrom = 0;
  private fillTimer = 0;
  /** last draw in ms, for the benchmark */
  lastDrawMs = 0;

  constructor(readonly canvas: HTMLCanvasElement, private readonly styles: () => { text: string; textBackground: string; highlight: string }) {
    const ctx = canvas.getContext('2d');
    const layerCtx = this.layer.getContext('2d');
    if (!ctx || !layerCtx) throw new Error('No 2D canvas');
    this.ctx = ctx;
    this.layerCtx = layerCtx;
  }

  /**
   * A filter step (threshold drag, legend click): the next frame outlines polygons without their
   * light fill, which is most of the rasterizing, so it lands within one frame; the fills follow
   * once the control rests.
   */
  filterStep(): void {
    this.fillsFrom = performance.now() + 150;
    clearTimeout(this.fillTimer);
    this.fillTimer = window.setTimeout(() => {
      this.layerView = undefined;
      this.invalidate();
    }, 160);
  }

  /** A zoom step of a continuous gesture: may scale the cached layer now and sharpen it at rest. */
  gesture(): void {
    this.gestureEnd = performance.now() + 150;
    clearTimeout(this.settleTimer);
    this.settleTimer = window.setTimeout(() => this.invalidate(), 160);
  }

  get width(): number {
    return this.cssW;
  }

  get height(): number {
    return this.cssH;
  }

  resize(cssW: number, cssH: number, dpr: number): void {
    this.cssW = Math.max(1, cssW);
    this.cssH = Math.max(1, cssH);
    this.dpr = dpr;
    this.canvas.width = Math.round(this.cssW * dpr);
    this.canvas.height = Math.round(this.cssH * dpr);
    this.canvas.style.width = `${this.cssW}px`;
    this.canvas.style.height = `${this.cssH}px`;
    this.pad = Math.round(Math.max(this.canvas.width, this.canvas.height) / 4);
    this.layer.width = this.canvas.width + 2 * this.pad;
    this.layer.height = this.canvas.height + 2 * this.pad;
    this.layerView = undefined;
  }

  setShapes(shapes: Shape[]): void {
    this.shapes = shapes;
    this.boxes = shapes.map(bounds);
  }

  /** Call after shapes, filters or colours change. */
  rebuild(): void {
    const byColor = new Map<string, Batch>();
    const colorOf = new Map<string, string>();
    for (const i of this.visible) {
      const label = this.shapes[i].label;
      let color = colorOf.get(label);
      if (color === undefined) {
        color = labelColor(label, this.colors);
        colorOf.set(label, color);
      }
      let b = byColor.get(color);
      if (!b) {
        b = { color, items: [] };
        byColor.set(color, b);
      }
      b.items.push(i);
    }
    this.batches = [...byColor.values()];
    this.layerView = undefined;
  }

  /** Draws on the next animation frame; many calls in one frame draw once. */
  invalidate(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  draw(): void {
    const started = performance.now();
    const { ctx, dpr, view } = this;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const k = view.scale * dpr;
    const ox = view.x * dpr;
    const oy = view.y * dpr;
    ctx.setTransform(k, 0, 0, k, ox, oy);
    // Past 1:1 each image pixel becomes a crisp square, so the annotator sees real pixel edges.
    ctx.imageSmoothingEnabled = view.scale < 1;
    if (this.image) ctx.drawImage(this.image, 0, 0, this.imageW, this.imageH);
    else {
      ctx.fillStyle = 'rgba(128,128,128,0.15)';
      ctx.fillRect(0, 0, this.imageW, this.imageH);
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.imageSmoothingEnabled = true;
    this.drawLayer();
    const { highlight } = this.styles();
    ctx.lineJoin = 'round';
    for (const i of [this.selected, this.hover]) {
      if (i === undefined || !this.shapes[i]) continue;
      const shape = this.shapes[i];
      ctx.beginPath();
      tracePath(ctx, shape, k, ox, oy);
      ctx.lineWidth = 5 * dpr;
      ctx.strokeStyle = highlight;
      ctx.stroke();
      ctx.lineWidth = 2.5 * dpr;
      ctx.strokeStyle = labelColor(shape.label, this.colors);
      ctx.stroke();
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (this.showText) this.drawText();
    this.lastDrawMs = performance.now() - started;
  }

  /** Copies the shapes layer to the screen, redrawing it first when the cached one cannot serve. */
  private drawLayer(): void {
    const { ctx, dpr, view, pad } = this;
    const cached = this.layerView;
    // While hovering, every other shape dims: the whole layer at a lower alpha.
    ctx.globalAlpha = this.hover !== undefined ? 0.3 : 1;
    if (cached && cached.scale === view.scale) {
      const dx = (view.x - cached.x) * dpr;
      const dy = (view.y - cached.y) * dpr;
      if (Math.abs(dx) <= pad && Math.abs(dy) <= pad) {
        ctx.drawImage(this.layer, dx - pad, dy - pad);
        ctx.globalAlpha = 1;
        return;
      }
    } else if (cached && performance.now() < this.gestureEnd) {
      // Mid-zoom: scale the layer (slightly soft) instead of drawing every shape per wheel step.
      const r = view.scale / cached.scale;
      ctx.setTransform(r, 0, 0, r, (view.x - cached.x * r) * dpr, (view.y - cached.y * r) * dpr);
      ctx.drawImage(this.layer, -pad, -pad);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalAlpha = 1;
      return;
    }
    this.renderLayer();
    ctx.drawImage(this.layer, -pad, -pad);
    ctx.globalAlpha = 1;
  }

  private renderLayer(): void {
    const { dpr, view, pad } = this;
    const ctx = this.layerCtx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.layer.width, this.layer.height);
    const k = view.scale * dpr;
    const ox = view.x * dpr + pad;
    const oy = view.y * dpr + pad;
    const cw = this.layer.width;
    const ch = this.layer.height;
    ctx.lineWidth = 1;
    const fills = performance.now() >= this.fillsFrom;
    const onLayer = (i: number): boolean => {
      const box = this.boxes[i];
      const x0 = box.x * k + ox;
      const y0 = box.y * k + oy;
      return !(x0 > cw || y0 > ch || x0 + box.w * k < 0 || y0 + box.h * k < 0);
    };
    for (const b of this.batches) {
      ctx.strokeStyle = b.color;
      // Rectangles of one colour share a path (Skia strokes a rect-only path as fast hairlines);
      // polygons and lines get a path each: one path of thousands of contours rasterizes far slower.
      ctx.beginPath();
      let rects = 0;
      for (const i of b.items) {
        if (this.shapes[i].kind !== 'rectangle' || !onLayer(i)) continue;
        tracePath(ctx, this.shapes[i], k, ox, oy);
        rects++;
      }
      if (rects) ctx.stroke();
      // Each polygon filled (lightly, through an rgba colour: no alpha state changes) and outlined
      // from one path; lines only outlined.
      ctx.fillStyle = translucent(b.color, 0.15);
      for (const i of b.items) {
        const s = this.shapes[i];
        if (s.kind === 'rectangle' || !onLayer(i)) continue;
        ctx.beginPath();
        tracePath(ctx, s, k, ox, oy);
        if (s.kind === 'polygon' && fills) ctx.fill();
        ctx.stroke();
      }
    }
    this.layerView = { ...view };
  }

  /** Screen rectangles of the visible shapes that are on screen, or undefined when too many. */
  private onScreen(): number[] | undefined {
    const { scale, x, y } = this.view;
    const out: number[] = [];
    for (const i of this.visible) {
      const b = this.boxes[i];
      const sx = b.x * scale + x;
      const sy = b.y * scale + y;
      if (sx > this.cssW || sy > this.cssH || sx + b.w * scale < 0 || sy + b.h * scale < 0) continue;
      out.push(i);
      if (out.length > MAX_TEXT_SHAPES) return undefined;
    }
    return out;
  }

  private drawText(): void {
    const list = this.onScreen();
    if (!list) return;
    const { ctx } = this;
    const { text, textBackground } = this.styles();
    ctx.font = TEXT_FONT;
    ctx.textBaseline = 'top';
    const { scale, x, y } = this.view;
    for (const i of list) {
      if (this.hover !== undefined && i !== this.hover) continue;
      const s = this.shapes[i];
      const b = this.boxes[i];
      const caption = s.confidence === undefined ? s.label : `${s.label} ${s.confidence.toFixed(2)}`;
      if (caption === '') continue;
      const w = ctx.measureText(caption).width + 6;
      const sw = b.w * scale;
      const sh = b.h * scale;
      // Text only where it fits inside the shape's box; a line gets its box's longer side.
      const fits = s.kind === 'line' ? Math.max(sw, sh) >= w : sw >= w && sh >= 16;
      if (!fits) continue;
      const sx = b.x * scale + x;
      const sy = b.y * scale + y;
      ctx.fillStyle = textBackground;
      ctx.fillRect(sx, sy, w, 16);
      ctx.fillStyle = text;
      ctx.fillText(caption, sx + 3, sy + 2);
    }
  }
}

/** `#rrggbb` at the given opacity, as a CSS colour. */
function translucent(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Adds the shape to the current path in screen space (x × k + ox). */
function tracePath(ctx: CanvasRenderingContext2D, s: Shape, k: number, ox: number, oy: number): void {
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
  if (s.kind === 'polygon') ctx.closePath();
}
