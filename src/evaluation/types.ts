// The evaluation engine's view of an annotation file: images, each with its shapes in file order.
// The adapters in ./adapters/ turn MetaLake and COCO files into this, so the engine never sees a
// file format (and a shared annotation model can replace the adapters later without touching it).

import type { Ring, ShapeKind } from '../annotations/geometry';

export type { Ring, ShapeKind } from '../annotations/geometry';

export interface SetAnnotation {
  label: string;
  kind: ShapeKind;
  /** as written (confidence or score); undefined when the file gives none */
  confidence?: number;
  /** [x, y, w, h] with w, h ≥ 0: the box itself, or the bounds of a polygon or line */
  bbox: [number, number, number, number];
  /** the box that box evaluation (`--iou-type bbox`) uses: a rectangle's, or a COCO annotation's `bbox` */
  box?: [number, number, number, number];
  /** polygons: one ring per part (COCO segmentations may have several) */
  parts?: Ring[];
  /** COCO `iscrowd`: a region, not an object (ignored the way pycocotools ignores it) */
  crowd?: boolean;
  /** index in its image's annotation list (MetaLake) or in the file's `annotations` (COCO) */
  index: number;
  /** position among all the file's annotations, 0-based: the file order that breaks ties */
  order: number;
}

export interface SetImage {
  /** what images are matched by: MetaLake `image`, COCO `file_name` (or the id when there is none) */
  key: string;
  /** COCO image id */
  id?: number | string;
  /** position of the entry in the file's image list */
  index: number;
  width?: number;
  height?: number;
  annotations: SetAnnotation[];
}

export type SetFormat = 'metalake' | 'coco' | 'coco-results';

export interface AnnotationSet {
  format: SetFormat;
  images: SetImage[];
  /** every coordinate within [0, 1] (MetaLake's normalized form) */
  normalized: boolean;
  /** annotations left out because they have no usable geometry or label, by reason */
  skipped: Map<string, number>;
  /** COCO category id → name */
  categories?: Map<number | string, string>;
}

export function countSkip(set: { skipped: Map<string, number> }, reason: string): void {
  set.skipped.set(reason, (set.skipped.get(reason) ?? 0) + 1);
}
