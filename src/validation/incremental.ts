// Incremental re-analysis of a MetaLake annotation file after an edit inside one image entry, and
// of a valohai.metadata.jsonl after an edit inside one line.
//
// The full pass (Validator.analyze) parses and checks the whole file; for a 40 MB file that is
// seconds per keystroke. When the text changed only inside one entry of `images` (strictly between
// its brackets), only that entry is parsed and checked again; everything else is re-used:
//   - problems of the other entries and of the rest of the file keep their messages and shift by
//     the edit's length delta when they lie after it;
//   - the file-wide checks are updated from per-entry summaries: duplicate images from the image
//     names of all entries, the normalized-or-pixel decision from per-entry shape counts;
//   - notes are summarized and problems capped over the whole list, as the full pass does.
// Anything else falls back to the full pass: an edit that crosses entries or changes the
// structure, an entry that no longer parses, a change of the file-wide decisions that touches
// other entries (a renamed image that is listed twice, a file of mixed coordinates), or a previous
// result the entry lists cannot be recovered from. A JSONL line is checked again on its own (as the
// one line of a file), the other lines' problems re-used the same way. test/unit/incremental.test.ts checks, on random
// edit sequences, that the result equals a full analysis after every edit. No vscode here.
import { fileSystem } from '../annotations/metalake';
import { pushAll } from '../core/arrays';
import { isObject } from '../core/json';
import { findTooDeep, locatePaths, MAX_JSON_DEPTH, type JsonPath } from '../core/jsonScan';
import { withSuggestionLimit } from '../core/text';
import { recognizeByContent, type FormatId } from '../formats/formats';
import { MAX_SUGGESTIONS_PER_FILE, type Analysis, type Validator } from './analyze';
import { checkAnnotations } from './annotationChecks';
import { collapseCascades, mergeMisspelledKeys } from './checks';
import { capProblems, MAX_PROBLEMS_PER_FILE, resolveRanges, sortProblems } from './problemRanges';
import type { PendingProblem, Problem } from './problems';
import { NOTES_KEPT, summarizeNotes } from './summarize';

/** Past this many problems a pass may have run out of did-you-mean lookups: always a full pass. */
const MAX_INCREMENTAL_PROBLEMS = 2000;

interface EntryState {
  start: number;
  end: number;
  /** the entry's image name, when it is a non-empty string (the duplicate-image check) */
  name: string | undefined;
  normalized: number;
  pixel: number;
  /** this entry's problems, before notes are summarized */
  problems: Problem[];
}

interface State {
  requested: FormatId | 'auto';
  /** where the document's value starts (after a BOM) */
  from: number;
  entries: EntryState[];
  /** problems not inside any entry (the document's own, the `images` list's) */
  rest: Problem[];
  names: Map<string, number>;
  normalized: number;
  pixel: number;
}

export type IncrementalOutcome = 'incremental' | 'full';

/** What an incremental step changed: image entry `entry`, now [start, end), shifted what followed it by `delta`. */
export interface EntryEdit {
  entry: number;
  start: number;
  end: number;
  /** the entry's end before the edit */
  oldEnd: number;
  delta: number;
}

const edits = new WeakMap<Analysis, EntryEdit>();
/** Duplicate-key warnings (phase 3) of an analysis, once computed. */
const duplicates = new WeakMap<Analysis, Problem[]>();
/** For an incremental analysis: its previous version's duplicate-key warnings (not the previous analysis, which would keep every version alive). */
const previousDuplicates = new WeakMap<Analysis, Problem[]>();

/** A number per analysis (on demand), so a later step can tell which analysis it was made from. */
let lastSerial = 0;
const serials = new WeakMap<Analysis, number>();
const previousSerials = new WeakMap<Analysis, number>();

export function analysisSerial(analysis: Analysis): number {
  let serial = serials.get(analysis);
  if (serial === undefined) serials.set(analysis, (serial = ++lastSerial));
  return serial;
}

/** For an analysis made incrementally: the serial of the analysis it was made from (analysisSerial). */
export function previousSerialOf(analysis: Analysis): number | undefined {
  return previousSerials.get(analysis);
}

/** For an analysis made incrementally: the edit it was made for (downstream indexes update from it). */
export function entryEditOf(analysis: Analysis): EntryEdit | undefined {
  return edits.get(analysis);
}

const states = new WeakMap<Analysis, State>();

