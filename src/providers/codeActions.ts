// Quick fixes keyed on the diagnostics' codes, "fix all of this kind", source.fixAll, the corners
// reading of a bbox, and file fixes for a sidecar without its data file.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../constants';
import { closest } from '../core/text';
import { DocumentIndex } from '../language/documentIndex';
import { cornersFix, fixAll, fixesFor, unitOf, type TextEdit } from '../language/quickFixes';
import type { Problem, ProblemCode } from '../validation/problems';
import { imageSize, SELECTOR, toRange, type LanguageContext } from './context';

function workspaceEdit(doc: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(doc.uri, toRange(doc, e.start, e.end), e.newText);
  return edit;
}

/** The problem behind a diagnostic VS Code hands back (same code, same range). */
function problemOf(doc: vscode.TextDocument, problems: Problem[], d: vscode.Diagnostic): Problem | undefined {
  const start = doc.offsetAt(d.range.start);
  const end = doc.offsetAt(d.range.end);
  return problems.find((p) => p.code === d.code && p.start === start && p.end === end);
}

async function sizeFor(ctx: LanguageContext, doc: vscode.TextDocument, index: DocumentIndex, problem: Problem) {
  const unit = unitOf(index, problem.start);
  const imageIndex = problem.path?.[0] === 'images' ? problem.path[1] : undefined;
  const image = typeof imageIndex === 'number' ? DocumentIndex.valueAt(unit, ['images', imageIndex, 'image']) : undefined;
  return typeof image === 'string' ? imageSize(ctx, doc, image) : undefined;
}

function sidecarFileFixes(doc: vscode.TextDocument, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
  if (doc.uri.scheme !== 'file') return [];
  const dataFile = doc.uri.fsPath.replace(/\.metadata\.json$/i, '');
  const folder = path.dirname(dataFile);
  const actions: vscode.CodeAction[] = [];
  const create = new vscode.CodeAction(vscode.l10n.t('Create the data file "{0}"', path.basename(dataFile)), vscode.CodeActionKind.QuickFix);
  create.edit = new vscode.WorkspaceEdit();
  create.edit.createFile(vscode.Uri.file(dataFile), { ignoreIfExists: true });
  create.diagnostics = [diagnostic];
  actions.push(create);
  let names: string[] = [];
  try {
    names = fs.readdirSync(folder).filter((n) => !/\.metadata\.json$/i.test(n) && fs.statSync(path.join(folder, n)).isFile());
  } catch {
    return actions;
  }
  const taken = new Set(fs.readdirSync(folder));
  const candidates = names.filter((n) => !taken.has(`${n}.metadata.json`));
  const best = closest(path.basename(dataFile), candidates);
  for (const name of [best, ...candidates.filter((n) => n !== best)].filter((n): n is string => !!n).slice(0, 5)) {
    const rename = new vscode.CodeAction(vscode.l10n.t('Rename the sidecar to "{0}.metadata.json" (for the existing file "{0}")', name), vscode.CodeActionKind.QuickFix);
    rename.edit = new vscode.WorkspaceEdit();
    rename.edit.renameFile(doc.uri, vscode.Uri.file(path.join(folder, `${name}.metadata.json`)));
    rename.diagnostics = [diagnostic];
    rename.isPreferred = name === best;
    actions.push(rename);
  }
  return actions;
}

/** `model.metadata.json` beside `model.h5`: rename it to `model.h5.metadata.json`. */
function extensionRenameFixes(doc: vscode.TextDocument, diagnostic: vscode.Diagnostic, candidates: readonly string[]): vscode.CodeAction[] {
  if (doc.uri.scheme !== 'file') return [];
  const folder = path.dirname(doc.uri.fsPath);
  return candidates.slice(0, 5).map((name, i) => {
    const rename = new vscode.CodeAction(vscode.l10n.t('Rename the sidecar to "{0}.metadata.json"', name), vscode.CodeActionKind.QuickFix);
    rename.edit = new vscode.WorkspaceEdit();
    rename.edit.renameFile(doc.uri, vscode.Uri.file(path.join(folder, `${name}.metadata.json`)), { overwrite: false });
    rename.diagnostics = [diagnostic];
    rename.isPreferred = i === 0;
    return rename;
  });
}

export function registerCodeActions(ctx: LanguageContext): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    SELECTOR,
    {
      async provideCodeActions(doc, range, context) {
        const index = ctx.analyses.get(doc);
        if (!index) return undefined;
        const problems = ctx.analyses.problems(doc);
        const actions: vscode.CodeAction[] = [];
        const wants = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind) || kind.contains(context.only);

        // Only when asked for by kind (Source Action…, codeActionsOnSave): the light bulb asks on
        // every cursor move and change, and would not show a source action anyway.
        if (context.only && wants(vscode.CodeActionKind.SourceFixAll)) {
          const edits = fixAll(index, problems);
          if (edits.length > 0) {
            const action = new vscode.CodeAction(vscode.l10n.t('Fix all Datum Studio problems that have a safe fix'), vscode.CodeActionKind.SourceFixAll.append('datumStudio'));
            action.edit = workspaceEdit(doc, edits);
            actions.push(action);
          }
          if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return actions;
        }

        const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
        const kinds = new Set<ProblemCode>();
        for (const diagnostic of ours) {
          if (diagnostic.code === 'sidecar-data-missing') {
            actions.push(...sidecarFileFixes(doc, diagnostic));
            continue;
          }
          const problem = problemOf(doc, problems, diagnostic);
          if (!problem) continue;
          if (problem.code === 'sidecar-name-drops-extension') {
            actions.push(...extensionRenameFixes(doc, diagnostic, problem.data?.candidates ?? []));
            continue;
          }
          const size = problem.code === 'out-of-image' ? await sizeFor(ctx, doc, index, problem) : undefined;
          for (const fix of fixesFor(index, problem, { imageSize: size })) {
            const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
            action.edit = workspaceEdit(doc, fix.edits);
            action.diagnostics = [diagnostic];
            action.isPreferred = fix.preferred;
            actions.push(action);
            if (fix.safe) kinds.add(problem.code);
          }
        }
        for (const code of kinds) {
          const same = problems.filter((p) => p.code === code);
          if (same.length < 2) continue;
          const action = new vscode.CodeAction(vscode.l10n.t('Fix all {0} "{1}" problems in this file', same.length, code), vscode.CodeActionKind.QuickFix);
          action.edit = workspaceEdit(doc, fixAll(index, same, code));
          action.diagnostics = ours.filter((d) => d.code === code);
          actions.push(action);
        }

        // A bbox under the cursor that reads as corners, even without a diagnostic on it.
        if (wants(vscode.CodeActionKind.RefactorRewrite) && index.parsed) {
          const loc = index.locationAt(doc.offsetAt(range.start));
          const k = loc.path.indexOf('bbox');
          if (k !== -1 && loc.unit && !actions.some((a) => a.title.startsWith('Read bbox as corners'))) {
            const imageIndex = loc.path[0] === 'images' ? loc.path[1] : undefined;
            const image = typeof imageIndex === 'number' ? DocumentIndex.valueAt(loc.unit, ['images', imageIndex, 'image']) : undefined;
            const size = typeof image === 'string' ? await imageSize(ctx, doc, image) : undefined;
            const fix = cornersFix(index, loc.unit, loc.path.slice(0, k + 1), { imageSize: size });
            if (fix) {
              const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.RefactorRewrite);
              action.edit = workspaceEdit(doc, fix.edits);
              actions.push(action);
            }
          }
        }
        return actions;
      },
    },
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.SourceFixAll, vscode.CodeActionKind.RefactorRewrite] },
  );
}
