// Average precision from ranked true and false positives, and the sampling conventions other tools
// use (pycocotools, the VOC devkit), for compare.ts. Pure.

/**
 * Other tools' conventions, for the tests that reproduce their published figures; the CLI always
 * uses the defaults (the issue's rules).
 */
export interface Conventions {
  /** 'exact': recall i/100 (default); 'linspace': pycocotools' np.linspace(0, 1, 101), i * 0.01 */
  recallPoints?: 'exact' | 'linspace';
  /** 'exact': (50 + 5i)/100 (default); 'linspace': pycocotools' np.linspace(.5, .95, 10) */
  iouThresholds?: 'exact' | 'linspace';
  /** 'coco101' (default); 'voc-all': VOC all-point area; 'voc11': VOC 11-point (recall i * 0.1) */
  interpolation?: 'coco101' | 'voc-all' | 'voc11';
  /**
   * 'coco' (default): the best unmatched truth; 'voc': the best truth of all, and a prediction
   * whose best truth is already taken is a FP (the VOC devkit and Padilla's tools).
   */
  matching?: 'coco' | 'voc';
  /** widths and heights + 1 pixel in box IoU (the VOC devkit and Padilla's tools) */
  pixelPlusOne?: boolean;
}

/** Per prediction and IoU threshold: a false positive, a true positive, or ignored (it matched a crowd region). */
export const STATUS_FP = 0;
export const STATUS_TP = 1;
export const STATUS_IGNORED = 2;

export function apThresholds(mode: Conventions['iouThresholds'] = 'exact'): number[] {
  if (mode === 'linspace') {
    const step = (0.95 - 0.5) / 9;
    return Array.from({ length: 10 }, (_, i) => (i === 9 ? 0.95 : i * step + 0.5));
  }
  return Array.from({ length: 10 }, (_, i) => (50 + 5 * i) / 100);
}

export function recallPoints(mode: Conventions['recallPoints'] = 'exact'): number[] {
  return Array.from({ length: 101 }, (_, i) => (i === 100 ? 1 : mode === 'linspace' ? i * 0.01 : i / 100));
}

/** First index whose value is ≥ x in a non-decreasing array (numpy searchsorted, side left). */
function lowerBound(values: Float64Array, n: number, x: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Scratch curves for averagePrecision, grown as needed: compare calls it per label and threshold,
// and fresh arrays each time were most of the garbage of a large comparison.
let recallScratch = new Float64Array(256);
let precisionScratch = new Float64Array(256);

/** AP from ranked TP/FP flags (ignored ones dropped) and the number of truths. */
export function averagePrecision(flags: ArrayLike<number>, truths: number, interpolation: Conventions['interpolation'] = 'coco101', points?: number[]): number | null {
  if (truths === 0) return null;
  const n = flags.length;
  if (recallScratch.length < n) {
    recallScratch = new Float64Array(n);
    precisionScratch = new Float64Array(n);
  }
  const recall = recallScratch;
  const precision = precisionScratch;
  let tp = 0;
  for (let i = 0; i < n; i++) {
    if (flags[i] === STATUS_TP) tp++;
    recall[i] = tp / truths;
    precision[i] = tp / (i + 1);
  }
  if (interpolation === 'voc-all') {
    // mrec = [0, ...recall, 1], mpre = [0, ...precision, 0]; area under the right-maximum envelope.
    // The step from recall[i-1] to recall[i] times the envelope from i on; the closing step to
    // recall 1 has precision 0 and adds nothing.
    let ap = 0;
    let envelope = 0;
    for (let i = n - 1; i >= 0; i--) {
      envelope = Math.max(envelope, precision[i]);
      ap += (recall[i] - (i > 0 ? recall[i - 1] : 0)) * envelope;
    }
    return ap;
  }
  for (let i = n - 1; i > 0; i--) if (precision[i - 1] < precision[i]) precision[i - 1] = precision[i];
  const samples = interpolation === 'voc11' ? Array.from({ length: 11 }, (_, i) => i * 0.1) : (points ?? recallPoints());
  let sum = 0;
  for (const r of samples) {
    const idx = lowerBound(recall, n, r);
    if (idx < n) sum += precision[idx];
  }
  return sum / samples.length;
}

/** The precision-recall curve of one label: one point per ranked prediction (ignored ones dropped). */
export interface PrCurve {
  label: string;
  truths: number;
  /** the prediction's confidence at each point (a missing one counts as 1.0) */
  confidence: number[];
  recall: number[];
  precision: number[];
  /** precision made non-increasing from the right: what AP integrates */
  interpolated: number[];
}

/** The curve from ranked TP/FP flags (the same cumulative sums as averagePrecision). */
export function precisionRecallCurve(label: string, flags: ArrayLike<number>, confidences: ArrayLike<number>, truths: number): PrCurve {
  const n = flags.length;
  const curve: PrCurve = { label, truths, confidence: [], recall: [], precision: [], interpolated: [] };
  let tp = 0;
  for (let i = 0; i < n; i++) {
    if (flags[i] === STATUS_TP) tp++;
    curve.confidence.push(confidences[i]);
    curve.recall.push(truths > 0 ? tp / truths : 0);
    curve.precision.push(tp / (i + 1));
  }
  curve.interpolated = [...curve.precision];
  for (let i = n - 1; i > 0; i--) if (curve.interpolated[i - 1] < curve.interpolated[i]) curve.interpolated[i - 1] = curve.interpolated[i];
  return curve;
}

/**
 * The interpolated precision at each recall point (0 beyond the curve's maximum recall): the
 * 101 samples whose mean is the label's AP.
 */
export function sampleCurve(curve: Pick<PrCurve, 'recall' | 'interpolated'>, points: readonly number[] = recallPoints()): number[] {
  const recall = Float64Array.from(curve.recall);
  return points.map((r) => {
    const idx = lowerBound(recall, recall.length, r);
    return idx < recall.length ? curve.interpolated[idx] : 0;
  });
}
