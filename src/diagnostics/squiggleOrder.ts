// The order a file's problems are handed to VS Code in. VS Code draws squiggles for the first 500
// markers of a file only (its MarkerDecorationsService reads them with `take: 500`), and beyond
// 1,000 per file its extension host keeps the most severe first, in the order given. In file order
// a problem typed in the middle of a file with 500 others before it would be listed but never
// drawn. So with more than 500, the ones nearest the place the user works (the last edit) come
// first; the Problems view and F8 sort by position themselves. No vscode here.
import type { Problem } from '../validation/problems';

/** VS Code's limit of squiggles per file. */
export const SQUIGGLES_DRAWN = 500;

/** `problems` nearest `at` (an offset) first when there are more than VS Code draws; else as they are. */
export function nearestFirst(problems: readonly Problem[], at: number | undefined): readonly Problem[] {
  if (at === undefined || problems.length <= SQUIGGLES_DRAWN) return problems;
  const distance = (p: Problem): number => (at < p.start ? p.start - at : at > p.end ? at - p.end : 0);
  return problems
    .map((p, i) => ({ p, i, d: distance(p) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((x) => x.p);
}
