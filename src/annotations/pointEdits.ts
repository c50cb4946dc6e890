// A polygon's or line's points written back into a MetaLake file's text (the `points` shape edit):
// moved vertices and a moved shape replace only the numbers that changed, each in place, so the
// layout, line ends and precision stay the file's. An inserted or removed vertex rewrites that one
// array, in the style it is written in: nested pairs or a flat list, on one line or one point per
// line, its indentation and its spacing after commas, copied from the array itself. Pure (no
// `vscode`): the host applies the replacements as one WorkspaceEdit (src/preview/host/shapeEdits.ts).
import * as l10n from '@vscode/l10n';
import { getNodeValue, parseTree, type Node } from 'jsonc-parser';
import { isObject } from '../core/json';
import { formatNumber, isWhole, type Replacement } from './edits';
import type { EditContext, EditResult, ShapeEdit } from './editOps';
import { pointListKey, toShape } from './metalake';

/** One point of the array in the text: its numbers' nodes, and the node of the whole element (a pair, or x for a flat list). */
interface PointNodes {
  x: Node;
  y: Node;
  /** [start, end) of the point's text: the pair `[x, y]`, or from x to y in a flat list */
  start: number;
  end: number;
}

const decimalPlaces = (token: string): number => {
  const m = /\.(\d+)/.exec(token);
  return m ? m[1].length : 0;
};

/** The points of an array node (nested pairs or a flat list), or undefined when it is neither. */
function pointsOf(array: Node): { points: PointNodes[]; nested: boolean } | undefined {
  const items = array.children ?? [];
  if (items.length === 0) return undefined;
  if (items.every((c) => c.type === 'number')) {
    if (items.length % 2 !== 0) return undefined;
    const points: PointNodes[] = [];
    for (let i = 0; i < items.length; i += 2) points.push({ x: items[i], y: items[i + 1], start: items[i].offset, end: items[i + 1].offset + items[i + 1].length });
    return { points, nested: false };
  }
  const points: PointNodes[] = [];
  for (const c of items) {
    const [x, y] = c.children ?? [];
    if (c.type !== 'array' || c.children?.length !== 2 || x?.type !== 'number' || y?.type !== 'number') return undefined;
    points.push({ x, y, start: c.offset, end: c.offset + c.length });
  }
  return { points, nested: true };
}

/**
 * The `points` edit of a MetaLake annotation: its polygon's or line's points (image pixels, x0, y0,
 * x1, y1, …) set to `edit.points`. A normalized file's values are the pixels divided by the
 * image's size, written with `context.decimals` places.
 */
export function pointsWriter(context: EditContext, edit: Extract<ShapeEdit, { op: 'points' }>): EditResult {
  const { text, annotation: range } = context;
  if (!edit.points.every((v) => Number.isFinite(v)) || edit.points.length % 2 !== 0) return { ok: false, problem: l10n.t('The new points are not an even list of finite numbers.') };
  if (edit.part !== undefined && edit.part !== 0) return { ok: false, problem: l10n.t('A MetaLake annotation has one polygon or line, not several parts.') };
  if (!range || range.start < 0 || range.end > text.length || range.start >= range.end) return { ok: false, problem: l10n.t('The annotation is not in the text.') };
  const slice = text.slice(range.start, range.end);
  const tree = parseTree(slice, [], { allowTrailingComma: false, disallowComments: false });
  if (!tree || tree.type !== 'object') return { ok: false, problem: l10n.t('The annotation is not a JSON object.') };
  const value: unknown = getNodeValue(tree);
  const kind = toShape(value, 0)?.kind;
  if (!isObject(value) || (kind !== 'polygon' && kind !== 'line')) return { ok: false, problem: l10n.t('The annotation is not a polygon or a line.') };
  const key = pointListKey(value, kind);
  const property = tree.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === key);
  const array = property?.children?.[1];
  const found = array?.type === 'array' ? pointsOf(array) : undefined;
  if (!array || !found) return { ok: false, problem: l10n.t('The annotation has no list of points under "{0}".', String(key)) };
  const min = kind === 'polygon' ? 3 : 2;
  if (edit.points.length / 2 < min) return { ok: false, problem: l10n.t('A {0} needs at least {1} points.', kind, min) };

  const token = (n: Node): string => slice.slice(n.offset, n.offset + n.length);
  const old = found.points;
  const ownDecimals = Math.max(...old.map((p) => Math.max(decimalPlaces(token(p.x)), decimalPlaces(token(p.y)))));
  const normalized = context.normalized;
  const decimals = normalized ? context.decimals ?? Math.max(ownDecimals, 4) : Math.max(ownDecimals, 1);
  const write = (pixels: number, vertical: boolean): string => {
    const v = normalized ? pixels / (vertical ? context.imageH : context.imageW) : pixels;
    return formatNumber(v, !normalized && isWhole(v), decimals);
  };
  const written = edit.points.map((v, i) => write(v, i % 2 === 1));
  const unchanged = (n: Node, s: string): boolean => Number(s) === (n.value as number);
  const samePoint = (p: PointNodes, j: number): boolean => unchanged(p.x, written[2 * j]) && unchanged(p.y, written[2 * j + 1]);
  const at = (offset: number): number => range.start + offset;

  const count = written.length / 2;
  if (count === old.length) {
    const replacements: Replacement[] = [];
    old.forEach((p, j) => {
      for (const [n, s] of [[p.x, written[2 * j]], [p.y, written[2 * j + 1]]] as const) {
        if (!unchanged(n, s)) replacements.push({ start: at(n.offset), end: at(n.offset + n.length), text: s });
      }
    });
    return { ok: true, replacements };
  }

  // A vertex more or fewer: the array's points written again, in its own style. The points before
  // and after the change that stay as they were keep their text as written.
  let prefix = 0;
  while (prefix < Math.min(count, old.length) && samePoint(old[prefix], prefix)) prefix++;
  let suffix = 0;
  while (suffix < Math.min(count, old.length) - prefix && samePoint(old[old.length - 1 - suffix], count - 1 - suffix)) suffix++;
  const between = (a: number, b: number): string => slice.slice(a, b);
  const first = old[0];
  const pointText = (j: number): string => {
    if (j < prefix) return between(old[j].start, old[j].end);
    if (j >= count - suffix) {
      const p = old[old.length - (count - j)];
      return between(p.start, p.end);
    }
    const x = written[2 * j];
    const y = written[2 * j + 1];
    // The first point's text with its numbers replaced: `[x, y]` spaced (or broken over lines) like it.
    const inner = between(first.x.offset + first.x.length, first.y.offset);
    const body = `${x}${inner}${y}`;
    return found.nested ? between(first.start, first.x.offset) + body + between(first.y.offset + first.y.length, first.end) : body;
  };
  // Between points: what the file has between its first two (a comma, a space, or a line break and the indentation).
  const separator = between(old[0].end, old[1].start);
  const body = Array.from({ length: count }, (_, j) => pointText(j)).join(separator);
  return { ok: true, replacements: [{ start: at(old[0].start), end: at(old[old.length - 1].end), text: body }] };
}
