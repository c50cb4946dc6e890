// A new shape drawn in the preview, written into a MetaLake annotation file as the file would have
// written it: appended to its image entry's `annotations` list, laid out like the annotations beside
// it (one object per line or one key per line, their indentation, key order, spacing after colons
// and commas, inline or multi-line point lists, tabs, CRLF). An empty `annotations: []` or a missing
// `annotations` key takes its layout from the other entries, else from the entry itself. Numbers as
// the file writes them: integers in a pixel file, fractions of the image's size in a normalized one
// (EditContext.decimals places, kept in [0, 1]). Pure (no `vscode`): the `add` op of editOps.ts.
//
// Points are always written as a list of [x, y] pairs under `polygon` / `line` (the documented keys,
// the ones the preview draws): a flat list is the flat-points error, and `points` (the LayerNext
// SDK's key) is not drawn, so a sibling written that way lends its layout, not its key.
import * as l10n from '@vscode/l10n';
import { parseTree, type Node } from 'jsonc-parser';
import type { EditContext, EditResult, ShapeEdit } from './editOps';
import type { ShapeKind } from './geometry';
import { decimalsOf, formatNumber, isWhole } from './edits';

/** How a list or an object is laid out: on one line (the gaps as written) or one item per line. */
interface Layout {
  multiline: boolean;
  /** inline: the text between the bracket and the first item, between items (with the comma), before the closing bracket */
  open: string;
  sep: string;
  close: string;
  /** multi-line: an item's indentation and the closing bracket's, past the indentation of the line the list opens on */
  itemRel: string;
  closeRel: string;
  /** objects: what stands between a key and its value (": ", ":" …) */
  colon: string;
}

type Geometry = 'bbox' | 'polygon' | 'line' | 'points';
const GEOMETRY: readonly Geometry[] = ['bbox', 'polygon', 'line', 'points'];
const KEY_OF: Record<ShapeKind, Geometry> = { rectangle: 'bbox', polygon: 'polygon', line: 'line' };

/** A node of a tree parsed from text starting at `base` in the file's text. */
interface At {
  node: Node;
  base: number;
}

const INLINE: Layout = { multiline: false, open: '', sep: ', ', close: '', itemRel: '  ', closeRel: '', colon: ': ' };

const isGap = (s: string): boolean => /^[\s,:]*$/.test(s);

/** The leading whitespace of the line `offset` is on. */
function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? '';
}

/** The text before `offset` on its line is whitespace only (the item starts its line). */
const startsLine = (text: string, offset: number): boolean => /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset));

/** The layout of an array or object node (at least one item), read from the text. */
function layoutOf(text: string, at: At, fallbackUnit: string): Layout {
  const { node, base } = at;
  const start = base + node.offset;
  const end = start + node.length;
  const items = (node.children ?? []).map((c) => (node.type === 'object' ? { from: base + c.offset, to: base + c.offset + c.length, key: c.children?.[0], value: c.children?.[1] } : { from: base + c.offset, to: base + c.offset + c.length, key: undefined, value: undefined }));
  const first = items[0];
  const last = items[items.length - 1];
  let colon = INLINE.colon;
  if (node.type === 'object' && first?.key && first.value) {
    const gap = text.slice(base + first.key.offset + first.key.length, base + first.value.offset);
    if (isGap(gap) && gap.includes(':')) colon = gap;
  }
  const open = text.slice(start + 1, first.from);
  const close = text.slice(last.to, end - 1);
  const sep = items.length > 1 ? text.slice(items[0].to, items[1].from) : undefined;
  const multiline = open.includes('\n') || (sep?.includes('\n') ?? false);
  const openIndent = lineIndent(text, start);
  if (multiline) {
    const itemIndent = startsLine(text, last.from) ? lineIndent(text, last.from) : openIndent + fallbackUnit;
    const closeIndent = close.includes('\n') ? lineIndent(text, end - 1) : openIndent;
    return {
      multiline,
      open: '',
      sep: '',
      close: '',
      itemRel: itemIndent.startsWith(openIndent) && itemIndent.length > openIndent.length ? itemIndent.slice(openIndent.length) : fallbackUnit,
      closeRel: closeIndent.startsWith(openIndent) ? closeIndent.slice(openIndent.length) : '',
      colon,
    };
  }
  return {
    multiline,
    open: isGap(open) ? open : '',
    close: isGap(close) ? close : '',
    sep: sep !== undefined && isGap(sep) ? sep : node.type === 'object' ? ', ' : ', ',
    itemRel: fallbackUnit,
    closeRel: '',
    colon,
  };
}

