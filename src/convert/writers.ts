// Writers: the converters' dataset (model.ts) out as MetaLake, COCO or YOLO text. Each writer puts
// in the report what its format has no place for, once per kind with the first places, and never
// writes a shape it would have to guess (an image whose size is unknown when the coordinates must
// be scaled is left out and named). Pure: the files are returned, disk.ts writes them.
import * as l10n from '@vscode/l10n';
import { stringify as yamlStringify } from 'yaml';
import { isObject } from '../core/json';
import { polygonArea } from '../annotations/geometry';
import { polygonsExtent } from '../annotations/coco';
import type { ConvAnnotation, ConvDataset, ConvImage, Coordinates, LossReport } from './model';

/** A written file: its path relative to the output (YOLO), or '' for the single output file. */
export interface OutputFile {
  path: string;
  text: string;
}

/** Numbers as short as they are exact to 1e-`digits` (no exponent, no float noise). */
function num(v: number, digits: number): number {
  const r = Number(v.toFixed(digits));
  return Object.is(r, -0) ? 0 : r;
}

/** The annotation with every coordinate multiplied by (sx, sy) (keypoint visibilities stay). */
function scaled(a: ConvAnnotation, sx: number, sy: number, digits: number): ConvAnnotation {
  const xy = (p: readonly number[]): number[] => p.map((v, i) => num(v * (i % 2 === 0 ? sx : sy), digits));
  const out: ConvAnnotation = { ...a };
  if (a.bbox) out.bbox = [num(a.bbox[0] * sx, digits), num(a.bbox[1] * sy, digits), num(a.bbox[2] * sx, digits), num(a.bbox[3] * sy, digits)];
  if (a.polygons) out.polygons = a.polygons.map(xy);
  if (a.line) out.line = xy(a.line);
  if (a.keypoints) out.keypoints = a.keypoints.map((v, i) => (i % 3 === 0 ? num(v * sx, digits) : i % 3 === 1 ? num(v * sy, digits) : v));
  return out;
}

/**
 * The image's annotations in `target` coordinates, or undefined when that needs the image's size
 * and it is unknown (reported).
 */
function inCoordinates(ds: ConvDataset, image: ConvImage, target: Coordinates, report: LossReport, digits: number): ConvAnnotation[] | undefined {
  if (ds.coordinates === target) return image.annotations;
  if (image.width === undefined || image.height === undefined) {
    report.add('size-unknown', l10n.t('images whose size is unknown, so their annotations could not be scaled (left out; give --image-root or put the images beside the input)'), image.file);
    return undefined;
  }
  const [sx, sy] = target === 'pixel' ? [image.width, image.height] : [1 / image.width, 1 / image.height];
  return image.annotations.map((a) => scaled(a, sx, sy, digits));
}

/** Keys the target format has no place for: reported by name. */
function reportExtra(report: LossReport, what: 'annotation' | 'image' | 'top-level', extra: Record<string, unknown> | undefined, where: string): void {
  if (!extra) return;
  for (const key of Object.keys(extra)) {
    const message = what === 'annotation' ? l10n.t('annotation key "{0}"', key) : what === 'image' ? l10n.t('image key "{0}"', key) : l10n.t('top-level key "{0}"', key);
    report.add(`${what}-key:${key}`, message, where);
  }
}

function reportTopLevel(ds: ConvDataset, report: LossReport): void {
  if (!ds.extra) return;
  for (const [key, value] of Object.entries(ds.extra)) {
    // An empty `licenses` list or `info` object holds nothing to lose.
    if (value === null || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0)) continue;
    reportExtra(report, 'top-level', { [key]: value }, key);
  }
}

