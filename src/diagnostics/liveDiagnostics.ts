// Live diagnostics: on open and, debounced, on every change of the unsaved text.
import * as path from 'path';
import * as vscode from 'vscode';
import type { FileAccess } from '../core/files';
import { recognizeByContent, mightBeRecognizedByContent } from '../formats/formats';
import type { Analysis, Validator } from '../validation/analyze';
import { duplicateKeysOf } from '../validation/incremental';
import { referencesIncrementally, referencesQuick, type ReferenceRecord } from '../validation/incrementalReferences';
import type { Problem } from '../validation/problems';
import { toDiagnostics } from '../toolshed/convert';
import { nearestFirst } from './squiggleOrder';
import type { DocumentFormats } from '../workspace/documentFormats';
import { WORKER_BYTES, type AnalysisCache } from '../workspace/analysisCache';
import { registerCheckNow } from '../workspace/checkNow';
import type { FullPassClient } from '../validation/fullPassClient';
import { isYoloLabelFile, yoloProblems, YOLO_LANGUAGE } from './yoloDiagnostics';
import { dataYamlProblems, isYamlFile } from './yoloConfigDiagnostics';
import { cocoGroundTruth, imageRoots, readSettings, readSeverityOverrides, withSeverityOverrides } from '../toolshed/settings';

/**
 * VS Code's own JSON support already reports syntax errors and duplicate keys in open JSON
 * documents; showing ours too would give two diagnostics for one problem. (JSONL has no such
 * support, and the CLI and closed files in Validate Workspace keep ours.)
 */
const SHOWN_BY_BUILT_IN_JSON = new Set<Problem['code']>(['invalid-json', 'duplicate-key']);

function builtInJsonChecks(doc: vscode.TextDocument): boolean {
  return (doc.languageId === 'json' || doc.languageId === 'jsonc') && vscode.workspace.getConfiguration('json', doc.uri).get<boolean>('validate.enable', true);
}

/** Above this size the first-phase results are shown before the disk and duplicate-key checks finish. */
const TWO_STEP_BYTES = 1024 * 1024;

/** A set of live diagnostics handed to VS Code: `version` is the version they were found for, `current` the document's then. */
export interface Publication {
  uri: vscode.Uri;
  version: number;
  current: number;
}

export class LiveDiagnostics implements vscode.Disposable {
  private readonly published = new vscode.EventEmitter<Publication>();
  readonly onDidPublish = this.published.event;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Per document: what the last disk checks found, for the next edit's incremental step. */
  private readonly diskRecords = new Map<string, ReferenceRecord>();
  /** Per document: the offset of its last edit, where the squiggles drawn are (squiggleOrder.ts). */
  private readonly editedAt = new Map<string, number>();

