// Changing shapes in the preview. The selected box of an editable file shows handles: a drag inside
// moves it, a drag on a handle resizes it, arrow keys nudge it. The selected polygon or line shows
// its vertices and a handle in the middle of each edge: a vertex drags, an edge's handle inserts a
// vertex there (and drags it), Alt+click removes a vertex, a drag on the shape moves it all; `[` and
// `]` pick a vertex, the arrows nudge it (or the whole shape when none is picked), I (or Insert)
// adds one after it, Delete or Backspace removes it. The page draws the shape where it is being
// dragged to, instead of the original, and sends one edit at the end (or per nudge): `editBox` for
// a box, `editShape` with a `points` op for a polygon or line; the host writes it into the text and
// sends the shapes back, read from the new version. Read-only sources and broken files send no
// editVersion, and then nothing here reacts.
import { hits, type Box, type Shape } from '../../annotations/geometry';
import { dragBox, handleAt, handlePoint, HANDLES, nudgeBox, type Handle } from '../model/boxDrag';
import type { View } from '../model/transform';
import { cycleVertex, dragVertex, edgeCount, edgeMiddle, edgeMiddleAt, insertVertex, moveShape, nudgeVertex, removeVertex, vertexAt, vertexCount, type Inside } from '../model/vertexDrag';
import type { ShapeEditOp } from './editProtocol';
import type { Annotations, WebviewToHost } from './protocol';
import { haloStroke } from './layers';
import type { Renderer } from './render';
import { t } from './strings';

export interface EditingDeps {
  root: HTMLElement;
  canvas: HTMLCanvasElement;
  renderer: Renderer;
  send(m: WebviewToHost): void;
  /** the image entry shown */
  current(): number;
  /** the image's real size in pixels is known (its header or the decoded picture) */
  sizeKnown(): boolean;
}

const CURSORS: Record<Handle, string> = { move: 'move', n: 'ns-resize', s: 'ns-resize', e: 'ew-resize', w: 'ew-resize', ne: 'nesw-resize', sw: 'nesw-resize', nw: 'nwse-resize', se: 'nwse-resize' };
/** screen pixels around a handle that still grab it */
const GRAB = 6;
/** an edge shorter than this on screen (pixels) shows no handle in its middle: it would sit on the vertices' */
const MIDDLE_FROM = 4 * GRAB;

/** What a press grabs: a box handle, a vertex, an edge's middle (inserts a vertex) or the whole polygon or line. */
type Grab = { kind: 'box'; handle: Handle } | { kind: 'vertex'; index: number } | { kind: 'insert'; edge: number } | { kind: 'shape' };

type Drag =
  | { kind: 'box'; handle: Handle; from: Box; sx: number; sy: number }
  | { kind: 'vertex'; index: number; from: number[]; sx: number; sy: number; inserted: boolean }
  | { kind: 'shape'; from: number[]; sx: number; sy: number }
  /** an Alt+press on a vertex: removes it when released without a drag; a drag moves it (free of the image's edges) */
  | { kind: 'remove'; index: number; from: number[]; sx: number; sy: number };

/** The shape as the user has made it, drawn instead of the original until the text has it. */
interface Live {
  shape: number;
  annotation: number;
  box?: Box;
  points?: number[];
}

const isPath = (s: Shape | undefined): boolean => s?.kind === 'polygon' || s?.kind === 'line';

export class BoxEditing {
  /** the version of the shapes shown, when the source lets them be changed */
  private version?: number;
  /** the shape edits the source writes (editProtocol.ts): polygons and lines change only with `points` */
  private ops: readonly ShapeEditOp[] = [];
  private broken = false;
  private live?: Live;
  private drag?: Drag;
  /** the picked vertex of the selected polygon or line (`[`, `]`, a click on it), with the annotation it belongs to */
  private vertex?: { annotation: number; index: number };
  /** an edit is on its way to the host; a nudge meanwhile waits for the new version */
  private pending = false;
  private queued = false;

  constructor(private readonly d: EditingDeps) {
    d.renderer.editor = this;
  }

  /** the source has let shapes be changed (it sent a version once): the broken banner says editing is off */
  capable = false;

  setAnnotations(a: Annotations | undefined): void {
    this.version = a?.editVersion;
    this.ops = a?.editOps ?? [];
    if (this.version !== undefined) this.capable = true;
    this.pending = false;
    if (this.queued && this.live && this.editableShape() === this.live.shape) {
      this.queued = false;
      this.commit();
    } else if (!this.drag) {
      this.queued = false;
      this.live = undefined;
    }
    this.mark();
    this.d.renderer.invalidate();
  }

