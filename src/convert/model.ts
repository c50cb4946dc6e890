// The converters' one intermediate form: a dataset of images, each with its annotations, and the
// categories (labels) in order. Readers (readers.ts) build it from MetaLake, COCO and YOLO; writers
// (writers.ts) write it out. Whatever a reader finds that the target cannot hold is named in a
// LossReport, so the user learns exactly what a conversion dropped. Pure: no disk, no vscode.
import * as l10n from '@vscode/l10n';
import type { ShapeKind } from '../annotations/geometry';

export const CONVERT_FORMATS = ['metalake', 'coco', 'yolo'] as const;
export type ConvertFormat = (typeof CONVERT_FORMATS)[number];

export type Coordinates = 'pixel' | 'normalized';

export interface ConvAnnotation {
  label: string;
  kind: ShapeKind;
  /** [x, y, w, h]: a rectangle's box, or the box COCO or YOLO gives beside a polygon or keypoints */
  bbox?: [number, number, number, number];
  /** polygon parts, each flat x1, y1, x2, y2, ... (COCO segmentations may have several) */
  polygons?: number[][];
  /** a line's points, flat */
  line?: number[];
  confidence?: number;
  /** MetaLake attributes ({name: [{value, confidence, metadata}]}) */
  attributes?: unknown;
  /** MetaLake metadata (free-form) */
  metadata?: unknown;
  /** COCO run-length mask, as written */
  rle?: unknown;
  /** COCO keypoints x, y, v, ... (pixels, or normalized with the dataset) */
  keypoints?: number[];
  /** COCO iscrowd: 1 */
  crowd?: boolean;
  /** COCO area as written (kept for RLE masks, recomputed otherwise) */
  area?: number;
  /** keys the target format has no place for, by name (reported when dropped) */
  extra?: Record<string, unknown>;
  /** where it came from, for the report: "image.jpg, annotation 3" */
  where: string;
}

export interface ConvImage {
  /** the image's file name as the source names it (MetaLake `image`, COCO `file_name`, YOLO image path) */
  file: string;
  width?: number;
  height?: number;
  /** COCO image id (kept when converting COCO → COCO is not a thing; used for the report) */
  id?: number;
  annotations: ConvAnnotation[];
  /** image keys the target may have no place for (COCO license, coco_url, date_captured, ...) */
  extra?: Record<string, unknown>;
}

export interface ConvCategory {
  name: string;
  /** COCO category id */
  id?: number;
  supercategory?: string;
  keypoints?: unknown[];
  skeleton?: unknown[];
}

export interface ConvDataset {
  source: ConvertFormat;
  images: ConvImage[];
  /** every label in order (COCO categories by id, YOLO ids, MetaLake first appearance) */
  categories: ConvCategory[];
  /** the coordinates of every shape: pixels, or 0..1 of the image */
  coordinates: Coordinates;
  /** top-level keys besides the images and annotations (COCO info, licenses, ...) */
  extra?: Record<string, unknown>;
  /** YOLO pose datasets: keypoints per object and values per keypoint */
  kptShape?: [number, number];
}

/** One kind of thing a conversion could not carry over, how often, and where (the first few). */
export interface Loss {
  code: string;
  message: string;
  count: number;
  examples: string[];
}

const MAX_EXAMPLES = 5;

/** What could not be carried over, by kind, in the order first met. */
export class LossReport {
  private readonly byCode = new Map<string, Loss>();

  add(code: string, message: string, where?: string, count = 1): void {
    let loss = this.byCode.get(code);
    if (!loss) this.byCode.set(code, (loss = { code, message, count: 0, examples: [] }));
    loss.count += count;
    if (where !== undefined && loss.examples.length < MAX_EXAMPLES) loss.examples.push(where);
  }

  get losses(): Loss[] {
    return [...this.byCode.values()];
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  get size(): number {
    return this.byCode.size;
  }
}

/** The report as text lines for the CLI and the editor: one line a kind, with examples. */
export function describeLosses(losses: readonly Loss[]): string[] {
  return losses.map((l) => {
    const more = l.count > l.examples.length && l.examples.length > 0 ? l10n.t(', …') : '';
    const where = l.examples.length > 0 ? ` (${l.examples.join('; ')}${more})` : '';
    return `${l.message} ×${l.count}${where}`;
  });
}

export function annotationWhere(file: string, index: number): string {
  return l10n.t('{0}, annotation {1}', file, index);
}
