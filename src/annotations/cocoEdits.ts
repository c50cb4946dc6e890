// Shape edits written back into a COCO file's text (ground truth: `images`, `annotations`,
// `categories`): a box's `bbox` (and its `area` when that was the box's), a polygon of a
// segmentation, a new annotation, a deleted, relabelled or duplicated one. Numbers are replaced in
// place where their count stays; anything new is written in the layout of the file's own
// annotations (one line or pretty-printed, its indentation, separators and line ends). RLE masks
// are not edited. Pure (no `vscode`): the preview's host applies the replacements as one WorkspaceEdit.
import * as l10n from '@vscode/l10n';
import { parse as parseJsonc, parseTree, type Node } from 'jsonc-parser';
import { locatePaths, type JsonPath } from '../core/jsonScan';
import { isObject } from '../core/json';
import { cocoBbox, isCocoId, polygonsArea, polygonsExtent, readSegmentation } from './coco';
import { boxEdit, formatNumber, isWhole, type BoxEditOptions, type BoxEditResult, type Replacement } from './edits';
import type { EditWriter } from './editOps';

type Span = { start: number; end: number };

const fail = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

const decimalPlaces = (token: string): number => {
  const m = /\.(\d+)/.exec(token);
  return m && !/[eE]/.test(token) ? m[1].length : 0;
};

/** Integers stay integers (a value within 1e-9 of one), else at most `decimals` places. */
const writeNumber = (value: number, decimals: number): string => formatNumber(value, isWhole(value), Math.max(1, decimals));

/** The annotation object's tree (offsets relative to its own text) and that text. */
function annotationTree(text: string, span: Span): { node: Node; slice: string } | { problem: string } {
  if (span.start < 0 || span.end > text.length || span.start >= span.end) return { problem: l10n.t('The annotation is not in the text.') };
  const slice = text.slice(span.start, span.end);
  const node = parseTree(slice, [], { allowTrailingComma: false, disallowComments: false });
  if (!node || node.type !== 'object') return { problem: l10n.t('The annotation is not a JSON object.') };
  return { node, slice };
}

const propertyOf = (object: Node, key: string): Node | undefined => object.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === key)?.children?.[1];

/** Replacements that set the numbers of an array node (offsets relative to `base`) to `values`, same count: only changed ones. */
function numbersInPlace(base: number, array: Node, values: readonly number[], decimals: number): Replacement[] {
  const out: Replacement[] = [];
  array.children?.forEach((node, i) => {
    const written = writeNumber(values[i], decimals);
    if (node.type === 'number' && Number(written) === node.value) return;
    out.push({ start: base + node.offset, end: base + node.offset + node.length, text: written });
  });
  return out;
}

