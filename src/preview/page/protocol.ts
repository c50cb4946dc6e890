// Every message between the extension host and the preview webview, both ways. Shared by both
// sides (type-only on the host), so a renamed field breaks the build, not the preview.
import type { Shape, ShapeKind } from '../../annotations/geometry';
import type { EvaluationToHost, EvaluationToWebview } from './evalProtocol';
import type { ShapeEditMessage, ShapeEditOp } from './editProtocol';
import type { KeypointOverlay, MaskOverlay } from '../model/overlays';
import type { ShapeSplice } from '../model/shapeDiff';

/** One entry of the image list; `index` is its position in the file's `images`. */
export interface ImageEntry {
  index: number;
  image: string;
  shapeCount: number;
}

/** Why the image cannot be drawn, in words for the user. */
export interface ImageProblem {
  kind: 'not-found' | 'unsupported' | 'too-large' | 'unreadable' | 'outside';
  message: string;
  /** offer "Choose image file…" */
  canChoose: boolean;
}

/** The image to draw, sent once per image (annotation edits do not re-send it). */
export interface ImageSource {
  index: number;
  /** webview URI of the file, or a blob/data URI for downloaded bytes */
  src?: string;
  /** from the file header, when known; the webview also reads it from the decoded image */
  width?: number;
  height?: number;
  problem?: ImageProblem;
}

/** The annotations of the image shown: data only, re-sent on every (debounced) edit. */
export interface Annotations {
  /** which entry of the file (0 when the preview shows a datum, not a file) */
  index: number;
  image: string;
  shapes: Shape[];
  normalized: boolean;
  skipped: number;
  /** COCO run-length masks, drawn translucent under the outlines (each annotation's box carries it) */
  masks?: MaskOverlay[];
  /** keypoint sets with their skeleton */
  keypoints?: KeypointOverlay[];
  /**
   * Set when boxes may be changed in the preview: the document version these shapes were read
   * from (an edit names it, the host refuses it when the text changed since). Absent: read-only.
   */
  editVersion?: number;
  /** with editVersion: which edits of editProtocol.ts the source writes (absent: boxes only) */
  editOps?: ShapeEditOp[];
  /** with editVersion: the labels of the whole file, most used first (what a new shape's label is picked from) */
  labelsInUse?: string[];
  /** with editOps holding `add`: the kinds a new shape may be (absent: every kind; COCO and YOLO have no lines) */
  drawKinds?: ShapeKind[];
  /** the panel's number for what it sent, so an `annotationsPatch` names what it applies to */
  rev?: number;
}

/**
 * Only some shapes of the image shown changed (src/preview/model/shapeDiff.ts): one splice of its
 * shape list, applied to the annotations of revision `base`, makes revision `rev`. Every other field
 * of Annotations (but masks and keypoints, which are sent whole) comes with it and replaces the
 * page's, as a whole `annotations` message would: a field left out is absent after the patch.
 */
export type AnnotationsPatch = Omit<Annotations, 'shapes' | 'masks' | 'keypoints' | 'rev'> & {
  base: number;
  rev: number;
  splice: ShapeSplice;
  /** the shape count after the splice (a check) */
  count: number;
};

/** Small state the webview keeps across reloads (vscode.getState) and the serializer reads back. */
export interface PersistedState {
  /** the annotation file previewed */
  uri?: string;
  imageIndex: number;
  view?: { scale: number; x: number; y: number };
  threshold?: number;
  hiddenLabels?: string[];
  showText?: boolean;
}

