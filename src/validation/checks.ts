// Checks the schema cannot express, run on the parsed value. Each returns pending problems
// (paths, not ranges); analyze.ts looks up the ranges of just those paths afterwards.
import type { JsonPath } from '../core/jsonScan';
import { closest } from '../core/text';
import type { PendingProblem } from './problems';

export const RESERVED_KEYS = ['valohai.tags', 'valohai.alias', 'valohai.dataset-versions', 'valohai.model-versions', 'valohai.last-used'] as const;
export const ANNOTATION_KEYS = ['type', 'bbox', 'polygon', 'line', 'confidence', 'label', 'metadata', 'attributes'] as const;
export const IMAGE_ENTRY_KEYS = ['image', 'annotations'] as const;
export const JSONL_TARGET_KEYS = ['file', 'dataset', 'dataset-version'] as const;
const GEOMETRY_KEYS = ['bbox', 'polygon', 'line'] as const;
const TYPE_OF_GEOMETRY = { bbox: 'rectangle', polygon: 'polygon', line: 'line' } as const;
const GEOMETRY_OF_TYPE: Record<string, string> = { rectangle: 'bbox', polygon: 'polygon', line: 'line' };

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
    const needs = type ? `a ${type} needs \`${GEOMETRY_OF_TYPE[type]}\`` : 'give `bbox`, `polygon` or `line`';
    out.push({ path: base, anchor: 'open', severity: 'error', code: 'missing-geometry', message: `This annotation has no shape: ${needs}.` });
  } else if (present.length > 1) {
    out.push({
      path: [...base, present[1]],
      anchor: 'key',
      severity: 'error',
      code: 'multiple-geometry',
      message: `An annotation has one shape, but this one has both \`${present[0]}\` and \`${present[1]}\`.`,
    });
  } else if (type && TYPE_OF_GEOMETRY[present[0]] !== type) {
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
  for (const [key, min, code] of [['polygon', 3, 'polygon-too-few-points'], ['line', 2, 'line-too-few-points']] as const) {
    const points = a[key];
    if (Array.isArray(points) && points.length < min) {
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
  return out;
}

export function checkFileMetadata(doc: unknown): PendingProblem[] {
  const out: PendingProblem[] = [];
  if (!isObject(doc) || !Array.isArray(doc.files)) return out;
  const firstIndex = new Map<string, number>();
  doc.files.forEach((entry: unknown, i: number) => {
    if (!isObject(entry) || typeof entry.file !== 'string') return;
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
 * True when every coordinate in the file lies in [0, 1]: the file is normalized and shapes are
 * checked against the unit square instead of the image's pixels.
 */
export function isNormalized(doc: unknown): boolean {
  if (!isObject(doc) || !Array.isArray(doc.images)) return false;
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
    const path = [...base, 'annotations', j];
    if (isBbox(a.bbox)) {
      const [x, y, w, h] = a.bbox;
      if (w >= 0 && h >= 0 && (x < 0 || y < 0 || x + w > W || y + h > H)) {
        const edges: string[] = [];
        if (x < 0) edges.push(`left edge at ${x}`);
        if (y < 0) edges.push(`top edge at ${y}`);
        if (x + w > W) edges.push(`right edge at ${round(x + w)}`);
        if (y + h > H) edges.push(`bottom edge at ${round(y + h)}`);
        out.push({ path: [...path, 'bbox'], anchor: 'value', severity: 'warning', code: 'out-of-image', message: `Box reaches outside ${what} (${edges.join(', ')}).` });
      }
    }
    for (const key of ['polygon', 'line'] as const) {
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
