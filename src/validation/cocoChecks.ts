// The checks of COCO files the schema cannot express: references between the lists (image_id,
// category_id), duplicate and non-integer ids, each annotation's geometry against its image
// (bbox, polygons, RLE masks, keypoints), crowd flags, areas, shared file names, and scores. The
// file is read through the annotation model's COCO adapter (src/annotations/coco.ts).
//
// Error or warning: what makes pycocotools, CVAT, detectron2 or mmdetection refuse or misread the
// file is an error; what loads but is probably a mistake (a zero-size box, an area that does not
// match, a shared file name) a warning; what real exporters write on purpose (RLE with iscrowd 0,
// as panopticapi's converter does) information. No `info` / `licenses` is not reported at all.
import {
  categoriesById,
  cocoBbox,
  cocoLists,
  imagesById,
  isCocoId,
  polygonsArea,
  polygonsExtent,
  readSegmentation,
  type CocoImage,
} from '../annotations/coco';
import type { JsonPath } from '../core/jsonScan';
import { isNumber, isObject, type Json } from '../core/json';
import type { PendingProblem, Severity, ProblemCode } from './problems';
import { checkCocoMasks, rleCountsArea } from './cocoMasks';
import { pushAll } from '../core/arrays';

/** Pixels a shape may pass the image's edge by (exporters round, and CVAT writes float noise). */
const EDGE_TOLERANCE = 1;

