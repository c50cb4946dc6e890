// Dataset statistics over annotation sets (one per file): counts, a label histogram, box size and
// aspect-ratio distributions, annotations per image and outliers, each outlier pointing at the
// annotations behind it (file, image, annotation index). Pure: image sizes come from the caller.
import type { AnnotationSet, ShapeKind } from './types';

/** A box narrower or lower than this many pixels is "tiny". */
export const TINY_SIDE_PX = 4;
/** The same for normalized boxes on images of unknown size: a fraction of the image side. */
export const TINY_SIDE_NORMALIZED = 0.005;
/** A box covering at least this share of its image's area covers "the whole image". */
export const WHOLE_IMAGE_SHARE = 0.95;
/** Outlier lists keep this many entries (their `count` is the full number). */
export const MAX_OUTLIER_ITEMS = 1000;
const BINS = 10;
/** Aspect ratio (width / height) bin edges: symmetric around square on a log scale. */
export const ASPECT_EDGES = [0, 1 / 4, 1 / 3, 1 / 2, 2 / 3, 1, 3 / 2, 2, 3, 4];

export interface StatsInput {
  file: string;
  set: AnnotationSet;
  /** pixel size of an image, by its index in set.images, when known (COCO sizes are in the set) */
  imageSize?: (imageIndex: number) => { width: number; height: number } | undefined;
}

export interface Bin {
  from: number;
  /** null: no upper bound */
  to: number | null;
  count: number;
}

export interface Distribution {
  count: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  bins: Bin[];
}

export interface AnnotationRef {
  file: string;
  image: string;
  /** index of the image entry in the file */
  imageIndex: number;
  /** index of the annotation in the image's list (COCO: in the file's `annotations`) */
  annotation: number;
  label: string;
  bbox?: [number, number, number, number];
}

export interface ImageRef {
  file: string;
  image: string;
  imageIndex: number;
}

export interface Outliers<T> {
  count: number;
  items: T[];
}

export interface DatasetStats {
  files: number;
  images: number;
  annotations: number;
  shapes: Record<ShapeKind, number>;
  labels: number;
  labelHistogram: { label: string; annotations: number; images: number }[];
  boxes: {
    count: number;
    /** 'pixels', or 'normalized' when every box is normalized on an image of unknown size */
    units: 'pixels' | 'normalized';
    /** boxes left out of the size figures: normalized on an image of unknown size, among pixel boxes */
    unscaled: number;
    width: Distribution | null;
    height: Distribution | null;
    area: Distribution | null;
    aspectRatio: Distribution | null;
    /** COCO's area ranges (small < 32², medium < 96², large), for pixel boxes */
    sizes: { small: number; medium: number; large: number } | null;
  };
  annotationsPerImage: Distribution | null;
  outliers: {
    tinyBoxes: Outliers<AnnotationRef>;
    wholeImageBoxes: Outliers<AnnotationRef>;
    labelsUsedOnce: Outliers<AnnotationRef>;
    imagesWithoutAnnotations: Outliers<ImageRef>;
  };
  /** annotations left out (no usable geometry or label), per file and reason */
  skipped: { file: string; reason: string; count: number }[];
}

function equalBins(sorted: number[], bins = BINS): Bin[] {
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  if (min === max) return [{ from: min, to: max, count: sorted.length }];
  const width = (max - min) / bins;
  const out: Bin[] = Array.from({ length: bins }, (_, i) => ({ from: min + i * width, to: i === bins - 1 ? max : min + (i + 1) * width, count: 0 }));
  for (const v of sorted) out[Math.min(bins - 1, Math.floor((v - min) / width))].count++;
  return out;
}

function edgeBins(sorted: number[], edges: number[]): Bin[] {
  const out: Bin[] = edges.map((from, i) => ({ from, to: i + 1 < edges.length ? edges[i + 1] : null, count: 0 }));
  let k = 0;
  for (const v of sorted) {
    while (k + 1 < edges.length && v >= edges[k + 1]) k++;
    out[k].count++;
  }
  return out;
}

/** Counts 0, 1, 2, ... each a bin when few; equal-width integer bins otherwise. */
function countBins(sorted: number[]): Bin[] {
  const max = sorted[sorted.length - 1];
  if (max <= 20) {
    const out: Bin[] = Array.from({ length: max + 1 }, (_, i) => ({ from: i, to: i, count: 0 }));
    for (const v of sorted) out[v].count++;
    return out;
  }
  const step = Math.ceil((max + 1) / BINS);
  const out: Bin[] = Array.from({ length: Math.ceil((max + 1) / step) }, (_, i) => ({ from: i * step, to: Math.min(max, (i + 1) * step - 1), count: 0 }));
  for (const v of sorted) out[Math.floor(v / step)].count++;
  return out;
}

