// The preview's view of an annotation file: images with drawable shapes, plus where each image
// entry and annotation sits in the text, so the cursor and the drawing can point at each other.
// Parsing goes through the same Validator as the diagnostics, so "broken here" means the same place.
import { locatePaths, type JsonPath, type NodeRange } from '../../core/jsonScan';
import { LineIndex } from '../../core/text';
import type { Analysis, Validator } from '../../validation/analyze';
import { isNormalized } from '../../validation/checks';
import { toShape, type Shape } from '../../annotations/geometry';

export interface PreviewImage {
  /** index in the file's `images` list */
  index: number;
  /** the `image` string as written */
  image: string;
  shapes: Shape[];
  /** annotations without usable geometry (the diagnostics say why) */
  skipped: number;
}

export interface Broken {
  message: string;
  /** 1-based, for the banner */
  line: number;
  column: number;
  offset: number;
}

export type ModelResult = { ok: true; doc: AnnotationDocument } | { ok: false; broken: Broken };

/** Where a text offset falls: in image entry `image`, and in annotation `annotation` if any. */
export interface Location {
  image: number;
  annotation?: number;
}

interface Span {
  start: number;
  end: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Index of the span containing offset in a list sorted by start, or -1. */
function findSpan(spans: readonly (Span | undefined)[], offset: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid];
    if (!s) return spans.findIndex((x) => x !== undefined && x.start <= offset && offset <= x.end);
    if (s.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const s = found >= 0 ? spans[found] : undefined;
  // The end counts as inside: a cursor just after `}` still belongs to that annotation.
  return s && offset <= s.end ? found : -1;
}

export class AnnotationDocument {
  private spans?: { images: (Span | undefined)[]; annotations: (Span | undefined)[][] };

  constructor(
    readonly text: string,
    readonly images: PreviewImage[],
    /** every coordinate is within 0..1: scale by the image size */
    readonly normalized: boolean,
    private readonly annotationCounts: number[],
    /** the value has a top-level `images` list (possibly empty) */
    readonly hasImageList = true,
  ) {}

  /** Offsets are found only when first needed: one scan of the text for all entries. */
  private locate(): NonNullable<AnnotationDocument['spans']> {
    if (this.spans) return this.spans;
    const paths: JsonPath[] = [];
    const imagePaths: JsonPath[] = [];
    const annPaths: JsonPath[][] = [];
    this.annotationCounts.forEach((count, i) => {
      const p: JsonPath = ['images', i];
      imagePaths.push(p);
      paths.push(p);
      const list: JsonPath[] = [];
      for (let j = 0; j < count; j++) list.push(['images', i, 'annotations', j]);
      annPaths.push(list);
      paths.push(...list);
    });
    const ranges = locatePaths(this.text, paths);
    const span = (r: NodeRange | undefined): Span | undefined => (r ? { start: r.start, end: r.end } : undefined);
    this.spans = { images: imagePaths.map((p) => span(ranges.get(p))), annotations: annPaths.map((list) => list.map((p) => span(ranges.get(p)))) };
    return this.spans;
  }

  locationAt(offset: number): Location | undefined {
    const spans = this.locate();
    const image = findSpan(spans.images, offset);
    if (image < 0) return undefined;
    const annotation = findSpan(spans.annotations[image], offset);
    return annotation < 0 ? { image } : { image, annotation };
  }

  /** [start, end) of an annotation (or of the image entry when annotation is undefined). */
  rangeOf(image: number, annotation?: number): Span | undefined {
    const spans = this.locate();
    return annotation === undefined ? spans.images[image] : spans.annotations[image]?.[annotation];
  }
}

/** Parses the text as an annotation file. Invalid JSON gives the first syntax error's place. */
export function buildModel(validator: Validator, text: string): ModelResult {
  return modelOf(validator.analyze(text, 'annotations'), text);
}

/** The model of an annotation file from its analysis (the editor's cached one: no second parse). */
export function modelOf(analysis: Analysis, text: string): ModelResult {
  const unit = analysis.units[0];
  if (!unit) {
    const first = analysis.problems.find((p) => p.severity === 'error');
    const offset = first?.start ?? 0;
    const pos = new LineIndex(text).positionAt(offset);
    return { ok: false, broken: { message: first?.message ?? 'The file is not valid JSON.', line: pos.line + 1, column: pos.character + 1, offset } };
  }
  const value = unit.value;
  const images: PreviewImage[] = [];
  const counts: number[] = [];
  const entries = isObject(value) && Array.isArray(value.images) ? value.images : [];
  entries.forEach((entry: unknown, index: number) => {
    const list = isObject(entry) && Array.isArray(entry.annotations) ? entry.annotations : [];
    counts.push(list.length);
    const shapes: Shape[] = [];
    list.forEach((a: unknown, j: number) => {
      const s = toShape(a, j);
      if (s) shapes.push(s);
    });
    const image = isObject(entry) && typeof entry.image === 'string' ? entry.image : '';
    images.push({ index, image, shapes, skipped: list.length - shapes.length });
  });
  return { ok: true, doc: new AnnotationDocument(text, images, isNormalized(value), counts, isObject(value) && Array.isArray(value.images)) };
}

/**
 * Shapes of one datum's annotations as the remote tree finds them in its properties: a list of
 * annotations, an object with `annotations`, or a whole upload document (its first image).
 */
export function datumShapes(value: unknown): { shapes: Shape[]; skipped: number; normalized: boolean } {
  let list: unknown[] = [];
  let doc: unknown = value;
  if (Array.isArray(value)) list = value;
  else if (isObject(value) && Array.isArray(value.annotations)) list = value.annotations;
  else if (isObject(value) && Array.isArray(value.images) && isObject(value.images[0]) && Array.isArray(value.images[0].annotations)) list = value.images[0].annotations;
  if (!isObject(doc) || !Array.isArray(doc.images)) doc = { images: [{ annotations: list }] };
  const shapes: Shape[] = [];
  list.forEach((a, i) => {
    const s = toShape(a, i);
    if (s) shapes.push(s);
  });
  return { shapes, skipped: list.length - shapes.length, normalized: isNormalized(doc) };
}
