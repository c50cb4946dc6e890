// "Adopt S3 URLs…": choose an S3 store, take URLs from the selection, the clipboard, a file or an
// input box, adopt them one request at a time (progress, Cancel), report created / already there /
// not found, and reveal the created datums in the tree. Also a code action on s3:// strings.
import * as vscode from 'vscode';
import { withProgressSignal } from '../toolshed/progress';
import { RemoteCommands } from '../constants';
import { registerCommand } from '../toolshed/commands';
import type { AdoptOutcome } from '../remote/policy';
import { S3_IN_TEXT, parseS3Lines } from '../remote/s3';
import type { Store } from '../remote/types';
import type { Session } from '../session/session';
import { messageOf } from '../toolshed/errors';

export interface AdoptArgs {
  storeId?: string;
  urls?: string[] | string;
  /** skip the confirmation of the URL list */
  confirm?: boolean;
}

export type AdoptReport = (AdoptOutcome | { outcome: 'failed'; url: string; message: string } | { outcome: 'cancelled'; url: string })[];

async function urlsFromUser(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  const sources = [
    ...(selection ? [{ label: `$(selection) ${vscode.l10n.t('The selection')}`, id: 'selection' }] : []),
    { label: `$(clippy) ${vscode.l10n.t('The clipboard')}`, id: 'clipboard' },
    { label: `$(file) ${vscode.l10n.t('A file…')}`, id: 'file' },
    { label: `$(edit) ${vscode.l10n.t('Type or paste them')}`, id: 'input' },
  ];
  const source = await vscode.window.showQuickPick(sources, { title: vscode.l10n.t('Adopt S3 URLs: where are the URLs? (one per line)') });
  if (!source) return undefined;
  if (source.id === 'selection') return selection;
  if (source.id === 'clipboard') return vscode.env.clipboard.readText();
  if (source.id === 'file') {
    const [file] = (await vscode.window.showOpenDialog({ canSelectMany: false, title: vscode.l10n.t('A file with one S3 URL per line') })) ?? [];
    return file && new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  }
  return vscode.window.showInputBox({ title: vscode.l10n.t('Adopt S3 URLs'), prompt: vscode.l10n.t('s3://bucket/key — separate several with spaces'), ignoreFocusOut: true }).then((v) => v?.split(/\s+/).join('\n'));
}

export function registerAdopt(session: Session, log: vscode.LogOutputChannel, revealDatums: (ids: string[]) => Promise<void>): vscode.Disposable {
  const adopt = async (args: AdoptArgs = {}): Promise<AdoptReport | undefined> => {
    const project = session.requireProject();
    const stores = (await session.run((api) => api.stores())).filter((s) => s.type === 's3');
    if (!stores.length) throw new Error(vscode.l10n.t('This Valohai account has no S3 store; only S3 stores can adopt files.'));
    let store: Store | undefined = args.storeId ? stores.find((s) => s.id === args.storeId) : stores.length === 1 ? stores[0] : undefined;
    if (args.storeId && !store) throw new Error(vscode.l10n.t('No S3 store with id {0}.', args.storeId));
    if (!store) store = (await vscode.window.showQuickPick(stores.map((s) => ({ label: s.name, description: s.id, store: s })), { title: vscode.l10n.t('Adopt into which S3 store?') }))?.store;
    if (!store) return undefined;
    const text = args.urls === undefined ? await urlsFromUser() : Array.isArray(args.urls) ? args.urls.join('\n') : args.urls;
    if (!text) return undefined;
    const { valid, invalid } = parseS3Lines(text);
    if (invalid.length) {
      const shown = invalid.slice(0, 5).map((i) => vscode.l10n.t('line {0}: {1}', i.line, i.text)).join('; ');
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} line(s) are not s3://bucket/key URLs and are skipped: {1}', invalid.length, `${shown}${invalid.length > 5 ? ' …' : ''}`));
      log.warn(`Adopt: skipped ${invalid.length} invalid line(s): ${invalid.map((i) => i.text).join(', ')}`);
    }
    if (!valid.length) throw new Error(vscode.l10n.t('No s3://bucket/key URL to adopt.'));
    // Always asked (one URL from the light bulb too): adoption creates datums in that store and project.
    if (!args.confirm) {
      const more = valid.length > 30 ? `\n${vscode.l10n.t('… and {0} more', valid.length - 30)}` : '';
      const go = await session.prompts.confirm(vscode.l10n.t('Adopt {0} URL(s) into the store {1} for the project {2}?', valid.length, store.name, project.name), `${valid.slice(0, 30).join('\n')}${more}`, vscode.l10n.t('Adopt'));
      if (!go) return undefined;
    }
    const chosen = store;
    const report: AdoptReport = await withProgressSignal(vscode.l10n.t('Adopting into {0}', store.name), async (signal, report) => {
      const out: AdoptReport = [];
      for (const url of valid) {
        if (signal.aborted) {
          out.push({ outcome: 'cancelled', url });
          continue;
        }
        report({ message: url, increment: 100 / valid.length });
        try {
          out.push(await session.run((api) => api.adopt(chosen.id, url, project.id, signal)));
        } catch (error) {
          out.push({ outcome: 'failed', url, message: messageOf(error) });
        }
      }
      return out;
    });
    for (const r of report) log.info(`Adopt ${r.url}: ${r.outcome}${'message' in r ? ` — ${r.message}` : 'datumId' in r ? ` — datum ${r.datumId}` : ''}`);
    const count = (o: string): number => report.filter((r) => r.outcome === o).length;
    const summary = vscode.l10n.t('Adopted {0} new, {1} already existed, {2} not found{3}{4}.', count('created'), count('exists'), count('not-found'), count('failed') ? vscode.l10n.t(', {0} failed', count('failed')) : '', count('cancelled') ? vscode.l10n.t(', {0} cancelled', count('cancelled')) : '');
    const created = report.flatMap((r) => (r.outcome === 'created' ? [r.datumId] : []));
    if (created.length) void revealDatums(created).catch((error) => log.warn(`Could not reveal the adopted datums: ${String(error)}`));
    const show = count('created') === report.length ? vscode.window.showInformationMessage(summary, vscode.l10n.t('Show Log')) : vscode.window.showWarningMessage(summary, vscode.l10n.t('Show Log'));
    void show.then((c) => c && log.show());
    return report;
  };

  const codeActions = vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, {
    provideCodeActions(document, range) {
      const line = document.lineAt(range.start.line).text;
      const actions: vscode.CodeAction[] = [];
      for (const m of line.matchAll(S3_IN_TEXT)) {
        const start = m.index ?? 0;
        if (range.start.character > start + m[0].length || range.end.character < start) continue;
        const action = new vscode.CodeAction(vscode.l10n.t('Adopt {0} as a Valohai datum', m[0]), vscode.CodeActionKind.Empty);
        action.command = { command: RemoteCommands.adopt, title: vscode.l10n.t('Adopt'), arguments: [{ urls: [m[0]] }] };
        actions.push(action);
      }
      return actions;
    },
  });

  return vscode.Disposable.from(registerCommand(RemoteCommands.adopt, log, adopt), codeActions);
}
