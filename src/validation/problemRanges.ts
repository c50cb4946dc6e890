// From what the parsers and the checks say to problems with exact ranges: syntax errors in plain
// words, path-based problems placed with one scan of the text, the cap on problems per file, and
// their order. Pure helpers of the analysis pipeline (analyze.ts).
import * as l10n from '@vscode/l10n';
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

// Functions, so each is looked up in the bundle configured when it is said.
const PARSE_ERROR_WORDS: Partial<Record<jsonc.ParseErrorCode, () => string>> = {
  [jsonc.ParseErrorCode.InvalidSymbol]: () => l10n.t('Unexpected character'),
  [jsonc.ParseErrorCode.InvalidNumberFormat]: () => l10n.t('Invalid number'),
  [jsonc.ParseErrorCode.PropertyNameExpected]: () => l10n.t('Expected a key in double quotes'),
  [jsonc.ParseErrorCode.ValueExpected]: () => l10n.t('Expected a value'),
  [jsonc.ParseErrorCode.ColonExpected]: () => l10n.t("Expected ':' after the key"),
  [jsonc.ParseErrorCode.CommaExpected]: () => l10n.t("Expected ',' between items"),
  [jsonc.ParseErrorCode.CloseBraceExpected]: () => l10n.t("Expected '}' to close the object"),
  [jsonc.ParseErrorCode.CloseBracketExpected]: () => l10n.t("Expected ']' to close the list"),
  [jsonc.ParseErrorCode.EndOfFileExpected]: () => l10n.t('Unexpected text after the end of the JSON value'),
  [jsonc.ParseErrorCode.InvalidCommentToken]: () => l10n.t('Comments are not allowed in JSON'),
  [jsonc.ParseErrorCode.UnexpectedEndOfComment]: () => l10n.t('Comments are not allowed in JSON'),
  [jsonc.ParseErrorCode.UnexpectedEndOfString]: () => l10n.t('Unterminated string'),
  [jsonc.ParseErrorCode.UnexpectedEndOfNumber]: () => l10n.t('Incomplete number'),
  [jsonc.ParseErrorCode.InvalidUnicode]: () => l10n.t('Invalid \\u escape in a string'),
  [jsonc.ParseErrorCode.InvalidEscapeCharacter]: () => l10n.t('Invalid escape in a string'),
  [jsonc.ParseErrorCode.InvalidCharacter]: () => l10n.t('Control characters in a string must be escaped'),
};

const SEVERITY_COUNT: Record<Problem['severity'], [(n: string) => string, (n: string) => string]> = {
  error: [(n) => l10n.t('{0} error', n), (n) => l10n.t('{0} errors', n)],
  warning: [(n) => l10n.t('{0} warning', n), (n) => l10n.t('{0} warnings', n)],
  information: [(n) => l10n.t('{0} information', n), (n) => l10n.t('{0} information', n)],
  hint: [(n) => l10n.t('{0} hint', n), (n) => l10n.t('{0} hints', n)],
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
    .map((k) => SEVERITY_COUNT[k][counts[k] === 1 ? 0 : 1](counts[k].toLocaleString('en-US')));
  const kept = problems.slice(0, max);
  kept.push({
    start: rest[0].start,
    end: rest[0].end,
    severity: worst,
    code: 'too-many-problems',
    message: l10n.t('…and {0} more problems in this file ({1}), not listed: only the first {2} are.', rest.length.toLocaleString('en-US'), parts.join(', '), max.toLocaleString('en-US')),
  });
  return kept;
}

export function problemAt(start: number, end: number, rest: Omit<Problem, 'start' | 'end'>): Problem {
  return { start, end: Math.max(end, start + 1), ...rest };
}

export function tooDeep(at: number, what = l10n.t('The file')): Problem {
  return problemAt(at, at + 1, { severity: 'error', code: 'too-deep', message: l10n.t('{0} nests lists and objects more than {1} deep here; it is not checked further.', what, MAX_JSON_DEPTH) });
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
    return problemAt(from, Math.min(to, from + 1), { severity: 'error', code: 'invalid-json', message: l10n.t('{0} is not valid JSON.', what) });
  }
  const words = PARSE_ERROR_WORDS[first.error]?.() ?? jsonc.printParseErrorCode(first.error);
  const before = body.slice(0, first.offset).trimEnd();
  const at = body[first.offset];
  if ((at === '}' || at === ']') && before.endsWith(',')) {
    const comma = from + before.length - 1;
    return problemAt(comma, comma + 1, { severity: 'error', code: 'invalid-json', message: l10n.t('Trailing comma: JSON does not allow a comma before a closing bracket.') });
  }
  const named = classifySyntaxError(body, first.offset, body.length, { afterValue: first.error === jsonc.ParseErrorCode.EndOfFileExpected, jsonlLine: what !== l10n.t('The file') });
  if (named) {
    const more = countNamedMistakes(body, named.end, body.length);
    const tail = more > 0 ? ' ' + (what === l10n.t('The file') ? l10n.t('({0} more like this in this file.)', more) : l10n.t('({0} more like this on this line.)', more)) : '';
    return problemAt(from + named.start, from + named.end, {
      severity: 'error',
      code: 'invalid-json',
      message: named.message + tail,
      data: { syntax: named.kind, ...(named.replacement !== undefined ? { replacement: named.replacement, safeReplacement: named.safeReplacement === true } : {}) },
    });
  }
  const start = from + first.offset;
  let end = start + Math.max(first.length, 1);
  if (start >= to) return problemAt(Math.max(from, to - 1), to, { severity: 'error', code: 'invalid-json', message: l10n.t('{0}: the text ends too early.', words) });
  end = Math.min(end, to);
  return problemAt(start, end, { severity: 'error', code: 'invalid-json', message: l10n.t('{0}.', words) });
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
