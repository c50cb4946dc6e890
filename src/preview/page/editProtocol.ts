// The preview's shape edits beyond moving and resizing a box (protocol.ts's `editBox`): vertices,
// new shapes, relabel, delete and duplicate. One message carries one edit; the host writes it as one
// WorkspaceEdit on the document version the page's shapes came from, or refuses it with a message.
// Kept apart from protocol.ts, which joins it into its union.
import type { ShapeEdit } from '../../annotations/editOps';

export type { ShapeEdit, ShapeEditOp } from '../../annotations/editOps';

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
