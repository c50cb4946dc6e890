// YOLO dataset configs (`data.yaml`) in the editor and in Validate Workspace: which YAML documents
// are configs (by content: validation/yoloConfig.ts) and their diagnostics, pairing included
// (validation/yoloConfigFiles.ts).
import * as vscode from 'vscode';
import type { Problem } from '../validation/problems';
import { looksLikeDataYaml } from '../validation/yoloConfig';
import { validateDataYaml } from '../validation/yoloConfigFiles';

/** Globs for finding YAML files in the workspace (Validate Workspace keeps only dataset configs). */
export const YAML_FIND_GLOBS = ['**/*.yaml', '**/*.yml'];

export function isYamlFile(uri: vscode.Uri, languageId?: string): boolean {
  return /\.ya?ml$/i.test(uri.path) || languageId === 'yaml';
}

/** The problems of a dataset config, or undefined when the text is not one (an unrelated YAML file gets nothing). */
export async function dataYamlProblems(uri: vscode.Uri, text: string): Promise<Problem[] | undefined> {
  if (!looksLikeDataYaml(text)) return undefined;
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  return (await validateDataYaml(text, uri.scheme === 'file' ? uri.fsPath : undefined, { roots })).problems;
}
