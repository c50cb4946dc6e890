// The document index's segments (one per image entry and annotation) after an incremental step of
// the analysis (src/validation/incremental.ts): the segments of the edited entry are found again in
// its own text, those after it shift by the edit's delta, and all point at the new parsed value.
// Equal to a fresh DocumentIndex.levels() (checked in test/unit/incremental.test.ts). No vscode.
import { locatePaths, type JsonPath } from '../core/jsonScan';
import { annotationsOf } from '../annotations/metalake';
import type { Analysis } from '../validation/analyze';
import type { EntryEdit } from '../validation/incremental';
import type { Segment } from './documentIndex';

export function updatedLevels(previous: Segment[][], analysis: Analysis, edit: EntryEdit): Segment[][] | undefined {
  const unit = analysis.units[0];
  if (!unit || previous.length !== 3 || previous[0].length !== 1) return undefined;
  const doc = unit.value as { images: unknown[] };
  const shift = (s: Segment): Segment => (s.start >= edit.oldEnd ? { path: s.path, start: s.start + edit.delta, end: s.end + edit.delta, unit } : { path: s.path, start: s.start, end: s.end, unit });
  const entries: Segment[] = [];
  for (const s of previous[1]) {
    if (s.path[1] === edit.entry) entries.push({ path: s.path, start: edit.start, end: edit.end, unit });
    else entries.push(shift(s));
  }
  if (!entries.some((s) => s.path[1] === edit.entry)) return undefined;
  // The edited entry's annotations, found in its text alone.
  const count = annotationsOf(doc.images[edit.entry]).length;
  const relative: JsonPath[] = [];
  for (let j = 0; j < count; j++) relative.push(['annotations', j]);
  const ranges = locatePaths(analysis.text, relative, edit.start);
  const mine: Segment[] = [];
  for (const p of relative) {
    const r = ranges.get(p);
    if (r) mine.push({ path: ['images', edit.entry, ...p], start: r.start, end: r.end, unit });
  }
  const annotations: Segment[] = [];
  let placed = false;
  for (const s of previous[2]) {
    if (s.path[1] === edit.entry) continue;
    if (!placed && s.start >= edit.oldEnd) {
      annotations.push(...mine);
      placed = true;
    }
    annotations.push(shift(s));
  }
  if (!placed) annotations.push(...mine);
  return [[{ path: [], start: unit.start, end: unit.end, unit }], entries, annotations];
}
