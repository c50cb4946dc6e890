// What a JSON parse failure is, in words that name the mistake: NaN and Infinity (Python's
// json.dump writes them), Python's True/False/None, single quotes, comments, and files that are
// UTF-16 or UTF-32 rather than UTF-8. Pure functions on text; analyze.ts calls them on the parse
// path and keeps the generic wording for everything else.
import * as l10n from '@vscode/l10n';

export type SyntaxKind = 'nan' | 'infinity' | 'python-literal' | 'undefined' | 'single-quotes' | 'line-comment' | 'block-comment' | 'hash-comment' | 'second-value';

export interface NamedSyntaxError {
  kind: SyntaxKind;
  /** offsets into the text given */
  start: number;
  end: number;
  message: string;
  /** the JSON that can replace text[start, end), when there is one obvious choice */
  replacement?: string;
  /** whether that replacement keeps the data's meaning (True -> true does; NaN -> null does not) */
  safeReplacement?: boolean;
}

const PYTHON: Record<string, string> = { True: 'true', False: 'false', None: 'null' };

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_$]/.test(c);
}

/** End of a single-quoted string starting at `start` (on the same line), or undefined. */
function singleQuotedEnd(text: string, start: number, to: number): number | undefined {
  for (let i = start + 1; i < to; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === "'") return i + 1;
    else if (c === '\n' || c === '\r') return undefined;
  }
  return undefined;
}

/** A single-quoted Python/JS string literal as a JSON string (undefined when it cannot be read). */
function singleToDouble(literal: string): string | undefined {
  let out = '';
  for (let i = 1; i < literal.length - 1; i++) {
    const c = literal[i];
    if (c === '\\') {
      const n = literal[i + 1];
      i++;
      if (n === "'") out += "'";
      else if (n === '"') out += '"';
      else if (n === '\\') out += '\\';
      else if (n === 'n') out += '\n';
      else if (n === 't') out += '\t';
      else if (n === 'r') out += '\r';
      else return undefined;
    } else out += c;
  }
  return JSON.stringify(out);
}

/**
 * Names the mistake at `offset` (where the JSON parser stopped), looking no further than `to`.
 * Undefined when it is none of the named kinds.
 */
export function classifySyntaxError(text: string, offset: number, to = text.length, context?: { afterValue?: boolean; jsonlLine?: boolean }): NamedSyntaxError | undefined {
  if (context?.afterValue && (text[offset] === '{' || text[offset] === '[')) {
    // Text after a complete value: json.dump called twice with no line break in between.
    return context.jsonlLine
      ? {
          kind: 'second-value',
          start: offset,
          end: offset + 1,
          message: l10n.t('A second JSON value starts here, on the same line: in a JSONL file each object goes on its own line (json.dump writes no line break; write "\\n" after each).'),
          replacement: '\n' + text[offset],
          safeReplacement: true,
        }
      : { kind: 'second-value', start: offset, end: offset + 1, message: l10n.t('A second JSON value starts here: this file holds one JSON value (json.dump was called twice, or two files were joined).') };
  }
  const at = text.slice(offset, Math.min(to, offset + 12));
  let m = /^(-)?(NaN|Infinity)(?![A-Za-z0-9_$])/.exec(at);
  // jsonc-parser stops at the minus sign of -Infinity, or just after it.
  if (!m && text[offset - 1] === '-') {
    const again = /^(NaN|Infinity)(?![A-Za-z0-9_$])/.exec(at);
    if (again) return classifySyntaxError(text, offset - 1, to);
  }
  if (m && !isWordChar(text[offset - 1])) {
    const literal = m[0];
    const end = offset + literal.length;
    if (m[2] === 'NaN') {
      return {
        kind: 'nan',
        start: offset,
        end,
        message: l10n.t("{0} is not JSON: Python's json.dump writes it for float('nan'); write null or a number.", literal),
        replacement: 'null',
        safeReplacement: false,
      };
    }
    return {
      kind: 'infinity',
      start: offset,
      end,
      message: l10n.t("{0} is not JSON: Python's json.dump writes it for float('{1}'); write null, a number or a string such as \"{1}\".", literal, m[1] ? '-inf' : 'inf'),
      replacement: 'null',
      safeReplacement: false,
    };
  }
  m = /^(True|False|None)(?![A-Za-z0-9_$])/.exec(at);
  if (m && !isWordChar(text[offset - 1])) {
    const word = m[1];
    return {
      kind: 'python-literal',
      start: offset,
      end: offset + word.length,
      message: l10n.t('{0} is Python, not JSON: write {1}. (str() or print() of a dict writes Python; json.dump writes JSON.)', word, PYTHON[word]),
      replacement: PYTHON[word],
      safeReplacement: true,
    };
  }
  m = /^undefined(?![A-Za-z0-9_$])/.exec(at);
  if (m && !isWordChar(text[offset - 1])) {
    return { kind: 'undefined', start: offset, end: offset + 9, message: l10n.t('undefined is not JSON: write null, or leave the key out.'), replacement: 'null', safeReplacement: false };
  }
  if (text[offset] === "'") {
    const end = singleQuotedEnd(text, offset, to);
    const literal = end === undefined ? undefined : text.slice(offset, end);
    const replacement = literal === undefined ? undefined : singleToDouble(literal);
    return {
      kind: 'single-quotes',
      start: offset,
      end: end ?? offset + 1,
      message: l10n.t("Single quotes are not JSON: keys and strings take double quotes (\"...\"). Python's str() of a dict writes single quotes; json.dump writes JSON."),
      ...(replacement ? { replacement, safeReplacement: true } : {}),
    };
  }
  if (text.startsWith('//', offset)) {
    let end = text.indexOf('\n', offset);
    if (end === -1 || end > to) end = to;
    if (text[end - 1] === '\r') end--;
    return { kind: 'line-comment', start: offset, end, message: l10n.t('// comments are not allowed in JSON: remove the comment (or keep the note in a property).'), replacement: '', safeReplacement: true };
  }
  if (text[offset] === '#') {
    let end = text.indexOf('\n', offset);
    if (end === -1 || end > to) end = to;
    if (text[end - 1] === '\r') end--;
    return { kind: 'hash-comment', start: offset, end, message: l10n.t('# comments are not allowed in JSON (that is Python or YAML): remove the comment (or keep the note in a property).'), replacement: '', safeReplacement: true };
  }
  if (text.startsWith('/*', offset)) {
    const close = text.indexOf('*/', offset + 2);
    const end = close === -1 || close + 2 > to ? to : close + 2;
    return { kind: 'block-comment', start: offset, end, message: l10n.t('/* */ comments are not allowed in JSON: remove the comment (or keep the note in a property).'), replacement: '', safeReplacement: true };
  }
  return undefined;
}

