// Shape edits written back into a YOLO label file (one object a line: `class cx cy w h`, a segment
// `class x1 y1 x2 y2 …`, a pose line a box and its keypoints; all normalized to [0, 1]). The edit's
// pixels are divided by the image size and written with the file's precision (its decimals, and
// trailing zeros when it writes them: 0.500000); a line keeps its separators, the file its line
// ends (CRLF) and whether its last line ends with one. Pure (no `vscode`).
import * as l10n from '@vscode/l10n';
import { formatNumber, decimalsOf, type Replacement } from './edits';
import type { EditContext, EditResult, EditWriter } from './editOps';

type Span = { start: number; end: number };

const fail = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

interface Token {
  start: number;
  end: number;
  text: string;
}

/** The whitespace-separated tokens of the object's line, with their offsets in the file. */
function tokensOf(text: string, line: Span): Token[] {
  const out: Token[] = [];
  const re = /\S+/g;
  const slice = text.slice(line.start, line.end);
  for (let m = re.exec(slice); m; m = re.exec(slice)) out.push({ start: line.start + m.index, end: line.start + m.index + m[0].length, text: m[0] });
  return out;
}

/** How the file writes its numbers: decimals, and whether it keeps trailing zeros (fixed width, as Ultralytics' converters write). */
function numberStyle(context: EditContext): (v: number) => string {
  const decimals = Math.max(1, context.decimals ?? decimalsOf(context.text));
  const fixed = /(?:^|\s)[+-]?\d*\.\d*0(?=\s|$)/m.test(context.text);
  return (v: number): string => {
    const clamped = Math.min(1, Math.max(0, v));
    return fixed ? clamped.toFixed(decimals) : formatNumber(clamped, false, decimals);
  };
}

const eolOf = (text: string): string => {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
};

/** What a line is, as the preview reads it (src/preview/model/yoloLabels.ts). */
function lineKind(count: number, kptShape: readonly [number, number] | undefined): 'box' | 'pose' | 'segment' | undefined {
  if (count === 5) return 'box';
  if (kptShape && count === 5 + kptShape[0] * kptShape[1]) return 'pose';
  if (count >= 7 && (count - 1) % 2 === 0) return 'segment';
  return undefined;
}

function checkSize(context: EditContext): { ok: false; problem: string } | undefined {
  if (!(context.imageW > 0 && context.imageH > 0)) return fail(l10n.t('The image\'s size is not known, and a YOLO label file\'s numbers are fractions of it: open the image first.'));
  return undefined;
}

/** Replacements setting `tokens` to `values` (already written), only those whose value changes. */
function inPlace(tokens: readonly Token[], written: readonly string[]): Replacement[] {
  const out: Replacement[] = [];
  tokens.forEach((t, i) => {
    if (Number(written[i]) !== Number(t.text)) out.push({ start: t.start, end: t.end, text: written[i] });
  });
  return out;
}