/** Renders a list or object: `items` render at the indentation they are given. */
function render(brackets: '[]' | '{}', items: ((indent: string) => string)[], layout: Layout, indent: string, eol: string): string {
  const [o, c] = brackets;
  if (items.length === 0) return o + c;
  if (!layout.multiline) return o + layout.open + items.map((f) => f(indent)).join(layout.sep) + layout.close + c;
  const inner = indent + layout.itemRel;
  return o + eol + inner + items.map((f) => f(inner)).join(',' + eol + inner) + eol + indent + layout.closeRel + c;
}

/** The kind an annotation node is drawn as (its `type`, else its geometry key), and its geometry property. */
function kindOf(a: Node): { kind?: ShapeKind; geometry?: Node; key?: Geometry; type: boolean } {
  const props = a.children ?? [];
  const prop = (k: string): Node | undefined => props.find((p) => p.children?.[0]?.value === k);
  const typeNode = prop('type')?.children?.[1];
  const declared = typeNode?.value === 'rectangle' || typeNode?.value === 'polygon' || typeNode?.value === 'line' ? (typeNode.value as ShapeKind) : undefined;
  const key = GEOMETRY.find((k) => prop(k) !== undefined);
  const implied: ShapeKind | undefined = key === 'bbox' ? 'rectangle' : key === 'polygon' ? 'polygon' : key === 'line' ? 'line' : undefined;
  return { kind: declared ?? implied, geometry: key ? prop(key)?.children?.[1] : undefined, key, type: typeNode !== undefined };
}

const property = (o: Node, key: string): Node | undefined => o.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === key);

/** The annotation objects of a parsed file's every image entry, in order (lazily: only when this entry's own cannot say). */
function fileAnnotations(text: string): { annotations: At[]; lists: At[] } {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const images = root && root.type === 'object' ? property(root, 'images')?.children?.[1] : undefined;
  const annotations: At[] = [];
  const lists: At[] = [];
  for (const entry of images?.type === 'array' ? images.children ?? [] : []) {
    const list = entry.type === 'object' ? property(entry, 'annotations')?.children?.[1] : undefined;
    if (list?.type !== 'array') continue;
    const objects = (list.children ?? []).filter((c) => c.type === 'object' && (c.children?.length ?? 0) > 0);
    if (objects.length > 0) lists.push({ node: list, base: 0 });
    for (const o of objects) annotations.push({ node: o, base: 0 });
  }
  return { annotations, lists };
}

/** The file's indentation step: the first indented line's whitespace, a tab or two spaces by default. */
function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return '  ';
  return m[1].startsWith('\t') ? '\t' : m[1].length <= 8 ? m[1] : '  ';
}

/** The list layout of a point pair, from a list of numbers' (a bbox, a flat list) or a list of pairs'. */
function pairLayoutOf(text: string, g: At, unit: string): Layout | undefined {
  const children = g.node.children ?? [];
  if (g.node.type !== 'array' || children.length === 0) return undefined;
  const pair = children.find((c) => c.type === 'array' && (c.children?.length ?? 0) >= 2);
  if (pair) return layoutOf(text, { node: pair, base: g.base }, unit);
  return children.length >= 2 && children.every((c) => c.type === 'number') ? layoutOf(text, g, unit) : undefined;
}

/**
 * The `add` op: the new annotation appended to the image entry's `annotations` list, in the file's
 * own style. A rectangle's points are [x, y, width, height], a polygon's or line's x0, y0, x1, y1 …
 * (image pixels).
 */
