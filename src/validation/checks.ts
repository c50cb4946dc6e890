// Checks the schema cannot express, run on the parsed value. Each returns pending problems
// (paths, not ranges); analyze.ts looks up the ranges of just those paths afterwards.
import type { Box } from '../core/geometry';
import type { JsonPath } from '../core/jsonScan';
import { closest } from '../core/text';
import type { PendingProblem } from './problems';

export const RESERVED_KEYS = ['valohai.tags', 'valohai.alias', 'valohai.dataset-versions', 'valohai.model-versions', 'valohai.last-used'] as const;
export const ANNOTATION_KEYS = ['type', 'bbox', 'polygon', 'line', 'points', 'confidence', 'label', 'metadata', 'attributes'] as const;
export const IMAGE_ENTRY_KEYS = ['image', 'annotations'] as const;
export const JSONL_TARGET_KEYS = ['file', 'dataset', 'dataset-version'] as const;
/** Keys of a `valohai.dataset-versions` object: the documented ones, then those Valohai's examples and public user code write. */
export const DATASET_VERSION_KEYS = ['uri', 'from', 'start_fresh', 'exclude', 'targeting_aliases', 'packaging', 'valohai.tags', 'metadata', 'associated_project_ids'] as const;
/** The image types MetaLake's upload takes (its docs: jpeg, jpg, png). */
export const METALAKE_IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png'] as const;
// `points` is the form the LayerNext SDK stores every shape in; it takes it for any type.
const GEOMETRY_KEYS = ['bbox', 'polygon', 'line', 'points'] as const;
const POINT_LIST_KEYS = ['polygon', 'line', 'points'] as const;
const TYPE_OF_GEOMETRY: Record<string, string> = { bbox: 'rectangle', polygon: 'polygon', line: 'line' };
const GEOMETRY_OF_TYPE: Record<string, string> = { rectangle: 'bbox', polygon: 'polygon', line: 'line', points: 'points' };

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function isPoint(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && isNumber(value[0]) && isNumber(value[1]);
}

export function isBbox(value: unknown): value is [number, number, number, number] {
  return Array.isArray(value) && value.length === 4 && value.every(isNumber);
}

/** Reserved-key checks shared by sidecars and every JSONL `metadata`. */
export function checkProperties(props: unknown, base: JsonPath): PendingProblem[] {
  if (!isObject(props)) return [];
  const out: PendingProblem[] = [];
  const versions = props['valohai.dataset-versions'];
  if (Array.isArray(versions)) {
    versions.forEach((entry, i) => {
      if (isObject(entry)) checkKnownKeys(entry, DATASET_VERSION_KEYS, [...base, 'valohai.dataset-versions', i], 'a dataset version', out);
    });
  }
  for (const key of Object.keys(props)) {
    if (!key.startsWith('valohai.')) continue;
    if (key === 'valohai.last-used') {
      out.push({
        path: [...base, key],
        anchor: 'key',
        severity: 'warning',
        code: 'read-only-key',
        message: '`valohai.last-used` is set by the platform when a dataset is used; a file should not set it.',
      });
    } else if (!(RESERVED_KEYS as readonly string[]).includes(key)) {
      const suggestion = closest(key, RESERVED_KEYS.filter((k) => k !== 'valohai.last-used'));
      out.push({
        path: [...base, key],
        anchor: 'key',
        severity: 'warning',
        code: 'unknown-reserved-key',
        message: `\`${key}\` is not a key the platform knows; keys starting with "valohai." are reserved.` + (suggestion ? ` Did you mean \`${suggestion}\`?` : ''),
        data: suggestion ? { suggestion } : undefined,
      });
    }
  }
  return out;
}

export function checkJsonlLine(line: unknown): PendingProblem[] {
  if (!isObject(line)) return [];
  const targets = JSONL_TARGET_KEYS.filter((k) => k in line);
  const out: PendingProblem[] = [];
  if (targets.length === 0) {
    out.push({
      path: [],
      anchor: 'open',
      severity: 'error',
      code: 'jsonl-missing-target',
      message: 'This line says nothing about what its metadata is for: give one of `file`, `dataset` or `dataset-version`.',
      data: { missing: [...JSONL_TARGET_KEYS] },
    });
  } else if (targets.length > 1) {
    out.push({
      path: [targets[1]],
      anchor: 'key',
      severity: 'error',
      code: 'jsonl-multiple-targets',
      message: `A line describes one thing: it has both \`${targets[0]}\` and \`${targets[1]}\`. Put each on its own line.`,
    });
  }
  out.push(...checkProperties(line.metadata, ['metadata']));
  return out;
}

