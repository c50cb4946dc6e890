// Canvas drawing of the image and its shapes, in screen coordinates with 1-device-pixel strokes:
// Chromium's software rasterizer draws those as hairlines, several times faster than wider or
// transformed strokes. Shapes are grouped by label, drawn in the label's colour.
//
// The shapes are rendered into layers a quarter viewport larger than the screen on each side. A pan
// frame is then the image plus a copy of each layer, whatever the number of shapes; during a zoom
// gesture the layers are scaled, and redrawn sharp once the wheel rests. Hover and selection draw
// on top.
//
// The labels are split between two layers of about equal drawing cost, so a legend click redraws
// only the layer of the label it switched, and a label keeps its traced paths (Path2D, in layer
// pixels) until its visible shapes or the layers' geometry change. A downscaled image has a layer
// of its own too: scaling 12 megapixels down costs more than the rest of a pan frame.
import { labelColor } from '../model/colors';
import { bounds, type Box, type Shape } from '../../annotations/geometry';
import type { View } from '../model/transform';

/** The visible shapes of one label and, once traced, their paths. */
interface LabelGroup {
  color: string;
  /** indexes into shapes, in drawing order */
  items: number[];
  /** the layer geometry the paths were traced for (Geometry.key) */
  tracedFor?: string;
  /** the part of the layer the traced shapes cover: left, top, right, bottom */
  area?: [number, number, number, number];
  /** every rectangle on the layer in one path: Skia strokes a rect-only path as fast hairlines */
  rects?: Path2D;
  /**
   * every polygon and line on the layer in one path, the polygons closed by a line back to their
   * start: a path of thousands of closed contours rasterizes ten times slower
   */
  outlines?: Path2D;
  /** the polygons on the layer, filled one path each (one path would merge overlapping fills) */
  polygons?: number[];
}

/** An offscreen canvas the size of the screen plus padding, which tracks the part it has drawn on. */
class Layer {
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

/** How many layers the labels are split between. */
const BINS = 2;

/** Where the layers are drawn: layer pixel = image pixel × k + (ox, oy). */
interface Geometry {
  k: number;
  ox: number;
  oy: number;
  /** the layers' size */
  cw: number;
  ch: number;
  /** all of the above, to tell whether traced paths still fit */
  key: string;
}

const TEXT_FONT = '12px var(--vscode-font-family, sans-serif)';
/** Past this many shapes on screen, text labels would be an unreadable carpet: skip them. */
const MAX_TEXT_SHAPES = 400;

export class Renderer {
  readonly ctx: CanvasRenderingContext2D;
  private picture?: CanvasImageSource;
  imageW = 1;
  imageH = 1;
  shapes: Shape[] = [];
  boxes: Box[] = [];
  /** indexes into shapes that pass the filters */
  visible: number[] = [];
  view: View = { scale: 1, x: 0, y: 0 };
  hover?: number;
  selected?: number;
  showText = true;
  colors: Record<string, string> = {};
  private groups = new Map<string, LabelGroup>();
  private cssW = 1;
  private cssH = 1;
  private dpr = 1;
  private frame = 0;
  /** the shape layers, each with the labels of one bin */
  private readonly layers = Array.from({ length: BINS }, () => new Layer());
  /** the layer of each label, fixed while the shapes stay */
  private binOf = new Map<string, number>();
  /** layers to draw again at layerView */
  private readonly stale: boolean[] = new Array<boolean>(BINS).fill(true);
  /** layers whose polygons were drawn without their fill (see filterStep) */
  private readonly unfilled: boolean[] = new Array<boolean>(BINS).fill(false);
  /** whether each layer holds its own bin, or the first holds them all (see renderLayers) */
  private split = false;
  private splitIdle = 0;
  /** the view the layers were drawn at; undefined when they must all be redrawn */
  private layerView?: View;
  /** the image, downscaled to the view it was drawn at (imageLayerView), with the same padding */
  private readonly imageLayer = new Layer();
  private imageLayerView?: View;
  private imageIdle = 0;
  private pad = 0;
  private gestureEnd = 0;
  private settleTimer = 0;
  private fillsFrom = 0;
  private fillTimer = 0;
  /** last draw in ms, for the benchmark */
  lastDrawMs = 0;

