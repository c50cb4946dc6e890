// The shapes of the preview, drawn into layers a quarter viewport larger than the screen on each
// side, grouped by label in the label's colour. A pan frame is then a copy of each layer, whatever
// the number of shapes; during a zoom gesture the layers are scaled, and redrawn sharp once the
// wheel rests.
//
// The labels are split between two layers of about equal drawing cost, so a legend click redraws
// only the layer of the label it switched, and a label keeps its traced paths (Path2D, in layer
// pixels) until its visible shapes or the layers' geometry change.
import type { Shape } from '../../annotations/geometry';
import { labelColor } from '../model/colors';
import { changedLabels } from '../model/shapeChanges';
import type { View } from '../model/transform';
import { Layer, tracePath, translucent, type Scene } from './layers';

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

export class ShapeLayers {
  private groups = new Map<string, LabelGroup>();
  /** the shape layers, each with the labels of one bin */
  private readonly layers = Array.from({ length: BINS }, () => new Layer());
  /** the layer of each label, fixed while the shapes stay */
  private binOf = new Map<string, number>();
  /** layers to draw again at layerView */
  private readonly stale: boolean[] = new Array<boolean>(BINS).fill(true);
  /** layers whose polygons were drawn without their fill (see Renderer.filterStep) */
  private readonly unfilled: boolean[] = new Array<boolean>(BINS).fill(false);
  /** whether each layer holds its own bin, or the first holds them all (see renderLayers) */
  private split = false;
  private splitIdle = 0;
  /** the view the layers were drawn at; undefined when they must all be redrawn */
  private layerView?: View;

  constructor(private readonly scene: Scene) {}

  resize(width: number, height: number): void {
    for (const layer of this.layers) layer.resize(width, height);
    this.layerView = undefined;
  }

  /**
   * New shapes: every label's paths go, and the labels are split between the layers again. When
   * the shapes are those of `before` with only some changed in place (an edit from the preview
   * reads the whole list back), the labels of the unchanged ones keep their traced paths and their
   * layer, and only the layers of the changed labels are drawn again.
   */
  reset(shapes: readonly Shape[], before?: readonly Shape[]): void {
    const changed = before ? changedLabels(before, shapes) : undefined;
    if (!changed) {
      this.groups = new Map();
      this.binOf = splitLabels(shapes);
      this.layerView = undefined;
      return;
    }
    for (const label of changed) {
      if (this.groups.delete(label)) this.stale[this.binOf.get(label) ?? 0] = true;
    }
  }

  /** The fills left out by a filter step are due: mark the layers drawn without them. */
  refill(): void {
    // Merged (see renderLayers), the first layer holds every label: draw them all again.
    if (!this.split) this.stale.fill(this.unfilled[0]);
    else for (let b = 0; b < BINS; b++) if (this.unfilled[b]) this.stale[b] = true;
  }

  /**
   * Groups the visible shapes by label, after shapes, filters or colours changed. A label whose
   * visible shapes and colour are as before keeps its traced paths; only the layers of labels that
   * changed are drawn again.
   */
  rebuild(): void {
    const items = new Map<string, number[]>();
    for (const i of this.scene.visible) {
      if (i === this.scene.lifted) continue;
      const label = this.scene.shapes[i].label;
      const list = items.get(label);
      if (list) list.push(i);
      else items.set(label, [i]);
    }
    const groups = new Map<string, LabelGroup>();
    for (const [label, list] of items) {
      const color = labelColor(label, this.scene.colors);
      const old = this.groups.get(label);
      const same = old && old.color === color && sameItems(old.items, list);
      groups.set(label, same ? old : { color, items: list });
      if (!same) this.stale[this.binOf.get(label) ?? 0] = true;
    }
    for (const label of this.groups.keys()) if (!groups.has(label)) this.stale[this.binOf.get(label) ?? 0] = true;
    this.groups = groups;
  }

  /** Copies the shape layers to ctx (the screen), drawing them first where the cached ones cannot serve. */
  drawTo(ctx: CanvasRenderingContext2D): void {
    const { dpr, view, pad, hover, gestureEnd } = this.scene;
    const cached = this.layerView;
    // While hovering, every other shape dims: the layers at a lower alpha.
    ctx.globalAlpha = hover !== undefined ? 0.3 : 1;
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
    } else if (cached && performance.now() < gestureEnd && !this.stale.includes(true)) {
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
      if (this.split || !at || this.stale.some(Boolean) || performance.now() < this.scene.gestureEnd) return;
      // Drawing the layers takes some 10 ms: wait for a long enough pause.
      if (deadline.timeRemaining() < 20 && !deadline.didTimeout) return this.splitLater();
      const geometry = this.geometry(at);
      this.paint(geometry, 0, [0]);
      this.paint(geometry, 1, [1]);
      this.split = true;
    }, { timeout: 1000 });
  }

  private geometry(at: View): Geometry {
    const { dpr, pad } = this.scene;
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
    const fills = performance.now() >= this.scene.fillsFrom;
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
              tracePath(ctx, this.scene.shapes[i], k, ox, oy);
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
      const box = this.scene.boxes[i];
      const x0 = box.x * k + ox;
      const y0 = box.y * k + oy;
      const x1 = x0 + box.w * k;
      const y1 = y0 + box.h * k;
      if (x0 > cw || y0 > ch || x1 < 0 || y1 < 0) continue;
      left = Math.min(left, x0);
      top = Math.min(top, y0);
      right = Math.max(right, x1);
      bottom = Math.max(bottom, y1);
      const s = this.scene.shapes[i];
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