/** Indentation (spaces and tabs) of the line `offset` is on, up to the first other character. */
function indentAt(text: string, offset: number): string {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

const eolOf = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');

/** An array of numbers written like `old` (the array node in `slice`): one line with its separator, or one number a line with its indentation. */
function arrayLike(slice: string, old: Node, numbers: readonly string[]): string {
  const oldText = slice.slice(old.offset, old.offset + old.length);
  const items = old.children ?? [];
  if (oldText.includes('\n') && items.length > 0) {
    const eol = eolOf(oldText);
    const indent = indentAt(slice, items[0].offset);
    const close = indentAt(slice, old.offset + old.length - 1);
    return `[${eol}${numbers.map((n) => indent + n).join(`,${eol}`)}${eol}${close}]`;
  }
  const sep = items.length >= 2 ? slice.slice(items[0].offset + items[0].length, items[1].offset) : ', ';
  return `[${numbers.join(sep)}]`;
}

/** The decimals the numbers of an array node are written with (at least 1 for new non-integers). */
const arrayDecimals = (slice: string, array: Node | undefined): number => Math.max(1, ...(array?.children ?? []).map((c) => decimalPlaces(slice.slice(c.offset, c.offset + c.length))));

/** The area is the box's (w × h) as written: within what its own rounding allows. */
function isBoxArea(area: number, token: string, w: number, h: number): boolean {
  const tolerance = Math.max(1e-6, 0.5 * 10 ** -decimalPlaces(token), Math.abs(w * h) * 1e-6);
  return Math.abs(area - w * h) <= tolerance;
}

/**
 * A COCO annotation's box set to `box`: its `bbox` numbers in place (edits.ts's boxEdit), and its
 * `area` when the annotation has no segmentation and its area was the box's (w × h): then the area
 * is the new box's. With a segmentation (polygons or an RLE mask) the area is the mask's, which a
 * box edit does not change, so it is left as written. An area that was something else (a count of
 * its own) is left too.
 */
export function cocoBoxEdit(text: string, range: Span, box: readonly [number, number, number, number], options: BoxEditOptions): BoxEditResult {
  const result = boxEdit(text, range, box, options);
  if (!result.ok) return result;
  const tree = annotationTree(text, range);
  if ('problem' in tree) return result;
  const { node, slice } = tree;
  const seg = readSegmentation(valueOf(propertyOf(node, 'segmentation')));
  const areaNode = propertyOf(node, 'area');
  const old = cocoBbox(valueOf(propertyOf(node, 'bbox')));
  if (seg.kind !== 'none' || !areaNode || areaNode.type !== 'number' || !old) return result;
  const token = slice.slice(areaNode.offset, areaNode.offset + areaNode.length);
  if (!isBoxArea(areaNode.value as number, token, old.w, old.h)) return result;
  const written = writeNumber(box[2] * box[3], Math.max(decimalPlaces(token), 2));
  if (Number(written) === areaNode.value) return result;
  return { ok: true, replacements: [...result.replacements, { start: range.start + areaNode.offset, end: range.start + areaNode.offset + areaNode.length, text: written }] };
}

/** The plain value of a node (undefined when absent). */
function valueOf(node: Node | undefined): unknown {
  if (!node) return undefined;
  if (node.type === 'array') return (node.children ?? []).map(valueOf);
  if (node.type === 'object') {
    const out: Record<string, unknown> = {};
    for (const p of node.children ?? []) if (p.children?.[0]) out[String(p.children[0].value)] = valueOf(p.children[1]);
    return out;
  }
  return node.value;
}

const rleRefusal = (): { ok: false; problem: string } => fail(l10n.t('The annotation\'s segmentation is a run-length (RLE) mask, which the preview does not edit. Edit its box, or change the mask with a tool that paints masks.'));

/** `points`: one polygon of the segmentation (`part`) replaced; the bbox and area follow when they were the polygons'. */
export const cocoPointsWriter: EditWriter<'points'> = (context, edit) => {
  if (!context.annotation) return fail(l10n.t('The annotation is not in the text.'));
  const tree = annotationTree(context.text, context.annotation);
  if ('problem' in tree) return fail(tree.problem);
  const { node, slice } = tree;
  const base = context.annotation.start;
  const segNode = propertyOf(node, 'segmentation');
  const seg = readSegmentation(valueOf(segNode));
  if (seg.kind === 'rle') return rleRefusal();
  if (!segNode || (seg.kind !== 'polygons' && seg.kind !== 'flat')) return fail(l10n.t('The annotation has no polygon in its "segmentation" to change.'));
  const polygons = seg.kind === 'polygons' ? seg.polygons : [seg.polygon];
  // `part` counts the polygons the preview draws: those of three points or more (cocoShapes).
  const drawn = polygons.map((p, i) => (p.length >= 6 ? i : -1)).filter((i) => i >= 0);
  const part = drawn[edit.part ?? 0] ?? -1;
  const target = part < 0 ? undefined : seg.kind === 'polygons' ? segNode.children?.[part] : segNode;
  if (!target) return fail(l10n.t('The annotation has no polygon {0} in its "segmentation" (it has {1}).', String((edit.part ?? 0) + 1), String(drawn.length)));
  if (edit.points.length < 6) return fail(l10n.t('A polygon needs at least three points.'));
  const decimals = arrayDecimals(slice, target);
  const replacements: Replacement[] = target.children?.length === edit.points.length
    ? numbersInPlace(base, target, edit.points, decimals)
    : [{ start: base + target.offset, end: base + target.offset + target.length, text: arrayLike(slice, target, edit.points.map((v) => writeNumber(v, decimals))) }];
  const next = polygons.map((p, i) => (i === part ? [...edit.points] : p));
  const real = (list: number[][]): number[][] => list.filter((p) => p.length >= 6);
  replacements.push(...followPolygons(slice, base, node, real(polygons), real(next)));
  return { ok: true, replacements };
};

/**
 * The bbox and area after the polygons changed: the bbox becomes the new polygons' extent when it
 * was the old ones' (within a pixel); the area becomes the new polygons' area when it was within
 * 10% of the old ones' (COCO's area is the mask's pixel count, a little off the polygon's area).
 * Others are left as written (a box or area of the file's own meaning).
 */
function followPolygons(slice: string, base: number, node: Node, before: readonly number[][], after: readonly number[][]): Replacement[] {
  const out: Replacement[] = [];
  const bboxNode = propertyOf(node, 'bbox');
  const bbox = cocoBbox(valueOf(bboxNode));
  const was = polygonsExtent(before);
  const now = polygonsExtent(after);
  if (bboxNode && bbox && was && now) {
    const same = Math.abs(bbox.x - was[0]) <= 1 && Math.abs(bbox.y - was[1]) <= 1 && Math.abs(bbox.x + bbox.w - was[2]) <= 1 && Math.abs(bbox.y + bbox.h - was[3]) <= 1;
    if (same) out.push(...numbersInPlace(base, bboxNode, [now[0], now[1], now[2] - now[0], now[3] - now[1]], arrayDecimals(slice, bboxNode)));
  }
  const areaNode = propertyOf(node, 'area');
  const oldArea = polygonsArea(before);
  if (areaNode?.type === 'number' && oldArea > 0 && Math.abs((areaNode.value as number) - oldArea) <= oldArea * 0.1) {
    const token = slice.slice(areaNode.offset, areaNode.offset + areaNode.length);
    const written = writeNumber(polygonsArea(after), Math.max(decimalPlaces(token), 2));
    if (Number(written) !== areaNode.value) out.push({ start: base + areaNode.offset, end: base + areaNode.offset + areaNode.length, text: written });
  }
  return out;
}

/** The file's value, read as JSON (with comments when it has them). */
function fileValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return parseJsonc(text, [], { allowTrailingComma: true });
  }
}

