// The checks of MetaLake annotation files the schema cannot express: one annotation's geometry,
// keys, label and confidence; image entries; mixed coordinate systems; and (with the image's size,
// from disk) shapes that reach outside the image. The file is read through the annotation model's
// MetaLake adapter (src/annotations/metalake.ts).
import * as l10n from '@vscode/l10n';
import type { Box } from '../annotations/geometry';
import { annotationsOf, coordinatesOf, fileSystem, forEachAnnotation, isBbox, isPoint, POINT_LIST_KEYS, shapeSystem } from '../annotations/metalake';
import type { JsonPath } from '../core/jsonScan';
import { isNumber, isObject, type Json } from '../core/json';
import { checkKnownKeys } from './checks';
import type { PendingProblem } from './problems';

export const ANNOTATION_KEYS = ['type', 'bbox', 'polygon', 'line', 'points', 'confidence', 'label', 'metadata', 'attributes'] as const;
export const IMAGE_ENTRY_KEYS = ['image', 'annotations'] as const;
/** The image types MetaLake's upload takes (its docs: jpeg, jpg, png). */
export const METALAKE_IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png'] as const;
// `points` is the form the LayerNext SDK stores every shape in; it takes it for any type.
const GEOMETRY_KEYS = ['bbox', 'polygon', 'line', 'points'] as const;
const TYPE_OF_GEOMETRY: Record<string, string> = { bbox: 'rectangle', polygon: 'polygon', line: 'line' };
const GEOMETRY_OF_TYPE: Record<string, string> = { rectangle: 'bbox', polygon: 'polygon', line: 'line', points: 'points' };

function checkConfidence(value: unknown, path: JsonPath, out: PendingProblem[]): void {
  if (isNumber(value) && (value < 0 || value > 1)) {
    const hint = value > 1 && value <= 100 ? ' ' + l10n.t('If it is a percentage, write {0}.', value / 100) : '';
    out.push({ path, anchor: 'value', severity: 'error', code: 'confidence-out-of-range', message: l10n.t('Confidence must be between 0 and 1, not {0}.', value) + hint });
  }
}

/** Geometry and reference checks for one annotation. Returns whether its coordinates are all in [0, 1]. */
function checkAnnotation(a: Json, base: JsonPath, out: PendingProblem[]): void {
  checkKnownKeys(a, ANNOTATION_KEYS, base, l10n.t('an annotation'), out);
  const present = GEOMETRY_KEYS.filter((k) => k in a);
  const type = typeof a.type === 'string' && Object.hasOwn(GEOMETRY_OF_TYPE, a.type) ? a.type : undefined;
  if (present.length === 0) {
    const message = !type
      ? l10n.t('This annotation has no shape: give `bbox`, `polygon` or `line`.')
      : type === 'points'
        ? l10n.t('This annotation has no shape: a points shape needs `{0}`.', GEOMETRY_OF_TYPE[type])
        : l10n.t('This annotation has no shape: a {0} needs `{1}`.', type, GEOMETRY_OF_TYPE[type]);
    out.push({ path: base, anchor: 'open', severity: 'error', code: 'missing-geometry', message });
  } else if (present.length > 1) {
    out.push({
      path: [...base, present[1]],
      anchor: 'key',
      severity: 'error',
      code: 'multiple-geometry',
      message: l10n.t('An annotation has one shape, but this one has both `{0}` and `{1}`.', present[0], present[1]),
    });
  } else if (type && type !== 'points' && present[0] !== 'points' && TYPE_OF_GEOMETRY[present[0]] !== type) {
    out.push({
      path: [...base, 'type'],
      anchor: 'value',
      severity: 'error',
      code: 'type-mismatch',
      message: l10n.t('`type` is "{0}" but the shape is given as `{1}`, which is a {2}.', type, present[0], TYPE_OF_GEOMETRY[present[0]]),
    });
  }

  const bbox = a.bbox;
  if (isBbox(bbox)) {
    for (const [index, name] of [[2, 'width'], [3, 'height']] as const) {
      const size = bbox[index];
      if (size < 0) {
        out.push({ path: [...base, 'bbox', index], anchor: 'value', severity: 'error', code: 'bbox-negative-size', message: l10n.t('bbox {0} must not be negative ({1}).', name, size) });
      } else if (size === 0) {
        out.push({ path: [...base, 'bbox', index], anchor: 'value', severity: 'warning', code: 'bbox-zero-size', message: l10n.t('bbox {0} is zero, so the box has no area.', name) });
      }
    }
  }
  if (typeof a.label === 'string' && a.label.trim() === '') {
    out.push({
      path: [...base, 'label'],
      anchor: 'value',
      severity: 'error',
      code: 'empty-label',
      message: a.label === '' ? l10n.t('The label is empty: MetaLake files every shape under its label, so give the class name (e.g. "car").') : l10n.t('The label is only spaces: MetaLake files every shape under its label, so give the class name (e.g. "car").'),
    });
  }
  const flat = new Set<string>();
  for (const key of POINT_LIST_KEYS) {
    const list = a[key];
    if (!Array.isArray(list) || list.length === 0 || !list.every(isNumber)) continue;
    flat.add(key);
    const min = key === 'polygon' ? 3 : key === 'line' ? 2 : 1;
    const pairs = Math.floor(list.length / 2);
    let more = '';
    if (list.length % 2 === 1) more = ' ' + l10n.t('It has an odd number of values ({0}), so one is missing.', list.length);
    else if (pairs < min) more = ' ' + (pairs === 1 ? l10n.t('That makes {0} point; a {1} needs at least {2}.', pairs, key, min) : l10n.t('That makes {0} points; a {1} needs at least {2}.', pairs, key, min));
    out.push({
      path: [...base, key],
      anchor: 'value',
      severity: 'error',
      code: 'flat-points',
      message: l10n.t('`{0}` is a flat list of numbers [x1, y1, x2, y2, ...]; MetaLake wants a list of points [[x1, y1], [x2, y2], ...].', key) + more,
    });
  }
  for (const [key, min, code] of [['polygon', 3, 'polygon-too-few-points'], ['line', 2, 'line-too-few-points']] as const) {
    const points = a[key];
    if (Array.isArray(points) && points.length < min && !flat.has(key)) {
      out.push({
        path: [...base, key],
        anchor: 'value',
        severity: 'error',
        code,
        message: l10n.t('A {0} needs at least {1} points; this one has {2}.', key, min, points.length),
      });
    }
  }
  const polygon = a.polygon;
  if (Array.isArray(polygon) && polygon.length >= 4) {
    const first = polygon[0];
    const last = polygon[polygon.length - 1];
    if (isPoint(first) && isPoint(last) && first[0] === last[0] && first[1] === last[1]) {
      out.push({
        path: [...base, 'polygon', polygon.length - 1],
        anchor: 'value',
        severity: 'information',
        code: 'polygon-repeats-first-point',
        message: l10n.t('The last point repeats the first; a polygon closes by itself, so this adds an edge of length zero.'),
      });
    }
  }
  checkConfidence(a.confidence, [...base, 'confidence'], out);
  if (isObject(a.attributes)) {
    for (const name in a.attributes) {
      const values = a.attributes[name];
      if (!Array.isArray(values)) continue;
      values.forEach((v, i) => {
        if (isObject(v)) checkConfidence(v.confidence, [...base, 'attributes', name, i, 'confidence'], out);
      });
    }
  }
}

