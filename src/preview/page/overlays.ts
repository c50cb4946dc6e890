// The page's side of masks and keypoints: normalized keypoints (YOLO pose) scaled to the image,
// and the root element's data-* attributes that say what is drawn (for tests, like data-visible-shapes).
import { overlayCounts, type KeypointOverlay, type MaskOverlay } from '../model/overlays';
import type { Annotations } from './protocol';

export function pixelOverlays(annotations: Annotations | undefined, width: number, height: number): { masks: MaskOverlay[]; keypoints: KeypointOverlay[] } {
  const masks = annotations?.masks ?? [];
  let keypoints = annotations?.keypoints ?? [];
  if (annotations?.normalized) {
    keypoints = keypoints.map((set) => ({ ...set, points: set.points.map((v, i) => (i % 3 === 0 ? v * width : i % 3 === 1 ? v * height : v)) }));
  }
  return { masks, keypoints };
}

/** data-masks, data-keypoints ("filled hollow"), data-skeleton: what the overlay layer draws now. */
export function markOverlays(root: HTMLElement, annotations: Annotations | undefined, visible: ReadonlySet<number>): void {
  const counts = overlayCounts(annotations?.masks ?? [], annotations?.keypoints ?? [], visible);
  root.dataset.masks = String(counts.masks);
  root.dataset.keypoints = `${counts.visible} ${counts.hidden}`;
  root.dataset.skeleton = String(counts.edges);
}
