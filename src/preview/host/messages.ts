// Every message from the preview webview is checked before the host acts on it: the page runs
// content the user opened (labels, image names), so a message is data to validate, never trusted.
// Pure (no `vscode`): unit-tested under plain Node.
import { isColor } from '../model/colors';
import type { WebviewToHost } from '../page/protocol';
import { checkShapeEditMessage, MAX_COORDINATE } from './editMessages';
import { checkEvaluationMessage } from './evalMessages';

/** The longest label a colour is remembered for, and how many labels are remembered at most. */
export const MAX_LABEL_LENGTH = 200;
export const MAX_REMEMBERED_COLORS = 2000;

export interface MessageLimits {
  /** entries in the image list now */
  images: number;
  /** shapes of an image entry (undefined: no such entry) */
  shapes(image: number): number | undefined;
}

const isIndex = (value: unknown, below: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < below;

/** The message when it is one the host understands with values in range; otherwise why not. */
export function checkWebviewMessage(message: unknown, limits: MessageLimits): { ok: true; message: WebviewToHost } | { ok: false; problem: string } {
  if (!message || typeof message !== 'object' || Array.isArray(message)) return { ok: false, problem: 'not an object' };
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { ok: true, message: { type: 'ready' } };
    case 'selectImage':
    case 'chooseImage':
      if (!isIndex(m.index, limits.images)) return { ok: false, problem: `${m.type}: image index ${String(m.index)} is not one of the ${limits.images} image(s)` };
      return { ok: true, message: { type: m.type, index: m.index } };
    case 'selectAnnotation': {
      if (!isIndex(m.image, limits.images)) return { ok: false, problem: `selectAnnotation: image index ${String(m.image)} is out of range` };
      const shapes = limits.shapes(m.image) ?? 0;
      if (!isIndex(m.annotation, shapes)) return { ok: false, problem: `selectAnnotation: annotation ${String(m.annotation)} is not one of the ${shapes} shape(s)` };
      return { ok: true, message: { type: 'selectAnnotation', image: m.image, annotation: m.annotation } };
    }
    case 'editBox': {
      if (!isIndex(m.image, limits.images)) return { ok: false, problem: `editBox: image index ${String(m.image)} is out of range` };
      const shapes = limits.shapes(m.image) ?? 0;
      if (!isIndex(m.annotation, shapes)) return { ok: false, problem: `editBox: annotation ${String(m.annotation)} is not one of the ${shapes} shape(s)` };
      if (!isIndex(m.version, Number.MAX_SAFE_INTEGER)) return { ok: false, problem: 'editBox: the version is not a whole number' };
      const b = m.bbox;
      if (!Array.isArray(b) || b.length !== 4 || !b.every((v) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_COORDINATE)) return { ok: false, problem: 'editBox: the box is not four finite numbers' };
      const size = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_COORDINATE;
      if (!size(m.imageW) || !size(m.imageH)) return { ok: false, problem: 'editBox: the image size is not two positive numbers' };
      return { ok: true, message: { type: 'editBox', image: m.image, annotation: m.annotation, version: m.version, bbox: [b[0], b[1], b[2], b[3]] as [number, number, number, number], imageW: m.imageW, imageH: m.imageH } };
    }
    case 'editShape':
      return checkShapeEditMessage(m, limits.images, limits.shapes);
    case 'setColor':
      if (typeof m.label !== 'string' || m.label.length > MAX_LABEL_LENGTH) return { ok: false, problem: 'setColor: the label is not a string of at most 200 characters' };
      if (!isColor(m.color)) return { ok: false, problem: 'setColor: the colour is not #rrggbb' };
      return { ok: true, message: { type: 'setColor', label: m.label, color: m.color } };
    default:
      return checkEvaluationMessage(m, limits.images) ?? { ok: false, problem: `unknown message type ${JSON.stringify(String(m.type)).slice(0, 60)}` };
  }
}

/** The remembered colours with one more, keeping the newest MAX_REMEMBERED_COLORS. */
export function withColor(colors: Readonly<Record<string, string>>, label: string, color: string): Record<string, string> {
  const next: Record<string, string> = {};
  for (const [k, v] of Object.entries(colors)) if (k !== label && isColor(v)) next[k] = v;
  next[label] = color;
  const keys = Object.keys(next);
  return keys.length > MAX_REMEMBERED_COLORS ? Object.fromEntries(keys.slice(-MAX_REMEMBERED_COLORS).map((k) => [k, next[k]])) : next;
}
