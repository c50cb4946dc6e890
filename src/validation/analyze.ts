// The one validation core used by the editor, the workspace command and the CLI.
//
// Phase 1 (sync, fast): JSON.parse, the compiled schema, semantic checks; ranges are found only
// for the paths that have problems (jsonScan.locatePaths). Phase 2 (async): checks that read the
// disk. Phase 3: duplicate keys, which need a token scan; the editor shows them just after phase 1.
import { findDuplicateKeys, findTooDeep, MAX_JSON_DEPTH, type JsonPath } from '../core/jsonScan';
import { BOM, looksBinary, withSuggestionLimit } from '../core/text';
import { pushAll } from '../core/arrays';
import { isForeignContent, mightBeRecognizedByContent, recognizeByContent, type FormatId } from '../formats/formats';
import { isNormalized } from '../annotations/metalake';
import { checkAnnotations } from './annotationChecks';
import { checkCoco } from './cocoChecks';
import { checkCocoFiles } from './cocoFiles';
import { checkFileMetadata, checkJsonlLine, checkProperties, collapseCascades, isObject, mergeMisspelledKeys } from './checks';
import { arrayProblem, blankLinesProblem, joinLines, multilineObjectProblem } from './jsonlLines';
import { detectWideEncoding, encodingMessage, narrowed, wideBom } from './parseErrors';
import { capProblems, problemAt, resolveRanges, sortProblems, syntaxProblem, tooDeep, type JsonUnit } from './problemRanges';
import type { Problem, PendingProblem } from './problems';
import { checkAnnotationImages, checkJsonlFiles, checkSidecarData, type ReferenceOptions } from './references';
import { SchemaValidators } from './schemaValidator';
import { summarizeNotes } from './summarize';

/** Shapes and limits of the problems, for the callers of the pipeline. */
export { capProblems, MAX_PROBLEMS_PER_FILE, resolveRanges, type JsonUnit } from './problemRanges';

export interface Analysis {
  text: string;
  /**
   * The format checked. undefined for JSON that is none of ours (with `auto`); then problems is
   * empty, unless the caller said the file was named on purpose (AnalyzeOptions.named).
   */
  format: FormatId | undefined;
  /** parsed values; empty when the text could not be parsed */
  units: JsonUnit[];
  problems: Problem[];
}

export interface AnalyzeOptions {
  /**
   * The user named this file (on the command line): with `auto`, text that cannot be parsed is
   * reported as invalid JSON instead of being passed over as "not one of ours".
   */
  named?: boolean;
}

/** Did-you-mean lookups per file (each is bounded; this bounds their number). */
export const MAX_SUGGESTIONS_PER_FILE = 10_000;

