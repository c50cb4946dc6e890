// Captions on the shapes: label and confidence, where they fit inside the shape's box, for at most
// MAX_TEXT_SHAPES shapes on screen (more would be an unreadable carpet). While a shape is hovered,
// only its caption shows.
import type { Scene } from './layers';

const TEXT_FONT = '12px var(--vscode-font-family, sans-serif)';
/** Past this many shapes on screen, text labels would be an unreadable carpet: skip them. */
const MAX_TEXT_SHAPES = 400;

export interface CaptionStyle {
  text: string;
  textBackground: string;
}

/** Screen rectangles of the visible shapes that are on screen, or undefined when too many. */
function onScreen(scene: Scene): number[] | undefined {
  const { scale, x, y } = scene.view;
  const out: number[] = [];
  for (const i of scene.visible) {
    // A shape being changed: its caption would stay where the shape was.
    if (i === scene.lifted) continue;
    const b = scene.boxes[i];
    const sx = b.x * scale + x;
    const sy = b.y * scale + y;
    if (sx > scene.cssW || sy > scene.cssH || sx + b.w * scale < 0 || sy + b.h * scale < 0) continue;
    out.push(i);
    if (out.length > MAX_TEXT_SHAPES) return undefined;
  }
  return out;
}

/** Draws the captions into ctx, which is set to CSS pixels. */
export function drawCaptions(ctx: CanvasRenderingContext2D, scene: Scene, style: CaptionStyle): void {
  const list = onScreen(scene);
  if (!list) return;
  const { text, textBackground } = style;
  ctx.font = TEXT_FONT;
  ctx.textBaseline = 'top';
  const { scale, x, y } = scene.view;
  /** annotations captioned already: a COCO box and its polygon get one caption */
  const captioned = new Set<number>();
  for (const i of list) {
    if (scene.hover !== undefined && i !== scene.hover) continue;
    const s = scene.shapes[i];
    if (captioned.has(s.index)) continue;
    const b = scene.boxes[i];
    const caption = s.confidence === undefined ? s.label : `${s.label} ${s.confidence.toFixed(2)}`;
    if (caption === '') continue;
    const w = ctx.measureText(caption).width + 6;
    const sw = b.w * scale;
    const sh = b.h * scale;
    // Text only where it fits inside the shape's box; a line gets its box's longer side.
    const fits = s.kind === 'line' ? Math.max(sw, sh) >= w : sw >= w && sh >= 16;
    if (!fits) continue;
    const sx = b.x * scale + x;
    const sy = b.y * scale + y;
    captioned.add(s.index);
    ctx.fillStyle = textBackground;
    ctx.fillRect(sx, sy, w, 16);
    ctx.fillStyle = text;
    ctx.fillText(caption, sx + 3, sy + 2);
  }
}
