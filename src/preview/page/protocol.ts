// Every message between the extension host and the preview webview, both ways. Shared by both
// sides (type-only on the host), so a renamed field breaks the build, not the preview.
import type { Shape } from '../../annotations/geometry';
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
  /** the panel's number for what it sent, so an `annotationsPatch` names what it applies to */
  rev?: number;
}

/**
 * Only some shapes of the image shown changed (src/preview/model/shapeDiff.ts): one splice of its
 * shape list, applied to the annotations of revision `base`, makes revision `rev`. The other fields
 * replace those of the annotations, as a whole `annotations` message would.
 */
export interface AnnotationsPatch {
  index: number;
  image: string;
  base: number;
  rev: number;
  splice: ShapeSplice;
  /** the shape count after the splice (a check) */
  count: number;
  normalized: boolean;
  skipped: number;
  editVersion?: number;
  editOps?: ShapeEditOp[];
}

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
  fromDisk: 'Read from disk: {0} ({1} MB) is too large for an editor, so the preview is not linked with its text and does not follow changes to the file (close the preview and open it again to read it anew).',
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