  setBroken(broken: boolean): void {
    this.broken = broken;
    if (broken) {
      this.drag = undefined;
      this.live = undefined;
    }
    this.mark();
    this.d.renderer.invalidate();
  }

  /** The selected shape's index when it is a box, polygon or line that may be changed now. */
  private editableShape(): number | undefined {
    if (this.version === undefined || this.broken || !this.d.sizeKnown()) return undefined;
    const i = this.d.renderer.selected;
    if (i === undefined) return undefined;
    const s = this.d.renderer.shapes[i];
    const changeable = s?.kind === 'rectangle' || (isPath(s) && this.ops.includes('points'));
    return changeable && this.d.renderer.visible.includes(i) ? i : undefined;
  }

  private boxOf(i: number): Box {
    return this.live?.shape === i && this.live.box ? this.live.box : this.d.renderer.boxes[i];
  }

  private pointsOf(i: number): number[] {
    return this.live?.shape === i && this.live.points ? this.live.points : this.d.renderer.shapes[i].points;
  }

  /** The picked vertex of shape i, when it still has one at that index. */
  private vertexOf(i: number): number | undefined {
    const v = this.vertex;
    const s = this.d.renderer.shapes[i];
    return v && s && v.annotation === s.index && v.index < vertexCount(this.pointsOf(i)) ? v.index : undefined;
  }

  private pickVertex(i: number, index: number | undefined): void {
    this.vertex = index === undefined ? undefined : { annotation: this.d.renderer.shapes[i].index, index };
  }

  private inside(alt: boolean): Inside | undefined {
    return alt ? undefined : { w: this.d.renderer.imageW, h: this.d.renderer.imageH };
  }

  private mark(): void {
    const { root, canvas, renderer } = this.d;
    const i = this.editableShape();
    root.dataset.editable = i === undefined ? '' : String(renderer.shapes[i].index);
    if (i === undefined) canvas.removeAttribute('aria-description');
    else canvas.setAttribute('aria-description', t(isPath(renderer.shapes[i]) ? 'editPointsHint' : 'editHint'));
    root.dataset.editPending = this.pending || this.queued ? '1' : '';
    if (this.live?.box) root.dataset.editBox = [this.live.box.x, this.live.box.y, this.live.box.w, this.live.box.h].join(' ');
    else delete root.dataset.editBox;
    if (this.live?.points) root.dataset.editPoints = this.live.points.join(' ');
    else delete root.dataset.editPoints;
    const vertex = i === undefined ? undefined : this.vertexOf(i);
    root.dataset.vertex = vertex === undefined ? '' : String(vertex);
    // The selected polygon's or line's points as the model has them (what the text says), for tests.
    const selected = renderer.selected === undefined ? undefined : renderer.shapes[renderer.selected];
    if (selected && isPath(selected)) root.dataset.selectedPoints = selected.points.map((n) => Math.round(n * 100) / 100).join(' ');
    else delete root.dataset.selectedPoints;
    // The original is left out of the cached layers while its live copy stands in for it.
    renderer.setLifted(this.live?.shape);
  }

  /** The selection changed (a click, the cursor in the text). */
  selectionChanged(): void {
    const { renderer } = this.d;
    if (this.live && renderer.selected !== this.live.shape) {
      this.live = undefined;
      this.queued = false;
    }
    const s = renderer.selected === undefined ? undefined : renderer.shapes[renderer.selected];
    if (this.vertex && s?.index !== this.vertex.annotation) this.vertex = undefined;
    this.mark();
  }

  /** Image pixels → screen pixels (CSS). */
  private screen(): (x: number, y: number) => { x: number; y: number } {
    const { scale, x, y } = this.d.renderer.view;
    return (px, py) => ({ x: px * scale + x, y: py * scale + y });
  }

