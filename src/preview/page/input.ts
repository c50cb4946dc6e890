// Mouse, wheel and keys on the picture: hover (tooltip, dimming), click to select, double-click to
// zoom to a shape, drag to pan, wheel to zoom at the cursor, keys for zoom/pan/fit.
import { hitTest } from '../../annotations/geometry';
import { actualSize, pan, toImage, zoomAt, type View } from '../model/transform';
import { el, preview } from './dom';
import type { Renderer } from './render';
import { t } from './strings';

export interface InputDeps {
  canvas: HTMLCanvasElement;
  stage: HTMLElement;
  tooltip: HTMLElement;
  root: HTMLElement;
  renderer: Renderer;
  setView(view: View): void;
  fitView(): View;
  zoomToSelected(): void;
  toggleText(): void;
  /** a shape was clicked (zoom: double-clicked); `annotation` is its index in the file */
  pick(annotation: number, zoom: boolean): void;
  /** changing the selected box (editing.ts): a press on it drags the box instead of the view */
  editing?: {
    begin(sx: number, sy: number, alt?: boolean): boolean;
    move(sx: number, sy: number, alt: boolean): void;
    /** true when the press changed the shape (a vertex inserted or removed by a click): it then selects nothing */
    end(moved: boolean): boolean | void;
    key(e: KeyboardEvent): boolean;
    cursorAt(sx: number, sy: number): string;
  };
  /** relabel, delete, duplicate keys on the selected shape (shapeMenu.ts); true when a key was used */
  shapeKeys?(e: KeyboardEvent): boolean;
  /** drawing new shapes (drawTools.ts): while a tool is on, presses, clicks and keys draw */
  drawing?: {
    readonly active: boolean;
    begin(sx: number, sy: number, alt: boolean): boolean;
    hover(sx: number, sy: number, alt: boolean): void;
    end(sx: number, sy: number, alt: boolean): void;
    click(sx: number, sy: number, alt: boolean): boolean;
    doubleClick(): boolean;
    key(e: KeyboardEvent): boolean;
  };
}

