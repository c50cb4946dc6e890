// Drawing new shapes in the preview: the toolbar's tools (Select, Box, Polygon, Line; keys V, B, P, L
// and Escape), the label new shapes get (a field with the labels in use to pick from, type to filter),
// and the gestures: a drag makes a box; clicks place a polygon's or a line's points, Enter or a click
// on the first point closes a polygon, Enter or a double-click ends a line, Backspace takes back the
// last point. Without a mouse, arrow keys move a crosshair (Shift: 10 pixels) and Space places a
// point or a box's corner. Points snap to whole image pixels and stay inside the image unless Alt is
// held. A finished shape is one `editShape` `add` message; the host writes it into the text in the
// file's own style and sends the shapes back. Offered only when the source writes `add`.
import { labelColor } from '../model/colors';
import { boxFromCorners, closesPolygon, defaultLabel, labelsByUse, MIN_POINTS, shapePoints, snapPoint, type DrawKind, type Point } from '../model/drawShape';
import { pan, toImage, toScreen, type View } from '../model/transform';
import { el } from './dom';
import type { Annotations, PageStrings, WebviewToHost } from './protocol';
import { haloStroke } from './layers';
import type { Renderer } from './render';
import { t } from './strings';

export type Tool = 'select' | DrawKind;

export interface DrawDeps {
  root: HTMLElement;
  canvas: HTMLCanvasElement;
  stage: HTMLElement;
  renderer: Renderer;
  send(m: WebviewToHost): void;
  setView(view: View): void;
  /** the image entry shown */
  current(): number;
  /** the image's real size in pixels is known */
  sizeKnown(): boolean;
  /** a shape drawn here is in the text now: annotation `annotation` of the image shown */
  drew(annotation: number): void;
}

/** Each tool: its key, and its button's text and tooltip (keys of the page's strings). */
const TOOLS: { tool: Tool; key: string; name: keyof PageStrings; hint: keyof PageStrings }[] = [
  { tool: 'select', key: 'v', name: 'toolSelect', hint: 'toolSelectTitle' },
  { tool: 'rectangle', key: 'b', name: 'toolBox', hint: 'toolBoxTitle' },
  { tool: 'polygon', key: 'p', name: 'toolPolygon', hint: 'toolPolygonTitle' },
  { tool: 'line', key: 'l', name: 'toolLine', hint: 'toolLineTitle' },
];
/** screen pixels around the first point that still close a polygon */
const CLOSE_SLACK = 8;
let fieldIds = 0;

export class DrawTools {
  tool: Tool = 'select';
  readonly controls: HTMLElement;
  private readonly buttons = new Map<Tool, HTMLButtonElement>();
  private readonly field: HTMLInputElement;
  private readonly options: HTMLDataListElement;
  private readonly status: HTMLOutputElement;
  private annotations?: Annotations;
  private broken = false;
  /** the label typed or used last (undefined: none chosen yet, the field shows the default) */
  private chosen?: string;
  /** the points placed so far (image pixels) */
  private points: Point[] = [];
  /** where the next point would go: the pointer's or the keyboard crosshair's position */
  private cursor?: Point;
  /** the crosshair was moved by keys (it is drawn as a cross) */
  private keyboard = false;
  /** a box being dragged: its first corner */
  private dragFrom?: Point;
  /** a finished shape sent, drawn until the host's shapes have it */
  private sent?: { kind: DrawKind; points: Point[]; label: string; shapes: number };