function entryCounts(entry: unknown): { normalized: number; pixel: number } {
  const { normalized, pixel } = fileSystem({ images: [entry] });
  return { normalized, pixel };
}

/**
 * The per-entry state of a full analysis, when its problems can be split by entry: undefined when
 * the list may have been summarized or capped (then only full passes follow).
 */
function stateOf(analysis: Analysis, requested: FormatId | 'auto'): State | string {
  const cached = states.get(analysis);
  if (cached) return cached;
  const unit = analysis.units[0];
  if (analysis.format !== 'annotations' || !unit || analysis.units.length !== 1) return 'not a parsed annotation file';
  const doc = unit.value;
  if (!isObject(doc) || !Array.isArray(doc.images) || doc.images.length === 0) return 'no image entries';
  const problems = analysis.problems;
  if (problems.length > MAX_INCREMENTAL_PROBLEMS) return 'too many problems';
  // A summarized code keeps NOTES_KEPT + 1 notes: with that many of one code, we cannot tell.
  const notes = new Map<string, number>();
  for (const p of problems) if (p.severity === 'information') notes.set(p.code, (notes.get(p.code) ?? 0) + 1);
  if ([...notes.values()].some((n) => n > NOTES_KEPT)) return 'notes may be summarized';

  const images = doc.images as unknown[];
  const paths: JsonPath[] = images.map((_, i) => ['images', i]);
  const ranges = locatePaths(analysis.text, paths, unit.start);
  const entries: EntryState[] = [];
  const names = new Map<string, number>();
  let normalized = 0;
  let pixel = 0;
  for (let i = 0; i < images.length; i++) {
    const r = ranges.get(paths[i]);
    if (!r) return 'an entry was not found in the text';
    const entry = images[i];
    const name = imageName(entry);
    if (name !== undefined) names.set(name, (names.get(name) ?? 0) + 1);
    const counts = entryCounts(entry);
    normalized += counts.normalized;
    pixel += counts.pixel;
    entries.push({ start: r.start, end: r.end, name, ...counts, problems: [] });
  }
  const rest: Problem[] = [];
  for (const p of problems) {
    const index = p.path && p.path[0] === 'images' && typeof p.path[1] === 'number' ? p.path[1] : undefined;
    const e = index !== undefined ? entries[index] : undefined;
    if (e && p.start >= e.start && p.end <= e.end) e.problems.push(p);
    else if (index !== undefined) return 'a problem of an entry lies outside it';
    else rest.push(p);
  }
  const state: State = { requested, from: unit.start, entries, rest, names, normalized, pixel };
  states.set(analysis, state);
  return state;
}

/**
 * Builds the per-entry state of a full analysis now (one scan of the text), so that the first edit
 * after opening a big file does not pay for it. Idempotent; false when edits will take full passes.
 */
/**
 * The file's coordinate decision (metalake fileSystem(doc).system) from the per-entry counts the
 * incremental state keeps; null when the analysis has no such state.
 */
export function coordinateSystemOf(analysis: Analysis): 'normalized' | 'pixel' | undefined | null {
  const state = states.get(analysis);
  if (!state) return null;
  const { normalized, pixel } = state;
  return normalized === 0 && pixel === 0 ? undefined : normalized > pixel ? 'normalized' : 'pixel';
}

export function prepareIncremental(analysis: Analysis, requested: FormatId | 'auto'): boolean {
  if (analysis.format === 'metadata-jsonl') return typeof jsonlStateOf(analysis) !== 'string';
  return typeof stateOf(analysis, requested) !== 'string';
}

function imageName(entry: unknown): string | undefined {
  return isObject(entry) && typeof entry.image === 'string' && entry.image !== '' ? entry.image : undefined;
}

