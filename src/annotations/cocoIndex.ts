// One image's annotations out of a COCO file too large to parse into an editor tree (train2017's
// instances are ~450 MB): one scan of the text finds where each annotation object starts and ends
// and its `image_id`, without building the annotations; the `images` and `categories` lists (small
// beside the annotations) are parsed. An image's annotations are then parsed from their own slices
// of the text, with their offsets, so a preview can draw one image of the file and point into it.
// Pure (the text is given); readCocoIndex reads a file from disk.
import * as fs from 'fs';
import { isNumber, isObject, type Json } from '../core/json';
import { categoriesById, cocoShapes, isCocoId, type CocoCategory } from './coco';
import type { Shape } from './geometry';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(t: string, i: number): number {
  while (i < t.length && isSpace(t.charCodeAt(i))) i++;
  return i;
}

/** The index just after the string that starts at i (t[i] is `"`). */
function skipString(t: string, i: number): number {
  for (let j = t.indexOf('"', i + 1); j !== -1; j = t.indexOf('"', j + 1)) {
    let k = j - 1;
    while (t.charCodeAt(k) === BACKSLASH) k--;
    if ((j - k) % 2 === 1) return j + 1;
  }
  return t.length;
}

/** The index just after the value that starts at i. */
function skipValue(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c === QUOTE) return skipString(t, i);
  if (c === LBRACE || c === LBRACKET) {
    let depth = 0;
    for (let j = i; j < t.length; j++) {
      const ch = t.charCodeAt(j);
      if (ch === QUOTE) j = skipString(t, j) - 1;
      else if (ch === LBRACE || ch === LBRACKET) depth++;
      else if (ch === RBRACE || ch === RBRACKET) {
        if (--depth === 0) return j + 1;
      }
    }
    return t.length;
  }
  let j = i;
  while (j < t.length) {
    const ch = t.charCodeAt(j);
    if (ch === COMMA || ch === RBRACE || ch === RBRACKET || isSpace(ch)) break;
    j++;
  }
  return j;
}

/** Calls fn(key, valueStart) for each key of the object at i; returns the index after it. */
function forEachKey(t: string, i: number, fn: (key: string, valueStart: number) => number | void): number {
  if (t.charCodeAt(i) !== LBRACE) throw new SyntaxError(`expected an object at ${i}`);
  i = skipSpace(t, i + 1);
  if (t.charCodeAt(i) === RBRACE) return i + 1;
  for (;;) {
    if (t.charCodeAt(i) !== QUOTE) throw new SyntaxError(`expected a key at ${i}`);
    const keyEnd = skipString(t, i);
    // Keys without escapes (all of COCO's) are read as they are; JSON.parse only for the rest.
    const raw = t.slice(i + 1, keyEnd - 1);
    const key = raw.includes('\\') ? (JSON.parse(t.slice(i, keyEnd)) as string) : raw;
    i = skipSpace(t, keyEnd);
    if (t.charCodeAt(i) !== COLON) throw new SyntaxError(`expected ':' at ${i}`);
    const valueStart = skipSpace(t, i + 1);
    const end = fn(key, valueStart);
    i = skipSpace(t, typeof end === 'number' ? end : skipValue(t, valueStart));
    const c = t.charCodeAt(i);
    if (c === COMMA) i = skipSpace(t, i + 1);
    else if (c === RBRACE) return i + 1;
    else throw new SyntaxError(`expected ',' or '}' at ${i}`);
  }
}

/** One image entry of the file. */
export interface CocoIndexImage {
  /** position in `images` */
  index: number;
  id: number;
  fileName?: string;
  width?: number;
  height?: number;
  /** the entry as written */
  value: Json;
}

/** One annotation of an image: its place in `annotations`, its offsets in the text, its value. */
export interface CocoIndexAnnotation {
  index: number;
  start: number;
  end: number;
  value: Json;
}

export class CocoIndex {
  private readonly byImage = new Map<number, number[]>();
  private byFile?: Map<string, CocoIndexImage>;

  constructor(
    readonly text: string,
    readonly images: CocoIndexImage[],
    readonly categories: Map<number, CocoCategory>,
    /** start and end offsets of every annotation object, in file order */
    private readonly starts: number[],
    private readonly ends: number[],
    imageIds: (number | undefined)[],
    /** the `categories` list as written (its keypoint names and skeletons, for the preview) */
    readonly categoryList: readonly unknown[] = [],
  ) {
    imageIds.forEach((id, i) => {
      if (id === undefined) return;
      let list = this.byImage.get(id);
      if (!list) this.byImage.set(id, (list = []));
      list.push(i);
    });
  }