export function checkAnnotations(doc: unknown): PendingProblem[] {
  const out: PendingProblem[] = [];
  if (!isObject(doc) || !Array.isArray(doc.images)) return out;
  const firstIndex = new Map<string, number>();
  doc.images.forEach((entry: unknown, i: number) => {
    if (!isObject(entry)) return;
    checkKnownKeys(entry, IMAGE_ENTRY_KEYS, ['images', i], l10n.t('an image entry'), out);
    if (typeof entry.image === 'string' && entry.image !== '') {
      const ext = extensionOf(entry.image);
      if (ext !== undefined && !(METALAKE_IMAGE_EXTENSIONS as readonly string[]).includes(ext)) {
        out.push({
          path: ['images', i, 'image'],
          anchor: 'value',
          severity: 'warning',
          code: 'unsupported-image-type',
          message: l10n.t('MetaLake takes jpeg, jpg and png images; a ".{0}" file will not upload. Convert it to PNG or JPEG.', ext),
        });
      }
      const first = firstIndex.get(entry.image);
      if (first !== undefined) {
        out.push({
          path: ['images', i, 'image'],
          anchor: 'value',
          severity: 'warning',
          code: 'duplicate-image',
          message: l10n.t("\"{0}\" is listed again; its first entry is images[{1}]. Keep all of an image's annotations in one entry.", entry.image, first),
        });
      } else firstIndex.set(entry.image, i);
    }
    annotationsOf(entry).forEach((a, j) => {
      if (isObject(a)) checkAnnotation(a, ['images', i, 'annotations', j], out);
    });
  });
  checkMixedCoordinates(doc, out);
  return out;
}

/** The lower-case extension of a file name or path, if it has one. */
export function extensionOf(name: string): string | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(base);
  return m && m.index > 0 ? m[1].toLowerCase() : undefined;
}

