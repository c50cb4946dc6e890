// Push commands: a `<file>.metadata.json` sidecar, a `valohai.metadata.jsonl`, annotation JSON (each
// image's annotations as a property of its datum), and "Apply properties to selected datums". Each
// command lives in its own module; this one registers them and picks the push by a file's format.
import * as path from 'path';
import * as vscode from 'vscode';
import { RemoteCommands } from '../constants';
import { recognizeByContent, recognizeByName } from '../formats/formats';
import { registerCommand } from '../toolshed/commands';
import { pushAnnotations } from './annotations';
import { applyToSelected } from './applyToSelected';
import { pushJsonl } from './metadataJsonl';
import { argUri, documentText, type PushArgs, type PushDeps, type PushOutcome } from './runPush';
import { pushSidecar } from './sidecar';

/** One entry point for the editor title and code lenses: picks the push by the file's format. */
async function pushFile(deps: PushDeps, raw?: PushArgs): Promise<PushOutcome | undefined> {
  const uri = argUri(raw);
  if (!uri) throw new Error(vscode.l10n.t('Open a file to push.'));
  const byName = recognizeByName(uri.path);
  if (byName === 'sidecar') return pushSidecar(deps, raw);
  if (byName === 'metadata-jsonl') return pushJsonl(deps, raw);
  // An open document the editor checks has its parsed value in the analysis cache; otherwise parse.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const cached = open && deps.analyses.get(open)?.analysis.units[0];
  let content: unknown = cached?.value;
  if (!cached) {
    try {
      content = JSON.parse(await documentText(uri));
    } catch {
      content = undefined;
    }
  }
  const isAnnotations = recognizeByContent(content) === 'annotations';
  if (isAnnotations) return pushAnnotations(deps, raw);
  throw new Error(vscode.l10n.t('{0} is not a sidecar, a valohai.metadata.jsonl or an annotation file.', path.basename(uri.path)));
}

export function registerPushCommands(deps: PushDeps): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand(RemoteCommands.pushSidecar, deps.log, (raw?: PushArgs & { datumId?: string }) => pushSidecar(deps, raw)),
    registerCommand(RemoteCommands.pushJsonl, deps.log, (raw?: PushArgs) => pushJsonl(deps, raw)),
    registerCommand(RemoteCommands.pushAnnotations, deps.log, (raw?: PushArgs & { key?: string }) => pushAnnotations(deps, raw)),
    registerCommand(RemoteCommands.pushFile, deps.log, (raw?: PushArgs) => pushFile(deps, raw)),
    registerCommand(RemoteCommands.applyToSelected, deps.log, (clicked?: Parameters<typeof applyToSelected>[1], selected?: Parameters<typeof applyToSelected>[2]) => applyToSelected(deps, clicked, selected)),
  );
}
