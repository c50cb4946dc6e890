// Hover and completion on YOLO label files (language yolo-labels): thin adapters over
// language/yoloLabels.ts, with the class list and the image found as the diagnostics find them.
import * as vscode from 'vscode';
import { YOLO_LANGUAGE } from '../diagnostics/yoloDiagnostics';
import { yoloClassCompletions, yoloHover } from '../language/yoloLabels';
import { yoloContext } from '../validation/yoloFiles';
import type { YoloContext } from '../validation/yolo';

const SELECTOR: vscode.DocumentSelector = [{ language: YOLO_LANGUAGE }];

async function contextOf(doc: vscode.TextDocument): Promise<YoloContext> {
  if (doc.uri.scheme !== 'file') return {};
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  return yoloContext(doc.uri.fsPath, roots);
}

function range(doc: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(doc.positionAt(start), doc.positionAt(end));
}

export function registerYoloProviders(): vscode.Disposable {
  const hovers = vscode.languages.registerHoverProvider(SELECTOR, {
    async provideHover(doc, position) {
      const result = yoloHover(doc.getText(), doc.offsetAt(position), await contextOf(doc));
      if (!result) return undefined;
      const markdown = new vscode.MarkdownString(result.markdown);
      // File content is text, never HTML or command links.
      markdown.supportHtml = false;
      markdown.isTrusted = false;
      return new vscode.Hover(markdown, range(doc, result.start, result.end));
    },
  });
  const completion = vscode.languages.registerCompletionItemProvider(SELECTOR, {
    async provideCompletionItems(doc, position) {
      const { classes } = await contextOf(doc);
      const suggestions = yoloClassCompletions(doc.getText(), doc.offsetAt(position), classes);
      if (!suggestions) return undefined;
      return suggestions.map((s) => {
        const item = new vscode.CompletionItem({ label: s.label, description: s.name }, vscode.CompletionItemKind.EnumMember);
        item.range = range(doc, s.start, s.end);
        item.insertText = s.label;
        item.detail = s.name;
        item.sortText = s.sortText;
        // Typing the name finds the id too.
        item.filterText = `${s.label} ${s.name}`;
        return item;
      });
    },
  });
  return vscode.Disposable.from(hovers, completion);
}
