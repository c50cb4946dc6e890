// Masks and keypoints on the picture, under the outlines. A mask is decoded once (from its runs)
// into a canvas the size of its box, in its label's colour at some 45% opacity, and drawn scaled with
// crisp pixel edges; keypoints are drawn in screen space: the skeleton's edges between labelled
// points, visible points (v = 2) filled, labelled but hidden ones (v = 1) hollow, v = 0 not at all.
// Masks and keypoints follow their annotation's box: hidden with its label or below the threshold,
// dimmed while another shape is hovered.
import { rleBounds, rleCrop } from '../../annotations/cocoRle';
import { labelColor } from '../model/colors';
import { drawnEdges, type KeypointOverlay, type MaskOverlay } from '../model/overlays';
import type { Scene } from './layers';

/** Masks whose box has more pixels than this are not drawn (a canvas of 4 bytes a pixel). */
const MAX_MASK_PIXELS = 40_000_000;
const MASK_ALPHA = 115;

interface PaintedMask {
  color: string;
  canvas?: HTMLCanvasElement;
  x: number;
  y: number;
}

export class OverlayLayer {
  private masks: MaskOverlay[] = [];
  private keypoints: KeypointOverlay[] = [];
  private readonly painted = new Map<MaskOverlay, PaintedMask>();
  /** the visible annotations, for the scene.visible they were computed from */
  private visibleFor?: readonly number[];
  private visibleSet = new Set<number>();

  constructor(private readonly scene: Scene) {}

  /** New overlays (keypoints in image pixels). */
  set(masks: MaskOverlay[], keypoints: KeypointOverlay[]): void {
    for (const m of this.masks) if (!masks.includes(m)) this.painted.delete(m);
    this.masks = masks;
    this.keypoints = keypoints;
  }

  get count(): number {
    return this.masks.length + this.keypoints.length;
  }

  private visible(): Set<number> {
    if (this.visibleFor !== this.scene.visible) {
      this.visibleFor = this.scene.visible;
      this.visibleSet = new Set(this.scene.visible.map((i) => this.scene.shapes[i].index));
    }
    return this.visibleSet;
  }

  private hovered(): number | undefined {
    const h = this.scene.hover;
    return h === undefined ? undefined : this.scene.shapes[h]?.index;
  }

  private paint(mask: MaskOverlay, color: string): PaintedMask {
    const old = this.painted.get(mask);
    if (old && old.color === color) return old;
    const box = rleBounds(mask.rle);
    const out: PaintedMask = { color, x: box?.x ?? 0, y: box?.y ?? 0 };
    if (box && box.w * box.h <= MAX_MASK_PIXELS) {
      const bits = rleCrop(mask.rle, box);
      const canvas = document.createElement('canvas');
      canvas.width = box.w;
      canvas.height = box.h;
      const ctx = canvas.getContext('2d');
      if (ctx) {
        const image = ctx.createImageData(box.w, box.h);
        const n = parseInt(color.slice(1), 16);
        const r = n >> 16;
        const g = (n >> 8) & 255;
        const b = n & 255;
        const data = image.data;
        for (let i = 0; i < bits.length; i++) {
          if (!bits[i]) continue;
          const o = i * 4;
          data[o] = r;
          data[o + 1] = g;
          data[o + 2] = b;
          data[o + 3] = MASK_ALPHA;
        }
        ctx.putImageData(image, 0, 0);
        out.canvas = canvas;
      }
    }
    this.painted.set(mask, out);
    return out;
  }

  /** Draws the visible masks and keypoints into ctx (device pixels, identity transform on return). */
  drawTo(ctx: CanvasRenderingContext2D): void {
    if (this.count === 0) return;
    const { view, dpr, colors } = this.scene;
    const visible = this.visible();
    const hover = this.hovered();
    const k = view.scale * dpr;
    const ox = view.x * dpr;
    const oy = view.y * dpr;
    const alphaOf = (index: number): number => (hover !== undefined && hover !== index ? 0.3 : 1);
    if (this.masks.length > 0) {
      ctx.setTransform(k, 0, 0, k, ox, oy);
      // Image pixels as crisp squares: a mask is made of whole pixels.
      ctx.imageSmoothingEnabled = false;
      for (const mask of this.masks) {
        if (!visible.has(mask.index)) continue;
        const painted = this.paint(mask, labelColor(mask.label, colors));
        if (!painted.canvas) continue;
        ctx.globalAlpha = alphaOf(mask.index);
        ctx.drawImage(painted.canvas, painted.x, painted.y);
      }
      ctx.globalAlpha = 1;
      ctx.imageSmoothingEnabled = true;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
    }
    const radius = 3.5 * dpr;
    for (const set of this.keypoints) {
      if (!visible.has(set.index)) continue;
      const color = labelColor(set.label, colors);
      const p = set.points;
      const sx = (i: number): number => p[3 * i] * k + ox;
      const sy = (i: number): number => p[3 * i + 1] * k + oy;
      ctx.globalAlpha = alphaOf(set.index);
      ctx.lineWidth = 2 * dpr;
      ctx.strokeStyle = color;
      ctx.beginPath();
      for (const [a, b] of drawnEdges(set)) {
        ctx.moveTo(sx(a), sy(a));
        ctx.lineTo(sx(b), sy(b));
      }
      ctx.stroke();
      for (let i = 0; 3 * i + 2 < p.length; i++) {
        const v = p[3 * i + 2];
        if (!(v > 0)) continue;
        ctx.beginPath();
        ctx.arc(sx(i), sy(i), radius, 0, 2 * Math.PI);
        if (v >= 2) {
          ctx.fillStyle = color;
          ctx.fill();
          ctx.lineWidth = 1 * dpr;
          ctx.strokeStyle = 'rgba(0, 0, 0, 0.8)';
          ctx.stroke();
        } else {
          ctx.lineWidth = 1.5 * dpr;
          ctx.strokeStyle = color;
          ctx.stroke();
        }
      }
    }
    ctx.globalAlpha = 1;
  }
}
