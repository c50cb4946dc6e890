// Predictions against ground truth, COCO style. The rules (README "datum-studio compare"):
// - images are matched by key (MetaLake `image`, COCO `file_name`), else by base name when that is unique;
// - per image and label, predictions in descending confidence (ties in predictions-file order; a
//   missing confidence counts as 1.0) each take the unmatched truth of the same label with the
//   highest IoU, if it is ≥ the threshold (an exact tie goes to the first truth in file order);
// - matched = TP, unmatched prediction = FP, unmatched truth = FN; counts at `iou` over all confidences;
// - ap50: 101-point interpolated AP at IoU 0.5 (precision made non-increasing from the right, sampled
//   at recall 0, 0.01, ..., 1, recall beyond the maximum counting 0); ap: its mean over 0.50:0.05:0.95;
// - map50 / map: means over labels with at least one truth; null where a value has no definition.
// Pure: no file access, no vscode.
import { boundsOverlap, boxCrowdIou, boxIou, intersectionArea, regionArea, regionIou, toRegion, type Region } from '../annotations/iou';
import { apThresholds, averagePrecision, precisionRecallCurve, recallPoints, STATUS_FP, STATUS_IGNORED, STATUS_TP, type Conventions, type PrCurve } from './precision';
import type { AnnotationSet, SetAnnotation } from './types';

export { averagePrecision, apThresholds, sampleCurve, type Conventions, type PrCurve } from './precision';

export type IouType = 'bbox' | 'segm';

export interface CompareOptions {
  /** the IoU threshold of tp/fp/fn/precision/recall (default 0.5) */
  iou?: number;
  iouType?: IouType;
  conventions?: Conventions;
  /** also return who matched whom at `iou`, per image */
  details?: boolean;
  /** also return each label's precision-recall curve at `iou` */
  curves?: boolean;
}

export interface LabelResult {
  label: string;
  truth: number;
  predictions: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
  ap50: number | null;
  ap: number | null;
}

export interface OverallResult {
  truth: number;
  predictions: number;
  tp: number;
  fp: number;
  fn: number;
  map50: number | null;
  map: number | null;
}

/** Exactly the CLI's JSON. */
export interface CompareResult {
  iou: number;
  labels: LabelResult[];
  overall: OverallResult;
}

export interface ImageMatches {
  /** index of the image in the truth set's `images` (the first entry, when it is listed twice) */
  image: number;
  key: string;
  /** `order` of the truth and of the prediction (SetAnnotation.order) */
  pairs: { truth: number; prediction: number; label: string; iou: number }[];
  falsePositives: number[];
  falseNegatives: number[];
}

export interface CompareReport {
  result: CompareResult;
  /** what was left out and why, for the user (stderr in the CLI) */
  notes: string[];
  /** the IoU thresholds AP was computed at (the ten of 0.50:0.05:0.95, plus `iou` if not among them) */
  thresholds: number[];
  /** AP of a label at one of `thresholds` (null without truth; undefined for another threshold) */
  apAt(label: string, threshold: number): number | null | undefined;
  /** mean of apAt over labels with truth (null when none) */
  mapAt(threshold: number): number | null | undefined;
  matches?: ImageMatches[];
  /** per label (the labels' order), the precision-recall curve at `iou` (with options.curves) */
  curves?: PrCurve[];
}

interface Item {
  a: SetAnnotation;
  confidence: number;
  box?: readonly number[];
  region?: Region;
  area: number;
}

interface Ranked {
  confidence: number;
  order: number;
  /** row in the status table: per threshold 1 TP, 0 FP, 2 ignored (matched a crowd region) */
  row: number;
}