export function insertShape(context: EditContext, edit: Extract<ShapeEdit, { op: 'add' }>): EditResult {
  const { text, entry } = context;
  const { kind, label, points } = edit;
  if (!points.every((v) => Number.isFinite(v))) return { ok: false, problem: l10n.t('The new shape has a number that is not finite.') };
  if (label.trim() === '') return { ok: false, problem: l10n.t('The new shape needs a label: type one in the preview\'s label field.') };
  if (kind === 'rectangle' && (points.length !== 4 || points[2] <= 0 || points[3] <= 0)) return { ok: false, problem: l10n.t('A new box needs a width and a height.') };
  if (kind === 'polygon' && (points.length < 6 || points.length % 2 !== 0)) return { ok: false, problem: l10n.t('A new polygon needs at least 3 points.') };
  if (kind === 'line' && (points.length < 4 || points.length % 2 !== 0)) return { ok: false, problem: l10n.t('A new line needs at least 2 points.') };
  if (entry.start < 0 || entry.end > text.length || entry.start >= entry.end) return { ok: false, problem: l10n.t('The image entry is not in the text.') };
  const tree = parseTree(text.slice(entry.start, entry.end), [], { allowTrailingComma: true, disallowComments: false });
  if (!tree || tree.type !== 'object') return { ok: false, problem: l10n.t('The image entry is not a JSON object.') };
  const base = entry.start;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const unit = indentUnit(text);
  const listProp = property(tree, 'annotations');
  const list = listProp?.children?.[1];
  if (list && list.type !== 'array') return { ok: false, problem: l10n.t('The image entry\'s "annotations" is not a list.') };

  // Where the style comes from: this entry's annotations, else the file's (parsed only then).
  const own = (list?.children ?? []).filter((c) => c.type === 'object' && (c.children?.length ?? 0) > 0).map((node) => ({ node, base }));
  let file: ReturnType<typeof fileAnnotations> | undefined;
  const others = (): ReturnType<typeof fileAnnotations> => (file ??= fileAnnotations(text));
  const sameKind = (all: At[]): At | undefined => [...all].reverse().find((a) => kindOf(a.node).kind === kind);
  const objectTemplate: At | undefined = own[own.length - 1] ?? others().annotations[0];
  const kindTemplate: At | undefined = sameKind(own) ?? sameKind(others().annotations);
  const keyTemplate = kindTemplate ?? objectTemplate;

  // Keys, in the template's order: its `type` (if it writes one), the geometry, the label.
  const geometryKey = KEY_OF[kind];
  const templateKeys = (keyTemplate?.node.children ?? []).map((p) => String(p.children?.[0]?.value));
  const keys: string[] = [];
  const hasType = keyTemplate ? kindOf(keyTemplate.node).type : true;
  const position = (k: string): number => {
    const i = k === geometryKey ? templateKeys.findIndex((t) => (GEOMETRY as readonly string[]).includes(t)) : templateKeys.indexOf(k);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  for (const k of [...(hasType ? ['type'] : []), geometryKey, 'label']) keys.push(k);
  // A stable sort: keys the template lacks keep the documented order (type, geometry, label) after its own.
  keys.sort((a, b) => position(a) - position(b));

  // The object's layout; an entry object's own as the last resort (a file with no annotation at all).
  const objectLayout: Layout = objectTemplate ? layoutOf(text, objectTemplate, unit) : defaultObjectLayout(text, { node: tree, base }, unit);

  // The geometry's layout: the same kind's, else derived from another kind's numbers.
  const templateGeometry = (t: At | undefined): At | undefined => {
    const g = t ? kindOf(t.node).geometry : undefined;
    return g && g.type === 'array' && (g.children?.length ?? 0) > 0 ? { node: g, base: t!.base } : undefined;
  };
  const g = templateGeometry(kindTemplate) ?? templateGeometry(objectTemplate);
  const flatInline: Layout = { ...INLINE, sep: objectLayout.multiline || objectLayout.sep.includes(' ') ? ', ' : ',' };
  let numbersLayout = flatInline; // a bbox's, or a point pair's
  let outerLayout = flatInline; // a point list's
  if (g) {
    const nested = (g.node.children ?? []).some((c) => c.type === 'array');
    const pair = pairLayoutOf(text, g, unit) ?? flatInline;
    // A bbox or a flat list lends its own layout to both levels (one number per line, or inline).
    numbersLayout = kind === 'rectangle' && !nested ? layoutOf(text, g, unit) : pair;
    outerLayout = layoutOf(text, g, unit);
  }
  // An object on one line keeps its lists on that line.
  if (!objectLayout.multiline) {
    if (numbersLayout.multiline) numbersLayout = flatInline;
    if (outerLayout.multiline) outerLayout = numbersLayout;
  }

  // The numbers, as the file writes them.
  const ownDecimals = decimalsOf(text.slice(entry.start, entry.end));
  const decimals = context.decimals ?? Math.max(4, ownDecimals);
  const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
  const num = (v: number, axis: 0 | 1): string => {
    if (context.normalized) return formatNumber(clamp01(v / (axis === 0 ? context.imageW : context.imageH)), false, decimals);
    const integral = isWhole(v);
    return formatNumber(v, integral, Math.max(2, ownDecimals));
  };
  let geometryValue: (indent: string) => string;
  if (kind === 'rectangle') {
    const [x, y, w, h] = points;
    let written: string[];
    if (context.normalized) {
      // Kept in [0, 1]: a box reaching past the image (Alt held) is cut at its edges.
      const span = (at: number, size: number, side: number): [number, number] => {
        const a = at / side;
        const b = (at + size) / side;
        if (a >= 0 && b <= 1) return [a, size / side];
        return [clamp01(a), clamp01(b) - clamp01(a)];
      };
      const [nx, nw] = span(x, w, context.imageW);
      const [ny, nh] = span(y, h, context.imageH);
      if (nw <= 0 || nh <= 0) return { ok: false, problem: l10n.t('The new box lies outside the image, so a normalized file cannot hold it.') };
      written = [nx, ny, nw, nh].map((v) => formatNumber(v, false, decimals));
    } else written = [num(x, 0), num(y, 1), num(w, 0), num(h, 1)];
    geometryValue = (indent) => render('[]', written.map((s) => () => s), numbersLayout, indent, eol);
  } else {
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < points.length; i += 2) pairs.push([num(points[i], 0), num(points[i + 1], 1)]);
    geometryValue = (indent) => render('[]', pairs.map((p) => (inner: string) => render('[]', p.map((s) => () => s), numbersLayout, inner, eol)), outerLayout, indent, eol);
  }
  const values: Record<string, (indent: string) => string> = {
    type: () => JSON.stringify(kind),
    label: () => JSON.stringify(label),
    [geometryKey]: geometryValue,
  };
  const objectText = (indent: string): string => render('{}', keys.map((k) => (inner: string) => JSON.stringify(k) + objectLayout.colon + values[k](inner)), objectLayout, indent, eol);

  // Into the list: after its last item, with the separator its items have.
  if (list && (list.children?.length ?? 0) > 0) {
    const items = list.children!;
    const lastItem = items[items.length - 1];
    const after = base + lastItem.offset + lastItem.length;
    const layout = layoutOf(text, { node: list, base }, unit);
    let insert: string;
    if (layout.multiline) {
      const indent = startsLine(text, base + lastItem.offset) ? lineIndent(text, base + lastItem.offset) : lineIndent(text, base + list.offset) + layout.itemRel;
      insert = ',' + eol + indent + objectText(indent);
    } else {
      const sep = items.length > 1 ? layout.sep : objectLayout.multiline ? ', ' : objectLayout.sep.includes(' ') ? ', ' : ',';
      insert = sep + objectText(lineIndent(text, base + lastItem.offset));
    }
    return { ok: true, replacements: [{ start: after, end: after, text: insert }] };
  }

  // An empty list, or none: laid out like another entry's list, else like this entry.
  const otherList = others().lists[0];
  const entryLayout = (tree.children?.length ?? 0) > 0 ? layoutOf(text, { node: tree, base }, unit) : { ...INLINE, open: '', close: '' };
  const listLayout: Layout = otherList ? layoutOf(text, otherList, unit) : entryLayout.multiline ? { ...INLINE, multiline: true, itemRel: entryLayout.itemRel, closeRel: '' } : { ...INLINE };
  if (list) {
    const open = base + list.offset;
    const indent = lineIndent(text, open);
    const full = render('[]', [objectText], listLayout, indent, eol);
    return { ok: true, replacements: [{ start: open, end: open + list.length, text: full }] };
  }
  const props = tree.children ?? [];
  if (props.length === 0) {
    const at = base + tree.offset + 1;
    return { ok: true, replacements: [{ start: at, end: base + tree.offset + tree.length - 1, text: '"annotations"' + INLINE.colon + render('[]', [objectText], listLayout, lineIndent(text, at), eol) }] };
  }
  const lastProp = props[props.length - 1];
  const after = base + lastProp.offset + lastProp.length;
  const keyIndent = entryLayout.multiline ? lineIndent(text, base + lastProp.offset) : lineIndent(text, after);
  const sep = entryLayout.multiline ? ',' + eol + keyIndent : entryLayout.sep;
  return { ok: true, replacements: [{ start: after, end: after, text: sep + '"annotations"' + entryLayout.colon + render('[]', [objectText], listLayout, keyIndent, eol) }] };
}

/** An object layout when the file has no annotation to copy: one object per line, spaced like the entry. */
function defaultObjectLayout(text: string, entry: At, unit: string): Layout {
  if ((entry.node.children?.length ?? 0) === 0) return { ...INLINE, open: ' ', close: ' ' };
  const e = layoutOf(text, entry, unit);
  if (!e.multiline) return { ...e, itemRel: unit };
  // Pretty-printed entries: a compact one-line annotation, spaced as the entry spaces its colons.
  const compact = !e.colon.includes(' ');
  return { ...INLINE, open: compact ? '' : ' ', close: compact ? '' : ' ', sep: compact ? ',' : ', ', colon: e.colon };
}
