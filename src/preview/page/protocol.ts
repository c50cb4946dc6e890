// Every message between the extension host and the preview webview, both ways. Shared by both
// sides (type-only on the host), so a renamed field breaks the build, not the preview.
import type { Shape } from '../../annotations/geometry';
import type { KeypointOverlay, MaskOverlay } from '../model/overlays';

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
