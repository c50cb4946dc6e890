// YOLO label files in the editor and in Validate Workspace: which documents are label files, and
// their diagnostics (the checks are in validation/yolo.ts and validation/yoloFiles.ts).
import * as vscode from 'vscode';
import { CONFIG_SECTION, SettingKeys } from '../constants';
import { confirmLabelFile, isYoloLabelPath, validateYoloLabels } from '../validation/yoloFiles';
import type { Problem } from '../validation/problems';
import { relativePath } from '../toolshed/settings';

export const YOLO_LANGUAGE = 'yolo-labels';

/** Globs for finding label files in the workspace (Validate Workspace). */
export const YOLO_FIND_GLOBS = ['**/labels/**/*.txt', '**/obj_*_data/*.txt'];

export function yoloGlobs(scope?: vscode.Uri): string[] {
  return (vscode.workspace.getConfiguration(CONFIG_SECTION, scope).get<unknown[]>(SettingKeys.yoloGlobs) ?? []).filter((v): v is string => typeof v === 'string');
}

/**
 * Whether a file is a YOLO label file: matched by a `datumStudio.files.yolo` glob, or in a label
 * folder that the disk confirms (`labels/` beside `images/`), or set to the language by the user.
 */
export async function isYoloLabelFile(uri: vscode.Uri, languageId?: string): Promise<boolean> {
  const by = isYoloLabelPath(relativePath(uri), yoloGlobs(uri));
  if (by === 'glob') return true;
  if (by === 'name') return uri.scheme === 'file' && (await confirmLabelFile(uri.fsPath));
  // Not a label path: only when the user chose the language for this file.
  return languageId === YOLO_LANGUAGE;
}

export async function yoloProblems(uri: vscode.Uri, text: string): Promise<Problem[]> {
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  return validateYoloLabels(text, uri.scheme === 'file' ? uri.fsPath : undefined, roots);
}
