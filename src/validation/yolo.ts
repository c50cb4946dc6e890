// YOLO (Ultralytics / Darknet) label files, checked line by line, and the class lists they refer
// to (`data.yaml`, `classes.txt`, `obj.names`). Pure: no disk, no vscode. The disk side (finding the
// class list and the image) is yoloFiles.ts.
import * as l10n from '@vscode/l10n';
import { parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import type { Problem } from './problems';
import { capProblems, problemAt, sortProblems } from './problemRanges';

/** The classes a label file's ids refer to, from a dataset config or a names file. */
export interface YoloClasses {
  /** id → name; undefined when the config gives only `nc` */
  names?: Map<number, string>;
  nc?: number;
  /** `kpt_shape: [keypoints, values per keypoint]` of a pose dataset */
  kptShape?: [number, number];
  /** the file the classes come from, for messages */
  source?: string;
}

export interface YoloImage {
  width: number;
  height: number;
  /** the image's file name, for messages */
  name: string;
}

export interface YoloContext {
  classes?: YoloClasses;
  image?: YoloImage;
}

/**
 * Ultralytics accepts coordinates up to 1% outside [0, 1] (objects cut at the image border, rounding);
 * so do we.
 */
export const COORDINATE_SLACK = 0.01;

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

interface Token {
  text: string;
  start: number;
  end: number;
}

interface Line {
  number: number;
  start: number;
  /** end of the content (before CR LF) */
  end: number;
  tokens: Token[];
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let number = 1;
  while (start <= text.length) {
    let lf = text.indexOf('\n', start);
    if (lf === -1) lf = text.length;
    let end = lf;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    const tokens: Token[] = [];
    const content = text.slice(start, end);
    for (const m of content.matchAll(/\S+/g)) tokens.push({ text: m[0], start: start + m.index, end: start + m.index + m[0].length });
    lines.push({ number, start, end, tokens });
    if (lf === text.length) break;
    start = lf + 1;
    number++;
  }
  return lines;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}

type Kind = 'box' | 'polygon' | 'pose';

/** yolo-mixed-lines: line {0} is of `kind` in a file of mostly `main`. */
const MIXED: Record<Kind, Record<Kind, (line: number) => string>> = {
  box: {
    box: () => '',
    polygon: (n) => l10n.t('Line {0} is a box (detection) in a file of polygons: a dataset is either detection or segmentation (Ultralytics keeps only the boxes of a mixed file).', n),
    pose: (n) => l10n.t('Line {0} is a box (detection) in a file of pose lines: a dataset is either detection or segmentation (Ultralytics keeps only the boxes of a mixed file).', n),
  },
  polygon: {
    box: (n) => l10n.t('Line {0} is a polygon (segmentation) in a file of boxes: a dataset is either detection or segmentation (Ultralytics keeps only the boxes of a mixed file).', n),
    polygon: () => '',
    pose: (n) => l10n.t('Line {0} is a polygon (segmentation) in a file of pose lines: a dataset is either detection or segmentation (Ultralytics keeps only the boxes of a mixed file).', n),
  },
  pose: {
    box: (n) => l10n.t('Line {0} is a pose (box and keypoints) in a file of boxes: a dataset is either detection or segmentation (Ultralytics keeps only the boxes of a mixed file).', n),
    polygon: (n) => l10n.t('Line {0} is a pose (box and keypoints) in a file of polygons: a dataset is either detection or segmentation (Ultralytics keeps only the boxes of a mixed file).', n),
    pose: () => '',
  },
};

/** yolo-column-count for a line of `columns` values that is none of the shapes. */
function columnCountMessage(line: number, columns: number, poseColumns: number | undefined): string {
  if (poseColumns !== undefined) {
    return columns === 1
      ? l10n.t('Line {0}: {1} value; expected 5 for a box (class cx cy w h), {2} for a pose line or 7 or more for a polygon (class x1 y1 x2 y2 x3 y3 …).', line, columns, poseColumns)
      : l10n.t('Line {0}: {1} values; expected 5 for a box (class cx cy w h), {2} for a pose line or 7 or more for a polygon (class x1 y1 x2 y2 x3 y3 …).', line, columns, poseColumns);
  }
  return columns === 1
    ? l10n.t('Line {0}: {1} value; expected 5 for a box (class cx cy w h) or 7 or more for a polygon (class x1 y1 x2 y2 x3 y3 …).', line, columns)
    : l10n.t('Line {0}: {1} values; expected 5 for a box (class cx cy w h) or 7 or more for a polygon (class x1 y1 x2 y2 x3 y3 …).', line, columns);
}

/** Checks a YOLO label file: one object a line, `class cx cy w h` or `class x1 y1 x2 y2 …`. */
export function checkYoloLabels(text: string, context: YoloContext = {}): Problem[] {
  const problems: Problem[] = [];
  const { classes, image } = context;
  const kpt = classes?.kptShape;
  const poseColumns = kpt ? 5 + kpt[0] * kpt[1] : undefined;
  const seen = new Map<string, Line>();
  const kinds: { kind: Kind; line: Line }[] = [];
  const short: Line[] = [];

  for (const line of splitLines(text)) {
    const tokens = line.tokens;
    if (tokens.length === 0) continue;
    // Non-numbers first: nothing else can be said about a line with one.
    const bad = tokens.filter((t) => !NUMBER.test(t.text));
    if (bad.length > 0) {
      for (const t of bad) problems.push(problemAt(t.start, t.end, { severity: 'error', code: 'yolo-not-a-number', message: l10n.t('Line {0}: "{1}" is not a number; YOLO label lines hold only numbers (class, then normalized coordinates).', line.number, t.text) }));
      continue;
    }
    const values = tokens.map((t) => Number(t.text));
    const lineEnd = tokens[tokens.length - 1].end;
    const lineStart = tokens[0].start;

    // Class id.
    const id = values[0];
    const idToken = tokens[0];
    if (!Number.isInteger(id) || id < 0) {
      problems.push(problemAt(idToken.start, idToken.end, { severity: 'error', code: 'yolo-invalid-class-id', message: l10n.t('Line {0}: the class id "{1}" must be a whole number 0 or more.', line.number, idToken.text) }));
    } else if (classes && tokens.length >= 5) {
      // (A line of the wrong shape gets one diagnostic: its shape.)
      const from = classes.source ? ` (${classes.source})` : '';
      if (classes.nc !== undefined && id >= classes.nc) {
        problems.push(problemAt(idToken.start, idToken.end, { severity: 'error', code: 'yolo-unknown-class', message: l10n.t('Line {0}: class {1} is not one of the {2} classes (ids 0–{3}, nc: {2}{4}).', line.number, id, classes.nc, classes.nc - 1, from) }));
      } else if (classes.names && !classes.names.has(id)) {
        const count = classes.names.size;
        const ids = count > 0 ? ' ' + l10n.t('(ids {0})', [...classes.names.keys()].sort((a, b) => a - b).slice(0, 3).join(', ') + (count > 3 ? ', …' : '')) : '';
        problems.push(problemAt(idToken.start, idToken.end, { severity: 'error', code: 'yolo-unknown-class', message: (count === 1 ? l10n.t('Line {0}: class {1} has no name{2}: {3} name is defined{4}.', line.number, id, from, count, ids) : l10n.t('Line {0}: class {1} has no name{2}: {3} names are defined{4}.', line.number, id, from, count, ids)) }));
      }
    }

    // Columns: a box has 5, a polygon 1 + an even count of at least 6, a pose line 5 + k × d.
    const columns = tokens.length;
    let kind: Kind | undefined;
    if (poseColumns !== undefined && columns === poseColumns) kind = 'pose';
    else if (columns === 5) kind = 'box';
    else if (columns > 5 && (columns - 1) % 2 === 1) {
      problems.push(problemAt(tokens[1].start, lineEnd, { severity: 'error', code: 'yolo-odd-coordinates', message: l10n.t('Line {0}: {1} coordinates after the class, an odd count: a polygon needs x y pairs.', line.number, columns - 1) + (poseColumns !== undefined ? ' ' + l10n.t('(Pose lines of this dataset have {0} values: kpt_shape [{1}, {2}].)', poseColumns, kpt![0], kpt![1]) : '') }));
    } else if (columns > 5) kind = 'polygon';
    else if (columns === 3) {
      // One point: too few for a polygon in a segmentation file, else a line that is no box.
      short.push(line);
    } else {
      problems.push(problemAt(lineStart, lineEnd, { severity: 'error', code: 'yolo-column-count', message: columnCountMessage(line.number, columns, poseColumns) }));
    }
    if (poseColumns !== undefined && kind !== undefined && kind !== 'pose') {
      problems.push(problemAt(lineStart, lineEnd, { severity: 'error', code: 'yolo-column-count', message: l10n.t('Line {0}: {1} values, but this pose dataset (kpt_shape [{2}, {3}]) has {4} a line: class, box and {2} keypoints of {3} values.', line.number, columns, kpt![0], kpt![1], poseColumns!) }));
      kind = undefined;
    }
    if (!kind) continue;
    kinds.push({ kind, line });

    // Coordinates in [0, 1].
    const isCoordinate = (i: number): boolean => kind !== 'pose' || i <= 4 || kpt![1] !== 3 || (i - 5) % 3 !== 2;
    const strict = kind === 'box' || kind === 'pose';
    let outside = false;
    for (let i = 1; i < values.length; i++) {
      if (!isCoordinate(i)) continue;
      const v = values[i];
      // A box's width or height of 0 or less is yolo-box-size, not also out of range.
      if (strict && (i === 3 || i === 4) && v <= 0) continue;
      if (v >= -COORDINATE_SLACK && v <= 1 + COORDINATE_SLACK) continue;
      outside = true;
      const t = tokens[i];
      const isX = (kind === 'pose' && i > 4 ? (i - 5) % kpt![1] === 0 : i % 2 === 1);
      let hint: string;
      if (v < 2) {
        hint = ' ' + l10n.t('(An object cut at the image border? Clip it to the border.)');
      } else if (image) {
        const size = isX ? image.width : image.height;
        hint = ' ' + l10n.t('It looks like a pixel coordinate: {0} is {1}×{2}, so normalized it would be {3}.', image.name, image.width, image.height, fmt(v / size));
      } else {
        hint = ' ' + l10n.t('Pixel coordinates written by mistake? Divide by the image width (x) or height (y).');
      }
      problems.push(problemAt(t.start, t.end, {
        severity: strict ? 'error' : 'warning',
        code: 'yolo-coordinate-out-of-range',
        message: l10n.t('Line {0}: {1} is outside [0, 1]; YOLO coordinates are fractions of the image size.', line.number, t.text) + hint,
      }));
    }

    if (kind === 'box' || kind === 'pose') {
      const [, cx, cy, w, h] = values;
      for (const [i, v, name] of [[3, w, 'width'], [4, h, 'height']] as const) {
        if (v <= 0) problems.push(problemAt(tokens[i].start, tokens[i].end, { severity: 'error', code: 'yolo-box-size', message: l10n.t('Line {0}: the box {1} is {2}; it must be more than 0.', line.number, name, tokens[i].text) }));
      }
      if (!outside && w > 0 && h > 0) {
        const left = cx - w / 2;
        const right = cx + w / 2;
        const top = cy - h / 2;
        const bottom = cy + h / 2;
        if (left < -COORDINATE_SLACK || top < -COORDINATE_SLACK || right > 1 + COORDINATE_SLACK || bottom > 1 + COORDINATE_SLACK) {
          const px = image ? ' ' + l10n.t('(in {0}, {1}×{2}: x {3}–{4}, y {5}–{6} px)', image.name, image.width, image.height, fmt(left * image.width), fmt(right * image.width), fmt(top * image.height), fmt(bottom * image.height)) : '';
          problems.push(problemAt(tokens[1].start, tokens[4].end, { severity: 'warning', code: 'yolo-box-outside-image', message: l10n.t('Line {0}: the box reaches outside the image: x {1}–{2}, y {3}–{4}{5}. cx, cy is its center, w, h its full size.', line.number, fmt(left), fmt(right), fmt(top), fmt(bottom), px) }));
        }
      }
    }

    // Duplicates: the same numbers (Ultralytics drops them with a warning).
    const key = values.join(' ');
    const first = seen.get(key);
    if (first) {
      problems.push({ start: lineStart, end: lineEnd, severity: 'warning', code: 'yolo-duplicate-line', message: l10n.t('Line {0} repeats line {1}; the object is counted twice (Ultralytics drops the copy).', line.number, first.number), related: { start: first.tokens[0].start, end: first.tokens[first.tokens.length - 1].end, message: l10n.t('first occurrence') } });
    } else {
      seen.set(key, line);
    }
  }

  // Detection and segmentation lines mixed: Ultralytics then uses the boxes only.
  const counts = new Map<Kind, number>();
  for (const k of kinds) counts.set(k.kind, (counts.get(k.kind) ?? 0) + 1);
  const main = [...counts.entries()].sort((a, b) => b[1] - a[1] || kinds.findIndex((k) => k.kind === a[0]) - kinds.findIndex((k) => k.kind === b[0]))[0]?.[0];
  for (const line of short) {
    const [start, end] = [line.tokens[0].start, line.tokens[2].end];
    if (main === 'polygon') problems.push(problemAt(start, end, { severity: 'error', code: 'yolo-polygon-too-few-points', message: l10n.t('Line {0}: one point is too few: a polygon needs at least 3 points (class x1 y1 x2 y2 x3 y3).', line.number) }));
    else problems.push(problemAt(start, end, { severity: 'error', code: 'yolo-column-count', message: columnCountMessage(line.number, 3, poseColumns) }));
  }
  if (kinds.length > 1) {
    if (counts.size > 1) {
      for (const { kind, line } of kinds) {
        if (kind === main) continue;
        problems.push(problemAt(line.tokens[0].start, line.tokens[line.tokens.length - 1].end, { severity: 'warning', code: 'yolo-mixed-lines', message: MIXED[kind][main!](line.number) }));
      }
    }
  }
  return capProblems(sortProblems(problems));
}

/** `classes.txt` / `obj.names`: one name a line; blank lines at the end do not count. */
export function parseNamesFile(text: string, source?: string): YoloClasses {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const names = new Map<number, string>();
  lines.forEach((name, i) => names.set(i, name));
  return { names, source };
}

export interface DataYaml {
  classes?: YoloClasses;
  /** `path`, `train`, `val`, `test` as written (a split may be a list) */
  paths: { key: string; value: string; start: number; end: number }[];
  problems: Problem[];
}

function nodeRange(node: Node | null | undefined): [number, number] {
  const r = node?.range;
  return r ? [r[0], Math.max(r[1], r[0] + 1)] : [0, 1];
}

/**
 * A dataset config (Ultralytics `data.yaml`): `names` as a list or an id → name map, `nc`,
 * `kpt_shape`, the split paths. Its own problems: YAML errors, `nc` ≠ the number of names, gaps in a
 * names map.
 */
export function parseDataYaml(text: string, source?: string): DataYaml {
  const problems: Problem[] = [];
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  for (const e of doc.errors) {
    const [start, end] = e.pos;
    problems.push(problemAt(start, end, { severity: 'error', code: 'yolo-config-invalid', message: l10n.t('Not valid YAML: {0}', e.message.split('\n')[0]) }));
  }
  const out: DataYaml = { paths: [], problems };
  const root = doc.contents;
  if (!isMap(root)) return out;
  const get = (key: string): { key: Node; value: Node | null } | undefined => {
    for (const pair of root.items) {
      if (isScalar(pair.key) && String(pair.key.value) === key) return { key: pair.key as Node, value: (pair.value ?? null) as Node | null };
    }
    return undefined;
  };
  const classes: YoloClasses = { source };
  const names = get('names');
  let namesCount: number | undefined;
  if (names && isSeq(names.value)) {
    classes.names = new Map(names.value.items.map((item, i) => [i, String(isScalar(item) ? item.value : item)]));
    namesCount = classes.names.size;
  } else if (names && isMap(names.value)) {
    classes.names = new Map();
    const ids: { id: number; node: Node }[] = [];
    for (const pair of names.value.items) {
      const id = Number(isScalar(pair.key) ? pair.key.value : NaN);
      if (!Number.isInteger(id) || id < 0) {
        const [s, e] = nodeRange(pair.key as Node);
        problems.push(problemAt(s, e, { severity: 'error', code: 'yolo-names-gap', message: l10n.t("The names map's keys must be class ids 0, 1, 2, …; \"{0}\" is not one.", String(isScalar(pair.key) ? pair.key.value : pair.key)) }));
        continue;
      }
      classes.names.set(id, String(isScalar(pair.value) ? pair.value.value : pair.value));
      ids.push({ id, node: pair.key as Node });
    }
    namesCount = classes.names.size;
    const missing: number[] = [];
    const max = ids.reduce((m, i) => Math.max(m, i.id), -1);
    for (let i = 0; i <= max && missing.length < 11; i++) if (!classes.names.has(i)) missing.push(i);
    if (missing.length > 0) {
      const [s, e] = nodeRange(names.key);
      problems.push(problemAt(s, e, { severity: 'error', code: 'yolo-names-gap', message: missing.length === 1 ? l10n.t('The names map skips class id {0}: ids must run 0 to {1} without gaps (Ultralytics refuses the dataset).', missing[0], max) : l10n.t('The names map skips class ids {0}: ids must run 0 to {1} without gaps (Ultralytics refuses the dataset).', missing.slice(0, 10).join(', ') + (missing.length > 10 ? ', …' : ''), max) }));
    }
  }
  const nc = get('nc');
  if (nc && isScalar(nc.value) && typeof nc.value.value === 'number') {
    classes.nc = nc.value.value;
    if (namesCount !== undefined && namesCount !== classes.nc) {
      const [s, e] = nodeRange(nc.value);
      problems.push(problemAt(s, e, { severity: 'error', code: 'yolo-nc-mismatch', message: namesCount === 1 ? l10n.t('nc is {0}, but names lists {1} class; Ultralytics stops on this.', classes.nc, namesCount) : l10n.t('nc is {0}, but names lists {1} classes; Ultralytics stops on this.', classes.nc, namesCount) }));
    }
  }
  const kpt = get('kpt_shape');
  if (kpt && isSeq(kpt.value)) {
    const [k, d] = kpt.value.items.map((i) => (isScalar(i) ? Number(i.value) : NaN));
    if (Number.isInteger(k) && k > 0 && (d === 2 || d === 3)) classes.kptShape = [k, d];
  }
  for (const key of ['path', 'train', 'val', 'test']) {
    const entry = get(key);
    const items = entry ? (isSeq(entry.value) ? entry.value.items : [entry.value]) : [];
    for (const item of items) {
      if (isScalar(item) && typeof item.value === 'string' && item.value !== '') {
        const [start, end] = nodeRange(item as Node);
        out.paths.push({ key, value: item.value, start, end });
      }
    }
  }
  if (classes.names || classes.nc !== undefined || classes.kptShape) out.classes = classes;
  return out;
}
