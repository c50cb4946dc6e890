// Hover and completion on YOLO label lines (language `yolo-labels`): the class name and the object
// in pixels of its image; class ids with their names at the start of a line. Pure: the class list
// and the image size come in (validation/yoloFiles.ts finds them); the adapter is providers/yolo.ts.
import * as l10n from '@vscode/l10n';
import type { YoloClasses, YoloContext } from '../validation/yolo';

interface Token {
  text: string;
  start: number;
  end: number;
}

export interface LabelLine {
  /** 1-based */
  number: number;
  start: number;
  /** end of the content, before CR LF */
  end: number;
  tokens: Token[];
}

/** The line holding `offset`. */
export function labelLineAt(text: string, offset: number): LabelLine {
  const at = Math.max(0, Math.min(offset, text.length));
  let start = text.lastIndexOf('\n', at - 1) + 1;
  if (start === 0 && text.charCodeAt(0) === 0xfeff) start = 1;
  let end = text.indexOf('\n', at);
  if (end === -1) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  let number = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < start; i = text.indexOf('\n', i + 1)) number++;
  const tokens: Token[] = [];
  for (const m of text.slice(start, end).matchAll(/\S+/g)) tokens.push({ text: m[0], start: start + m.index, end: start + m.index + m[0].length });
  return { number, start, end, tokens };
}

/** Text from a file shown in Markdown: its characters, never markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1).replace(/\.0$/, '');
}

function className(classes: YoloClasses | undefined, id: number): string | undefined {
  return classes?.names?.get(id);
}

export interface LabelHover {
  markdown: string;
  start: number;
  end: number;
}

/**
 * What a label line is: its class (id, name, where the names come from) and the object, in
 * normalized coordinates and, when the image is known, in its pixels: a box's corners and size, a
 * polygon's point count and bounding box, a pose line's box and keypoints.
 */
export function yoloHover(text: string, offset: number, context: YoloContext = {}): LabelHover | undefined {
  const line = labelLineAt(text, offset);
  const { tokens } = line;
  if (tokens.length === 0 || offset < tokens[0].start || offset > tokens[tokens.length - 1].end) return undefined;
  const values = tokens.map((t) => Number(t.text));
  if (values.some((v) => !Number.isFinite(v))) return undefined;
  const [id] = values;
  const { classes, image } = context;
  const parts: string[] = [];
  const name = Number.isInteger(id) ? className(classes, id) : undefined;
  const from = classes?.source ? ` (${escapeMarkdown(classes.source)})` : '';
  if (name !== undefined) parts.push(l10n.t('**{0}**: class {1}{2}', escapeMarkdown(name), fmt(id), from));
  else if (classes?.names || classes?.nc !== undefined) parts.push(l10n.t('Class {0}: not one of the dataset\'s classes{1}', fmt(id), from));
  else parts.push(l10n.t('Class {0} (no class list found: data.yaml, classes.txt or obj.names)', fmt(id)));

  const kpt = classes?.kptShape;
  const isPose = kpt !== undefined && tokens.length === 5 + kpt[0] * kpt[1];
  const px = (x: number, y: number): string => (image ? `${fmt(x * image.width)}, ${fmt(y * image.height)}` : '');
  if (tokens.length === 5 || isPose) {
    const [, cx, cy, w, h] = values;
    const [x1, y1, x2, y2] = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
    if (image) {
      parts.push(
        l10n.t('Box in {0} ({1}×{2} px): from ({3}) to ({4}), {5}×{6} px', escapeMarkdown(image.name), image.width, image.height, px(x1, y1), px(x2, y2), fmt(w * image.width), fmt(h * image.height)),
      );
    } else {
      parts.push(l10n.t('Box: center ({0}, {1}), size {2}×{3} of the image (its image was not found, so no pixels)', fmt(cx), fmt(cy), fmt(w), fmt(h)));
    }
    if (isPose) {
      const visible = kpt[1] === 3 ? values.slice(5).filter((_, i) => i % 3 === 2 && values[5 + i] > 0).length : kpt[0];
      parts.push(l10n.t('{0} keypoints ({1} visible)', kpt[0], visible));
    }
  } else if (tokens.length >= 7 && (tokens.length - 1) % 2 === 0) {
    const xs = values.slice(1).filter((_, i) => i % 2 === 0);
    const ys = values.slice(1).filter((_, i) => i % 2 === 1);
    const [x1, y1, x2, y2] = [xs.reduce((a, b) => Math.min(a, b)), ys.reduce((a, b) => Math.min(a, b)), xs.reduce((a, b) => Math.max(a, b)), ys.reduce((a, b) => Math.max(a, b))];
    if (image) parts.push(l10n.t('Polygon of {0} points in {1} ({2}×{3} px), bounding box from ({4}) to ({5}), {6}×{7} px', xs.length, escapeMarkdown(image.name), image.width, image.height, px(x1, y1), px(x2, y2), fmt((x2 - x1) * image.width), fmt((y2 - y1) * image.height)));
    else parts.push(l10n.t('Polygon of {0} points (its image was not found, so no pixels)', xs.length));
  }
  return { markdown: parts.join('\n\n'), start: tokens[0].start, end: tokens[tokens.length - 1].end };
}

export interface ClassSuggestion {
  /** the id, as inserted */
  label: string;
  name: string;
  /** the range the id replaces */
  start: number;
  end: number;
  sortText: string;
}

/**
 * Class ids with their names, where a class id goes: the first token of a line (or an empty line).
 * Undefined elsewhere on the line, and when there is no class list.
 */
export function yoloClassCompletions(text: string, offset: number, classes: YoloClasses | undefined): ClassSuggestion[] | undefined {
  if (!classes) return undefined;
  const line = labelLineAt(text, offset);
  const first = line.tokens[0];
  let start = offset;
  let end = offset;
  if (first && offset >= first.start && offset <= first.end) [start, end] = [first.start, first.end];
  else if (first && offset > first.end) return undefined;
  else if (text.slice(line.start, offset).trim() !== '') return undefined;
  const ids = classes.names ? [...classes.names.keys()].sort((a, b) => a - b) : Array.from({ length: Math.min(classes.nc ?? 0, 10_000) }, (_, i) => i);
  const width = String(ids.length).length;
  return ids.map((id, i) => ({ label: String(id), name: classes.names?.get(id) ?? '', start, end, sortText: String(i).padStart(width, '0') }));
}