  constructor(
    private readonly collection: vscode.DiagnosticCollection,
    private readonly validator: Validator,
    private readonly cache: AnalysisCache,
    private readonly formats: DocumentFormats,
    private readonly files: FileAccess,
    private readonly log: vscode.LogOutputChannel,
    /** full passes of big files (AnalysisCache's WORKER_BYTES) in a worker thread; without it, in-thread */
    private readonly passes?: FullPassClient,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        this.editedAt.set(e.document.uri.toString(), e.contentChanges.reduce((m, c) => Math.min(m, c.rangeOffset), Infinity));
        // A full pass of the text before this edit is of no use any more: stop it now.
        this.passes?.cancel(e.document.uri.toString());
        this.schedule(e.document);
        this.stepSoon(e.document);
      }),
      { dispose: () => registerCheckNow(undefined) },
      vscode.workspace.onDidCloseTextDocument((doc) => this.closed(doc)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('datumStudio.diagnostics.severity')) this.logSettingWarnings();
        if (e.affectsConfiguration('datumStudio')) this.revalidateAll();
      }),
      formats.onDidChangeChoice((uri) => {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (doc) this.schedule(doc, 0);
      }),
    );
    // An edit from the preview: checked now, not after the typing debounce.
    registerCheckNow(async (uri) => {
      const key = uri.toString();
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      if (!doc || !this.timers.has(key)) return;
      clearTimeout(this.timers.get(key));
      this.timers.delete(key);
      await this.validate(doc);
    });
    this.logSettingWarnings();
    this.revalidateAll();
  }

  private logSettingWarnings(): void {
    for (const warning of readSeverityOverrides().warnings) this.log.warn(warning);
  }

  revalidateAll(): void {
    // Called when images change on disk or settings change: the disk checks start over.
    this.diskRecords.clear();
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  private schedule(doc: vscode.TextDocument, delay = readSettings(doc.uri).debounceMs): void {
    if (doc.uri.scheme === 'output' || doc.uri.scheme === 'vscode-scm') return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.validate(doc).catch((error) => this.log.error(`Checking ${doc.uri.fsPath} failed`, error));
      }, delay),
    );
  }

  /**
   * The incremental step of this version right after the change rather than when the debounce
   * ends, when only the publish is left to do (and the language features, asking in between, find
   * it made). Only ever the incremental step: a version that needs a full pass waits for the check.
   */
  private stepSoon(doc: vscode.TextDocument): void {
    const version = doc.version;
    setImmediate(() => {
      if (doc.isClosed || doc.version !== version || !this.timers.has(doc.uri.toString())) return;
      const request = this.formats.request(doc);
      if (!request || this.cache.texts.textOf(doc).length > readSettings(doc.uri).maxLiveBytes) return;
      try {
        this.cache.analyzeIfIncremental(doc, request.format);
      } catch (error) {
        this.log.error(`Checking ${doc.uri.fsPath} failed`, error);
      }
    });
  }

  private closed(doc: vscode.TextDocument): void {
    this.passes?.cancel(doc.uri.toString());
    this.diskRecords.delete(doc.uri.toString());
    this.editedAt.delete(doc.uri.toString());
    clearTimeout(this.timers.get(doc.uri.toString()));
    this.timers.delete(doc.uri.toString());
    // Results of a file that is no longer open stay only if they describe the saved file.
    if (doc.isDirty || doc.isUntitled) this.collection.delete(doc.uri);
  }

  /** Checks one document now; true when it is one of ours. `force` ignores the live size limit. */
  async validate(doc: vscode.TextDocument, force = false): Promise<boolean> {
    if ((doc.languageId === YOLO_LANGUAGE || /\.txt$/i.test(doc.uri.path)) && (await isYoloLabelFile(doc.uri, doc.languageId))) return this.validateYolo(doc, force);
    if (isYamlFile(doc.uri, doc.languageId)) return this.validateDataYaml(doc, force);
    const request = this.formats.request(doc);
    if (!request) {
      this.clear(doc);
      return false;
    }
    const settings = readSettings(doc.uri);
    const text = this.cache.texts.textOf(doc);
    if (request.format === 'auto' && !mightBeRecognizedByContent(text)) {
      this.clear(doc);
      return false;
    }
    if (!force && text.length > settings.maxLiveBytes) {
      this.publish(doc, [tooLarge(text.length, settings.maxLiveBytes)]);
      return true;
    }
    const version = doc.version;
    const started = Date.now();
    let analysis: Analysis;
    let shown = false;
    if (this.passes && text.length >= WORKER_BYTES && request.format !== 'metadata-jsonl') {
      // A big file: the host's thread makes the incremental step only; a full pass goes to the worker.
      const quick = this.cache.analyzeIfIncremental(doc, request.format, text);
      if (quick) analysis = quick.analysis;
      else {
        const result = await this.passes.run(doc.uri.toString(), text, this.cache.effectiveRequest(doc, request.format));
        // Superseded by a later edit (or closed): its results are never shown.
        if (!result || doc.version !== version || doc.isClosed) return true;
        const ours = result.format && !(request.by === 'content' && result.units.length > 0 && result.recognized === undefined);
        if (ours) {
          // Shown before the values are parsed here for the language features and the disk checks.
          this.publish(doc, [...result.problems, ...result.duplicates], version);
          shown = true;
        }
        analysis = (this.cache.install(doc, request.format, text, result) ?? this.cache.analyze(doc, request.format, text)).analysis;
      }
    } else analysis = this.cache.analyze(doc, request.format, text).analysis;
    const parsed = analysis.units[0];
    // A content-recognized file that parses again but no longer looks like the format is not ours.
    const stillOurs = !(request.by === 'content' && parsed && recognizeByContent(parsed.value) === undefined);
    this.formats.noteResult(doc.uri, request, stillOurs ? analysis.format : undefined);
    if (!analysis.format || !stillOurs) {
      this.clear(doc);
      return false;
    }
    // After an edit inside one entry the later phases re-check that entry alone (milliseconds): one
    // publish then, not two (each hands the whole list to the workbench, which redraws its squiggles).
    if (text.length > TWO_STEP_BYTES && !shown && !referencesQuick(analysis, this.diskRecords.get(doc.uri.toString()))) this.publish(doc, analysis.problems, version);
    const later = await this.laterPhases(doc, analysis);
    if (doc.version !== version || doc.isClosed) return true;
    // As shown: "Fix all" must not touch what the user turned off (datumStudio.diagnostics.severity).
    const all = withSeverityOverrides([...analysis.problems, ...later], doc.uri);
    this.cache.setProblems(doc, all);
    this.publish(doc, all, version);
    this.log.trace(`${path.basename(doc.uri.path)} (${analysis.format}): ${analysis.problems.length + later.length} problems in ${Date.now() - started} ms`);
    return true;
  }

  /** A YOLO label file: its own checks, on the unsaved text. */
  private async validateYolo(doc: vscode.TextDocument, force: boolean): Promise<boolean> {
    const text = doc.getText();
    const settings = readSettings(doc.uri);
    if (!force && text.length > settings.maxLiveBytes) {
      this.publish(doc, [tooLarge(text.length, settings.maxLiveBytes)]);
      return true;
    }
    const version = doc.version;
    const problems = await yoloProblems(doc.uri, text);
    if (doc.version !== version || doc.isClosed) return true;
    this.publish(doc, problems);
    return true;
  }

  /** A YAML file: checked only when it is a YOLO dataset config (data.yaml), paths and pairing included. */
  private async validateDataYaml(doc: vscode.TextDocument, force: boolean): Promise<boolean> {
    const text = doc.getText();
    if (!force && text.length > readSettings(doc.uri).maxLiveBytes) {
      this.clear(doc);
      return false;
    }
    const version = doc.version;
    const problems = await dataYamlProblems(doc.uri, text);
    if (doc.version !== version || doc.isClosed) return problems !== undefined;
    if (!problems) {
      this.clear(doc);
      return false;
    }
    this.publish(doc, problems);
    return true;
  }

  private async laterPhases(doc: vscode.TextDocument, analysis: Analysis): Promise<Problem[]> {
    const duplicates = duplicateKeysOf(this.validator, analysis);
    if (doc.uri.scheme !== 'file') return duplicates;
    // Incrementally where it can: after an edit inside one image entry, only its image is checked again.
    const key = doc.uri.toString();
    const options = { filePath: doc.uri.fsPath, files: this.files, imageRoots: imageRoots(doc.uri), workspaceRoots: workspaceRoots(), cocoGroundTruth: cocoGroundTruth(doc.uri) };
    const { problems: references, record } = await referencesIncrementally(this.validator, analysis, options, this.diskRecords.get(key));
    if (record && !doc.isClosed) this.diskRecords.set(key, record);
    else this.diskRecords.delete(key);
    return [...references, ...duplicates];
  }

  private publish(doc: vscode.TextDocument, problems: Problem[], version = doc.version): void {
    this.published.fire({ uri: doc.uri, version, current: doc.version });
    // A parse error we can name (NaN, a comment, Python's True) says more than the built-in one: keep it.
    const shown = builtInJsonChecks(doc) ? problems.filter((p) => !SHOWN_BY_BUILT_IN_JSON.has(p.code) || p.data?.syntax !== undefined) : problems;
    // With more than VS Code draws, the squiggles near the last edit are the ones drawn.
    const ordered = nearestFirst(withSeverityOverrides(shown, doc.uri), this.editedAt.get(doc.uri.toString()));
    this.collection.set(doc.uri, toDiagnostics(ordered, (o) => doc.positionAt(o), doc.uri));
  }

  private clear(doc: vscode.TextDocument): void {
    if (this.collection.has(doc.uri)) this.collection.delete(doc.uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
    this.published.dispose();
  }
}

export function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

export function tooLarge(size: number, limit: number): Problem {
  const mb = (n: number): string => `${Math.round(n / 1048576)} MB`;
  return {
    start: 0,
    end: 1,
    severity: 'information',
    code: 'file-too-large',
    message: vscode.l10n.t('This file ({0}) is too large to check as you type (limit {1}, setting datumStudio.validation.maxLiveFileSizeMB). Run "Datum Studio: Validate Workspace" to check it.', mb(size), mb(limit)),
  };
}