/** Which of our formats a text that cannot be parsed most likely is, from its top-level keys. */
export function looksLikeOurs(text: string): FormatId | undefined {
  // UTF-16 read as UTF-8 puts a NUL between ASCII characters: look through them.
  const sample = text.length > 65536 && text.slice(0, 65536).includes('\u0000') ? text.slice(0, 1 << 20) : text;
  const plain = sample.includes('\u0000') ? sample.replace(/\u0000/g, '') : sample;
  // COCO's `categories` list: MetaLake files have none.
  if (/"categories"\s*:\s*\[/.test(plain)) return 'coco';
  const images = plain.search(/"images"\s*:\s*\[/);
  const files = plain.search(/"files"\s*:\s*\[/);
  if (images === -1 && files === -1) return undefined;
  return files === -1 || (images !== -1 && images < files) ? 'annotations' : 'file-metadata';
}

/** UTF-16 or UTF-32 text read as UTF-8: a byte order mark, or NUL bytes next to ASCII. */
function wideEncoding(text: string): string | undefined {
  if (text.startsWith('\uFFFD\uFFFD\u0000\u0000') || text.startsWith('\u0000\u0000\uFFFD\uFFFD')) return 'UTF-32';
  if (text.startsWith('\uFFFD\uFFFD')) return 'UTF-16';
  const sample = text.slice(0, 64);
  if (/^(?:[\u0001-\u007f]\u0000\u0000\u0000)+|^(?:\u0000\u0000\u0000[\u0001-\u007f])+/.test(sample)) return 'UTF-32';
  if (/^(?:[\u0001-\u007f]\u0000){2}|^(?:\u0000[\u0001-\u007f]){2}/.test(sample)) return 'UTF-16';
  return undefined;
}

export type ReferenceInput = ReferenceOptions;

/** Batch checks (CLI, Validate Workspace) take files up to this size; live checks have a setting. */
export const MAX_BATCH_FILE_BYTES = 200 * 1024 * 1024;

export class Validator {
  readonly schemas: SchemaValidators;

  constructor(schemaDir?: string) {
    this.schemas = new SchemaValidators(schemaDir);
  }

  /**
   * Phase 1. `format` 'auto' recognizes annotation and file-metadata JSON by content and returns
   * format undefined (and no problems) for any other JSON.
   */
  analyze(text: string, requested: FormatId | 'auto', options: AnalyzeOptions = {}): Analysis {
    const analysis = this.analyzeText(text, requested, options);
    analysis.problems = capProblems(analysis.problems);
    return analysis;
  }

  private analyzeText(text: string, requested: FormatId | 'auto', options: AnalyzeOptions): Analysis {
    return withSuggestionLimit(MAX_SUGGESTIONS_PER_FILE, () => this.analyzeUnlimited(text, requested, options));
  }

  private analyzeUnlimited(text: string, requested: FormatId | 'auto', options: AnalyzeOptions): Analysis {
    const problems: Problem[] = [];
    let format = requested === 'auto' ? undefined : requested;
    /** For text that cannot be parsed: the format it is taken for, or undefined to pass it over. */
    const unparsedFormat = (): FormatId | undefined => format ?? looksLikeOurs(text);
    const reportUnparsed = (): boolean => format !== undefined || options.named === true || looksLikeOurs(text) !== undefined;
    const wide = detectWideEncoding(text);
    if (wide) {
      if (!format) {
        // Recognize a content format by its ASCII keys, which survive the wrong decoding.
        const plain = narrowed(text);
        if (mightBeRecognizedByContent(plain)) {
          try {
            format = recognizeByContent(JSON.parse(plain));
          } catch {
            format = undefined;
          }
        }
        format ??= looksLikeOurs(text);
        // Text of ours, or a file named on the command line, is reported; anything else passed over.
        if (!format && options.named !== true) return { text, format, units: [], problems };
      }
      problems.push(problemAt(0, 1, { severity: 'error', code: 'wrong-encoding', message: encodingMessage(wide) }));
      return { text, format, units: [], problems };
    }
    if (looksBinary(text)) {
      if (!reportUnparsed()) return { text, format, units: [], problems };
      format = unparsedFormat();
      const wide = wideEncoding(text);
      if (wide) {
        problems.push(problemAt(0, 1, { severity: 'error', code: 'invalid-json', message: `The file is not valid JSON: it looks like ${wide} text, and JSON files must be UTF-8.` }));
      } else if (requested === 'auto') {
        const nul = text.indexOf('\u0000');
        problems.push(problemAt(Math.max(0, nul), Math.max(0, nul) + 1, { severity: 'error', code: 'invalid-json', message: 'The file is not valid JSON: it holds binary data' + (nul === -1 ? '.' : ' (a NUL byte here).') }));
      } else {
        problems.push(problemAt(0, 1, { severity: 'error', code: 'binary-content', message: 'This file holds binary data, not JSON text.' }));
      }
      return { text, format, units: [], problems };
    }
    const from = text.startsWith(BOM) ? 1 : 0;
    if (from === 1 && format) {
      problems.push(problemAt(0, 1, { severity: 'warning', code: 'bom', message: 'The file starts with a byte order mark (BOM), which JSON.parse and many other tools reject. Save it as UTF-8 without BOM.' }));
    }
    if (format === 'metadata-jsonl') return this.analyzeJsonl(text, from, problems);

    const body = from ? text.slice(from) : text;
    if (body.trim() === '') {
      if (!format && options.named) problems.push(problemAt(0, Math.min(1, text.length), { severity: 'error', code: 'empty-file', message: 'The file is empty; expected a JSON object.' }));
      if (format) problems.push(problemAt(0, Math.min(1, text.length), { severity: 'error', code: 'empty-file', message: format === 'sidecar' ? 'The file is empty; a sidecar holds one JSON object of properties, e.g. {}.' : 'The file is empty; expected a JSON object.' }));
      return { text, format, units: [], problems };
    }
    const deep = findTooDeep(text, MAX_JSON_DEPTH, from);
    if (deep !== -1) {
      if (!reportUnparsed()) return { text, format, units: [], problems };
      problems.push(tooDeep(deep));
      return { text, format: unparsedFormat(), units: [], problems };
    }
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      if (!reportUnparsed()) return { text, format, units: [], problems };
      problems.push(syntaxProblem(text, from, text.length, 'The file'));
      return { text, format: unparsedFormat(), units: [], problems };
    }
    const detected = format ?? recognizeByContent(value);
    if (!detected || (detected === 'sidecar' && isForeignContent(value))) return { text, format: undefined, units: [], problems: [] };
    const unit: JsonUnit = { value, start: from, end: text.length };
    const pending = this.checkUnit(detected, value);
    pushAll(problems, resolveRanges(text, unit, pending));
    return { text, format: detected, units: [unit], problems: summarizeNotes(sortProblems(problems)) };
  }

  private checkUnit(format: FormatId, value: unknown): PendingProblem[] {
    const pending = this.schemas.validate(format, value);
    switch (format) {
      case 'sidecar':
        pushAll(pending, checkProperties(value, []));
        break;
      case 'annotations':
        pushAll(pending, checkAnnotations(value));
        break;
      case 'file-metadata':
        pushAll(pending, checkFileMetadata(value));
        break;
      case 'coco':
        pushAll(pending, checkCoco(value));
        break;
      case 'metadata-jsonl':
        if (isObject(value) && typeof value.file === 'string' && isObject(value.metadata)) {
          pushAll(pending, this.schemas.validate('sidecar', value.metadata, ['metadata']));
        }
        pushAll(pending, checkJsonlLine(value));
        break;
    }
    return collapseCascades(mergeMisspelledKeys(pending));
  }

  private analyzeJsonl(text: string, from: number, problems: Problem[]): Analysis {
    const units: JsonUnit[] = [];
    let lineStart = from;
    let lineNumber = 1;
    // What joining pretty-printed lines may scan in all: a few times the text.
    const joinBudget = { left: 4 * text.length + 1_048_576 };
    // A run of blank lines: where it starts and its shown range ends, its first line, how many.
    let blank: { start: number; end: number; line: number; count: number } | undefined;
    const endBlank = (at: number) => {
      if (blank) problems.push(blankLinesProblem(blank.start, blank.end, at, blank.line, blank.count));
      blank = undefined;
    };
    // Lines end at LF, CRLF or a lone CR (as Python's universal newlines read them).
    // Both searches are kept from line to line, so a file of CR-only lines is not rescanned to its
    // one LF (or its end) for every line.
    let cr = text.indexOf('\r', lineStart);
    let lf = text.indexOf('\n', lineStart);
    while (lineStart <= text.length) {
      if (lf !== -1 && lf < lineStart) lf = text.indexOf('\n', lineStart);
      let lineEnd = lf === -1 ? text.length : lf;
      let contentEnd = lineEnd;
      if (cr !== -1) {
        if (cr < lineStart) cr = text.indexOf('\r', lineStart);
        if (cr !== -1 && cr < lineEnd - 1) contentEnd = lineEnd = cr;
        else if (contentEnd > lineStart && text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
      }
      const line = text.slice(lineStart, contentEnd);
      if (line.trim() === '') {
        // The nothing after the last line break is not a line.
        if (!(lineEnd === text.length && line === '')) {
          blank ??= { start: lineStart, end: contentEnd, line: lineNumber, count: 0 };
          blank.end = contentEnd;
          blank.count++;
        }
      } else {
        endBlank(lineStart);
        let value: unknown;
        let parsed = true;
        const deep = findTooDeep(line);
        if (deep !== -1) {
          parsed = false;
          problems.push(tooDeep(lineStart + deep, `Line ${lineNumber}`));
        } else {
          try {
            value = JSON.parse(line);
          } catch (error) {
            if (!(error instanceof SyntaxError)) throw error;
            parsed = false;
          }
        }
        if (!parsed && deep === -1) {
          const span = joinLines(text, lineStart, joinBudget);
          if (span) {
            if (span.parsed && Array.isArray(span.value)) {
              problems.push(arrayProblem(text, span.start, span.end, lineNumber, span.lines, span.value.length));
            } else {
              problems.push(multilineObjectProblem(text, span, lineNumber));
              if (span.parsed) {
                const unit: JsonUnit = { value: span.value, start: span.start, end: span.end };
                units.push(unit);
                pushAll(problems, resolveRanges(text, unit, this.checkUnit('metadata-jsonl', span.value)));
              } else {
                problems.push(syntaxProblem(text, span.start, span.end, `Lines ${lineNumber}–${lineNumber + span.lines - 1}`));
              }
            }
            lineNumber += span.lines;
            lineStart = span.next;
            continue;
          }
          problems.push(syntaxProblem(text, lineStart, contentEnd, `Line ${lineNumber}`));
        }
        if (parsed) {
          const start = lineStart + (line.length - line.trimStart().length);
          if (Array.isArray(value)) {
            problems.push(arrayProblem(text, start, contentEnd, lineNumber, 1, value.length));
          } else {
            const unit: JsonUnit = { value, start, end: contentEnd };
            units.push(unit);
            pushAll(problems, resolveRanges(text, unit, this.checkUnit('metadata-jsonl', value)));
          }
        }
      }
      if (lineEnd === text.length) break;
      lineStart = lineEnd + 1;
      lineNumber++;
    }
    endBlank(text.length);
    return { text, format: 'metadata-jsonl', units, problems: summarizeNotes(sortProblems(problems)) };
  }

  /** Phase 2: checks that read the disk. */
  async checkReferences(analysis: Analysis, options: ReferenceInput): Promise<Problem[]> {
    const { format, units, text } = analysis;
    if (!format) return [];
    const out: Problem[] = [];
    // VS Code decodes a UTF-16 file with a byte order mark for us, so only the disk says what it is.
    if (options.files.head && !analysis.problems.some((p) => p.code === 'wrong-encoding')) {
      const bom = wideBom((await options.files.head(options.filePath, 4)) ?? new Uint8Array());
      if (bom) out.push(problemAt(0, 1, { severity: 'error', code: 'wrong-encoding', message: encodingMessage(bom) }));
    }
    if (format === 'sidecar') {
      const p = await checkSidecarData(options);
      if (p) pushAll(out, resolveRanges(text, units[0] ?? { value: undefined, start: 0, end: text.length }, [p]));
    } else if (format === 'annotations' && units[0]) {
      const doc = units[0].value;
      pushAll(out, resolveRanges(text, units[0], await checkAnnotationImages(doc, isNormalized(doc), options)));
    } else if (format === 'coco' && units[0]) {
      pushAll(out, resolveRanges(text, units[0], await checkCocoFiles(units[0].value, options)));
    } else if (format === 'metadata-jsonl') {
      // The lines' files are looked up together (not one stat awaited after another).
      const found = await checkJsonlFiles(units.map((u) => (isObject(u.value) ? u.value.file : undefined)), options);
      for (let i = 0; i < units.length; i++) {
        const p = found[i];
        if (p) pushAll(out, resolveRanges(text, units[i], [p]));
      }
    }
    return summarizeNotes(sortProblems(out));
  }

  /** Phase 3: duplicate keys (JSON keeps the last silently). */
  duplicateKeys(analysis: Analysis): Problem[] {
    const out: Problem[] = [];
    for (const unit of analysis.units) {
      for (const d of findDuplicateKeys(analysis.text, unit.value, unit.start, unit.end)) {
        out.push({
          start: d.keyStart,
          end: d.keyEnd,
          severity: 'warning',
          code: 'duplicate-key',
          message: `Key "${d.key}" appears more than once in this object; only the last value counts.`,
          related: { start: d.firstStart, end: d.firstStart + (d.keyEnd - d.keyStart), message: 'first occurrence' },
        });
      }
    }
    return out;
  }

  /** All phases, for the CLI and the workspace command. */
  async validate(text: string, format: FormatId | 'auto', references?: ReferenceInput, options: AnalyzeOptions = {}): Promise<Analysis> {
    const analysis = this.analyzeText(text, format, options);
    if (!analysis.format) {
      analysis.problems = capProblems(analysis.problems);
      return analysis;
    }
    const all = analysis.problems;
    if (references) pushAll(all, await this.checkReferences(analysis, references));
    pushAll(all, this.duplicateKeys(analysis));
    analysis.problems = capProblems(sortProblems(all));
    return analysis;
  }
}

export type { JsonPath };
