// One parse per document version, shared by the diagnostics and every language feature.
import * as vscode from 'vscode';
import { recognizeByContent, type FormatId } from '../formats/formats';
import { DocumentIndex, type Segment } from '../language/documentIndex';
import type { Analysis, JsonUnit, Validator } from '../validation/analyze';
import type { FullPassResult } from '../validation/fullPassClient';
import { analyzeIncrementally, entryEditOf, prepareIncremental, rememberDuplicateKeys, tryIncremental } from '../validation/incremental';
import { updatedLevels } from '../language/indexUpdate';
import type { Problem } from '../validation/problems';
import { BOM } from '../core/text';
import type { DocumentFormats } from './documentFormats';
import { DocumentTexts } from './documentTexts';

/**
 * From this size on, the live diagnostics make a file's full pass (on open, when an edit is not
 * inside one entry) in a worker thread (src/validation/fullPassClient.ts) and the language features
 * never make one on the extension host's thread: they get the parsed document (JSON.parse alone)
 * until the worker's problems arrive. Below it a full pass costs less than ~100 ms, about what
 * copying the text to a thread and back and a cold thread's schema compile cost, so it stays here.
 */
export const WORKER_BYTES = 2 * 1024 * 1024;

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
  /** big documents' texts, kept from their change events (getText() would join all lines per version) */
  readonly texts = new DocumentTexts();

  /** Per document: the parse-only index of a version whose full pass is left to the worker thread. */
  private readonly provisionals = new Map<string, { version: number; index: DocumentIndex }>();

  /** `worker`: big files' full passes are the live diagnostics' (in a worker thread), never made here for the language features. */
  constructor(private readonly validator: Validator, private readonly formats: DocumentFormats, private readonly worker = false) {
    this.disposable = vscode.workspace.onDidCloseTextDocument((doc) => {
      this.entries.delete(doc.uri.toString());
      this.last.delete(doc.uri.toString());
      this.provisionals.delete(doc.uri.toString());
    });
  }

  /** The request an analysis as `asked` is made with (the `auto` chain of a recognized file: sameAsAuto). */
  effectiveRequest(doc: vscode.TextDocument, asked: FormatId | 'auto'): FormatId | 'auto' {
    return sameAsAuto(this.last.get(doc.uri.toString()), asked) ? 'auto' : asked;
  }

  /** The request `asked` is made as, this version's analysis when made already, and the last analysis of that request (an incremental step starts from it). */
  private lookUp(doc: vscode.TextDocument, asked: FormatId | 'auto'): { requested: FormatId | 'auto'; made?: DocumentIndex; before?: DocumentIndex } {
    const key = doc.uri.toString();
    const requested = this.effectiveRequest(doc, asked);
    const entry = this.entries.get(key);
    const made = entry && entry.version === doc.version && entry.requested === requested ? entry.index : undefined;
    return { requested, made, before: this.last.get(key)?.get(requested) };
  }

  /**
   * The analysis of this version if it takes no full pass: made already, or an incremental step
   * from the last one (incremental.ts); undefined when only a full pass would do.
   */
  analyzeIfIncremental(doc: vscode.TextDocument, asked: FormatId | 'auto', text?: string): DocumentIndex | undefined {
    const { requested, made, before } = this.lookUp(doc, asked);
    if (made) return made;
    if (!before) return undefined;
    const result = tryIncremental(this.validator, before.analysis, text ?? this.texts.textOf(doc), requested);
    return typeof result === 'string' ? undefined : this.keep(doc, requested, result, before);
  }

  /**
   * Takes a full pass made in the worker thread as this version's analysis. The values are parsed
   * here (JSON.parse: the worker keeps its own, copying them back would cost more); undefined when
   * the worker's units cannot be rebuilt (then the caller analyses in-thread).
   */
  install(doc: vscode.TextDocument, asked: FormatId | 'auto', text: string, result: FullPassResult): DocumentIndex | undefined {
    const key = doc.uri.toString();
    const requested = this.effectiveRequest(doc, asked);
    const entry = this.entries.get(key);
    if (entry && entry.version === doc.version && entry.requested === requested) return entry.index;
    if (result.units.length > 1) return undefined;
    const provisional = this.provisionals.get(key);
    const known = provisional && provisional.version === doc.version && provisional.index.text === text ? provisional.index : undefined;
    let units: JsonUnit[] = [];
    if (result.units.length === 1) {
      const { start, end } = result.units[0];
      const same = known?.analysis.units[0];
      if (same && same.start === start && same.end === end) units = [same];
      else {
        try {
          units = [{ value: JSON.parse(text.slice(start, end)), start, end }];
        } catch {
          return undefined;
        }
      }
    }
    const analysis: Analysis = { text, format: result.format, units, problems: result.problems };
    if (result.format) rememberDuplicateKeys(analysis, result.duplicates);
    this.provisionals.delete(key);
    return this.keep(doc, requested, analysis, undefined, known?.knownLevels());
  }

  private keep(doc: vscode.TextDocument, requested: FormatId | 'auto', analysis: Analysis, before: DocumentIndex | undefined, levels?: Segment[][]): DocumentIndex {
    const key = doc.uri.toString();
    const edit = entryEditOf(analysis);
    const known = edit && before?.knownLevels();
    const index = new DocumentIndex(analysis, levels ?? (known && edit ? updatedLevels(known, analysis, edit) : undefined));
    this.entries.set(key, { version: doc.version, requested, index });
    if (!doc.isClosed) {
      let byRequest = this.last.get(key);
      if (!byRequest) this.last.set(key, (byRequest = new Map()));
      byRequest.set(requested, index);
    }
    return index;
  }

  /** The parsed document without its checks (JSON.parse alone), for the language features while the worker checks it. */
  private provisional(doc: vscode.TextDocument, requested: FormatId | 'auto', text: string): DocumentIndex | undefined {
    const key = doc.uri.toString();
    const known = this.provisionals.get(key);
    if (known && known.version === doc.version) return known.index;
    const from = text.startsWith(BOM) ? 1 : 0;
    let value: unknown;
    try {
      value = JSON.parse(from ? text.slice(from) : text);
    } catch {
      return undefined;
    }
    const format = requested === 'auto' ? recognizeByContent(value) : requested;
    if (!format || format === 'metadata-jsonl') return undefined;
    const index = new DocumentIndex({ text, format, units: [{ value, start: from, end: text.length }], problems: [] });
    this.provisionals.set(key, { version: doc.version, index });
    return index;
  }

  /** Analysis of this version as `requested` (computed once); pass `text` if you already have it. */
  analyze(doc: vscode.TextDocument, asked: FormatId | 'auto', text?: string): DocumentIndex {
    const { requested, made, before } = this.lookUp(doc, asked);
    if (made) return made;
    // After an edit, only the part that changed is checked again where it can be (incremental.ts).
    const { analysis } = analyzeIncrementally(this.validator, before?.analysis, text ?? this.texts.textOf(doc), requested);
    // Likewise the index of hover, outline and lenses: updated from the previous one, not rescanned.
    return this.keep(doc, requested, analysis, before);
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
    if (this.worker && requested !== 'metadata-jsonl') {
      const text = this.texts.textOf(doc);
      if (text.length >= WORKER_BYTES) {
        const index = this.analyzeIfIncremental(doc, requested, text) ?? this.provisional(doc, this.effectiveRequest(doc, requested), text);
        return index?.format ? index : undefined;
      }
    }
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
    this.texts.dispose();
    this.entries.clear();
    this.last.clear();
  }
}
