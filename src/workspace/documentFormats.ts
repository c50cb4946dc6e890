// Which format each document is checked as: the user's choice (remembered per workspace), else its
// name or a configured glob, else its content. Content recognition is sticky, so a file that stops
// parsing while being typed keeps its format and shows the syntax error.
import * as vscode from 'vscode';
import { MementoKeys } from '../constants';
import { recognizePath, type FormatId, type RecognizedBy } from '../formats/formats';
import { readSettings, relativePath } from '../toolshed/settings';

export type FormatChoice = FormatId | 'none';

export interface Request {
  format: FormatId | 'auto';
  by: RecognizedBy | 'choice';
}

export interface Recognized {
  format: FormatId;
  by: RecognizedBy | 'choice';
}

const CONTENT_LANGUAGES = new Set(['json', 'jsonc']);

export class DocumentFormats implements vscode.Disposable {
  private readonly byContent = new Map<string, FormatId>();
  private readonly recognized = new Map<string, Recognized | undefined>();
  private readonly choiceChanged = new vscode.EventEmitter<vscode.Uri>();
  /** the user chose a format: the document needs checking again */
  readonly onDidChangeChoice = this.choiceChanged.event;
  private readonly recognitionChanged = new vscode.EventEmitter<vscode.Uri>();
  /** a check found the document in another format (or none): the status bar follows */
  readonly onDidChangeRecognition = this.recognitionChanged.event;

  constructor(private readonly state: vscode.Memento) {}

  private overrides(): Record<string, FormatChoice> {
    return this.state.get<Record<string, FormatChoice>>(MementoKeys.formatOverrides) ?? {};
  }

  choice(uri: vscode.Uri): FormatChoice | undefined {
    return this.overrides()[uri.toString()];
  }

  /** `undefined` returns the file to automatic recognition. */
  async setChoice(uri: vscode.Uri, choice: FormatChoice | undefined): Promise<void> {
    const all = { ...this.overrides() };
    if (choice === undefined) delete all[uri.toString()];
    else all[uri.toString()] = choice;
    await this.state.update(MementoKeys.formatOverrides, all);
    this.byContent.delete(uri.toString());
    this.choiceChanged.fire(uri);
  }

  /** What to analyze a document as, or undefined when it is not ours to check. */
  request(doc: vscode.TextDocument): Request | undefined {
    const choice = this.choice(doc.uri);
    if (choice === 'none') return undefined;
    if (choice) return { format: choice, by: 'choice' };
    const byPath = recognizePath(doc.uri.path, relativePath(doc.uri), readSettings(doc.uri).globs);
    if (byPath) return byPath;
    const sticky = this.byContent.get(doc.uri.toString());
    if (sticky) return { format: sticky, by: 'content' };
    return CONTENT_LANGUAGES.has(doc.languageId) ? { format: 'auto', by: 'content' } : undefined;
  }

  /** Called with each analysis result: keeps content recognition sticky and the status bar current. */
  noteResult(uri: vscode.Uri, request: Request, format: FormatId | undefined): void {
    const key = uri.toString();
    if (request.by === 'content') {
      if (format) this.byContent.set(key, format);
      else this.byContent.delete(key);
    }
    const current = format ? { format, by: request.by } : undefined;
    const before = this.recognized.get(key);
    this.recognized.set(key, current);
    if (before?.format !== current?.format || before?.by !== current?.by) this.recognitionChanged.fire(uri);
  }

  current(uri: vscode.Uri): Recognized | undefined {
    return this.recognized.get(uri.toString());
  }

  forget(uri: vscode.Uri): void {
    this.byContent.delete(uri.toString());
    this.recognized.delete(uri.toString());
  }

  dispose(): void {
    this.choiceChanged.dispose();
    this.recognitionChanged.dispose();
  }
}
