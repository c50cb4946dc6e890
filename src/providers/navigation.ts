// Outline (and so breadcrumbs), workspace symbols, document links, and folding of JSONL runs.
import * as path from 'path';
import * as vscode from 'vscode';
import { DocumentIndex } from '../language/documentIndex';
import { outline, type OutlineSymbol } from '../language/symbols';
import { cocoOutline } from '../language/coco';
import { resolveImage, SELECTOR, toRange, type LanguageContext } from './context';

const SYMBOL_KIND: Record<OutlineSymbol['kind'], vscode.SymbolKind> = {
  image: vscode.SymbolKind.File,
  annotation: vscode.SymbolKind.Object,
  file: vscode.SymbolKind.File,
  line: vscode.SymbolKind.Struct,
  key: vscode.SymbolKind.Property,
};

/** VS Code's own cap for JSON outlines, so big files behave like any JSON file. */
function maxItems(doc: vscode.TextDocument): number {
  return vscode.workspace.getConfiguration('json', doc.uri).get<number>('maxItemsComputed', 5000);
}

function toSymbol(doc: vscode.TextDocument, s: OutlineSymbol): vscode.DocumentSymbol {
  const range = toRange(doc, s.start, s.end);
  const symbol = new vscode.DocumentSymbol(s.name, s.detail, SYMBOL_KIND[s.kind], range, range);
  symbol.children = s.children.map((c) => toSymbol(doc, c));
  return symbol;
}

export function registerNavigation(ctx: LanguageContext): vscode.Disposable {
  const symbols = vscode.languages.registerDocumentSymbolProvider(
    SELECTOR,
    {
      provideDocumentSymbols(doc) {
        const index = ctx.analyses.get(doc);
        if (!index) return undefined;
        const result = index.format === 'coco' ? cocoOutline(index, maxItems(doc)) : outline(index, maxItems(doc));
        const list = result.symbols.map((s) => toSymbol(doc, s));
        if (result.omitted > 0) {
          const end = doc.lineAt(doc.lineCount - 1).range.end;
          list.push(new vscode.DocumentSymbol(vscode.l10n.t('… {0} more not shown', result.omitted.toLocaleString()), vscode.l10n.t('raise json.maxItemsComputed to see them'), vscode.SymbolKind.Null, new vscode.Range(end, end), new vscode.Range(end, end)));
        }
        return list;
      },
    },
    { label: 'Datum Studio' },
  );

  const workspaceSymbols = vscode.languages.registerWorkspaceSymbolProvider({
    async provideWorkspaceSymbols(query) {
      const q = query.toLowerCase();
      const out: vscode.SymbolInformation[] = [];
      for (const f of (await ctx.facts.all()).values()) {
        for (const s of f.symbols) {
          if (q && !s.name.toLowerCase().includes(q)) continue;
          const kind = s.kind === 'image' ? vscode.SymbolKind.File : vscode.SymbolKind.Constant;
          out.push(new vscode.SymbolInformation(s.name, kind, s.kind === 'image' ? 'image' : 'label', new vscode.Location(f.uri, s.position)));
          if (out.length >= 1000) return out;
        }
      }
      return out;
    },
  });

  const links = vscode.languages.registerDocumentLinkProvider(SELECTOR, {
    async provideDocumentLinks(doc) {
      const index = ctx.analyses.get(doc);
      if (!index?.parsed || doc.uri.scheme !== 'file') return undefined;
      const out: vscode.DocumentLink[] = [];
      if (index.format === 'annotations') {
        const unit = index.analysis.units[0];
        const entries = index.levels()[1];
        // Only the entries shown (json.maxItemsComputed): finding all 100k of a 40 MB file took a scan of it per edit.
        const paths = entries.slice(0, maxItems(doc)).map((e) => [...e.path, 'image']);
        const ranges = index.rangesOf(unit, paths);
        for (const p of paths) {
          const image = DocumentIndex.valueAt(unit, p);
          const r = ranges.get(p);
          if (typeof image !== 'string' || !r) continue;
          const found = await resolveImage(ctx, doc, image);
          if (!found) continue;
          const link = new vscode.DocumentLink(toRange(doc, r.start + 1, r.end - 1), vscode.Uri.file(found));
          link.tooltip = vscode.l10n.t('Open {0}', path.basename(found));
          out.push(link);
        }
      } else if (index.format === 'metadata-jsonl') {
        for (const unit of index.analysis.units) {
          const file = DocumentIndex.valueAt(unit, ['file']);
          if (typeof file !== 'string' || path.isAbsolute(file)) continue;
          const target = path.resolve(path.dirname(doc.uri.fsPath), file);
          if (!(await ctx.files.access.isFile(target))) continue;
          const filePath = ['file'];
          const r = index.rangesOf(unit, [filePath]).get(filePath);
          if (r) out.push(new vscode.DocumentLink(toRange(doc, r.start + 1, r.end - 1), vscode.Uri.file(target)));
        }
      }
      return out;
    },
  });

  const folding = vscode.languages.registerFoldingRangeProvider({ language: 'jsonl' }, {
    provideFoldingRanges(doc) {
      const index = ctx.analyses.get(doc);
      if (!index?.parsed) return undefined;
      // Runs of consecutive lines of the same kind (file / dataset / dataset-version) fold together.
      const ranges: vscode.FoldingRange[] = [];
      let runStart = -1;
      let runKind = '';
      let last = -1;
      const close = () => {
        if (runStart !== -1 && last > runStart) ranges.push(new vscode.FoldingRange(runStart, last));
      };
      for (const unit of index.analysis.units) {
        const v = unit.value as Record<string, unknown> | null;
        const kind = v && typeof v === 'object' ? ['file', 'dataset', 'dataset-version'].find((k) => k in v) ?? '' : '';
        const line = doc.positionAt(unit.start).line;
        if (kind !== runKind || line !== last + 1) {
          close();
          runStart = line;
          runKind = kind;
        }
        last = line;
      }
      close();
      return ranges;
    },
  });
  return vscode.Disposable.from(symbols, workspaceSymbols, links, folding);
}
