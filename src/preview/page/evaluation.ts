// The evaluation on the preview page: the toolbar's Compare button, IoU slider and next/previous
// FP/FN buttons (keys P, Shift+P, N, Shift+N), the side panel's per-label figures (dataset-wide,
// from compare at the chosen IoU) and precision-recall curve, and clicks on evaluated boxes.
// The matching of the image shown runs here, at every slider step (EvaluationLayer).
import { toImage, type View } from '../model/transform';
import { drawCurve, type CurveColors } from './curve';
import { button, el } from './dom';
import type { EvalSummary, EvaluationToHost, EvaluationToWebview, Side } from './evalProtocol';
import { EVAL_TEXT } from './evalStrings';
import { EvaluationLayer } from './evaluationLayer';

export interface EvaluationDeps {
  root: HTMLElement;
  canvas: HTMLCanvasElement;
  send(m: EvaluationToHost): void;
  current(): number;
  threshold(): number | undefined;
  hidden(): ReadonlySet<string>;
  view(): View;
  imageSize(): { w: number; h: number };
  /** redraw (the renderer's next frame) */
  invalidate(): void;
  /** the slider's range or the shapes hidden changed: filters and slider again */
  refresh(): void;
}

const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? EVAL_TEXT.none : v.toFixed(2));

export function attachEvaluation(d: EvaluationDeps) {
  const layer = new EvaluationLayer();
  let iou = 0.5;
  let summary: EvalSummary | undefined;
  let other: string | undefined;
  let curveLabel: string | undefined;

  // ---- toolbar
  const compareButton = button(EVAL_TEXT.compare, EVAL_TEXT.compareTitle, () => d.send({ type: 'evalPick' }));
  compareButton.className = 'eval-compare';
  const stopButton = button('×', EVAL_TEXT.stopTitle, () => d.send({ type: 'evalClear' }));
  stopButton.setAttribute('aria-label', EVAL_TEXT.stop);
  const slider = el('input', { attrs: { type: 'range', id: 'iou', min: '0.05', max: '1', step: '0.01', value: '0.5', 'aria-label': EVAL_TEXT.iouAria } });
  const sliderValue = el('output', { attrs: { for: 'iou' }, text: '0.50' });
  const counts = el('span', { className: 'eval-counts', title: EVAL_TEXT.imageCountsTitle, attrs: { 'aria-live': 'polite' } });
  const stepButton = (text: string, title: string, kind: 'fp' | 'fn', direction: 1 | -1) => {
    const b = button(text, title, () => step(kind, direction));
    b.dataset.step = `${kind}${direction > 0 ? '+' : '-'}`;
    return b;
  };
  const evalControls = el('span', { className: 'eval-controls', attrs: { hidden: '' } },
    el('label', { className: 'threshold', title: EVAL_TEXT.iouTitle }, document.createTextNode(EVAL_TEXT.iouLabel), slider, sliderValue),
    stepButton(EVAL_TEXT.prevFp, EVAL_TEXT.prevFpTitle, 'fp', -1), stepButton(EVAL_TEXT.nextFp, EVAL_TEXT.nextFpTitle, 'fp', 1),
    stepButton(EVAL_TEXT.prevFn, EVAL_TEXT.prevFnTitle, 'fn', -1), stepButton(EVAL_TEXT.nextFn, EVAL_TEXT.nextFnTitle, 'fn', 1),
    counts, stopButton);
  const controls = el('span', { className: 'eval-toolbar' }, compareButton, evalControls);

  // ---- side panel
  const title = el('p', { className: 'eval-against' });
  const key = el('p', { className: 'eval-key', text: EVAL_TEXT.legendKey });
  const scope = el('p', { className: 'eval-scope' });
  const overall = el('p', { className: 'eval-overall' });
  const table = el('table', { className: 'eval-table' });
  const curveSelect = el('select', { attrs: { 'aria-label': EVAL_TEXT.curveLabelAria } });
  const curveCanvas = el('canvas', { className: 'eval-curve', attrs: { role: 'img', width: '220', height: '170' } });
  const panel = el('section', { className: 'eval-panel', attrs: { hidden: '', 'aria-label': EVAL_TEXT.heading } },
    el('h2', { text: EVAL_TEXT.heading }), title, key, scope, overall, table,
    el('div', { className: 'eval-curve-head' }, el('h3', { text: EVAL_TEXT.curveHeading }), curveSelect), curveCanvas);

  // ---- theme
  const curveColors: CurveColors = { line: '#3794ff', raw: '#888', axis: '#888', text: '#ccc', point: '#fff' };
  function readTheme(): void {
    const css = getComputedStyle(document.body);
    const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
    layer.colors = {
      tp: v('--vscode-charts-green', '#89d185'),
      fp: v('--vscode-charts-red', '#f14c4c'),
      fn: v('--vscode-charts-yellow', '#cca700'),
      text: v('--vscode-editor-foreground', '#ccc'),
      textBackground: v('--vscode-editorWidget-background', 'rgba(0,0,0,0.7)'),
      highlight: v('--vscode-focusBorder', '#fff'),
    };
    curveColors.line = v('--vscode-charts-blue', '#3794ff');
    curveColors.raw = v('--vscode-descriptionForeground', '#888');
    curveColors.axis = v('--vscode-panel-border', v('--vscode-descriptionForeground', '#888'));
    curveColors.text = v('--vscode-foreground', '#ccc');
    curveColors.point = v('--vscode-charts-orange', '#d18616');
  }
  readTheme();
  new MutationObserver(() => {
    readTheme();
    drawCurveNow();
    d.invalidate();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });

  // ---- matching the image shown
  function rematch(): void {
    const m = layer.update(iou, d.threshold(), d.hidden());
    const r = d.root.dataset;
    if (!m) {
      delete r.evalTp;
      delete r.evalFp;
      delete r.evalFn;
      counts.textContent = '';
      return;
    }
    r.evalTp = String(m.pairs.length);
    r.evalFp = m.falsePositives.join(' ');
    r.evalFn = m.falseNegatives.join(' ');
    r.evalPairs = m.pairs.map((p) => `${p.truth}-${p.prediction}`).join(' ');
    counts.textContent = EVAL_TEXT.imageCounts(m.pairs.length, m.falsePositives.length, m.falseNegatives.length);
    d.invalidate();
  }

  function setIou(value: number): void {
    iou = value;
    sliderValue.textContent = value.toFixed(2);
    d.root.dataset.evalIou = value.toFixed(2);
    rematch();
  }

  slider.addEventListener('input', () => setIou(Number(slider.value)));
  // Dataset-wide figures once the slider rests (compare over the whole file, in the extension).
  slider.addEventListener('change', () => d.send({ type: 'evalIou', iou }));

  function step(kind: 'fp' | 'fn', direction: 1 | -1): void {
    if (!layer.active) return;
    const sel = layer.selected;
    d.send({ type: 'evalStep', kind, direction, image: d.current(), ...(sel && sel.id >= 0 ? { side: sel.side, id: sel.id } : {}), iou, ...(d.threshold() !== undefined ? { minConfidence: d.threshold() } : {}), hidden: [...d.hidden()] });
  }

  function select(side: Side, id: number): void {
    layer.selected = id >= 0 ? { side, id } : undefined;
    const hit = id >= 0 ? layer.find(side, id) : undefined;
    d.root.dataset.evalSelected = hit ? `${hit.kind}:${side}:${id}` : '';
    d.invalidate();
  }

  window.addEventListener('keydown', (e) => {
    if (!layer.active || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target as HTMLElement | null;
    if (t && (t.tagName === 'INPUT' && (t as HTMLInputElement).type !== 'range' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
    const k = e.key.toLowerCase();
    if (k !== 'p' && k !== 'n') return;
    e.preventDefault();
    step(k === 'p' ? 'fp' : 'fn', e.shiftKey ? -1 : 1);
  });

  // A click on an evaluated box selects it and its annotation in its file.
  d.canvas.addEventListener('click', (e) => {
    if (!layer.active) return;
    const view = d.view();
    const p = toImage(view, e.offsetX, e.offsetY);
    const hit = layer.hit(p.x, p.y, 4 / view.scale);
    if (!hit) return;
    select(hit.side, hit.box.index);
    d.send({ type: 'evalReveal', image: d.current(), side: hit.side, id: hit.box.index });
  });

  // Hovering an evaluated box names it (as text, in the canvas's native tooltip).
  d.canvas.addEventListener('pointermove', (e) => {
    if (!layer.active) return;
    const view = d.view();
    const p = toImage(view, e.offsetX, e.offsetY);
    const hit = layer.hit(p.x, p.y, 4 / view.scale);
    const tip = hit ? EVAL_TEXT.boxTip(EVAL_TEXT.tag[hit.kind], hit.truth ? EVAL_TEXT.truthSide : EVAL_TEXT.predictionSide, hit.box.label === '' ? EVAL_TEXT.noLabel : hit.box.label, hit.box.confidence, hit.iou) : '';
    if (d.canvas.title !== tip) d.canvas.title = tip;
  });

  // ---- side panel contents
  function renderSummary(): void {
    if (!summary) return;
    const iouText = summary.iou.toFixed(2);
    scope.textContent = EVAL_TEXT.scope(iouText);
    overall.textContent = EVAL_TEXT.overall(fmt(summary.overall.map50), fmt(summary.overall.map), fmt(summary.overall.mapAtIou), iouText);
    const head = el('tr', {}, ...EVAL_TEXT.columns.map((c, i) => el('th', { text: c, title: EVAL_TEXT.columnTitles[i], attrs: { scope: 'col' } })));
    const rows = summary.labels.map((l) => {
      const name = l.label === '' ? EVAL_TEXT.noLabel : l.label;
      const row = el('tr', { attrs: { 'data-label': l.label, tabindex: '0' } },
        el('th', { text: name, attrs: { scope: 'row' } }),
        ...[l.precision, l.recall, l.apAtIou].map((v) => el('td', { text: fmt(v) })));
      row.title = EVAL_TEXT.rowTitle(name, l.truth, l.predictions, l.tp, l.fp, l.fn, fmt(l.ap50), fmt(l.ap));
      if (l.label === curveLabel) row.setAttribute('aria-selected', 'true');
      const choose = () => {
        curveLabel = l.label;
        curveSelect.value = l.label;
        renderSummary();
      };
      row.addEventListener('click', choose);
      row.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          choose();
        }
      });
      return row;
    });
    table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
    const withTruth = summary.curves.filter((c) => c.truths > 0);
    if (curveLabel === undefined || !summary.curves.some((c) => c.label === curveLabel)) curveLabel = withTruth[0]?.label ?? summary.curves[0]?.label;
    curveSelect.replaceChildren(...summary.curves.map((c) => el('option', { text: c.label === '' ? EVAL_TEXT.noLabel : c.label, attrs: { value: c.label } })));
    if (curveLabel !== undefined) curveSelect.value = curveLabel;
    d.root.dataset.evalLabels = summary.labels.map((l) => `${l.label}:${fmt(l.precision)}/${fmt(l.recall)}/${fmt(l.apAtIou)}`).join(' ');
    drawCurveNow();
  }

  curveSelect.addEventListener('change', () => {
    curveLabel = curveSelect.value;
    renderSummary();
  });

  function drawCurveNow(): void {
    const c = summary?.curves.find((x) => x.label === curveLabel);
    const label = summary?.labels.find((l) => l.label === curveLabel);
    curveCanvas.setAttribute('aria-label', c ? EVAL_TEXT.curveAria(c.label, fmt(label?.apAtIou)) : EVAL_TEXT.curveHeading);
    drawCurve(curveCanvas, c, curveColors, d.threshold());
    d.root.dataset.evalCurve = c ? `${c.label}:${c.recall.length}` : '';
  }

  return {
    layer,
    controls,
    panel,
    get active(): boolean {
      return layer.active;
    },
    /** The own shapes the evaluation draws itself (box evaluation: the rectangles). */
    hides(kind: string): boolean {
      return layer.active && kind === 'rectangle';
    },
    confidenceRange: () => (layer.active ? layer.confidenceRange() : undefined),
    /** The image's size changed (or a new image): the normalized sides scale by it. */
    sized(): void {
      const s = d.imageSize();
      layer.setImageSize(s.w, s.h);
      rematch();
    },
    /** The filters (confidence, labels) changed. */
    filtersChanged(): void {
      rematch();
      drawCurveNow();
    },
    /** A new image is shown: its boxes follow in an evalBoxes message. */
    imageChanged(): void {
      layer.setBoxes(d.current(), undefined);
      layer.selected = undefined;
      rematch();
    },
    setIou,
    /** An evaluation message; true when handled. */
    receive(m: EvaluationToWebview): void {
      switch (m.type) {
        case 'evalState':
          other = m.other;
          evalControls.hidden = !other;
          panel.hidden = !other;
          compareButton.hidden = !!other;
          d.root.dataset.evaluation = other ?? '';
          if (!other) {
            layer.setBoxes(-1, undefined);
            summary = undefined;
            rematch();
            d.refresh();
          } else {
            const ownRole = m.ownRole ?? 'truth';
            title.textContent = EVAL_TEXT.against(other, ownRole);
            if (m.iou !== undefined) {
              slider.value = String(m.iou);
              setIou(m.iou);
            }
          }
          break;
        case 'evalBoxes':
          if (m.index !== d.current()) return;
          layer.setBoxes(m.index, m.boxes);
          layer.setImageSize(d.imageSize().w, d.imageSize().h);
          // The confidence slider's range is now the predictions'; the own rectangles leave the normal layer.
          d.refresh();
          rematch();
          break;
        case 'evalSummary':
          summary = m.summary;
          renderSummary();
          break;
        case 'evalSelect':
          if (m.image === d.current()) select(m.side, m.id);
          break;
      }
    },
  };
}
