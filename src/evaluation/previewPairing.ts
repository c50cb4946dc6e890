// The overlay preview's evaluation: the file shown (ground truth or predictions) paired with the
// file picked to compare it with, image by image the way compare.ts pairs them (by key, else by a
// unique base name), the boxes of each side for the page's matcher, the way to the next false
// positive or negative, and where each annotation sits in its file. Pure: no vscode, no file access.
import type { JsonPath } from '../core/jsonScan';
import { ImageMatcher, type ImageMatch, type MatchBox } from './imageMatch';
import type { AnnotationSet, SetAnnotation, SetImage } from './types';

export type Role = 'truth' | 'predictions';
/** `own`: the file the preview shows; `other`: the file picked to compare with */
export type Side = 'own' | 'other';

/** What the page gets per image: the boxes of both sides. Own boxes carry their annotation index in the image (the preview's), other boxes their position in the other file. */
export interface ImageBoxes {
  ownRole: Role;
  truth: MatchBox[];
  predictions: MatchBox[];
  /** the side's coordinates are normalized (0..1): the page scales them by the image size */
  truthNormalized: boolean;
  predictionsNormalized: boolean;
}

export interface MatchParams {
  iou: number;
  minConfidence?: number;
  /** labels hidden in the legend: left out of the matching shown and of the navigation */
  hidden?: readonly string[];
}

export interface StepTarget {
  /** the preview's image entry */
  image: number;
  side: Side;
  /** the box's id on that side (see ImageBoxes) */
  id: number;
}

const baseName = (key: string): string => key.split(/[\\/]/).pop() ?? key;

/** Which role a file plays, from its content: a COCO results list, or annotations with confidences, are predictions. */
export function guessRole(set: AnnotationSet): Role | undefined {
  if (set.format === 'coco-results') return 'predictions';
  let total = 0;
  let scored = 0;
  for (const im of set.images) {
    for (const a of im.annotations) {
      total++;
      if (a.confidence !== undefined) scored++;
    }
  }
  if (total === 0) return undefined;
  if (scored === 0) return 'truth';
  return scored === total ? 'predictions' : undefined;
}

/** Where an annotation is in its file's JSON, by the set's format. */
export function annotationPath(set: AnnotationSet, image: SetImage, a: SetAnnotation): JsonPath {
  if (set.format === 'coco') return ['annotations', a.index];
  if (set.format === 'coco-results') return [a.index];
  return ['images', image.index, 'annotations', a.index];
}

export class EvaluationPairing {
  readonly truth: AnnotationSet;
  readonly predictions: AnnotationSet;
  /** other-side annotations by their position in the file (`order`), with their image */
  private readonly otherByOrder = new Map<number, { image: SetImage; a: SetAnnotation }>();
  /** the other side's images, by the truth key of the image they pair with */
  private readonly otherBySlot = new Map<string, SetImage[]>();
  /** truth keys, and base names of truth keys (null: two truth keys share it) */
  private readonly truthKeys = new Set<string>();
  private readonly truthByBase = new Map<string, string | null>();
  private readonly matchers = new Map<number, ImageMatcher>();
  private readonly boxes = new Map<number, ImageBoxes>();

  constructor(
    readonly own: AnnotationSet,
    readonly other: AnnotationSet,
    readonly ownRole: Role,
  ) {
    this.truth = ownRole === 'truth' ? own : other;
    this.predictions = ownRole === 'truth' ? other : own;
    for (const im of this.truth.images) {
      if (this.truthKeys.has(im.key)) continue;
      this.truthKeys.add(im.key);
      const b = baseName(im.key);
      this.truthByBase.set(b, this.truthByBase.has(b) ? null : im.key);
    }
    for (const im of other.images) {
      const slot = ownRole === 'truth' ? this.slotOf(im.key) : im.key;
      if (slot !== undefined) {
        const list = this.otherBySlot.get(slot);
        if (list) list.push(im);
        else this.otherBySlot.set(slot, [im]);
      }
      for (const a of im.annotations) this.otherByOrder.set(a.order, { image: im, a });
    }
  }

