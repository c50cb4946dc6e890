// Many information notes of one kind in one file (a JSONL whose 100,000 `file` lines name files
// not present here) are summarised: the first few stay where they are, and one note stands for
// the rest.
import type { Problem } from './problems';

/** Notes of one code beyond this many in a file are summarised. */
export const NOTE_LIMIT = 20;
/** How many of them keep their own note. */
export const NOTES_KEPT = 5;

const WHAT: Partial<Record<Problem['code'], string>> = {
  'jsonl-file-missing': '`file` lines name files that are not beside this valohai.metadata.jsonl',
  'image-in-storage': 'images are read as paths in the storage bucket',
  'polygon-repeats-first-point': 'polygons repeat their first point at the end',
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
      const what = WHAT[p.code] ?? `"${p.code}" notes like the ones above`;
      out.push({
        start: p.start,
        end: p.end,
        severity: 'information',
        code: p.code,
        message: `${rest.toLocaleString('en-US')} more ${what}, from here on (${total.toLocaleString('en-US')} in all; the first ${kept} are marked one by one).`,
      });
    }
  }
  return out;
}
