// The preview's model after an edit inside one image entry, from the model before it: that entry's
// shapes are read again from the new analysis, the other entries' kept; where entries and
// annotations sit in the text (when already found) moves by the edit's delta, the edited entry's
// annotations found in its own text; the normalized-or-pixel reading follows per-entry counts.
// Reading the whole file again (modelOf) costs about a second on a 47 MB file; this follows the
// size of the entry. Equal to modelOf on the new text (test/unit/modelUpdate.test.ts). No vscode.
import { locatePaths, type JsonPath } from '../../core/jsonScan';
import { AnnotationDocument, type DocumentSpans, type Span } from '../../annotations/document';
import { annotationsOf, fileSystem, imageEntries, isNormalized, shapesOf, type AnnotatedImage } from '../../annotations/metalake';
import { isObject } from '../../core/json';
import type { Analysis } from '../../validation/analyze';
import { changedSpan, type EntryEdit } from '../../validation/incremental';

interface Counts {
  /** per entry: its shapes that read as normalized, and as pixels */
  normalized: Int32Array;
  pixel: Int32Array;
  totalNormalized: number;
  totalPixel: number;
}

const counts = new WeakMap<AnnotationDocument, Counts>();

function entryCounts(entry: unknown): { normalized: number; pixel: number } {
  const { normalized, pixel } = fileSystem({ images: [entry] });
  return { normalized, pixel };
}

function countsOf(images: readonly unknown[]): Counts {
  const out: Counts = { normalized: new Int32Array(images.length), pixel: new Int32Array(images.length), totalNormalized: 0, totalPixel: 0 };
  images.forEach((entry, i) => {
    const c = entryCounts(entry);
    out.normalized[i] = c.normalized;
    out.pixel[i] = c.pixel;
    out.totalNormalized += c.normalized;
    out.totalPixel += c.pixel;
  });
  return out;
}

/**
 * The model of `analysis` (made by an incremental step, `edit`) from `previous`, the model of an
 * earlier version of the same document; undefined when the edit is not inside one entry of the
 * previous model's text (then read the whole file: modelOf).
 */
export function updatedModel(previous: AnnotationDocument, analysis: Analysis, edit: EntryEdit | undefined): AnnotationDocument | undefined {
  const unit = analysis.units[0];
  if (!edit || !unit || analysis.format !== 'annotations' || !previous.hasImageList) return undefined;
  const spans = previous.knownSpans();
  const old = spans?.images[edit.entry];
  // The edit was found against the analysis before this one: it must be inside the entry of this model's text too.
  if (!spans || !old || old.start !== edit.start || old.end !== edit.oldEnd) return undefined;
  const images = imageEntries(unit.value);
  if (images.length !== previous.images.length || images.length !== spans.images.length) return undefined;
  const span = changedSpan(previous.text, analysis.text);
  if (span && (span.start <= old.start || span.oldEnd >= old.end || span.newEnd - span.oldEnd !== edit.delta)) return undefined;
  const delta = edit.delta;
  const i = edit.entry;

  // The entry's shapes, as readImages reads them.
  const entry = images[i];
  const list = annotationsOf(entry);
  const next: AnnotatedImage = { index: i, image: isObject(entry) && typeof entry.image === 'string' ? entry.image : '', ...shapesOf(list) };
  const all = previous.images.slice();
  all[i] = next;
  const annotationCounts: number[] = new Array(images.length);
  for (let k = 0; k < images.length; k++) annotationCounts[k] = k === i ? list.length : previous.annotationCount(k);

  // Normalized or pixels: most shapes decide (isNormalized); with none that says, read the whole file.
  let c = counts.get(previous);
  if (!c) c = countsOf(images);
  else {
    const mine = entryCounts(entry);
    c = { normalized: c.normalized.slice(), pixel: c.pixel.slice(), totalNormalized: c.totalNormalized - c.normalized[i] + mine.normalized, totalPixel: c.totalPixel - c.pixel[i] + mine.pixel };
    c.normalized[i] = mine.normalized;
    c.pixel[i] = mine.pixel;
  }
  const normalized = c.totalNormalized === 0 && c.totalPixel === 0 ? isNormalized(unit.value) : c.totalNormalized > c.totalPixel;

  // The spans: the edited entry's annotations found in its text, everything after it moved.
  const move = (s: Span | undefined): Span | undefined => (s && delta !== 0 && s.start >= old.end ? { start: s.start + delta, end: s.end + delta } : s);
  const relative: JsonPath[] = [];
  for (let j = 0; j < list.length; j++) relative.push(['annotations', j]);
  const found = locatePaths(analysis.text, relative, edit.start);
  const nextSpans: DocumentSpans = {
    images: spans.images.map((s, k) => (k === i ? { start: edit.start, end: edit.end } : move(s))),
    annotations: spans.annotations.map((row, k) => (k === i ? relative.map((p) => found.get(p)).map((r) => (r ? { start: r.start, end: r.end } : undefined)) : delta !== 0 && k > i ? row.map(move) : row)),
  };
  const doc = new AnnotationDocument(analysis.text, all, normalized, annotationCounts, true, nextSpans);
  counts.set(doc, c);
  return doc;
}