/** The one changed span between two texts: [start, oldEnd) of `before` became [start, newEnd) of `after`. */
export function changedSpan(before: string, after: string): { start: number; oldEnd: number; newEnd: number } | undefined {
  if (before === after) return undefined;
  const min = Math.min(before.length, after.length);
  const BLOCK = 4096;
  let p = 0;
  while (p + BLOCK <= min && before.substr(p, BLOCK) === after.substr(p, BLOCK)) p += BLOCK;
  while (p < min && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  const maxSuffix = min - p;
  while (s + BLOCK <= maxSuffix && before.substr(before.length - s - BLOCK, BLOCK) === after.substr(after.length - s - BLOCK, BLOCK)) s += BLOCK;
  while (s < maxSuffix && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  return { start: p, oldEnd: before.length - s, newEnd: after.length - s };
}

/** The entry whose inside (between its first and last character) holds all of [start, end). */
function entryAround(entries: EntryState[], start: number, end: number): number {
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = entries[mid];
    if (e.end <= start) lo = mid + 1;
    else if (e.start >= start) hi = mid - 1;
    else return start > e.start && end < e.end ? mid : -1;
  }
  return -1;
}

export function shifted(p: Problem, delta: number): Problem {
  const out: Problem = { ...p, start: p.start + delta, end: p.end + delta };
  if (p.related) out.related = { ...p.related, start: p.related.start + delta, end: p.related.end + delta };
  if (p.data?.replaceEnd !== undefined) out.data = { ...p.data, replaceEnd: p.data.replaceEnd + delta };
  return out;
}

/** Problems of one entry, as the full pass finds them (its duplicate-image warning given by the caller). */
function checkEntry(validator: Validator, text: string, entry: unknown, index: number, start: number, end: number, duplicate: Problem | undefined): Problem[] {
  const base: JsonPath = ['images', index];
  return withSuggestionLimit(MAX_SUGGESTIONS_PER_FILE, () => {
    const pending = validator.schemas.validateAt('annotations', '/definitions/image', entry, base);
    // A sparse list puts the entry at its index, so paths (and messages) are those of the file.
    const images: unknown[] = [];
    images[index] = entry;
    pushAll(pending, checkAnnotations({ images }));
    if (duplicate) pending.push({ path: [...base, 'image'], anchor: 'value', severity: duplicate.severity, code: duplicate.code, message: duplicate.message, ...(duplicate.data ? { data: duplicate.data } : {}) });
    const merged = collapseCascades(mergeMisspelledKeys(pending));
    // Ranges are found in the entry's text alone: paths relative to it, then given back in full.
    const relative: PendingProblem[] = merged.map((p) => ({ ...p, path: p.path.slice(2) }));
    const resolved = resolveRanges(text, { value: entry, start, end }, relative);
    for (let k = 0; k < resolved.length; k++) resolved[k].path = merged[k].path;
    return sortProblems(resolved);
  });
}

/**
 * The analysis of `text` as `requested`, re-using `previous` (the analysis of the text before the
 * edit) where it can. Returns the analysis and whether it was incremental or a full pass.
 */
export function analyzeIncrementally(validator: Validator, previous: Analysis | undefined, text: string, requested: FormatId | 'auto'): { analysis: Analysis; outcome: IncrementalOutcome; reason?: string } {
  const result = previous ? tryIncremental(validator, previous, text, requested) : 'no previous analysis';
  if (typeof result !== 'string') return { analysis: result, outcome: 'incremental' };
  return { analysis: validator.analyze(text, requested), outcome: 'full', reason: result };
}

/** The incremental analysis, or why there is none (then the caller makes a full pass). */
export function tryIncremental(validator: Validator, previous: Analysis, text: string, requested: FormatId | 'auto'): Analysis | string {
  if (previous.format === 'metadata-jsonl' && requested === 'metadata-jsonl') return tryJsonlLine(validator, previous, text);
  const state = stateOf(previous, requested);
  if (typeof state === 'string') return state;
  if (state.requested !== requested) return 'analysed as another format before';
  const span = changedSpan(previous.text, text);
  if (!span) {
    // The same text (an edit undone before the check): the same result, still ready for the next step.
    const same: Analysis = { ...previous, text, problems: [...previous.problems] };
    states.set(same, state);
    return same;
  }
  const i = entryAround(state.entries, span.start, span.oldEnd);
  if (i === -1) return 'the edit is not inside one image entry';
  // Text the full pass would not parse or would call binary: a control character, too deep.
  const inserted = text.slice(span.start, span.newEnd);
  if (/[\u0000-\u0008\u000b\u000e-\u001f\ufffd]/.test(inserted)) return 'control characters';
  const old = state.entries[i];
  const delta = span.newEnd - span.oldEnd;
  const start = old.start;
  const end = old.end + delta;
  if (findTooDeep(text, MAX_JSON_DEPTH - 3, start, end) !== -1) return 'nested too deep';
  let entry: unknown;
  try {
    entry = JSON.parse(text.slice(start, end));
  } catch {
    return 'the entry does not parse';
  }
  const doc = previous.units[0].value as Record<string, unknown>;
  const images = (doc.images as unknown[]).slice();
  images[i] = entry;
  const value: Record<string, unknown> = { ...doc, images };
  if (requested === 'auto' && recognizeByContent(value) !== 'annotations') return 'the file may no longer be recognized';

  // File-wide decisions: coordinates (mixed files re-check all entries), duplicate names.
  const counts = entryCounts(entry);
  const normalized = state.normalized - old.normalized + counts.normalized;
  const pixel = state.pixel - old.pixel + counts.pixel;
  if ((state.normalized > 0 && state.pixel > 0) || (normalized > 0 && pixel > 0)) return 'mixed coordinates';
  const name = imageName(entry);
  let duplicate: Problem | undefined;
  if (name !== old.name) {
    if (old.name !== undefined && (state.names.get(old.name) ?? 0) > 1) return 'a listed-again image was renamed';
    if (name !== undefined && (state.names.get(name) ?? 0) > 0) return 'renamed to a listed image';
  } else duplicate = old.problems.find((p) => p.code === 'duplicate-image' && p.path?.length === 3 && p.path[2] === 'image');

  const problems = checkEntry(validator, text, entry, i, start, end, duplicate);
  const entries = state.entries.slice();
  entries[i] = { start, end, name, ...counts, problems };
  if (delta !== 0) {
    for (let j = i + 1; j < entries.length; j++) {
      const e = entries[j];
      entries[j] = { ...e, start: e.start + delta, end: e.end + delta, problems: e.problems.length ? e.problems.map((p) => shifted(p, delta)) : e.problems };
    }
  }
  const rest = delta === 0 ? state.rest : state.rest.map((p) => (p.start >= old.end ? shifted(p, delta) : p));
  let names = state.names;
  if (name !== old.name) {
    names = new Map(names);
    if (old.name !== undefined) names.delete(old.name);
    if (name !== undefined) names.set(name, 1);
  }
  const all: Problem[] = [...rest];
  for (const e of entries) pushAll(all, e.problems);
  if (all.length > MAX_INCREMENTAL_PROBLEMS) return 'too many problems';
  const analysis: Analysis = {
    text,
    format: 'annotations',
    units: [{ value, start: state.from, end: text.length }],
    problems: capProblems(summarizeNotes(sortProblems(all)), MAX_PROBLEMS_PER_FILE),
  };
  states.set(analysis, { requested, from: state.from, entries, rest, names, normalized, pixel });
  edits.set(analysis, { entry: i, start, end, oldEnd: old.end, delta });
  previousSerials.set(analysis, analysisSerial(previous));
  const known = duplicates.get(previous) ?? previousDuplicates.get(previous);
  if (known && duplicates.has(previous)) previousDuplicates.set(analysis, known);
  return analysis;
}

/** Phase 3 of an analysis found elsewhere (the full-pass worker thread): duplicateKeysOf returns it. */
export function rememberDuplicateKeys(analysis: Analysis, problems: Problem[]): void {
  duplicates.set(analysis, problems);
}

/**
 * Phase 3 (Validator.duplicateKeys) for an analysis: after an incremental step whose previous
 * version's warnings are known, only the edited entry's text is scanned (an edit inside one entry
 * changes no other object's keys); those before it stay, those after it shift.
 */
export function duplicateKeysOf(validator: Validator, analysis: Analysis): Problem[] {
  const memo = duplicates.get(analysis);
  if (memo) return memo;
  const edit = edits.get(analysis);
  const before = previousDuplicates.get(analysis);
  let out: Problem[];
  if (edit && before) {
    const entry = (analysis.units[0].value as { images: unknown[] }).images[edit.entry];
    const inside = validator.duplicateKeys({ ...analysis, units: [{ value: entry, start: edit.start, end: edit.end }] });
    out = [];
    for (const p of before) if (p.end <= edit.start) out.push(p);
    pushAll(out, inside);
    for (const p of before) if (p.start >= edit.oldEnd) out.push(edit.delta ? shifted(p, edit.delta) : p);
  } else out = validator.duplicateKeys(analysis);
  duplicates.set(analysis, out);
  return out;
}

interface JsonlState {
  /** per unit (parsed line): its problems, or undefined for a unit over several lines */
  lines: (Problem[] | undefined)[];
  rest: Problem[];
}

const jsonlStates = new WeakMap<Analysis, JsonlState>();

function jsonlStateOf(analysis: Analysis): JsonlState | string {
  const cached = jsonlStates.get(analysis);
  if (cached) return cached;
  const problems = analysis.problems;
  if (problems.length > MAX_INCREMENTAL_PROBLEMS) return 'too many problems';
  const notes = new Map<string, number>();
  for (const p of problems) if (p.severity === 'information') notes.set(p.code, (notes.get(p.code) ?? 0) + 1);
  if ([...notes.values()].some((n) => n > NOTES_KEPT)) return 'notes may be summarized';
  const { units, text } = analysis;
  const lines: (Problem[] | undefined)[] = units.map((u) => (/[\r\n]/.test(text.slice(u.start, u.end)) ? undefined : []));
  const rest: Problem[] = [];
  // Problems and units are both in text order: one merge pass puts each problem with its line.
  let k = 0;
  for (const p of problems) {
    while (k < units.length && units[k].end < p.start) k++;
    const u = units[k];
    const list = u && p.start >= u.start && p.end <= u.end ? lines[k] : undefined;
    if (list) list.push(p);
    else rest.push(p);
  }
  const state: JsonlState = { lines, rest };
  jsonlStates.set(analysis, state);
  return state;
}

function unitAround(units: Analysis['units'], start: number, end: number): number {
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const u = units[mid];
    if (u.end <= start) lo = mid + 1;
    else if (u.start >= start) hi = mid - 1;
    else return start > u.start && end < u.end ? mid : -1;
  }
  return -1;
}

