// The overlay preview page. Receives the image once and the annotations as data, draws them on a
// canvas, and reports clicks back to the host. The root element's data-* attributes mirror what
// is drawn (data-image, data-visible-shapes, ...) so tests can check it without reading pixels.
import { confidenceRange, scaleShape, type Shape } from '../../annotations/geometry';
import { actualSize, fit, zoomToShape, type View } from '../model/transform';
import { button, el } from './dom';
import { attachEvaluation } from './evaluation';
import { BoxEditing } from './editing';
import { attachShapeMenu } from './shapeMenu';
import { DrawTools } from './drawTools';
import { attachInput } from './input';
import { renderLegend } from './legend';
import type { Annotations, HostToWebview, ImageEntry, ImageSource, PersistedState, WebviewToHost } from './protocol';
import { Renderer } from './render';
import { t } from './strings';
import { markOverlays, pixelOverlays } from './overlays';
import { patchedAnnotations } from '../model/shapeDiff';

declare function acquireVsCodeApi(): { postMessage(m: WebviewToHost): void; getState(): PersistedState | undefined; setState(s: PersistedState): void };
const vscode = acquireVsCodeApi();
const send = (m: WebviewToHost): void => vscode.postMessage(m);

const saved: PersistedState = { imageIndex: 0, showText: true, ...vscode.getState() };

/** The page's state, in one place; what is drawn lives in the renderer. */
const page = {
  /** what vscode.setState keeps across reloads */
  state: saved,
  images: [] as ImageEntry[],
  /** the index of the image entry shown */
  current: saved.imageIndex,
  source: undefined as ImageSource | undefined,
  annotations: undefined as Annotations | undefined,
  hidden: new Set(saved.hiddenLabels ?? []),
  threshold: saved.threshold,
  /** the image whose view has been set (fit or restored); later updates keep the view */
  viewFor: undefined as string | undefined,
  /** the view is the automatic fit (nobody zoomed or panned since): a resize fits again */
  autoFit: false,
  /** the selected annotation (its index in the file) */
  highlighted: undefined as number | undefined,
  legendSignature: '',
  /** the view saved before a reload, used once for the image it was saved with */
  restore: saved.view ? { index: saved.imageIndex, view: saved.view } : undefined,
};

// ---- layout
const root = document.getElementById('root') as HTMLElement;
const banner = el('div', { className: 'banner', attrs: { role: 'alert', hidden: '' } });
/** a fact about the whole preview (a file read from disk, not linked with its text) */
const info = el('div', { className: 'info', attrs: { role: 'status', hidden: '' } });
const fitButton = button(t('fit'), t('fitTitle'), () => setView(fitView()));
const oneButton = button(t('actualSize'), t('actualSizeTitle'), () => setView(actualSize(renderer.view, renderer.width, renderer.height)));
const zoomShapeButton = button(t('zoomToShape'), t('zoomToShapeTitle'), () => zoomToSelected());
const textBox = el('input', { attrs: { type: 'checkbox', id: 'show-text' } });
textBox.checked = page.state.showText !== false;
const slider = el('input', { attrs: { type: 'range', id: 'threshold', min: '0', max: '1', step: '0.01', 'aria-label': t('thresholdLabel') } });
const sliderValue = el('output', { attrs: { for: 'threshold' } });
const zoomText = el('span', { className: 'zoom', attrs: { 'aria-live': 'polite' } });
const countText = el('span', { className: 'count-text' });
const toolbar = el('div', { className: 'toolbar', attrs: { role: 'toolbar' } },
  fitButton, oneButton, zoomShapeButton,
  el('label', { title: t('showTextTitle') }, textBox, document.createTextNode(' ' + t('showText'))),
  el('label', { className: 'threshold', title: t('thresholdTitle') }, document.createTextNode(t('threshold') + ' '), slider, sliderValue),
  countText, zoomText);
const strip = el('ul', { className: 'strip', attrs: { role: 'listbox', 'aria-label': t('images'), tabindex: '0' } });
const canvas = el('canvas', { attrs: { 'aria-label': t('canvas') } });
const notice = el('div', { className: 'notice', attrs: { role: 'status', hidden: '' } });
const tooltip = el('div', { className: 'tooltip', attrs: { role: 'tooltip', hidden: '' } });
const stage = el('div', { className: 'stage', attrs: { tabindex: '0' } }, canvas, notice, tooltip);
const legend = el('div', { className: 'legend-labels' });
const side = el('aside', { className: 'legend' }, legend);
root.replaceChildren(banner, info, toolbar, el('div', { className: 'body' }, strip, stage, side));

