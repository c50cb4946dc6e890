// One parse per document version, shared by the diagnostics and every language feature.
import * as vscode from 'vscode';
import type { FormatId } from '../formats/formats';
import { DocumentIndex } from '../language/documentIndex';
import type { Validator } from '../validation/analyze';
import { analyzeIncrementally, entryEditOf, prepareIncremental } from '../validation/incremental';
import { updatedLevels } from '../language/indexUpdate';
import type { Problem } from '../validation/problems';
import { BOM } from '../core/text';
import type { DocumentFormats } from './documentFormats';

interface Entry {
  version: number;
  requested: FormatId | 'auto';
  index: DocumentIndex;
  /** all phases' problems of this version, once the diagnostics have them */
  problems?: Problem[];
}

/**
 * A file first checked as `auto` and recognized (say, as annotations) is then asked for by its
 * format (the diagnostics' sticky recognition, the language features): analysing it as that format
 * from scratch would be a full pass on the first edit. Without a BOM (the one warning only a named
 * format gets) the results of the two are the same for a parsed file, so the `auto` chain goes on.
 */
function sameAsAuto(byRequest: Map<FormatId | 'auto', DocumentIndex> | undefined, asked: FormatId | 'auto'): boolean {
  if (asked === 'auto' || !byRequest || byRequest.has(asked)) return false;
  const auto = byRequest.get('auto')?.analysis;
  return !!auto && auto.format === asked && auto.units.length > 0 && !auto.text.startsWith(BOM);
}

export class AnalysisCache implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  /**
   * The last index per document and requested format: the diagnostics ask for `auto` and the
   * language features, between two checks, for the detected format; each edit is analysed
   * incrementally from the last analysis made the same way (else they would alternate full passes).
   */
  private readonly last = new Map<string, Map<FormatId | 'auto', DocumentIndex>>();
  private readonly disposable: vscode.Disposable;

  constructor(private readonly validator: Validator, private readonly formats: DocumentFormats) {
    this.disposable = vscode.workspace.onDidCloseTextDocument((doc) => {
      this.entries.delete(doc.uri.toString());
      this.last.delete(doc.uri.toString());
    });
  }

  /** Analysis of this version as `requested` (computed once); pass `text` if you already have it. */
  analyze(doc: vscode.TextDocument, asked: FormatId | 'auto', text?: string): DocumentIndex {
    const key = doc.uri.toString();
    let byRequest = this.last.get(key);
    const requested = sameAsAuto(byRequest, asked) ? 'auto' : asked;
    const entry = this.entries.get(key);
    if (entry && entry.version === doc.version && entry.requested === requested) return entry.index;
    // After an edit, only the part that changed is checked again where it can be (incremental.ts).
    const before = byRequest?.get(requested);
    const { analysis } = analyzeIncrementally(this.validator, before?.analysis, text ?? doc.getText(), requested);
    // Likewise the index of hover, outline and lenses: updated from the previous one, not rescanned.
    const edit = entryEditOf(analysis);
    const known = edit && before?.knownLevels();
    const index = new DocumentIndex(analysis, known && edit ? updatedLevels(known, analysis, edit) : undefined);
    this.entries.set(key, { version: doc.version, requested, index });
    if (!doc.isClosed) {
      if (!byRequest) this.last.set(key, (byRequest = new Map()));
      byRequest.set(requested, index);
    }
    return index;
  }

  /**
   * The analysis of this version as `format`: the one the diagnostics made when it has that format
   * (no second parse), else analysed as `format` once.
   */
  analyzeAs(doc: vscode.TextDocument, format: FormatId): DocumentIndex {
    const entry = this.entries.get(doc.uri.toString());
    if (entry && entry.version === doc.version && entry.index.analysis.format === format) return entry.index;
    // A closed document's entry would never be dropped: analyse it without keeping the result.
    if (doc.isClosed) return new DocumentIndex(this.validator.analyze(doc.getText(), format));
    return this.analyze(doc, format);
  }

  /** For language features: the index of a document Datum Studio checks, else undefined. */
  get(doc: vscode.TextDocument): DocumentIndex | undefined {
    const entry = this.entries.get(doc.uri.toString());
    if (entry && entry.version === doc.version && entry.index.format) return entry.index;
    const current = this.formats.current(doc.uri);
    const requested = current?.format ?? this.formats.request(doc)?.format;
    if (!requested) return undefined;
    const index = this.analyze(doc, requested);
    return index.format ? index : undefined;
  }

  setProblems(doc: vscode.TextDocument, problems: Problem[]): void {
    const entry = this.entries.get(doc.uri.toString());
    if (entry && entry.version === doc.version) {
      entry.problems = problems;
      // With the diagnostics shown, get the next edit's incremental step ready (and the index's segments).
      prepareIncremental(entry.index.analysis, entry.requested);
    }
  }

  problems(doc: vscode.TextDocument): Problem[] {
    const entry = this.entries.get(doc.uri.toString());
    return entry && entry.version === doc.version ? (entry.problems ?? entry.index.analysis.problems) : [];
  }

  dispose(): void {
    this.disposable.dispose();
    this.entries.clear();
    this.last.clear();
  }
}