  constructor(readonly canvas: HTMLCanvasElement, private readonly styles: () => { text: string; textBackground: string; highlight: string }) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2D canvas');
    this.ctx = ctx;
  }

  get image(): CanvasImageSource | undefined {
    return this.picture;
  }

  set image(image: CanvasImageSource | undefined) {
    // A bitmap holds the decoded picture (tens of megabytes): free it with the picture it shows.
    if (this.picture !== image && this.picture instanceof ImageBitmap) this.picture.close();
    this.picture = image;
    this.imageLayerView = undefined;
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
      // Merged (see renderLayers), the first layer holds every label: draw them all again.
      if (!this.split) this.stale.fill(this.unfilled[0]);
      else for (let b = 0; b < BINS; b++) if (this.unfilled[b]) this.stale[b] = true;
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
    for (const layer of [...this.layers, this.imageLayer]) layer.resize(this.canvas.width + 2 * this.pad, this.canvas.height + 2 * this.pad);
    this.layerView = undefined;
    this.imageLayerView = undefined;
  }

  setShapes(shapes: Shape[]): void {
    this.shapes = shapes;
    this.boxes = shapes.map(bounds);
    this.groups = new Map();
    this.binOf = splitLabels(shapes);
    this.layerView = undefined;
  }

  /**
   * Call after shapes, filters or colours change. A label whose visible shapes and colour are as
   * before keeps its traced paths; only the layers of labels that changed are drawn again.
   */
  rebuild(): void {
    const items = new Map<string, number[]>();
    for (const i of this.visible) {
      const label = this.shapes[i].label;
      const list = items.get(label);
      if (list) list.push(i);
      else items.set(label, [i]);
    }
    const groups = new Map<string, LabelGroup>();
    for (const [label, list] of items) {
      const color = labelColor(label, this.colors);
      const old = this.groups.get(label);
      const same = old && old.color === color && sameItems(old.items, list);
      groups.set(label, same ? old : { color, items: list });
      if (!same) this.stale[this.binOf.get(label) ?? 0] = true;
    }
    for (const label of this.groups.keys()) if (!groups.has(label)) this.stale[this.binOf.get(label) ?? 0] = true;
    this.groups = groups;
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
    if (!this.drawImageLayer()) {
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
    }
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

  /**
   * Copies the downscaled image from its layer. False when the image is to be drawn directly: at
   * 1:1 and closer (only the part on screen is sampled, without smoothing), and when the layer was
   * made for another view; it is then made again in idle time, as filling the padded layer costs
   * about twice a direct draw.
   */
  private drawImageLayer(): boolean {
    const { dpr, view, pad } = this;
    if (!this.image || view.scale >= 1) return false;
    const cached = this.imageLayerView;
    const dx = cached ? (view.x - cached.x) * dpr : 0;
    const dy = cached ? (view.y - cached.y) * dpr : 0;
    if (cached && cached.scale === view.scale && Math.abs(dx) <= pad && Math.abs(dy) <= pad) {
      this.imageLayer.copyTo(this.ctx, dx - pad, dy - pad);
      return true;
    }
    if (!this.imageIdle) this.imageIdle = requestIdleCallback(() => this.fillImageLayer(), { timeout: 500 });
    return false;
  }

  private fillImageLayer(): void {
    this.imageIdle = 0;
    const { dpr, view, pad } = this;
    if (!this.image || view.scale >= 1 || performance.now() < this.gestureEnd) return;
    const layer = this.imageLayer;
    layer.clear();
    const k = view.scale * dpr;
    const ox = view.x * dpr + pad;
    const oy = view.y * dpr + pad;
    layer.ctx.setTransform(k, 0, 0, k, ox, oy);
    layer.ctx.imageSmoothingEnabled = true;
    layer.ctx.drawImage(this.image, 0, 0, this.imageW, this.imageH);
    layer.ctx.setTransform(1, 0, 0, 1, 0, 0);
    layer.mark(ox, oy, ox + this.imageW * k, oy + this.imageH * k);
    this.imageLayerView = { ...view };
  }

  /** Copies the shape layers to the screen, drawing them first where the cached ones cannot serve. */
  private drawLayer(): void {
    const { ctx, dpr, view, pad } = this;
    const cached = this.layerView;
    // While hovering, every other shape dims: the layers at a lower alpha.
    ctx.globalAlpha = this.hover !== undefined ? 0.3 : 1;
    if (cached && cached.scale === view.scale) {
      const dx = (view.x - cached.x) * dpr;
      const dy = (view.y - cached.y) * dpr;
      if (Math.abs(dx) <= pad && Math.abs(dy) <= pad) {
        // Only the layers of labels that changed are drawn again, at the layers' view.
        this.renderLayers(cached, true);
        for (const layer of this.layers) layer.copyTo(ctx, dx - pad, dy - pad);
        ctx.globalAlpha = 1;
        return;
      }
    } else if (cached && performance.now() < this.gestureEnd && !this.stale.includes(true)) {
      // Mid-zoom: scale the layers (slightly soft) instead of drawing every shape per wheel step.
      // One layer scales faster than two, and the sharp redraw at rest merges them anyway.
      if (this.split) {
        this.layers[0].absorb(this.layers[1]);
        this.unfilled[0] ||= this.unfilled[1];
        this.unfilled[1] = false;
        this.split = false;
      }
      const r = view.scale / cached.scale;
      ctx.setTransform(r, 0, 0, r, (view.x - cached.x * r) * dpr, (view.y - cached.y * r) * dpr);
      for (const layer of this.layers) layer.copyTo(ctx, -pad, -pad);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalAlpha = 1;
      return;
    }
    this.renderLayers(view, false);
    for (const layer of this.layers) layer.copyTo(ctx, -pad, -pad);
    ctx.globalAlpha = 1;
  }

  /**
   * Draws the shape layers at the given view: all of them, or only the stale ones. When every
   * label is to be drawn again (new view, threshold step), all go into the first layer, which
   * saves clearing and copying the second on this and later frames; the labels are split between
   * the layers afterwards in idle time, ready for a legend click. A click that comes first splits
   * them itself.
   */
  private renderLayers(at: View, onlyStale: boolean): void {
    const geometry = this.geometry(at);
    if (!onlyStale || this.stale.every(Boolean)) {
      this.paint(geometry, 0, [0, 1]);
      this.layers[1].clear();
      this.unfilled[1] = false;
      this.split = false;
      this.splitLater();
    } else if (this.split) {
      for (let bin = 0; bin < BINS; bin++) if (this.stale[bin]) this.paint(geometry, bin, [bin]);
    } else if (this.stale.some(Boolean)) {
      this.paint(geometry, 0, [0]);
      this.paint(geometry, 1, [1]);
      this.split = true;
    }
    this.layerView = { ...at };
  }

  /** Splits the labels of a merged first layer between the layers, when the page is idle. */
  private splitLater(): void {
    if (this.splitIdle) return;
    this.splitIdle = requestIdleCallback((deadline) => {
      this.splitIdle = 0;
      const at = this.layerView;
      if (this.split || !at || this.stale.some(Boolean) || performance.now() < this.gestureEnd) return;
      // Drawing the layers takes some 10 ms: wait for a long enough pause.
      if (deadline.timeRemaining() < 20 && !deadline.didTimeout) return this.splitLater();
      const geometry = this.geometry(at);
      this.paint(geometry, 0, [0]);
      this.paint(geometry, 1, [1]);
      this.split = true;
    }, { timeout: 1000 });
  }

  private geometry(at: View): Geometry {
    const { dpr, pad } = this;
    const cw = this.layers[0].canvas.width;
    const ch = this.layers[0].canvas.height;
    const k = at.scale * dpr;
    const ox = at.x * dpr + pad;
    const oy = at.y * dpr + pad;
    return { k, ox, oy, cw, ch, key: `${k} ${ox} ${oy} ${cw} ${ch}` };
  }

  /** Clears a layer and draws on it the labels of the given bins, in order. */
  private paint(at: Geometry, layerIndex: number, bins: number[]): void {
    const { k, ox, oy } = at;
    const layer = this.layers[layerIndex];
    const ctx = layer.ctx;
    layer.clear();
    ctx.lineWidth = 1;
    const fills = performance.now() >= this.fillsFrom;
    let polygons = false;
    for (const bin of bins) {
      for (const [label, g] of this.groups) {
        if ((this.binOf.get(label) ?? 0) !== bin) continue;
        if (g.tracedFor !== at.key) this.trace(g, at);
        if (!g.area) continue;
        layer.mark(...g.area);
        ctx.strokeStyle = g.color;
        if (g.polygons?.length) {
          polygons = true;
          // Polygons are filled lightly, through an rgba colour (no alpha state changes).
          if (fills) {
            ctx.fillStyle = translucent(g.color, 0.15);
            for (const i of g.polygons) {
              ctx.beginPath();
              tracePath(ctx, this.shapes[i], k, ox, oy);
              ctx.fill();
            }
          }
        }
        if (g.rects) ctx.stroke(g.rects);
        if (g.outlines) ctx.stroke(g.outlines);
      }
      this.stale[bin] = false;
    }
    this.unfilled[layerIndex] = polygons && !fills;
  }

  /** Traces a label's shapes that fall on the layer, in layer pixels (x × k + ox). */
  private trace(g: LabelGroup, at: Geometry): void {
    const { k, ox, oy, cw, ch } = at;
    g.tracedFor = at.key;
    const rects = new Path2D();
    let rectCount = 0;
    const outlines = new Path2D();
    let outlineCount = 0;
    const polygons: number[] = [];
    let left = Infinity;
    let top = Infinity;
    let right = -Infinity;
    let bottom = -Infinity;
    for (const i of g.items) {
      const box = this.boxes[i];
      const x0 = box.x * k + ox;
      const y0 = box.y * k + oy;
      const x1 = x0 + box.w * k;
      const y1 = y0 + box.h * k;
      if (x0 > cw || y0 > ch || x1 < 0 || y1 < 0) continue;
      left = Math.min(left, x0);
      top = Math.min(top, y0);
      right = Math.max(right, x1);
      bottom = Math.max(bottom, y1);
      const s = this.shapes[i];
      if (s.kind === 'rectangle') {
        tracePath(rects, s, k, ox, oy);
        rectCount++;
      } else {
        tracePath(outlines, s, k, ox, oy, false);
        outlineCount++;
        if (s.kind === 'polygon') polygons.push(i);
      }
    }
    g.rects = rectCount ? rects : undefined;
    g.outlines = outlineCount ? outlines : undefined;
    g.polygons = polygons;
    // Two pixels around for rounding and the strokes' width.
    g.area = right >= left ? [left - 2, top - 2, right + 2, bottom + 2] : undefined;
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

/**
 * Splits the labels between the layers so that each has about the same drawing cost (a polygon or
 * line costs about four rectangles), largest labels first.
 */
function splitLabels(shapes: readonly Shape[]): Map<string, number> {
  const cost = new Map<string, number>();
  for (const s of shapes) cost.set(s.label, (cost.get(s.label) ?? 0) + (s.kind === 'rectangle' ? 1 : 4));
  const load = new Array<number>(BINS).fill(0);
  const binOf = new Map<string, number>();
  for (const [label, c] of [...cost].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    const bin = load.indexOf(Math.min(...load));
    binOf.set(label, bin);
    load[bin] += c;
  }
  return binOf;
}

function sameItems(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Adds the shape to the path in screen space (x × k + ox). Unless `close`, a polygon is closed by
 * a line back to its first point instead of closePath: the same pixels for a hairline, and much
 * faster when many polygons share a path.
 */
function tracePath(ctx: CanvasPath, s: Shape, k: number, ox: number, oy: number, close = true): void {
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
