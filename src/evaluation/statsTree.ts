// The "Dataset statistics" view's content, as plain nodes (no vscode): the figures of
// datasetStats() laid out as sections, numbers and text bars (`car ████████ 1,204`), each holding
// the annotations (or images) behind it, so a click opens the first and expanding lists them all.
// The refs behind a histogram bar are found by walking the inputs the way datasetStats does and
// putting each value in the bin the engine put it in (a unit test checks the counts agree).
import type { JsonPath } from '../core/jsonScan';
import { type AnnotationRef, type DatasetStats, type Distribution, type ImageRef, type StatsInput, TINY_SIDE_PX, WHOLE_IMAGE_SHARE, datasetStats } from './stats';
import type { SetFormat, ShapeKind } from './types';

/** What a click opens: an annotation, or an image entry when `annotation` is undefined. */
export interface Target {
  file: string;
  imageIndex: number;
  annotation?: number;
  label?: string;
  image: string;
}

export type NodeKind = 'section' | 'number' | 'bar' | 'annotation' | 'image' | 'file' | 'note';

export interface StatNode {
  id: string;
  kind: NodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  /** what is behind the node: a click opens the first; expanding lists them (when no children) */
  targets?: Target[];
  children?: StatNode[];
}

/** Expanding a node lists at most this many of its annotations. */
export const MAX_LISTED = 500;
const BAR_WIDTH = 12;

export const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: Number.isInteger(n) ? 0 : Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 1 ? 2 : 3 });

/** `████████ 1,204`: a bar scaled to the largest count of its group (at least one block when not 0). */
export function bar(count: number, max: number, width = BAR_WIDTH): string {
  const blocks = max > 0 && count > 0 ? Math.max(1, Math.round((count / max) * width)) : 0;
  return `${'█'.repeat(blocks)}${blocks ? ' ' : ''}${fmt(count)}`;
}

/** The JSON path of an annotation (or of an image entry) in a file of this format; undefined when there is no such node. */
export function targetPath(format: SetFormat, imageIndex: number, annotation?: number): JsonPath | undefined {
  if (format === 'metalake') return annotation === undefined ? ['images', imageIndex] : ['images', imageIndex, 'annotations', annotation];
  if (format === 'coco') return annotation === undefined ? ['images', imageIndex] : ['annotations', annotation];
  return annotation === undefined ? undefined : [annotation];
}

/** The bin of `d` a value falls in, by the rule datasetStats used to count it. */
export function binOf(d: Distribution, v: number, binning: 'equal' | 'aspect' | 'counts'): number {
  const bins = d.bins;
  if (binning === 'aspect') {
    let k = 0;
    while (k + 1 < bins.length && v >= bins[k + 1].from) k++;
    return k;
  }
  if (binning === 'counts') {
    const step = (bins[0].to ?? 0) - bins[0].from + 1;
    return Math.min(bins.length - 1, Math.floor(v / step));
  }
  if (bins.length === 1) return 0;
  const width = (d.max - d.min) / bins.length;
  return Math.min(bins.length - 1, Math.floor((v - d.min) / width));
}

interface BoxValue {
  ref: Target;
  w: number;
  h: number;
  scaled: boolean;
}

interface Walk {
  byLabel: Map<string, Target[]>;
  byKind: Record<ShapeKind, Target[]>;
  images: Target[];
  perImage: { ref: Target; count: number }[];
  boxes: BoxValue[];
  files: string[];
}

function walk(inputs: readonly StatsInput[]): Walk {
  const out: Walk = { byLabel: new Map(), byKind: { rectangle: [], polygon: [], line: [] }, images: [], perImage: [], boxes: [], files: [] };
  for (const { file, set, imageSize } of inputs) {
    out.files.push(file);
    for (const im of set.images) {
      const imageRef: Target = { file, image: im.key, imageIndex: im.index };
      out.images.push(imageRef);
      out.perImage.push({ ref: imageRef, count: im.annotations.length });
      const size = im.width !== undefined && im.height !== undefined ? { width: im.width, height: im.height } : imageSize?.(im.index);
      for (const a of im.annotations) {
        const ref: Target = { file, image: im.key, imageIndex: im.index, annotation: a.index, label: a.label };
        let list = out.byLabel.get(a.label);
        if (!list) out.byLabel.set(a.label, (list = []));
        list.push(ref);
        out.byKind[a.kind].push(ref);
        if (!a.box) continue;
        let [, , w, h] = a.box;
        let scaled = !set.normalized;
        if (set.normalized && size) {
          w *= size.width;
          h *= size.height;
          scaled = true;
        }
        out.boxes.push({ ref, w, h, scaled });
      }
    }
  }
  return out;
}