/** A box in [0, 1] among pixel boxes (or the reverse) is one mistake: one warning on that shape. */
function checkMixedCoordinates(doc: unknown, out: PendingProblem[]): void {
  const { system, normalized, pixel } = fileSystem(doc);
  if (normalized === 0 || pixel === 0) return;
  const others = system === 'pixel' ? pixel : normalized;
  forEachAnnotation(doc, (a, path) => {
    const s = shapeSystem(a);
    if (!s || s === system) return;
    const { key, values } = coordinatesOf(a)!;
    const what = key === 'bbox' ? 'box' : key;
    const big = values.find((v) => v > 1.5) ?? '';
    const message =
      s === 'normalized'
        ? others === 1
          ? l10n.t('This {0} is in normalized [0, 1] coordinates, but the other {1} shape of this file is in pixels. MetaLake reads a whole file one way (is_normalized), so this one would shrink to a speck in the top-left corner: give it in pixels.', what, others)
          : l10n.t('This {0} is in normalized [0, 1] coordinates, but the other {1} shapes of this file are in pixels. MetaLake reads a whole file one way (is_normalized), so this one would shrink to a speck in the top-left corner: give it in pixels.', what, others)
        : others === 1
          ? l10n.t('This {0} is in pixels ({1} is more than 1), but the other {2} shape of this file is normalized to [0, 1]. MetaLake reads a whole file one way (is_normalized): divide x by the image width and y by its height.', what, big, others)
          : l10n.t('This {0} is in pixels ({1} is more than 1), but the other {2} shapes of this file are normalized to [0, 1]. MetaLake reads a whole file one way (is_normalized): divide x by the image width and y by its height.', what, big, others);
    out.push({ path: [...path, key], anchor: 'value', severity: 'warning', code: 'mixed-coordinates', message });
  });
}

export interface Size {
  width: number;
  height: number;
}

/** Shapes of one image entry that reach outside `size` (pixels, or 1x1 when normalized). */
export function checkBounds(entry: unknown, base: JsonPath, size: Size, normalized: boolean): PendingProblem[] {
  const out: PendingProblem[] = [];
  const annotations = annotationsOf(entry);
  if (annotations.length === 0) return out;
  const { width: W, height: H } = size;
  const what = normalized ? l10n.t('the normalized [0, 1] range') : l10n.t('the {0}×{1} image', W, H);
  annotations.forEach((a, j) => {
    if (!isObject(a)) return;
    // A pixel shape in a normalized file already has its mixed-coordinates warning.
    if (normalized && shapeSystem(a) === 'pixel') return;
    const path = [...base, 'annotations', j];
    if (isBbox(a.bbox)) {
      const [x, y, w, h] = a.bbox;
      if (w >= 0 && h >= 0 && (x < 0 || y < 0 || x + w > W || y + h > H)) {
        const edges: string[] = [];
        if (x < 0) edges.push(l10n.t('left edge at {0}', x));
        if (y < 0) edges.push(l10n.t('top edge at {0}', y));
        if (x + w > W) edges.push(l10n.t('right edge at {0}', round(x + w)));
        if (y + h > H) edges.push(l10n.t('bottom edge at {0}', round(y + h)));
        const corners = cornersReading(a.bbox, size);
        const hint = corners
          ? ' ' + l10n.t("Read as corners [x1, y1, x2, y2] it fits (width {0}, height {1}): MetaLake's bbox is [x, y, width, height].", round(corners.w), round(corners.h))
          : '';
        out.push({ path: [...path, 'bbox'], anchor: 'value', severity: 'warning', code: 'out-of-image', message: l10n.t('Box reaches outside {0} ({1}).', what, edges.join(', ')) + hint });
      }
    }
    for (const key of POINT_LIST_KEYS) {
      const points = a[key];
      if (!Array.isArray(points)) continue;
      const k = points.findIndex((p) => isPoint(p) && (p[0] < 0 || p[1] < 0 || p[0] > W || p[1] > H));
      if (k !== -1) {
        const [px, py] = points[k] as [number, number];
        const more = points.filter((p) => isPoint(p) && (p[0] < 0 || p[1] < 0 || p[0] > W || p[1] > H)).length - 1;
        out.push({
          path: [...path, key, k],
          anchor: 'value',
          severity: 'warning',
          code: 'out-of-image',
          message: more === 0 ? l10n.t('Point ({0}, {1}) of this {2} is outside {3}.', px, py, key, what) : more === 1 ? l10n.t('Point ({0}, {1}) of this {2} is outside {3} (and {4} more point).', px, py, key, what, more) : l10n.t('Point ({0}, {1}) of this {2} is outside {3} (and {4} more points).', px, py, key, what, more),
        });
      }
    }
  });
  return out;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Reads a bbox as corners [x1, y1, x2, y2] when the numbers fit that reading (and the image). */
export function cornersReading(bbox: readonly number[], size?: Size): Box | undefined {
  const [x1, y1, x2, y2] = bbox;
  if (!(x2 > x1 && y2 > y1 && x1 >= 0 && y1 >= 0)) return undefined;
  if (size && (x2 > size.width || y2 > size.height)) return undefined;
  return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}