interface CocoFile {
  annotations: unknown[];
  categories: unknown[];
  /** the ranges of paths (valid JSON only) */
  locate(paths: JsonPath[]): Map<JsonPath, { start: number; end: number }>;
}

function readFile(text: string): CocoFile | { problem: string } {
  const value = fileValue(text);
  if (!isObject(value) || !Array.isArray(value.annotations)) return { problem: l10n.t('The file has no "annotations" list to write into (a COCO results list is not edited this way).') };
  return {
    annotations: value.annotations as unknown[],
    categories: Array.isArray(value.categories) ? (value.categories as unknown[]) : [],
    locate: (paths) => locatePaths(text, paths),
  };
}

/** The id of the category a label names: its name, or "category N" for an id without one. */
function categoryId(categories: readonly unknown[], label: string): number | { problem: string } {
  for (const c of categories) if (isObject(c) && c.name === label && isCocoId(c.id)) return c.id;
  const m = /^category (-?\d+)$/.exec(label);
  if (m && categories.some((c) => isObject(c) && c.id === Number(m[1]))) return Number(m[1]);
  return { problem: l10n.t('No category in the file\'s "categories" is named "{0}". Add the category there first (with an id and that name), then use the label.', label) };
}

/** One more than the largest annotation id of the file (1 when there is none). */
function freshId(annotations: readonly unknown[]): number {
  let most = 0;
  for (const a of annotations) if (isObject(a) && isCocoId(a.id) && a.id > most) most = a.id;
  return most + 1;
}

/** The separator a new item after `item` (a list element) takes: the comma and the whitespace before the item itself. */
function separatorBefore(text: string, item: Span): string {
  let i = item.start;
  while (i > 0 && /[ \t\r\n]/.test(text[i - 1])) i--;
  return `,${text.slice(i, item.start)}`;
}

/** `delete`: the annotation and one comma beside it (the one before it, or after it when it is the first). */
export const cocoDeleteWriter: EditWriter<'delete'> = (context) => {
  const span = context.annotation;
  if (!span) return fail(l10n.t('The annotation is not in the text.'));
  return { ok: true, replacements: [removeListItem(context.text, span)] };
};

