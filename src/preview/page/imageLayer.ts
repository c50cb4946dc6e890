// A downscaled image has a layer of its own: scaling 12 megapixels down costs more than the rest of
// a pan frame. The layer is drawn at one view, with the shape layers' padding, and copied while the
// view only pans; at 1:1 and closer the image is drawn directly.
import type { View } from '../model/transform';
import { Layer, type Scene } from './layers';

export class ImageLayer {
  private readonly layer = new Layer();
  /** the view the layer was drawn at; undefined when it must be drawn again */
  private layerView?: View;
  private idle = 0;

  constructor(private readonly scene: Scene) {}

  resize(width: number, height: number): void {
    this.layer.resize(width, height);
    this.layerView = undefined;
  }

  /** The picture changed: the layer must be drawn again. */
  forget(): void {
    this.layerView = undefined;
  }

  /**
   * Copies the downscaled image from its layer. False when the image is to be drawn directly: at
   * 1:1 and closer (only the part on screen is sampled, without smoothing), and when the layer was
   * made for another view; it is then made again in idle time, as filling the padded layer costs
   * about twice a direct draw.
   */
  drawTo(ctx: CanvasRenderingContext2D): boolean {
    const { dpr, view, pad, image } = this.scene;
    if (!image || view.scale >= 1) return false;
    const cached = this.layerView;
    const dx = cached ? (view.x - cached.x) * dpr : 0;
    const dy = cached ? (view.y - cached.y) * dpr : 0;
    if (cached && cached.scale === view.scale && Math.abs(dx) <= pad && Math.abs(dy) <= pad) {
      this.layer.copyTo(ctx, dx - pad, dy - pad);
      return true;
    }
    if (!this.idle) this.idle = requestIdleCallback(() => this.fill(), { timeout: 500 });
    return false;
  }

  private fill(): void {
    this.idle = 0;
    const { dpr, view, pad, image, imageW, imageH, gestureEnd } = this.scene;
    if (!image || view.scale >= 1 || performance.now() < gestureEnd) return;
    const layer = this.layer;
    layer.clear();
    const k = view.scale * dpr;
    const ox = view.x * dpr + pad;
    const oy = view.y * dpr + pad;
    layer.ctx.setTransform(k, 0, 0, k, ox, oy);
    layer.ctx.imageSmoothingEnabled = true;
    layer.ctx.drawImage(image, 0, 0, imageW, imageH);
    layer.ctx.setTransform(1, 0, 0, 1, 0, 0);
    layer.mark(ox, oy, ox + imageW * k, oy + imageH * k);
    this.layerView = { ...view };
  }
}