  private grabUnder(sx: number, sy: number): Grab | undefined {
    const i = this.editableShape();
    if (i === undefined) return undefined;
    const { scale, x, y } = this.d.renderer.view;
    const s = this.d.renderer.shapes[i];
    if (!isPath(s)) {
      const b = this.boxOf(i);
      const handle = handleAt({ x: b.x * scale + x, y: b.y * scale + y, w: b.w * scale, h: b.h * scale }, sx, sy, GRAB);
      return handle ? { kind: 'box', handle } : undefined;
    }
    const points = this.pointsOf(i);
    const closed = s.kind === 'polygon';
    // In image pixels: the slack of GRAB screen pixels at this zoom.
    const px = (sx - x) / scale;
    const py = (sy - y) / scale;
    const slack = GRAB / scale;
    const index = vertexAt(points, px, py, slack);
    if (index !== undefined) return { kind: 'vertex', index };
    const edge = edgeMiddleAt(points, closed, px, py, slack, (e) => this.edgeLong(points, e));
    if (edge !== undefined) return { kind: 'insert', edge };
    return hits({ ...s, points }, px, py, 4 / scale) ? { kind: 'shape' } : undefined;
  }

  /** Edge e is long enough on screen for a handle in its middle. */
  private edgeLong(points: readonly number[], e: number): boolean {
    const n = vertexCount(points);
    const j = (e + 1) % n;
    const { scale } = this.d.renderer.view;
    return Math.hypot(points[2 * j] - points[2 * e], points[2 * j + 1] - points[2 * e + 1]) * scale >= MIDDLE_FROM;
  }

  /** The cursor for a pointer at (sx, sy) on the canvas, when it is over the selected shape. */
  cursorAt(sx: number, sy: number): string {
    const g = this.grabUnder(sx, sy);
    if (!g) return '';
    return g.kind === 'box' ? CURSORS[g.handle] : g.kind === 'vertex' ? 'crosshair' : g.kind === 'insert' ? 'copy' : 'move';
  }

  /** A press at (sx, sy): true when it grabs the selected shape (a drag then changes it, not the view). */
  begin(sx: number, sy: number, alt = false): boolean {
    if (this.pending) return false;
    const grab = this.grabUnder(sx, sy);
    const i = this.editableShape();
    if (!grab || i === undefined) return false;
    const { renderer } = this.d;
    if (grab.kind === 'box') this.drag = { kind: 'box', handle: grab.handle, from: { ...this.boxOf(i) }, sx, sy };
    else if (grab.kind === 'shape') this.drag = { kind: 'shape', from: this.pointsOf(i).slice(), sx, sy };
    else if (grab.kind === 'vertex') {
      this.pickVertex(i, grab.index);
      const from = this.pointsOf(i).slice();
      this.drag = alt ? { kind: 'remove', index: grab.index, from, sx, sy } : { kind: 'vertex', index: grab.index, from, sx, sy, inserted: false };
    } else {
      // The vertex is there at once (drawn at the edge's middle), and follows the drag from there.
      const { points, index } = insertVertex(this.pointsOf(i), grab.edge, true);
      this.live = { shape: i, annotation: renderer.shapes[i].index, points };
      this.pickVertex(i, index);
      this.drag = { kind: 'vertex', index, from: points, sx, sy, inserted: true };
    }
    this.mark();
    renderer.invalidate();
    return true;
  }

  move(sx: number, sy: number, alt: boolean): void {
    const i = this.editableShape();
    if (this.drag?.kind === 'remove') this.drag = { ...this.drag, kind: 'vertex', inserted: false };
    const drag = this.drag;
    if (!drag || i === undefined) return;
    const { scale } = this.d.renderer.view;
    const { renderer } = this.d;
    const dx = (sx - drag.sx) / scale;
    const dy = (sy - drag.sy) / scale;
    const annotation = renderer.shapes[i].index;
    if (drag.kind === 'box') {
      this.live = { shape: i, annotation, box: dragBox(drag.from, drag.handle, dx, dy, { snap: true, inside: this.inside(alt) }) };
      this.d.root.dataset.editing = drag.handle;
    } else if (drag.kind === 'vertex') {
      this.live = { shape: i, annotation, points: dragVertex(drag.from, drag.index, dx, dy, { snap: true, inside: this.inside(alt) }) };
      this.d.root.dataset.editing = 'vertex';
    } else {
      this.live = { shape: i, annotation, points: moveShape(drag.from, dx, dy, this.inside(alt)) };
      this.d.root.dataset.editing = 'move';
    }
    this.mark();
    renderer.invalidate();
  }

