// A precision-recall curve on a small canvas: the interpolated curve (what AP integrates) as a
// solid step line, the raw precision faint beneath it, and the point the confidence slider stands
// at. Colours from the theme; drawn at the device's pixel ratio. No charting library: the strict
// CSP and a lean bundle.
import type { PrCurve } from '../../evaluation/precision';
import { EVAL_TEXT } from './evalStrings';

export interface CurveColors {
  line: string;
  raw: string;
  axis: string;
  text: string;
  point: string;
}

/** Index of the last point at or above the confidence (points are ranked by descending confidence). */
export function operatingPoint(curve: Pick<PrCurve, 'confidence'>, threshold: number | undefined): number {
  if (threshold === undefined) return curve.confidence.length - 1;
  let i = -1;
  while (i + 1 < curve.confidence.length && curve.confidence[i + 1] >= threshold) i++;
  return i;
}

export function drawCurve(canvas: HTMLCanvasElement, curve: PrCurve | undefined, colors: CurveColors, threshold: number | undefined): void {
  // As wide as the side panel lets it be.
  const cssW = Math.max(120, Math.min(260, canvas.parentElement?.clientWidth || 220));
  const cssH = Math.round(cssW * 0.75);
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(cssW * dpr) || canvas.height !== Math.round(cssH * dpr)) {
    canvas.width = Math.round(cssW * dpr);
    canvas.height = Math.round(cssH * dpr);
    canvas.style.width = `${cssW}px`;
    canvas.style.height = `${cssH}px`;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssW, cssH);
  const left = 30, top = 8, right = cssW - 8, bottom = cssH - 24;
  const X = (r: number) => left + r * (right - left);
  const Y = (p: number) => bottom - p * (bottom - top);
  ctx.font = '10px var(--vscode-font-family, sans-serif)';
  ctx.fillStyle = colors.text;
  ctx.strokeStyle = colors.axis;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const v of [0, 0.5, 1]) {
    ctx.moveTo(X(0), Math.round(Y(v)) + 0.5);
    ctx.lineTo(X(1), Math.round(Y(v)) + 0.5);
    ctx.moveTo(Math.round(X(v)) + 0.5, Y(0));
    ctx.lineTo(Math.round(X(v)) + 0.5, Y(1));
  }
  ctx.globalAlpha = 0.5;
  ctx.stroke();
  ctx.globalAlpha = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of [0, 0.5, 1]) ctx.fillText(String(v), left - 4, Y(v));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of [0, 0.5, 1]) ctx.fillText(String(v), X(v), bottom + 2);
  ctx.fillText(EVAL_TEXT.recall, (left + right) / 2, bottom + 12);
  ctx.save();
  ctx.translate(8, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(EVAL_TEXT.precision, 0, -6);
  ctx.restore();
  if (!curve || curve.recall.length === 0) return;
  const n = curve.recall.length;
  // raw precision, faint
  ctx.beginPath();
  for (let i = 0; i < n; i++) (i ? ctx.lineTo : ctx.moveTo).call(ctx, X(curve.recall[i]), Y(curve.precision[i]));
  ctx.strokeStyle = colors.raw;
  ctx.globalAlpha = 0.6;
  ctx.stroke();
  ctx.globalAlpha = 1;
  // the interpolated envelope as steps, from recall 0 at the first precision
  ctx.beginPath();
  ctx.moveTo(X(0), Y(curve.interpolated[0]));
  for (let i = 0; i < n; i++) {
    ctx.lineTo(X(curve.recall[i]), Y(curve.interpolated[i]));
    if (i + 1 < n) ctx.lineTo(X(curve.recall[i]), Y(curve.interpolated[i + 1]));
  }
  ctx.strokeStyle = colors.line;
  ctx.lineWidth = 2;
  ctx.stroke();
  const at = operatingPoint(curve, threshold);
  if (at >= 0) {
    ctx.beginPath();
    ctx.arc(X(curve.recall[at]), Y(curve.precision[at]), 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = colors.point;
    ctx.fill();
  }
}