  /** The truth key a predictions image pairs with (compare's rule: its key, else a unique base name). */
  private slotOf(key: string): string | undefined {
    if (this.truthKeys.has(key)) return key;
    return this.truthByBase.get(baseName(key)) ?? undefined;
  }

  /** The own set's image of the preview's entry `index`. */
  ownImage(index: number): SetImage | undefined {
    return this.own.images.find((im) => im.index === index);
  }

  /** The other side's images paired with the preview's entry. */
  otherImages(index: number): SetImage[] {
    const im = this.ownImage(index);
    if (!im) return [];
    const slot = this.ownRole === 'truth' ? im.key : this.slotOf(im.key);
    return slot === undefined ? [] : this.otherBySlot.get(slot) ?? [];
  }

  /** Both sides' boxes for the preview's entry `index`. */
  imageBoxes(index: number): ImageBoxes {
    const cached = this.boxes.get(index);
    if (cached) return cached;
    const own = ownBoxes(this.ownImage(index)?.annotations ?? []);
    const other = ownBoxes(this.otherImages(index).flatMap((im) => im.annotations), (a) => a.order);
    const normalized = { truthNormalized: this.truth.normalized, predictionsNormalized: this.predictions.normalized };
    const out: ImageBoxes = this.ownRole === 'truth' ? { ownRole: 'truth', truth: own, predictions: other, ...normalized } : { ownRole: 'predictions', truth: other, predictions: own, ...normalized };
    this.boxes.set(index, out);
    return out;
  }

  matchAt(index: number, params: MatchParams): ImageMatch {
    let m = this.matchers.get(index);
    if (!m) {
      const b = this.imageBoxes(index);
      this.matchers.set(index, (m = new ImageMatcher(b.truth, b.predictions)));
    }
    const hidden = params.hidden?.length ? new Set(params.hidden) : undefined;
    return m.match(params.iou, params.minConfidence, hidden ? (l) => !hidden.has(l) : undefined);
  }

  /**
   * The next (or previous) false positive or negative after `from`, through the preview's entries
   * in order and, within one, by id; wraps around. Undefined when there is none.
   */
  step(kind: 'fp' | 'fn', direction: 1 | -1, from: { image: number; side?: Side; id?: number }, entries: number, params: MatchParams): StepTarget | undefined {
    if (entries <= 0) return undefined;
    const side: Side = (kind === 'fp') === (this.ownRole === 'predictions') ? 'own' : 'other';
    const after = from.id !== undefined && from.side === side ? from.id : undefined;
    for (let n = 0; n <= entries; n++) {
      const image = (((from.image + direction * n) % entries) + entries) % entries;
      const m = this.matchAt(image, params);
      const ids = kind === 'fp' ? m.falsePositives : m.falseNegatives;
      const ordered = direction === 1 ? ids : [...ids].reverse();
      if (n === 0 && after !== undefined) {
        const next = ordered.find((id) => (direction === 1 ? id > after : id < after));
        if (next !== undefined) return { image, side, id: next };
        continue;
      }
      // Back at the start: its ids before the selection (the others were seen at n = 0).
      if (n === entries && after === undefined) break;
      if (ordered.length > 0) return { image, side, id: ordered[0] };
    }
    return undefined;
  }

  /** Where the box `id` of a side is: which file's JSON path (own: in the preview's entry `image`). */
  locate(image: number, side: Side, id: number): { set: AnnotationSet; path: JsonPath } | undefined {
    if (side === 'own') {
      const im = this.ownImage(image);
      const a = im?.annotations.find((x) => x.index === id);
      return im && a ? { set: this.own, path: annotationPath(this.own, im, a) } : undefined;
    }
    const hit = this.otherByOrder.get(id);
    return hit ? { set: this.other, path: annotationPath(this.other, hit.image, hit.a) } : undefined;
  }
}

function ownBoxes(annotations: readonly SetAnnotation[], id: (a: SetAnnotation) => number = (a) => a.index): MatchBox[] {
  const out: MatchBox[] = [];
  for (const a of annotations) {
    if (!a.box) continue;
    const m: MatchBox = { index: id(a), label: a.label, box: a.box };
    if (a.confidence !== undefined) m.confidence = a.confidence;
    if (a.crowd) m.crowd = true;
    out.push(m);
  }
  return out;
}