function removeListItem(text: string, span: Span): Replacement {
  let before = span.start;
  while (before > 0 && /[ \t\r\n]/.test(text[before - 1])) before--;
  let after = span.end;
  while (after < text.length && /[ \t\r\n]/.test(text[after])) after++;
  if (text[before - 1] === ',') return { start: before - 1, end: span.end, text: '' };
  if (text[after] === ',') {
    let next = after + 1;
    while (next < text.length && /[ \t\r\n]/.test(text[next])) next++;
    return { start: span.start, end: next, text: '' };
  }
  // The only item: the list becomes [].
  return { start: before, end: after, text: '' };
}

/** `relabel`: category_id set to the id of the category named. */
export const cocoRelabelWriter: EditWriter<'relabel'> = (context, edit) => {
  if (!context.annotation) return fail(l10n.t('The annotation is not in the text.'));
  const file = readFile(context.text);
  if ('problem' in file) return fail(file.problem);
  const id = categoryId(file.categories, edit.label);
  if (typeof id !== 'number') return fail(id.problem);
  const tree = annotationTree(context.text, context.annotation);
  if ('problem' in tree) return fail(tree.problem);
  const node = propertyOf(tree.node, 'category_id');
  if (!node) return fail(l10n.t('The annotation has no "category_id" to change.'));
  if (node.value === id) return { ok: true, replacements: [] };
  const base = context.annotation.start;
  return { ok: true, replacements: [{ start: base + node.offset, end: base + node.offset + node.length, text: String(id) }] };
};

/** `duplicate`: a copy of the annotation's text (every key, its layout) after it, with a fresh id and its geometry shifted. */
export const cocoDuplicateWriter: EditWriter<'duplicate'> = (context, edit) => {
  const span = context.annotation;
  if (!span) return fail(l10n.t('The annotation is not in the text.'));
  const file = readFile(context.text);
  if ('problem' in file) return fail(file.problem);
  const tree = annotationTree(context.text, span);
  if ('problem' in tree) return fail(tree.problem);
  const { node, slice } = tree;
  const [dx, dy] = edit.offset;
  const inCopy: Replacement[] = [];
  const idNode = propertyOf(node, 'id');
  const id = freshId(file.annotations);
  if (idNode) inCopy.push({ start: idNode.offset, end: idNode.offset + idNode.length, text: String(id) });
  const shift = (array: Node | undefined, stride: number): void => {
    if (!array || array.type !== 'array') return;
    const decimals = arrayDecimals(slice, array);
    array.children?.forEach((c, i) => {
      const axis = i % stride;
      if (c.type !== 'number' || axis > 1) return;
      const d = axis === 0 ? dx : dy;
      if (d !== 0) inCopy.push({ start: c.offset, end: c.offset + c.length, text: writeNumber((c.value as number) + d, decimals) });
    });
  };
  const bbox = propertyOf(node, 'bbox');
  if (bbox?.children?.length === 4) {
    const decimals = arrayDecimals(slice, bbox);
    [dx, dy].forEach((d, i) => {
      const c = bbox.children![i];
      if (c.type === 'number' && d !== 0) inCopy.push({ start: c.offset, end: c.offset + c.length, text: writeNumber((c.value as number) + d, decimals) });
    });
  }
  const segNode = propertyOf(node, 'segmentation');
  const seg = readSegmentation(valueOf(segNode));
  if (seg.kind === 'rle' && (dx !== 0 || dy !== 0)) return rleRefusal();
  if (seg.kind === 'polygons') segNode?.children?.forEach((p) => shift(p, 2));
  else if (seg.kind === 'flat') shift(segNode, 2);
  const keypoints = propertyOf(node, 'keypoints');
  // Keypoints x, y, v: an unlabelled one (v = 0, written 0, 0) stays where it is.
  if (keypoints?.type === 'array') {
    const values = (keypoints.children ?? []).map((c) => c.value as number);
    const decimals = arrayDecimals(slice, keypoints);
    keypoints.children?.forEach((c, i) => {
      const axis = i % 3;
      const v = values[i - axis + 2];
      if (c.type !== 'number' || axis > 1 || !(v > 0)) return;
      const d = axis === 0 ? dx : dy;
      if (d !== 0) inCopy.push({ start: c.offset, end: c.offset + c.length, text: writeNumber((c.value as number) + d, decimals) });
    });
  }
  let copy = slice;
  for (const r of inCopy.sort((a, b) => b.start - a.start)) copy = copy.slice(0, r.start) + r.text + copy.slice(r.end);
  return { ok: true, replacements: [{ start: span.end, end: span.end, text: separatorBefore(context.text, span) + copy }] };
};

