// The editor's COCO features, pure (no vscode): hover on ids and geometry, go to definition and
// find references between `image_id` / `category_id` and the image and category entries, completion
// of ids in use, and the outline (images → their annotations, ordered by category). They read the
// document's one parse through DocumentIndex; positions come from locatePaths, one pass per request.
import * as l10n from '@vscode/l10n';
import { categoriesById, cocoBbox, cocoLists, imagesById, isCocoId, polygonsArea, readSegmentation, type CocoImage } from '../annotations/coco';
import { decodeRleCounts, rleArea, RleError } from '../annotations/rle';
import { isObject } from '../core/json';
import type { JsonPath } from '../core/jsonScan';
import type { JsonUnit } from '../validation/analyze';
import type { Suggestion } from './completion';
import { DocumentIndex } from './documentIndex';
import type { HoverResult } from './hover';
import type { Outline, OutlineSymbol } from './symbols';

export interface Span {
  start: number;
  end: number;
}

const n = (v: number) => (Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100));

/** The id an `image_id` / `category_id` value (or an image's / category's own `id`) at a path refers to. */
export interface IdAt {
  kind: 'image' | 'category';
  id: number;
  /** the path of the id's value */
  path: JsonPath;
  /** an entry's own `id` (not a reference to it) */
  own: boolean;
}

function isResults(unit: JsonUnit | undefined): boolean {
  return Array.isArray(unit?.value);
}

/** Which id the path is on, if any. */
export function idAt(unit: JsonUnit | undefined, path: JsonPath): IdAt | undefined {
  if (!unit) return undefined;
  const last = path[path.length - 1];
  const value = DocumentIndex.valueAt(unit, path);
  if (!isCocoId(value)) return undefined;
  if (last === 'image_id') return { kind: 'image', id: value, path, own: false };
  if (last === 'category_id') return { kind: 'category', id: value, path, own: false };
  if (last === 'id' && path.length === 3 && (path[0] === 'images' || path[0] === 'categories') && !isResults(unit)) {
    return { kind: path[0] === 'images' ? 'image' : 'category', id: value, path, own: true };
  }
  return undefined;
}

/** The id under the offset: on the number token of an id's value. */
function idUnder(index: DocumentIndex, offset: number): { id: IdAt; unit: JsonUnit; span: Span } | undefined {
  if (index.format !== 'coco' || !index.parsed) return undefined;
  const loc = index.locationAt(offset);
  const prev = loc.previousNode;
  if (!loc.unit || loc.isAtPropertyKey || !prev || prev.type !== 'number' || offset < prev.start || offset > prev.end) return undefined;
  const id = idAt(loc.unit, loc.path);
  return id ? { id, unit: loc.unit, span: { start: prev.start, end: prev.end } } : undefined;
}

function entryIndex(unit: JsonUnit, kind: 'image' | 'category', id: number): number | undefined {
  const lists = cocoLists(unit.value);
  const map = kind === 'image' ? imagesById(lists.images) : categoriesById(lists.categories);
  return map.get(id)?.index;
}

/** Go to definition: from an `image_id` / `category_id` to the entry with that id (its whole object, and its `id` value). */
export function cocoDefinition(index: DocumentIndex, offset: number): { target: Span; selection: Span } | undefined {
  const at = idUnder(index, offset);
  if (!at || at.id.own) return undefined;
  const k = entryIndex(at.unit, at.id.kind, at.id.id);
  if (k === undefined) return undefined;
  const list = at.id.kind === 'image' ? 'images' : 'categories';
  const entryPath: JsonPath = [list, k];
  const idPath: JsonPath = [list, k, 'id'];
  const ranges = index.rangesOf(at.unit, [entryPath, idPath]);
  const entry = ranges.get(entryPath);
  const idRange = ranges.get(idPath);
  return entry && idRange ? { target: { start: entry.start, end: entry.end }, selection: { start: idRange.start, end: idRange.end } } : undefined;
}

/** The paths that refer to an image or category id: annotations' ids, and panoptic segments' category ids. */
function referencePaths(unit: JsonUnit, kind: 'image' | 'category', id: number): JsonPath[] {
  const lists = cocoLists(unit.value);
  const base: JsonPath = lists.results ? [] : ['annotations'];
  const key = kind === 'image' ? 'image_id' : 'category_id';
  const out: JsonPath[] = [];
  lists.annotations.forEach((a, i) => {
    if (!isObject(a)) return;
    if (a[key] === id) out.push([...base, i, key]);
    if (kind === 'category' && Array.isArray(a.segments_info)) {
      a.segments_info.forEach((s, j) => {
        if (isObject(s) && s.category_id === id) out.push([...base, i, 'segments_info', j, 'category_id']);
      });
    }
  });
  return out;
}

