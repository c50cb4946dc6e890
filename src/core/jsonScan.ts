// A small iterative JSON scanner over already-valid JSON text. JSON.parse gives us values but no
// positions; building a full position tree for a 40 MB file costs ~12x the parse. Instead, once
// validation knows *which* paths have problems, one pass here finds the ranges of just those
// paths, skipping every subtree that holds none of them. The same loop also counts keys for the
// duplicate-key check. No recursion anywhere, so deep nesting cannot overflow the stack.

export type JsonPath = readonly (string | number)[];

export interface NodeRange {
  /** offset of the value's first character */
  start: number;
  /** offset just past the value */
  end: number;
  /** the property key's range, when the value is an object member */
  keyStart?: number;
  keyEnd?: number;
}

interface TrieNode {
  children: Map<string | number, TrieNode>;
  target: boolean;
  range?: NodeRange;
}

const QUOTE = 34; // "
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Offset just past the string that starts at `i` (which must be a quote). */
function skipString(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q === -1) return text.length;
    // Count backslashes before the quote: an odd number escapes it.
    let k = q - 1;
    while (text.charCodeAt(k) === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Offset just past the value starting at `i` (no leading whitespace). */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return Math.min(skipToClose(text, i + 1) + 1, text.length);
  // number, true, false, null: up to the next delimiter
  let j = i;
  const n = text.length;
  while (j < n) {
    const d = text.charCodeAt(j);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
    j++;
  }
  return j;
}

function skipSpace(text: string, i: number): number {
  const n = text.length;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function decodeKey(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

/**
 * Finds the ranges of the given paths in `text`, which must hold one valid JSON value starting at
 * or after `from`. Paths that do not exist are absent from the result. A path's range is its value;
 * for object members the key range is included too.
 */
export function locatePaths(text: string, paths: readonly JsonPath[], from = 0): Map<JsonPath, NodeRange> {
  const root: TrieNode = { children: new Map(), target: false };
  const nodes = new Map<JsonPath, TrieNode>();
  for (const path of paths) {
    let node = root;
    for (const segment of path) {
      let child = node.children.get(segment);
      if (!child) {
        child = { children: new Map(), target: false };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.target = true;
    nodes.set(path, node);
  }

  // Explicit stack of containers we are walking into because a target lies below them.
  interface Frame {
    node: TrieNode;
    isArray: boolean;
    index: number;
    remaining: number;
  }
  const stack: Frame[] = [];
  let remainingTargets = nodes.size;

  const visit = (node: TrieNode | undefined, start: number, keyStart?: number, keyEnd?: number): number => {
    if (!node) return skipValue(text, start);
    const c = text.charCodeAt(start);
    if (node.children.size > 0 && (c === OPEN_BRACE || c === OPEN_BRACKET)) {
      if (node.target) {
        node.range = { start, end: -1, keyStart, keyEnd };
      }
      stack.push({ node, isArray: c === OPEN_BRACKET, index: 0, remaining: node.children.size });
      return -1; // caller continues inside the container
    }
    const end = skipValue(text, start);
    if (node.target) {
      node.range = { start, end, keyStart, keyEnd };
      remainingTargets--;
    }
    return end;
  };

  let i = skipSpace(text, from);
  let pos = visit(root, i);
  if (pos !== -1) return collect(nodes);
  // pos === -1: we are just inside a container whose opening char is at i.
  i = i + 1;

  while (stack.length > 0 && remainingTargets > 0) {
    const frame = stack[stack.length - 1];
    i = skipSpace(text, i);
    let c = text.charCodeAt(i);
    if (c === COMMA) {
      i = skipSpace(text, i + 1);
      c = text.charCodeAt(i);
    }
    if (c === CLOSE_BRACE || c === CLOSE_BRACKET || i >= text.length) {
      stack.pop();
      if (frame.node.range && frame.node.range.end === -1) {
        frame.node.range.end = i + 1;
        remainingTargets--;
      }
      i++;
      continue;
    }
    if (frame.remaining === 0) {
      // Nothing more wanted in this container: jump to its end in one go.
      const close = skipToClose(text, i);
      i = close;
      continue;
    }
    let child: TrieNode | undefined;
    let keyStart: number | undefined;
    let keyEnd: number | undefined;
    if (frame.isArray) {
      child = frame.node.children.get(frame.index);
      frame.index++;
    } else {
      keyStart = i;
      keyEnd = skipString(text, i);
      child = frame.node.children.get(decodeKey(text, keyStart, keyEnd));
      i = skipSpace(text, keyEnd);
      if (text.charCodeAt(i) === COLON) i = skipSpace(text, i + 1);
    }
    if (child) frame.remaining--;
    pos = visit(child, i, keyStart, keyEnd);
    i = pos === -1 ? i + 1 : pos;
  }
  return collect(nodes);
}

/** From inside a container, the offset of its closing bracket (not past it). */
function skipToClose(text: string, i: number): number {
  let depth = 0;
  const n = text.length;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (d === QUOTE) {
      i = skipString(text, i);
      continue;
    }
    if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
    else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
      if (depth === 0) return i;
      depth--;
    }
    i++;
  }
  return n;
}

function collect(nodes: Map<JsonPath, TrieNode>): Map<JsonPath, NodeRange> {
  const result = new Map<JsonPath, NodeRange>();
  for (const [path, node] of nodes) {
    if (node.range && node.range.end !== -1) result.set(path, node.range);
  }
  return result;
}

export interface DuplicateKey {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** key range of the first occurrence */
  firstStart: number;
}

/** Number of object members in a parsed value (iterative). */
function countMembers(value: unknown): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let k = 0; k < v.length; k++) {
        const item = v[k];
        if (item !== null && typeof item === 'object') stack.push(item);
      }
    } else {
      for (const key in v as Record<string, unknown>) {
        count++;
        const item = (v as Record<string, unknown>)[key];
        if (item !== null && typeof item === 'object') stack.push(item);
      }
    }
  }
  return count;
}