/** Unknown keys in an object of a known shape: a warning naming the closest known key. */
function checkKnownKeys(obj: Json, known: readonly string[], base: JsonPath, what: string, out: PendingProblem[]): void {
  for (const key in obj) {
    if ((known as readonly string[]).includes(key)) continue;
    const suggestion = closest(key, known);
    out.push({
      path: [...base, key],
      anchor: 'key',
      severity: 'warning',
      code: 'unknown-key',
      message: `Unknown key \`${key}\` in ${what}; it will be ignored.` + (suggestion ? ` Did you mean \`${suggestion}\`?` : ''),
      data: suggestion ? { suggestion } : undefined,
    });
  }
}

function checkConfidence(value: unknown, path: JsonPath, out: PendingProblem[]): void {
  if (isNumber(value) && (value < 0 || value > 1)) {
    const hint = value > 1 && value <= 100 ? ` If it is a percentage, write ${value / 100}.` : '';
    out.push({ path, anchor: 'value', severity: 'error', code: 'confidence-out-of-range', message: `Confidence must be between 0 and 1, not ${value}.${hint}` });
  }
}

/** Geometry and reference checks for one annotation. Returns whether its coordinates are all in [0, 1]. */
function checkAnnotation(a: Json, base: JsonPath, out: PendingProblem[]): void {
  checkKnownKeys(a, ANNOTATION_KEYS, base, 'an annotation', out);
  const present = GEOMETRY_KEYS.filter((k) => k in a);
  const type = typeof a.type === 'string' && Object.hasOwn(GEOMETRY_OF_TYPE, a.type) ? a.type : undefined;
  if (present.length === 0) {
    const needs = type ? `a ${type === 'points' ? 'points shape' : type} needs \`${GEOMETRY_OF_TYPE[type]}\`` : 'give `bbox`, `polygon` or `line`';
    out.push({ path: base, anchor: 'open', severity: 'error', code: 'missing-geometry', message: `This annotation has no shape: ${needs}.` });
  } else if (present.length > 1) {
    out.push({
      path: [...base, present[1]],
      anchor: 'key',
      severity: 'error',
      code: 'multiple-geometry',
      message: `An annotation has one shape, but this one has both \`${present[0]}\` and \`${present[1]}\`.`,
    });
  } else if (type && type !== 'points' && present[0] !== 'points' && TYPE_OF_GEOMETRY[present[0]] !== type) {
    out.push({
      path: [...base, 'type'],
      anchor: 'value',
      severity: 'error',
      code: 'type-mismatch',
      message: `\`type\` is "${type}" but the shape is given as \`${present[0]}\`, which is a ${TYPE_OF_GEOMETRY[present[0]]}.`,
    });
  }

  const bbox = a.bbox;
  if (isBbox(bbox)) {
    for (const [index, name] of [[2, 'width'], [3, 'height']] as const) {
      const size = bbox[index];
      if (size < 0) {
        out.push({ path: [...base, 'bbox', index], anchor: 'value', severity: 'error', code: 'bbox-negative-size', message: `bbox ${name} must not be negative (${size}).` });
      } else if (size === 0) {
        out.push({ path: [...base, 'bbox', index], anchor: 'value', severity: 'warning', code: 'bbox-zero-size', message: `bbox ${name} is zero, so the box has no area.` });
      }
    }
  }
  if (typeof a.label === 'string' && a.label.trim() === '') {
    out.push({
      path: [...base, 'label'],
      anchor: 'value',
      severity: 'error',
      code: 'empty-label',
      message: `The label is ${a.label === '' ? 'empty' : 'only spaces'}: MetaLake files every shape under its label, so give the class name (e.g. "car").`,
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
    if (list.length % 2 === 1) more = ` It has an odd number of values (${list.length}), so one is missing.`;
    else if (pairs < min) more = ` That makes ${pairs} point${pairs === 1 ? '' : 's'}; a ${key} needs at least ${min}.`;
    out.push({
      path: [...base, key],
      anchor: 'value',
      severity: 'error',
      code: 'flat-points',
      message: `\`${key}\` is a flat list of numbers [x1, y1, x2, y2, ...]; MetaLake wants a list of points [[x1, y1], [x2, y2], ...].${more}`,
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
        message: `A ${key} needs at least ${min} points; this one has ${points.length}.`,
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
        message: 'The last point repeats the first; a polygon closes by itself, so this adds an edge of length zero.',
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
    checkKnownKeys(entry, IMAGE_ENTRY_KEYS, ['images', i], 'an image entry', out);
    if (typeof entry.image === 'string' && entry.image !== '') {
      const ext = extensionOf(entry.image);
      if (ext !== undefined && !(METALAKE_IMAGE_EXTENSIONS as readonly string[]).includes(ext)) {
        out.push({
          path: ['images', i, 'image'],
          anchor: 'value',
          severity: 'warning',
          code: 'unsupported-image-type',
          message: `MetaLake takes jpeg, jpg and png images; a ".${ext}" file will not upload. Convert it to PNG or JPEG.`,
        });
      }
      const first = firstIndex.get(entry.image);
      if (first !== undefined) {
        out.push({
          path: ['images', i, 'image'],
          anchor: 'value',
          severity: 'warning',
          code: 'duplicate-image',
          message: `"${entry.image}" is listed again; its first entry is images[${first}]. Keep all of an image's annotations in one entry.`,
        });
      } else firstIndex.set(entry.image, i);
    }
    if (!Array.isArray(entry.annotations)) return;
    entry.annotations.forEach((a: unknown, j: number) => {
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

export type CoordinateSystem = 'normalized' | 'pixel';

/** The annotation's geometry key and all of its numbers (a flat list counts too). */
function coordinatesOf(a: Json): { key: string; values: number[] } | undefined {
  if (isBbox(a.bbox)) return { key: 'bbox', values: a.bbox };
  for (const key of POINT_LIST_KEYS) {
    const list = a[key];
    if (!Array.isArray(list)) continue;
    const values: number[] = [];
    for (const p of list) {
      if (isNumber(p)) values.push(p);
      else if (isPoint(p)) values.push(p[0], p[1]);
    }
    if (values.length > 0) return { key, values };
  }
  return undefined;
}

/**
 * What a shape's numbers say about its coordinates: all in [0, 1] with a fraction among them is
 * normalized; any above 1.5 is pixels; anything else (a box [0, 0, 1, 1], 1.2 in a normalized
 * file) says nothing either way.
 */
export function shapeSystem(a: unknown): CoordinateSystem | undefined {
  if (!isObject(a)) return undefined;
  const c = coordinatesOf(a);
  if (!c) return undefined;
  if (c.values.some((v) => v > 1.5)) return 'pixel';
  if (c.values.every((v) => v >= 0 && v <= 1) && c.values.some((v) => v > 0 && v < 1 && !Number.isInteger(v))) return 'normalized';
  return undefined;
}

function eachAnnotation(doc: unknown, fn: (a: Json, path: JsonPath) => void): void {
  if (!isObject(doc) || !Array.isArray(doc.images)) return;
  doc.images.forEach((entry: unknown, i: number) => {
    if (!isObject(entry) || !Array.isArray(entry.annotations)) return;
    entry.annotations.forEach((a: unknown, j: number) => {
      if (isObject(a)) fn(a, ['images', i, 'annotations', j]);
    });
  });
}

/** The file's coordinate system: the one most of its shapes use (pixels on a tie). */
export function fileSystem(doc: unknown): { system: CoordinateSystem | undefined; normalized: number; pixel: number } {
  let normalized = 0;
  let pixel = 0;
  eachAnnotation(doc, (a) => {
    const s = shapeSystem(a);
    if (s === 'normalized') normalized++;
    else if (s === 'pixel') pixel++;
  });
  const system = normalized === 0 && pixel === 0 ? undefined : normalized > pixel ? 'normalized' : 'pixel';
  return { system, normalized, pixel };
}

/** A box in [0, 1] among pixel boxes (or the reverse) is one mistake: one warning on that shape. */
function checkMixedCoordinates(doc: unknown, out: PendingProblem[]): void {
  const { system, normalized, pixel } = fileSystem(doc);
  if (normalized === 0 || pixel === 0) return;
  const others = system === 'pixel' ? pixel : normalized;
  eachAnnotation(doc, (a, path) => {
    const s = shapeSystem(a);
    if (!s || s === system) return;
    const { key, values } = coordinatesOf(a)!;
    const what = key === 'bbox' ? 'box' : key;
    const message =
      s === 'normalized'
        ? `This ${what} is in normalized [0, 1] coordinates, but the other ${others} shape${others === 1 ? '' : 's'} of this file ${others === 1 ? 'is' : 'are'} in pixels. MetaLake reads a whole file one way (is_normalized), so this one would shrink to a speck in the top-left corner: give it in pixels.`
        : `This ${what} is in pixels (${values.find((v) => v > 1.5)} is more than 1), but the other ${others} shape${others === 1 ? '' : 's'} of this file ${others === 1 ? 'is' : 'are'} normalized to [0, 1]. MetaLake reads a whole file one way (is_normalized): divide x by the image width and y by its height.`;
    out.push({ path: [...path, key], anchor: 'value', severity: 'warning', code: 'mixed-coordinates', message });
  });
}

export function checkFileMetadata(doc: unknown): PendingProblem[] {
  const out: PendingProblem[] = [];
  if (!isObject(doc) || !Array.isArray(doc.files)) return out;
  const firstIndex = new Map<string, number>();
  doc.files.forEach((entry: unknown, i: number) => {
    if (!isObject(entry)) return;
    if (isObject(entry.metadata)) {
      for (const key of Object.keys(entry.metadata)) {
        if (key === 'Tags' || !/^tags?$/i.test(key)) continue;
        const hasTags = 'Tags' in entry.metadata;
        out.push({
          path: ['files', i, 'metadata', key],
          anchor: 'key',
          severity: 'hint',
          code: 'tags-key-case',
          message: `MetaLake reads a file's tags from \`Tags\` (capital T); \`${key}\` is kept as an ordinary metadata field.` + (hasTags ? ' This entry has `Tags` too: merge the two.' : ''),
          data: hasTags ? undefined : { suggestion: 'Tags' },
        });
      }
    }
    if (typeof entry.file !== 'string') return;
    const first = firstIndex.get(entry.file);
    if (first !== undefined) {
      out.push({
        path: ['files', i, 'file'],
        anchor: 'value',
        severity: 'warning',
        code: 'duplicate-file',
        message: `"${entry.file}" is listed again; its first entry is files[${first}]. Only one entry's metadata will apply.`,
      });
    } else firstIndex.set(entry.file, i);
  });
  return out;
}

/**
 * True when the file is normalized: most shapes say so (see shapeSystem), or, when none says
 * either way, every coordinate lies in [0, 1]. Shapes are then checked against the unit square
 * instead of the image's pixels.
 */
export function isNormalized(doc: unknown): boolean {
  if (!isObject(doc) || !Array.isArray(doc.images)) return false;
  // Most shapes normalized (a stray pixel box is reported as mixed-coordinates, not as out of [0, 1]).
  const { system } = fileSystem(doc);
  if (system !== undefined) return system === 'normalized';
  let any = false;
  for (const entry of doc.images) {
    if (!isObject(entry) || !Array.isArray(entry.annotations)) continue;
    for (const a of entry.annotations) {
      if (!isObject(a)) continue;
      if (isBbox(a.bbox)) {
        any = true;
        for (const v of a.bbox) if (v < 0 || v > 1) return false;
      }
      for (const key of ['polygon', 'line'] as const) {
        const points = a[key];
        if (!Array.isArray(points)) continue;
        for (const p of points) {
          if (!isPoint(p)) continue;
          any = true;
          if (p[0] < 0 || p[0] > 1 || p[1] < 0 || p[1] > 1) return false;
        }
      }
    }
  }
  return any;
}

export interface Size {
  width: number;
  height: number;
}

/** Shapes of one image entry that reach outside `size` (pixels, or 1x1 when normalized). */
export function checkBounds(entry: unknown, base: JsonPath, size: Size, normalized: boolean): PendingProblem[] {
  const out: PendingProblem[] = [];
  if (!isObject(entry) || !Array.isArray(entry.annotations)) return out;
  const { width: W, height: H } = size;
  const what = normalized ? 'the normalized [0, 1] range' : `the ${W}×${H} image`;
  entry.annotations.forEach((a: unknown, j: number) => {
    if (!isObject(a)) return;
    // A pixel shape in a normalized file already has its mixed-coordinates warning.
    if (normalized && shapeSystem(a) === 'pixel') return;
    const path = [...base, 'annotations', j];
    if (isBbox(a.bbox)) {
      const [x, y, w, h] = a.bbox;
      if (w >= 0 && h >= 0 && (x < 0 || y < 0 || x + w > W || y + h > H)) {
        const edges: string[] = [];
        if (x < 0) edges.push(`left edge at ${x}`);
        if (y < 0) edges.push(`top edge at ${y}`);
        if (x + w > W) edges.push(`right edge at ${round(x + w)}`);
        if (y + h > H) edges.push(`bottom edge at ${round(y + h)}`);
        const corners = cornersReading(a.bbox, size);
        const hint = corners
          ? ` Read as corners [x1, y1, x2, y2] it fits (width ${round(corners.width)}, height ${round(corners.height)}): MetaLake's bbox is [x, y, width, height].`
          : '';
        out.push({ path: [...path, 'bbox'], anchor: 'value', severity: 'warning', code: 'out-of-image', message: `Box reaches outside ${what} (${edges.join(', ')}).${hint}` });
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
          message: `Point (${px}, ${py}) of this ${key} is outside ${what}` + (more > 0 ? ` (and ${more} more point${more === 1 ? '' : 's'}).` : '.'),
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
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** Points of one list that are all wrong the same way (3-D points, say): one error, on the first. */
function mergeBadPoints(pending: PendingProblem[]): PendingProblem[] {
  const groups = new Map<string, PendingProblem[]>();
  for (const p of pending) {
    if (p.code !== 'invalid-point' || typeof p.path[p.path.length - 1] !== 'number') continue;
    // The same mistake: same list, same message but for the point's index.
    const key = JSON.stringify(p.path.slice(0, -1)) + p.message.replace(/\[\d+\]`/, '`');
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  const drop = new Set<PendingProblem>();
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const parent = list[0].path[list[0].path.length - 2];
    list[0].message = list[0].message.replace(/\.$/, '') + ` (and ${list.length - 1} more point${list.length === 2 ? '' : 's'} of this ${String(parent)} like it).`;
    for (const p of list.slice(1)) drop.add(p);
  }
  return drop.size === 0 ? pending : pending.filter((p) => !drop.has(p));
}

/**
 * One mistake, one diagnostic: below a flat point list the schema's "not a point" errors add
 * nothing, so they go.
 */
export function collapseCascades(pending: PendingProblem[]): PendingProblem[] {
  pending = mergeBadPoints(pending);
  const flat = pending.filter((p) => p.code === 'flat-points').map((p) => JSON.stringify(p.path).slice(0, -1));
  if (flat.length === 0) return pending;
  return pending.filter((p) => {
    if (p.code === 'flat-points') return true;
    const key = JSON.stringify(p.path);
    return !flat.some((f) => key.startsWith(f + ',') || (key === f + ']' && p.code !== 'flat-points'));
  });
}

/**
 * A misspelt required key shows up twice: as "unknown key" and as "missing key". Keep one
 * diagnostic, on the misspelling, as an error that names the fix.
 */
export function mergeMisspelledKeys(pending: PendingProblem[]): PendingProblem[] {
  const missing = pending.filter((p) => p.data?.missing);
  if (missing.length === 0) return pending;
  const drop = new Set<PendingProblem>();
  for (const m of missing) {
    const prefix = JSON.stringify(m.path);
    for (const p of pending) {
      const suggestion = p.data?.suggestion;
      if (p.anchor !== 'key' || !suggestion || !m.data!.missing!.includes(suggestion) || p.path.length !== m.path.length + 1) continue;
      if (JSON.stringify(p.path.slice(0, -1)) !== prefix) continue;
      drop.add(m);
      p.severity = 'error';
      p.message = `\`${String(p.path[p.path.length - 1])}\` should probably be \`${suggestion}\`, which is required here.`;
    }
  }
  return drop.size === 0 ? pending : pending.filter((p) => !drop.has(p));
}
