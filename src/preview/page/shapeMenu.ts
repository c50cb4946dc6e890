// Relabel, delete and duplicate the selected shape, from the keys (Delete/Backspace, R or F2, D or
// Ctrl+D) or VS Code's context menu on the picture (the canvas carries, at each right-click, the
// shape under the pointer in `data-vscode-context`; the command comes back as `shapeCommand`).
// Each sends one `editShape` (editProtocol.ts) naming the document version the shapes came from;
// the host writes it as one WorkspaceEdit (undone by the editor's undo) and never saves. Only the
// ops the source writes (Annotations.editOps) are offered.
import { hitTest } from '../../annotations/geometry';
import { duplicateOffset } from '../model/shapeMenu';
import { toImage } from '../model/transform';
import type { ShapeEditOp } from './editProtocol';
import { openLabelPicker, type LabelPicker } from './labelPicker';
import type { Annotations, WebviewToHost } from './protocol';
import type { Renderer } from './render';
import { t } from './strings';

export type ShapeCommand = 'relabel' | 'delete' | 'duplicate';

export interface ShapeMenuDeps {
  root: HTMLElement;
  stage: HTMLElement;
  canvas: HTMLCanvasElement;
  renderer: Renderer;
  send(m: WebviewToHost): void;
  /** the image entry shown */
  current(): number;
  /** the file previewed (carried in the context menu's data, so the command finds this panel) */
  uri(): string | undefined;
  /** selects the annotation (its index in the file) in the page, as a click would; undefined: none */
  select(annotation: number | undefined): void;
  /** the image's real size in pixels is known */
  sizeKnown(): boolean;
  /** a polygon's vertex is selected (its Delete removes the vertex, not the shape) */
  vertexSelected?(): boolean;
  /** the label's colour */
  color(label: string): string | undefined;
}

export interface ShapeMenu {
  setAnnotations(a: Annotations | undefined): void;
  setBroken(broken: boolean): void;
  /** a key on the picture; true when it was used */
  key(e: KeyboardEvent): boolean;
  /** the context menu's command for annotation `annotation` of image `image`, picked on the shapes of `version` */
  command(command: ShapeCommand, image: number, annotation: number, version: number | undefined): void;
  /** the picker is open (keys go to it) */
  picking(): boolean;
}

