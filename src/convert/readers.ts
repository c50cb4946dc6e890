// Readers: a parsed MetaLake or COCO file, or YOLO label texts with their class list, into the
// converters' dataset (model.ts). What a reader cannot read (an annotation without geometry, a
// reference to nothing, an unreadable label line) is put in the report at once: it is lost whatever
// the target. Pure: the disk side (finding label files, image sizes) is disk.ts.
import * as l10n from '@vscode/l10n';
import { isNumber, isObject, type Json } from '../core/json';
import { isNormalized } from '../annotations/metalake';
import { categoriesById, cocoBbox, cocoLists, isCocoId, readSegmentation } from '../annotations/coco';
import type { YoloClasses } from '../validation/yolo';
import { annotationWhere, type ConvAnnotation, type ConvCategory, type ConvDataset, type ConvImage, LossReport } from './model';

/** Input that is not what --from says: the conversion cannot start. */
export class ConvertError extends Error {}

function extraKeys(o: Json, known: readonly string[]): Record<string, unknown> | undefined {
  let extra: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(o)) {
    if (known.includes(k)) continue;
    (extra ??= {})[k] = v;
  }
  return extra;
}

function pointList(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: number[] = [];
  for (const p of value) {
    if (!Array.isArray(p) || p.length < 2 || !isNumber(p[0]) || !isNumber(p[1])) return undefined;
    out.push(p[0], p[1]);
  }
  return out;
}

const METALAKE_ANNOTATION_KEYS = ['type', 'bbox', 'polygon', 'line', 'points', 'label', 'confidence', 'metadata', 'attributes'];

/** A MetaLake upload file ({"images": [{"image", "annotations": [...]}]}). */
export function readMetaLake(value: unknown, report: LossReport): ConvDataset {
  if (!isObject(value) || !Array.isArray(value.images)) throw new ConvertError(l10n.t('This is not a MetaLake annotation file: it has no top-level "images" list.'));
  const images: ConvImage[] = [];
  const labels = new Map<string, ConvCategory>();
  value.images.forEach((entry: unknown, i: number) => {
    if (!isObject(entry) || typeof entry.image !== 'string') {
      report.add('no-image-name', l10n.t('image entries without an "image" name (left out)'), l10n.t('images[{0}]', i));
      return;
    }
    const file = entry.image;
    const image: ConvImage = { file, annotations: [], extra: extraKeys(entry, ['image', 'annotations']) };
    const list = Array.isArray(entry.annotations) ? entry.annotations : [];
    list.forEach((a: unknown, j: number) => {
      const where = annotationWhere(file, j);
      if (!isObject(a)) {
        report.add('no-geometry', l10n.t('annotations without usable geometry (left out)'), where);
        return;
      }
      const type = a.type === 'rectangle' || a.type === 'polygon' || a.type === 'line' ? a.type : a.bbox !== undefined ? 'rectangle' : a.polygon !== undefined ? 'polygon' : a.line !== undefined ? 'line' : undefined;
      const label = typeof a.label === 'string' ? a.label : a.label === undefined ? '' : JSON.stringify(a.label);
      const ann: ConvAnnotation = { label, kind: type ?? 'rectangle', where };
      if (type === 'rectangle' && Array.isArray(a.bbox) && a.bbox.length === 4 && a.bbox.every(isNumber)) ann.bbox = [a.bbox[0], a.bbox[1], a.bbox[2], a.bbox[3]];
      else if (type === 'polygon') {
        const points = pointList(a.polygon ?? a.points);
        if (points && points.length >= 6) ann.polygons = [points];
      } else if (type === 'line') {
        const points = pointList(a.line ?? a.points);
        if (points && points.length >= 4) ann.line = points;
      }
      if (!ann.bbox && !ann.polygons && !ann.line) {
        report.add('no-geometry', l10n.t('annotations without usable geometry (left out)'), where);
        return;
      }
      if (isNumber(a.confidence)) ann.confidence = a.confidence;
      if (a.attributes !== undefined) ann.attributes = a.attributes;
      if (a.metadata !== undefined) ann.metadata = a.metadata;
      const extra = extraKeys(a, METALAKE_ANNOTATION_KEYS);
      if (extra) ann.extra = extra;
      if (!labels.has(label)) labels.set(label, { name: label });
      image.annotations.push(ann);
    });
    images.push(image);
  });
  const extra = extraKeys(value, ['images']);
  return { source: 'metalake', images, categories: [...labels.values()], coordinates: isNormalized(value) ? 'normalized' : 'pixel', extra };
}