  get annotationCount(): number {
    return this.starts.length;
  }

  /** How many annotations name image `imageId` (none parsed). */
  annotationCountOf(imageId: number): number {
    return this.byImage.get(imageId)?.length ?? 0;
  }

  /** The image whose `file_name` is `name` (as written, or its last path segment). */
  imageByFile(name: string): CocoIndexImage | undefined {
    if (!this.byFile) {
      this.byFile = new Map();
      for (const im of this.images) {
        if (im.fileName === undefined) continue;
        if (!this.byFile.has(im.fileName)) this.byFile.set(im.fileName, im);
        const base = im.fileName.split(/[\\/]/).pop()!;
        if (!this.byFile.has(base)) this.byFile.set(base, im);
      }
    }
    return this.byFile.get(name) ?? this.byFile.get(name.split(/[\\/]/).pop()!);
  }

  /** The annotations of image `imageId`, parsed from their slices, in file order. */
  annotationsOf(imageId: number): CocoIndexAnnotation[] {
    return (this.byImage.get(imageId) ?? []).map((i) => ({ index: i, start: this.starts[i], end: this.ends[i], value: JSON.parse(this.text.slice(this.starts[i], this.ends[i])) as Json }));
  }

  /** The drawable shapes of image `imageId` (boxes and polygons; labels from the categories). */
  shapesOf(imageId: number): Shape[] {
    const out: Shape[] = [];
    for (const a of this.annotationsOf(imageId)) {
      const c = isCocoId(a.value.category_id) ? this.categories.get(a.value.category_id) : undefined;
      out.push(...cocoShapes(a.value, a.index, c?.name ?? String(a.value.category_id)));
    }
    return out;
  }
}

/**
 * Indexes a COCO ground-truth file's text. Throws SyntaxError when the text is not one JSON object
 * (a results list, broken JSON: those go through the ordinary parse and its diagnostics).
 */
export function indexCocoText(text: string): CocoIndex {
  const t = text;
  const root = skipSpace(t, t.charCodeAt(0) === 0xfeff ? 1 : 0);
  const ranges = new Map<string, [number, number]>();
  const starts: number[] = [];
  const ends: number[] = [];
  const imageIds: (number | undefined)[] = [];
  forEachKey(t, root, (key, at) => {
    if (key !== 'annotations' || t.charCodeAt(at) !== LBRACKET) {
      const end = skipValue(t, at);
      ranges.set(key, [at, end]);
      return end;
    }
    let i = skipSpace(t, at + 1);
    if (t.charCodeAt(i) === RBRACKET) return i + 1;
    for (;;) {
      const start = i;
      let imageId: number | undefined;
      if (t.charCodeAt(i) === LBRACE) {
        i = forEachKey(t, i, (k, v) => {
          if (k !== 'image_id') return;
          const end = skipValue(t, v);
          const n = Number(t.slice(v, end));
          if (Number.isInteger(n)) imageId = n;
          return end;
        });
      } else i = skipValue(t, i);
      starts.push(start);
      ends.push(i);
      imageIds.push(imageId);
      i = skipSpace(t, i);
      const c = t.charCodeAt(i);
      if (c === COMMA) i = skipSpace(t, i + 1);
      else if (c === RBRACKET) return i + 1;
      else throw new SyntaxError(`expected ',' or ']' at ${i}`);
    }
  });
  const parseList = (key: string): unknown[] => {
    const r = ranges.get(key);
    if (!r) return [];
    const v: unknown = JSON.parse(t.slice(r[0], r[1]));
    return Array.isArray(v) ? v : [];
  };
  const images: CocoIndexImage[] = [];
  parseList('images').forEach((entry, index) => {
    if (!isObject(entry) || !isCocoId(entry.id)) return;
    images.push({
      index,
      id: entry.id,
      fileName: typeof entry.file_name === 'string' ? entry.file_name : undefined,
      width: isNumber(entry.width) ? entry.width : undefined,
      height: isNumber(entry.height) ? entry.height : undefined,
      value: entry,
    });
  });
  const categories = parseList('categories');
  return new CocoIndex(t, images, categoriesById(categories), starts, ends, imageIds, categories);
}

/** Reads and indexes a COCO file from disk (up to V8's string limit, ~512 MB). */
export async function readCocoIndex(file: string): Promise<CocoIndex> {
  return indexCocoText(await fs.promises.readFile(file, 'utf8'));
}
