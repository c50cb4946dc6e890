import * as vscode from 'vscode';
import { registerCodeActions } from './codeActions';
import { registerCompletionAndHover } from './completionAndHover';
import type { LanguageContext } from './context';
import { registerLensesAndFormatting } from './lensesAndPrettyPrint';
import { registerNavigation } from './navigation';

export function registerLanguageFeatures(ctx: LanguageContext): vscode.Disposable {
  return vscode.Disposable.from(registerCompletionAndHover(ctx), registerCodeActions(ctx), registerNavigation(ctx), registerLensesAndFormatting(ctx));
}
