// The preview's context menu on a shape (package.json's `webview/context`): Relabel…, Duplicate,
// Delete. VS Code calls the command with the data the page put on the canvas at the right-click
// (shapeMenu.ts: the file, the image entry and the annotation under the pointer); the panel of
// that file hands the command back to its page, which makes the edit as its keys would.
import * as vscode from 'vscode';
import { Commands } from '../../constants';
import { registerCommand } from '../../toolshed/commands';

export type ShapeCommand = 'relabel' | 'delete' | 'duplicate';

export interface ShapeTarget {
  uri?: string;
  image: number;
  annotation: number;
  /** the version of the shapes the page showed at the right-click */
  version?: number;
}

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e9;

/** The shape a context-menu command names (the webview's `data-vscode-context`), or undefined when it names none. */
export function shapeTargetOf(arg: unknown): ShapeTarget | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Record<string, unknown>;
  if (a.webviewSection !== 'shape' || !isIndex(a.datumImage) || !isIndex(a.datumAnnotation)) return undefined;
  return {
    uri: typeof a.datumUri === 'string' && a.datumUri !== '' ? a.datumUri : undefined,
    image: a.datumImage,
    annotation: a.datumAnnotation,
    version: isIndex(a.datumVersion) ? a.datumVersion : undefined,
  };
}

/** Registers the three commands; `send` finds the panel (by the file, else the active one) and tells its page. */
export function registerShapeCommands(log: vscode.LogOutputChannel, send: (command: ShapeCommand, target: ShapeTarget) => boolean): vscode.Disposable {
  const one = (id: string, command: ShapeCommand): vscode.Disposable => registerCommand(id, log, (arg: unknown) => {
    const target = shapeTargetOf(arg);
    if (!target) {
      log.warn(`Preview: ${id} was run without a shape (it is on the preview's context menu of a shape).`);
      return;
    }
    if (!send(command, target)) log.warn(`Preview: ${id}: no open preview of ${target.uri ?? 'the file'}.`);
  });
  return vscode.Disposable.from(
    one(Commands.previewRelabelShape, 'relabel'),
    one(Commands.previewDuplicateShape, 'duplicate'),
    one(Commands.previewDeleteShape, 'delete'),
  );
}
