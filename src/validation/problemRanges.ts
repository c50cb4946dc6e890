// From what the parsers and the checks say to problems with exact ranges: syntax errors in plain
// words, path-based problems placed with one scan of the text, the cap on problems per file, and
// their order. Pure helpers of the analysis pipeline (analyze.ts).
import * as jsonc from 'jsonc-parser';
import { locatePaths, MAX_JSON_DEPTH } from '../core/jsonScan';
import { classifySyntaxError, countNamedMistakes } from './parseErrors';
import type { PendingProblem, Problem } from './problems';

/** One JSON value in the text: the whole document, or one JSONL line. */
export interface JsonUnit {
  value: unknown;
  /** offset where the value's text starts */
  start: number;
  end: number;
}

/** At most this many problems are listed per file; one more problem says how many were left out. */
export const MAX_PROBLEMS_PER_FILE = 10_000;

const PARSE_ERROR_WORDS: Partial<Record<jsonc.ParseErrorCode, string>> = {
  [jsonc.ParseErrorCode.InvalidSymbol]: 'Unexpected character',
  [jsonc.ParseErrorCode.InvalidNumberFormat]: 'Invalid number',
  [jsonc.ParseErrorCode.PropertyNameExpected]: 'Expected a key in double quotes',
  [jsonc.ParseErrorCode.ValueExpected]: 'Expected a value',
  [jsonc.ParseErrorCode.ColonExpected]: "Expected ':' after the key",
  [jsonc.ParseErrorCode.CommaExpected]: "Expected ',' between items",
  [jsonc.ParseErrorCode.CloseBraceExpected]: "Expected '}' to close the object",
  [jsonc.ParseErrorCode.CloseBracketExpected]: "Expected ']' to close the list",
  [jsonc.ParseErrorCode.EndOfFileExpected]: 'Unexpected text after the end of the JSON value',
  [jsonc.ParseErrorCode.InvalidCommentToken]: 'Comments are not allowed in JSON',
  [jsonc.ParseErrorCode.UnexpectedEndOfComment]: 'Comments are not allowed in JSON',
  [jsonc.ParseErrorCode.UnexpectedEndOfString]: 'Unterminated string',
  [jsonc.ParseErrorCode.UnexpectedEndOfNumber]: 'Incomplete number',
  [jsonc.ParseErrorCode.InvalidUnicode]: 'Invalid \\u escape in a string',
  [jsonc.ParseErrorCode.InvalidEscapeCharacter]: 'Invalid escape in a string',
  [jsonc.ParseErrorCode.InvalidCharacter]: 'Control characters in a string must be escaped',
};

const SEVERITY_RANK: Record<Problem['severity'], number> = { error: 3, warning: 2, information: 1, hint: 0 };

/**
 * Keeps the first MAX_PROBLEMS_PER_FILE problems (they are sorted by position) and sums up the
 * rest in one `too-many-problems` problem, as severe as the worst one left out, so a file whose
 * errors are all past the cut still fails a CI run.
 */
export function capProblems(problems: Problem[], max = MAX_PROBLEMS_PER_FILE): Problem[] {
  if (problems.length <= max) return problems;
  const rest = problems.slice(max);
  let worst: Problem['severity'] = 'hint';
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const p of rest) {
    counts[p.severity]++;
    if (SEVERITY_RANK[p.severity] > SEVERITY_RANK[worst]) worst = p.severity;
  }
  const parts = (['error', 'warning', 'information', 'hint'] as const)
    .filter((k) => counts[k] > 0)
    .map((k) => `${counts[k].toLocaleString('en-US')} ${k === 'information' || counts[k] === 1 ? k : k + 's'}`);
  const kept = problems.slice(0, max);
  kept.push({
    start: rest[0].start,
    end: rest[0].end,
    severity: worst,
    code: 'too-many-problems',
    message: `…and ${rest.length.toLocaleString('en-US')} more problems in this file (${parts.join(', ')}), not listed: only the first ${max.toLocaleString('en-US')} are.`,
  });
  return kept;
}

