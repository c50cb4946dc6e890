// Each big open document's text, kept up to date from its change events. TextDocument.getText()
// joins the document's lines into one string for every new version: for a 47 MB file that is
// 100–300 ms of the extension host's thread per keystroke (plus the collection of the old one),
// more than the incremental check itself. Here the text of the last version, with the change's
// ranges replaced (src/core/text.ts applyChanges), serves as the new one; what the document holds
// around the first change and at the end is compared with it, and on any doubt (a missed version,
// an EOL change, a mismatch) the document's own getText() is asked.
import * as vscode from 'vscode';
import { applyChanges } from '../core/text';

/** Below this, getText() costs little: the document is asked every time. */
export const MIRROR_CHARS = 512 * 1024;
const PROBE = 64;

interface Mirror {
  version: number;
  eol: vscode.EndOfLine;
  text: string;
}

export class DocumentTexts implements vscode.Disposable {
  private readonly mirrors = new Map<string, Mirror>();
  private readonly disposables: vscode.Disposable[];
  /** for tests: how many texts came from change events, and how many from the document */
  readonly counts = { mirrored: 0, asked: 0, dropped: 0 };

  constructor() {
    this.disposables = [
      vscode.workspace.onDidChangeTextDocument((e) => this.changed(e)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.mirrors.delete(doc.uri.toString())),
    ];
  }

  /** The document's text of its current version. */
  textOf(doc: vscode.TextDocument): string {
    const key = doc.uri.toString();
    const known = this.mirrors.get(key);
    if (known && known.version === doc.version && known.eol === doc.eol) return known.text;
    const text = doc.getText();
    this.counts.asked++;
    if (text.length >= MIRROR_CHARS && !doc.isClosed) this.mirrors.set(key, { version: doc.version, eol: doc.eol, text });
    else this.mirrors.delete(key);
    return text;
  }

  private changed(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const known = this.mirrors.get(key);
    if (!known) return;
    const doc = e.document;
    // An event without content changes (the dirty state after a save, a revert to the same text)
    // leaves a text of the current version as it is.
    if (e.contentChanges.length === 0 && known.version === doc.version && known.eol === doc.eol) return;
    this.mirrors.delete(key);
    if (e.contentChanges.length === 0 || known.version !== doc.version - 1 || known.eol !== doc.eol) {
      this.counts.dropped++;
      return;
    }
    const text = applyChanges(known.text, e.contentChanges);
    if (text === undefined || !agrees(doc, text, e.contentChanges.reduce((m, c) => Math.min(m, c.rangeOffset), Infinity))) {
      this.counts.dropped++;
      return;
    }
    this.counts.mirrored++;
    this.mirrors.set(key, { version: doc.version, eol: doc.eol, text });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.mirrors.clear();
  }
}

/**
 * Whether `text` is what the document holds, as far as a few cheap reads can tell: the same length,
 * the same characters around the first change (nothing before it moved) and at the end.
 */
function agrees(doc: vscode.TextDocument, text: string, first: number): boolean {
  const last = doc.lineAt(doc.lineCount - 1).range.end;
  if (doc.offsetAt(last) !== text.length) return false;
  const from = Math.max(0, first - PROBE);
  const to = Math.min(text.length, first + PROBE);
  if (doc.getText(new vscode.Range(doc.positionAt(from), doc.positionAt(to))) !== text.slice(from, to)) return false;
  const tail = Math.max(0, text.length - PROBE);
  return doc.getText(new vscode.Range(doc.positionAt(tail), last)) === text.slice(tail);
}