const COCO_ANNOTATION_KEYS = ['id', 'image_id', 'category_id', 'bbox', 'segmentation', 'area', 'iscrowd', 'keypoints', 'num_keypoints', 'score', 'attributes', 'metadata'];

/** A COCO ground-truth file (images, annotations, categories). */
export function readCoco(value: unknown, report: LossReport): ConvDataset {
  if (Array.isArray(value)) throw new ConvertError(l10n.t('This is a COCO results file (a list of detections): it names images by id only, so it cannot be converted without its ground truth.'));
  if (!isObject(value) || (!Array.isArray(value.images) && !Array.isArray(value.annotations))) throw new ConvertError(l10n.t('This is not a COCO file: it has no top-level "images" or "annotations" list.'));
  const lists = cocoLists(value);
  const byId = categoriesById(lists.categories);
  const categories: ConvCategory[] = [...byId.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([id]) => {
      const c = lists.categories[byId.get(id)!.index] as Json;
      const cat: ConvCategory = { id, name: typeof c.name === 'string' ? c.name : String(id) };
      if (typeof c.supercategory === 'string') cat.supercategory = c.supercategory;
      if (Array.isArray(c.keypoints)) cat.keypoints = c.keypoints;
      if (Array.isArray(c.skeleton)) cat.skeleton = c.skeleton;
      return cat;
    });
  const catName = new Map(categories.map((c) => [c.id!, c.name]));
  const images: ConvImage[] = [];
  const imageById = new Map<number, ConvImage>();
  lists.images.forEach((entry, i) => {
    if (!isObject(entry) || !isCocoId(entry.id) || imageById.has(entry.id)) {
      report.add('bad-image', l10n.t('image entries without a usable, unique integer id (left out)'), l10n.t('images[{0}]', i));
      return;
    }
    const file = typeof entry.file_name === 'string' ? entry.file_name : String(entry.id);
    const image: ConvImage = { file, id: entry.id, annotations: [], extra: extraKeys(entry, ['id', 'file_name', 'width', 'height']) };
    if (isNumber(entry.width) && entry.width > 0) image.width = entry.width;
    if (isNumber(entry.height) && entry.height > 0) image.height = entry.height;
    images.push(image);
    imageById.set(entry.id, image);
  });
  lists.annotations.forEach((a, i) => {
    const where = l10n.t('annotations[{0}]', i);
    if (!isObject(a)) {
      report.add('no-geometry', l10n.t('annotations without usable geometry (left out)'), where);
      return;
    }
    const image = isCocoId(a.image_id) ? imageById.get(a.image_id) : undefined;
    if (!image) {
      report.add('unknown-image', l10n.t('annotations whose image_id is no image (left out)'), where);
      return;
    }
    const label = isCocoId(a.category_id) ? catName.get(a.category_id) : undefined;
    if (label === undefined) {
      report.add('unknown-category', l10n.t('annotations whose category_id is no category (left out)'), where);
      return;
    }
    const named = isCocoId(a.id) ? l10n.t('annotation id {0} ({1})', a.id, image.file) : where;
    const box = cocoBbox(a.bbox);
    const ann: ConvAnnotation = { label, kind: 'rectangle', where: named };
    if (box) ann.bbox = [box.x, box.y, box.w, box.h];
    const seg = readSegmentation(a.segmentation);
    if (seg.kind === 'polygons' || seg.kind === 'flat') {
      const parts = (seg.kind === 'flat' ? [seg.polygon] : seg.polygons).map((p) => p.slice(0, p.length - (p.length % 2)));
      const usable = parts.filter((p) => p.length >= 6);
      if (usable.length < parts.length) report.add('short-polygon', l10n.t('polygon parts with fewer than 3 points (left out)'), named, parts.length - usable.length);
      if (usable.length > 0) {
        ann.kind = 'polygon';
        ann.polygons = usable;
      }
    } else if (seg.kind === 'rle') ann.rle = a.segmentation;
    else if (seg.kind === 'other') report.add('bad-segmentation', l10n.t('segmentations that are neither polygons nor RLE (left out)'), named);
    if (Array.isArray(a.keypoints) && a.keypoints.length > 0 && a.keypoints.every(isNumber)) ann.keypoints = a.keypoints;
    if (!ann.bbox && !ann.polygons) {
      report.add('no-geometry', l10n.t('annotations without usable geometry (left out)'), named);
      return;
    }
    if (a.iscrowd === 1) ann.crowd = true;
    if (isNumber(a.area)) ann.area = a.area;
    if (isNumber(a.score)) ann.confidence = a.score;
    if (a.attributes !== undefined) ann.attributes = a.attributes;
    if (a.metadata !== undefined) ann.metadata = a.metadata;
    const extra = extraKeys(a, COCO_ANNOTATION_KEYS);
    if (extra) ann.extra = extra;
    image.annotations.push(ann);
  });
  const extra = extraKeys(value, ['images', 'annotations', 'categories']);
  return { source: 'coco', images, categories, coordinates: 'pixel', extra };
}

