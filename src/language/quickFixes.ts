// Quick fixes keyed on diagnostic codes. Each computes text edits from the parsed value and the
// ranges of just the paths it touches, so a fix costs the same in a 40 MB file as in a small one.
import { boxOf, clampBox, normalizeBox, type Box } from '../annotations/geometry';
import type { JsonPath } from '../core/jsonScan';
import { isBbox } from '../annotations/metalake';
import { cornersReading } from '../validation/annotationChecks';
import type { JsonUnit } from '../validation/analyze';
import type { Problem, ProblemCode } from '../validation/problems';
import { DocumentIndex } from './documentIndex';
import { cocoFixesFor } from './cocoFixes';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  code: ProblemCode;
  edits: TextEdit[];
  preferred: boolean;
  /** safe to apply without looking (part of "fix all") */
  safe: boolean;
}

export interface FixContext {
  /** size of the image of the annotation entry the problem is in, when known */
  imageSize?: { width: number; height: number };
}

const num = (v: number) => String(Math.round(v * 1e6) / 1e6);
const boxText = (b: Box) => `[${num(b.x)}, ${num(b.y)}, ${num(b.w)}, ${num(b.h)}]`;

export function unitOf(index: DocumentIndex, offset: number): JsonUnit | undefined {
  return index.analysis.units.find((u) => u.start <= offset && offset <= u.end);
}

function replaceValue(index: DocumentIndex, unit: JsonUnit, path: JsonPath, newText: string): TextEdit | undefined {
  const r = index.rangesOf(unit, [path]).get(path);
  return r ? { start: r.start, end: r.end, newText } : undefined;
}

export { cornersReading };

export function cornersFix(index: DocumentIndex, unit: JsonUnit, bboxPath: JsonPath, ctx: FixContext): Fix | undefined {
  const bbox = DocumentIndex.valueAt(unit, bboxPath);
  if (!isBbox(bbox)) return undefined;
  const box = cornersReading(bbox, ctx.imageSize);
  const edit = box && replaceValue(index, unit, bboxPath, boxText(box));
  return edit ? { title: `Read bbox as corners (x1, y1, x2, y2): ${boxText(box!)}`, code: 'out-of-image', edits: [edit], preferred: false, safe: false } : undefined;
}

/** Titles of the fixes that replace a problem's own range with `data.replacement`. */
function replacementTitle(problem: Problem, original: string): string {
  switch (problem.code) {
    case 'jsonl-multiline-object':
      return 'Put the object on one line';
    case 'jsonl-array':
      return 'Write one object per line';
    case 'jsonl-blank-line':
      return /\n[\s\S]*\n/.test(original) ? 'Remove the blank lines' : 'Remove the blank line';
    default:
      break;
  }
  const replacement = problem.data?.replacement ?? '';
  const syntax = problem.data?.syntax;
  if (syntax === 'line-comment' || syntax === 'block-comment') return 'Remove the comment';
  if (syntax === 'single-quotes') return `Use double quotes: ${replacement}`;
  return `Replace ${original} with ${replacement}`;
}

/** `[x1, y1, x2, y2, ...]` as `[[x1, y1], [x2, y2], ...]`; undefined for an odd count. */
export function pairPoints(values: readonly number[]): string | undefined {
  if (values.length % 2 !== 0 || values.length === 0) return undefined;
  const pairs: string[] = [];
  for (let i = 0; i < values.length; i += 2) pairs.push(`[${num(values[i])}, ${num(values[i + 1])}]`);
  return `[${pairs.join(', ')}]`;
}

