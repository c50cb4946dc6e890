// Delete, relabel and duplicate a MetaLake annotation, written back as text (the writers of
// editOps.ts's `delete`, `relabel` and `duplicate`). Each is the smallest change that makes the
// edit in the file's own layout: a deleted annotation takes its comma and its line(s) with it, a
// relabel replaces only the label's value, a duplicate is the annotation's own text again right
// after it (same keys, same layout) with its geometry shifted. Pure (no `vscode`).
import * as l10n from '@vscode/l10n';
import { parseTree, type Node } from 'jsonc-parser';
import type { EditContext, EditWriter } from './editOps';
import { formatNumber, isWhole, type Replacement } from './edits';
import { POINT_LIST_KEYS } from './metalake';

interface Located {
  /** the image entry's `annotations` array (offsets in the whole text) */
  items: { start: number; end: number }[];
  /** [ and ] of the array */
  open: number;
  close: number;
  /** which item the edit names */
  at: number;
}

/** Offsets of a parsed slice's nodes, moved to the whole text. */
const span = (node: Node, base: number): { start: number; end: number } => ({ start: base + node.offset, end: base + node.offset + node.length });

const propertyOf = (object: Node, key: string): Node | undefined =>
  object.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === key);

/** The annotation's place in its entry's `annotations` array, or why it is not found. */
function locate(context: EditContext): Located | string {
  const { text, entry, annotation } = context;
  if (!annotation) return l10n.t('The annotation is not in the text.');
  if (entry.start < 0 || entry.end > text.length || entry.start >= entry.end) return l10n.t('The image entry is not in the text.');
  const tree = parseTree(text.slice(entry.start, entry.end), [], { allowTrailingComma: true, disallowComments: false });
  const array = tree?.type === 'object' ? propertyOf(tree, 'annotations')?.children?.[1] : undefined;
  if (!array || array.type !== 'array') return l10n.t('The image entry has no "annotations" list.');
  const items = (array.children ?? []).map((c) => span(c, entry.start));
  const at = items.findIndex((i) => i.start === annotation.start && i.end === annotation.end);
  if (at < 0) return l10n.t('The annotation is not in the text.');
  const whole = span(array, entry.start);
  return { items, open: whole.start, close: whole.end - 1, at };
}

/** The parsed annotation object (offsets in the whole text), or undefined when it is no object. */
function annotationObject(context: EditContext): Node | undefined {
  const a = context.annotation;
  if (!a) return undefined;
  const tree = parseTree(context.text.slice(a.start, a.end), [], { allowTrailingComma: true, disallowComments: false });
  return tree?.type === 'object' ? tree : undefined;
}

/**
 * Removes the annotation with the separator that joins it to its neighbour: up to the next item
 * (its comma, line end and the next line's indentation: a first or middle item's whole lines go),
 * or from the previous item's end (the last item's comma and lines go). The only item leaves `[]`.
 */
export const deleteWriter: EditWriter<'delete'> = (context) => {
  const found = locate(context);
  if (typeof found === 'string') return { ok: false, problem: found };
  const { items, at, open, close } = found;
  let range: { start: number; end: number };
  if (items.length === 1) range = { start: open + 1, end: close };
  else if (at < items.length - 1) range = { start: items[at].start, end: items[at + 1].start };
  else range = { start: items[at - 1].end, end: items[at].end };
  return { ok: true, replacements: [{ ...range, text: '' }] };
};

/** The text between a property's key and its value (`": "`, `":"`, `" : "`) as the object writes it. */
function colonOf(text: string, property: Node): string {
  const [key, value] = property.children ?? [];
  return key && value ? text.slice(key.offset + key.length, value.offset) : ': ';
}

/** Replaces the label's value (JSON-escaped); without a `label` key, adds one first in the object, in its style. */
export const relabelWriter: EditWriter<'relabel'> = (context, edit) => {
  const a = context.annotation;
  const object = annotationObject(context);
  if (!a || !object) return { ok: false, problem: l10n.t('The annotation is not a JSON object.') };
  const written = JSON.stringify(edit.label);
  const slice = context.text.slice(a.start, a.end);
  const label = propertyOf(object, 'label');
  if (label?.children?.[1]) {
    const value = label.children[1];
    if (value.type === 'string' && value.value === edit.label) return { ok: true, replacements: [] };
    return { ok: true, replacements: [{ start: a.start + value.offset, end: a.start + value.offset + value.length, text: written }] };
  }
  const first = object.children?.[0];
  if (!first) return { ok: true, replacements: [{ start: a.start + 1, end: a.end - 1, text: `"label": ${written}` }] };
  // Before the first key, joined to it the way the first key is joined to the second (or its own line's way).
  const colon = colonOf(slice, first);
  const lineStart = slice.lastIndexOf('\n', first.offset - 1) + 1;
  const ownLine = /^[ \t]*$/.test(slice.slice(lineStart, first.offset)) && lineStart > 0;
  let joint: string;
  if (ownLine) {
    const eol = slice[lineStart - 2] === '\r' ? '\r\n' : '\n';
    joint = ',' + eol + slice.slice(lineStart, first.offset);
  } else {
    const second = object.children?.[1];
    const between = second ? slice.slice(first.offset + first.length, second.offset) : '';
    joint = /^[ \t]*,[ \t]*$/.test(between) ? between.replace(/^[ \t]*/, '') : ', ';
  }
  return { ok: true, replacements: [{ start: a.start + first.offset, end: a.start + first.offset, text: `"label"${colon}${written}${joint}` }] };
};