export type HostToWebview =
  /** `uri` is kept in the page's state, so the serializer knows what to reopen after a reload */
  | { type: 'init'; title: string; images: ImageEntry[]; colors: Record<string, string>; uri?: string; fromDisk?: { file: string; size: string } }
  | { type: 'images'; images: ImageEntry[] }
  | { type: 'image'; image: ImageSource }
  | { type: 'annotations'; annotations: Annotations }
  | { type: 'annotationsPatch'; patch: AnnotationsPatch }
  | { type: 'broken'; message: string; line: number; column: number }
  | { type: 'fixed' }
  /** a box edit was not written (the text changed meanwhile, or the file cannot be changed); the host also says so */
  | { type: 'editRefused'; message: string }
  | { type: 'highlight'; image: number; annotation?: number }
  /** VS Code's context menu on a shape (shapeMenu.ts put the shape in its data): relabel, delete or duplicate it */
  | { type: 'shapeCommand'; command: 'relabel' | 'delete' | 'duplicate'; image: number; annotation: number; version?: number }
  | { type: 'colors'; colors: Record<string, string> }
  | EvaluationToWebview;

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'selectImage'; index: number }
  | { type: 'selectAnnotation'; image: number; annotation: number }
  | { type: 'chooseImage'; index: number }
  | { type: 'setColor'; label: string; color: string }
  /** a box moved or resized: its new [x, y, width, height] in image pixels of an image of imageW×imageH */
  | { type: 'editBox'; image: number; annotation: number; version: number; bbox: [number, number, number, number]; imageW: number; imageH: number }
  /** a vertex, add, relabel, delete or duplicate edit (editProtocol.ts) */
  | ShapeEditMessage
  | EvaluationToHost;

/**
 * The page's own texts in English, by key. The host sends them translated in the page's HTML
 * (`data-strings`, src/preview/host/pageStrings.ts); the page fills in `{0}`, `{1}` (strings.ts).
 */
