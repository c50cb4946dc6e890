// The preview's view of an annotation file: the annotation model (src/annotations/) built from the
// analysis the diagnostics made, so "broken here" means the same place in both.
import { LineIndex } from '../../core/text';
import { AnnotationDocument } from '../../annotations/document';
import { datumAnnotationList, isNormalized, readImages, shapesOf } from '../../annotations/metalake';
import type { Shape } from '../../annotations/geometry';
import { isObject } from '../../core/json';
import type { Analysis, Validator } from '../../validation/analyze';

export { AnnotationDocument, type Location } from '../../annotations/document';

export interface Broken {
  message: string;
  /** 1-based, for the banner */
  line: number;
  column: number;
  offset: number;
}

export type ModelResult = { ok: true; doc: AnnotationDocument } | { ok: false; broken: Broken };

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
  const { images, annotationCounts } = readImages(value);
  return { ok: true, doc: new AnnotationDocument(text, images, isNormalized(value), annotationCounts, isObject(value) && Array.isArray(value.images)) };
}

/**
 * Shapes of one datum's annotations as the remote tree finds them in its properties: a list of
 * annotations, an object with `annotations`, or a whole upload document (its first image).
 */
export function datumShapes(value: unknown): { shapes: Shape[]; skipped: number; normalized: boolean } {
  const list = datumAnnotationList(value);
  const doc = isObject(value) && Array.isArray(value.images) ? value : { images: [{ annotations: list }] };
  return { ...shapesOf(list), normalized: isNormalized(doc) };
}
