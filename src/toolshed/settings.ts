import * as path from 'path';
import * as vscode from 'vscode';
import { groundTruthRules, type GroundTruthRule } from '../validation/cocoFiles';
import { CONFIG_SECTION, SettingKeys } from '../constants';
import type { FormatGlobs } from '../formats/formats';
import { PROBLEM_CODES, type Problem } from '../validation/problems';
import { applySeverityOverrides, parseSeverityOverrides, type ParsedOverrides } from '../validation/severity';

export interface EditorSettings {
  globs: FormatGlobs;
  maxLiveBytes: number;
  debounceMs: number;
}

export function readSettings(scope?: vscode.Uri): EditorSettings {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const list = (key: string): string[] => (config.get<unknown[]>(key) ?? []).filter((v): v is string => typeof v === 'string');
  return {
    globs: {
      sidecar: list(SettingKeys.sidecarGlobs),
      'metadata-jsonl': list(SettingKeys.metadataJsonlGlobs),
      annotations: list(SettingKeys.annotationsGlobs),
      'file-metadata': list(SettingKeys.fileMetadataGlobs),
      coco: list(SettingKeys.cocoGlobs),
    },
    maxLiveBytes: Math.max(1, config.get<number>(SettingKeys.maxLiveFileSizeMB) ?? 50) * 1024 * 1024,
    debounceMs: Math.max(0, config.get<number>(SettingKeys.debounceMs) ?? 250),
  };
}

/** Image roots as absolute paths: relative ones are resolved against the file's workspace folder. */
export function imageRoots(uri: vscode.Uri): string[] {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, uri);
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
  return (config.get<unknown[]>(SettingKeys.imageRoots) ?? [])
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .map((root) => path.resolve(folder, root.replace(/^\$\{workspaceFolder\}/, folder)));
}

/** `datumStudio.coco.groundTruth` as rules, relative paths resolved against the file's workspace folder. */
export function cocoGroundTruth(uri: vscode.Uri): GroundTruthRule[] {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, uri);
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
  return groundTruthRules(config.get<unknown>(SettingKeys.cocoGroundTruth), folder);
}

/** `datumStudio.diagnostics.severity` for this file's scope. */
export function readSeverityOverrides(uri?: vscode.Uri): ParsedOverrides {
  return parseSeverityOverrides(vscode.workspace.getConfiguration(CONFIG_SECTION, uri).get(SettingKeys.severity), Object.keys(PROBLEM_CODES));
}

/** The problems as the user wants them shown: severities overridden, codes turned off left out. */
export function withSeverityOverrides(problems: readonly Problem[], uri: vscode.Uri): Problem[] {
  return applySeverityOverrides(problems, readSeverityOverrides(uri).overrides);
}

/** Path relative to the workspace folder with forward slashes, for glob matching. */
export function relativePath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
}