/** The normalized box line numbers (cx, cy, w, h) of a pixel box, clipped to the image; undefined when nothing of it is inside. */
function boxNumbers(box: readonly number[], context: EditContext): number[] | undefined {
  const x0 = Math.max(0, box[0] / context.imageW);
  const y0 = Math.max(0, box[1] / context.imageH);
  const x1 = Math.min(1, (box[0] + box[2]) / context.imageW);
  const y1 = Math.min(1, (box[1] + box[3]) / context.imageH);
  if (!(x1 > x0 && y1 > y0)) return undefined;
  return [(x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0];
}

const outside = (): { ok: false; problem: string } => fail(l10n.t('The box is outside the image, and a YOLO label file holds only boxes inside it.'));

/** A box line's (or a pose line's box) cx cy w h set from a box in image pixels [x, y, w, h]; the keypoints of a pose line stay. */
export function yoloBoxEdit(context: EditContext, box: readonly [number, number, number, number]): EditResult {
  const size = checkSize(context);
  if (size) return size;
  if (!context.annotation) return fail(l10n.t('The object\'s line is not in the file.'));
  const tokens = tokensOf(context.text, context.annotation);
  const kind = lineKind(tokens.length, context.yolo?.kptShape);
  if (kind !== 'box' && kind !== 'pose') return fail(l10n.t('The line is not a box (class cx cy w h).'));
  const numbers = boxNumbers(box, context);
  if (!numbers) return outside();
  const write = numberStyle(context);
  return { ok: true, replacements: inPlace(tokens.slice(1, 5), numbers.map(write)) };
}

/** The class id a label names: a class name of data.yaml / classes.txt, or a number ("3", "class 3"). */
export function yoloClassId(label: string, names: ReadonlyMap<number, string> | undefined): number | { problem: string } {
  for (const [id, name] of names ?? []) if (name === label) return id;
  const m = /^(?:class )?(\d+)$/.exec(label.trim());
  if (m && (!names || names.size === 0 || names.has(Number(m[1])))) return Number(m[1]);
  return { problem: names && names.size > 0
    ? l10n.t('No class of the dataset is named "{0}" (its names come from data.yaml or classes.txt). Add the name there first.', label)
    : l10n.t('"{0}" is no class id, and the dataset names no classes (no data.yaml or classes.txt with names was found): use a class number.', label) };
}

/** `points`: a segment line's coordinates replaced (in place when their count stays). */
export const yoloPointsWriter: EditWriter<'points'> = (context, edit) => {
  const size = checkSize(context);
  if (size) return size;
  if (!context.annotation) return fail(l10n.t('The object\'s line is not in the file.'));
  const tokens = tokensOf(context.text, context.annotation);
  if (lineKind(tokens.length, context.yolo?.kptShape) !== 'segment') return fail(l10n.t('The line is not a segment (class x1 y1 x2 y2 …): only a polygon\'s points can be moved this way.'));
  if (edit.points.length < 6) return fail(l10n.t('A polygon needs at least three points.'));
  const write = numberStyle(context);
  const written = edit.points.map((v, i) => write(v / (i % 2 === 0 ? context.imageW : context.imageH)));
  const coords = tokens.slice(1);
  if (coords.length === written.length) return { ok: true, replacements: inPlace(coords, written) };
  const sep = context.text.slice(tokens[0].end, tokens[1].start);
  return { ok: true, replacements: [{ start: coords[0].start, end: coords[coords.length - 1].end, text: written.join(sep) }] };
};

/** `add`: a new line at the end of the file (a box `class cx cy w h`, a polygon `class x1 y1 …`). */
export const yoloAddWriter: EditWriter<'add'> = (context, edit) => {
  if (edit.kind === 'line') return fail(l10n.t('YOLO label files have no line shapes: draw a box or a polygon.'));
  const size = checkSize(context);
  if (size) return size;
  const id = yoloClassId(edit.label, context.yolo?.names);
  if (typeof id !== 'number') return fail(id.problem);
  const write = numberStyle(context);
  let numbers: string[];
  if (edit.kind === 'rectangle') {
    const box = boxNumbers(edit.points, context);
    if (!box) return outside();
    numbers = box.map(write);
  } else {
    if (edit.points.length < 6) return fail(l10n.t('A polygon needs at least three points.'));
    numbers = edit.points.map((v, i) => write(v / (i % 2 === 0 ? context.imageW : context.imageH)));
  }
  const line = [String(id), ...numbers].join(separatorOf(context.text));
  const text = context.text;
  const eol = eolOf(text);
  // Blank or no text: the line and a line end; a last line without one keeps having none.
  if (/^\uFEFF?\s*$/.test(text)) return { ok: true, replacements: [{ start: text.length, end: text.length, text: `${line}${eol}` }] };
  if (text.endsWith('\n')) return { ok: true, replacements: [{ start: text.length, end: text.length, text: `${line}${eol}` }] };
  return { ok: true, replacements: [{ start: text.length, end: text.length, text: `${eol}${line}` }] };
};

/** The separator the file's lines use between numbers (its first: a space, almost always). */
function separatorOf(text: string): string {
  const m = /\S([ \t]+)\S/.exec(text);
  return m ? m[1] : ' ';
}

/** Where the physical line holding `span` starts and ends (before its line end), and where its line end ends. */
function physicalLine(text: string, span: Span): { start: number; end: number; next: number } {
  const start = text.lastIndexOf('\n', span.start - 1) + 1;
  const lf = text.indexOf('\n', span.end);
  if (lf === -1) return { start, end: text.length, next: text.length };
  return { start, end: lf > 0 && text[lf - 1] === '\r' ? lf - 1 : lf, next: lf + 1 };
}

/** `delete`: the object's line with its line end (the last line: with the line end before it, so no blank line is left). */
export const yoloDeleteWriter: EditWriter<'delete'> = (context) => {
  if (!context.annotation) return fail(l10n.t('The object\'s line is not in the file.'));
  const text = context.text;
  const line = physicalLine(text, context.annotation);
  const start = line.start === 0 && text.charCodeAt(0) === 0xfeff ? 1 : line.start;
  if (line.next > line.end) return { ok: true, replacements: [{ start, end: line.next, text: '' }] };
  // The last line, without a line end: the line end before it goes too (the file still ends without one).
  let before = start;
  if (before > 0 && text[before - 1] === '\n') before--;
  if (before > 0 && text[before - 1] === '\r') before--;
  return { ok: true, replacements: [{ start: before, end: line.end, text: '' }] };
};

/** `relabel`: the line's class id. */
export const yoloRelabelWriter: EditWriter<'relabel'> = (context, edit) => {
  if (!context.annotation) return fail(l10n.t('The object\'s line is not in the file.'));
  const id = yoloClassId(edit.label, context.yolo?.names);
  if (typeof id !== 'number') return fail(id.problem);
  const [first] = tokensOf(context.text, context.annotation);
  if (!first) return fail(l10n.t('The object\'s line is not in the file.'));
  return { ok: true, replacements: first.text === String(id) ? [] : [{ start: first.start, end: first.end, text: String(id) }] };
};

/** `duplicate`: a copy of the line after it, shifted by the offset (its box centre, its points, a pose line's labelled keypoints). */
export const yoloDuplicateWriter: EditWriter<'duplicate'> = (context, edit) => {
  const size = checkSize(context);
  if (size) return size;
  if (!context.annotation) return fail(l10n.t('The object\'s line is not in the file.'));
  const tokens = tokensOf(context.text, context.annotation);
  const kptShape = context.yolo?.kptShape;
  const kind = lineKind(tokens.length, kptShape);
  if (!kind) return fail(l10n.t('The line is not an object the preview can copy.'));
  const dx = edit.offset[0] / context.imageW;
  const dy = edit.offset[1] / context.imageH;
  const write = numberStyle(context);
  const shifted = new Map<number, string>();
  const shift = (i: number, d: number): void => {
    if (d !== 0) shifted.set(i, write(Number(tokens[i].text) + d));
  };
  if (kind === 'segment') for (let i = 1; i < tokens.length; i++) shift(i, i % 2 === 1 ? dx : dy);
  else {
    shift(1, dx);
    shift(2, dy);
    if (kind === 'pose' && kptShape) {
      const [k, d] = kptShape;
      for (let j = 0; j < k; j++) {
        const at = 5 + j * d;
        // Keypoints of v = 0 (not labelled, written 0 0) stay.
        if (d === 3 && !(Number(tokens[at + 2].text) > 0)) continue;
        shift(at, dx);
        shift(at + 1, dy);
      }
    }
  }
  let copy = context.text.slice(context.annotation.start, context.annotation.end);
  for (const i of [...shifted.keys()].sort((a, b) => b - a)) {
    const t = tokens[i];
    copy = copy.slice(0, t.start - context.annotation.start) + shifted.get(i) + copy.slice(t.end - context.annotation.start);
  }
  const line = physicalLine(context.text, context.annotation);
  const indent = context.text.slice(line.start, context.annotation.start);
  return { ok: true, replacements: [{ start: line.end, end: line.end, text: `${eolOf(context.text)}${indent}${copy}` }] };
};
