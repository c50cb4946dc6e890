// The preview's shape edits (editProtocol.ts), checked like every other message (messages.ts): the
// page runs content the user opened, so each field is validated before the host acts. Pure.
import type { ShapeEdit, ShapeEditMessage } from '../page/editProtocol';

/** The largest coordinate or image side an edit may carry (image pixels). */
export const MAX_COORDINATE = 1e7;
/** The most points a polygon or line edit may carry (x and y counted apart). */
export const MAX_EDIT_NUMBERS = 200_000;
/** The longest label an edit may write. */
export const MAX_EDIT_LABEL = 200;

const isIndex = (v: unknown, below: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < below;
const isCoordinate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_COORDINATE;
const isSize = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_COORDINATE;
const isCoordinates = (v: unknown, min: number): v is number[] => Array.isArray(v) && v.length >= min && v.length <= MAX_EDIT_NUMBERS && v.length % 2 === 0 && v.every(isCoordinate);
const isLabel = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_EDIT_LABEL;

/** The checked `editShape` message, or why it was refused. `shapes`: the image entry's shape count (undefined: no such entry). */
export function checkShapeEditMessage(m: Record<string, unknown>, images: number, shapes: (image: number) => number | undefined): { ok: true; message: ShapeEditMessage } | { ok: false; problem: string } {
  if (!isIndex(m.image, images)) return { ok: false, problem: `editShape: image index ${String(m.image)} is out of range` };
  if (!isIndex(m.version, Number.MAX_SAFE_INTEGER)) return { ok: false, problem: 'editShape: the version is not a whole number' };
  if (!isSize(m.imageW) || !isSize(m.imageH)) return { ok: false, problem: 'editShape: the image size is not two positive numbers' };
  const e = m.edit;
  if (!e || typeof e !== 'object' || Array.isArray(e)) return { ok: false, problem: 'editShape: the edit is not an object' };
  const edit = e as Record<string, unknown>;
  const count = shapes(m.image) ?? 0;
  const annotation = (): boolean => isIndex(edit.annotation, count);
  let checked: ShapeEdit;
  switch (edit.op) {
    case 'points':
      if (!annotation()) return { ok: false, problem: `editShape: annotation ${String(edit.annotation)} is not one of the ${count} shape(s)` };
      if (!isCoordinates(edit.points, 4)) return { ok: false, problem: 'editShape: the points are not an even list of finite numbers' };
      if (edit.part !== undefined && !isIndex(edit.part, 10_000)) return { ok: false, problem: 'editShape: the part is not a small whole number' };
      checked = { op: 'points', annotation: edit.annotation as number, points: edit.points.slice(), ...(edit.part !== undefined ? { part: edit.part as number } : {}) };
      break;
    case 'add': {
      const kind = edit.kind;
      if (kind !== 'rectangle' && kind !== 'polygon' && kind !== 'line') return { ok: false, problem: 'editShape: the kind is not rectangle, polygon or line' };
      if (!isLabel(edit.label)) return { ok: false, problem: 'editShape: the label is not a string of at most 200 characters' };
      const min = kind === 'rectangle' ? 4 : kind === 'polygon' ? 6 : 4;
      if (!isCoordinates(edit.points, min) || (kind === 'rectangle' && edit.points.length !== 4)) return { ok: false, problem: `editShape: the points do not make a ${kind}` };
      checked = { op: 'add', kind, label: edit.label, points: edit.points.slice() };
      break;
    }
    case 'delete':
      if (!annotation()) return { ok: false, problem: `editShape: annotation ${String(edit.annotation)} is not one of the ${count} shape(s)` };
      checked = { op: 'delete', annotation: edit.annotation as number };
      break;
    case 'relabel':
      if (!annotation()) return { ok: false, problem: `editShape: annotation ${String(edit.annotation)} is not one of the ${count} shape(s)` };
      if (!isLabel(edit.label)) return { ok: false, problem: 'editShape: the label is not a string of at most 200 characters' };
      checked = { op: 'relabel', annotation: edit.annotation as number, label: edit.label };
      break;
    case 'duplicate': {
      if (!annotation()) return { ok: false, problem: `editShape: annotation ${String(edit.annotation)} is not one of the ${count} shape(s)` };
      const o = edit.offset;
      if (!Array.isArray(o) || o.length !== 2 || !o.every(isCoordinate)) return { ok: false, problem: 'editShape: the offset is not two finite numbers' };
      checked = { op: 'duplicate', annotation: edit.annotation as number, offset: [o[0] as number, o[1] as number] };
      break;
    }
    default:
      return { ok: false, problem: `editShape: unknown op ${JSON.stringify(String(edit.op)).slice(0, 40)}` };
  }
  return { ok: true, message: { type: 'editShape', image: m.image, version: m.version, imageW: m.imageW, imageH: m.imageH, edit: checked } };
}
