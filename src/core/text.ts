// Offsets are the currency of the core: every problem carries [start, end) offsets into the
// original text (BOM included), and adapters turn them into positions. LineIndex does that for
// LF, CRLF and lone CR (old Mac files; VS Code breaks lines there too), so ranges are exact in all.

export interface Position {
  /** 0-based line */
  line: number;
  /** 0-based UTF-16 column */
  character: number;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(text: string) {
    const starts = [0];
    let i = text.indexOf('\n');
    if (!text.includes('\r')) {
      while (i !== -1) {
        starts.push(i + 1);
        i = text.indexOf('\n', i + 1);
      }
    } else {
      // A CR ends a line unless an LF follows it (then the pair is one break).
      for (let k = 0; k < text.length; k++) {
        const c = text.charCodeAt(k);
        if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) starts.push(k + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  }

  lineStart(line: number): number {
    return this.starts[line];
  }
}

export const BOM = '\uFEFF';

/** True when the first bytes look binary (a NUL byte or many control characters). */
export function looksBinary(text: string): boolean {
  const sample = text.length > 8192 ? text.slice(0, 8192) : text;
  if (sample.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/**
 * Levenshtein distance, for "did you mean" suggestions on short keys. With `max`, gives up as soon
 * as the distance must exceed it (returns max + 1): the length difference is a lower bound, and
 * only a band of width 2·max around the diagonal is computed, so a long word costs O(len·max).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length < b.length) [a, b] = [b, a];
  const n = a.length;
  const m = b.length;
  const band = Number.isFinite(max) ? max : Math.max(n, m);
  const big = n + m + 1;
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j <= band ? j : big;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - band);
    const hi = Math.min(m, i + band);
    cur[0] = i <= band ? i : big;
    if (lo > 1) cur[lo - 1] = big;
    let rowMin = cur[0];
    for (let j = lo; j <= hi; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < m) cur[hi + 1] = big;
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[m] > max ? max + 1 : prev[m];
}

let suggestionsLeft = Infinity;

/**
 * Runs `fn` (synchronous: one file's checks) with at most `max` did-you-mean lookups; past them,
 * closest() suggests nothing. A file with a million unknown keys gets the first ones' suggestions.
 */
export function withSuggestionLimit<T>(max: number, fn: () => T): T {
  const saved = suggestionsLeft;
  suggestionsLeft = max;
  try {
    return fn();
  } finally {
    suggestionsLeft = saved;
  }
}

/** Words longer than this get no suggestion: no known key is anywhere near that long. */
export const MAX_SUGGESTION_WORD = 128;

/**
 * The candidate nearest to `word`, when it is near enough to be a likely misspelling: at most
 * max(2, half its length) edits. Bounded: a long word is never compared in full.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > MAX_SUGGESTION_WORD || suggestionsLeft <= 0) return undefined;
  suggestionsLeft--;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const allowed = Math.max(2, Math.floor(candidate.length / 2));
    const limit = Math.min(allowed, bestDistance - 1);
    if (limit < 0) break;
    const d = editDistance(word, candidate, limit);
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a file, made safe to print on one terminal line: control characters (newlines, ESC
 * and the rest of C0/C1), line and paragraph separators and bidi overrides become `\n`, `\r`,
 * `\t` or `\uXXXX`, so a key cannot start a forged line or recolour a CI log.
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** One replaced range of a change event: [rangeOffset, rangeOffset + rangeLength) became `text`. */
export interface TextChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/**
 * The text after one change event's changes. VS Code gives each change's offset into the text
 * before all of them, and they do not overlap (its text buffer applies them from the last to the
 * first): applied here in that order. undefined when they overlap or leave the text (then the
 * caller asks the document for its text).
 */
export function applyChanges(before: string, changes: readonly TextChange[]): string | undefined {
  const sorted = changes.length === 1 ? changes : [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset);
  let text = before;
  let limit = before.length;
  for (const c of sorted) {
    if (c.rangeOffset < 0 || c.rangeLength < 0 || c.rangeOffset + c.rangeLength > limit) return undefined;
    // Slices and a concatenation: V8 builds the result as a rope, so no copy of the whole text here.
    text = text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);
    limit = c.rangeOffset;
  }
  return text;
}
