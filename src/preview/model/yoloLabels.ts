// The preview's view of YOLO label files: each line an object (`class cx cy w h` a box,
// `class x1 y1 x2 y2 …` a polygon, a pose line a box and its keypoints), in normalized coordinates
// the page scales by the image size; labels from the class names; and where each object's line is,
// so a line and its shape point at each other. The image ↔ label pairing is Ultralytics' rule. Pure.
import type { Shape } from '../../annotations/geometry';
import type { KeypointOverlay } from './overlays';

export interface YoloObjects {
  shapes: Shape[];
  keypoints: KeypointOverlay[];
  /** lines with something but nothing drawable (the diagnostics say why) */
  skipped: number;
  /** [start, end) of each object's line (its index is the object's: Shape.index) */
  lines: { start: number; end: number }[];
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The objects of a label file. `names`: class id → name (ids without one are labelled "class N");
 * `kptShape`: a pose dataset's [keypoints, values per keypoint], so its lines read as box + keypoints.
 * Every non-blank line is an object, drawable or not, so indexes follow the lines.
 */
export function yoloObjects(text: string, names?: ReadonlyMap<number, string>, kptShape?: readonly [number, number]): YoloObjects {
  const out: YoloObjects = { shapes: [], keypoints: [], skipped: 0, lines: [] };
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start <= text.length) {
    let lf = text.indexOf('\n', start);
    if (lf === -1) lf = text.length;
    let end = lf;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    const content = text.slice(start, end);
    const tokens = content.trim().split(/\s+/).filter((t) => t !== '');
    if (tokens.length > 0) {
      const lead = content.length - content.trimStart().length;
      const index = out.lines.length;
      out.lines.push({ start: start + lead, end: start + content.trimEnd().length });
      if (!readLine(tokens, index, names, kptShape, out)) out.skipped++;
    }
    if (lf === text.length) break;
    start = lf + 1;
  }
  return out;
}

function readLine(tokens: string[], index: number, names: ReadonlyMap<number, string> | undefined, kptShape: readonly [number, number] | undefined, out: YoloObjects): boolean {
  if (!tokens.every((t) => NUMBER.test(t))) return false;
  const v = tokens.map(Number);
  const id = v[0];
  if (!Number.isInteger(id) || id < 0) return false;
  const label = names?.get(id) ?? `class ${id}`;
  const poseColumns = kptShape ? 5 + kptShape[0] * kptShape[1] : undefined;
  if (v.length === 5 || (poseColumns !== undefined && v.length === poseColumns)) {
    const [, cx, cy, w, h] = v;
    if (!(w > 0 && h > 0)) return false;
    out.shapes.push({ index, kind: 'rectangle', points: [cx - w / 2, cy - h / 2, w, h], label });
    if (kptShape && v.length === poseColumns) {
      const [k, d] = kptShape;
      const points: number[] = [];
      // Values per keypoint 2 (x y: all visible) or 3 (x y visibility).
      for (let i = 0; i < k; i++) points.push(v[5 + i * d], v[6 + i * d], d === 3 ? v[7 + i * d] : 2);
      out.keypoints.push({ index, label, points, skeleton: [] });
    }
    return true;
  }
  if (v.length >= 7 && (v.length - 1) % 2 === 0) {
    out.shapes.push({ index, kind: 'polygon', points: v.slice(1), label });
    return true;
  }
  return false;
}

/** Index of the object whose line holds the offset (its end counts), or undefined. */
export function objectAt(lines: readonly { start: number; end: number }[], offset: number): number | undefined {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid].end < offset) lo = mid + 1;
    else if (lines[mid].start > offset) hi = mid - 1;
    else return mid;
  }
  return undefined;
}

