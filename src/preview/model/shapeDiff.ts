// Which shapes of the image shown changed between two versions of the file, so an edit sends the
// webview those shapes only (an `annotationsPatch`), not every shape of the image again. The change
// is one splice: the shapes before it are the same, those after it the same but for their
// annotation index moved by `shift` (an annotation deleted or added before them); the page applies
// it to the annotations it has. Pure and DOM-free: the host computes it, the page applies it.
import type { Shape } from '../../annotations/geometry';
import type { Annotations, AnnotationsPatch, HostToWebview } from '../page/protocol';

/** shapes[start, start + deleteCount) became `insert`; the shapes after them moved their index by `shift`. */
export interface ShapeSplice {
  start: number;
  deleteCount: number;
  insert: Shape[];
  shift: number;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], bb[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    // The same keys in the same order: what the page shows of attributes keeps their order.
    if (ka[i] !== kb[i] || !sameValue((a as Record<string, unknown>)[ka[i]], (b as Record<string, unknown>)[kb[i]])) return false;
  }
  return true;
}

/** The same shape, but for its annotation index, which is `shift` more in `b`. */
function sameShape(a: Shape, b: Shape, shift: number): boolean {
  // The model keeps the shapes of entries an edit did not touch: the same objects.
  if (a === b) return shift === 0;
  if (b.index !== a.index + shift || a.kind !== b.kind || a.label !== b.label || a.points.length !== b.points.length) return false;
  for (let i = 0; i < a.points.length; i++) if (a.points[i] !== b.points[i] && !(Number.isNaN(a.points[i]) && Number.isNaN(b.points[i]))) return false;
  return sameValue({ ...a, index: 0, points: 0 }, { ...b, index: 0, points: 0 });
}

/** The one splice that turns `before` into `after` (the longest same prefix, then the longest same suffix). */
export function diffShapes(before: readonly Shape[], after: readonly Shape[]): ShapeSplice {
  const min = Math.min(before.length, after.length);
  let p = 0;
  while (p < min && sameShape(before[p], after[p], 0)) p++;
  const shift = before.length > p && after.length > p ? after[after.length - 1].index - before[before.length - 1].index : 0;
  let s = 0;
  while (s < min - p && sameShape(before[before.length - 1 - s], after[after.length - 1 - s], shift)) s++;
  return { start: p, deleteCount: before.length - p - s, insert: after.slice(p, after.length - s), shift: s > 0 ? shift : 0 };
}

/** `shapes` with the splice applied (a new list; the shapes kept are shared, moved ones copied). */
export function applySplice(shapes: readonly Shape[], splice: ShapeSplice): Shape[] {
  const out = shapes.slice(0, splice.start);
  for (const s of splice.insert) out.push(s);
  for (let i = splice.start + splice.deleteCount; i < shapes.length; i++) out.push(splice.shift ? { ...shapes[i], index: shapes[i].index + splice.shift } : shapes[i]);
  return out;
}

/**
 * What to send for `next` when the page has `last` (revision `last.rev`): a patch when only some
 * shapes of the same image changed, else the whole annotations. `rev` numbers what is sent.
 */
export function annotationsMessage(last: Annotations | undefined, next: Annotations, rev: number): HostToWebview {
  const full: HostToWebview = { type: 'annotations', annotations: { ...next, rev } };
  // COCO's masks and keypoints hang off the shapes' indexes: sent whole.
  if (!last || last.rev === undefined || last.index !== next.index || last.image !== next.image || last.masks || last.keypoints || next.masks || next.keypoints) return full;
  const splice = diffShapes(last.shapes, next.shapes);
  // Most shapes changed (a new normalized-or-pixel reading, a pasted image): the whole list is no bigger.
  if (splice.insert.length > 1 && splice.insert.length * 2 > next.shapes.length) return full;
  // Every field but the shapes goes along as it is (editVersion, editOps, labels …): the page's are replaced.
  const rest: Partial<Annotations> = { ...next };
  delete rest.shapes;
  delete rest.masks;
  delete rest.keypoints;
  delete rest.rev;
  const patch = { ...rest, base: last.rev, rev, splice, count: next.shapes.length } as AnnotationsPatch;
  return { type: 'annotationsPatch', patch };
}

/**
 * The page's annotations after a patch, or undefined when the patch is not for what the page has
 * (another image, another revision): then the page asks for everything again.
 */
export function patchedAnnotations(current: Annotations | undefined, patch: AnnotationsPatch): Annotations | undefined {
  if (!current || current.rev !== patch.base || current.index !== patch.index || current.image !== patch.image) return undefined;
  const { splice } = patch;
  if (splice.start + splice.deleteCount > current.shapes.length) return undefined;
  const shapes = applySplice(current.shapes, splice);
  if (shapes.length !== patch.count) return undefined;
  // As a whole `annotations` message: a field the patch does not carry (no editVersion: read-only now) is absent.
  const rest: Partial<AnnotationsPatch> = { ...patch };
  delete rest.base;
  delete rest.splice;
  delete rest.count;
  const out = { ...rest, shapes } as Annotations;
  return out;
}