  constructor(private readonly d: DrawDeps) {
    const group = el('div', { className: 'draw-tools', attrs: { role: 'group', 'aria-label': t('drawTools') } });
    for (const { tool, name, hint } of TOOLS) {
      const b = el('button', { className: 'tool', text: t(name), title: t(hint), attrs: { type: 'button', 'aria-pressed': String(tool === 'select'), 'data-tool': tool } });
      b.addEventListener('click', () => this.setTool(tool));
      this.buttons.set(tool, b);
      group.append(b);
    }
    const id = `draw-labels-${++fieldIds}`;
    this.options = el('datalist', { attrs: { id } });
    this.field = el('input', { className: 'draw-label', attrs: { type: 'text', list: id, 'aria-label': t('drawLabelAria'), title: t('drawLabelTitle'), spellcheck: 'false', autocomplete: 'off' } });
    this.field.addEventListener('input', () => {
      this.chosen = this.field.value;
      this.field.setCustomValidity('');
      this.mark();
    });
    this.field.addEventListener('keydown', (e) => {
      // Enter or Escape in the field hands the keys back to the picture (the tool stays).
      if (e.key === 'Enter' || e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        d.stage.focus({ preventScroll: true });
      }
    });
    // Reached by Tab, the label is selected whole: typing replaces it.
    this.field.addEventListener('focus', () => this.field.select());
    // Over the picture, not in the toolbar: its changing text never moves the picture.
    this.status = el('output', { className: 'draw-status', attrs: { 'aria-live': 'polite', hidden: '' } });
    d.stage.append(this.status);
    this.controls = el('div', { className: 'draw-toolbar' }, group, el('label', { className: 'draw-label-field', title: t('drawLabelTitle') }, document.createTextNode(t('drawLabel') + ' '), this.field), this.options);
    d.renderer.drawing = this;
    this.refresh();
  }

  // ---- what the page tells it

  setAnnotations(a: Annotations | undefined): void {
    this.annotations = a;
    // The shapes of the text now: a sent shape is in them, the last (or was refused and is gone).
    const landed = this.sent && a && a.shapes.length > this.sent.shapes ? Math.max(...a.shapes.map((s) => s.index)) : undefined;
    this.sent = undefined;
    if (!a) {
      this.points = [];
      this.dragFrom = undefined;
    }
    this.refresh();
    if (landed !== undefined) this.d.drew(landed);
  }

  setBroken(broken: boolean): void {
    this.broken = broken;
    this.refresh();
  }

  /** The selection changed: before a label was chosen, the field shows the selected shape's. */
  selectionChanged(): void {
    if (this.chosen === undefined) this.showLabel();
  }

  /** Why drawing is off, or this tool is (undefined: it is on). */
  private offReason(tool: Tool = this.tool): string | undefined {
    const a = this.annotations;
    if (this.broken) return t('drawOffBroken');
    if (!a) return t('drawOffNoImage');
    if (a.editVersion === undefined) return t('drawOffReadOnly');
    if (!a.editOps?.includes('add')) return t('drawOffFormat');
    if (!this.d.sizeKnown()) return t('drawOffNoImage');
    // COCO and YOLO have no line shapes: the source lists the kinds it writes.
    if (tool !== 'select' && a.drawKinds && !a.drawKinds.includes(tool)) return t('drawOffKind');
    return undefined;
  }

  /** Why drawing as a whole is off (every tool's reason, or undefined when one tool is on). */
  private allOff(): string | undefined {
    const reasons = TOOLS.filter((x) => x.tool !== 'select').map((x) => this.offReason(x.tool));
    return reasons.every((r) => r !== undefined) ? reasons[0] : undefined;
  }

  get active(): boolean {
    return this.tool !== 'select' && this.offReason() === undefined;
  }

  private refresh(): void {
    const off = this.allOff();
    if (this.tool !== 'select' && this.offReason() !== undefined) this.setTool('select');
    for (const { tool, hint } of TOOLS) {
      const b = this.buttons.get(tool)!;
      // Select stays usable; the drawing tools say why they are off.
      const why = tool === 'select' ? undefined : this.offReason(tool);
      b.disabled = why !== undefined;
      b.title = why !== undefined ? `${t(hint)}\n${why}` : t(hint);
    }
    this.field.disabled = off !== undefined;
    this.controls.title = off ?? '';
    this.d.root.dataset.drawOff = off ?? '';
    // The labels in use, most used first, for the field's suggestions.
    const labels = this.labelsInUse();
    if (this.options.children.length !== labels.length || labels.some((l, i) => (this.options.children[i] as HTMLOptionElement).value !== l)) {
      this.options.replaceChildren(...labels.map((l) => el('option', { attrs: { value: l } })));
    }
    if (this.chosen === undefined) this.showLabel();
    this.mark();
    this.d.renderer.invalidate();
  }

