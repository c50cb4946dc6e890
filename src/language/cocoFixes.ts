// Quick fixes for the COCO codes (src/validation/cocoChecks.ts and cocoMasks.ts), pure: each is
// computed from the parsed value and the ranges of just the paths it touches. The flat
// segmentation fix and the generic ones (a negative box size, a score written as a percentage, a
// value with `data.replacement` such as the image size) live in quickFixes.ts.
import * as l10n from '@vscode/l10n';
import { cocoBbox, cocoLists, imagesById, isCocoId, polygonsArea, readSegmentation } from '../annotations/coco';
import { clampBox, type Box } from '../annotations/geometry';
import { isNumber, isObject } from '../core/json';
import type { JsonPath } from '../core/jsonScan';
import { rleCountsArea } from '../validation/cocoMasks';
import type { JsonUnit } from '../validation/analyze';
import type { Problem } from '../validation/problems';
import { DocumentIndex } from './documentIndex';
import type { Fix, TextEdit } from './quickFixes';

const num = (v: number) => String(Math.round(v * 100) / 100);
const boxText = (b: Box) => `[${num(b.x)}, ${num(b.y)}, ${num(b.w)}, ${num(b.h)}]`;

function replaceValue(index: DocumentIndex, unit: JsonUnit, path: JsonPath, newText: string): TextEdit | undefined {
  const r = index.rangesOf(unit, [path]).get(path);
  return r ? { start: r.start, end: r.end, newText } : undefined;
}

/** The annotation a problem is in: its path ([i] in a results file, ['annotations', i] otherwise). */
function annotationPath(unit: JsonUnit, path: JsonPath): JsonPath | undefined {
  if (Array.isArray(unit.value)) return typeof path[0] === 'number' ? path.slice(0, 1) : undefined;
  return path[0] === 'annotations' && typeof path[1] === 'number' ? path.slice(0, 2) : undefined;
}

/** What `area` should be: the polygons' area, the mask's pixels, or the box's area for a box alone. */
export function expectedArea(a: Record<string, unknown>): number | undefined {
  const seg = readSegmentation(a.segmentation);
  if (seg.kind === 'polygons' && seg.polygons.every((p) => p.length >= 6 && p.length % 2 === 0)) return polygonsArea(seg.polygons);
  if (seg.kind === 'rle') return rleCountsArea(seg.counts);
  const box = cocoBbox(a.bbox);
  if (seg.kind === 'none' && box && box.w > 0 && box.h > 0) return box.w * box.h;
  return undefined;
}

/** Insert `"key": value` as the last member of the object at `path`. */
function appendMember(index: DocumentIndex, unit: JsonUnit, path: JsonPath, key: string, value: string): TextEdit | undefined {
  const r = index.rangesOf(unit, [path]).get(path);
  if (!r) return undefined;
  const text = index.text;
  let close = r.end - 1;
  if (text[close] !== '}') return undefined;
  let at = close;
  while (at > r.start && /\s/.test(text[at - 1])) at--;
  const empty = text[at - 1] === '{';
  close = at;
  return { start: close, end: close, newText: `${empty ? '' : ', '}"${key}": ${value}` };
}

function nextFreeId(list: readonly unknown[]): number {
  let max = 0;
  for (const item of list) if (isObject(item) && isNumber(item.id) && item.id > max) max = item.id;
  return Math.floor(max) + 1;
}

