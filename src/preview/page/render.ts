// Canvas drawing of the image and its shapes, in screen coordinates with 1-device-pixel strokes:
// Chromium's software rasterizer draws those as hairlines, several times faster than wider or
// transformed strokes. The Renderer orchestrates three layers (the image, the shapes by label, the
// captions) and draws hover and selection on top. Its state changes only through its methods, and
// each schedules the frame it needs, so callers never have to follow a change with a rebuild.
import { bounds, type Box, type Shape } from '../../annotations/geometry';
import { labelColor } from '../model/colors';
import type { View } from '../model/transform';
import { drawCaptions } from './captions';
import { ImageLayer } from './imageLayer';
import { OverlayLayer } from './overlayLayer';
import type { KeypointOverlay, MaskOverlay } from '../model/overlays';
import { haloStroke, tracePath, type Scene } from './layers';
import { ShapeLayers } from './shapeLayers';

export interface RenderStyle {
  text: string;
  textBackground: string;
  highlight: string;
}

export class Renderer {
  readonly ctx: CanvasRenderingContext2D;
  private readonly scene: Scene = {
    shapes: [],
    boxes: [],
    visible: [],
    colors: {},
    view: { scale: 1, x: 0, y: 0 },
    imageW: 1,
    imageH: 1,
    cssW: 1,
    cssH: 1,
    dpr: 1,
    pad: 0,
    gestureEnd: 0,
    fillsFrom: 0,
  };
  private readonly shapeLayers = new ShapeLayers(this.scene);
  private readonly imageLayer = new ImageLayer(this.scene);
  /** masks and keypoints (COCO, YOLO pose), under the outlines */
  private readonly overlays = new OverlayLayer(this.scene);
  /** shapes, filters or colours changed since the labels were last grouped */
  private regroup = true;
  private selectedShape?: number;
  private captions = true;
  private frame = 0;
  private settleTimer = 0;
  private fillTimer = 0;
  /** last draw in ms, for the benchmark */
  lastDrawMs = 0;
  /** drawn over the shapes, under the selection (the evaluation's TP/FP/FN) */
  overlay?: { draw(ctx: CanvasRenderingContext2D, view: View, dpr: number, cssW: number, cssH: number): void };
  /** box editing (editing.ts): draws the box being changed and the handles, on top */
  editor?: { readonly dragging?: boolean; hides(shape: number): boolean; draw(ctx: CanvasRenderingContext2D, view: View, dpr: number, highlight: string, color: (shape: number) => string): void };
  /** drawing new shapes (drawTools.ts): the shape being drawn, on top of everything */
  drawing?: { draw(ctx: CanvasRenderingContext2D, view: View, dpr: number, highlight: string, colors: Record<string, string>): void };