function problem(out: PendingProblem[], path: JsonPath, severity: Severity, code: ProblemCode, message: string, anchor: PendingProblem['anchor'] = 'value'): void {
  out.push({ path, anchor, severity, code, message });
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** Duplicate and non-integer `id`s in one list. */
function checkIds(list: readonly unknown[], key: 'images' | 'annotations' | 'categories', out: PendingProblem[]): void {
  const seen = new Map<number, number>();
  const what = key === 'images' ? 'image' : key === 'annotations' ? 'annotation' : 'category';
  list.forEach((item, i) => {
    if (!isObject(item) || !('id' in item)) return;
    const id = item.id;
    if (!isNumber(id)) return; // the schema reports the type
    if (!Number.isInteger(id)) {
      problem(out, [key, i, 'id'], 'error', 'coco-id-not-integer', `A COCO id is a whole number; ${num(id)} is not (pycocotools and CVAT look ids up as integers).`);
      return;
    }
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else problem(out, [key, i, 'id'], 'error', 'coco-duplicate-id', `Duplicate ${what} id ${id}: ${key}[${first}] has it too. Each ${what} needs its own id (pycocotools keeps only the last).`);
  });
}

function checkBox(a: Json, base: JsonPath, image: CocoImage | undefined, out: PendingProblem[]): void {
  const box = cocoBbox(a.bbox);
  if (!box) return;
  for (const [index, name] of [[2, 'width'], [3, 'height']] as const) {
    const size = index === 2 ? box.w : box.h;
    if (size < 0) problem(out, [...base, 'bbox', index], 'error', 'bbox-negative-size', `bbox ${name} must not be negative (${num(size)}); COCO boxes are [x, y, width, height].`);
    else if (size === 0) problem(out, [...base, 'bbox', index], 'warning', 'bbox-zero-size', `bbox ${name} is 0: the box covers no pixels (training code usually drops it).`);
  }
  const W = image?.width;
  const H = image?.height;
  if (W === undefined || H === undefined || box.w <= 0 || box.h <= 0) return;
  const outside = box.x < -EDGE_TOLERANCE || box.y < -EDGE_TOLERANCE || box.x + box.w > W + EDGE_TOLERANCE || box.y + box.h > H + EDGE_TOLERANCE;
  if (!outside) return;
  problem(
    out,
    [...base, 'bbox'],
    'warning',
    'coco-out-of-image',
    `The box [${num(box.x)}, ${num(box.y)}, ${num(box.w)}, ${num(box.h)}] reaches outside its ${W}×${H} image (to x ${num(box.x + box.w)}, y ${num(box.y + box.h)}).`,
  );
  // Read as corners, would it fit?
  // Not when the annotation's own polygons span the box as [x, y, w, h]: then the box is right and the shape is off.
  const seg = readSegmentation(a.segmentation);
  const extent = seg.kind === 'polygons' ? polygonsExtent(seg.polygons) : undefined;
  const near = (p: number, q: number) => Math.abs(p - q) <= EDGE_TOLERANCE;
  const polygonsAgree = extent !== undefined && near(extent[0], box.x) && near(extent[1], box.y) && near(extent[2], box.x + box.w) && near(extent[3], box.y + box.h);
  const asCorners = !polygonsAgree && box.w > box.x && box.h > box.y && box.x >= 0 && box.y >= 0 && box.w <= W + EDGE_TOLERANCE && box.h <= H + EDGE_TOLERANCE;
  if (asCorners) {
    problem(
      out,
      [...base, 'bbox'],
      'hint',
      'coco-bbox-corners',
      `This bbox reads like corners [x1, y1, x2, y2]; COCO wants [x, y, width, height]: [${num(box.x)}, ${num(box.y)}, ${num(box.w - box.x)}, ${num(box.h - box.y)}].`,
    );
  }
}

/** The segmentation's own checks; returns its area where it can be computed (undefined otherwise). */
function checkSegmentation(a: Json, base: JsonPath, image: CocoImage | undefined, out: PendingProblem[]): { area?: number; kind: string } {
  const seg = readSegmentation(a.segmentation);
  const path = [...base, 'segmentation'];
  const iscrowd = a.iscrowd;
  if (seg.kind === 'flat') {
    problem(out, path, 'error', 'coco-flat-segmentation', 'A COCO `segmentation` is a list of polygons, [[x1, y1, x2, y2, ...]]; this is one flat list of numbers (CVAT fails with "object of type \'float\' has no len()"). Wrap it in another [ ].');
    return { kind: seg.kind };
  }
  if (seg.kind === 'polygons') {
    let ok = true;
    seg.polygons.forEach((p, i) => {
      if (p.length % 2 === 1) {
        ok = false;
        problem(out, [...path, i], 'error', 'coco-polygon-odd-count', `A polygon is x, y pairs, but this one has ${p.length} numbers (an odd count).`);
      } else if (p.length < 6) {
        ok = false;
        problem(out, [...path, i], 'error', 'polygon-too-few-points', `A polygon needs at least 3 points (6 numbers); this one has ${p.length / 2}.`);
      }
    });
    if (iscrowd === 1) problem(out, [...base, 'iscrowd'], 'warning', 'coco-iscrowd-mismatch', '`iscrowd: 1` marks a crowd region, which COCO stores as an RLE mask, but this segmentation is polygons (pycocotools evaluation ignores crowd regions as matches).');
    const W = image?.width;
    const H = image?.height;
    const extent = polygonsExtent(seg.polygons);
    if (ok && extent && W !== undefined && H !== undefined) {
      const [x0, y0, x1, y1] = extent;
      if (x0 < -EDGE_TOLERANCE || y0 < -EDGE_TOLERANCE || x1 > W + EDGE_TOLERANCE || y1 > H + EDGE_TOLERANCE) {
        problem(out, path, 'warning', 'coco-out-of-image', `The polygons reach outside their ${W}×${H} image (x ${num(x0)} to ${num(x1)}, y ${num(y0)} to ${num(y1)}).`);
      }
    }
    return { area: ok ? polygonsArea(seg.polygons) : undefined, kind: seg.kind };
  }
  if (seg.kind === 'rle') {
    const size = seg.size;
    const W = image?.width;
    const H = image?.height;
    if (Array.isArray(size) && size.length === 2 && size.every(isNumber) && W !== undefined && H !== undefined && (size[0] !== H || size[1] !== W)) {
      const swapped = size[0] === W && size[1] === H ? ' (it is [width, height], swapped)' : '';
      problem(out, [...path, 'size'], 'error', 'coco-rle-size', `An RLE \`size\` is [height, width] of its image, [${H}, ${W}]; this one is [${size.join(', ')}]${swapped}.`);
    } else if (!(Array.isArray(size) && size.length === 2 && size.every(isNumber))) {
      problem(out, [...path, 'size'], 'error', 'coco-rle-size', 'An RLE mask needs `size`: [height, width] of its image.', 'size' in (a.segmentation as Json) ? 'value' : 'key');
    }
    if (iscrowd === 0) problem(out, [...base, 'iscrowd'], 'information', 'coco-iscrowd-mismatch', '`iscrowd: 0` with an RLE mask: COCO itself stores single objects as polygons and crowds as RLE (converters such as panopticapi write this on purpose).');
    return { area: rleCountsArea(seg.counts), kind: seg.kind };
  }
  return { kind: seg.kind };
}

function checkArea(a: Json, base: JsonPath, segArea: number | undefined, segKind: string, out: PendingProblem[]): void {
  const box = cocoBbox(a.bbox);
  const hasGeometry = box !== undefined || segKind === 'polygons' || segKind === 'rle';
  if (!hasGeometry) return;
  if (!('area' in a)) {
    problem(out, base, 'warning', 'coco-area-missing', 'This annotation has no `area`; pycocotools evaluation reads it (KeyError: \'area\') to sort objects into small, medium and large.', 'open');
    return;
  }
  const area = a.area;
  if (!isNumber(area)) return; // the schema reports the type
  const boxArea = box && box.w > 0 && box.h > 0 ? box.w * box.h : undefined;
  let expected: number | undefined;
  let from = '';
  let ok = true;
  if (segArea !== undefined && segKind === 'polygons') {
    expected = segArea;
    from = 'its polygons';
    // COCO's own areas count mask pixels, which differ from the polygon's exact area at the edges.
    ok = Math.abs(area - segArea) <= Math.max(2, 0.25 * segArea);
  } else if (segArea !== undefined && segKind === 'rle') {
    expected = segArea;
    from = 'its mask';
    ok = Math.abs(area - segArea) <= Math.max(1, 0.01 * segArea);
  } else if (segKind === 'none' && boxArea !== undefined) {
    expected = boxArea;
    from = 'its box';
    ok = Math.abs(area - boxArea) <= Math.max(1, 0.01 * boxArea);
  }
  if (ok && boxArea !== undefined && area > boxArea * 1.01 + 1 && expected === undefined) {
    expected = boxArea;
    from = 'its box (an area cannot exceed it)';
    ok = false;
  }
  if (!ok && expected !== undefined) problem(out, [...base, 'area'], 'warning', 'coco-area-inconsistent', `\`area\` is ${num(area)}, but ${from} cover${from.startsWith('its polygons') ? '' : 's'} ${num(expected)} px.`);
}

function checkKeypoints(a: Json, base: JsonPath, names: readonly unknown[] | undefined, out: PendingProblem[]): void {
  const kp = a.keypoints;
  if (!Array.isArray(kp) || !kp.every(isNumber)) return;
  const n = names && names.length > 0 ? names.length : undefined;
  if (n !== undefined && kp.length !== 3 * n) {
    problem(out, [...base, 'keypoints'], 'error', 'coco-keypoints-length', `\`keypoints\` holds x, y, v for each of the category's ${n} keypoints (${3 * n} numbers); this list has ${kp.length}.`);
    return;
  }
  if (kp.length % 3 !== 0) {
    problem(out, [...base, 'keypoints'], 'error', 'coco-keypoints-length', `\`keypoints\` is x, y, v triples; ${kp.length} numbers is not a multiple of 3.`);
    return;
  }
  if (isNumber(a.num_keypoints)) {
    let labelled = 0;
    for (let i = 2; i < kp.length; i += 3) if (kp[i] > 0) labelled++;
    if (a.num_keypoints !== labelled) problem(out, [...base, 'num_keypoints'], 'warning', 'coco-num-keypoints', `\`num_keypoints\` is ${a.num_keypoints}, but ${labelled} of the keypoints are labelled (v > 0).`);
  }
}

function checkScore(a: Json, base: JsonPath, out: PendingProblem[]): void {
  const score = a.score;
  if (isNumber(score) && (score < 0 || score > 1)) {
    const hint = score > 1 && score <= 100 ? ` If it is a percentage, write ${score / 100}.` : '';
    problem(out, [...base, 'score'], 'error', 'confidence-out-of-range', `A score must be between 0 and 1, not ${score} (COCO evaluation sorts and thresholds on it).${hint}`);
  }
}

export function checkCoco(doc: unknown): PendingProblem[] {
  const out: PendingProblem[] = [];
  const lists = cocoLists(doc);
  const key = lists.results ? [] : ['annotations'];
  if (!lists.results) {
    checkIds(lists.images, 'images', out);
    checkIds(lists.annotations, 'annotations', out);
    checkIds(lists.categories, 'categories', out);
  }
  const images = imagesById(lists.images);
  const categories = categoriesById(lists.categories);

  // Two image entries with one file.
  const files = new Map<string, number>();
  lists.images.forEach((image, i) => {
    if (!isObject(image) || typeof image.file_name !== 'string' || image.file_name === '') return;
    const first = files.get(image.file_name);
    if (first === undefined) files.set(image.file_name, i);
    else problem(out, ['images', i, 'file_name'], 'warning', 'duplicate-image', `images[${first}] has this file_name too: two image entries for one file, so its annotations are split between two ids.`);
  });

  lists.annotations.forEach((a, i) => {
    if (!isObject(a)) return;
    const base: JsonPath = [...key, i];
    const imageId = a.image_id;
    const image = isCocoId(imageId) ? images.get(imageId) : undefined;
    if (!lists.results && isCocoId(imageId) && !image) {
      const where = lists.has.images ? 'of any image in `images`' : 'of an image: the file has no `images` list';
      problem(out, [...base, 'image_id'], 'error', 'coco-unknown-image', `image_id ${imageId} is not the id ${where}.`);
    }
    const categoryId = a.category_id;
    const category = isCocoId(categoryId) ? categories.get(categoryId) : undefined;
    // Captions carry no real category (datumaro writes category_id 0 with no categories).
    if (!lists.results && isCocoId(categoryId) && !category && !('caption' in a)) {
      const where = lists.has.categories ? 'of any category in `categories`' : 'of a category: the file has no `categories` list';
      problem(out, [...base, 'category_id'], 'error', 'coco-unknown-category', `category_id ${categoryId} is not the id ${where}.`);
    }
    if (Array.isArray(a.segments_info)) {
      a.segments_info.forEach((s, j) => {
        if (isObject(s) && isCocoId(s.category_id) && !categories.has(s.category_id)) {
          problem(out, [...base, 'segments_info', j, 'category_id'], 'error', 'coco-unknown-category', `category_id ${s.category_id} is not the id of any category in \`categories\`.`);
        }
      });
    }
    checkBox(a, base, image, out);
    const seg = checkSegmentation(a, base, image, out);
    if (!lists.results) checkArea(a, base, seg.area, seg.kind, out);
    checkKeypoints(a, base, category?.keypoints, out);
    checkScore(a, base, out);
  });
  pushAll(out, checkCocoMasks(doc));
  return out;
}
