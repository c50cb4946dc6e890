// Formatting that knows annotation data: objects one key per line, but short lists of numbers
// (a bbox, a point) and lists of points stay on one line when they fit. Works on tokens, so numbers
// and strings keep their exact spelling and nothing (not even a duplicate key) is lost. JSONL is
// formatted line by line, one object per line.
import * as jsonc from 'jsonc-parser';

export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
  eol: '\n' | '\r\n';
  /** lists longer than this on one line are broken up */
  width: number;
}

type Token = { kind: jsonc.SyntaxKind; text: string };

/** The tokens of one JSON value; undefined when the text has a syntax error or comments. */
function tokens(text: string): Token[] | undefined {
  const errors: jsonc.ParseError[] = [];
  jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0) return undefined;
  const scanner = jsonc.createScanner(text, true);
  const out: Token[] = [];
  for (let kind = scanner.scan(); kind !== jsonc.SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === jsonc.SyntaxKind.LineCommentTrivia || kind === jsonc.SyntaxKind.BlockCommentTrivia) return undefined;
    out.push({ kind, text: text.substr(scanner.getTokenOffset(), scanner.getTokenLength()) });
  }
  return out;
}


/** Index of the token closing the container opened at `i`. */
function closing(toks: Token[], i: number): number {
  let depth = 0;
  for (let j = i; j < toks.length; j++) {
    const k = toks[j].kind;
    if (k === jsonc.SyntaxKind.OpenBraceToken || k === jsonc.SyntaxKind.OpenBracketToken) depth++;
    else if (k === jsonc.SyntaxKind.CloseBraceToken || k === jsonc.SyntaxKind.CloseBracketToken) {
      depth--;
      if (depth === 0) return j;
    }
  }
  return toks.length - 1;
}

/** One-line text of toks[i..end]: `[1, 2]`, `{"a": 1}`. */
function inline(toks: Token[], i: number, end: number): string {
  let s = '';
  for (let j = i; j <= end; j++) {
    const t = toks[j];
    s += t.text;
    if (t.kind === jsonc.SyntaxKind.CommaToken || t.kind === jsonc.SyntaxKind.ColonToken) s += ' ';
  }
  return s;
}

/** Lists of scalars, or lists of lists of scalars (points), may stay on one line. */
function inlinable(toks: Token[], i: number, end: number): boolean {
  if (toks[i].kind !== jsonc.SyntaxKind.OpenBracketToken) return false;
  let depth = 0;
  for (let j = i; j <= end; j++) {
    const k = toks[j].kind;
    if (k === jsonc.SyntaxKind.OpenBraceToken) return false;
    if (k === jsonc.SyntaxKind.OpenBracketToken && ++depth > 2) return false;
    if (k === jsonc.SyntaxKind.CloseBracketToken) depth--;
  }
  return true;
}

export function formatJson(text: string, options: FormatOptions): string | undefined {
  const toks = tokens(text);
  if (!toks) return undefined;
  const unit = options.insertSpaces ? ' '.repeat(options.tabSize) : '\t';
  const nl = options.eol;
  let out = '';
  let indent = 0;
  const pad = () => unit.repeat(indent);
  let column = 0;
  const write = (s: string) => {
    out += s;
    const lastNl = s.lastIndexOf('\n');
    column = lastNl === -1 ? column + s.length : s.length - lastNl - 1;
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind === jsonc.SyntaxKind.OpenBraceToken || t.kind === jsonc.SyntaxKind.OpenBracketToken) {
      const end = closing(toks, i);
      if (end === i + 1) {
        write(t.text + toks[end].text);
        i = end;
        continue;
      }
      if (inlinable(toks, i, end)) {
        const one = inline(toks, i, end);
        if (column + one.length <= options.width) {
          write(one);
          i = end;
          continue;
        }
      }
      indent++;
      write(t.text + nl + pad());
    } else if (t.kind === jsonc.SyntaxKind.CloseBraceToken || t.kind === jsonc.SyntaxKind.CloseBracketToken) {
      indent--;
      write(nl + pad() + t.text);
    } else if (t.kind === jsonc.SyntaxKind.CommaToken) {
      write(',' + nl + pad());
    } else if (t.kind === jsonc.SyntaxKind.ColonToken) {
      write(': ');
    } else {
      write(t.text);
    }
  }
  return out + (text.endsWith('\n') ? nl : '');
}

/** Each non-blank line as one compact object; undefined if any line does not parse. */
export function formatJsonl(text: string, eol: '\n' | '\r\n'): string | undefined {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      out.push('');
      continue;
    }
    const toks = tokens(line);
    if (!toks) return undefined;
    out.push(inline(toks, 0, toks.length - 1));
  }
  return out.join(eol);
}
