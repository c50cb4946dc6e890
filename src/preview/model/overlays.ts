// What the preview draws beside boxes, polygons and lines: run-length masks (COCO RLE) and keypoint
// sets with their skeleton. Data only, sent to the page with the shapes (protocol.ts); the page's
// overlay layer draws them. Each belongs to an annotation (`index`, as Shape.index), whose box
// carries the hover, the selection and the filters.
import type { Rle } from '../../annotations/cocoRle';

export interface MaskOverlay {
  /** the annotation's index in its image, as Shape.index */
  index: number;
  label: string;
  confidence?: number;
  /** the mask: size and runs (uncompressed counts, column-major) */
  rle: Rle;
}

export interface KeypointOverlay {
  index: number;
  label: string;
  confidence?: number;
  /** COCO's triples: x, y, v per keypoint (v 0: not labelled, 1: labelled but not visible, 2: visible) */
  points: number[];
  /** edges as pairs of 0-based keypoint indexes */
  skeleton: [number, number][];
  /** the category's keypoint names, when it has them */
  names?: string[];
}

/** How many of the overlays are drawn for the visible annotations: for the page's test hooks. */
export function overlayCounts(
  masks: readonly MaskOverlay[],
  keypoints: readonly KeypointOverlay[],
  visible: ReadonlySet<number>,
): { masks: number; visible: number; hidden: number; edges: number } {
  let m = 0;
  let shown = 0;
  let hollow = 0;
  let edges = 0;
  for (const mask of masks) if (visible.has(mask.index)) m++;
  for (const set of keypoints) {
    if (!visible.has(set.index)) continue;
    for (let i = 2; i < set.points.length; i += 3) {
      if (set.points[i] === 2) shown++;
      else if (set.points[i] === 1) hollow++;
    }
    edges += drawnEdges(set).length;
  }
  return { masks: m, visible: shown, hidden: hollow, edges };
}

/** The skeleton edges whose both ends are labelled (v > 0): the ones drawn. */
export function drawnEdges(set: KeypointOverlay): [number, number][] {
  const v = (k: number): number => set.points[3 * k + 2] ?? 0;
  return set.skeleton.filter(([a, b]) => v(a) > 0 && v(b) > 0);
}