/** The fixes for one COCO problem; [] for codes that have none. */
export function cocoFixesFor(index: DocumentIndex, problem: Problem, unit: JsonUnit, path: JsonPath): Fix[] {
  const code = problem.code;
  const one = (title: string, edit: TextEdit | undefined, safe = false): Fix[] => (edit ? [{ title, code, edits: [edit], preferred: true, safe }] : []);
  const value = DocumentIndex.valueAt(unit, path);
  const base = annotationPath(unit, path);
  const annotation = base ? DocumentIndex.valueAt(unit, base) : undefined;
  const a = isObject(annotation) ? annotation : undefined;
  const image = a && isCocoId(a.image_id) ? imagesById(cocoLists(unit.value).images).get(a.image_id) : undefined;

  switch (code) {
    case 'coco-bbox-corners': {
      const box = cocoBbox(value);
      if (!box || box.w <= box.x || box.h <= box.y) return [];
      const fixed = { x: box.x, y: box.y, w: box.w - box.x, h: box.h - box.y };
      return one(l10n.t('Read as corners [x1, y1, x2, y2]: write [x, y, width, height] {0}', boxText(fixed)), replaceValue(index, unit, path, boxText(fixed)));
    }
    case 'coco-out-of-image': {
      const box = cocoBbox(value);
      if (!box || path[path.length - 1] !== 'bbox' || image?.width === undefined || image.height === undefined) return [];
      const clamped = clampBox(box, image.width, image.height);
      return clamped ? one(l10n.t('Clamp the box to the {0}×{1} image: {2}', image.width, image.height, boxText(clamped)), replaceValue(index, unit, path, boxText(clamped))) : [];
    }
    case 'coco-iscrowd-mismatch': {
      if (!a) return [];
      const seg = readSegmentation(a.segmentation);
      if (seg.kind === 'polygons' && a.iscrowd === 1) return one(l10n.t('Set iscrowd to 0 (a single object outlined by polygons)'), replaceValue(index, unit, path, '0'));
      if (seg.kind === 'rle' && a.iscrowd === 0) {
        const edit = replaceValue(index, unit, path, '1');
        return edit ? [{ title: l10n.t('Set iscrowd to 1 (a crowd region, as COCO stores RLE masks)'), code, edits: [edit], preferred: false, safe: false }] : [];
      }
      return [];
    }
    case 'coco-area-inconsistent': {
      const area = a && expectedArea(a);
      return area !== undefined ? one(l10n.t('Set area to {0}', num(area)), replaceValue(index, unit, path, num(area))) : [];
    }
    case 'coco-area-missing': {
      const area = a && expectedArea(a);
      return area !== undefined && base ? one(l10n.t('Add "area": {0}', num(area)), appendMember(index, unit, base, 'area', num(area)), true) : [];
    }
    case 'coco-num-keypoints': {
      const kp = a?.keypoints;
      if (!Array.isArray(kp) || !kp.every(isNumber)) return [];
      let labelled = 0;
      for (let i = 2; i < kp.length; i += 3) if (kp[i] > 0) labelled++;
      return one(l10n.t('Set num_keypoints to {0} (the keypoints with v > 0)', labelled), replaceValue(index, unit, path, String(labelled)), true);
    }
    case 'coco-duplicate-id':
    case 'coco-id-not-integer': {
      const listKey = path[0];
      if ((listKey !== 'images' && listKey !== 'annotations' && listKey !== 'categories') || !isObject(unit.value)) return [];
      const list = unit.value[listKey];
      if (!Array.isArray(list)) return [];
      const taken = new Set(list.map((x) => (isObject(x) ? x.id : undefined)));
      const rounded = typeof value === 'number' ? Math.round(value) : undefined;
      const id = code === 'coco-id-not-integer' && rounded !== undefined && !taken.has(rounded) ? rounded : nextFreeId(list);
      const note = listKey === 'annotations' ? '' : ' ' + l10n.t('(annotations that meant this entry still say the old id)');
      return one(l10n.t('Change the id to {0}', id) + note, replaceValue(index, unit, path, String(id)));
    }
    case 'coco-rle-size': {
      if (image?.width === undefined || image.height === undefined) return [];
      return one(l10n.t('Set size to [height, width] of the image: [{0}, {1}]', image.height, image.width), replaceValue(index, unit, path, `[${image.height}, ${image.width}]`));
    }
    default:
      return [];
  }
}
