// COCO: go to definition from an `image_id` / `category_id` to its image or category entry, and
// find references back from an entry's `id` (or any use) to every annotation that names it. The
// logic is in src/language/coco.ts; this only turns offsets into VS Code locations.
import * as vscode from 'vscode';
import { cocoDefinition, cocoReferences } from '../language/coco';
import { SELECTOR, toRange, type LanguageContext } from './context';

export function registerCocoNavigation(ctx: LanguageContext): vscode.Disposable {
  const definitions = vscode.languages.registerDefinitionProvider(SELECTOR, {
    provideDefinition(doc, position) {
      const index = ctx.analyses.get(doc);
      if (index?.format !== 'coco') return undefined;
      const found = cocoDefinition(index, doc.offsetAt(position));
      if (!found) return undefined;
      const link: vscode.LocationLink = { targetUri: doc.uri, targetRange: toRange(doc, found.target.start, found.target.end), targetSelectionRange: toRange(doc, found.selection.start, found.selection.end) };
      return [link];
    },
  });
  const references = vscode.languages.registerReferenceProvider(SELECTOR, {
    provideReferences(doc, position, context) {
      const index = ctx.analyses.get(doc);
      if (index?.format !== 'coco') return undefined;
      const spans = cocoReferences(index, doc.offsetAt(position), context.includeDeclaration);
      return spans?.map((s) => new vscode.Location(doc.uri, toRange(doc, s.start, s.end)));
    },
  });
  return vscode.Disposable.from(definitions, references);
}
