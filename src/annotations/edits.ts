// Shape edits written back as text: given the file's text, where one annotation sits in it and the
// box it should have now, the smallest replacements that make it so. Only the numbers that change
// are replaced, each in place, so the box stays on its line and indentation, key order, spacing
// and line ends (CRLF) are the file's own. Pure (no `vscode`): the preview's host applies the
// result as one WorkspaceEdit (src/preview/host/shapeEdits.ts).
import * as l10n from '@vscode/l10n';
import { parseTree, type Node } from 'jsonc-parser';

/** One replacement: [start, end) of the text becomes `text`. */
export interface Replacement {
  start: number;
  end: number;
  text: string;
}

export interface BoxEditOptions {
  /** the file's coordinates are normalized (0..1): values are written as decimals, never rounded to integers */
  normalized: boolean;
  /** decimals a normalized value is written with (see `decimalsOf`); default: the box's own, at least 4 */
  decimals?: number;
}

/** Why a box cannot be edited in the text: in words for the user's message. */
export type BoxEditResult = { ok: true; replacements: Replacement[] } | { ok: false; problem: string };

/** The most decimals any number in the text is written with (0 for integers only), at most 12. */
export function decimalsOf(text: string): number {
  let most = 0;
  const re = /-?\d+\.(\d+)(?:[eE][-+]?\d+)?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].includes('e') || m[0].includes('E')) continue;
    most = Math.max(most, m[1].length);
    if (most >= 12) return 12;
  }
  return most;
}

/** The value is a whole number, up to float noise (a box moved by whole pixels stays integral). */
export const isWhole = (value: number): boolean => Number.isInteger(Math.round(value * 1e9) / 1e9);

/** A number as the file would write it: integers as integers, decimals with at most `decimals` places, no trailing zeros. */
export function formatNumber(value: number, integer: boolean, decimals: number): string {
  if (integer) {
    const n = Math.round(value);
    return String(Object.is(n, -0) ? 0 : n);
  }
  let s = value.toFixed(decimals);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

const decimalPlaces = (token: string): number => {
  const m = /\.(\d+)/.exec(token);
  return m ? m[1].length : 0;
};

/**
 * The replacements that set the `bbox` ([x, y, width, height]) of the annotation whose object spans
 * [range.start, range.end) of `text` to `box`. Numbers whose written value is unchanged are left as
 * they are; an empty list means nothing to change.
 */
export function boxEdit(text: string, range: { start: number; end: number }, box: readonly [number, number, number, number], options: BoxEditOptions): BoxEditResult {
  if (!box.every((v) => Number.isFinite(v))) return { ok: false, problem: l10n.t('The new box has a number that is not finite.') };
  if (range.start < 0 || range.end > text.length || range.start >= range.end) return { ok: false, problem: l10n.t('The annotation is not in the text.') };
  const slice = text.slice(range.start, range.end);
  const tree = parseTree(slice, [], { allowTrailingComma: false, disallowComments: false });
  if (!tree || tree.type !== 'object') return { ok: false, problem: l10n.t('The annotation is not a JSON object.') };
  const property = tree.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === 'bbox');
  const array: Node | undefined = property?.children?.[1];
  if (!array || array.type !== 'array' || array.children?.length !== 4 || !array.children.every((c) => c.type === 'number')) {
    return { ok: false, problem: l10n.t('The annotation has no "bbox" of four numbers.') };
  }
  const items = array.children;
  const tokens = items.map((c) => slice.slice(c.offset, c.offset + c.length));
  const ownDecimals = Math.max(...tokens.map(decimalPlaces));
  const decimals = options.decimals ?? Math.max(ownDecimals, 4);
  const replacements: Replacement[] = [];
  items.forEach((node, i) => {
    const old = node.value as number;
    const integer = !options.normalized && isWhole(box[i]);
    const written = formatNumber(box[i], integer, options.normalized ? decimals : Math.max(ownDecimals, 1));
    if (Number(written) === old) return;
    replacements.push({ start: range.start + node.offset, end: range.start + node.offset + node.length, text: written });
  });
  return { ok: true, replacements };
}

/** The text with the replacements made (they must not overlap). */
export function applyReplacements(text: string, replacements: readonly Replacement[]): string {
  let out = text;
  for (const r of [...replacements].sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + r.text + out.slice(r.end);
  return out;
}
