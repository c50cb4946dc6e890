// Code lenses (preview an image's overlays; push a sidecar) and annotation-aware formatting.
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { DocumentIndex } from '../language/documentIndex';
import { formatJson, formatJsonl, type FormatOptions } from '../language/prettyPrint';
import { registerCommand } from '../toolshed/commands';
import { readSettings } from '../toolshed/settings';
import { resolveImage, SELECTOR, toRange, type LanguageContext } from './context';
import { annotationsOf } from '../annotations/metalake';

/** Commands other features register (the preview, the remote push) are used once they exist. */
async function available(id: string): Promise<boolean> {
  return (await vscode.commands.getCommands(true)).includes(id);
}

function formatOptions(doc: vscode.TextDocument, options: vscode.FormattingOptions): FormatOptions {
  const width = vscode.workspace.getConfiguration('editor', doc.uri).get<number>('wordWrapColumn', 80);
  return { tabSize: options.tabSize, insertSpaces: options.insertSpaces, eol: doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n', width: Math.max(60, width) };
}

/** Edits formatting the whole document; none when the text does not parse (nothing is lost). */
export function formatDocument(doc: vscode.TextDocument, options: vscode.FormattingOptions): vscode.TextEdit[] {
  const text = doc.getText();
  const opts = formatOptions(doc, options);
  const formatted = doc.languageId === 'jsonl' ? formatJsonl(text, opts.eol) : formatJson(text, opts);
  if (formatted === undefined || formatted === text) return [];
  return [vscode.TextEdit.replace(toRange(doc, 0, text.length), formatted)];
}

/** The selection, when it holds whole JSON values (or whole JSONL lines), formatted in place. */
function formatRange(doc: vscode.TextDocument, range: vscode.Range, options: vscode.FormattingOptions): vscode.TextEdit[] {
  const opts = formatOptions(doc, options);
  if (doc.languageId === 'jsonl') {
    const full = new vscode.Range(range.start.line, 0, range.end.line, doc.lineAt(range.end.line).text.length);
    const formatted = formatJsonl(doc.getText(full), opts.eol);
    return formatted === undefined ? [] : [vscode.TextEdit.replace(full, formatted)];
  }
  const text = doc.getText(range);
  const lead = text.length - text.trimStart().length;
  const body = text.trim();
  const formatted = formatJson(body, opts);
  if (formatted === undefined) return [];
  const indent = doc.lineAt(range.start.line).text.match(/^\s*/)![0];
  const reindented = formatted.split(/\r?\n/).join(opts.eol + indent);
  const start = doc.offsetAt(range.start) + lead;
  return [vscode.TextEdit.replace(toRange(doc, start, start + body.length), reindented)];
}

export function registerLensesAndFormatting(ctx: LanguageContext): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const lenses = vscode.languages.registerCodeLensProvider(SELECTOR, {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(doc) {
      const index = ctx.analyses.get(doc);
      if (!index?.parsed) return undefined;
      const out: vscode.CodeLens[] = [];
      if (index.format === 'annotations') {
        const preview = await available(Commands.previewOverlays);
        const limit = vscode.workspace.getConfiguration('json', doc.uri).get<number>('maxItemsComputed', 5000);
        for (const seg of index.levels()[1].slice(0, limit)) {
          const entry = DocumentIndex.valueAt(seg.unit, seg.path) as { image?: unknown } | undefined;
          const shapes = annotationsOf(entry).length;
          const range = toRange(doc, seg.start, seg.start + 1);
          const imageIndex = seg.path[1] as number;
          if (preview) {
            out.push(new vscode.CodeLens(range, { title: shapes === 1 ? vscode.l10n.t('Preview overlays (1 shape)') : vscode.l10n.t('Preview overlays ({0} shapes)', shapes), command: Commands.previewOverlays, arguments: [doc.uri, { imageIndex }] }));
          } else if (typeof entry?.image === 'string') {
            out.push(new vscode.CodeLens(range, { title: shapes === 1 ? vscode.l10n.t('Open image (1 shape)') : vscode.l10n.t('Open image ({0} shapes)', shapes), command: Commands.openImage, arguments: [doc.uri, entry.image] }));
          }
        }
      } else if (index.format === 'sidecar' && (await available(Commands.pushSidecar))) {
        out.push(new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: vscode.l10n.t('Push to datum…'), command: Commands.pushSidecar, arguments: [doc.uri] }));
      }
      return out;
    },
  });
  const openImage = registerCommand(Commands.openImage, ctx.log, async (uri: vscode.Uri, image: string) => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const found = await resolveImage(ctx, doc, image);
    if (!found) throw new Error(vscode.l10n.t('Image "{0}" not found.', image));
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(found), { viewColumn: vscode.ViewColumn.Beside });
  });

  // JSONL and sidecars get this formatter as their own; annotation JSON recognized by content keeps
  // VS Code's JSON formatter as default (no "multiple formatters" prompt on every JSON file) and
  // gets ours through the "Format Document (Datum Studio)" command.
  const selector: vscode.DocumentSelector = [{ language: 'jsonl' }, { language: 'json', pattern: '**/*.metadata.json' }];
  const globs = readSettings().globs;
  for (const list of Object.values(globs)) for (const pattern of list ?? []) (selector as vscode.DocumentFilter[]).push({ language: 'json', pattern: pattern.includes('/') ? pattern : `**/${pattern}` });
  const formatting = vscode.languages.registerDocumentFormattingEditProvider(selector, { provideDocumentFormattingEdits: formatDocument });
  const rangeFormatting = vscode.languages.registerDocumentRangeFormattingEditProvider(selector, { provideDocumentRangeFormattingEdits: formatRange });
  const formatCommand = registerCommand(Commands.formatDocument, ctx.log, async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !ctx.analyses.get(editor.document)) throw new Error(vscode.l10n.t('Open a file Datum Studio checks to format it.'));
    const edits = formatDocument(editor.document, { tabSize: Number(editor.options.tabSize) || 2, insertSpaces: editor.options.insertSpaces !== false });
    if (edits.length === 0 && ctx.analyses.get(editor.document)?.parsed === false) throw new Error(vscode.l10n.t('The file has syntax errors; fix them first (nothing was changed).'));
    await editor.edit((b) => edits.forEach((e) => b.replace(e.range, e.newText)));
  });
  // Lenses that depend on other features' commands appear once those register.
  const timer = setTimeout(() => changed.fire(), 3000);
  return vscode.Disposable.from(lenses, openImage, formatting, rangeFormatting, formatCommand, changed, { dispose: () => clearTimeout(timer) });
}
