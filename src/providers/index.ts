import * as vscode from 'vscode';
import { registerCodeActions } from './codeActions';
import { registerCompletionAndHover } from './completionAndHover';
import type { LanguageContext } from './context';
import { registerLensesAndFormatting } from './lensesAndPrettyPrint';
import { registerNavigation } from './navigation';
import { registerCocoNavigation } from './coco';
import { registerYoloProviders } from './yolo';

/** The VS Code language providers (completion, hover, code actions, navigation, lenses, formatting). */
export function registerProviders(ctx: LanguageContext): vscode.Disposable {
  return vscode.Disposable.from(registerCompletionAndHover(ctx), registerCodeActions(ctx), registerNavigation(ctx), registerLensesAndFormatting(ctx), registerCocoNavigation(ctx), registerYoloProviders());
}