/**
 * Named mistakes in text[from, to), outside strings; for "and N more" in the first one's message.
 * Stops after `limit`.
 */
export function countNamedMistakes(text: string, from: number, to: number, limit = 1000): number {
  let n = 0;
  for (let i = from; i < to && n < limit; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < to && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === "'" || c === '#' || (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) || /[A-Za-z-]/.test(c)) {
      if (/[A-Za-z]/.test(c) && isWordChar(text[i - 1])) continue;
      const named = classifySyntaxError(text, i, to);
      if (named && named.start === i) {
        n++;
        i = Math.max(i, named.end - 1);
      } else if (/[A-Za-z]/.test(c)) {
        while (i + 1 < to && isWordChar(text[i + 1])) i++;
      }
    }
  }
  return n;
}

export type WideEncoding = 'UTF-16LE' | 'UTF-16BE' | 'UTF-16' | 'UTF-32LE' | 'UTF-32BE';

/**
 * A UTF-16 or UTF-32 file read as UTF-8 (as the CLI and VS Code's default do): its ASCII
 * characters come with NUL characters between them, and a byte order mark turns into U+FFFD
 * replacement characters. Returns the encoding the text most likely was.
 */
export function detectWideEncoding(text: string): WideEncoding | undefined {
  let from = 0;
  let bom: 'utf16' | 'utf32le' | 'utf32be' | undefined;
  if (text.startsWith('\uFFFD\uFFFD\u0000\u0000')) {
    bom = 'utf32le';
    from = 4;
  } else if (text.startsWith('\u0000\u0000\uFFFD\uFFFD')) {
    bom = 'utf32be';
    from = 4;
  } else if (text.startsWith('\uFFFD\uFFFD')) {
    bom = 'utf16';
    from = 2;
  }
  const sample = text.slice(from, from + 512);
  const n = sample.length - (sample.length % 4);
  if (n < 4) {
    if (bom === 'utf32le') return 'UTF-32LE';
    if (bom === 'utf32be') return 'UTF-32BE';
    return undefined;
  }
  const nul = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (sample.charCodeAt(i) === 0) nul[i % 4]++;
  const share = nul.map((k) => k / (n / 4));
  const high = (r: number) => share[r] >= 0.9;
  const low = (r: number) => share[r] <= 0.1;
  if (low(0) && high(1) && high(2) && high(3)) return 'UTF-32LE';
  if (high(0) && high(1) && high(2) && low(3)) return 'UTF-32BE';
  if (low(0) && high(1) && low(2) && high(3)) return 'UTF-16LE';
  if (high(0) && low(1) && high(2) && low(3)) return 'UTF-16BE';
  if (bom === 'utf32le') return 'UTF-32LE';
  if (bom === 'utf32be') return 'UTF-32BE';
  // A UTF-16 byte order mark and NULs in the text, but no clean pattern (non-ASCII text).
  if (bom === 'utf16' && nul.some((k) => k > 0)) return 'UTF-16';
  return undefined;
}

export function encodingMessage(encoding: WideEncoding): string {
  const powershell = encoding.startsWith('UTF-16') ? ' ' + l10n.t('Windows PowerShell 5 writes UTF-16 with `>`, `Out-File` and `Set-Content -Encoding Unicode`.') : '';
  const name = encoding.endsWith('LE') ? l10n.t('{0} little-endian', encoding.slice(0, -2)) : encoding.endsWith('BE') ? l10n.t('{0} big-endian', encoding.slice(0, -2)) : encoding;
  return (
    l10n.t('This file is {0}, not UTF-8: Valohai and JSON tools read UTF-8, so they will not read it.', name) +
    powershell +
    ' ' +
    l10n.t('Save it as UTF-8: in VS Code, click the encoding in the status bar and choose "Save with Encoding" > UTF-8; in PowerShell, write it with `[IO.File]::WriteAllText(path, text)` or `Out-File -Encoding utf8`.')
  );
}

/** The text with the NULs and replacement characters of a wide encoding dropped: good enough to recognize a format by its ASCII keys. */
export function narrowed(text: string): string {
  return text.replace(/[\u0000\uFFFD\uFEFF]/g, '');
}

/** The encoding a file's byte order mark names, for UTF-16 and UTF-32 (UTF-32LE's starts like UTF-16LE's). */
export function wideBom(bytes: Uint8Array): WideEncoding | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'UTF-32LE';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'UTF-32BE';
  if (a === 0xff && b === 0xfe) return 'UTF-16LE';
  if (a === 0xfe && b === 0xff) return 'UTF-16BE';
  return undefined;
}