/** An edit inside one parsed line of a valohai.metadata.jsonl: that line is checked again on its own. */
function tryJsonlLine(validator: Validator, previous: Analysis, text: string): Analysis | string {
  const state = jsonlStateOf(previous);
  if (typeof state === 'string') return state;
  const span = changedSpan(previous.text, text);
  if (!span) {
    const same: Analysis = { ...previous, text, problems: [...previous.problems] };
    jsonlStates.set(same, state);
    return same;
  }
  const k = unitAround(previous.units, span.start, span.oldEnd);
  if (k === -1 || !state.lines[k]) return 'the edit is not inside one line';
  const inserted = text.slice(span.start, span.newEnd);
  if (/[\u0000-\u0008\u000a-\u001f\ufffd]/.test(inserted)) return 'line breaks or control characters';
  const old = previous.units[k];
  const delta = span.newEnd - span.oldEnd;
  const start = old.start;
  const end = old.end + delta;
  const line = text.slice(start, end);
  // The line alone, as the full pass sees it: one parsed object, no other kind of line.
  const alone = validator.analyze(line, 'metadata-jsonl');
  if (alone.units.length !== 1 || alone.units[0].start !== 0 || alone.units[0].end !== line.length || Array.isArray(alone.units[0].value)) return 'the line does not parse as one value';
  const notes = new Map<string, number>();
  for (const p of alone.problems) if (p.severity === 'information') notes.set(p.code, (notes.get(p.code) ?? 0) + 1);
  if ([...notes.values()].some((n) => n > NOTES_KEPT)) return 'notes may be summarized';
  const mine = alone.problems.map((p) => shifted(p, start));
  const lines = state.lines.slice();
  lines[k] = mine;
  const units = previous.units.slice();
  units[k] = { value: alone.units[0].value, start, end };
  if (delta !== 0) {
    for (let j = k + 1; j < units.length; j++) {
      units[j] = { value: units[j].value, start: units[j].start + delta, end: units[j].end + delta };
      const list = lines[j];
      if (list && list.length) lines[j] = list.map((p) => shifted(p, delta));
    }
  }
  const rest = delta === 0 ? state.rest : state.rest.map((p) => (p.start >= old.end ? shifted(p, delta) : p));
  const all: Problem[] = [...rest];
  for (const list of lines) if (list) pushAll(all, list);
  if (all.length > MAX_INCREMENTAL_PROBLEMS) return 'too many problems';
  const analysis: Analysis = { text, format: 'metadata-jsonl', units, problems: capProblems(summarizeNotes(sortProblems(all)), MAX_PROBLEMS_PER_FILE) };
  jsonlStates.set(analysis, { lines, rest });
  return analysis;
}
