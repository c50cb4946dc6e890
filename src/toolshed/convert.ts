import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../constants';
import { LineIndex } from '../core/text';
import type { Problem, Severity } from '../validation/problems';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Files listed as related information on one diagnostic at most (a split's images without labels). */
export const MAX_RELATED_FILES = 100;

/** Positions from the document itself, so CRLF and LF files get the same exact ranges. */
export function toDiagnostics(problems: readonly Problem[], positionAt: (offset: number) => vscode.Position, uri: vscode.Uri): vscode.Diagnostic[] {
  return problems.map((p) => {
    const diagnostic = new vscode.Diagnostic(new vscode.Range(positionAt(p.start), positionAt(p.end)), p.message, SEVERITY[p.severity]);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = p.code;
    if (p.related) {
      diagnostic.relatedInformation = [
        new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, new vscode.Range(positionAt(p.related.start), positionAt(p.related.end))), p.related.message),
      ];
    }
    if (p.relatedFiles?.length) {
      const top = new vscode.Range(0, 0, 0, 0);
      const shown = p.relatedFiles.slice(0, MAX_RELATED_FILES).map((f) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(f.path), top), f.message));
      const rest = p.relatedFiles.length - shown.length;
      if (rest > 0) shown.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, top), vscode.l10n.t('…and {0} more (the command line\'s --format json lists them all)', rest)));
      diagnostic.relatedInformation = [...(diagnostic.relatedInformation ?? []), ...shown];
    }
    return diagnostic;
  });
}

/** positionAt for text that is not open in an editor (workspace validation of closed files). */
export function positionsOf(text: string): (offset: number) => vscode.Position {
  const index = new LineIndex(text);
  return (offset) => {
    const { line, character } = index.positionAt(offset);
    return new vscode.Position(line, character);
  };
}
