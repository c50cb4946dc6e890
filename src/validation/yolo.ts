// YOLO (Ultralytics / Darknet) label files, checked line by line, and the class lists they refer
// to (`data.yaml`, `classes.txt`, `obj.names`). Pure: no disk, no vscode. The disk side (finding the
// class list and the image) is yoloFiles.ts.
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

const KIND_WORDS: Record<Kind, string> = { box: 'a box (detection)', polygon: 'a polygon (segmentation)', pose: 'a pose (box and keypoints)' };

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
      for (const t of bad) problems.push(problemAt(t.start, t.end, { severity: 'error', code: 'yolo-not-a-number', message: `Line ${line.number}: "${t.text}" is not a number; YOLO label lines hold only numbers (class, then normalized coordinates).` }));
      continue;
    }
    const values = tokens.map((t) => Number(t.text));
    const lineEnd = tokens[tokens.length - 1].end;
    const lineStart = tokens[0].start;

    // Class id.
    const id = values[0];
    const idToken = tokens[0];
    if (!Number.isInteger(id) || id < 0) {
      problems.push(problemAt(idToken.start, idToken.end, { severity: 'error', code: 'yolo-invalid-class-id', message: `Line ${line.number}: the class id "${idToken.text}" must be a whole number 0 or more.` }));
    } else if (classes && tokens.length >= 5) {
      // (A line of the wrong shape gets one diagnostic: its shape.)
      const from = classes.source ? ` (${classes.source})` : '';
      if (classes.nc !== undefined && id >= classes.nc) {
        problems.push(problemAt(idToken.start, idToken.end, { severity: 'error', code: 'yolo-unknown-class', message: `Line ${line.number}: class ${id} is not one of the ${classes.nc} classes (ids 0–${classes.nc - 1}, nc: ${classes.nc}${from}).` }));
      } else if (classes.names && !classes.names.has(id)) {
        const count = classes.names.size;
        problems.push(problemAt(idToken.start, idToken.end, { severity: 'error', code: 'yolo-unknown-class', message: `Line ${line.number}: class ${id} has no name${from}: ${count} name${count === 1 ? ' is' : 's are'} defined${count > 0 ? ` (ids ${[...classes.names.keys()].sort((a, b) => a - b).slice(0, 3).join(', ')}${count > 3 ? ', …' : ''})` : ''}.` }));
      }
    }

    // Columns: a box has 5, a polygon 1 + an even count of at least 6, a pose line 5 + k × d.
    const columns = tokens.length;
    let kind: Kind | undefined;
    if (poseColumns !== undefined && columns === poseColumns) kind = 'pose';
    else if (columns === 5) kind = 'box';
    else if (columns > 5 && (columns - 1) % 2 === 1) {
      problems.push(problemAt(tokens[1].start, lineEnd, { severity: 'error', code: 'yolo-odd-coordinates', message: `Line ${line.number}: ${columns - 1} coordinates after the class, an odd count: a polygon needs x y pairs.${poseColumns !== undefined ? ` (Pose lines of this dataset have ${poseColumns} values: kpt_shape [${kpt![0]}, ${kpt![1]}].)` : ''}` }));
    } else if (columns > 5) kind = 'polygon';
    else if (columns === 3) {
      // One point: too few for a polygon in a segmentation file, else a line that is no box.
      short.push(line);
    } else {
      problems.push(problemAt(lineStart, lineEnd, { severity: 'error', code: 'yolo-column-count', message: `Line ${line.number}: ${columns} value${columns === 1 ? '' : 's'}; expected 5 for a box (class cx cy w h)${poseColumns !== undefined ? `, ${poseColumns} for a pose line` : ''} or 7 or more for a polygon (class x1 y1 x2 y2 x3 y3 …).` }));
    }
    if (poseColumns !== undefined && kind !== undefined && kind !== 'pose') {
      problems.push(problemAt(lineStart, lineEnd, { severity: 'error', code: 'yolo-column-count', message: `Line ${line.number}: ${columns} values, but this pose dataset (kpt_shape [${kpt![0]}, ${kpt![1]}]) has ${poseColumns} a line: class, box and ${kpt![0]} keypoints of ${kpt![1]} values.` }));
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
        hint = ' (An object cut at the image border? Clip it to the border.)';
      } else if (image) {
        const size = isX ? image.width : image.height;
        hint = ` It looks like a pixel coordinate: ${image.name} is ${image.width}×${image.height}, so normalized it would be ${fmt(v / size)}.`;
      } else {
        hint = ' Pixel coordinates written by mistake? Divide by the image width (x) or height (y).';
      }
      problems.push(problemAt(t.start, t.end, {
        severity: strict ? 'error' : 'warning',
        code: 'yolo-coordinate-out-of-range',
        message: `Line ${line.number}: ${t.text} is outside [0, 1]; YOLO coordinates are fractions of the image size.${hint}`,
      }));
    }

    if (kind === 'box' || kind === 'pose') {
      const [, cx, cy, w, h] = values;
      for (const [i, v, name] of [[3, w, 'width'], [4, h, 'height']] as const) {
        if (v <= 0) problems.push(problemAt(tokens[i].start, tokens[i].end, { severity: 'error', code: 'yolo-box-size', message: `Line ${line.number}: the box ${name} is ${tokens[i].text}; it must be more than 0.` }));
      }
      if (!outside && w > 0 && h > 0) {
        const left = cx - w / 2;
        const right = cx + w / 2;
        const top = cy - h / 2;
        const bottom = cy + h / 2;
        if (left < -COORDINATE_SLACK || top < -COORDINATE_SLACK || right > 1 + COORDINATE_SLACK || bottom > 1 + COORDINATE_SLACK) {
          const px = image ? ` (in ${image.name}, ${image.width}×${image.height}: x ${fmt(left * image.width)}–${fmt(right * image.width)}, y ${fmt(top * image.height)}–${fmt(bottom * image.height)} px)` : '';
          problems.push(problemAt(tokens[1].start, tokens[4].end, { severity: 'warning', code: 'yolo-box-outside-image', message: `Line ${line.number}: the box reaches outside the image: x ${fmt(left)}–${fmt(right)}, y ${fmt(top)}–${fmt(bottom)}${px}. cx, cy is its center, w, h its full size.` }));
        }
      }
    }

    // Duplicates: the same numbers (Ultralytics drops them with a warning).
    const key = values.join(' ');
    const first = seen.get(key);
    if (first) {
      problems.push({ start: lineStart, end: lineEnd, severity: 'warning', code: 'yolo-duplicate-line', message: `Line ${line.number} repeats line ${first.number}; the object is counted twice (Ultralytics drops the copy).`, related: { start: first.tokens[0].start, end: first.tokens[first.tokens.length - 1].end, message: 'first occurrence' } });
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
    if (main === 'polygon') problems.push(problemAt(start, end, { severity: 'error', code: 'yolo-polygon-too-few-points', message: `Line ${line.number}: one point is too few: a polygon needs at least 3 points (class x1 y1 x2 y2 x3 y3).` }));
    else problems.push(problemAt(start, end, { severity: 'error', code: 'yolo-column-count', message: `Line ${line.number}: 3 values; expected 5 for a box (class cx cy w h)${poseColumns !== undefined ? `, ${poseColumns} for a pose line` : ''} or 7 or more for a polygon (class x1 y1 x2 y2 x3 y3 …).` }));
  }
  if (kinds.length > 1) {
    if (counts.size > 1) {
      for (const { kind, line } of kinds) {
        if (kind === main) continue;
        problems.push(problemAt(line.tokens[0].start, line.tokens[line.tokens.length - 1].end, { severity: 'warning', code: 'yolo-mixed-lines', message: `Line ${line.number} is ${KIND_WORDS[kind]} in a file of ${main === 'box' ? 'boxes' : main === 'polygon' ? 'polygons' : 'pose lines'}: a dataset is either detection or segmentation (Ultralytics keeps only the boxes of a mixed file).` }));
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
    problems.push(problemAt(start, end, { severity: 'error', code: 'yolo-config-invalid', message: `Not valid YAML: ${e.message.split('\n')[0]}` }));
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
        problems.push(problemAt(s, e, { severity: 'error', code: 'yolo-names-gap', message: `The names map's keys must be class ids 0, 1, 2, …; "${String(isScalar(pair.key) ? pair.key.value : pair.key)}" is not one.` }));
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
      problems.push(problemAt(s, e, { severity: 'error', code: 'yolo-names-gap', message: `The names map skips class id${missing.length === 1 ? '' : 's'} ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}: ids must run 0 to ${max} without gaps (Ultralytics refuses the dataset).` }));
    }
  }
  const nc = get('nc');
  if (nc && isScalar(nc.value) && typeof nc.value.value === 'number') {
    classes.nc = nc.value.value;
    if (namesCount !== undefined && namesCount !== classes.nc) {
      const [s, e] = nodeRange(nc.value);
      problems.push(problemAt(s, e, { severity: 'error', code: 'yolo-nc-mismatch', message: `nc is ${classes.nc}, but names lists ${namesCount} class${namesCount === 1 ? '' : 'es'}; Ultralytics stops on this.` }));
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