  constructor(readonly canvas: HTMLCanvasElement, private readonly styles: () => RenderStyle) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2D canvas');
    this.ctx = ctx;
  }

  // ---- what is drawn (read-only; change it through the methods below)
  get image(): CanvasImageSource | undefined {
    return this.scene.image;
  }
  get imageW(): number {
    return this.scene.imageW;
  }
  get imageH(): number {
    return this.scene.imageH;
  }
  get width(): number {
    return this.scene.cssW;
  }
  get height(): number {
    return this.scene.cssH;
  }
  get view(): View {
    return this.scene.view;
  }
  get shapes(): readonly Shape[] {
    return this.scene.shapes;
  }
  get boxes(): readonly Box[] {
    return this.scene.boxes;
  }
  get visible(): readonly number[] {
    return this.scene.visible;
  }
  get colors(): Record<string, string> {
    return this.scene.colors;
  }
  get hover(): number | undefined {
    return this.scene.hover;
  }
  get selected(): number | undefined {
    return this.selectedShape;
  }
  get showText(): boolean {
    return this.captions;
  }

  // ---- changes
  setImage(image: CanvasImageSource | undefined): void {
    // A bitmap holds the decoded picture (tens of megabytes): free it with the picture it shows.
    if (this.scene.image !== image && this.scene.image instanceof ImageBitmap) this.scene.image.close();
    this.scene.image = image;
    this.imageLayer.forget();
    this.invalidate();
  }

  /** The image's size in pixels: the area the shapes are drawn on while the picture is not there. */
  setImageSize(width: number, height: number): void {
    this.scene.imageW = width;
    this.scene.imageH = height;
    this.invalidate();
  }

  /** New shapes (in image pixels); the visible ones follow with setVisible. */
  setShapes(shapes: Shape[]): void {
    const before = this.scene.shapes;
    if (this.canvas.dataset.frameProbe) this.probeShapes = Date.now();
    this.scene.shapes = shapes;
    this.scene.boxes = shapes.map(bounds);
    this.shapeLayers.reset(shapes, before);
    this.regroup = true;
    this.invalidate();
  }

  /** Masks and keypoints (in image pixels) of the shapes' annotations; they follow their annotation's box. */
  setOverlays(masks: MaskOverlay[], keypoints: KeypointOverlay[]): void {
    this.overlays.set(masks, keypoints);
    this.invalidate();
  }

  /** Indexes into the shapes that pass the filters, in drawing order. */
  setVisible(visible: number[]): void {
    this.scene.visible = visible;
    this.regroup = true;
    this.invalidate();
  }

  setColors(colors: Record<string, string>): void {
    this.scene.colors = colors;
    this.regroup = true;
    this.invalidate();
  }

  setView(view: View): void {
    this.scene.view = view;
    this.invalidate();
  }

  /** The shape under the pointer (an index into the shapes): drawn on top, the others dimmed. */
  setHover(index: number | undefined): void {
    this.scene.hover = index;
    this.invalidate();
  }

  /** A shape being changed (editing.ts draws its live copy): left out of the cached layers meanwhile. */
  setLifted(index: number | undefined): void {
    if (this.scene.lifted === index) return;
    this.scene.lifted = index;
    this.regroup = true;
    this.invalidate();
  }

  setSelected(index: number | undefined): void {
    this.selectedShape = index;
    this.invalidate();
  }

  setShowText(show: boolean): void {
    this.captions = show;
    this.invalidate();
  }

  resize(cssW: number, cssH: number, dpr: number): void {
    const scene = this.scene;
    scene.cssW = Math.max(1, cssW);
    scene.cssH = Math.max(1, cssH);
    scene.dpr = dpr;
    this.canvas.width = Math.round(scene.cssW * dpr);
    this.canvas.height = Math.round(scene.cssH * dpr);
    this.canvas.style.width = `${scene.cssW}px`;
    this.canvas.style.height = `${scene.cssH}px`;
    scene.pad = Math.round(Math.max(this.canvas.width, this.canvas.height) / 4);
    this.shapeLayers.resize(this.canvas.width + 2 * scene.pad, this.canvas.height + 2 * scene.pad);
    this.imageLayer.resize(this.canvas.width + 2 * scene.pad, this.canvas.height + 2 * scene.pad);
  }

  /**
   * A filter step (threshold drag, legend click): the next frame outlines polygons without their
   * light fill, which is most of the rasterizing, so it lands within one frame; the fills follow
   * once the control rests.
   */
  filterStep(): void {
    this.scene.fillsFrom = performance.now() + 150;
    clearTimeout(this.fillTimer);
    this.fillTimer = window.setTimeout(() => {
      this.shapeLayers.refill();
      this.invalidate();
    }, 160);
  }

  /** A zoom step of a continuous gesture: may scale the cached layer now and sharpen it at rest. */
  gesture(): void {
    this.scene.gestureEnd = performance.now() + 150;
    clearTimeout(this.settleTimer);
    this.settleTimer = window.setTimeout(() => this.invalidate(), 160);
  }

  /** Draws on the next animation frame; many calls in one frame draw once. */
  invalidate(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Draws now. */
  draw(): void {
    const started = performance.now();
    const { ctx, scene } = this;
    const { dpr, view } = scene;
    if (this.regroup) {
      this.shapeLayers.rebuild();
      this.regroup = false;
    }
    if (this.dragFrame(started)) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const k = view.scale * dpr;
    const ox = view.x * dpr;
    const oy = view.y * dpr;
    if (!this.imageLayer.drawTo(ctx)) {
      ctx.setTransform(k, 0, 0, k, ox, oy);
      // Past 1:1 each image pixel becomes a crisp square, so the annotator sees real pixel edges.
      ctx.imageSmoothingEnabled = view.scale < 1;
      if (scene.image) ctx.drawImage(scene.image, 0, 0, scene.imageW, scene.imageH);
      else {
        ctx.fillStyle = 'rgba(128,128,128,0.15)';
        ctx.fillRect(0, 0, scene.imageW, scene.imageH);
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.imageSmoothingEnabled = true;
    }
    this.overlays.drawTo(ctx);
    this.shapeLayers.drawTo(ctx);
    this.overlay?.draw(ctx, view, dpr, scene.cssW, scene.cssH);
    const style = this.styles();
    ctx.lineJoin = 'round';
    for (const i of [this.selectedShape, scene.hover]) {
      if (i === undefined || !scene.shapes[i] || this.editor?.hides(i)) continue;
      const shape = scene.shapes[i];
      ctx.beginPath();
      tracePath(ctx, shape, k, ox, oy);
      haloStroke(ctx, dpr, style.highlight, labelColor(shape.label, scene.colors), () => ctx.stroke());
    }
    this.keepUnderDrag(style);
    this.editor?.draw(ctx, view, dpr, style.highlight, (i) => labelColor(scene.shapes[i].label, scene.colors));
    this.drawing?.draw(ctx, view, dpr, style.highlight, scene.colors);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (this.captions) drawCaptions(ctx, scene, style);
    this.lastDrawMs = performance.now() - started;
    if (this.canvas.dataset.frameProbe && this.editor?.dragging) this.probeFrame(started);
    else if (this.probeShapes) this.probeShapesDrawn();
  }

  /** For the editing bench: when new shapes arrived (data-shapes-at) and were first drawn (data-shapes-drawn-at), wall-clock ms. */
  private probeShapes = 0;
  private probeShapesDrawn(): void {
    this.ctx.getImageData(0, 0, 1, 1);
    this.canvas.dataset.shapesAt = String(this.probeShapes);
    this.canvas.dataset.shapesDrawnAt = String(Date.now());
    this.probeShapes = 0;
  }

  /**
   * While a box is dragged only it and its handles change: everything under them (the picture,
   * masks, the shape layers, the highlights) is kept in one canvas at the drag's first frame, and
   * each later frame of the drag is a copy of it plus the box, instead of clearing the screen and
   * copying every layer. Anything else that changes what is under the box (the view, the shapes,
   * the filters, colours, hover, selection, the picture, the polygons' fills, the theme) changes
   * the key, and the frame is drawn in full and kept again.
   */
  private underDrag?: { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D; key: unknown[] };

  private underDragKey(style: RenderStyle): unknown[] {
    const s = this.scene;
    return [s.view.scale, s.view.x, s.view.y, this.canvas.width, this.canvas.height, s.dpr, s.shapes, s.visible, s.colors, s.hover, this.selectedShape, s.image, s.imageW, s.imageH, this.overlay, performance.now() >= s.fillsFrom, style.highlight];
  }

  /** After the scene under the editor is drawn: kept for the next frames while a box is dragged. */
  private keepUnderDrag(style: RenderStyle): void {
    if (!this.editor?.dragging) {
      this.underDrag = undefined;
      return;
    }
    const { width, height } = this.canvas;
    let kept = this.underDrag;
    if (!kept || kept.canvas.width !== width || kept.canvas.height !== height) {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      kept = { canvas, ctx, key: [] };
    }
    kept.ctx.globalCompositeOperation = 'copy';
    kept.ctx.drawImage(this.canvas, 0, 0);
    kept.ctx.globalCompositeOperation = 'source-over';
    kept.key = this.underDragKey(style);
    this.underDrag = kept;
  }

  /** A frame of a drag drawn from the kept scene; false when it must be drawn in full. */
  private dragFrame(started: number): boolean {
    const kept = this.underDrag;
    if (!kept || !this.editor?.dragging) return false;
    const style = this.styles();
    const key = this.underDragKey(style);
    if (key.length !== kept.key.length || key.some((v, i) => v !== kept.key[i])) return false;
    const { ctx, scene } = this;
    const { dpr, view } = scene;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalCompositeOperation = 'copy';
    ctx.drawImage(kept.canvas, 0, 0);
    ctx.globalCompositeOperation = 'source-over';
    ctx.lineJoin = 'round';
    this.editor.draw(ctx, view, dpr, style.highlight, (i) => labelColor(scene.shapes[i].label, scene.colors));
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (this.captions) drawCaptions(ctx, scene, style);
    this.lastDrawMs = performance.now() - started;
    if (this.canvas.dataset.frameProbe) this.probeFrame(started);
    return true;
  }

  /**
   * For the editing bench (scripts/bench/editing.mjs), which sets the canvas' data-frame-probe: each
   * frame drawn during a drag is rasterized at once (a 1-pixel read) and its time, drawing and
   * rasterizing, appended to the canvas' data-drag-frames (ms, space-separated).
   */
  private probeFrame(started: number): void {
    this.ctx.getImageData(0, 0, 1, 1);
    const ms = performance.now() - started;
    this.canvas.dataset.dragFrames = `${this.canvas.dataset.dragFrames ?? ''}${ms.toFixed(2)} `;
  }
}
