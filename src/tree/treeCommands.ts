// Commands of the Valohai view: refresh, search, load more, retry, and the item context menu.
import { createHash } from 'crypto';
import * as vscode from 'vscode';
import { withProgressSignal } from '../toolshed/progress';
import { CONFIG_SECTION, Commands, RemoteCommands, SettingKeys } from '../constants';
import type { Datum } from '../remote/types';
import { registerCommand } from '../toolshed/commands';
import { propertiesUri } from '../properties/uris';
import type { Target } from '../remote/targets';
import type { Session } from '../session/session';
import { datumUri, versionUri, type Node } from './nodes';
import type { RemoteTree } from './tree';

function targetOf(node: Node | undefined): Target {
  if (node?.kind === 'datum') return { kind: 'datum', id: node.datum.id, name: node.datum.name };
  if (node?.kind === 'dataset') return { kind: 'dataset', id: node.dataset.id, name: node.dataset.name };
  if (node?.kind === 'version') return { kind: 'dataset-version', id: node.version.id, name: `${node.datasetName}-${node.version.name}` };
  throw new Error(vscode.l10n.t('Choose a datum, dataset or dataset version in the Valohai view.'));
}

/** Accepts a tree node, or `{kind, id, name}` from scripts and tests. */
function toTarget(arg: Node | Target | undefined): Target {
  if (arg && 'id' in arg && 'kind' in arg && (arg.kind === 'datum' || arg.kind === 'dataset' || arg.kind === 'dataset-version') && !('key' in arg)) return arg as Target;
  return targetOf(arg as Node | undefined);
}

/** `fileSystems`: registers the properties file systems (src/properties/fileSystems.ts) before one of their documents is opened. */
export function registerTreeCommands(tree: RemoteTree, view: vscode.TreeView<Node>, session: Session, log: vscode.LogOutputChannel, fileSystems: () => void): vscode.Disposable {
  const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
  const fetchDatum = async (title: string, datum: Datum): Promise<Uint8Array> =>
    withProgressSignal(title, (signal) => session.run((api) => api.download(datum, signal, sha256)));

  const open = async (arg: Node | Target | undefined, readonly: boolean): Promise<vscode.TextEditor> => {
    fileSystems();
    const doc = await vscode.workspace.openTextDocument(propertiesUri(toTarget(arg), readonly));
    if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
    return vscode.window.showTextDocument(doc, { preview: readonly });
  };

  return vscode.Disposable.from(
    registerCommand(RemoteCommands.refresh, log, () => tree.refresh()),
    registerCommand(RemoteCommands.search, log, async (args?: { text?: string }) => {
      const text = args?.text ?? (await vscode.window.showInputBox({ title: vscode.l10n.t('Search Valohai'), prompt: vscode.l10n.t('A name, or tag:<tag>; the server searches, not only what is loaded'), value: tree.search?.text }));
      if (text === undefined) return;
      tree.setSearch({ text });
      view.description = [session.project?.name, tree.search ? vscode.l10n.t('search: {0}', tree.search.text) : ''].filter(Boolean).join(' · ');
    }),
    registerCommand(RemoteCommands.clearSearch, log, () => {
      tree.setSearch(undefined);
      view.description = session.project?.name;
    }),
    registerCommand(RemoteCommands.loadMore, log, (node: { parentKey: string }) => tree.loadMore(node.parentKey)),
    registerCommand(RemoteCommands.retry, log, (node: { parentKey: string }) => tree.reload(node.parentKey)),
    registerCommand(RemoteCommands.openProperties, log, (arg?: Node | Target) => open(arg, true)),
    registerCommand(RemoteCommands.editProperties, log, (arg?: Node | Target) => open(arg, false)),
    registerCommand(RemoteCommands.copyUri, log, async (node?: Node) => {
      const text = node?.kind === 'datum' ? datumUri(node.datum) : node?.kind === 'dataset' ? `dataset://${node.dataset.name}` : node?.kind === 'version' ? versionUri(node.datasetName, node.version) : undefined;
      if (!text) throw new Error(vscode.l10n.t('Choose a datum, dataset or version to copy its URI.'));
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 3000);
    }),
    registerCommand(RemoteCommands.copyStoreUrl, log, async (node?: Node) => {
      if (node?.kind !== 'datum' || !node.datum.uri) throw new Error(vscode.l10n.t('This datum has no store URL.'));
      await vscode.env.clipboard.writeText(node.datum.uri);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', node.datum.uri), 3000);
    }),
    registerCommand(RemoteCommands.download, log, async (node?: Node | { datumId: string; to: string }) => {
      const datum = node && 'datumId' in node ? await session.run((api) => api.datum(node.datumId)) : node?.kind === 'datum' ? node.datum : undefined;
      if (!datum) throw new Error(vscode.l10n.t('Choose a datum to download.'));
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const to = node && 'to' in node ? vscode.Uri.file(node.to) : await vscode.window.showSaveDialog({ defaultUri: folder && vscode.Uri.joinPath(folder, datum.name), title: vscode.l10n.t('Download {0}', datum.name) });
      if (!to) return undefined;
      const bytes = await fetchDatum(vscode.l10n.t('Downloading {0}', datum.name), datum);
      await vscode.workspace.fs.writeFile(to, bytes);
      void vscode.window.showInformationMessage(vscode.l10n.t('Downloaded {0} ({1} bytes, sha256 checked).', datum.name, bytes.length));
      return to.toString();
    }),
    // The image comes through the API (the token never goes to the download URL), is checked against
    // its sha256, and is drawn with the annotations in its properties (datumStudio.push.annotationsKey).
    registerCommand(RemoteCommands.previewDatum, log, async (node?: Node | { datumId: string }) => {
      const datum = node && 'datumId' in node ? await session.run((api) => api.datum(node.datumId)) : node?.kind === 'datum' ? node.datum : undefined;
      if (!datum) throw new Error(vscode.l10n.t('Choose an image datum to preview.'));
      const full = datum.metadata ? datum : await session.run((api) => api.datum(datum.id));
      const key = vscode.workspace.getConfiguration(CONFIG_SECTION).get<string>(SettingKeys.pushAnnotationsKey) ?? 'annotations';
      const imageBytes = await fetchDatum(vscode.l10n.t('Downloading {0} for the preview', datum.name), datum);
      const annotations = full.metadata?.[key] ?? [];
      return vscode.commands.executeCommand(Commands.previewDatum, { title: vscode.l10n.t('{0} (Valohai)', datum.name), imageBytes, annotations });
    }),
  );
}
