// An annotation file in the model: its images with drawable shapes, plus where each image entry
// and annotation sits in the text (found lazily, in one scan), so the cursor and a drawing (or a
// diagnostic, or an evaluation result) can point at each other.
import { locatePaths, type JsonPath, type NodeRange } from '../core/jsonScan';
import type { AnnotatedImage } from './metalake';

/** Where a text offset falls: in image entry `image`, and in annotation `annotation` if any. */
export interface Location {
  image: number;
  annotation?: number;
}

/** A stretch of the text, by offsets. */
export interface Span {
  start: number;
  end: number;
}

/** Index of the span containing offset in a list sorted by start, or -1. */
export function findSpan(spans: readonly (Span | undefined)[], offset: number): number {
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

/** Where each image entry and annotation sits in the text. */
export interface DocumentSpans {
  images: (Span | undefined)[];
  annotations: (Span | undefined)[][];
}

export class AnnotationDocument {
  private spans?: DocumentSpans;

  constructor(
    readonly text: string,
    readonly images: AnnotatedImage[],
    /** every coordinate is within 0..1: scale by the image size */
    readonly normalized: boolean,
    private readonly annotationCounts: number[],
    /** the value has a top-level `images` list (possibly empty) */
    readonly hasImageList = true,
    /** the spans when already known (updated from the previous version's: src/preview/model/modelUpdate.ts) */
    spans?: DocumentSpans,
  ) {
    this.spans = spans;
  }

  /** The spans if they have been found (no scan). */
  knownSpans(): DocumentSpans | undefined {
    return this.spans;
  }

  /** Annotations per image entry (objects or not), as the spans list them. */
  annotationCount(image: number): number {
    return this.annotationCounts[image] ?? 0;
  }

  /** Offsets are found only when first needed: one scan of the text for all entries. */
  private locate(): DocumentSpans {
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

