// The shape edits the preview can ask for, and what writes each into a file's text. Each op is a
// pure function from the text and where the edit lands in it to the replacements that make it
// (src/annotations/edits.ts's Replacement); the preview's host applies them as one WorkspaceEdit
// (src/preview/host/shapeEdits.ts). A format lists the ops it can write in its table below; the
// page offers only those (Annotations.editOps).
import type { Replacement } from './edits';
import type { ShapeKind } from './geometry';
import { cocoAddWriter, cocoDeleteWriter, cocoDuplicateWriter, cocoPointsWriter, cocoRelabelWriter } from './cocoEdits';
import { yoloAddWriter, yoloDeleteWriter, yoloDuplicateWriter, yoloPointsWriter, yoloRelabelWriter } from './yoloEdits';
import { deleteWriter, duplicateWriter, relabelWriter } from './shapeOps';
import { insertShape } from './shapeInsert';
import { pointsWriter } from './pointEdits';

export type ShapeEdit =
  /** a polygon's or line's points replaced (moved, inserted or removed vertices; the whole shape moved): flat x0, y0, x1, y1, … in image pixels; `part`: which of the annotation's polygons when it has several (a COCO segmentation), default 0 */
  | { op: 'points'; annotation: number; points: number[]; part?: number }
  /** a new shape: a rectangle's points are [x, y, width, height], a polygon's or line's flat x0, y0, … (image pixels) */
  | { op: 'add'; kind: ShapeKind; label: string; points: number[] }
  | { op: 'delete'; annotation: number }
  | { op: 'relabel'; annotation: number; label: string }
  /** a copy of the annotation (all its keys), its geometry shifted by offset (image pixels) */
  | { op: 'duplicate'; annotation: number; offset: [number, number] };

export type ShapeEditOp = ShapeEdit['op'];


/** Where an edit lands: the text, the image entry and the annotation it names, and how the file writes numbers. */
export interface EditContext {
  text: string;
  /** [start, end) of the image entry (its object) in `text` */
  entry: { start: number; end: number };
  /** [start, end) of the annotation the edit names (undefined for `add`) */
  annotation?: { start: number; end: number };
  /** the file's coordinates are fractions of the image size */
  normalized: boolean;
  /** the image's size in pixels: a normalized file's values are the edit's pixels divided by it */
  imageW: number;
  imageH: number;
  /** decimals a normalized value is written with (enough for one pixel of this image, at least the file's own) */
  decimals?: number;
  /** a YOLO label file's dataset: class id → name (data.yaml or classes.txt), and a pose dataset's kpt_shape */
  yolo?: { names?: ReadonlyMap<number, string>; kptShape?: readonly [number, number] };
}

/** The replacements that make the edit, or why it cannot be made (in words for the user). */
export type EditResult = { ok: true; replacements: Replacement[] } | { ok: false; problem: string };

export type EditWriter<K extends ShapeEditOp> = (context: EditContext, edit: Extract<ShapeEdit, { op: K }>) => EditResult;
export type EditWriters = { [K in ShapeEditOp]?: EditWriter<K> };

/** The edits a MetaLake annotation file can take from the preview (boxes move and resize through edits.ts's boxEdit). */
export const METALAKE_WRITERS: EditWriters = { points: pointsWriter, add: insertShape, delete: deleteWriter, relabel: relabelWriter, duplicate: duplicateWriter };

/** A COCO ground-truth file's edits (src/annotations/cocoEdits.ts; boxes through its cocoBoxEdit). */
export const COCO_WRITERS: EditWriters = { points: cocoPointsWriter, add: cocoAddWriter, delete: cocoDeleteWriter, relabel: cocoRelabelWriter, duplicate: cocoDuplicateWriter };

/** A YOLO label file's edits (src/annotations/yoloEdits.ts; boxes through its yoloBoxEdit). */
export const YOLO_WRITERS: EditWriters = { points: yoloPointsWriter, add: yoloAddWriter, delete: yoloDeleteWriter, relabel: yoloRelabelWriter, duplicate: yoloDuplicateWriter };

/** The ops a table writes, for the page. */
export const opsOf = (writers: EditWriters): ShapeEditOp[] => (Object.keys(writers) as ShapeEditOp[]).filter((k) => writers[k] !== undefined);