/** How the file writes an object like `template` (an annotation, or an image entry when there is none). */
interface ObjectStyle {
  multiline: boolean;
  eol: string;
  /** multi-line: the keys' indentation and the closing brace's */
  keyIndent: string;
  closeIndent: string;
  /** text from a key's closing quote to its value */
  colon: string;
  /** one line: between a value and the next key, after '{' and before '}' */
  between: string;
  open: string;
  close: string;
  /** arrays: one number a line, or on one line with this separator */
  arraysMultiline: boolean;
  arraySep: string;
}

function styleOf(slice: string, node: Node): ObjectStyle {
  const props = node.children ?? [];
  const eol = eolOf(slice);
  const multiline = slice.includes('\n');
  const first = props[0];
  const key = first?.children?.[0];
  const value = first?.children?.[1];
  const colon = key && value ? slice.slice(key.offset + key.length, value.offset) : ': ';
  const between = props.length >= 2 ? slice.slice(props[0].offset + props[0].length, props[1].children?.[0]?.offset ?? props[1].offset) : ', ';
  const open = first ? slice.slice(1, first.offset) : '';
  const last = props[props.length - 1];
  const close = last ? slice.slice(last.offset + last.length, slice.length - 1) : '';
  let arraysMultiline = false;
  let arraySep = colon.endsWith(' ') ? ', ' : ',';
  const visit = (n: Node): boolean => {
    if (n.type === 'array' && (n.children?.length ?? 0) >= 2 && n.children!.every((c) => c.type !== 'array' && c.type !== 'object')) {
      const text = slice.slice(n.offset, n.offset + n.length);
      arraysMultiline = text.includes('\n');
      arraySep = slice.slice(n.children![0].offset + n.children![0].length, n.children![1].offset);
      return true;
    }
    return (n.children ?? []).some(visit);
  };
  visit(node);
  return {
    multiline,
    eol,
    keyIndent: first ? indentAt(slice, first.offset) : '  ',
    closeIndent: indentAt(slice, slice.length - 1),
    colon,
    between: multiline ? '' : between,
    open: multiline ? '' : open,
    close: multiline ? '' : close,
    arraysMultiline: multiline && arraysMultiline,
    arraySep: arraysMultiline ? ',' : arraySep,
  };
}

type Value = number | string | Value[];

/** `value` written in `style`; `indent`: the indentation of the line it starts on (multi-line). */
function writeValue(value: Value, style: ObjectStyle, indent: string, unit: string): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (value.length === 0) return '[]';
  if (!style.arraysMultiline) return `[${value.map((v) => writeValue(v, style, indent, unit)).join(style.arraySep)}]`;
  const inner = indent + unit;
  return `[${style.eol}${value.map((v) => inner + writeValue(v, style, inner, unit)).join(`,${style.eol}`)}${style.eol}${indent}]`;
}

function writeObject(entries: [string, Value][], style: ObjectStyle): string {
  if (!style.multiline) return `{${style.open}${entries.map(([k, v]) => `${JSON.stringify(k)}${style.colon}${writeValue(v, style, '', '')}`).join(style.between)}${style.close}}`;
  const unit = style.keyIndent.startsWith(style.closeIndent) && style.keyIndent.length > style.closeIndent.length ? style.keyIndent.slice(style.closeIndent.length) : '  ';
  const lines = entries.map(([k, v]) => `${style.keyIndent}${JSON.stringify(k)}${style.colon}${writeValue(v, style, style.keyIndent, unit)}`);
  return `{${style.eol}${lines.join(`,${style.eol}`)}${style.eol}${style.closeIndent}}`;
}

const DEFAULT_ORDER = ['id', 'image_id', 'category_id', 'segmentation', 'area', 'bbox', 'iscrowd'];