export function problemAt(start: number, end: number, rest: Omit<Problem, 'start' | 'end'>): Problem {
  return { start, end: Math.max(end, start + 1), ...rest };
}

export function tooDeep(at: number, what = 'The file'): Problem {
  return problemAt(at, at + 1, { severity: 'error', code: 'too-deep', message: `${what} nests lists and objects more than ${MAX_JSON_DEPTH} deep here; it is not checked further.` });
}

/** The first syntax error of text[from, to), in plain words (later ones are usually its echo). */
export function syntaxProblem(text: string, from: number, to: number, what: string): Problem {
  const body = text.slice(from, to);
  const errors: jsonc.ParseError[] = [];
  let partial: unknown;
  try {
    partial = jsonc.parse(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    errors.length = 0;
  }
  void partial;
  const first = errors[0];
  if (!first) {
    // jsonc-parser accepted what JSON.parse refused (or itself overflowed on deep nesting).
    return problemAt(from, Math.min(to, from + 1), { severity: 'error', code: 'invalid-json', message: `${what} is not valid JSON.` });
  }
  const words = PARSE_ERROR_WORDS[first.error] ?? jsonc.printParseErrorCode(first.error);
  const before = body.slice(0, first.offset).trimEnd();
  const at = body[first.offset];
  if ((at === '}' || at === ']') && before.endsWith(',')) {
    const comma = from + before.length - 1;
    return problemAt(comma, comma + 1, { severity: 'error', code: 'invalid-json', message: 'Trailing comma: JSON does not allow a comma before a closing bracket.' });
  }
  const named = classifySyntaxError(body, first.offset, body.length, { afterValue: first.error === jsonc.ParseErrorCode.EndOfFileExpected, jsonlLine: what !== 'The file' });
  if (named) {
    const more = countNamedMistakes(body, named.end, body.length);
    const tail = more > 0 ? ` (${more} more like this ${what === 'The file' ? 'in this file' : 'on this line'}.)` : '';
    return problemAt(from + named.start, from + named.end, {
      severity: 'error',
      code: 'invalid-json',
      message: named.message + tail,
      data: { syntax: named.kind, ...(named.replacement !== undefined ? { replacement: named.replacement, safeReplacement: named.safeReplacement === true } : {}) },
    });
  }
  const start = from + first.offset;
  let end = start + Math.max(first.length, 1);
  if (start >= to) return problemAt(Math.max(from, to - 1), to, { severity: 'error', code: 'invalid-json', message: `${words}: the text ends too early.` });
  end = Math.min(end, to);
  return problemAt(start, end, { severity: 'error', code: 'invalid-json', message: `${words}.` });
}

/** Turns path-based problems into ranged ones with a single pass over the unit's text. */
export function resolveRanges(text: string, unit: JsonUnit, pending: readonly PendingProblem[]): Problem[] {
  if (pending.length === 0) return [];
  const ranges = locatePaths(text, pending.map((p) => p.path), unit.start);
  const out: Problem[] = [];
  for (const p of pending) {
    const r = ranges.get(p.path);
    let start = unit.start;
    let end = unit.start + 1;
    if (r) {
      if (p.anchor === 'open') {
        start = r.start;
        end = r.start + 1;
      } else if (p.anchor === 'key' && r.keyStart !== undefined && r.keyEnd !== undefined) {
        start = r.keyStart;
        end = r.keyEnd;
      } else {
        start = r.start;
        end = r.end;
        // A whole object or list spanning lines is too big to point at: its key (or bracket) is enough.
        if (end - start > 200 && text.lastIndexOf('\n', end) > start) {
          if (r.keyStart !== undefined && r.keyEnd !== undefined) {
            start = r.keyStart;
            end = r.keyEnd;
          } else end = start + 1;
        }
      }
    }
    out.push({ start, end, severity: p.severity, code: p.code, message: p.message, path: p.path, ...(p.data ? { data: p.data } : {}) });
  }
  return out;
}

export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.start - b.start || a.end - b.end);
}
