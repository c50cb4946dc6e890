// Phase 2 (the checks that read the disk) of a MetaLake annotation file, incrementally: after an
// edit inside one image entry (an incremental analysis, incremental.ts) only that entry's image is
// looked up and its shapes checked against it again; the other entries' results are re-used (those
// after the edit shift by its length delta). On a 40 MB file of 100k images the full phase walks
// every entry and awaits a lookup for each (~0.7 s per keystroke); this walks one.
//
// The result equals Validator.checkReferences on the same analysis as long as the disk has not
// changed: the caller drops the record (forgets) when an image is created, changed or deleted, or a
// setting changes, and the next pass is a full one. Lookups themselves are cached by FileAccess
// (image headers) and the workspace's find-by-name. No vscode here.
import { isNormalized } from '../annotations/metalake';
import { pushAll } from '../core/arrays';
import { isObject } from '../core/json';
import type { Analysis, Validator } from './analyze';
import { analysisSerial, coordinateSystemOf, entryEditOf, previousSerialOf, shifted } from './incremental';
import { encodingMessage, wideBom } from './parseErrors';
import { problemAt, resolveRanges, sortProblems } from './problemRanges';
import type { PendingProblem, Problem } from './problems';
import { checkAnnotationImages, type ReferenceOptions } from './references';
import { summarizeNotes } from './summarize';

/** What a pass leaves for the next one: its problems before notes are summarized. */
export interface ReferenceRecord {
  serial: number;
  /** the options the problems were found with (file, roots) */
  key: string;
  normalized: boolean;
  problems: Problem[];
}

export interface ReferenceResult {
  problems: Problem[];
  /** for the next pass; undefined when the format has no incremental phase 2 */
  record?: ReferenceRecord;
  outcome: 'incremental' | 'full';
}

function optionsKey(o: ReferenceOptions): string {
  return JSON.stringify([o.filePath, o.imageRoots, o.workspaceRoots ?? [], o.cocoGroundTruth ?? []]);
}

function normalizedOf(analysis: Analysis, doc: unknown): boolean {
  const system = coordinateSystemOf(analysis);
  // No shape decides (null: unknown, undefined: none says): the full rule looks at every coordinate.
  return system === null || system === undefined ? isNormalized(doc) : system === 'normalized';
}

/** Whether phase 2 of `analysis` will re-check one entry only (given the same options), not every one. */
export function referencesQuick(analysis: Analysis, previous: ReferenceRecord | undefined): boolean {
  return entryEditOf(analysis) !== undefined && previous !== undefined && previousSerialOf(analysis) === previous.serial;
}

/**
 * Phase 2 of `analysis`, re-using `previous` (the record of an earlier pass of this document) when
 * `analysis` was made incrementally from the analysis that record is of.
 */
export async function referencesIncrementally(validator: Validator, analysis: Analysis, options: ReferenceOptions, previous?: ReferenceRecord): Promise<ReferenceResult> {
  const unit = analysis.units[0];
  if (analysis.format !== 'annotations' || !unit || analysis.units.length !== 1 || !isObject(unit.value) || !Array.isArray(unit.value.images)) {
    return { problems: await validator.checkReferences(analysis, options), outcome: 'full' };
  }
  const doc = unit.value;
  const images = doc.images as unknown[];
  const key = optionsKey(options);
  const edit = entryEditOf(analysis);
  const serial = analysisSerial(analysis);
  if (edit && previous?.key === key && referencesQuick(analysis, previous)) {
    const normalized = normalizedOf(analysis, doc);
    if (normalized === previous.normalized) {
      const entry = images[edit.entry];
      // The entry alone, as entry 0 of a one-entry list; its paths then say which entry it is.
      const pending: PendingProblem[] = (await checkAnnotationImages({ images: [entry] }, normalized, options)).map((p) => ({ ...p, path: p.path.slice(2) }));
      const inside = resolveRanges(analysis.text, { value: entry, start: edit.start, end: edit.end }, pending);
      for (const p of inside) p.path = ['images', edit.entry, ...(p.path ?? [])];
      const problems: Problem[] = [];
      for (const p of previous.problems) if (p.end <= edit.start) problems.push(p);
      pushAll(problems, inside);
      for (const p of previous.problems) if (p.start >= edit.oldEnd) problems.push(edit.delta ? shifted(p, edit.delta) : p);
      const sorted = sortProblems(problems);
      return { problems: summarizeNotes([...sorted]), record: { serial, key, normalized, problems: sorted }, outcome: 'incremental' };
    }
  }
  // The full phase, as Validator.checkReferences does it for an annotation file.
  const normalized = normalizedOf(analysis, doc);
  const out: Problem[] = [];
  if (options.files.head && !analysis.problems.some((p) => p.code === 'wrong-encoding')) {
    const bom = wideBom((await options.files.head(options.filePath, 4)) ?? new Uint8Array());
    if (bom) out.push(problemAt(0, 1, { severity: 'error', code: 'wrong-encoding', message: encodingMessage(bom) }));
  }
  pushAll(out, resolveRanges(analysis.text, unit, await checkAnnotationImages(doc, normalized, options)));
  const sorted = sortProblems(out);
  return { problems: summarizeNotes([...sorted]), record: { serial, key, normalized, problems: sorted }, outcome: 'full' };
}