const annotationTarget = (r: AnnotationRef): Target => ({ file: r.file, image: r.image, imageIndex: r.imageIndex, annotation: r.annotation, label: r.label });
const imageTarget = (r: ImageRef): Target => ({ file: r.file, image: r.image, imageIndex: r.imageIndex });

function range(from: number, to: number | null, integer: boolean): string {
  if (to === null) return `≥ ${fmt(from)}`;
  if (from === to) return fmt(from);
  return integer ? `${fmt(from)}–${fmt(to)}` : `${fmt(from)} – ${fmt(to)}`;
}

function distributionNode(id: string, title: string, d: Distribution | null, values: { ref: Target; v: number }[], binning: 'equal' | 'aspect' | 'counts', unit = ''): StatNode {
  if (!d) return { id, kind: 'section', label: title, description: 'none' };
  const byBin: Target[][] = d.bins.map(() => []);
  for (const { ref, v } of values) byBin[binOf(d, v, binning)].push(ref);
  const max = Math.max(...d.bins.map((b) => b.count));
  const children = d.bins.map((b, i): StatNode => ({
    id: `${id}/${i}`,
    kind: 'bar',
    label: range(b.from, b.to, binning === 'counts') + unit,
    description: bar(b.count, max),
    tooltip: `${fmt(b.count)} ${binning === 'counts' ? 'images' : 'boxes'}`,
    targets: byBin[i],
  }));
  return { id, kind: 'section', label: title, description: `min ${fmt(d.min)}, median ${fmt(d.median)}, mean ${fmt(d.mean)}, max ${fmt(d.max)}`, children };
}

