// Changing boxes in the preview: the selected box of an editable file shows handles; a drag inside
// moves it, a drag on a handle resizes it, arrow keys nudge it. The page draws the box where it is
// being dragged to and sends one `editBox` at the end (or per nudge); the host writes it into the
// text and sends the shapes back, read from the new version. Read-only sources and broken files
// send no editVersion, and then nothing here reacts.
import type { Box } from '../../annotations/geometry';
import { dragBox, handleAt, handlePoint, HANDLES, nudgeBox, type Handle } from '../model/boxDrag';
import type { View } from '../model/transform';
import type { Annotations, WebviewToHost } from './protocol';
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

export class BoxEditing {
  /** the version of the shapes shown, when the source lets them be changed */
  private version?: number;
  private broken = false;
  /** the box as the user has made it, drawn instead of the selected shape's until the text has it */
  private live?: { shape: number; annotation: number; box: Box };
  private drag?: { handle: Handle; from: Box; sx: number; sy: number };
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

  /** The selected shape's index when it is a box that may be changed now. */
  private editableShape(): number | undefined {
    if (this.version === undefined || this.broken || !this.d.sizeKnown()) return undefined;
    const i = this.d.renderer.selected;
    if (i === undefined) return undefined;
    const s = this.d.renderer.shapes[i];
    return s?.kind === 'rectangle' && this.d.renderer.visible.includes(i) ? i : undefined;
  }

  private boxOf(i: number): Box {
    return this.live?.shape === i ? this.live.box : this.d.renderer.boxes[i];
  }

  private mark(): void {
    const i = this.editableShape();
    this.d.root.dataset.editable = i === undefined ? '' : String(this.d.renderer.shapes[i].index);
    if (i === undefined) this.d.canvas.removeAttribute('aria-description');
    else this.d.canvas.setAttribute('aria-description', t('editHint'));
    this.d.root.dataset.editPending = this.pending || this.queued ? '1' : '';
    if (this.live) this.d.root.dataset.editBox = [this.live.box.x, this.live.box.y, this.live.box.w, this.live.box.h].join(' ');
    else delete this.d.root.dataset.editBox;
  }

  /** The selection changed (a click, the cursor in the text). */
  selectionChanged(): void {
    if (this.live && this.d.renderer.selected !== this.live.shape) {
      this.live = undefined;
      this.queued = false;
    }
    this.mark();
  }

  private handleUnder(sx: number, sy: number): Handle | undefined {
    const i = this.editableShape();
    if (i === undefined) return undefined;
    const { scale, x, y } = this.d.renderer.view;
    const b = this.boxOf(i);
    return handleAt({ x: b.x * scale + x, y: b.y * scale + y, w: b.w * scale, h: b.h * scale }, sx, sy, GRAB);
  }

  /** The cursor for a pointer at (sx, sy) on the canvas, when it is over the selected box. */
  cursorAt(sx: number, sy: number): string {
    const h = this.handleUnder(sx, sy);
    return h ? CURSORS[h] : '';
  }

  /** A press at (sx, sy): true when it grabs the selected box (a drag then changes it, not the view). */
  begin(sx: number, sy: number): boolean {
    if (this.pending) return false;
    const handle = this.handleUnder(sx, sy);
    const i = this.editableShape();
    if (!handle || i === undefined) return false;
    this.drag = { handle, from: { ...this.boxOf(i) }, sx, sy };
    return true;
  }

  move(sx: number, sy: number, alt: boolean): void {
    const i = this.editableShape();
    if (!this.drag || i === undefined) return;
    const { scale } = this.d.renderer.view;
    const { renderer } = this.d;
    const box = dragBox(this.drag.from, this.drag.handle, (sx - this.drag.sx) / scale, (sy - this.drag.sy) / scale, { snap: true, inside: alt ? undefined : { w: renderer.imageW, h: renderer.imageH } });
    this.live = { shape: i, annotation: renderer.shapes[i].index, box };
    this.d.root.dataset.editing = this.drag.handle;
    this.mark();
    renderer.invalidate();
  }

  /** The press ends; `moved`: it was a drag (a click leaves the box alone). */
  end(moved: boolean): void {
    const had = this.drag;
    this.drag = undefined;
    delete this.d.root.dataset.editing;
    if (!had) return;
    if (!moved || !this.live) {
      if (!moved) this.live = this.pending ? this.live : undefined;
      this.mark();
      return;
    }
    this.commit();
  }

  /** Arrow keys on a selected editable box; true when the key was used. */
  key(e: KeyboardEvent): boolean {
    const step = e.shiftKey ? 10 : 1;
    const delta = ({ ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] } as Record<string, [number, number]>)[e.key];
    if (!delta || e.ctrlKey || e.metaKey || this.drag) return false;
    const i = this.editableShape();
    if (i === undefined) return false;
    const { renderer } = this.d;
    const box = nudgeBox(this.boxOf(i), delta[0], delta[1], e.altKey ? undefined : { w: renderer.imageW, h: renderer.imageH });
    this.live = { shape: i, annotation: renderer.shapes[i].index, box };
    if (this.pending) this.queued = true;
    else this.commit();
    this.mark();
    renderer.invalidate();
    return true;
  }

  private commit(): void {
    if (!this.live || this.version === undefined) return;
    const { box } = this.live;
    const { renderer } = this.d;
    const original = renderer.boxes[this.live.shape];
    if (original && original.x === box.x && original.y === box.y && original.w === box.w && original.h === box.h) {
      this.live = undefined;
      this.mark();
      renderer.invalidate();
      return;
    }
    this.pending = true;
    // Counted so tests can check that a drag sends one edit, at its end.
    this.d.root.dataset.editsSent = String(Number(this.d.root.dataset.editsSent ?? 0) + 1);
    this.d.send({ type: 'editBox', image: this.d.current(), annotation: this.live.annotation, version: this.version, bbox: [box.x, box.y, box.w, box.h], imageW: renderer.imageW, imageH: renderer.imageH });
    this.mark();
  }

  /** A drag is changing the box (the renderer's frame probe times these frames). */
  get dragging(): boolean {
    return this.drag !== undefined && this.live !== undefined;
  }

  /** The selected shape's own highlight is not drawn while its live box stands in for it. */
  hides(shape: number): boolean {
    return this.live?.shape === shape;
  }

  /** The live box and the handles of the selected box, over the shapes (device pixels). */
  draw(ctx: CanvasRenderingContext2D, view: View, dpr: number, highlight: string, color: (shape: number) => string): void {
    const i = this.editableShape();
    if (i === undefined) return;
    const b = this.boxOf(i);
    const k = view.scale * dpr;
    const x = Math.round(b.x * k + view.x * dpr) + 0.5;
    const y = Math.round(b.y * k + view.y * dpr) + 0.5;
    const w = Math.round(b.w * k);
    const h = Math.round(b.h * k);
    if (this.live) {
      ctx.lineWidth = 5 * dpr;
      ctx.strokeStyle = highlight;
      ctx.strokeRect(x, y, w, h);
      ctx.lineWidth = 2.5 * dpr;
      ctx.strokeStyle = color(i);
      ctx.strokeRect(x, y, w, h);
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
}
