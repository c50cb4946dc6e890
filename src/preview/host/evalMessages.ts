// The evaluation's messages from the preview page, checked like every other one (messages.ts):
// the page runs content the user opened, so each field is validated before the host acts. Pure.
import type { EvaluationToHost } from '../page/evalProtocol';

const MAX_HIDDEN = 2000;
const isIndex = (v: unknown, below: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < below;
const isUnit = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isSide = (v: unknown): v is 'own' | 'other' => v === 'own' || v === 'other';

/** undefined: not an evaluation message; otherwise the checked message or why it was refused. */
export function checkEvaluationMessage(m: Record<string, unknown>, images: number): { ok: true; message: EvaluationToHost } | { ok: false; problem: string } | undefined {
  switch (m.type) {
    case 'evalPick':
    case 'evalClear':
      return { ok: true, message: { type: m.type } };
    case 'evalIou':
      if (!isUnit(m.iou)) return { ok: false, problem: 'evalIou: the IoU is not a number from 0 to 1' };
      return { ok: true, message: { type: 'evalIou', iou: m.iou } };
    case 'evalReveal':
      if (!isIndex(m.image, images) || !isSide(m.side) || !isId(m.id)) return { ok: false, problem: 'evalReveal: image, side or id out of range' };
      return { ok: true, message: { type: 'evalReveal', image: m.image, side: m.side, id: m.id } };
    case 'evalStep': {
      if (m.kind !== 'fp' && m.kind !== 'fn') return { ok: false, problem: 'evalStep: kind is not fp or fn' };
      if (m.direction !== 1 && m.direction !== -1) return { ok: false, problem: 'evalStep: direction is not 1 or -1' };
      if (!isIndex(m.image, images)) return { ok: false, problem: 'evalStep: image out of range' };
      if (!isUnit(m.iou)) return { ok: false, problem: 'evalStep: the IoU is not a number from 0 to 1' };
      if (m.minConfidence !== undefined && (typeof m.minConfidence !== 'number' || !Number.isFinite(m.minConfidence))) return { ok: false, problem: 'evalStep: minConfidence is not a number' };
      if (m.side !== undefined && !isSide(m.side)) return { ok: false, problem: 'evalStep: side is not own or other' };
      if (m.id !== undefined && !isId(m.id)) return { ok: false, problem: 'evalStep: id is not an index' };
      if (!Array.isArray(m.hidden) || m.hidden.length > MAX_HIDDEN || !m.hidden.every((l) => typeof l === 'string' && l.length <= 200)) return { ok: false, problem: 'evalStep: hidden is not a list of labels' };
      return {
        ok: true,
        message: { type: 'evalStep', kind: m.kind, direction: m.direction, image: m.image, iou: m.iou, hidden: m.hidden as string[], ...(m.side !== undefined ? { side: m.side } : {}), ...(m.id !== undefined ? { id: m.id } : {}), ...(m.minConfidence !== undefined ? { minConfidence: m.minConfidence as number } : {}) },
      };
    }
    default:
      return undefined;
  }
}
