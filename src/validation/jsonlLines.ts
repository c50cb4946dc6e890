// The JSONL mistakes that are about lines, not values: blank lines, one object pretty-printed over
// several lines, and the whole list dumped as one JSON array. Pure functions on the text; the
// JSONL loop in analyze.ts calls them, and they hand back problems with their quick-fix text.
import * as l10n from '@vscode/l10n';
import { MAX_JSON_DEPTH } from '../core/jsonScan';
import * as jsonc from 'jsonc-parser';
import type { Problem } from './problems';

/** A span longer than this is not joined (and a JSONL line that opens one is a plain syntax error). */
const MAX_JOIN_CHARS = 4 * 1024 * 1024;
const MAX_JOIN_LINES = 20_000;
/** Above this, the problem is reported without the text of a fix (it would be as big as the file). */
const MAX_FIX_CHARS = 8 * 1024 * 1024;

/**
 * JSON text on one line the way Python's json.dumps writes it (`, ` and `: ` between items),
 * keeping every token as written (numbers, escapes, key order).
 */
export function compactJson(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === ',') out += ', ';
    else if (c === ':') out += ': ';
    else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') out += c;
  }
  return out;
}

/** Each item of a JSON array's text, compacted, one per line. */
export function arrayItemsAsLines(text: string, eol: string): string | undefined {
  let root: jsonc.Node | undefined;
  try {
    root = jsonc.parseTree(text);
  } catch {
    return undefined; // nesting too deep for the tree parser: no fix, the error stands
  }
  if (!root || root.type !== 'array' || !root.children) return undefined;
  return root.children.map((c) => compactJson(text.slice(c.offset, c.offset + c.length))).join(eol);
}

export interface JoinedSpan {
  /** offset of the opening bracket */
  start: number;
  /** end of the closing line's content (before its line break) */
  end: number;
  /** where the next line starts (text.length + 1 at the end of the text) */
  next: number;
  /** how many lines the span takes */
  lines: number;
  parsed: boolean;
  value?: unknown;
}

/**
 * A JSONL line that failed to parse may open a value that closes on a later line: follows the
 * brackets from `lineStart` to the line where they balance. Undefined when they do not (or balance
 * on the first line, which makes it an ordinary syntax error).
 */
export function joinLines(text: string, lineStart: number, budget?: { left: number }): JoinedSpan | undefined {
  let i = lineStart;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  const start = i;
  if (text[start] !== '{' && text[start] !== '[') return undefined;
  // A file of broken lines that each open a bracket would otherwise be scanned once per line.
  const allowed = budget ? Math.min(MAX_JOIN_CHARS, budget.left) : MAX_JOIN_CHARS;
  if (allowed <= 0) return undefined;
  const limit = Math.min(text.length, start + allowed);
  const scanned = () => {
    if (budget) budget.left -= i - start;
  };
  let depth = 0;
  let lines = 1;
  for (; i < limit; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < limit && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') {
      // Deeper than the parser is let go: not a pretty-printed line, and never handed to JSON.parse.
      if (++depth > MAX_JSON_DEPTH) {
        scanned();
        return undefined;
      }
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) break;
    } else if (c === '\n') {
      if (++lines > MAX_JOIN_LINES) break;
    }
  }
  scanned();
  if (depth !== 0 || i >= limit || lines === 1 || lines > MAX_JOIN_LINES) return undefined;
  let lineEnd = text.indexOf('\n', i);
  if (lineEnd === -1) lineEnd = text.length;
  let end = lineEnd;
  if (end > i && text.charCodeAt(end - 1) === 13) end--;
  if (text.slice(i + 1, end).trim() !== '') return undefined;
  end = i + 1;
  let value: unknown;
  let parsed = true;
  try {
    value = JSON.parse(text.slice(start, end));
  } catch (error) {
    if (error instanceof RangeError) throw error;
    parsed = false;
  }
  return { start, end, next: lineEnd + 1, lines, parsed, ...(parsed ? { value } : {}) };
}

export function multilineObjectProblem(text: string, span: JoinedSpan, firstLine: number): Problem {
  const last = firstLine + span.lines - 1;
  const fits = span.end - span.start <= MAX_FIX_CHARS;
  return {
    start: span.start,
    end: span.end,
    severity: 'error',
    code: 'jsonl-multiline-object',
    message: l10n.t('Lines {0}–{1} hold one JSON object written over {2} lines (json.dump with indent= writes this); in a JSONL file each object must be on one line.', firstLine, last, span.lines),
    ...(fits ? { data: { replacement: compactJson(text.slice(span.start, span.end)), safeReplacement: true } } : {}),
  };
}

export function arrayProblem(text: string, start: number, end: number, firstLine: number, lines: number, items: number): Problem {
  const eol = text.includes('\r\n', start) && text.indexOf('\r\n', start) < end ? '\r\n' : '\n';
  const replacement = end - start <= MAX_FIX_CHARS ? arrayItemsAsLines(text.slice(start, end), eol) : undefined;
  const where = lines > 1 ? ' ' + l10n.t('over lines {0}–{1}', firstLine, firstLine + lines - 1) : '';
  return {
    start,
    end,
    severity: 'error',
    code: 'jsonl-array',
    message:
      items === 1
        ? l10n.t('The whole list is one JSON array ({0} item){1}; a JSONL file holds one JSON object per line. json.dump(list, f) writes this: write each item with json.dumps(item) and a newline.', items, where)
        : l10n.t('The whole list is one JSON array ({0} items){1}; a JSONL file holds one JSON object per line. json.dump(list, f) writes this: write each item with json.dumps(item) and a newline.', items, where),
    ...(replacement !== undefined ? { data: { replacement, safeReplacement: true } } : {}),
  };
}

/**
 * Blank lines from `start`, `count` of them, the first being line `firstLine`: shown over
 * [start, shownEnd) (the blank lines themselves, not the next line's first character); the fix
 * removes [start, removeEnd), their line breaks included.
 */
export function blankLinesProblem(start: number, shownEnd: number, removeEnd: number, firstLine: number, count: number): Problem {
  return {
    start,
    end: shownEnd,
    severity: 'error',
    code: 'jsonl-blank-line',
    message:
      count === 1
        ? l10n.t('Line {0} is blank: every line of a JSONL file must be a JSON object, and valohai-utils fails reading the file back (json.loads of an empty line). Remove it.', firstLine)
        : l10n.t('Lines {0}–{1} are blank: every line of a JSONL file must be a JSON object, and valohai-utils fails reading the file back (json.loads of an empty line). Remove them.', firstLine, firstLine + count - 1),
    data: { replacement: '', safeReplacement: true, replaceEnd: removeEnd },
  };
}