const decimalPlaces = (token: string): number => {
  const m = /\.(\d+)/.exec(token);
  return m ? m[1].length : 0;
};

/** The number nodes to shift in an annotation: bbox's x and y, every point's x and y of polygon, line and points. */
function geometryNumbers(object: Node): { node: Node; axis: 0 | 1 }[] {
  const out: { node: Node; axis: 0 | 1 }[] = [];
  const bbox = propertyOf(object, 'bbox')?.children?.[1];
  if (bbox?.type === 'array' && bbox.children?.length === 4 && bbox.children.every((c) => c.type === 'number')) {
    out.push({ node: bbox.children[0], axis: 0 }, { node: bbox.children[1], axis: 1 });
  }
  const points = (node: Node | undefined): void => {
    if (node?.type !== 'array') return;
    const c = node.children ?? [];
    if (c.length === 2 && c.every((n) => n.type === 'number')) out.push({ node: c[0], axis: 0 }, { node: c[1], axis: 1 });
    else for (const child of c) points(child);
  };
  for (const key of POINT_LIST_KEYS) points(propertyOf(object, key)?.children?.[1]);
  return out;
}

/**
 * Inserts a copy of the annotation's own text right after it, its geometry shifted by the offset
 * (image pixels; a normalized file's by the offset over the image's size), joined to it the way the
 * list joins its items.
 */
export const duplicateWriter: EditWriter<'duplicate'> = (context, edit) => {
  const found = locate(context);
  if (typeof found === 'string') return { ok: false, problem: found };
  const object = annotationObject(context);
  const a = context.annotation;
  if (!a || !object) return { ok: false, problem: l10n.t('The annotation is not a JSON object.') };
  const { text } = context;
  const slice = text.slice(a.start, a.end);
  const numbers = geometryNumbers(object);
  if (numbers.length === 0) return { ok: false, problem: l10n.t('The annotation has no geometry to copy.') };
  const [dx, dy] = edit.offset;
  const shift = [context.normalized ? dx / context.imageW : dx, context.normalized ? dy / context.imageH : dy];
  if (!shift.every(Number.isFinite)) return { ok: false, problem: l10n.t('The offset is not finite.') };
  const own = Math.max(0, ...numbers.map(({ node }) => decimalPlaces(slice.slice(node.offset, node.offset + node.length))));
  const changes: Replacement[] = numbers.map(({ node, axis }) => {
    const token = slice.slice(node.offset, node.offset + node.length);
    const value = (node.value as number) + shift[axis];
    const integer = !context.normalized && !/[.eE]/.test(token) && isWhole(value);
    const decimals = context.normalized ? (context.decimals ?? Math.max(own, 4)) : Math.max(own, 1);
    return { start: node.offset, end: node.offset + node.length, text: formatNumber(value, integer, decimals) };
  });
  let copy = slice;
  for (const r of [...changes].sort((x, y) => y.start - x.start)) copy = copy.slice(0, r.start) + r.text + copy.slice(r.end);
  return { ok: true, replacements: [{ start: a.end, end: a.end, text: joint(text, found) + copy }] };
};

/** What goes between two items of the list: the list's own separator (without comments), or one in its layout. */
function joint(text: string, { items, at }: Located): string {
  const between = at < items.length - 1 ? text.slice(items[at].end, items[at + 1].start) : at > 0 ? text.slice(items[at - 1].end, items[at].start) : undefined;
  if (between !== undefined && /^\s*,\s*$/.test(between)) return between.replace(/^[ \t]*/, '');
  const item = items[at];
  const lineStart = text.lastIndexOf('\n', item.start - 1) + 1;
  const indent = text.slice(lineStart, item.start);
  if (lineStart > 0 && /^[ \t]*$/.test(indent)) return ',' + (text[lineStart - 2] === '\r' ? '\r\n' : '\n') + indent;
  return ', ';
}