function baseName(key: string): string {
  const parts = key.split(/[\\/]/);
  return parts[parts.length - 1];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function compareSets(truth: AnnotationSet, predictions: AnnotationSet, options: CompareOptions = {}): CompareReport {
  const iou = options.iou ?? 0.5;
  const iouType = options.iouType ?? 'bbox';
  const conv = options.conventions ?? {};
  const notes: string[] = [];
  const thresholds = apThresholds(conv.iouThresholds);
  let countIndex = thresholds.indexOf(iou);
  if (countIndex < 0) {
    thresholds.push(iou);
    countIndex = thresholds.length - 1;
  }
  const ap50Index = thresholds.indexOf(thresholds.find((t) => Math.abs(t - 0.5) < 1e-12)!);
  const K = thresholds.length;

  const leftOut = { truth: new Map<string, number>(), predictions: new Map<string, number>() };
  const toItem = (a: SetAnnotation, side: 'truth' | 'predictions'): Item | undefined => {
    const confidence = a.confidence ?? 1;
    if (iouType === 'bbox') {
      if (!a.box) {
        leftOut[side].set(a.kind, (leftOut[side].get(a.kind) ?? 0) + 1);
        return undefined;
      }
      return { a, confidence, box: a.box, area: a.box[2] * a.box[3] };
    }
    if (!a.parts) {
      leftOut[side].set(a.kind, (leftOut[side].get(a.kind) ?? 0) + 1);
      return undefined;
    }
    const region = toRegion(a.parts);
    return { a, confidence, box: a.bbox, region, area: regionArea(region) };
  };

  // Truth images by key; an image listed twice is one image.
  const imageOf = new Map<string, number>();
  const byBase = new Map<string, number | null>();
  interface Slot {
    image: number;
    key: string;
    groups: Map<string, { truth: Item[]; crowd: Item[]; preds: Item[] }>;
  }
  const slots: Slot[] = [];
  const group = (slot: Slot, label: string) => {
    let g = slot.groups.get(label);
    if (!g) slot.groups.set(label, (g = { truth: [], crowd: [], preds: [] }));
    return g;
  };
  for (const im of truth.images) {
    let s = imageOf.get(im.key);
    if (s === undefined) {
      s = slots.length;
      imageOf.set(im.key, s);
      slots.push({ image: im.index, key: im.key, groups: new Map() });
      const b = baseName(im.key);
      byBase.set(b, byBase.has(b) ? null : s);
    }
    for (const a of im.annotations) {
      const item = toItem(a, 'truth');
      if (!item) continue;
      const g = group(slots[s], a.label);
      (a.crowd ? g.crowd : g.truth).push(item);
    }
  }
  let unknownImages = 0;
  let unknownPredictions = 0;
  for (const im of predictions.images) {
    const s = imageOf.get(im.key) ?? byBase.get(baseName(im.key)) ?? undefined;
    if (s === undefined) {
      const n = im.annotations.length;
      if (n > 0) {
        unknownImages++;
        unknownPredictions += n;
      }
      continue;
    }
    for (const a of im.annotations) {
      const item = toItem(a, 'predictions');
      if (item) group(slots[s], a.label).preds.push(item);
    }
  }
  if (unknownPredictions > 0) notes.push(`${plural(unknownPredictions, 'prediction')} on ${plural(unknownImages, 'image')} the truth does not list ${unknownPredictions === 1 ? 'was' : 'were'} left out.`);
  for (const side of ['truth', 'predictions'] as const) {
    const parts = [...leftOut[side]].map(([kind, n]) => plural(n, kind === 'rectangle' ? 'box' : kind));
    if (parts.length > 0) notes.push(`${side === 'truth' ? 'Truth' : 'Predictions'}: ${parts.join(', ')} left out (${iouType === 'bbox' ? 'box evaluation counts only rectangles' : 'segm evaluation counts only polygons'}).`);
  }
  if (iouType === 'bbox' && truth.normalized !== predictions.normalized && truth.images.length > 0 && predictions.images.length > 0) {
    notes.push(`The ${truth.normalized ? 'truth' : 'predictions'} use normalized (0..1) coordinates and the ${truth.normalized ? 'predictions' : 'truth'} pixels: IoUs will be near 0.`);
  }

  // Match per image and label, at every threshold. Scratch buffers are shared by all groups:
  // allocating small typed arrays per group costs more than the matching itself.
  const ranked = new Map<string, Ranked[]>();
  const truthCount = new Map<string, number>();
  const matches: ImageMatches[] | undefined = options.details ? [] : undefined;
  const byOrder = (x: Item, y: Item) => y.confidence - x.confidence || x.a.order - y.a.order;
  let totalPreds = 0;
  for (const slot of slots) for (const g of slot.groups.values()) totalPreds += g.preds.length;
  const status = new Uint8Array(totalPreds * K);
  let nextRow = 0;
  let ious = new Float64Array(256);
  let crowdIous = new Float64Array(64);
  let taken = new Uint8Array(64);
  let who = new Int32Array(64);
  const plusOne = conv.pixelPlusOne === true;
  for (const slot of slots) {
    const m: ImageMatches | undefined = matches ? { image: slot.image, key: slot.key, pairs: [], falsePositives: [], falseNegatives: [] } : undefined;
    for (const [label, g] of slot.groups) {
      truthCount.set(label, (truthCount.get(label) ?? 0) + g.truth.length);
      let list = ranked.get(label);
      if (!list) ranked.set(label, (list = []));
      const preds = g.preds.length > 1 ? g.preds.sort(byOrder) : g.preds;
      const T = g.truth.length;
      const C = g.crowd.length;
      const P = preds.length;
      if (P === 0) {
        if (m) for (const t of g.truth) m.falseNegatives.push(t.a.order);
        continue;
      }
      if (ious.length < P * T) ious = new Float64Array(2 * P * T);
      if (crowdIous.length < P * C) crowdIous = new Float64Array(2 * P * C);
      if (taken.length < T) taken = new Uint8Array(2 * T);
      if (who.length < P) who = new Int32Array(2 * P);
      for (let p = 0; p < P; p++) {
        const d = preds[p];
        for (let t = 0; t < T; t++) ious[p * T + t] = pairIou(d, g.truth[t], iouType, plusOne);
        for (let c = 0; c < C; c++) crowdIous[p * C + c] = iouType === 'bbox' ? boxCrowdIou(d.box!, g.crowd[c].box!) : crowdRegionIou(d, g.crowd[c]);
      }
      const base = nextRow;
      nextRow += P;
      for (let k = 0; k < K; k++) {
        const thr = thresholds[k];
        taken.fill(0, 0, T);
        const record = m !== undefined && k === countIndex;
        if (record) who.fill(-1, 0, P);
        for (let p = 0; p < P; p++) {
          const at = (base + p) * K + k;
          let best = -1;
          let bestIou = -Infinity;
          if (conv.matching === 'voc') {
            for (let t = 0; t < T; t++) {
              const v = ious[p * T + t];
              if (v > 0 && v > bestIou) {
                bestIou = v;
                best = t;
              }
            }
            if (best >= 0 && bestIou >= thr && !taken[best]) {
              taken[best] = 1;
              status[at] = STATUS_TP;
              if (record) who[p] = best;
            }
            continue;
          }
          for (let t = 0; t < T; t++) {
            if (taken[t]) continue;
            const v = ious[p * T + t];
            // strictly greater: an exact tie stays with the first truth in file order
            if (v >= thr && v > bestIou) {
              bestIou = v;
              best = t;
            }
          }
          if (best >= 0) {
            taken[best] = 1;
            status[at] = STATUS_TP;
            if (record) who[p] = best;
            continue;
          }
          // No truth left for it: a prediction on a crowd region is neither right nor wrong.
          for (let c = 0; c < C; c++) {
            if (crowdIous[p * C + c] >= thr) {
              status[at] = STATUS_IGNORED;
              break;
            }
          }
        }
        if (record) {
          const hit = new Uint8Array(T);
          for (let p = 0; p < P; p++) {
            const t = who[p];
            if (t >= 0) {
              hit[t] = 1;
              m.pairs.push({ truth: g.truth[t].a.order, prediction: preds[p].a.order, label, iou: ious[p * T + t] });
            } else if (status[(base + p) * K + k] === STATUS_FP) m.falsePositives.push(preds[p].a.order);
          }
          for (let t = 0; t < T; t++) if (!hit[t]) m.falseNegatives.push(g.truth[t].a.order);
        }
      }
      for (let p = 0; p < P; p++) list.push({ confidence: preds[p].confidence, order: preds[p].a.order, row: base + p });
    }
    if (m) {
      m.pairs.sort((x, y) => x.prediction - y.prediction);
      m.falsePositives.sort((x, y) => x - y);
      m.falseNegatives.sort((x, y) => x - y);
      matches!.push(m);
    }
  }

  // Accumulate per label: one ranking over all images (confidence, then predictions-file order).
  const points = recallPoints(conv.recallPoints);
  const apTable = new Map<string, (number | null)[]>();
  const labels: LabelResult[] = [];
  const curves: PrCurve[] | undefined = options.curves ? [] : undefined;
  const names = [...ranked.keys()].filter((l) => (truthCount.get(l) ?? 0) > 0 || ranked.get(l)!.length > 0);
  names.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  for (const label of names) {
    const list = ranked.get(label)!.sort((x, y) => y.confidence - x.confidence || x.order - y.order);
    const npos = truthCount.get(label) ?? 0;
    const aps: (number | null)[] = [];
    const flags = new Uint8Array(list.length);
    for (let k = 0; k < K; k++) {
      let n = 0;
      for (const r of list) {
        const v = status[r.row * K + k];
        if (v !== STATUS_IGNORED) flags[n++] = v;
      }
      aps.push(averagePrecision(flags.subarray(0, n), npos, conv.interpolation, points));
      if (curves && k === countIndex) {
        const kept = list.filter((r) => status[r.row * K + k] !== STATUS_IGNORED).map((r) => r.confidence);
        curves.push(precisionRecallCurve(label, flags.subarray(0, n), kept, npos));
      }
    }
    apTable.set(label, aps);
    let tp = 0, fp = 0;
    for (const r of list) {
      const v = status[r.row * K + countIndex];
      if (v === STATUS_TP) tp++;
      else if (v === STATUS_FP) fp++;
    }
    const ten = aps.slice(0, 10);
    labels.push({
      label,
      truth: npos,
      predictions: list.length,
      tp,
      fp,
      fn: npos - tp,
      precision: tp + fp > 0 ? tp / (tp + fp) : null,
      recall: npos > 0 ? tp / npos : null,
      ap50: aps[ap50Index],
      ap: npos > 0 ? (ten as number[]).reduce((s, v) => s + v, 0) / ten.length : null,
    });
  }
  const withTruth = labels.filter((l) => l.truth > 0);
  const mean = (xs: number[]): number | null => (xs.length > 0 ? xs.reduce((s, v) => s + v, 0) / xs.length : null);
  const sum = (f: (l: LabelResult) => number) => labels.reduce((s, l) => s + f(l), 0);
  const result: CompareResult = {
    iou,
    labels,
    overall: {
      truth: sum((l) => l.truth),
      predictions: sum((l) => l.predictions),
      tp: sum((l) => l.tp),
      fp: sum((l) => l.fp),
      fn: sum((l) => l.fn),
      map50: mean(withTruth.map((l) => l.ap50 as number)),
      map: mean(withTruth.map((l) => l.ap as number)),
    },
  };
  const indexOf = (t: number) => thresholds.findIndex((x) => Math.abs(x - t) < 1e-9);
  return {
    result,
    notes,
    thresholds,
    matches,
    curves,
    apAt(label, threshold) {
      const k = indexOf(threshold);
      const row = apTable.get(label);
      return k < 0 || !row ? undefined : row[k];
    },
    mapAt(threshold) {
      const k = indexOf(threshold);
      if (k < 0) return undefined;
      return mean(withTruth.map((l) => apTable.get(l.label)![k] as number));
    },
  };
}

function pairIou(d: Item, t: Item, iouType: IouType, plusOne: boolean): number {
  if (iouType === 'bbox') return boxIou(d.box!, t.box!, plusOne);
  if (!boundsOverlap(d.box!, t.box!)) return 0;
  return regionIou(d.region!, d.area, t.region!, t.area);
}

function crowdRegionIou(d: Item, crowd: Item): number {
  if (!boundsOverlap(d.box!, crowd.box!) || d.area <= 0) return 0;
  return intersectionArea(d.region!, crowd.region!) / d.area;
}
