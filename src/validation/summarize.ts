// Many information notes of one kind in one file (a JSONL whose 100,000 `file` lines name files
// not present here) are summarised: the first few stay where they are, and one note stands for
// the rest.
import * as l10n from '@vscode/l10n';
import type { Problem } from './problems';

/** Notes of one code beyond this many in a file are summarised. */
export const NOTE_LIMIT = 20;
/** How many of them keep their own note. */
export const NOTES_KEPT = 5;

// The summary note of each code, a whole sentence: {0} notes left out, {1} in all, {2} kept.
const WHAT: Partial<Record<Problem['code'], (rest: string, total: string, kept: number) => string>> = {
  'jsonl-file-missing': (rest, total, kept) => l10n.t('{0} more `file` lines name files that are not beside this valohai.metadata.jsonl, from here on ({1} in all; the first {2} are marked one by one).', rest, total, kept),
  'image-in-storage': (rest, total, kept) => l10n.t('{0} more images are read as paths in the storage bucket, from here on ({1} in all; the first {2} are marked one by one).', rest, total, kept),
  'polygon-repeats-first-point': (rest, total, kept) => l10n.t('{0} more polygons repeat their first point at the end, from here on ({1} in all; the first {2} are marked one by one).', rest, total, kept),
};

/** `problems` sorted by position; returns them with information notes summarised, still sorted. */
export function summarizeNotes(problems: Problem[], limit = NOTE_LIMIT, kept = NOTES_KEPT): Problem[] {
  const counts = new Map<string, number>();
  for (const p of problems) if (p.severity === 'information') counts.set(p.code, (counts.get(p.code) ?? 0) + 1);
  if (![...counts.values()].some((n) => n > limit)) return problems;
  const seen = new Map<string, number>();
  const out: Problem[] = [];
  for (const p of problems) {
    const total = counts.get(p.code) ?? 0;
    if (p.severity !== 'information' || total <= limit) {
      out.push(p);
      continue;
    }
    const k = (seen.get(p.code) ?? 0) + 1;
    seen.set(p.code, k);
    if (k <= kept) out.push(p);
    else if (k === kept + 1) {
      const rest = total - kept;
      const what = WHAT[p.code] ?? ((rest: string, total: string, kept: number) => l10n.t('{0} more "{1}" notes like the ones above, from here on ({2} in all; the first {3} are marked one by one).', rest, p.code, total, kept));
      out.push({
        start: p.start,
        end: p.end,
        severity: 'information',
        code: p.code,
        message: what(rest.toLocaleString('en-US'), total.toLocaleString('en-US'), kept),
      });
    }
  }
  return out;
}