/** Number of object members written in the text: strings followed by a colon. */
function countKeysInText(text: string, from: number, to: number): number {
  let count = 0;
  let i = from;
  const n = to;
  while (i < n) {
    const q = text.indexOf('"', i);
    if (q === -1 || q >= n) break;
    const end = skipString(text, q);
    let j = end;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === COLON) count++;
    i = end;
  }
  return count;
}

/**
 * Duplicate keys in objects. JSON.parse keeps the last one silently. When `parsed` is given and the
 * number of members it holds equals the number of keys written in the text, there can be no
 * duplicates, and the costly per-object key sets are skipped. Scans text[from, to).
 */
export function findDuplicateKeys(text: string, parsed?: unknown, from = 0, to = text.length): DuplicateKey[] {
  if (parsed !== undefined && countMembers(parsed) === countKeysInText(text, from, to)) return [];
  const found: DuplicateKey[] = [];
  const stack: (Map<string, number> | null)[] = [];
  let i = from;
  const n = to;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = skipString(text, i);
      const top = stack[stack.length - 1];
      if (top) {
        let j = end;
        while (j < n && isSpace(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) === COLON) {
          const key = decodeKey(text, i, end);
          const first = top.get(key);
          if (first !== undefined) found.push({ key, keyStart: i, keyEnd: end, firstStart: first });
          else top.set(key, i);
        }
      }
      i = end;
      continue;
    }
    if (c === OPEN_BRACE) stack.push(new Map());
    else if (c === OPEN_BRACKET) stack.push(null);
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) stack.pop();
    i++;
  }
  return found;
}

/** Containers nested deeper than this are refused before parsing (real files nest a dozen deep). */
export const MAX_JSON_DEPTH = 1000;

/**
 * The offset of the first bracket that opens a container deeper than `limit` in text[from, to),
 * or -1. Works on any text, valid JSON or not (strings are skipped, so brackets in them do not
 * count), in one pass and constant memory: run it before JSON.parse, which would otherwise build
 * (and jsonc-parser recurse into) millions of nested lists.
 */
export function findTooDeep(text: string, limit = MAX_JSON_DEPTH, from = 0, to = text.length): number {
  let depth = 0;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = skipString(text, i);
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return i;
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) depth--;
    i++;
  }
  return -1;
}