  /** The file's labels as the host counted them, else the labels of the image shown; most used first. */
  private labelsInUse(): string[] {
    return this.annotations?.labelsInUse ?? labelsByUse((this.annotations?.shapes ?? []).map((s) => s.label));
  }

  private showLabel(): void {
    const i = this.d.renderer.selected;
    this.field.value = defaultLabel(this.labelsInUse(), i === undefined ? undefined : this.d.renderer.shapes[i]?.label);
    this.mark();
  }

  /** The label a shape finished now gets. */
  label(): string {
    return (this.chosen ?? this.field.value).trim();
  }

  setTool(tool: Tool): void {
    if (tool !== 'select' && this.offReason(tool) !== undefined) return;
    if (tool !== this.tool) {
      this.points = [];
      this.dragFrom = undefined;
    }
    this.tool = tool;
    for (const [k, b] of this.buttons) b.setAttribute('aria-pressed', String(k === tool));
    if (tool === 'select') this.keyboard = false;
    this.mark();
    this.d.renderer.invalidate();
  }

  /** Mirrors the state for tests and screen readers. */
  private mark(): void {
    const { root, canvas } = this.d;
    root.dataset.tool = this.tool;
    root.dataset.drawPoints = String(this.points.length + (this.dragFrom ? 1 : 0));
    root.dataset.drawLabel = this.label();
    if (this.cursor) root.dataset.drawCursor = `${this.cursor.x} ${this.cursor.y}`;
    else delete root.dataset.drawCursor;
    if (this.active) {
      canvas.setAttribute('aria-description', t('drawHint'));
      const at = this.cursor ? t('drawAt', this.cursor.x, this.cursor.y) : '';
      this.status.hidden = false;
      this.status.textContent = [t(this.tool === 'rectangle' ? 'toolBox' : this.tool === 'polygon' ? 'toolPolygon' : 'toolLine'), at, t('drawPointCount', this.points.length)].filter((s) => s).join(' · ');
    } else {
      if (canvas.getAttribute('aria-description') === t('drawHint')) canvas.removeAttribute('aria-description');
      this.status.textContent = '';
      this.status.hidden = true;
    }
  }

  // ---- the pointer (input.ts)

  private imagePoint(sx: number, sy: number, alt: boolean): Point {
    const p = toImage(this.d.renderer.view, sx, sy);
    const { imageW, imageH } = this.d.renderer;
    return snapPoint(p.x, p.y, alt ? undefined : { w: imageW, h: imageH });
  }

  /** A press at (sx, sy): true when the box tool takes it (a drag then draws, not pans). */
  begin(sx: number, sy: number, alt: boolean): boolean {
    if (!this.active || this.tool !== 'rectangle' || this.sent) return false;
    this.keyboard = false;
    this.points = [];
    this.dragFrom = this.imagePoint(sx, sy, alt);
    this.cursor = this.dragFrom;
    this.mark();
    return true;
  }

  /** The pointer moved (pressed or not) while a tool is on: the live box or the rubber band follows. */
  hover(sx: number, sy: number, alt: boolean): void {
    if (!this.active) return;
    this.keyboard = false;
    this.cursor = this.imagePoint(sx, sy, alt);
    this.mark();
    this.d.renderer.invalidate();
  }

  /** The box tool's press ends at (sx, sy). */
  end(sx: number, sy: number, alt: boolean): void {
    const from = this.dragFrom;
    this.dragFrom = undefined;
    if (!from) return;
    this.finish('rectangle', [from, this.imagePoint(sx, sy, alt)]);
  }

  /** A click with the polygon or line tool: a point, or the polygon closed on its first point. True when used. */
  click(sx: number, sy: number, alt: boolean): boolean {
    if (!this.active) return false;
    if (this.tool === 'rectangle' || this.sent) return true;
    this.keyboard = false;
    const p = this.imagePoint(sx, sy, alt);
    if (this.tool === 'polygon' && this.points.length > 0) {
      const first = toScreen(this.d.renderer.view, this.points[0].x, this.points[0].y);
      if (closesPolygon(this.points.length, Math.hypot(first.x - sx, first.y - sy), CLOSE_SLACK)) {
        this.finish('polygon', this.points);
        return true;
      }
    }
    this.place(p);
    return true;
  }