/** JSON with the lists under `itemsAt` one item a line: readable, diffable, and fast on 800k annotations. */
function jsonLines(value: Record<string, unknown>, itemsAt: (key: string) => boolean): string {
  const parts = Object.entries(value).map(([k, v]) => {
    if (Array.isArray(v) && itemsAt(k) && v.length > 0) return `  ${JSON.stringify(k)}: [\n${v.map((item) => '    ' + JSON.stringify(item)).join(',\n')}\n  ]`;
    return `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  });
  return `{\n${parts.join(',\n')}\n}\n`;
}

/** MetaLake attributes from CVAT's flat COCO `attributes` ({occluded: false}); MetaLake-shaped ones as they are. */
function metalakeAttributes(value: unknown): unknown {
  if (!isObject(value)) return value;
  const shaped = Object.values(value).every((v) => Array.isArray(v) && v.every((x) => isObject(x) && 'value' in x));
  if (shaped) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, [{ value: v }]]));
}

function reportDropped(a: ConvAnnotation, report: LossReport, into: 'metalake' | 'coco' | 'yolo'): void {
  if (a.rle !== undefined) report.add('rle', into === 'metalake' ? l10n.t('RLE masks (MetaLake has no masks; their box is kept as a rectangle)') : l10n.t('RLE masks (YOLO has no masks; their box is kept)'), a.where);
  if (a.keypoints) report.add('keypoints', into === 'metalake' ? l10n.t('keypoints (MetaLake has no keypoints; the box is kept)') : into === 'coco' ? l10n.t('keypoints (not carried into COCO from YOLO pose lines; the box is kept)') : l10n.t('keypoints (not written as YOLO pose lines; the box is kept)'), a.where);
  if (a.crowd && into === 'metalake') report.add('crowd', l10n.t('iscrowd: 1 (MetaLake has no crowd regions; kept as ordinary annotations)'), a.where);
  if (into === 'yolo') {
    if (a.attributes !== undefined) report.add('attributes', l10n.t('attributes (YOLO has none)'), a.where);
    if (a.metadata !== undefined) report.add('metadata', l10n.t('metadata (YOLO has none)'), a.where);
    if (a.confidence !== undefined) report.add('confidence', l10n.t('confidences (YOLO training labels have none)'), a.where);
  }
  reportExtra(report, 'annotation', a.extra, a.where);
}

/** What COCO categories hold beyond a name (MetaLake and YOLO keep names only). */
function reportCategories(ds: ConvDataset, report: LossReport): void {
  for (const c of ds.categories) {
    if (c.supercategory) report.add('supercategory', l10n.t('category supercategories'), c.name);
    if ((c.keypoints && c.keypoints.length > 0) || (c.skeleton && c.skeleton.length > 0)) report.add('category-keypoints', l10n.t('category keypoint names and skeletons'), c.name);
  }
}

export interface MetaLakeWriteOptions {
  /** write coordinates in 0..1 of the image (MetaLake's is_normalized) instead of pixels */
  normalized?: boolean;
}

export function writeMetaLake(ds: ConvDataset, report: LossReport, options: MetaLakeWriteOptions = {}): OutputFile {
  reportTopLevel(ds, report);
  const target: Coordinates = options.normalized ? 'normalized' : 'pixel';
  const digits = target === 'pixel' ? 3 : 6;
  const used = new Set<string>();
  const images: unknown[] = [];
  for (const image of ds.images) {
    const list = inCoordinates(ds, image, target, report, digits);
    if (!list) continue;
    if (ds.source === 'coco') {
      reportExtra(report, 'image', image.extra, image.file);
      if (image.width !== undefined) report.add('image-size', l10n.t('image width and height (MetaLake has no place for them; they are read from the image files again on the way back)'), image.file);
    }
    const annotations: unknown[] = [];
    for (const a of list) {
      reportDropped(a, report, 'metalake');
      const tail: Record<string, unknown> = { label: a.label };
      if (a.confidence !== undefined) tail.confidence = a.confidence;
      if (a.metadata !== undefined) tail.metadata = a.metadata;
      if (a.attributes !== undefined) tail.attributes = metalakeAttributes(a.attributes);
      if (a.kind === 'polygon' && a.polygons) {
        if (a.polygons.length > 1) report.add('polygon-parts', l10n.t('polygons of several parts (each part written as a polygon of its own)'), a.where);
        for (const p of a.polygons) {
          const points: [number, number][] = [];
          for (let i = 0; i + 1 < p.length; i += 2) points.push([p[i], p[i + 1]]);
          annotations.push({ type: 'polygon', polygon: points, ...tail });
        }
      } else if (a.kind === 'line' && a.line) {
        const points: [number, number][] = [];
        for (let i = 0; i + 1 < a.line.length; i += 2) points.push([a.line[i], a.line[i + 1]]);
        annotations.push({ type: 'line', line: points, ...tail });
      } else if (a.bbox) annotations.push({ type: 'rectangle', bbox: a.bbox, ...tail });
      else continue;
      used.add(a.label);
    }
    const entry: Record<string, unknown> = { image: image.file, annotations };
    if (ds.source !== 'coco' && image.extra) Object.assign(entry, image.extra);
    images.push(entry);
  }
  for (const c of ds.categories) if (!used.has(c.name)) report.add('unused-category', l10n.t('categories no annotation uses (MetaLake has no list of labels)'), c.name);
  reportCategories(ds, report);
  // Images one a line, each with its annotations: the way MetaLake files are usually read.
  const text = `{\n  "images": [${images.length === 0 ? ']' : '\n' + images.map((im) => '    ' + JSON.stringify(im)).join(',\n') + '\n  ]'}\n}\n`;
  return { path: '', text };
}

export function writeCoco(ds: ConvDataset, report: LossReport, options: { description?: string } = {}): OutputFile {
  reportTopLevel(ds, report);
  const categoryId = new Map<string, number>();
  const categories = ds.categories.map((c, i) => {
    const id = i + 1;
    if (!categoryId.has(c.name)) categoryId.set(c.name, id);
    return { id, name: c.name, supercategory: c.supercategory ?? '' };
  });
  const images: unknown[] = [];
  const annotations: unknown[] = [];
  ds.images.forEach((image, i) => {
    const id = i + 1;
    const entry: Record<string, unknown> = { id, file_name: image.file };
    if (image.width !== undefined && image.height !== undefined) {
      entry.width = image.width;
      entry.height = image.height;
    } else if (ds.coordinates === 'pixel') {
      report.add('size-unknown-coco', l10n.t('images whose size is unknown (written without width and height; give --image-root or put the images beside the input)'), image.file);
    }
    // A MetaLake image entry's own keys go along, except where COCO's keys are.
    for (const [k, v] of Object.entries(image.extra ?? {})) {
      if (k in entry || k === 'width' || k === 'height') report.add(`image-key:${k}`, l10n.t('image key "{0}"', k), image.file);
      else entry[k] = v;
    }
    images.push(entry);
    const list = inCoordinates(ds, image, 'pixel', report, 3);
    if (!list) return;
    for (const a of list) {
      if (a.kind === 'line') {
        report.add('line', l10n.t('lines (COCO has no lines)'), a.where);
        continue;
      }
      reportDropped(a, report, 'coco');
      const out: Record<string, unknown> = { id: annotations.length + 1, image_id: id, category_id: categoryId.get(a.label) };
      if (a.kind === 'polygon' && a.polygons) {
        const e = polygonsExtent(a.polygons)!;
        out.bbox = a.bbox ?? [e[0], e[1], num(e[2] - e[0], 3), num(e[3] - e[1], 3)];
        out.segmentation = a.polygons;
        out.area = num(a.polygons.reduce((s, p) => s + polygonArea(p), 0), 3);
      } else if (a.bbox) {
        out.bbox = a.bbox;
        out.segmentation = [];
        out.area = num(Math.abs(a.bbox[2] * a.bbox[3]), 3);
      } else continue;
      out.iscrowd = 0;
      if (a.confidence !== undefined) out.score = a.confidence;
      if (a.attributes !== undefined) out.attributes = a.attributes;
      if (a.metadata !== undefined) out.metadata = a.metadata;
      annotations.push(out);
    }
  });
  const doc = { info: options.description ? { description: options.description } : {}, licenses: [], images, annotations, categories };
  return { path: '', text: jsonLines(doc, (k) => k === 'images' || k === 'annotations' || k === 'categories') };
}

export type YoloTask = 'detect' | 'segment';

export interface YoloWriteOptions {
  /** detection boxes, or segmentation polygons (boxes then written as 4-corner polygons) */
  task?: YoloTask;
  /** the split the labels go under: labels/<split>/ (default train) */
  split?: string;
  /** a comment line for data.yaml (where the labels came from) */
  description?: string;
}

/** Most annotations polygons → segment, else detect. */
export function defaultTask(ds: ConvDataset): YoloTask {
  let polygons = 0;
  let total = 0;
  for (const im of ds.images) {
    for (const a of im.annotations) {
      if (a.kind === 'line') continue;
      total++;
      if (a.kind === 'polygon') polygons++;
    }
  }
  return total > 0 && polygons * 2 > total ? 'segment' : 'detect';
}

/** A relative path inside the output: forward slashes, no drive, no leading slash, no `..`. */
export function safeRelative(file: string): string {
  return file
    .replace(/\\/g, '/')
    .replace(/^[a-zA-Z]:/, '')
    .split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..')
    .join('/');
}

function yoloNumber(v: number): string {
  return String(num(v, 6));
}

/** The largest part of a polygon (YOLO has one polygon per object). */
function largestPart(parts: readonly number[][]): number[] {
  let best = parts[0];
  for (const p of parts) if (polygonArea(p) > polygonArea(best)) best = p;
  return best;
}

export function writeYolo(ds: ConvDataset, report: LossReport, options: YoloWriteOptions = {}): OutputFile[] {
  reportTopLevel(ds, report);
  reportCategories(ds, report);
  const task = options.task ?? defaultTask(ds);
  const split = safeRelative(options.split ?? 'train') || 'train';
  const classId = new Map<string, number>();
  const names = new Map<number, string>();
  ds.categories.forEach((c) => {
    if (classId.has(c.name)) return;
    const id = classId.size;
    classId.set(c.name, id);
    names.set(id, c.name);
  });
  const files: OutputFile[] = [];
  const taken = new Set<string>();
  for (const image of ds.images) {
    const rel = safeRelative(image.file);
    const stem = rel.replace(/\.[^./]*$/, '');
    const labelPath = `labels/${split}/${stem || 'image'}.txt`;
    if (taken.has(labelPath.toLowerCase())) {
      report.add('name-clash', l10n.t('images whose label file would have the same name as another image\'s (left out)'), image.file);
      continue;
    }
    reportExtra(report, 'image', image.extra, image.file);
    const list = inCoordinates(ds, image, 'normalized', report, 6);
    if (!list) continue;
    taken.add(labelPath.toLowerCase());
    const lines: string[] = [];
    for (const a of list) {
      if (a.kind === 'line') {
        report.add('line', l10n.t('lines (YOLO has no lines)'), a.where);
        continue;
      }
      if (a.crowd) {
        report.add('crowd-yolo', l10n.t('iscrowd: 1 regions (left out, as Ultralytics\' COCO converter does)'), a.where);
        continue;
      }
      reportDropped(a, report, 'yolo');
      const id = classId.get(a.label)!;
      if (task === 'detect') {
        let box = a.bbox;
        if (a.kind === 'polygon' && a.polygons) {
          if (!box) {
            const e = polygonsExtent(a.polygons)!;
            box = [e[0], e[1], e[2] - e[0], e[3] - e[1]];
          }
          report.add('polygon-as-box', l10n.t('polygons (written as their boxes: YOLO detection labels hold boxes only; use --yolo-task segment to keep them)'), a.where);
        }
        if (!box) continue;
        const [x, y, w, h] = box;
        lines.push([id, x + w / 2, y + h / 2, w, h].map((v, i) => (i === 0 ? String(v) : yoloNumber(v))).join(' '));
      } else {
        let points: number[] | undefined;
        if (a.kind === 'polygon' && a.polygons) {
          if (a.polygons.length > 1) report.add('polygon-parts-yolo', l10n.t('polygons of several parts (only the largest part is written: YOLO has one polygon per object)'), a.where);
          points = largestPart(a.polygons);
        } else if (a.bbox) {
          const [x, y, w, h] = a.bbox;
          points = [x, y, x + w, y, x + w, y + h, x, y + h];
        }
        if (!points) continue;
        lines.push([String(id), ...points.map(yoloNumber)].join(' '));
      }
    }
    files.push({ path: labelPath, text: lines.length > 0 ? lines.join('\n') + '\n' : '' });
  }
  const header = [
    options.description ? `# ${options.description.replace(/\r?\n/g, ' ')}` : undefined,
    `# Labels are in labels/${split}/. Put the images in images/${split}/ with the same names (Ultralytics pairs images/ with labels/).`,
    '# No "path": Ultralytics then reads train and val relative to this file\'s folder.',
  ].filter((l): l is string => l !== undefined);
  const yaml = yamlStringify({ train: `images/${split}`, val: `images/${split}`, nc: classId.size, names });
  files.push({ path: 'data.yaml', text: header.join('\n') + '\n' + yaml });
  return files;
}