/**
 * `add`: a new annotation after the image's last one (or the file's last, or into an empty list):
 * a fresh id (the largest + 1), the image entry's id, the category named by the label, bbox, area,
 * iscrowd 0, and for a polygon its segmentation (a box gets `"segmentation": []` when the file's
 * annotations have that key). Keys in the order and layout of the file's other annotations.
 */
export const cocoAddWriter: EditWriter<'add'> = (context, edit) => {
  if (edit.kind === 'line') return fail(l10n.t('COCO has no line shapes: draw a box or a polygon.'));
  const file = readFile(context.text);
  if ('problem' in file) return fail(file.problem);
  const entry = fileValue(context.text.slice(context.entry.start, context.entry.end));
  if (!isObject(entry) || !isCocoId(entry.id)) return fail(l10n.t('The image entry has no integer "id" for the new annotation\'s image_id.'));
  const category = categoryId(file.categories, edit.label);
  if (typeof category !== 'number') return fail(category.problem);
  let after = -1;
  file.annotations.forEach((a, j) => {
    if (isObject(a) && a.image_id === entry.id) after = j;
  });
  if (after < 0) after = file.annotations.length - 1;
  const listPath: JsonPath = ['annotations'];
  const itemPath: JsonPath = ['annotations', Math.max(after, 0)];
  const ranges = file.locate([listPath, itemPath]);
  const list = ranges.get(listPath);
  const item = after >= 0 ? ranges.get(itemPath) : undefined;
  if (!list || (after >= 0 && !item)) return fail(l10n.t('The file is not plain JSON here, so the new annotation has no place to go.'));
  // The layout of an annotation of the file, or of the image entry when there is none yet.
  const template = item ?? context.entry;
  const tree = parseTree(context.text.slice(template.start, template.end));
  if (!tree || tree.type !== 'object') return fail(l10n.t('The annotation is not a JSON object.'));
  const style = styleOf(context.text.slice(template.start, template.end), tree);
  // An image entry has no arrays: the file's other arrays say whether numbers go one a line.
  if (!item && style.multiline && /\[[ \t]*\r?\n[ \t]*-?\d/.test(context.text)) {
    style.arraysMultiline = true;
    style.arraySep = ',';
  }
  const templateValue = item ? file.annotations[after] : undefined;
  const decimals = Math.max(1, ...((context.text.slice(template.start, template.end).match(/\d+\.\d+/g) ?? []).map(decimalPlaces)));
  const num = (v: number): string => writeNumber(v, decimals);
  const p = edit.points;
  let bbox: number[];
  let area: number;
  let segmentation: Value | undefined;
  if (edit.kind === 'rectangle') {
    bbox = [p[0], p[1], p[2], p[3]];
    area = p[2] * p[3];
    segmentation = !templateValue || (isObject(templateValue) && 'segmentation' in templateValue) ? [] : undefined;
  } else {
    if (p.length < 6) return fail(l10n.t('A polygon needs at least three points.'));
    const extent = polygonsExtent([p])!;
    bbox = [extent[0], extent[1], extent[2] - extent[0], extent[3] - extent[1]];
    area = polygonsArea([p]);
    segmentation = [p.map(num)];
  }
  const values: Record<string, Value> = { id: freshId(file.annotations), image_id: entry.id, category_id: category, area: num(area), bbox: bbox.map(num), iscrowd: 0 };
  if (segmentation !== undefined) values.segmentation = segmentation;
  const ownOrder = isObject(templateValue) ? Object.keys(templateValue) : [];
  const keys = [...ownOrder.filter((k) => k in values), ...DEFAULT_ORDER.filter((k) => k in values && !ownOrder.includes(k))];
  const object = writeObject(keys.map((k) => [k, values[k]]), style);
  if (item) return { ok: true, replacements: [{ start: item.end, end: item.end, text: separatorBefore(context.text, item) + object }] };
  // An empty list: the object on a line of its own at the images' indentation when the file is pretty-printed.
  const inner = context.text.slice(list.start + 1, list.end - 1);
  if (!/^\s*$/.test(inner)) return fail(l10n.t('The file is not plain JSON here, so the new annotation has no place to go.'));
  const text = style.multiline ? `${style.eol}${indentAt(context.text, context.entry.start)}${object}${style.eol}${indentAt(context.text, list.start)}` : object;
  return { ok: true, replacements: [{ start: list.start + 1, end: list.end - 1, text }] };
};