export function distribution(values: number[], binning: 'equal' | 'aspect' | 'counts' = 'equal'): Distribution | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  const n = list.length;
  const median = n % 2 ? list[n >> 1] : (list[n / 2 - 1] + list[n / 2]) / 2;
  const mean = list.reduce((s, v) => s + v, 0) / n;
  const bins = binning === 'aspect' ? edgeBins(list, ASPECT_EDGES) : binning === 'counts' ? countBins(list) : equalBins(list);
  return { count: n, min: list[0], max: list[n - 1], mean, median, bins };
}

function pushCapped<T>(o: Outliers<T>, item: T): void {
  o.count++;
  if (o.items.length < MAX_OUTLIER_ITEMS) o.items.push(item);
}

export function datasetStats(inputs: StatsInput[]): DatasetStats {
  const shapes: Record<ShapeKind, number> = { rectangle: 0, polygon: 0, line: 0 };
  const labelCount = new Map<string, number>();
  const labelImages = new Map<string, number>();
  const firstUse = new Map<string, AnnotationRef>();
  const perImage: number[] = [];
  const outliers: DatasetStats['outliers'] = {
    tinyBoxes: { count: 0, items: [] },
    wholeImageBoxes: { count: 0, items: [] },
    labelsUsedOnce: { count: 0, items: [] },
    imagesWithoutAnnotations: { count: 0, items: [] },
  };
  const pixel = { w: [] as number[], h: [] as number[], area: [] as number[], aspect: [] as number[] };
  const unit = { w: [] as number[], h: [] as number[], area: [] as number[], aspect: [] as number[] };
  let boxes = 0;
  let images = 0;
  let annotations = 0;
  const skipped: DatasetStats['skipped'] = [];

  for (const { file, set, imageSize } of inputs) {
    for (const [reason, count] of set.skipped) skipped.push({ file, reason, count });
    for (const im of set.images) {
      images++;
      perImage.push(im.annotations.length);
      if (im.annotations.length === 0) pushCapped(outliers.imagesWithoutAnnotations, { file, image: im.key, imageIndex: im.index });
      const size = im.width !== undefined && im.height !== undefined ? { width: im.width, height: im.height } : imageSize?.(im.index);
      const seen = new Set<string>();
      for (const a of im.annotations) {
        annotations++;
        shapes[a.kind]++;
        labelCount.set(a.label, (labelCount.get(a.label) ?? 0) + 1);
        if (!seen.has(a.label)) {
          seen.add(a.label);
          labelImages.set(a.label, (labelImages.get(a.label) ?? 0) + 1);
        }
        const ref: AnnotationRef = { file, image: im.key, imageIndex: im.index, annotation: a.index, label: a.label };
        if (a.box) ref.bbox = a.box;
        if (!firstUse.has(a.label)) firstUse.set(a.label, ref);
        if (!a.box) continue;
        boxes++;
        let [x, y, w, h] = a.box;
        let scaled = !set.normalized;
        if (set.normalized && size) {
          x *= size.width;
          w *= size.width;
          y *= size.height;
          h *= size.height;
          scaled = true;
        }
        const into = scaled ? pixel : unit;
        into.w.push(w);
        into.h.push(h);
        into.area.push(w * h);
        if (h > 0) into.aspect.push(w / h);
        if (Math.min(w, h) < (scaled ? TINY_SIDE_PX : TINY_SIDE_NORMALIZED)) pushCapped(outliers.tinyBoxes, ref);
        const frame = scaled ? size : { width: 1, height: 1 };
        if (frame) {
          const iw = Math.max(0, Math.min(x + w, frame.width) - Math.max(x, 0));
          const ih = Math.max(0, Math.min(y + h, frame.height) - Math.max(y, 0));
          if (iw * ih >= WHOLE_IMAGE_SHARE * frame.width * frame.height) pushCapped(outliers.wholeImageBoxes, ref);
        }
      }
    }
  }
  for (const [label, n] of labelCount) if (n === 1) pushCapped(outliers.labelsUsedOnce, firstUse.get(label)!);
  const histogram = [...labelCount].map(([label, n]) => ({ label, annotations: n, images: labelImages.get(label) ?? 0 }));
  histogram.sort((a, b) => b.annotations - a.annotations || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const normalizedOnly = pixel.w.length === 0 && unit.w.length > 0;
  const use = normalizedOnly ? unit : pixel;
  let sizes: DatasetStats['boxes']['sizes'] = null;
  if (!normalizedOnly && pixel.area.length > 0) {
    sizes = { small: 0, medium: 0, large: 0 };
    for (const a of pixel.area) sizes[a < 32 * 32 ? 'small' : a < 96 * 96 ? 'medium' : 'large']++;
  }
  return {
    files: inputs.length,
    images,
    annotations,
    shapes,
    labels: labelCount.size,
    labelHistogram: histogram,
    boxes: {
      count: boxes,
      units: normalizedOnly ? 'normalized' : 'pixels',
      unscaled: normalizedOnly ? 0 : unit.w.length,
      width: distribution(use.w),
      height: distribution(use.h),
      area: distribution(use.area),
      aspectRatio: distribution(use.aspect, 'aspect'),
      sizes,
    },
    annotationsPerImage: distribution(perImage, 'counts'),
    outliers,
    skipped,
  };
}