export const ENGLISH = {
  labels: 'Labels',
  noLabel: '(no label)',
  noImage: '(no image)',
  showLabel: 'Show {0}',
  colourOf: 'Colour of {0}',
  only: 'Only',
  showOnly: 'Show only {0}',
  all: 'All',
  showEvery: 'Show every label',
  none: 'None',
  hideEvery: 'Hide every label',
  fit: 'Fit',
  fitTitle: 'Fit the image in the panel (0)',
  actualSize: '100%',
  actualSizeTitle: 'One image pixel per screen pixel (1)',
  zoomToShape: 'Zoom to shape',
  zoomToShapeTitle: 'Zoom to the selected shape (Z, or double-click a shape)',
  showText: 'Labels',
  showTextTitle: 'Label and confidence on shapes, where they fit (T)',
  threshold: 'Confidence ≥',
  thresholdTitle: 'Hide shapes below this confidence',
  thresholdLabel: 'Confidence threshold',
  notApplicable: 'n/a',
  images: 'Images',
  canvas: 'Image with annotations',
  shapeCount: '{0} of {1} shapes',
  shapeCountSkipped: '{0} of {1} shapes, {2} without usable geometry',
  tipAnnotation: '{0} · annotation {1}',
  tipAnnotationConfidence: '{0} · annotation {1} · confidence {2}',
  chooseImage: 'Choose image file…',
  chooseImageTitle: 'Pick the image file for this entry',
  notDecoded: 'The image "{0}" could not be decoded.',
  broken: 'The JSON is broken at line {0}, column {1}: {2} Showing the last version that parsed.',
  brokenEditing: 'Editing shapes in the preview is off until the file parses again.',
  editHint: 'Drag the selected box to move it, its handles to resize it; arrow keys nudge it (Shift: 10 pixels, Alt: may leave the image)',
  relabelTitle: 'New label for {0}',
  labelPickerPlaceholder: 'Type to filter, or a new label',
  labelPickerList: 'Labels in use',
  labelPickerHint: 'Up/Down: choose · Enter: apply · Escape: cancel',
  labelPickerNew: 'New label "{0}"',
  labelPickerCurrent: 'current',
  labelPickerEmpty: 'No label matches',
  editPointsHint: 'Drag a vertex to move it, the shape to move it all, the handle in the middle of an edge to add a vertex there; Alt+click removes a vertex. [ and ] pick a vertex; arrow keys nudge it, or the whole shape when none is picked (Shift: 10 pixels, Alt: may leave the image); I adds a vertex after it, Delete removes it',
  fromDisk: 'Read from disk: {0} ({1} MB) is too large for an editor, so the preview is not linked with its text and does not follow changes to the file (close the preview and open it again to read it anew).',
  drawTools: 'Drawing tools',
  toolSelect: 'Select',
  toolSelectTitle: 'Select and change shapes (V; Escape when nothing is being drawn)',
  toolBox: 'Box',
  toolBoxTitle: 'Draw a box (B): drag a rectangle, or move the crosshair with the arrow keys and press Space at each corner',
  toolPolygon: 'Polygon',
  toolPolygonTitle: 'Draw a polygon (P): click its points; Enter or a click on the first point closes it; Backspace takes back the last point',
  toolLine: 'Line',
  toolLineTitle: 'Draw a line (L): click its points; Enter or a double-click ends it; Backspace takes back the last point',
  drawLabel: 'Draw as',
  drawLabelAria: 'Label of new shapes',
  drawLabelTitle: 'The label new shapes get: type one, or pick one of the labels in use (type to filter, Down arrow for the list)',
  drawNeedsLabel: 'Type a label for the new shape first.',
  drawOffReadOnly: 'Drawing is off: this preview cannot change its source (it is read-only here, or a kind of file the preview does not edit yet).',
  drawOffFormat: 'Drawing is off: new shapes cannot be written to this kind of file yet.',
  drawOffBroken: 'Drawing is off until the file parses again.',
  drawOffKind: 'Off here: this kind of file cannot hold this kind of shape (COCO and YOLO files hold boxes and polygons).',
  drawOffNoImage: 'Drawing is off until the image and its size are known.',
  drawHint: 'Drawing: arrow keys move the crosshair (Shift: 10 pixels, Alt: may leave the image), Space places a point, Enter finishes, Backspace takes back the last point, Escape drops the shape',
  drawAt: 'x {0}, y {1}',
  drawPointCount: '{0} points',
  // The evaluation (evalStrings.ts)
  evalCompare: 'Compare…',
  evalCompareTitle: 'Compare with predictions or ground truth: pick the other file',
  evalStop: 'Stop comparing',
  evalStopTitle: 'Stop comparing; show the file\'s shapes as before',
  evalIouLabel: 'IoU ≥ ',
  evalIouAria: 'IoU threshold of a match',
  evalIouTitle: 'A prediction matches a truth box of its label when their IoU is at least this',
  evalPrevFp: '◀ FP',
  evalNextFp: 'FP ▶',
  evalPrevFpTitle: 'Previous false positive (Shift+P)',
  evalNextFpTitle: 'Next false positive (P)',
  evalPrevFn: '◀ FN',
  evalNextFn: 'FN ▶',
  evalPrevFnTitle: 'Previous false negative (Shift+N)',
  evalNextFnTitle: 'Next false negative (N)',
  evalHeading: 'Evaluation',
  evalAgainstPredictions: 'Ground truth against predictions {0}',
  evalAgainstTruth: 'Predictions against ground truth {0}',
  evalImageCounts: 'TP {0} · FP {1} · FN {2}',
  evalImageCountsTitle: 'This image, at the IoU and confidence chosen: true positives, false positives, false negatives',
  evalScope: 'Whole file at IoU {0}, all confidences (as datum-studio compare)',
  evalOverall: 'mAP50 {0} · mAP {1} · mAP@{2} {3}',
  evalColumnLabel: 'Label',
  evalColumnP: 'P',
  evalColumnR: 'R',
  evalColumnAp: 'AP',
  evalColumnPTitle: 'Precision at the IoU, all confidences',
  evalColumnRTitle: 'Recall at the IoU, all confidences',
  evalColumnApTitle: 'AP at the IoU chosen (101-point interpolated)',
  evalRowTitle: '{0}: {1} truth, {2} predictions; TP {3}, FP {4}, FN {5}; AP50 {6}, AP (0.50:0.95) {7}',
  evalCurveHeading: 'Precision–recall',
  evalCurveLabelAria: 'Label of the precision-recall curve',
  evalCurveAria: 'Precision-recall curve of {0}, AP {1}',
  evalRecall: 'recall',
  evalPrecision: 'precision',
  evalTagTp: 'TP',
  evalTagFp: 'FP',
  evalTagFn: 'FN',
  evalLegendKey: 'TP solid, linked to its match · FP long dashes · FN short dashes',
  evalBoxTip: '{0} · {1} · {2}',
  evalBoxTipConfidence: '{0} · {1} · {2} · confidence {3}',
  evalBoxTipIou: '{0} · {1} · {2} · IoU {3}',
  evalBoxTipConfidenceIou: '{0} · {1} · {2} · confidence {3} · IoU {4}',
  evalTruthSide: 'ground truth',
  evalPredictionSide: 'prediction',
  evalNone: '–',
} as const;

export type PageStrings = { -readonly [K in keyof typeof ENGLISH]: string };