/** Find references: every use of the id under the offset (and the entry's own `id` when includeDeclaration). */
export function cocoReferences(index: DocumentIndex, offset: number, includeDeclaration: boolean): Span[] | undefined {
  const at = idUnder(index, offset);
  if (!at) return undefined;
  const paths = referencePaths(at.unit, at.id.kind, at.id.id);
  if (includeDeclaration && !isResults(at.unit)) {
    const k = entryIndex(at.unit, at.id.kind, at.id.id);
    if (k !== undefined) paths.unshift([at.id.kind === 'image' ? 'images' : 'categories', k, 'id']);
  }
  const ranges = index.rangesOf(at.unit, paths);
  const out: Span[] = [];
  for (const p of paths) {
    const r = ranges.get(p);
    if (r) out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** The image entry of the annotation at `path` (through its image_id). */
function imageOfAnnotation(unit: JsonUnit, path: JsonPath): CocoImage | undefined {
  const base = isResults(unit) ? path.slice(0, 1) : path[0] === 'annotations' ? path.slice(0, 2) : undefined;
  if (!base || base.length === 0) return undefined;
  const a = DocumentIndex.valueAt(unit, base);
  if (!isObject(a) || !isCocoId(a.image_id)) return undefined;
  return imagesById(cocoLists(unit.value).images).get(a.image_id);
}

function annotationBase(unit: JsonUnit, path: JsonPath): JsonPath | undefined {
  if (isResults(unit)) return typeof path[0] === 'number' ? path.slice(0, 1) : undefined;
  return path[0] === 'annotations' && typeof path[1] === 'number' ? path.slice(0, 2) : undefined;
}

function idHover(unit: JsonUnit, at: IdAt): string {
  const lists = cocoLists(unit.value);
  const uses = referencePaths(unit, at.kind, at.id).length;
  const usedBy = uses === 1 ? l10n.t('used by 1 annotation') : l10n.t('used by {0} annotations', uses);
  if (at.kind === 'category') {
    const c = categoriesById(lists.categories).get(at.id);
    if (lists.results) return l10n.t('**Category {0}** (the ground truth names it)', at.id) + '\n\n' + usedBy;
    if (!c) return l10n.t('**Category {0}**: no category in `categories` has this id', at.id);
    const entry = lists.categories[c.index] as Record<string, unknown>;
    const sup = typeof entry.supercategory === 'string' && entry.supercategory !== '' ? ` (${entry.supercategory})` : '';
    const keypoints = Array.isArray(entry.keypoints) && entry.keypoints.length > 0 ? '\n\n' + l10n.t('{0} keypoints: {1}', entry.keypoints.length, entry.keypoints.slice(0, 20).map(String).join(', ')) : '';
    return l10n.t('**Category {0}**: {1}', at.id, `\`${c.name ?? '?'}\`${sup}`) + keypoints + '\n\n' + usedBy;
  }
  if (lists.results) return l10n.t('**Image {0}** (the ground truth names its file)', at.id) + '\n\n' + usedBy;
  const image = imagesById(lists.images).get(at.id);
  if (!image) return l10n.t('**Image {0}**: no image in `images` has this id', at.id);
  const size = image.width !== undefined && image.height !== undefined ? `, ${image.width}×${image.height}` : '';
  return l10n.t('**Image {0}**: {1}', at.id, `\`${image.fileName ?? '?'}\`${size}`) + '\n\n' + usedBy;
}

function boxHover(box: { x: number; y: number; w: number; h: number }, image: CocoImage | undefined): string {
  const lines = [
    l10n.t('**Box** [x, y, width, height]: from ({0}, {1}) to ({2}, {3})', n(box.x), n(box.y), n(box.x + box.w), n(box.y + box.h)),
    l10n.t('width {0}, height {1}, area {2}', n(box.w), n(box.h), n(box.w * box.h)),
  ];
  if (image?.width !== undefined && image.height !== undefined) {
    const W = image.width;
    const H = image.height;
    const outside = box.x < 0 || box.y < 0 || box.x + box.w > W || box.y + box.h > H;
    const share = W * H > 0 ? (100 * Math.max(0, box.w) * Math.max(0, box.h)) / (W * H) : 0;
    lines.push(
      outside
        ? l10n.t('image `{0}` {1}×{2}: the box reaches outside it', image.fileName ?? '?', W, H)
        : l10n.t('image `{0}` {1}×{2}: the box covers {3}% of it', image.fileName ?? '?', W, H, n(share)),
    );
  }
  return lines.join('\n\n');
}

function segmentationHover(value: unknown): string | undefined {
  const seg = readSegmentation(value);
  if (seg.kind === 'polygons') {
    const points = seg.polygons.reduce((s, p) => s + Math.floor(p.length / 2), 0);
    return seg.polygons.length === 1
      ? l10n.t('**Polygon** of {0} points, area {1}', points, n(polygonsArea(seg.polygons)))
      : l10n.t('**{0} polygons**, {1} points in all, area {2}', seg.polygons.length, points, n(polygonsArea(seg.polygons)));
  }
  if (seg.kind === 'rle') {
    const size = Array.isArray(seg.size) && seg.size.length === 2 ? `${seg.size[0]}×${seg.size[1]}` : '?';
    const how = typeof seg.counts === 'string' ? l10n.t('compressed') : l10n.t('uncompressed');
    try {
      const counts = decodeRleCounts(seg.counts);
      return l10n.t('**RLE mask** ({0}), size [height, width] {1}: {2} runs, {3} px foreground', how, size, counts.length, rleArea(counts));
    } catch (error) {
      if (!(error instanceof RleError)) throw error;
      return l10n.t('**RLE mask** ({0}), size {1}: cannot be decoded ({2})', how, size, error.message);
    }
  }
  return undefined;
}

/** Hover for COCO: ids (what they refer to), a bbox (corners, size, against its image), a segmentation. */
export function cocoHover(index: DocumentIndex, offset: number): HoverResult | undefined {
  if (index.format !== 'coco' || !index.parsed) return undefined;
  const at = idUnder(index, offset);
  if (at) return { markdown: idHover(at.unit, at.id), ...at.span };
  const loc = index.locationAt(offset);
  const unit = loc.unit;
  if (!unit || loc.isAtPropertyKey) return undefined;
  const base = annotationBase(unit, loc.path);
  if (!base) return undefined;
  const key = loc.path[base.length];
  if (key !== 'bbox' && key !== 'segmentation') return undefined;
  const geometryPath = [...base, key];
  const value = DocumentIndex.valueAt(unit, geometryPath);
  let markdown: string | undefined;
  if (key === 'bbox') {
    const box = cocoBbox(value);
    if (box) markdown = boxHover(box, imageOfAnnotation(unit, base));
  } else markdown = segmentationHover(value);
  if (!markdown) return undefined;
  const r = index.rangesOf(unit, [geometryPath]).get(geometryPath);
  return r ? { markdown, start: r.start, end: r.end } : undefined;
}

/** Completion of the ids in use: category ids (with their names) at `category_id`, image ids (with their files) at `image_id`. */
export function cocoCompletions(index: DocumentIndex, offset: number, max = 2000): (Suggestion & { filterText?: string })[] {
  if (index.format !== 'coco') return [];
  const loc = index.locationAt(offset);
  if (loc.isAtPropertyKey || !loc.unit) return [];
  const last = loc.path[loc.path.length - 1];
  if (last !== 'category_id' && last !== 'image_id' && last !== 'supercategory') return [];
  const prev = loc.previousNode;
  const onToken = prev && prev.type !== 'object' && prev.type !== 'array' && offset >= prev.start && offset <= prev.end;
  const replace = onToken ? { start: prev.start, end: prev.end } : { start: offset, end: offset };
  const lists = cocoLists(loc.unit.value);
  const out: (Suggestion & { filterText?: string })[] = [];
  if (last === 'category_id') {
    for (const [id, c] of categoriesById(lists.categories)) {
      if (out.length >= max) break;
      out.push({ label: String(id), kind: 'value', snippet: false, insertText: String(id), detail: c.name, filterText: `${id} ${c.name ?? ''}`, replace, sortText: String(out.length).padStart(6, '0') });
    }
  } else if (last === 'image_id') {
    for (const [id, image] of imagesById(lists.images)) {
      if (out.length >= max) break;
      const size = image.width !== undefined && image.height !== undefined ? ` ${image.width}×${image.height}` : '';
      out.push({ label: String(id), kind: 'value', snippet: false, insertText: String(id), detail: `${image.fileName ?? ''}${size}`, filterText: `${id} ${image.fileName ?? ''}`, replace, sortText: String(out.length).padStart(6, '0') });
    }
  } else {
    const seen = new Set<string>();
    for (const c of lists.categories) {
      if (isObject(c) && typeof c.supercategory === 'string' && c.supercategory !== '' && !seen.has(c.supercategory)) seen.add(c.supercategory);
    }
    for (const s of seen) out.push({ label: s, kind: 'value', snippet: false, insertText: JSON.stringify(s), detail: l10n.t('supercategory in use'), replace });
  }
  return out;
}

function annotationDetail(a: Record<string, unknown>): string {
  const seg = readSegmentation(a.segmentation);
  const parts = [`id ${isCocoId(a.id) ? a.id : '?'}`];
  if (cocoBbox(a.bbox)) parts.push('bbox');
  if (seg.kind === 'polygons' || seg.kind === 'flat') parts.push('polygon');
  if (seg.kind === 'rle') parts.push('RLE');
  if (Array.isArray(a.keypoints)) parts.push('keypoints');
  if (typeof a.score === 'number') parts.push(`score ${n(a.score)}`);
  return parts.join(' · ');
}

/** Outline: images with their annotations (by category name), the categories; for results, each detection. */
export function cocoOutline(index: DocumentIndex, maxItems: number): Outline {
  const symbols: OutlineSymbol[] = [];
  let count = 0;
  let omitted = 0;
  const room = () => (count < maxItems ? (count++, true) : (omitted++, false));
  if (index.format !== 'coco' || !index.parsed) return { symbols, omitted };
  const unit = index.analysis.units[0];
  const lists = cocoLists(unit.value);
  const categories = categoriesById(lists.categories);
  const categoryName = (id: unknown) => (isCocoId(id) ? categories.get(id)?.name ?? `category ${id}` : '(no category)');
  const segments = index.levels()[1];
  const rangeOf = new Map<string, Span>();
  for (const s of segments) rangeOf.set(s.path.join('/'), s);

  if (lists.results) {
    lists.annotations.forEach((a, i) => {
      const r = rangeOf.get(String(i));
      if (!isObject(a) || !r || !room()) return;
      symbols.push({ name: l10n.t('image {0}: {1}', isCocoId(a.image_id) ? a.image_id : '?', isCocoId(a.category_id) ? a.category_id : '?'), detail: annotationDetail(a), kind: 'annotation', start: r.start, end: r.end, children: [] });
    });
    return { symbols, omitted };
  }

  const byImage = new Map<number, OutlineSymbol>();
  lists.images.forEach((image, i) => {
    const r = rangeOf.get(`images/${i}`);
    if (!isObject(image) || !r || !room()) return;
    const symbol: OutlineSymbol = { name: typeof image.file_name === 'string' ? image.file_name : l10n.t('(no file_name)'), detail: `id ${isCocoId(image.id) ? image.id : '?'}`, kind: 'image', start: r.start, end: r.end, children: [] };
    if (isCocoId(image.id) && !byImage.has(image.id)) byImage.set(image.id, symbol);
    symbols.push(symbol);
  });
  // Each image's annotations, grouped by category (in the order of `categories`), then by position.
  const order = new Map<number, number>([...categories].map(([id, c]) => [id, c.index]));
  const children = new Map<OutlineSymbol, { rank: number; i: number; symbol: OutlineSymbol }[]>();
  const loose: OutlineSymbol[] = [];
  lists.annotations.forEach((a, i) => {
    const r = rangeOf.get(`annotations/${i}`);
    if (!isObject(a) || !r) return;
    const parent = isCocoId(a.image_id) ? byImage.get(a.image_id) : undefined;
    if (!room()) return;
    const symbol: OutlineSymbol = { name: categoryName(a.category_id), detail: annotationDetail(a), kind: 'annotation', start: r.start, end: r.end, children: [] };
    if (!parent) {
      loose.push(symbol);
      return;
    }
    const list = children.get(parent) ?? [];
    list.push({ rank: isCocoId(a.category_id) ? order.get(a.category_id) ?? Infinity : Infinity, i, symbol });
    children.set(parent, list);
  });
  for (const [parent, list] of children) {
    list.sort((p, q) => p.rank - q.rank || p.i - q.i);
    parent.children = list.map((c) => c.symbol);
    parent.detail += ` · ${list.length === 1 ? l10n.t('1 annotation') : l10n.t('{0} annotations', list.length)}`;
  }
  const annotationsPath: JsonPath = ['annotations'];
  const categoriesPath: JsonPath = ['categories'];
  const keys = index.rangesOf(unit, [annotationsPath, categoriesPath]);
  const annotationsKey = keys.get(annotationsPath);
  if (loose.length > 0 && annotationsKey) {
    symbols.push({ name: l10n.t('annotations of no image'), detail: String(loose.length), kind: 'key', start: annotationsKey.keyStart ?? annotationsKey.start, end: annotationsKey.end, children: loose });
  }
  const ck = keys.get(categoriesPath);
  if (ck && lists.categories.length > 0) {
    const group: OutlineSymbol = { name: 'categories', detail: String(lists.categories.length), kind: 'key', start: ck.keyStart ?? ck.start, end: ck.end, children: [] };
    lists.categories.forEach((c, i) => {
      const r = rangeOf.get(`categories/${i}`);
      if (!isObject(c) || !r || !room()) return;
      group.children.push({ name: typeof c.name === 'string' ? c.name : '?', detail: `id ${isCocoId(c.id) ? c.id : '?'}`, kind: 'annotation', start: r.start, end: r.end, children: [] });
    });
    symbols.push(group);
  }
  return { symbols, omitted };
}
