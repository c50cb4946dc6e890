// What a preview panel shows. A source is either an annotation file in the editor (linked with
// its text) or a datum: one image (a file or downloaded bytes) and its annotations object, which
// the remote tree can hand over once it exists (see `showPreview` in previewFeature.ts).
import type * as vscode from 'vscode';
import type { Broken, Location } from '../model/document';
import type { Annotations, ImageEntry, ImageSource } from '../page/protocol';
import type { ShapeEditMessage } from '../page/editProtocol';

/** The image's description for the webview, and the local file to serve (the panel makes the URI). */
export interface ResolvedImage {
  source: ImageSource;
  path?: string;
}

export interface PreviewSource extends vscode.Disposable {
  readonly title: string;
  /** the annotation file, when there is one: restored after a reload, linked with the cursor */
  readonly uri?: vscode.Uri;
  entries(): ImageEntry[];
  annotations(index: number): Annotations | undefined;
  /** resolved once per image; edits to the annotations never re-send it */
  image(index: number): Promise<ResolvedImage>;
  /** the text no longer parses (the last good drawing stays) */
  broken(): Broken | undefined;
  /** annotations or the image list changed (debounced edits) */
  readonly onDidChange: vscode.Event<void>;
  /** the cursor moved into an image entry or annotation */
  readonly onDidMoveCursor?: vscode.Event<Location>;
  /** the image to open on, when the source knows one (the image or label file a YOLO preview was opened from) */
  readonly initialImage?: number;
  /** where the cursor is now, to highlight on open */
  cursor?(): Location | undefined;
  /** select the annotation's text in the editor */
  reveal?(image: number, annotation: number): Promise<void>;
  /** write a box changed in the preview back to the text (only when `annotations()` gave an editVersion) */
  editBox?(edit: { image: number; annotation: number; version: number; bbox: [number, number, number, number]; imageW: number; imageH: number }): Promise<string | undefined>;
  /** write a vertex, add, relabel, delete or duplicate edit (only the ops `annotations()` listed in editOps); undefined when applied, else why not */
  editShape?(edit: ShapeEditMessage): Promise<string | undefined>;
  /** let the user pick the image file for an entry */
  chooseImage?(index: number): Promise<boolean>;
  /**
   * Folders and files beyond the workspace the webview may load images from: the image roots of
   * the settings, files the user picked, the folder of downloaded bytes. Never an image's own folder.
   */
  resourceRoots?(): string[];
  /** a file read from disk, too large for an editor: the page says it is not linked with the text */
  readonly fromDisk?: { file: string; size: string };
}
