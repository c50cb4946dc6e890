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

/** segm: an annotation's polygons as polygon-clipping takes them, and their area */
interface Geo {
  region: Region;
  area: number;
}
/** bbox: the box is the annotation's own `box` */
const NO_GEO: Geo = { region: [], area: 0 };

const identity = (n: number): Int32Array => {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
};

/**
 * `input` (ids) reordered by `keys[id]` in 0..buckets-1, stably (a counting sort): `order`, and
 * where each key's run starts (`start[key]`, with `start[buckets]` = the length).
 */
function countingOrder(input: Int32Array, keys: readonly number[], buckets: number): { order: Int32Array; start: Int32Array } {
  const start = new Int32Array(buckets + 1);
  for (let i = 0; i < input.length; i++) start[keys[input[i]] + 1]++;
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const next = start.slice(0, buckets);
  const order = new Int32Array(input.length);
  for (let i = 0; i < input.length; i++) order[next[keys[input[i]]]++] = input[i];
  return { order, start };
}

/**
 * Sorts `ids` (in place) by descending `confs[id]`, ties by ascending `orders[id]`. When the ids
 * already run in ascending order (the usual case: entries are made in file order) a stable
 * counting sort on the rank of each distinct confidence does it without a comparator.
 */
function rankRun(ids: Int32Array, confs: Float64Array, orders: Float64Array): void {
  const n = ids.length;
  if (n < 2) return;
  let inOrder = true;
  for (let i = 1; i < n && inOrder; i++) if (orders[ids[i]] <= orders[ids[i - 1]]) inOrder = false;
  if (!inOrder || n < 16) {
    ids.set(Array.from(ids).sort((x, y) => confs[y] - confs[x] || orders[x] - orders[y]));
    return;
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = confs[ids[i]];
  values.sort();
  // distinct values, ascending (-0 and 0 are one value, as in the comparator)
  let u = 0;
  for (let i = 0; i < n; i++) if (u === 0 || values[i] !== values[u - 1]) values[u++] = values[i];
  const key = new Int32Array(n);
  const start = new Int32Array(u + 1);
  for (let i = 0; i < n; i++) {
    const c = confs[ids[i]];
    let lo = 0, hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[mid] < c) lo = mid + 1;
      else hi = mid;
    }
    key[i] = u - 1 - lo; // 0 = the highest confidence
    start[key[i] + 1]++;
  }
  for (let b = 0; b < u; b++) start[b + 1] += start[b];
  const copy = ids.slice();
  for (let i = 0; i < n; i++) ids[start[key[i]]++] = copy[i];
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
  const geometry = (a: SetAnnotation, side: 'truth' | 'predictions'): Geo | undefined => {
    if (iouType === 'bbox' ? !a.box : !a.parts) {
      leftOut[side].set(a.kind, (leftOut[side].get(a.kind) ?? 0) + 1);
      return undefined;
    }
    if (iouType === 'bbox') return NO_GEO;
    const region = toRegion(a.parts!);
    return { region, area: regionArea(region) };
  };

  // Truth images by key; an image listed twice is one image.
  const imageOf = new Map<string, number>();
  const byBase = new Map<string, number | null>();
  const slots: { image: number; key: string }[] = [];
  // Labels by id (first seen), and the annotations that count as flat lists with their image
  // (slot) and label: grouping by counting sorts is linear, where maps of groups per image were not.
  const labelIds = new Map<string, number>();
  const labelNames: string[] = [];
  const labelId = (label: string): number => {
    let id = labelIds.get(label);
    if (id === undefined) {
      id = labelNames.length;
      labelIds.set(label, id);
      labelNames.push(label);
    }
    return id;
  };
  const truthItems: SetAnnotation[] = [], truthGeo: Geo[] = [], truthSlot: number[] = [], truthLabel: number[] = [];
  const crowdItems: SetAnnotation[] = [], crowdGeo: Geo[] = [], crowdSlot: number[] = [], crowdLabel: number[] = [];
  const predItems: SetAnnotation[] = [], predGeo: Geo[] = [], predSlot: number[] = [], predLabel: number[] = [];
  for (const im of truth.images) {
    let s = imageOf.get(im.key);
    if (s === undefined) {
      s = slots.length;
      imageOf.set(im.key, s);
      slots.push({ image: im.index, key: im.key });
      const b = baseName(im.key);
      byBase.set(b, byBase.has(b) ? null : s);
    }
    for (const a of im.annotations) {
      const geo = geometry(a, 'truth');
      if (!geo) continue;
      if (a.crowd) {
        crowdItems.push(a);
        crowdGeo.push(geo);
        crowdSlot.push(s);
        crowdLabel.push(labelId(a.label));
      } else {
        truthItems.push(a);
        truthGeo.push(geo);
        truthSlot.push(s);
        truthLabel.push(labelId(a.label));
      }
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
      const geo = geometry(a, 'predictions');
      if (!geo) continue;
      predItems.push(a);
      predGeo.push(geo);
      predSlot.push(s);
      predLabel.push(labelId(a.label));
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

  // One ranking per label over all images: descending confidence, then predictions-file order.
  // A prediction's rank is its row in the status table, and a label's predictions are one range.
  const L = labelNames.length;
  const S = slots.length;
  const P0 = predItems.length;
  const byLabel = countingOrder(identity(P0), predLabel, L);
  const labelStart = byLabel.start;
  const confs = new Float64Array(P0);
  const orders = new Float64Array(P0);
  for (let i = 0; i < P0; i++) {
    confs[i] = predItems[i].confidence ?? 1;
    orders[i] = predItems[i].order;
  }
  const ranking = byLabel.order;
  for (let l = 0; l < L; l++) rankRun(ranking.subarray(labelStart[l], labelStart[l + 1]), confs, orders);
  const rank = new Int32Array(P0);
  for (let r = 0; r < P0; r++) rank[ranking[r]] = r;
  // Per image, each side in label order (stable: truth keeps file order, predictions their rank).
  const preds = countingOrder(ranking, predSlot, S);
  const truths = countingOrder(countingOrder(identity(truthItems.length), truthLabel, L).order, truthSlot, S);
  const crowds = countingOrder(countingOrder(identity(crowdItems.length), crowdLabel, L).order, crowdSlot, S);

  // Match per image and label, at every threshold. Scratch buffers are shared by all groups:
  // allocating small typed arrays per group costs more than the matching itself.
  const truthCount = new Float64Array(L);
  const matches: ImageMatches[] | undefined = options.details ? [] : undefined;
  const status = new Uint8Array(P0 * K);
  let ious = new Float64Array(256);
  let crowdIous = new Float64Array(64);
  let taken = new Uint8Array(64);
  let who = new Int32Array(64);
  const plusOne = conv.pixelPlusOne === true;
  const voc = conv.matching === 'voc';
  const bbox = iouType === 'bbox';
  for (let s = 0; s < S; s++) {
    const m: ImageMatches | undefined = matches ? { image: slots[s].image, key: slots[s].key, pairs: [], falsePositives: [], falseNegatives: [] } : undefined;
    let ti = truths.start[s], ci = crowds.start[s], pi = preds.start[s];
    const tEnd = truths.start[s + 1], cEnd = crowds.start[s + 1], pEnd = preds.start[s + 1];
    while (ti < tEnd || ci < cEnd || pi < pEnd) {
      let lab = ti < tEnd ? truthLabel[truths.order[ti]] : L;
      if (ci < cEnd && crowdLabel[crowds.order[ci]] < lab) lab = crowdLabel[crowds.order[ci]];
      if (pi < pEnd && predLabel[preds.order[pi]] < lab) lab = predLabel[preds.order[pi]];
      const t0 = ti, c0 = ci, p0 = pi;
      while (ti < tEnd && truthLabel[truths.order[ti]] === lab) ti++;
      while (ci < cEnd && crowdLabel[crowds.order[ci]] === lab) ci++;
      while (pi < pEnd && predLabel[preds.order[pi]] === lab) pi++;
      const T = ti - t0, C = ci - c0, P = pi - p0;
      truthCount[lab] += T;
      if (P === 0) {
        if (m) for (let t = 0; t < T; t++) m.falseNegatives.push(truthItems[truths.order[t0 + t]].order);
        continue;
      }
      const label = labelNames[lab];
      if (ious.length < P * T) ious = new Float64Array(2 * P * T);
      if (crowdIous.length < P * C) crowdIous = new Float64Array(2 * P * C);
      if (taken.length < T) taken = new Uint8Array(2 * T);
      if (who.length < P) who = new Int32Array(2 * P);
      for (let p = 0; p < P; p++) {
        const d = preds.order[p0 + p];
        const dBox = predItems[d].box!;
        for (let t = 0; t < T; t++) {
          const u = truths.order[t0 + t];
          ious[p * T + t] = bbox ? boxIou(dBox, truthItems[u].box!, plusOne) : segmIou(predItems[d], predGeo[d], truthItems[u], truthGeo[u]);
        }
        for (let c = 0; c < C; c++) {
          const u = crowds.order[c0 + c];
          crowdIous[p * C + c] = bbox ? boxCrowdIou(dBox, crowdItems[u].box!) : crowdRegionIou(predItems[d], predGeo[d], crowdItems[u], crowdGeo[u]);
        }
      }
      for (let k = 0; k < K; k++) {
        const thr = thresholds[k];
        for (let t = 0; t < T; t++) taken[t] = 0;
        const record = m !== undefined && k === countIndex;
        if (record) who.fill(-1, 0, P);
        for (let p = 0; p < P; p++) {
          const at = rank[preds.order[p0 + p]] * K + k;
          let best = -1;
          let bestIou = -Infinity;
          if (voc) {
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
            const pred = preds.order[p0 + p];
            if (t >= 0) {
              hit[t] = 1;
              m.pairs.push({ truth: truthItems[truths.order[t0 + t]].order, prediction: predItems[pred].order, label, iou: ious[p * T + t] });
            } else if (status[rank[pred] * K + k] === STATUS_FP) m.falsePositives.push(predItems[pred].order);
          }
          for (let t = 0; t < T; t++) if (!hit[t]) m.falseNegatives.push(truthItems[truths.order[t0 + t]].order);
        }
      }
    }
    if (m) {
      m.pairs.sort((x, y) => x.prediction - y.prediction);
      m.falsePositives.sort((x, y) => x - y);
      m.falseNegatives.sort((x, y) => x - y);
      matches!.push(m);
    }
  }

  // Accumulate per label: its range of the ranking.
  const points = recallPoints(conv.recallPoints);
  const apTable = new Map<string, (number | null)[]>();
  const labels: LabelResult[] = [];
  const curves: PrCurve[] | undefined = options.curves ? [] : undefined;
  const ids = labelNames.map((_, l) => l).filter((l) => truthCount[l] > 0 || labelStart[l + 1] > labelStart[l]);
  ids.sort((x, y) => (labelNames[x] < labelNames[y] ? -1 : labelNames[x] > labelNames[y] ? 1 : 0));
  const flags = new Uint8Array(P0);
  for (const l of ids) {
    const label = labelNames[l];
    const from = labelStart[l], to = labelStart[l + 1];
    const npos = truthCount[l];
    const aps: (number | null)[] = [];
    for (let k = 0; k < K; k++) {
      let n = 0;
      for (let r = from; r < to; r++) {
        const v = status[r * K + k];
        if (v !== STATUS_IGNORED) flags[n++] = v;
      }
      aps.push(averagePrecision(flags.subarray(0, n), npos, conv.interpolation, points));
      if (curves && k === countIndex) {
        const kept: number[] = [];
        for (let r = from; r < to; r++) if (status[r * K + k] !== STATUS_IGNORED) kept.push(confs[ranking[r]]);
        curves.push(precisionRecallCurve(label, flags.slice(0, n), kept, npos));
      }
    }
    apTable.set(label, aps);
    let tp = 0, fp = 0;
    for (let r = from; r < to; r++) {
      const v = status[r * K + countIndex];
      if (v === STATUS_TP) tp++;
      else if (v === STATUS_FP) fp++;
    }
    const ten = aps.slice(0, 10);
    labels.push({
      label,
      truth: npos,
      predictions: to - from,
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

function segmIou(d: SetAnnotation, dg: Geo, t: SetAnnotation, tg: Geo): number {
  if (!boundsOverlap(d.bbox, t.bbox)) return 0;
  return regionIou(dg.region, dg.area, tg.region, tg.area);
}

function crowdRegionIou(d: SetAnnotation, dg: Geo, crowd: SetAnnotation, cg: Geo): number {
  if (!boundsOverlap(d.bbox, crowd.bbox) || dg.area <= 0) return 0;
  return intersectionArea(dg.region, cg.region) / dg.area;
}