/** One YOLO label file: the image it labels (as it will be named in the output) and its text. */
export interface YoloLabelInput {
  /** the image's name for the output (relative path, forward slashes) */
  image: string;
  /** the label file, for the report */
  label: string;
  text: string;
  width?: number;
  height?: number;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * YOLO label files (normalized `class cx cy w h [conf]`, `class x1 y1 … [conf]`, or pose
 * `class cx cy w h` + keypoints when the class list has `kpt_shape`) with their class list.
 */
export function readYolo(labels: readonly YoloLabelInput[], classes: YoloClasses | undefined, report: LossReport): ConvDataset {
  const names = new Map<number, string>(classes?.names ?? []);
  const used = new Set<number>();
  const kpt = classes?.kptShape;
  const images: ConvImage[] = [];
  for (const input of labels) {
    const image: ConvImage = { file: input.image, annotations: [] };
    if (input.width !== undefined && input.height !== undefined) {
      image.width = input.width;
      image.height = input.height;
    }
    const lines = input.text.replace(/^\uFEFF/, '').split(/\r?\n/);
    lines.forEach((line, n) => {
      const tokens = line.trim().split(/\s+/).filter(Boolean);
      if (tokens.length === 0) return;
      const where = l10n.t('{0}, line {1}', input.label, n + 1);
      const id = Number(tokens[0]);
      const values = tokens.slice(1).map(Number);
      const bad = (): void => report.add('bad-line', l10n.t('label lines that are not a box, a polygon or a pose (left out)'), where);
      if (!/^\d+$/.test(tokens[0]) || !tokens.slice(1).every((t) => NUMBER.test(t))) return bad();
      const label = names.get(id) ?? String(id);
      if (!names.has(id) && classes?.names) report.add('unknown-class', l10n.t('class ids not in the class list (kept, named by their number)'), where);
      const ann: ConvAnnotation = { label, kind: 'rectangle', where };
      const n4 = values.length;
      const toBox = (cx: number, cy: number, w: number, h: number): [number, number, number, number] => [cx - w / 2, cy - h / 2, w, h];
      if (kpt && n4 === 4 + kpt[0] * kpt[1]) {
        ann.bbox = toBox(values[0], values[1], values[2], values[3]);
        const kp: number[] = [];
        for (let k = 0; k < kpt[0]; k++) {
          const base = 4 + k * kpt[1];
          kp.push(values[base], values[base + 1], kpt[1] === 3 ? values[base + 2] : 2);
        }
        ann.keypoints = kp;
      } else if (n4 === 4 || n4 === 5) {
        ann.bbox = toBox(values[0], values[1], values[2], values[3]);
        if (n4 === 5) ann.confidence = values[4];
      } else if (n4 >= 6) {
        const even = n4 % 2 === 0 ? values : values.slice(0, -1);
        if (n4 % 2 === 1) ann.confidence = values[n4 - 1];
        ann.kind = 'polygon';
        ann.polygons = [even];
      } else return bad();
      used.add(id);
      image.annotations.push(ann);
    });
    images.push(image);
  }
  const ids = new Set<number>([...names.keys(), ...used]);
  const categories: ConvCategory[] = [...ids].sort((a, b) => a - b).map((id) => ({ id, name: names.get(id) ?? String(id) }));
  return { source: 'yolo', images, categories, coordinates: 'normalized', kptShape: kpt };
}