export function attachInput(d: InputDeps): void {
  const { canvas, stage, tooltip, root, renderer, setView } = d;

  const shapeAt = (sx: number, sy: number): number | undefined => {
    const p = toImage(renderer.view, sx, sy);
    // 4 screen pixels of slack, whatever the zoom, so thin lines stay easy to hit.
    return hitTest(renderer.shapes, renderer.visible, p.x, p.y, 4 / renderer.view.scale);
  };

  const showTooltip = (i: number | undefined, sx: number, sy: number): void => {
    if (i === undefined) {
      tooltip.hidden = true;
      return;
    }
    const s = renderer.shapes[i];
    const rows: Node[] = [el('div', { className: 'tip-label', text: s.label === '' ? t('noLabel') : s.label })];
    rows.push(el('div', { text: s.confidence !== undefined ? t('tipAnnotationConfidence', s.kind, s.index + 1, s.confidence) : t('tipAnnotation', s.kind, s.index + 1) }));
    if (s.attributes !== undefined) rows.push(el('div', { className: 'tip-key', text: 'attributes' }), el('pre', { text: preview(s.attributes) }));
    if (s.metadata !== undefined) rows.push(el('div', { className: 'tip-key', text: 'metadata' }), el('pre', { text: preview(s.metadata) }));
    tooltip.replaceChildren(...rows);
    tooltip.hidden = false;
    const x = Math.min(sx + 14, stage.clientWidth - tooltip.offsetWidth - 4);
    const y = Math.min(sy + 14, stage.clientHeight - tooltip.offsetHeight - 4);
    tooltip.style.transform = `translate(${Math.max(0, x)}px, ${Math.max(0, y)}px)`;
  };

  let drag: { x: number; y: number; moved: boolean; edit: boolean; draw?: boolean } | undefined;
  canvas.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    // Keys (zoom, pan, Z) act on the stage: a click on the picture gives it the focus.
    stage.focus({ preventScroll: true });
    canvas.setPointerCapture(e.pointerId);
    const draw = d.drawing?.begin(e.offsetX, e.offsetY, e.altKey) ?? false;
    drag = { x: e.offsetX, y: e.offsetY, moved: false, draw, edit: !draw && !d.drawing?.active && (d.editing?.begin(e.offsetX, e.offsetY, e.altKey) ?? false) };
  });
  canvas.addEventListener('pointermove', (e) => {
    if (d.drawing?.active) {
      d.drawing.hover(e.offsetX, e.offsetY, e.altKey);
      tooltip.hidden = true;
      canvas.style.cursor = 'crosshair';
      // No tooltips while drawing; a drag with the polygon or line tool still pans.
      if (!drag || drag.draw) return;
    }
    if (drag?.edit) {
      if (drag.moved || Math.abs(e.offsetX - drag.x) + Math.abs(e.offsetY - drag.y) > 3) {
        drag.moved = true;
        tooltip.hidden = true;
        d.editing?.move(e.offsetX, e.offsetY, e.altKey);
      }
      return;
    }
    if (drag) {
      const dx = e.offsetX - drag.x;
      const dy = e.offsetY - drag.y;
      if (drag.moved || Math.abs(dx) + Math.abs(dy) > 3) {
        drag.moved = true;
        drag.x = e.offsetX;
        drag.y = e.offsetY;
        setView(pan(renderer.view, dx, dy));
        return;
      }
      if (d.drawing?.active) return;
    }
    const i = shapeAt(e.offsetX, e.offsetY);
    if (i !== renderer.hover) {
      renderer.setHover(i);
      root.dataset.hover = i === undefined ? '' : String(renderer.shapes[i].index);
    }
    showTooltip(i, e.offsetX, e.offsetY);
    if (d.editing) canvas.style.cursor = d.editing.cursorAt(e.offsetX, e.offsetY);
  });
  canvas.addEventListener('pointerup', (e) => {
    const click = drag && !drag.moved;
    // A click that inserted or removed a vertex is not also a pick: the host would select the annotation's old range in the text.
    const changed = drag?.edit ? d.editing?.end(drag.moved) === true : false;
    const drew = drag?.draw;
    drag = undefined;
    if (drew) {
      d.drawing?.end(e.offsetX, e.offsetY, e.altKey);
      return;
    }
    if (!click || changed) return;
    if (d.drawing?.click(e.offsetX, e.offsetY, e.altKey)) return;
    const i = shapeAt(e.offsetX, e.offsetY);
    if (i !== undefined) d.pick(renderer.shapes[i].index, false);
  });
  canvas.addEventListener('pointerleave', () => {
    renderer.setHover(undefined);
    root.dataset.hover = '';
    tooltip.hidden = true;
  });
  canvas.addEventListener('dblclick', (e) => {
    if (d.drawing?.doubleClick()) return;
    const i = shapeAt(e.offsetX, e.offsetY);
    if (i !== undefined) d.pick(renderer.shapes[i].index, true);
  });
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    // Trackpads send small deltas in pixels, mouse wheels ~100 per notch: both zoom smoothly.
    const delta = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaY;
    renderer.gesture();
    setView(zoomAt(renderer.view, Math.exp(-delta * 0.0015), e.offsetX, e.offsetY));
  }, { passive: false });

  stage.addEventListener('keydown', (e) => {
    if (d.drawing?.key(e)) {
      e.preventDefault();
      return;
    }
    if (d.editing?.key(e) || d.shapeKeys?.(e)) {
      e.preventDefault();
      return;
    }
    const w = renderer.width / 2;
    const h = renderer.height / 2;
    const keys: Record<string, () => void> = {
      '+': () => setView(zoomAt(renderer.view, 1.25, w, h)),
      '=': () => setView(zoomAt(renderer.view, 1.25, w, h)),
      '-': () => setView(zoomAt(renderer.view, 0.8, w, h)),
      '0': () => setView(d.fitView()),
      '1': () => setView(actualSize(renderer.view, renderer.width, renderer.height)),
      z: d.zoomToSelected,
      t: d.toggleText,
      ArrowLeft: () => setView(pan(renderer.view, 40, 0)),
      ArrowRight: () => setView(pan(renderer.view, -40, 0)),
      ArrowUp: () => setView(pan(renderer.view, 0, 40)),
      ArrowDown: () => setView(pan(renderer.view, 0, -40)),
    };
    const action = keys[e.key];
    if (!action || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    action();
  });
}
