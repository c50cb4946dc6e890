// Glob matching in linear-bounded time. Globs come from files nobody vetted (.vscode/settings.json
// in a pull request), so they must not compile to backtracking regular expressions: twelve `**/`
// in one pattern took over a minute on a deep path that way, and picomatch's regexes do the same.
// Here a pattern is matched with the classic greedy wildcard walk (go back only to the last star),
// once over path segments (`**` is the star) and once over the characters of each segment (`*` is
// the star): O(pattern × path) steps in the worst case, never exponential.
//
// Syntax (VS Code's): `**` any number of folders, `*` any run within a segment, `?` one character,
// `[abc]`, `[a-z]`, `[!a]` one character of a set, `{a,b}` alternatives (nested too). A pattern
// without `/` matches the file name in any folder. `*` matches dot files too, as in VS Code.
import * as l10n from '@vscode/l10n';

/** Longer patterns are not compiled (and match nothing): a real one is a few dozen characters. */
export const MAX_GLOB_LENGTH = 1000;
/** `{a,b}{c,d}...` multiplies; past this many alternatives the pattern is refused. */
export const MAX_GLOB_ALTERNATIVES = 256;

type Token = { kind: 'char'; code: number } | { kind: 'one' } | { kind: 'star' } | { kind: 'set'; negated: boolean; ranges: [number, number][] };
type Segment = { globstar: true } | { globstar: false; tokens: Token[]; literal?: string };

export interface GlobMatcher {
  /** `path` relative, with forward slashes */
  test(path: string): boolean;
  /** why the pattern was refused (then it matches nothing) */
  readonly error?: string;
}

/** Wildcard walk over `pattern` against `subject`: stars match any run, other items exactly one. */
function walk<P, S>(pattern: readonly P[], subject: readonly S[], isStar: (p: P) => boolean, matchOne: (p: P, s: S) => boolean): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < subject.length) {
    if (p < pattern.length && isStar(pattern[p])) {
      starP = p++;
      starS = s;
    } else if (p < pattern.length && matchOne(pattern[p], subject[s])) {
      p++;
      s++;
    } else if (starP !== -1) {
      p = starP + 1;
      s = ++starS;
    } else return false;
  }
  while (p < pattern.length && isStar(pattern[p])) p++;
  return p === pattern.length;
}

function tokenMatches(token: Token, code: number): boolean {
  if (token.kind === 'char') return token.code === code;
  if (token.kind === 'one') return true;
  if (token.kind === 'set') {
    let inSet = false;
    for (const [lo, hi] of token.ranges) {
      if (code >= lo && code <= hi) {
        inSet = true;
        break;
      }
    }
    return inSet !== token.negated;
  }
  return false;
}

const isStarToken = (t: Token): boolean => t.kind === 'star';

function segmentMatches(segment: Segment, name: string): boolean {
  if (segment.globstar) return true;
  if (segment.literal !== undefined) return segment.literal === name;
  const codes: number[] = new Array<number>(name.length);
  for (let i = 0; i < name.length; i++) codes[i] = name.charCodeAt(i);
  return walk(segment.tokens, codes, isStarToken, tokenMatches);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '*') {
      while (text[i + 1] === '*') i++;
      tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'one' });
    else if (c === '[') {
      const close = text.indexOf(']', i + 2);
      if (close === -1) {
        tokens.push({ kind: 'char', code: 91 });
        continue;
      }
      let body = text.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      const ranges: [number, number][] = [];
      for (let k = 0; k < body.length; k++) {
        const lo = body.charCodeAt(k);
        if (body[k + 1] === '-' && k + 2 < body.length) {
          const hi = body.charCodeAt(k + 2);
          ranges.push(lo <= hi ? [lo, hi] : [hi, lo]);
          k += 2;
        } else ranges.push([lo, lo]);
      }
      tokens.push({ kind: 'set', negated, ranges });
      i = close;
    } else tokens.push({ kind: 'char', code: text.charCodeAt(i) });
  }
  return tokens;
}

/** `{a,b}` alternatives, expanded; undefined when they would be more than `max`. */
export function expandBraces(glob: string, max = MAX_GLOB_ALTERNATIVES): string[] | undefined {
  const open = glob.indexOf('{');
  if (open === -1) return [glob];
  // The matching close brace, and the top-level commas between.
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < glob.length; i++) {
    const c = glob[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      close = i;
      break;
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  const head = glob.slice(0, open);
  if (close === -1 || commas.length === 0) {
    // Not a group: the brace is literal; expand what follows it.
    const rest = expandBraces(glob.slice(open + 1), max);
    return rest?.map((r) => `${head}{${r}`);
  }
  const cuts = [open, ...commas, close];
  const tails = expandBraces(glob.slice(close + 1), max);
  if (!tails) return undefined;
  const out: string[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const options = expandBraces(glob.slice(cuts[k] + 1, cuts[k + 1]), max);
    if (!options) return undefined;
    for (const option of options) {
      for (const tail of tails) {
        out.push(head + option + tail);
        if (out.length > max) return undefined;
      }
    }
  }
  return out;
}

function compileOne(glob: string): Segment[] {
  let text = glob.startsWith('./') ? glob.slice(2) : glob;
  if (!text.includes('/')) text = `**/${text}`;
  const segments: Segment[] = [];
  for (const part of text.split('/')) {
    if (/^\*\*+$/.test(part)) {
      // `***` is `**` (as in picomatch and bash's globstar); `**/**` is one `**`.
      if (!(segments.length > 0 && segments[segments.length - 1].globstar)) segments.push({ globstar: true });
      continue;
    }
    const tokens = tokenize(part);
    const literal = tokens.every((t) => t.kind === 'char') ? part : undefined;
    segments.push({ globstar: false, tokens, literal });
  }
  return segments;
}

const isGlobstar = (s: Segment): boolean => s.globstar;

const cache = new Map<string, GlobMatcher>();

export function compileGlob(glob: string): GlobMatcher {
  const cached = cache.get(glob);
  if (cached) return cached;
  let matcher: GlobMatcher;
  const alternatives = glob.length > MAX_GLOB_LENGTH ? undefined : expandBraces(glob);
  if (glob.length > MAX_GLOB_LENGTH) matcher = { test: () => false, error: l10n.t('the pattern is {0} characters long, more than the {1} allowed', glob.length, MAX_GLOB_LENGTH) };
  else if (!alternatives) matcher = { test: () => false, error: l10n.t('its {…} groups expand to more than {0} patterns', MAX_GLOB_ALTERNATIVES) };
  else {
    const compiled = alternatives.map(compileOne);
    matcher = {
      test(path: string): boolean {
        const parts = path.split('/');
        return compiled.some((segments) => walk(segments, parts, isGlobstar, segmentMatches));
      },
    };
  }
  if (cache.size >= 1000) cache.clear();
  cache.set(glob, matcher);
  return matcher;
}