const themed = { text: '#fff', textBackground: 'rgba(0,0,0,0.7)', highlight: '#fff' };
function readTheme(): void {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  themed.text = v('--vscode-editor-foreground', '#ccc');
  themed.textBackground = v('--vscode-editorWidget-background', 'rgba(0,0,0,0.7)');
  themed.highlight = v('--vscode-focusBorder', '#fff');
}
readTheme();
new MutationObserver(() => {
  readTheme();
  renderer.invalidate();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

const renderer = new Renderer(canvas, () => themed);

// Predictions against ground truth (see evaluation.ts): its controls beside the confidence slider, its figures under the labels.
const evaluation = attachEvaluation({
  root, canvas, send,
  current: () => page.current,
  threshold: () => page.threshold,
  hidden: () => page.hidden,
  view: () => renderer.view,
  imageSize: () => ({ w: renderer.imageW, h: renderer.imageH }),
  invalidate: () => renderer.invalidate(),
  refresh: () => applyShapes(),
});
renderer.overlay = evaluation.layer;
toolbar.insertBefore(evaluation.controls, countText);
side.append(evaluation.panel);

// Changing boxes (editing.ts): only when the host sent an editVersion with the shapes.
const editing = new BoxEditing({
  root, canvas, renderer, send,
  current: () => page.current,
  sizeKnown: () => !!(page.source?.width && page.source?.height) || root.dataset.imageState === 'loaded',
});

// Relabel, delete, duplicate (shapeMenu.ts): keys and VS Code's context menu on a shape.
const shapeMenu = attachShapeMenu({
  root, stage, canvas, renderer, send,
  current: () => page.current,
  uri: () => page.state.uri,
  select: (annotation) => select(annotation),
  sizeKnown: () => !!(page.source?.width && page.source?.height) || root.dataset.imageState === 'loaded',
  vertexSelected: () => (editing as { vertexSelected?(): boolean }).vertexSelected?.() ?? false,
  color: (label) => renderer.colors[label],
});
// Drawing new shapes (drawTools.ts): its tools first in the toolbar; on only when the source writes `add`.
const drawing = new DrawTools({
  root, canvas, stage, renderer, send, setView: (v) => setView(v),
  current: () => page.current,
  sizeKnown: () => !!(page.source?.width && page.source?.height) || root.dataset.imageState === 'loaded',
  // The new shape is selected (its handles show), without taking the keys to the editor.
  drew: (annotation) => select(annotation),
});
zoomShapeButton.after(drawing.controls);

function persist(): void {
  page.state = { ...page.state, imageIndex: page.current, view: renderer.view, threshold: page.threshold, hiddenLabels: [...page.hidden], showText: renderer.showText };
  vscode.setState(page.state);
}

// ---- view
function fitView(): View {
  return fit(renderer.imageW, renderer.imageH, renderer.width, renderer.height);
}

function setView(view: View, autoFit = false): void {
  page.autoFit = autoFit;
  renderer.setView(view);
  root.dataset.view = `${view.scale} ${view.x} ${view.y}`;
  zoomText.textContent = `${Math.round(view.scale * 100)}%`;
  persist();
}

function zoomToSelected(): void {
  const i = renderer.selected;
  if (i === undefined) return;
  setView(zoomToShape(renderer.boxes[i], renderer.width, renderer.height));
}

new ResizeObserver(() => {
  renderer.resize(stage.clientWidth, stage.clientHeight, window.devicePixelRatio || 1);
  // A fit made while the panel was still opening (a few pixels wide) would stay at 2%: refit.
  if (page.viewFor === undefined) renderer.invalidate();
  else if (page.autoFit) setView(fitView(), true);
  else renderer.draw();
}).observe(stage);

// ---- shapes and filters
function pixelShapes(): Shape[] {
  if (!page.annotations) return [];
  return page.annotations.normalized ? page.annotations.shapes.map((s) => scaleShape(s, renderer.imageW, renderer.imageH)) : page.annotations.shapes;
}

function applyShapes(): void {
  renderer.setShapes(pixelShapes());
  const overlays = pixelOverlays(page.annotations, renderer.imageW, renderer.imageH);
  renderer.setOverlays(overlays.masks, overlays.keypoints);
  const range = evaluation.confidenceRange() ?? confidenceRange(renderer.shapes);
  if (range) {
    slider.disabled = false;
    slider.min = String(range.min);
    slider.max = String(range.max);
    slider.step = String(range.max > range.min ? (range.max - range.min) / 100 : 0.01);
    if (page.threshold !== undefined && page.threshold < range.min) page.threshold = undefined;
    slider.value = String(page.threshold ?? range.min);
  } else {
    slider.disabled = true;
    page.threshold = undefined;
  }
  sliderValue.textContent = range ? (page.threshold ?? range.min).toFixed(2) : t('notApplicable');
  if (page.highlighted !== undefined) select(page.highlighted);
  applyFilters();
}

function applyFilters(): void {
  const visible: number[] = [];
  const counts = new Map<string, number>();
  renderer.shapes.forEach((s, i) => {
    // An annotation drawn as several shapes (a COCO box and its polygons) counts once.
    if (i === 0 || renderer.shapes[i - 1].index !== s.index) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
    if (page.hidden.has(s.label) || evaluation.hides(s.kind)) return;
    if (page.threshold !== undefined && s.confidence !== undefined && s.confidence < page.threshold) return;
    visible.push(i);
  });
  renderer.setVisible(visible);
  root.dataset.visibleShapes = String(visible.length);
  markOverlays(root, page.annotations, new Set(visible.map((i) => renderer.shapes[i].index)));
  const skipped = page.annotations?.skipped;
  countText.textContent = skipped ? t('shapeCountSkipped', visible.length, renderer.shapes.length, skipped) : t('shapeCount', visible.length, renderer.shapes.length);
  // While comparing, the evaluation's TP/FP/FN counts say what is drawn.
  countText.hidden = evaluation.active;
  // The legend's rows are built again only when labels, counts or colours change; a visibility
  // click just ticks boxes, so it costs no more than the redraw.
  const signature = JSON.stringify([[...counts], renderer.colors]);
  if (signature !== page.legendSignature) {
    page.legendSignature = signature;
    renderLegend(legend, counts, page.hidden, renderer.colors, {
      toggle: (label, show) => {
        if (show) page.hidden.delete(label);
        else page.hidden.add(label);
        renderer.filterStep();
        applyFilters();
      },
      only: (label) => {
        page.hidden = new Set([...counts.keys()].filter((l) => l !== label));
        renderer.filterStep();
        applyFilters();
      },
      all: (show) => {
        page.hidden = show ? new Set() : new Set(counts.keys());
        renderer.filterStep();
        applyFilters();
      },
      color: (label, color) => send({ type: 'setColor', label, color }),
    });
  } else {
    for (const row of legend.querySelectorAll<HTMLElement>('li[data-label]')) {
      const box = row.querySelector<HTMLInputElement>('input[type=checkbox]');
      if (box) box.checked = !page.hidden.has(row.dataset.label ?? '');
    }
  }
  evaluation.filtersChanged();
  persist();
}

slider.addEventListener('input', () => {
  // At its minimum the slider hides nothing, so another image's lower confidences still show.
  const value = Number(slider.value);
  page.threshold = value <= Number(slider.min) ? undefined : value;
  sliderValue.textContent = value.toFixed(2);
  renderer.filterStep();
  applyFilters();
});
textBox.addEventListener('change', () => {
  renderer.setShowText(textBox.checked);
  persist();
});
renderer.setShowText(textBox.checked);

/** Select the shape of annotation `annotation` (its index in the file). */
function select(annotation: number | undefined): void {
  page.highlighted = annotation;
  const i = annotation === undefined ? -1 : renderer.shapes.findIndex((s) => s.index === annotation);
  renderer.setSelected(i >= 0 ? i : undefined);
  root.dataset.highlight = i >= 0 ? String(annotation) : '';
  if (i >= 0) {
    const b = renderer.boxes[i];
    root.dataset.highlightBounds = [b.x, b.y, b.w, b.h].map((n) => Math.round(n * 100) / 100).join(' ');
  } else delete root.dataset.highlightBounds;
  zoomShapeButton.disabled = i < 0;
  editing.selectionChanged();
  drawing.selectionChanged();
}

// ---- image
function showNotice(problem: ImageSource['problem']): void {
  if (!problem) {
    notice.hidden = true;
    return;
  }
  const children: Node[] = [el('p', { text: problem.message })];
  if (problem.canChoose) children.push(button(t('chooseImage'), t('chooseImageTitle'), () => send({ type: 'chooseImage', index: page.current })));
  notice.replaceChildren(...children);
  notice.hidden = false;
}

function setImage(next: ImageSource): void {
  page.source = next;
  page.current = next.index;
  renderer.setImage(undefined);
  renderer.setHover(undefined);
  tooltip.hidden = true;
  showNotice(next.problem);
  root.dataset.imageState = next.src ? 'loading' : 'none';
  renderStrip();
  const name = page.images.find((i) => i.index === page.current)?.image ?? '';
  root.dataset.image = name;
  const sized = (w: number, h: number): void => {
    renderer.setImageSize(w, h);
    evaluation.sized();
    applyShapes();
    const key = `${page.current}:${name}`;
    if (page.viewFor !== key) {
      const restored = page.restore?.index === page.current ? page.restore.view : undefined;
      page.restore = undefined;
      page.viewFor = key;
      if (restored) setView(restored);
      else setView(fitView(), true);
    } else renderer.invalidate();
  };
  if (next.src) {
    const img = new Image();
    img.src = next.src;
    // Shapes first, on a blank area of the size the host read from the file header; the picture
    // joins when decoded, off the main thread. The pixels are kept in an ImageBitmap: Chromium may
    // drop an <img>'s decoded copy of a large picture and decode it again on the main thread at
    // the next draw, a stall of some 300 ms for 12 megapixels.
    if (next.width && next.height) sized(next.width, next.height);
    img.decode().then(() => createImageBitmap(img).catch(() => img)).then(
      (picture) => {
        if (page.source !== next) {
          if (picture instanceof ImageBitmap) picture.close();
          return;
        }
        renderer.setImage(picture);
        root.dataset.imageState = 'loaded';
        root.dataset.imageSize = `${img.naturalWidth}x${img.naturalHeight}`;
        if (!(next.width && next.height) || img.naturalWidth !== renderer.imageW || img.naturalHeight !== renderer.imageH) sized(img.naturalWidth, img.naturalHeight);
        else renderer.invalidate();
      },
      () => {
        if (page.source !== next) return;
        root.dataset.imageState = 'failed';
        showNotice({ kind: 'unreadable', message: t('notDecoded', name), canChoose: true });
      },
    );
  } else {
    // No picture: draw the shapes on a blank area of the image's size (or the shapes' extent).
    let w = next.width ?? 0;
    let h = next.height ?? 0;
    if (!w || !h) {
      for (const s of page.annotations?.normalized ? [] : page.annotations?.shapes ?? []) {
        for (let i = 0; i < s.points.length; i += 2) {
          w = Math.max(w, s.points[i] + (s.kind === 'rectangle' ? s.points[2] : 0));
          h = Math.max(h, s.points[i + 1] + (s.kind === 'rectangle' ? s.points[3] : 0));
        }
      }
    }
    sized(w || 1000, h || 1000);
  }
}

function renderStrip(): void {
  strip.hidden = page.images.length <= 1;
  strip.replaceChildren(...page.images.map((entry) => {
    const item = el('li', { attrs: { role: 'option', 'aria-selected': String(entry.index === page.current), 'data-index': String(entry.index) } },
      el('span', { className: 'name', text: entry.image || t('noImage'), title: entry.image }),
      el('span', { className: 'count', text: String(entry.shapeCount) }));
    item.addEventListener('click', () => choose(entry.index));
    return item;
  }));
  strip.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
}

function choose(index: number): void {
  if (index < 0 || index >= page.images.length || index === page.current) return;
  page.highlighted = undefined;
  send({ type: 'selectImage', index });
}

strip.addEventListener('keydown', (e) => {
  const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[e.key];
  if (step !== undefined) choose(page.current + step);
  else if (e.key === 'Home') choose(0);
  else if (e.key === 'End') choose(page.images.length - 1);
  else return;
  e.preventDefault();
});

// ---- pointer and keyboard on the picture
attachInput({
  canvas, stage, tooltip, root, renderer, setView, fitView, zoomToSelected, editing, drawing,
  shapeKeys: (e) => shapeMenu.key(e),
  toggleText: () => textBox.click(),
  pick: (annotation, zoom) => {
    select(annotation);
    if (zoom) zoomToSelected();
    else send({ type: 'selectAnnotation', image: page.current, annotation });
  },
});
window.addEventListener('keydown', (e) => {
  if (e.key === 'PageDown') choose(page.current + 1);
  else if (e.key === 'PageUp') choose(page.current - 1);
});

// ---- messages
/** New annotations of the image shown (whole or patched): drawn, and handed to editing, the shape menu and the drawing tools. */
function annotationsArrived(a: Annotations): void {
  page.annotations = a;
  applyShapes();
  editing.setAnnotations(a);
  shapeMenu.setAnnotations(a);
  drawing.setAnnotations(a);
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const m = event.data;
  switch (m.type) {
    case 'init':
      page.images = m.images;
      renderer.setColors(m.colors);
      page.state = { ...page.state, uri: m.uri };
      document.title = m.title;
      if (m.fromDisk) {
        info.textContent = t('fromDisk', m.fromDisk.file, m.fromDisk.size);
        root.dataset.notice = info.textContent;
      } else delete root.dataset.notice;
      info.hidden = !m.fromDisk;
      renderStrip();
      break;
    case 'images':
      page.images = m.images;
      renderStrip();
      break;
    case 'image':
      // Counted so tests can check that edits send data only, never the image again.
      root.dataset.imageMessages = String(Number(root.dataset.imageMessages ?? 0) + 1);
      page.annotations = undefined;
      editing.setAnnotations(undefined);
      shapeMenu.setAnnotations(undefined);
      drawing.setAnnotations(undefined);
      evaluation.imageChanged();
      setImage(m.image);
      break;
    case 'annotations':
      if (m.annotations.index !== page.current) return;
      root.dataset.annotationMessages = String(Number(root.dataset.annotationMessages ?? 0) + 1);
      annotationsArrived(m.annotations);
      break;
    case 'annotationsPatch': {
      if (m.patch.index !== page.current) return;
      const next = patchedAnnotations(page.annotations, m.patch);
      // Not for the annotations this page has (it missed a message): ask for everything again.
      if (!next) {
        send({ type: 'ready' });
        return;
      }
      // Counted so tests can check that an edit sent the changed shapes only.
      root.dataset.patches = String(Number(root.dataset.patches ?? 0) + 1);
      root.dataset.patchShapes = String(m.patch.splice.insert.length);
      annotationsArrived(next);
      break;
    }
    case 'broken':
      banner.textContent = t('broken', m.line, m.column, m.message) + (editing.capable ? ' ' + t('brokenEditing') : '');
      editing.setBroken(true);
      shapeMenu.setBroken(true);
      drawing.setBroken(true);
      banner.hidden = false;
      root.dataset.broken = String(m.line);
      break;
    case 'editRefused':
      root.dataset.editRefused = m.message;
      break;
    case 'fixed':
      editing.setBroken(false);
      shapeMenu.setBroken(false);
      drawing.setBroken(false);
      banner.hidden = true;
      delete root.dataset.broken;
      break;
    case 'highlight':
      if (m.image === page.current) select(m.annotation);
      break;
    case 'shapeCommand':
      shapeMenu.command(m.command, m.image, m.annotation, m.version);
      break;
    case 'colors':
      renderer.setColors(m.colors);
      applyFilters();
      break;
    case 'evalState':
    case 'evalBoxes':
    case 'evalSummary':
    case 'evalSelect':
      evaluation.receive(m);
      break;
  }
});

if (document.body.dataset.bench === '1') {
  (window as unknown as { datumPreview: unknown }).datumPreview = { renderer, setView, applyFilters, evaluation, setThreshold: (t: number) => { page.threshold = t; renderer.filterStep(); applyFilters(); } };
}
send({ type: 'ready' });