export function attachShapeMenu(d: ShapeMenuDeps): ShapeMenu {
  let annotations: Annotations | undefined;
  let broken = false;
  let picker: LabelPicker | undefined;
  /** after a duplicate: the copy's index, selected once the shapes of the new version arrive */
  let selectAfter: { version: number; annotation: number } | undefined;

  const ops = (): ShapeEditOp[] => (annotations?.editVersion !== undefined && !broken ? annotations.editOps ?? [] : []);
  // A copy of a normalized file's shape is shifted by pixels over the image's real size.
  const can = (op: ShapeCommand): boolean => ops().includes(op) && (op !== 'duplicate' || d.sizeKnown());

  /** The selected shape's position in the renderer, when it is drawn. */
  const selectedShape = (): number | undefined => {
    const i = d.renderer.selected;
    return i !== undefined && d.renderer.visible.includes(i) ? i : undefined;
  };
  const shapeOf = (annotation: number): number | undefined => {
    const i = d.renderer.shapes.findIndex((s) => s.index === annotation);
    return i >= 0 ? i : undefined;
  };

  const mark = (): void => {
    const offered = (['relabel', 'delete', 'duplicate'] as const).filter(can);
    d.root.dataset.shapeOps = offered.join(' ');
    const keys = [...(offered.includes('delete') ? ['Delete', 'Backspace'] : []), ...(offered.includes('relabel') ? ['R', 'F2'] : []), ...(offered.includes('duplicate') ? ['D', 'Control+D'] : [])];
    if (keys.length > 0) d.stage.setAttribute('aria-keyshortcuts', keys.join(' '));
    else d.stage.removeAttribute('aria-keyshortcuts');
    d.root.dataset.picking = picker ? '1' : '';
  };

  /** What tests read: the labels of the shapes shown, in the file's order (small files only). */
  const markShapes = (): void => {
    const shapes = d.renderer.shapes;
    d.root.dataset.shapesVersion = String(annotations?.editVersion ?? '');
    d.root.dataset.shapeLabels = shapes.length <= 500 ? shapes.map((s) => s.label).join(',') : '';
  };

  const send = (edit: { op: 'delete'; annotation: number } | { op: 'relabel'; annotation: number; label: string } | { op: 'duplicate'; annotation: number; offset: [number, number] }): void => {
    if (!annotations || annotations.editVersion === undefined) return;
    d.root.dataset.shapeEditsSent = String(Number(d.root.dataset.shapeEditsSent ?? 0) + 1);
    d.root.dataset.lastShapeEdit = `${edit.op} ${edit.annotation}`;
    d.send({ type: 'editShape', image: d.current(), version: annotations.editVersion, imageW: d.renderer.imageW, imageH: d.renderer.imageH, edit });
  };

  /** The labels to offer: the file's (from the host), else this image's, sorted. */
  const labelsInUse = (): string[] => {
    const set = new Set<string>(annotations?.labelsInUse ?? []);
    for (const s of d.renderer.shapes) set.add(s.label);
    set.delete('');
    return [...set].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
  };

  const relabel = (i: number): void => {
    if (!can('relabel')) return;
    const shape = d.renderer.shapes[i];
    const { scale, x, y } = d.renderer.view;
    const b = d.renderer.boxes[i];
    // Under the shape when there is room, else over it (the picker keeps itself inside the stage).
    const below = (b.y + b.h) * scale + y + 6;
    const at = below + 200 < d.stage.clientHeight ? { x: b.x * scale + x, y: below } : { x: b.x * scale + x, y: b.y * scale + y - 206 };
    picker?.close();
    const annotation = shape.index;
    const version = annotations?.editVersion;
    picker = openLabelPicker({
      parent: d.stage,
      labels: labelsInUse(),
      current: shape.label,
      at,
      title: t('relabelTitle', shape.label === '' ? t('noLabel') : shape.label),
      color: d.color,
      pick: (label) => {
        picker = undefined;
        mark();
        d.stage.focus({ preventScroll: true });
        // The shapes changed meanwhile (another edit): the host refuses a stale version anyway.
        if (label === shape.label || version !== annotations?.editVersion) return;
        send({ op: 'relabel', annotation, label });
      },
      cancel: () => {
        picker = undefined;
        mark();
        if (!d.stage.contains(document.activeElement) || document.activeElement === document.body) d.stage.focus({ preventScroll: true });
      },
    });
    mark();
  };

  const remove = (i: number): void => {
    if (!can('delete')) return;
    const annotation = d.renderer.shapes[i].index;
    selectAfter = undefined;
    d.select(undefined);
    send({ op: 'delete', annotation });
  };

  const duplicate = (i: number): void => {
    if (!can('duplicate') || annotations?.editVersion === undefined) return;
    const annotation = d.renderer.shapes[i].index;
    const offset = duplicateOffset(d.renderer.boxes[i], d.renderer.imageW, d.renderer.imageH);
    selectAfter = { version: annotations.editVersion, annotation: annotation + 1 };
    send({ op: 'duplicate', annotation, offset });
  };

  // Right-click: the shape under the pointer is selected and named in the context menu's data
  // (VS Code reads `data-vscode-context` from the clicked element, after this listener ran).
  d.canvas.addEventListener('contextmenu', (e) => {
    const p = toImage(d.renderer.view, e.offsetX, e.offsetY);
    const i = hitTest(d.renderer.shapes, d.renderer.visible, p.x, p.y, 4 / d.renderer.view.scale);
    const offered = (['relabel', 'delete', 'duplicate'] as const).filter(can);
    if (i === undefined || offered.length === 0 || picker) {
      d.canvas.dataset.vscodeContext = JSON.stringify({ preventDefaultContextMenuItems: true });
      return;
    }
    const annotation = d.renderer.shapes[i].index;
    d.select(annotation);
    d.canvas.dataset.vscodeContext = JSON.stringify({
      webviewSection: 'shape',
      preventDefaultContextMenuItems: true,
      datumUri: d.uri() ?? '',
      datumImage: d.current(),
      datumAnnotation: annotation,
      // The shapes' version: a command that comes back after the text changed names a shape that may be another now.
      datumVersion: annotations?.editVersion,
      datumCanRelabel: offered.includes('relabel'),
      datumCanDelete: offered.includes('delete'),
      datumCanDuplicate: offered.includes('duplicate'),
    });
    d.root.dataset.contextShape = String(annotation);
  });
  d.canvas.dataset.vscodeContext = JSON.stringify({ preventDefaultContextMenuItems: true });

  return {
    setAnnotations(a) {
      annotations = a;
      if (picker && (a === undefined || a.editVersion === undefined)) {
        picker.close();
        picker = undefined;
      }
      if (selectAfter && a?.editVersion !== undefined && a.editVersion !== selectAfter.version) {
        const want = selectAfter.annotation;
        selectAfter = undefined;
        if (shapeOf(want) !== undefined) d.select(want);
      }
      markShapes();
      mark();
    },
    setBroken(b) {
      broken = b;
      if (b && picker) {
        picker.close();
        picker = undefined;
      }
      mark();
    },
    key(e) {
      if (picker) return false;
      const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
      const i = selectedShape();
      if (i === undefined) return false;
      if ((e.key === 'Delete' || e.key === 'Backspace') && plain && !e.shiftKey) {
        if (d.vertexSelected?.() || !can('delete')) return false;
        remove(i);
        return true;
      }
      if (((e.key === 'r' || e.key === 'R') && plain && !e.shiftKey) || (e.key === 'F2' && plain)) {
        if (!can('relabel')) return false;
        relabel(i);
        return true;
      }
      if ((e.key === 'd' || e.key === 'D') && !e.altKey && !e.shiftKey && (plain || ((e.ctrlKey || e.metaKey) && !(e.ctrlKey && e.metaKey)))) {
        if (!can('duplicate')) return false;
        duplicate(i);
        return true;
      }
      return false;
    },
    command(command, image, annotation, version) {
      // The text changed since the right-click: the index may name another shape now, so nothing is done.
      if (image !== d.current() || version === undefined || version !== annotations?.editVersion) {
        d.root.dataset.shapeCommandDropped = `${image} ${annotation} ${version} ${annotations?.editVersion}`;
        return;
      }
      const i = shapeOf(annotation);
      if (i === undefined) return;
      d.select(annotation);
      if (command === 'relabel') relabel(i);
      else if (command === 'delete') remove(i);
      else duplicate(i);
    },
    picking: () => picker !== undefined,
  };
}