export function fixesFor(index: DocumentIndex, problem: Problem, ctx: FixContext = {}): Fix[] {
  const replacement = problem.data?.replacement;
  if (replacement !== undefined) {
    // Fixes of the text itself (parse errors, JSONL lines): no parsed value is needed.
    const end = problem.data?.replaceEnd ?? problem.end;
    const original = index.analysis.text.slice(problem.start, end);
    if (original === replacement) return [];
    const title = replacementTitle(problem, original.length > 40 ? original.slice(0, 40) + '…' : original);
    return [{ title, code: problem.code, edits: [{ start: problem.start, end, newText: replacement }], preferred: true, safe: problem.data?.safeReplacement === true }];
  }
  const unit = unitOf(index, problem.start);
  const path = problem.path;
  if (!unit || !path) return [];
  const value = DocumentIndex.valueAt(unit, path);
  const code = problem.code;
  const one = (title: string, edit: TextEdit | undefined, safe = true): Fix[] => (edit ? [{ title, code, edits: [edit], preferred: true, safe }] : []);

  switch (code) {
    case 'tags-not-list':
      if (typeof value === 'string') return one(`Make it a list: [${JSON.stringify(value)}]`, replaceValue(index, unit, path, `[${JSON.stringify(value)}]`));
      return [];
    case 'alias-not-string': {
      const first = Array.isArray(value) ? value.find((v) => typeof v === 'string') : undefined;
      return typeof first === 'string' ? one(`Use its first alias: ${JSON.stringify(first)}`, replaceValue(index, unit, path, JSON.stringify(first))) : [];
    }
    case 'flat-points': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) return [];
      const points = pairPoints(value as number[]);
      return points ? one(`Pair the numbers into points: ${points.length > 40 ? points.slice(0, 40) + '…' : points}`, replaceValue(index, unit, path, points)) : [];
    }
    case 'coco-flat-segmentation': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) return [];
      const polygon = `[[${(value as number[]).map(num).join(', ')}]]`;
      return one(`Make it a list of one polygon: ${polygon.length > 40 ? polygon.slice(0, 40) + '…' : polygon}`, replaceValue(index, unit, path, polygon));
    }
    case 'tags-key-case':
    case 'unknown-reserved-key':
    case 'unknown-key': {
      const suggestion = problem.data?.suggestion;
      return suggestion ? one(`Rename to "${suggestion}"`, { start: problem.start, end: problem.end, newText: JSON.stringify(suggestion) }) : [];
    }
    case 'bbox-negative-size': {
      const bboxPath = path.slice(0, -1);
      const bbox = DocumentIndex.valueAt(unit, bboxPath);
      if (!isBbox(bbox)) return [];
      const box = normalizeBox(boxOf(bbox));
      return one(`Normalize the box: ${boxText(box)}`, replaceValue(index, unit, bboxPath, boxText(box)));
    }
    case 'out-of-image': {
      if (path[path.length - 1] !== 'bbox' || !isBbox(value)) return [];
      const fixes: Fix[] = [];
      const size = ctx.imageSize;
      const normalized = problem.message.includes('normalized');
      const bounds = normalized ? { width: 1, height: 1 } : size;
      const clamped = bounds && clampBox(boxOf(value), bounds.width, bounds.height);
      const edit = clamped && replaceValue(index, unit, path, boxText(clamped));
      if (edit) fixes.push({ title: `Clamp the box to the image: ${boxText(clamped!)}`, code, edits: [edit], preferred: true, safe: false });
      const corners = normalized ? undefined : cornersFix(index, unit, path, ctx);
      if (corners) fixes.push(corners);
      return fixes;
    }
    case 'type-mismatch': {
      const shape = DocumentIndex.valueAt(unit, path.slice(0, -1));
      const geometry = shape && typeof shape === 'object' ? ['bbox', 'polygon', 'line'].find((k) => k in shape) : undefined;
      const type = geometry === 'bbox' ? 'rectangle' : geometry;
      return type ? one(`Change type to "${type}"`, replaceValue(index, unit, path, JSON.stringify(type))) : [];
    }
    case 'confidence-out-of-range':
      return typeof value === 'number' && value > 1 && value <= 100 ? one(`Read as a percentage: ${num(value / 100)}`, replaceValue(index, unit, path, num(value / 100))) : [];
    case 'polygon-repeats-first-point': {
      const k = path[path.length - 1];
      if (typeof k !== 'number' || k < 1) return [];
      const before = [...path.slice(0, -1), k - 1];
      const ranges = index.rangesOf(unit, [before, path]);
      const a = ranges.get(before);
      const b = ranges.get(path);
      return a && b ? one('Drop the repeated last point', { start: a.end, end: b.end, newText: '' }) : [];
    }
    default:
      return index.format === 'coco' ? cocoFixesFor(index, problem, unit, path) : [];
  }
}

/** Every safe fix for these problems, skipping any whose edits overlap one already taken. */
export function fixAll(index: DocumentIndex, problems: readonly Problem[], only?: ProblemCode): TextEdit[] {
  const taken: TextEdit[] = [];
  for (const p of problems) {
    if (only && p.code !== only) continue;
    const fix = fixesFor(index, p).find((f) => f.safe);
    if (!fix) continue;
    if (fix.edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end))) continue;
    taken.push(...fix.edits);
  }
  return taken.sort((a, b) => a.start - b.start);
}