/** The statistics and the view's nodes for a set of inputs (one datasetStats run). */
export function statsTree(inputs: readonly StatsInput[], stats: DatasetStats = datasetStats([...inputs])): { stats: DatasetStats; roots: StatNode[] } {
  const w = walk(inputs);
  const normalized = stats.boxes.units === 'normalized';
  const used = w.boxes.filter((b) => b.scaled !== normalized);
  const unit = normalized ? '' : ' px';
  const number = (id: string, label: string, n: number, targets?: Target[], children?: StatNode[]): StatNode => ({ id, kind: 'number', label, description: fmt(n), targets, children });

  const kinds = (['rectangle', 'polygon', 'line'] as const).filter((k) => stats.shapes[k] > 0);
  const overview: StatNode = {
    id: 'overview',
    kind: 'section',
    label: 'Overview',
    children: [
      number('overview/files', 'Files', stats.files, undefined, w.files.map((f, i) => ({ id: `file/${i}`, kind: 'file', label: f.replace(/^.*[\\/]/, ''), tooltip: f, targets: [{ file: f, image: '', imageIndex: -1 }] }))),
      number('overview/images', 'Images', stats.images, w.images),
      number('overview/annotations', 'Annotations', stats.annotations, undefined, kinds.map((k) => number(`overview/annotations/${k}`, k === 'rectangle' ? 'Boxes' : k === 'polygon' ? 'Polygons' : 'Lines', stats.shapes[k], w.byKind[k]))),
      number('overview/labels', 'Labels', stats.labels),
    ],
  };
  const maxLabel = Math.max(0, ...stats.labelHistogram.map((l) => l.annotations));
  const labels: StatNode = {
    id: 'labels',
    kind: 'section',
    label: 'Labels',
    description: `${fmt(stats.labels)} labels`,
    children: stats.labelHistogram.map((l) => ({
      id: `labels/${l.label}`,
      kind: 'bar',
      label: l.label === '' ? '(empty)' : l.label,
      description: bar(l.annotations, maxLabel),
      tooltip: `${fmt(l.annotations)} annotations on ${fmt(l.images)} images`,
      targets: w.byLabel.get(l.label) ?? [],
    })),
  };
  const aspect = used.filter((b) => b.h > 0);
  const sizeUnit = normalized ? ' (normalized)' : '';
  const boxes: StatNode = {
    id: 'boxes',
    kind: 'section',
    label: 'Boxes',
    description: `${fmt(stats.boxes.count)} boxes${normalized ? ', normalized units' : ''}${stats.boxes.unscaled ? `, ${fmt(stats.boxes.unscaled)} normalized on images of unknown size left out` : ''}`,
    children: [
      distributionNode('boxes/width', `Width${sizeUnit}`, stats.boxes.width, used.map((b) => ({ ref: b.ref, v: b.w })), 'equal', unit),
      distributionNode('boxes/height', `Height${sizeUnit}`, stats.boxes.height, used.map((b) => ({ ref: b.ref, v: b.h })), 'equal', unit),
      distributionNode('boxes/area', `Area${sizeUnit}`, stats.boxes.area, used.map((b) => ({ ref: b.ref, v: b.w * b.h })), 'equal', normalized ? '' : ' px²'),
      distributionNode('boxes/aspect', 'Aspect ratio (w/h)', stats.boxes.aspectRatio, aspect.map((b) => ({ ref: b.ref, v: b.w / b.h })), 'aspect'),
    ],
  };
  if (stats.boxes.sizes) {
    const s = stats.boxes.sizes;
    const area = (b: BoxValue): number => b.w * b.h;
    const px = w.boxes.filter((b) => b.scaled);
    boxes.children!.push({
      id: 'boxes/sizes',
      kind: 'section',
      label: 'COCO sizes',
      children: [
        number('boxes/sizes/small', 'Small (< 32²)', s.small, px.filter((b) => area(b) < 32 * 32).map((b) => b.ref)),
        number('boxes/sizes/medium', 'Medium (< 96²)', s.medium, px.filter((b) => area(b) >= 32 * 32 && area(b) < 96 * 96).map((b) => b.ref)),
        number('boxes/sizes/large', 'Large', s.large, px.filter((b) => area(b) >= 96 * 96).map((b) => b.ref)),
      ],
    });
  }
  const perImage = distributionNode('perImage', 'Annotations per image', stats.annotationsPerImage, w.perImage.map((p) => ({ ref: p.ref, v: p.count })), 'counts');
  const o = stats.outliers;
  const outliers: StatNode = {
    id: 'outliers',
    kind: 'section',
    label: 'Outliers',
    description: fmt(o.tinyBoxes.count + o.wholeImageBoxes.count + o.labelsUsedOnce.count + o.imagesWithoutAnnotations.count),
    children: [
      number('outliers/tiny', `Tiny boxes (a side < ${TINY_SIDE_PX} px)`, o.tinyBoxes.count, o.tinyBoxes.items.map(annotationTarget)),
      number('outliers/whole', `Boxes covering the whole image (≥ ${Math.round(WHOLE_IMAGE_SHARE * 100)}%)`, o.wholeImageBoxes.count, o.wholeImageBoxes.items.map(annotationTarget)),
      number('outliers/once', 'Labels used once', o.labelsUsedOnce.count, o.labelsUsedOnce.items.map(annotationTarget)),
      number('outliers/empty', 'Images without annotations', o.imagesWithoutAnnotations.count, o.imagesWithoutAnnotations.items.map(imageTarget)),
    ],
  };
  const roots = [overview, labels, boxes, perImage, outliers];
  if (stats.skipped.length > 0) {
    roots.push({
      id: 'skipped',
      kind: 'section',
      label: 'Left out',
      description: fmt(stats.skipped.reduce((s, k) => s + k.count, 0)),
      children: stats.skipped.map((k, i) => ({ id: `skipped/${i}`, kind: 'note', label: k.reason, description: fmt(k.count), tooltip: k.file, targets: [{ file: k.file, image: '', imageIndex: -1 }] })),
    });
  }
  return { stats, roots };
}

/** A node's children: its own, or the annotations / images behind it (at most MAX_LISTED, then a note). */
export function childrenOf(node: StatNode): StatNode[] {
  if (node.children) return node.children;
  const targets = node.targets ?? [];
  if (node.kind === 'annotation' || node.kind === 'image' || node.kind === 'file' || node.kind === 'note' || targets.length === 0) return [];
  const list = targets.slice(0, MAX_LISTED).map((t, i): StatNode => {
    const where = t.file.replace(/^.*[\\/]/, '');
    return t.annotation === undefined
      ? { id: `${node.id}#${i}`, kind: 'image', label: t.image || `image ${t.imageIndex + 1}`, description: where, tooltip: `${t.file}, image entry ${t.imageIndex + 1}`, targets: [t] }
      : { id: `${node.id}#${i}`, kind: 'annotation', label: t.label === '' ? '(empty)' : (t.label ?? ''), description: `${t.image} #${t.annotation + 1} · ${where}`, tooltip: `${t.file}, image "${t.image}", annotation ${t.annotation + 1}`, targets: [t] };
  });
  if (targets.length > MAX_LISTED) list.push({ id: `${node.id}#more`, kind: 'note', label: `… ${fmt(targets.length - MAX_LISTED)} more` });
  return list;
}
