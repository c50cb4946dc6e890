// COCO → AnnotationSet. Two shapes:
// - a COCO dataset (ground truth, or detections kept the same way): `images` [{id, file_name,
//   width, height}], `annotations` [{image_id, category_id, bbox, segmentation, iscrowd, score?}],
//   `categories` [{id, name}];
// - a COCO results file: a top-level list of {image_id, category_id, bbox | segmentation, score}.
//   It names images and labels only by id, so they are resolved against a COCO dataset (the truth)
//   when there is one; otherwise the ids themselves are the image keys and labels.
import { countSkip, type AnnotationSet, type Ring, type SetAnnotation, type SetImage } from '../types';
import { boundsOf, confidenceOf, positiveBox } from './metalake';
import { isNumber as isNum, isObject } from '../../core/json';

const isId = (v: unknown): v is number | string => isNum(v) || (typeof v === 'string' && v !== '');

export function looksLikeCoco(value: unknown): boolean {
  return isObject(value) && Array.isArray(value.images) && Array.isArray(value.annotations);
}

export function looksLikeCocoResults(value: unknown): boolean {
  return Array.isArray(value) && value.every((d) => isObject(d) && isId(d.image_id));
}

/** COCO polygons: a list of flat [x0, y0, x1, y1, ...] lists, one per part. RLE gives undefined. */
function polygonParts(seg: unknown): Ring[] | undefined | 'rle' {
  if (isObject(seg)) return 'rle';
  if (!Array.isArray(seg)) return undefined;
  const parts: Ring[] = [];
  for (const flat of seg) {
    if (!Array.isArray(flat) || flat.length < 6 || flat.length % 2 !== 0 || !flat.every(isNum)) continue;
    const ring: Ring = [];
    for (let i = 0; i < flat.length; i += 2) ring.push([flat[i] as number, flat[i + 1] as number]);
    parts.push(ring);
  }
  return parts.length > 0 ? parts : undefined;
}

function toAnnotation(set: AnnotationSet, a: Record<string, unknown>, label: string, index: number): SetAnnotation | undefined {
  const out: SetAnnotation = { label, kind: 'rectangle', bbox: [0, 0, 0, 0], index, order: index };
  const b = a.bbox;
  if (Array.isArray(b) && b.length === 4 && b.every(isNum)) {
    out.box = positiveBox(b as number[]);
    out.bbox = out.box;
  }
  const parts = polygonParts(a.segmentation);
  if (parts === 'rle') countSkip(set, 'RLE segmentations, not read (segm evaluation leaves them out)');
  else if (parts) {
    out.parts = parts;
    out.kind = 'polygon';
    if (!out.box) out.bbox = boundsOf(parts.flat());
  }
  if (!out.box && !out.parts) {
    countSkip(set, 'annotations without a bbox or a polygon segmentation, left out');
    return undefined;
  }
  const confidence = confidenceOf(a);
  if (confidence !== undefined) out.confidence = confidence;
  if (a.iscrowd === 1 || a.iscrowd === true) out.crowd = true;
  return out;
}

export function readCoco(value: unknown): AnnotationSet {
  const set: AnnotationSet = { format: 'coco', images: [], normalized: false, skipped: new Map(), categories: new Map() };
  if (!isObject(value)) return set;
  for (const c of Array.isArray(value.categories) ? value.categories : []) {
    if (isObject(c) && isId(c.id)) set.categories!.set(c.id, typeof c.name === 'string' ? c.name : String(c.id));
  }
  const byId = new Map<number | string, SetImage>();
  (value.images as unknown[]).forEach((im, index) => {
    if (!isObject(im)) return;
    const id = isId(im.id) ? im.id : undefined;
    const key = typeof im.file_name === 'string' && im.file_name !== '' ? im.file_name : id !== undefined ? String(id) : '';
    const image: SetImage = { key, index, annotations: [] };
    if (id !== undefined) image.id = id;
    if (isNum(im.width) && im.width > 0) image.width = im.width;
    if (isNum(im.height) && im.height > 0) image.height = im.height;
    set.images.push(image);
    if (id !== undefined && !byId.has(id)) byId.set(id, image);
  });
  (value.annotations as unknown[]).forEach((a, index) => {
    if (!isObject(a)) return countSkip(set, 'annotations that are not objects, left out');
    const image = isId(a.image_id) ? byId.get(a.image_id) : undefined;
    if (!image) return countSkip(set, 'annotations whose image_id is not in images, left out');
    const label = isId(a.category_id) ? (set.categories!.get(a.category_id) ?? String(a.category_id)) : undefined;
    if (label === undefined) return countSkip(set, 'annotations without a category_id, left out');
    const ann = toAnnotation(set, a, label, index);
    if (ann) image.annotations.push(ann);
  });
  return set;
}

/**
 * A results list. `context` (the truth, when it is a COCO dataset) gives each image_id its image
 * and each category_id its name; without it, ids are the keys and labels.
 */
export function readCocoResults(value: unknown, context?: AnnotationSet): AnnotationSet {
  const set: AnnotationSet = { format: 'coco-results', images: [], normalized: false, skipped: new Map() };
  const list = Array.isArray(value) ? value : [];
  const known = new Map<number | string, SetImage>();
  for (const im of context?.images ?? []) if (im.id !== undefined && !known.has(im.id)) known.set(im.id, im);
  const images = new Map<number | string, SetImage>();
  list.forEach((d: unknown, index: number) => {
    if (!isObject(d) || !isId(d.image_id)) return countSkip(set, 'results without an image_id, left out');
    if (!isId(d.category_id)) return countSkip(set, 'results without a category_id, left out');
    let image = images.get(d.image_id);
    if (!image) {
      const truth = known.get(d.image_id);
      image = { key: truth?.key ?? String(d.image_id), id: d.image_id, index: images.size, annotations: [] };
      if (truth?.width !== undefined) image.width = truth.width;
      if (truth?.height !== undefined) image.height = truth.height;
      images.set(d.image_id, image);
      set.images.push(image);
    }
    const label = context?.categories?.get(d.category_id) ?? String(d.category_id);
    const ann = toAnnotation(set, d, label, index);
    if (ann) image.annotations.push(ann);
  });
  return set;
}
