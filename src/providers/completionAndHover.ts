import * as vscode from 'vscode';
import { complete, type Suggestion } from '../language/completion';
import { hover } from '../language/hover';
import { cocoCompletions, cocoHover } from '../language/coco';
import { imageSize, schemaSource, SELECTOR, toRange, valuesFor, type LanguageContext } from './context';

const KIND: Record<Suggestion['kind'], vscode.CompletionItemKind> = {
  property: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  snippet: vscode.CompletionItemKind.Snippet,
  enum: vscode.CompletionItemKind.EnumMember,
};

export function registerCompletionAndHover(ctx: LanguageContext): vscode.Disposable {
  const schemas = schemaSource(ctx.validator);
  const completion = vscode.languages.registerCompletionItemProvider(
    SELECTOR,
    {
      async provideCompletionItems(doc, position) {
        const index = ctx.analyses.get(doc);
        if (!index) return undefined;
        const offset = doc.offsetAt(position);
        const unitValue = index.analysis.units[0]?.value;
        const suggestions: (Suggestion & { filterText?: string })[] = [...cocoCompletions(index, offset), ...(await complete(index, offset, schemas, valuesFor(ctx, doc, unitValue)))];
        return suggestions.map((s) => {
          const item = new vscode.CompletionItem(s.label, KIND[s.kind]);
          item.insertText = s.snippet ? new vscode.SnippetString(s.insertText) : s.insertText;
          item.range = toRange(doc, s.replace.start, s.replace.end);
          item.detail = s.detail;
          if (s.documentation) item.documentation = new vscode.MarkdownString(s.documentation);
          item.sortText = s.sortText;
          // Typed text inside quotes must still match: filter on the quoted form too.
          item.filterText = s.filterText ?? (s.kind === 'property' ? `"${s.label}"` : s.insertText.startsWith('"') ? s.insertText : s.label);
          return item;
        });
      },
    },
    '"',
    ':',
    '[',
  );
  const hovers = vscode.languages.registerHoverProvider(SELECTOR, {
    async provideHover(doc, position) {
      const index = ctx.analyses.get(doc);
      if (!index) return undefined;
      const result = cocoHover(index, doc.offsetAt(position)) ?? await hover(index, doc.offsetAt(position), {
        schemas,
        values: valuesFor(ctx, doc, undefined),
        imageSize: (image) => imageSize(ctx, doc, image),
        uriUsage: await ctx.facts.uriUsage(),
      });
      if (!result) return undefined;
      const markdown = new vscode.MarkdownString(result.markdown);
      // File content is text, never HTML or command links.
      markdown.supportHtml = false;
      markdown.isTrusted = false;
      return new vscode.Hover(markdown, toRange(doc, result.start, result.end));
    },
  });
  return vscode.Disposable.from(completion, hovers);
}