  /** A double-click ends a line (and closes a polygon). True when used. */
  doubleClick(): boolean {
    if (!this.active) return false;
    if (this.tool === 'line' || this.tool === 'polygon') this.finish(this.tool, this.points);
    return true;
  }

  /** The canvas's cursor while a tool is on. */
  cursorStyle(): string | undefined {
    return this.active ? 'crosshair' : undefined;
  }

  private place(p: Point): void {
    const last = this.points[this.points.length - 1];
    // The second click of a double-click lands on the same pixel: one point.
    if (!last || last.x !== p.x || last.y !== p.y) this.points.push(p);
    this.cursor = p;
    this.mark();
    this.d.renderer.invalidate();
  }

  // ---- keys (input.ts, on the picture)

  key(e: KeyboardEvent): boolean {
    if (e.ctrlKey || e.metaKey) return false;
    const tool = TOOLS.find((x) => x.key === e.key.toLowerCase() && !e.altKey && !e.shiftKey);
    if (tool && (tool.tool === 'select' || this.offReason(tool.tool) === undefined)) {
      this.setTool(tool.tool);
      return true;
    }
    if (!this.active) return false;
    if (e.key === 'Escape') {
      // A shape under way is dropped; with none, back to selecting.
      if (this.points.length > 0 || this.dragFrom) {
        this.points = [];
        this.dragFrom = undefined;
        this.mark();
        this.d.renderer.invalidate();
      } else this.setTool('select');
      return true;
    }
    if (e.key === 'Backspace') {
      this.points.pop();
      this.mark();
      this.d.renderer.invalidate();
      return true;
    }
    const step = e.shiftKey ? 10 : 1;
    const delta = ({ ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] } as Record<string, [number, number]>)[e.key];
    if (delta) {
      this.moveCrosshair(delta[0], delta[1], e.altKey);
      return true;
    }
    if (e.key === ' ' || e.key === 'Enter') {
      if (this.sent) return true;
      const kind = this.tool as DrawKind;
      // Enter finishes a polygon or line that has enough points; otherwise Space and Enter place one.
      if (e.key === 'Enter' && kind !== 'rectangle' && this.points.length >= MIN_POINTS[kind]) {
        this.finish(kind, this.points);
        return true;
      }
      const p = this.crosshair();
      if (kind === 'rectangle' && this.points.length === 1) this.finish('rectangle', [this.points[0], p]);
      else this.place(p);
      return true;
    }
    return false;
  }

  /** The crosshair: where the pointer last was, else the middle of the image. */
  private crosshair(): Point {
    if (!this.cursor) {
      const { imageW, imageH } = this.d.renderer;
      this.cursor = snapPoint(imageW / 2, imageH / 2, { w: imageW, h: imageH });
    }
    return this.cursor;
  }

  private moveCrosshair(dx: number, dy: number, alt: boolean): void {
    const c = this.crosshair();
    const { imageW, imageH, view, width, height } = this.d.renderer;
    this.cursor = snapPoint(c.x + dx, c.y + dy, alt ? undefined : { w: imageW, h: imageH });
    this.keyboard = true;
    // The view follows a crosshair that leaves it.
    const s = toScreen(view, this.cursor.x, this.cursor.y);
    const margin = 24;
    const px = s.x < margin ? margin - s.x : s.x > width - margin ? width - margin - s.x : 0;
    const py = s.y < margin ? margin - s.y : s.y > height - margin ? height - margin - s.y : 0;
    if (px || py) this.d.setView(pan(view, px, py));
    this.mark();
    this.d.renderer.invalidate();
  }

  // ---- finishing

  private finish(kind: DrawKind, points: readonly Point[]): void {
    const a = this.annotations;
    const flat = shapePoints(kind, points);
    if (!flat) {
      // Too few points or no area: nothing is written (a polygon keeps its points to go on with).
      if (kind === 'rectangle') this.points = [];
      this.mark();
      this.d.renderer.invalidate();
      return;
    }
    const label = this.label();
    if (label === '') {
      this.field.setCustomValidity(t('drawNeedsLabel'));
      this.field.reportValidity();
      this.field.focus();
      this.d.root.dataset.drawProblem = t('drawNeedsLabel');
      return;
    }
    if (!a || a.editVersion === undefined) return;
    delete this.d.root.dataset.drawProblem;
    this.chosen = label;
    const placed = kind === 'rectangle' ? [{ x: flat[0], y: flat[1] }, { x: flat[0] + flat[2], y: flat[1] + flat[3] }] : [...points];
    this.sent = { kind, points: placed, label, shapes: a.shapes.length };
    this.points = [];
    // Counted so tests can check one edit per shape.
    this.d.root.dataset.drawsSent = String(Number(this.d.root.dataset.drawsSent ?? 0) + 1);
    const { imageW, imageH } = this.d.renderer;
    this.d.send({ type: 'editShape', image: this.d.current(), version: a.editVersion, imageW, imageH, edit: { op: 'add', kind, label, points: flat } });
    this.mark();
    this.d.renderer.invalidate();
  }

  // ---- drawing (render.ts, on top)

  draw(ctx: CanvasRenderingContext2D, view: View, dpr: number, highlight: string, colors: Record<string, string>): void {
    const shown = this.sent ?? (this.active ? { kind: this.tool as DrawKind, points: this.dragFrom && this.cursor ? [this.dragFrom, this.cursor] : this.points, label: this.label() } : undefined);
    const screen = (p: Point): Point => ({ x: Math.round((p.x * view.scale + view.x) * dpr) + 0.5, y: Math.round((p.y * view.scale + view.y) * dpr) + 0.5 });
    ctx.save();
    ctx.lineJoin = 'round';
    if (shown && shown.points.length > 0) {
      const color = labelColor(shown.label, colors);
      const pts = shown.points.map(screen);
      const open = !this.sent && shown.kind !== 'rectangle' && this.cursor ? [...pts, screen(this.cursor)] : pts;
      const path = (): void => {
        ctx.beginPath();
        if (shown.kind === 'rectangle') {
          if (pts.length < 2) return;
          const [x, y, w, h] = boxFromCorners(pts[0], pts[1]);
          ctx.rect(x, y, w, h);
          return;
        }
        open.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
        if (this.sent && shown.kind === 'polygon') ctx.closePath();
      };
      path();
      haloStroke(ctx, dpr, highlight, color, () => ctx.stroke(), 4, 2);
      // The polygon's closing edge, dashed, while it is drawn.
      if (!this.sent && shown.kind === 'polygon' && open.length >= 3) {
        ctx.setLineDash([4 * dpr, 4 * dpr]);
        ctx.lineWidth = dpr;
        ctx.beginPath();
        ctx.moveTo(open[open.length - 1].x, open[open.length - 1].y);
        ctx.lineTo(pts[0].x, pts[0].y);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      if (shown.kind !== 'rectangle') {
        const size = 6 * dpr;
        pts.forEach((p, i) => {
          const big = i === 0 && shown.kind === 'polygon' && !this.sent;
          const s = big ? size * 1.6 : size;
          ctx.fillStyle = big ? color : '#fff';
          ctx.fillRect(p.x - s / 2, p.y - s / 2, s, s);
          ctx.lineWidth = dpr;
          ctx.strokeStyle = '#000';
          ctx.strokeRect(p.x - s / 2, p.y - s / 2, s, s);
        });
      }
    }
    // The keyboard's crosshair.
    if (this.active && this.cursor && this.keyboard) {
      const c = screen(this.cursor);
      const r = 10 * dpr;
      for (const [w, style] of [[3 * dpr, '#000'], [dpr, '#fff']] as const) {
        ctx.lineWidth = w;
        ctx.strokeStyle = style;
        ctx.beginPath();
        ctx.moveTo(c.x - r, c.y);
        ctx.lineTo(c.x + r, c.y);
        ctx.moveTo(c.x, c.y - r);
        ctx.lineTo(c.x, c.y + r);
        ctx.stroke();
      }
    }
    ctx.restore();
  }
}