  /**
   * The press ends; `moved`: it was a drag (a click leaves the shape alone, but for an inserted or
   * removed vertex). True when a click changed the shape.
   */
  end(moved: boolean): boolean {
    const had = this.drag;
    this.drag = undefined;
    delete this.d.root.dataset.editing;
    if (!had) return false;
    const i = this.editableShape();
    if (had.kind === 'remove') {
      let removed = false;
      if (!moved && i !== undefined) {
        const points = removeVertex(this.pointsOf(i), had.index, this.d.renderer.shapes[i].kind === 'polygon');
        this.vertex = undefined;
        if (points) {
          this.live = { shape: i, annotation: this.d.renderer.shapes[i].index, points };
          this.commit();
          removed = true;
        }
      }
      this.mark();
      this.d.renderer.invalidate();
      // A click on a vertex at the fewest (nothing removed) still selects nothing else.
      return removed || !moved;
    }
    const inserted = had.kind === 'vertex' && had.inserted;
    if ((!moved && !inserted) || !this.live) {
      if (!moved) this.live = this.pending ? this.live : undefined;
      this.mark();
      this.d.renderer.invalidate();
      return false;
    }
    this.commit();
    return !moved;
  }

  /** Keys on a selected editable shape; true when the key was used. */
  key(e: KeyboardEvent): boolean {
    // Ctrl+Alt is AltGr on some layouts (the German [ is AltGr+8): those keys still count.
    if ((e.ctrlKey && !e.altKey) || e.metaKey || this.drag) return false;
    const i = this.editableShape();
    if (i === undefined) return false;
    const { renderer } = this.d;
    const shape = renderer.shapes[i];
    const step = e.shiftKey ? 10 : 1;
    const delta = ({ ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] } as Record<string, [number, number]>)[e.key];
    if (!isPath(shape)) {
      if (!delta) return false;
      return this.change(i, { box: nudgeBox(this.boxOf(i), delta[0], delta[1], this.inside(e.altKey)) });
    }
    const points = this.pointsOf(i);
    const closed = shape.kind === 'polygon';
    const vertex = this.vertexOf(i);
    if (e.key === '[' || e.key === ']') {
      this.pickVertex(i, cycleVertex(vertex, vertexCount(points), e.key === ']' ? 1 : -1));
      this.mark();
      renderer.invalidate();
      return true;
    }
    if (delta) {
      const next = vertex === undefined ? moveShape(points, delta[0], delta[1], this.inside(e.altKey)) : nudgeVertex(points, vertex, delta[0], delta[1], this.inside(e.altKey));
      return this.change(i, { points: next });
    }
    // Without a picked vertex, Delete and Backspace are the shape's (deleting it), not these.
    if (vertex === undefined) return false;
    if (e.key === 'Delete' || e.key === 'Backspace') {
      const fewer = removeVertex(points, vertex, closed);
      // At the fewest vertices the key is still used: it must not fall through to deleting the shape.
      if (!fewer) return true;
      const n = vertexCount(fewer);
      this.pickVertex(i, (vertex - 1 + n) % n);
      return this.change(i, { points: fewer });
    }
    if (e.key === 'i' || e.key === 'I' || e.key === 'Insert') {
      // On the edge after the picked vertex (a line's last vertex: the edge before it).
      const edge = vertex < edgeCount(points, closed) ? vertex : vertex - 1;
      const { points: more, index } = insertVertex(points, edge, true);
      this.pickVertex(i, index);
      return this.change(i, { points: more });
    }
    return false;
  }

  /** A key changed shape i: drawn now, sent now or once the edit on its way is answered. */
  private change(i: number, to: { box?: Box; points?: number[] }): boolean {
    this.live = { shape: i, annotation: this.d.renderer.shapes[i].index, ...to };
    if (this.pending) this.queued = true;
    else this.commit();
    this.mark();
    this.d.renderer.invalidate();
    return true;
  }

  private commit(): void {
    const live = this.live;
    if (!live || this.version === undefined) return;
    const { renderer } = this.d;
    const same = live.box
      ? ((o: Box | undefined) => !!o && o.x === live.box!.x && o.y === live.box!.y && o.w === live.box!.w && o.h === live.box!.h)(renderer.boxes[live.shape])
      : ((o: readonly number[] | undefined) => !!o && !!live.points && o.length === live.points.length && o.every((v, k) => v === live.points![k]))(renderer.shapes[live.shape]?.points);
    if (same) {
      this.live = undefined;
      this.mark();
      renderer.invalidate();
      return;
    }
    this.pending = true;
    // Counted so tests can check that a drag sends one edit, at its end.
    this.d.root.dataset.editsSent = String(Number(this.d.root.dataset.editsSent ?? 0) + 1);
    const common = { image: this.d.current(), version: this.version, imageW: renderer.imageW, imageH: renderer.imageH };
    if (live.box) {
      const { box } = live;
      this.d.send({ type: 'editBox', ...common, annotation: live.annotation, bbox: [box.x, box.y, box.w, box.h] });
    } else if (live.points) {
      // An annotation drawn as several polygons (a COCO segmentation): which of them, in the order drawn.
      let part = 0;
      let paths = 0;
      renderer.shapes.forEach((s, k) => {
        if (s.index !== live.annotation || !isPath(s)) return;
        paths++;
        if (k < live.shape) part++;
      });
      this.d.send({ type: 'editShape', ...common, edit: { op: 'points', annotation: live.annotation, points: live.points.slice(), ...(paths > 1 ? { part } : {}) } });
    }
    this.mark();
  }

  /** A drag is changing the box (the renderer's frame probe times these frames). */
  get dragging(): boolean {
    return this.drag !== undefined && this.live !== undefined;
  }

  /** The selected shape's own highlight is not drawn while its live copy stands in for it. */
  hides(shape: number): boolean {
    return this.live?.shape === shape;
  }

  /** The live shape and the handles of the selected shape, over the shapes (device pixels). */
  draw(ctx: CanvasRenderingContext2D, view: View, dpr: number, highlight: string, color: (shape: number) => string): void {
    const i = this.editableShape();
    if (i === undefined) return;
    if (isPath(this.d.renderer.shapes[i])) {
      this.drawPath(ctx, i, dpr, highlight, color(i));
      return;
    }
    const b = this.boxOf(i);
    const k = view.scale * dpr;
    const x = Math.round(b.x * k + view.x * dpr) + 0.5;
    const y = Math.round(b.y * k + view.y * dpr) + 0.5;
    const w = Math.round(b.w * k);
    const h = Math.round(b.h * k);
    if (this.live?.box) {
      haloStroke(ctx, dpr, highlight, color(i), () => ctx.strokeRect(x, y, w, h));
    }
    const size = 7 * dpr;
    ctx.lineWidth = dpr;
    for (const handle of HANDLES) {
      const p = handlePoint({ x, y, w, h }, handle);
      ctx.fillStyle = '#fff';
      ctx.fillRect(p.x - size / 2, p.y - size / 2, size, size);
      ctx.strokeStyle = '#000';
      ctx.strokeRect(p.x - size / 2, p.y - size / 2, size, size);
    }
  }

  /**
   * A polygon or line: its live outline (when changed), a round handle in the middle of each edge
   * long enough, and a square on each vertex, the picked one filled in the theme's focus colour.
   * White with a black rim reads on light and dark pictures and themes alike.
   */
  private drawPath(ctx: CanvasRenderingContext2D, i: number, dpr: number, highlight: string, stroke: string): void {
    const points = this.pointsOf(i);
    const closed = this.d.renderer.shapes[i].kind === 'polygon';
    const at = this.screen();
    const dev = (x: number, y: number): { x: number; y: number } => {
      const p = at(x, y);
      return { x: p.x * dpr, y: p.y * dpr };
    };
    if (this.live?.points) {
      ctx.beginPath();
      for (let v = 0; v < points.length; v += 2) {
        const p = dev(points[v], points[v + 1]);
        if (v === 0) ctx.moveTo(p.x, p.y);
        else ctx.lineTo(p.x, p.y);
      }
      if (closed) ctx.closePath();
      ctx.lineJoin = 'round';
      haloStroke(ctx, dpr, highlight, stroke, () => ctx.stroke());
    }
    ctx.lineWidth = dpr;
    for (let e = 0; e < edgeCount(points, closed); e++) {
      if (!this.edgeLong(points, e)) continue;
      const m = edgeMiddle(points, e);
      const p = dev(m.x, m.y);
      ctx.beginPath();
      ctx.arc(p.x, p.y, 3.5 * dpr, 0, 2 * Math.PI);
      ctx.fillStyle = 'rgba(255,255,255,0.75)';
      ctx.fill();
      ctx.strokeStyle = '#000';
      ctx.stroke();
    }
    const picked = this.vertexOf(i);
    for (let v = 0; v < vertexCount(points); v++) {
      const p = dev(points[2 * v], points[2 * v + 1]);
      const size = (v === picked ? 10 : 7) * dpr;
      ctx.fillStyle = v === picked ? highlight : '#fff';
      ctx.fillRect(p.x - size / 2, p.y - size / 2, size, size);
      ctx.strokeStyle = '#000';
      ctx.lineWidth = (v === picked ? 2 : 1) * dpr;
      ctx.strokeRect(p.x - size / 2, p.y - size / 2, size, size);
    }
  }
}
