// The matching of one image, on its own: the rules of compare.ts (box evaluation) for the boxes of
// one image, so the overlay preview can draw TP, FP and FN and recompute them live as the IoU
// slider moves. Pure and DOM-free, without polygon clipping, so the preview's page bundle stays lean.
//
// Rules (as compare.ts): per label, predictions in descending confidence (ties in file order; a
// missing confidence counts as 1.0) each take the unmatched truth of the same label with the
// highest IoU if it is ≥ the threshold (an exact tie goes to the first truth in file order);
// a prediction left over that covers a crowd region (COCO `iscrowd`) by ≥ the threshold is ignored,
// neither TP nor FP. A confidence cut keeps the predictions at or above it: since the greedy walks
// in descending confidence, the matches of the kept ones are those of the full matching.

/** One box of either side. */
export interface MatchBox {
  /** the annotation's index (in its image's list, or in the file): what the results name */
  index: number;
  label: string;
  /** [x, y, w, h], w and h ≥ 0 */
  box: readonly number[];
  confidence?: number;
  /** a COCO crowd region (truth only) */
  crowd?: boolean;
}

export interface ImageMatch {
  /** matched pairs: truth index, prediction index, their IoU; in prediction (ranking) order */
  pairs: { truth: number; prediction: number; iou: number }[];
  /** predictions matched to nothing, by index, ascending */
  falsePositives: number[];
  /** truths matched by nothing, by index, ascending */
  falseNegatives: number[];
  /** predictions that only covered a crowd region, by index */
  ignored: number[];
}

/** IoU of [x, y, w, h] boxes, no +1: the same arithmetic as annotations/iou.ts boxIou. */
export function iouOfBoxes(a: readonly number[], b: readonly number[]): number {
  const ax2 = a[0] + a[2], ay2 = a[1] + a[3], bx2 = b[0] + b[2], by2 = b[1] + b[3];
  const ow = Math.min(ax2, bx2) - Math.max(a[0], b[0]);
  const oh = Math.min(ay2, by2) - Math.max(a[1], b[1]);
  if (ow <= 0 || oh <= 0) return 0;
  const inter = ow * oh;
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union > 0 ? inter / union : 0;
}

/** Intersection over the prediction's area: how pycocotools scores a prediction on a crowd region. */
function crowdIou(det: readonly number[], crowd: readonly number[]): number {
  const ow = Math.min(det[0] + det[2], crowd[0] + crowd[2]) - Math.max(det[0], crowd[0]);
  const oh = Math.min(det[1] + det[3], crowd[1] + crowd[3]) - Math.max(det[1], crowd[1]);
  if (ow <= 0 || oh <= 0) return 0;
  const area = det[2] * det[3];
  return area > 0 ? (ow * oh) / area : 0;
}

interface LabelGroup {
  truth: MatchBox[];
  crowd: MatchBox[];
  /** in ranking order */
  preds: MatchBox[];
  /** per prediction, the truths (positions in `truth`) it overlaps, ascending, with their IoU */
  candidates: { t: Int32Array; iou: Float64Array }[];
  crowdIous: Float64Array;
}

/**
 * The image's boxes, prepared once (IoUs of the pairs that overlap, the ranking); `match` is then
 * cheap enough to run on every step of a slider.
 */
export class ImageMatcher {
  private readonly groups: LabelGroup[] = [];

