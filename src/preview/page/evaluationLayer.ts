// Drawing of an evaluation on the preview: both sides' boxes of the image, matched at the IoU
// slider's value by the same matcher as compare (src/evaluation/imageMatch.ts). True positives
// solid with a thin line to their match, false positives (the prediction) dashed, false negatives
// (the truth box) in short dashes, each with a TP/FP/FN tag where there is room: told apart by more than
// colour. Colours come from the theme (VS Code's chart colours).
import { ImageMatcher, type ImageMatch, type MatchBox } from '../../evaluation/imageMatch';
import type { View } from '../model/transform';
import { EVAL_TEXT } from './evalStrings';
import type { ImageBoxes, Side } from './evalProtocol';

export interface EvalColors {
  tp: string;
  fp: string;
  fn: string;
  text: string;
  textBackground: string;
  highlight: string;
}

export type EvalKind = 'tp' | 'fp' | 'fn';

/** A box as drawn: in image pixels. */
interface Drawn {
  kind: EvalKind;
  side: Side;
  truth: boolean;
  box: MatchBox;
  x: number;
  y: number;
  w: number;
  h: number;
  iou?: number;
}

const MAX_TAGS = 300;

export class EvaluationLayer {
  private matcher?: ImageMatcher;
  private boxes?: ImageBoxes;
  private image = -1;
  private size = { w: 1, h: 1 };
  result?: ImageMatch;
  drawn: Drawn[] = [];
  /** pairs as [truth index in drawn, prediction index in drawn] */
  private links: [number, number][] = [];
  selected?: { side: Side; id: number };
  colors: EvalColors = { tp: '#89d185', fp: '#f14c4c', fn: '#cca700', text: '#ccc', textBackground: 'rgba(0,0,0,0.7)', highlight: '#fff' };
  tags = true;

  setBoxes(image: number, boxes: ImageBoxes | undefined): void {
    this.image = image;
    this.boxes = boxes;
    this.matcher = boxes ? new ImageMatcher(boxes.truth, boxes.predictions) : undefined;
    this.result = undefined;
    this.drawn = [];
  }

  get imageIndex(): number {
    return this.image;
  }

  get active(): boolean {
    return this.matcher !== undefined;
  }

  get ownRole(): ImageBoxes['ownRole'] | undefined {
    return this.boxes?.ownRole;
  }

  /** The predictions' confidences, for the confidence slider's range. */
  confidenceRange(): { min: number; max: number } | undefined {
    let min = Infinity, max = -Infinity;
    for (const p of this.boxes?.predictions ?? []) {
      if (p.confidence === undefined) continue;
      min = Math.min(min, p.confidence);
      max = Math.max(max, p.confidence);
    }
    return min === Infinity ? undefined : { min, max };
  }

  setImageSize(w: number, h: number): void {
    this.size = { w, h };
  }

  /** Matches again (an IoU, confidence or label-filter step): cheap, the IoUs were computed once. */
  update(iou: number, minConfidence: number | undefined, hidden: ReadonlySet<string>): ImageMatch | undefined {
    const b = this.boxes;
    if (!this.matcher || !b) return undefined;
    const m = this.matcher.match(iou, minConfidence, hidden.size ? (l) => !hidden.has(l) : undefined);
    this.result = m;
    const truthById = new Map(b.truth.map((t) => [t.index, t]));
    const predById = new Map(b.predictions.map((p) => [p.index, p]));
    const ownTruth = b.ownRole === 'truth';
    const drawn: Drawn[] = [];
    const add = (kind: EvalKind, truth: boolean, box: MatchBox, iou?: number): number => {
      const norm = truth ? b.truthNormalized : b.predictionsNormalized;
      const sx = norm ? this.size.w : 1;
      const sy = norm ? this.size.h : 1;
      drawn.push({ kind, truth, side: truth === ownTruth ? 'own' : 'other', box, x: box.box[0] * sx, y: box.box[1] * sy, w: box.box[2] * sx, h: box.box[3] * sy, iou });
      return drawn.length - 1;
    };
    const links: [number, number][] = [];
    for (const p of m.pairs) links.push([add('tp', true, truthById.get(p.truth)!, p.iou), add('tp', false, predById.get(p.prediction)!, p.iou)]);
    for (const id of m.falsePositives) add('fp', false, predById.get(id)!);
    for (const id of m.falseNegatives) add('fn', true, truthById.get(id)!);
    this.drawn = drawn;
    this.links = links;
    return m;
  }

