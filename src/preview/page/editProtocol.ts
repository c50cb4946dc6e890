// The preview's shape edits beyond moving and resizing a box (protocol.ts's `editBox`): vertices,
// new shapes, relabel, delete and duplicate. One message carries one edit; the host writes it as one
// WorkspaceEdit on the document version the page's shapes came from, or refuses it with a message.
// Kept apart from protocol.ts, which joins it into its union.
import type { ShapeKind } from '../../annotations/geometry';

export type ShapeEdit =
  /** a polygon's or line's points replaced (moved, inserted or removed vertices; the whole shape moved): flat x0, y0, x1, y1, … in image pixels */
  | { op: 'points'; annotation: number; points: number[] }
  /** a new shape: a rectangle's points are [x, y, width, height], a polygon's or line's flat x0, y0, … (image pixels) */
  | { op: 'add'; kind: ShapeKind; label: string; points: number[] }
  | { op: 'delete'; annotation: number }
  | { op: 'relabel'; annotation: number; label: string }
  /** a copy of the annotation (all its keys), its geometry shifted by offset (image pixels) */
  | { op: 'duplicate'; annotation: number; offset: [number, number] };

export type ShapeEditOp = ShapeEdit['op'];

export interface ShapeEditMessage {
  type: 'editShape';
  /** the image entry */
  image: number;
  /** the document version the page's shapes came from */
  version: number;
  /** the image's size in pixels (a normalized file's fractions are written from it) */
  imageW: number;
  imageH: number;
  edit: ShapeEdit;
}