  constructor(truth: readonly MatchBox[], predictions: readonly MatchBox[]) {
    const byLabel = new Map<string, LabelGroup>();
    const group = (label: string): LabelGroup => {
      let g = byLabel.get(label);
      if (!g) byLabel.set(label, (g = { truth: [], crowd: [], preds: [], candidates: [], crowdIous: new Float64Array(0) }));
      return g;
    };
    for (const t of truth) (t.crowd ? group(t.label).crowd : group(t.label).truth).push(t);
    for (const p of predictions) group(p.label).preds.push(p);
    for (const g of byLabel.values()) {
      // Descending confidence, ties in file order (a stable sort of the file-ordered list).
      g.preds = g.preds.map((p, i) => ({ p, i })).sort((x, y) => (y.p.confidence ?? 1) - (x.p.confidence ?? 1) || x.p.index - y.p.index || x.i - y.i).map((x) => x.p);
      g.truth.sort((x, y) => x.index - y.index);
      const T = g.truth.length;
      // Truths by left edge, to skip the ones that cannot overlap a prediction.
      const byX = Array.from({ length: T }, (_, t) => t).sort((a, b) => g.truth[a].box[0] - g.truth[b].box[0]);
      const xs = byX.map((t) => g.truth[t].box[0]);
      let maxW = 0;
      for (const t of g.truth) maxW = Math.max(maxW, t.box[2]);
      const ts: number[] = [];
      const vs: number[] = [];
      for (const p of g.preds) {
        ts.length = 0;
        const right = p.box[0] + p.box[2];
        // first truth whose left edge may still reach the prediction: x ≥ p.x - maxW
        let lo = 0, hi = T;
        const from = p.box[0] - maxW;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (xs[mid] < from) lo = mid + 1;
          else hi = mid;
        }
        for (let k = lo; k < T && xs[k] < right; k++) {
          if (iouOfBoxes(p.box, g.truth[byX[k]].box) > 0) ts.push(byX[k]);
        }
        ts.sort((a, b) => a - b);
        vs.length = 0;
        for (const t of ts) vs.push(iouOfBoxes(p.box, g.truth[t].box));
        g.candidates.push({ t: Int32Array.from(ts), iou: Float64Array.from(vs) });
      }
      const C = g.crowd.length;
      g.crowdIous = new Float64Array(g.preds.length * C);
      g.preds.forEach((p, i) => g.crowd.forEach((c, k) => (g.crowdIous[i * C + k] = crowdIou(p.box, c.box))));
      this.groups.push(g);
    }
  }

  /**
   * TP, FP and FN at the IoU threshold, keeping predictions with confidence ≥ `minConfidence`
   * (a missing confidence counts as 1.0) and labels for which `include` says yes.
   */
  match(threshold: number, minConfidence = -Infinity, include?: (label: string) => boolean): ImageMatch {
    const out: ImageMatch = { pairs: [], falsePositives: [], falseNegatives: [], ignored: [] };
    for (const g of this.groups) {
      const label = g.truth[0]?.label ?? g.preds[0]?.label ?? g.crowd[0]?.label ?? '';
      if (include && !include(label)) continue;
      const T = g.truth.length;
      const C = g.crowd.length;
      const taken = new Uint8Array(T);
      for (let p = 0; p < g.preds.length; p++) {
        const pred = g.preds[p];
        if ((pred.confidence ?? 1) < minConfidence) break;
        let best = -1;
        let bestIou = -Infinity;
        if (threshold <= 0) {
          // At 0 a truth that does not overlap at all still qualifies (IoU 0 ≥ 0), as in compare.
          const c = g.candidates[p];
          for (let t = 0, k = 0; t < T; t++) {
            const v = k < c.t.length && c.t[k] === t ? c.iou[k++] : 0;
            if (!taken[t] && v >= threshold && v > bestIou) {
              bestIou = v;
              best = t;
            }
          }
        } else {
          const c = g.candidates[p];
          for (let k = 0; k < c.t.length; k++) {
            const t = c.t[k];
            const v = c.iou[k];
            if (taken[t]) continue;
            // strictly greater: an exact tie stays with the first truth in file order
            if (v >= threshold && v > bestIou) {
              bestIou = v;
              best = t;
            }
          }
        }
        if (best >= 0) {
          taken[best] = 1;
          out.pairs.push({ truth: g.truth[best].index, prediction: pred.index, iou: bestIou });
          continue;
        }
        let onCrowd = false;
        for (let c = 0; c < C; c++) if (g.crowdIous[p * C + c] >= threshold) onCrowd = true;
        (onCrowd ? out.ignored : out.falsePositives).push(pred.index);
      }
      for (let t = 0; t < T; t++) if (!taken[t]) out.falseNegatives.push(g.truth[t].index);
    }
    out.falsePositives.sort((a, b) => a - b);
    out.falseNegatives.sort((a, b) => a - b);
    out.ignored.sort((a, b) => a - b);
    return out;
  }
}

/** One image matched once (see ImageMatcher). */
export function matchImage(truth: readonly MatchBox[], predictions: readonly MatchBox[], threshold: number, minConfidence?: number): ImageMatch {
  return new ImageMatcher(truth, predictions).match(threshold, minConfidence);
}

/** The boxes box evaluation counts among an image's annotations (rectangles, COCO bboxes), as compare reads them. */
export function matchBoxesOf(annotations: readonly { index: number; label: string; box?: readonly number[]; confidence?: number; crowd?: boolean }[], id: (a: { index: number; order?: number }) => number = (a) => a.index): MatchBox[] {
  const out: MatchBox[] = [];
  for (const a of annotations) {
    if (!a.box) continue;
    const m: MatchBox = { index: id(a), label: a.label, box: a.box };
    if (a.confidence !== undefined) m.confidence = a.confidence;
    if (a.crowd) m.crowd = true;
    out.push(m);
  }
  return out;
}