  /** The smallest drawn box under an image point (edges within `tolerance`), for clicks and the tooltip. */
  hit(x: number, y: number, tolerance: number): Drawn | undefined {
    let best: Drawn | undefined;
    let bestArea = Infinity;
    for (const d of this.drawn) {
      if (x < d.x - tolerance || y < d.y - tolerance || x > d.x + d.w + tolerance || y > d.y + d.h + tolerance) continue;
      const a = d.w * d.h;
      if (a < bestArea) {
        best = d;
        bestArea = a;
      }
    }
    return best;
  }

  find(side: Side, id: number): Drawn | undefined {
    return this.drawn.find((d) => d.side === side && d.box.index === id);
  }

  /** Draws onto the screen canvas (device pixels) at the view. */
  draw(ctx: CanvasRenderingContext2D, view: View, dpr: number, cssW: number, cssH: number): void {
    if (!this.active || this.drawn.length === 0) return;
    const k = view.scale * dpr;
    const ox = view.x * dpr;
    const oy = view.y * dpr;
    const W = cssW * dpr;
    const H = cssH * dpr;
    const paths = { tp: new Path2D(), fp: new Path2D(), fn: new Path2D() };
    const links = new Path2D();
    const onScreen: Drawn[] = [];
    for (const d of this.drawn) {
      const x = Math.round(d.x * k + ox) + 0.5;
      const y = Math.round(d.y * k + oy) + 0.5;
      const w = Math.round(d.w * k);
      const h = Math.round(d.h * k);
      if (x > W || y > H || x + w < 0 || y + h < 0) continue;
      paths[d.kind].rect(x, y, w, h);
      if (onScreen.length <= MAX_TAGS) onScreen.push(d);
    }
    for (const [t, p] of this.links) {
      const a = this.drawn[t];
      const b = this.drawn[p];
      links.moveTo((a.x + a.w / 2) * k + ox, (a.y + a.h / 2) * k + oy);
      links.lineTo((b.x + b.w / 2) * k + ox, (b.y + b.h / 2) * k + oy);
    }
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    // A few boxes on screen get 2-pixel lines; thousands get 1-device-pixel ones, which Chromium's
    // software rasterizer strokes (and dashes) several times faster: an IoU step stays one frame.
    const few = onScreen.length <= MAX_TAGS;
    const thin = Math.max(1, Math.round(dpr));
    ctx.lineWidth = few ? Math.round(1.5 * dpr) || 1 : thin;
    ctx.strokeStyle = this.colors.tp;
    ctx.stroke(paths.tp);
    ctx.stroke(links);
    ctx.lineWidth = few ? 2 * thin : thin;
    ctx.setLineDash([8 * dpr, 4 * dpr]);
    ctx.strokeStyle = this.colors.fp;
    ctx.stroke(paths.fp);
    ctx.setLineDash([3 * dpr, 3 * dpr]);
    ctx.strokeStyle = this.colors.fn;
    ctx.stroke(paths.fn);
    ctx.setLineDash([]);
    const sel = this.selected && this.find(this.selected.side, this.selected.id);
    if (sel) {
      const r = [sel.x * k + ox, sel.y * k + oy, sel.w * k, sel.h * k] as const;
      ctx.lineWidth = 5 * dpr;
      ctx.strokeStyle = this.colors.highlight;
      ctx.strokeRect(...r);
      ctx.lineWidth = 2.5 * dpr;
      ctx.strokeStyle = this.colors[sel.kind];
      if (sel.kind !== 'tp') ctx.setLineDash(sel.kind === 'fp' ? [8 * dpr, 4 * dpr] : [3 * dpr, 3 * dpr]);
      ctx.strokeRect(...r);
      ctx.setLineDash([]);
    }
    if (this.tags && onScreen.length <= MAX_TAGS) {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.font = '10px var(--vscode-font-family, sans-serif)';
      ctx.textBaseline = 'top';
      for (const d of onScreen) {
        // The tag sits at the truth box's top-left and the prediction's bottom-right, so a pair's two tags do not overlap.
        const text = d.kind === 'tp' ? `${EVAL_TEXT.tag.tp}${d.truth ? '' : ` ${d.iou!.toFixed(2)}`}` : EVAL_TEXT.tag[d.kind];
        const w = ctx.measureText(text).width + 4;
        const sx = d.truth ? d.x * view.scale + view.x : (d.x + d.w) * view.scale + view.x - w;
        const sy = d.truth ? d.y * view.scale + view.y : (d.y + d.h) * view.scale + view.y - 12;
        ctx.fillStyle = this.colors.textBackground;
        ctx.fillRect(sx, sy, w, 12);
        ctx.fillStyle = this.colors[d.kind];
        ctx.fillText(text, sx + 2, sy + 1);
      }
    }
    ctx.restore();
  }
}
