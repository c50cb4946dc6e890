// Every message between the extension host and the preview webview, both ways. Shared by both
// sides (type-only on the host), so a renamed field breaks the build, not the preview.
import type { Shape } from '../../annotations/geometry';

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
  | { type: 'init'; title: string; images: ImageEntry[]; colors: Record<string, string>; uri?: string }
  | { type: 'images'; images: ImageEntry[] }
  | { type: 'image'; image: ImageSource }
  | { type: 'annotations'; annotations: Annotations }
  | { type: 'broken'; message: string; line: number; column: number }
  | { type: 'fixed' }
  | { type: 'highlight'; image: number; annotation?: number }
  | { type: 'colors'; colors: Record<string, string> };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'selectImage'; index: number }
  | { type: 'selectAnnotation'; image: number; annotation: number }
  | { type: 'chooseImage'; index: number }
  | { type: 'setColor'; label: string; color: string };

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
} as const;

export type PageStrings = { -readonly [K in keyof typeof ENGLISH]: string };
