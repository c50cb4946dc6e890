// The "Dataset statistics" view (a tree in the Datum Studio container): Show Dataset Statistics on
// an annotation file, a folder (the Explorer's context menu) or the workspace reads the annotation
// files with the engine the CLI's `stats` uses (src/evaluation/stats.ts) and shows the figures as
// sections, numbers and text bars (src/evaluation/statsTree.ts). A click on a number, a bar or an
// annotation opens its file with the annotation selected, as the preview's link to the text does.
// Open documents are read with their unsaved edits. Folders and the workspace are read under a
// cancellable progress notification; cancelling keeps the view as it was.
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { imageSizes } from '../cli/stats';
import { locatePaths } from '../core/jsonScan';
import { readAnnotationSet } from '../evaluation/adapters';
import type { StatsInput } from '../evaluation/stats';
import { childrenOf, statsTree, targetPath, type StatNode, type Target } from '../evaluation/statsTree';
import type { SetFormat } from '../evaluation/types';
import type { Services } from '../services';
import { registerCommand } from '../toolshed/commands';

export const STATS_VIEW = 'datumStudio.stats';
/** Files over this size are passed over (as the CLI's limit). */
const MAX_BYTES = 200 * 1024 * 1024;
const EXCLUDE = '**/{node_modules,.git,.hg,.svn,.vscode-test}/**';

const ICONS: Record<StatNode['kind'], string> = { section: 'graph', number: 'symbol-number', bar: 'symbol-field', annotation: 'symbol-misc', image: 'file-media', file: 'json', note: 'info' };

/** What the command returns (the host tests read it): the figures and the nodes the view shows. */
export interface StatsResult {
  title: string;
  stats: ReturnType<typeof statsTree>['stats'];
  roots: StatNode[];
  children: (node: StatNode) => StatNode[];
  notes: string[];
}

class StatsProvider implements vscode.TreeDataProvider<StatNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  roots: StatNode[] = [];

  show(roots: StatNode[]): void {
    this.roots = roots;
    this.changed.fire();
  }

  getChildren(node?: StatNode): StatNode[] {
    return node ? childrenOf(node) : this.roots;
  }

  getTreeItem(node: StatNode): vscode.TreeItem {
    const leaf = childrenOf(node).length === 0;
    const expanded = node.kind === 'section' && (node.id === 'overview' || node.id === 'labels');
    const item = new vscode.TreeItem(node.label, leaf ? vscode.TreeItemCollapsibleState.None : expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(ICONS[node.kind]);
    item.contextValue = `stats-${node.kind}`;
    const first = node.targets?.[0];
    if (first) item.command = { command: Commands.statsReveal, title: vscode.l10n.t('Show in the file'), arguments: [first] };
    return item;
  }
}

export function registerStatistics(services: Services): vscode.Disposable {
  const { log } = services;
  const provider = new StatsProvider();
  const view = vscode.window.createTreeView(STATS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  view.message = vscode.l10n.t('Run "Datum Studio: Show Dataset Statistics" on an annotation file, a folder or the workspace.');
  /** format of each file shown, by its URI string (the inputs' `file`) */
  let formats = new Map<string, SetFormat>();

  const read = async (uri: vscode.Uri, explicit: boolean): Promise<StatsInput | string | undefined> => {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let text: string;
    if (open) text = open.getText();
    else {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_BYTES) return explicit ? `${path.basename(uri.path)} is over 200 MB` : undefined;
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    }
    if (!explicit && !/"images"\s*:|^\s*\[/.test(text.slice(0, 1 << 20))) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      return explicit ? `${path.basename(uri.path)} is not valid JSON (${(error as Error).message})` : `${vscode.workspace.asRelativePath(uri)}: skipped, not valid JSON`;
    }
    const set = readAnnotationSet(value);
    if (typeof set === 'string') return explicit ? `${path.basename(uri.path)}: ${set}` : undefined;
    const input: StatsInput = { file: uri.toString(), set };
    if (uri.scheme === 'file') await imageSizes(uri.fsPath, input);
    return input;
  };

  /** Statistics of the files and folders given (the workspace when none); undefined when cancelled. */
  const collect = async (targets: vscode.Uri[]): Promise<StatsResult | undefined> => {
    const kinds = await Promise.all(targets.map(async (t) => ((await vscode.workspace.fs.stat(t)).type & vscode.FileType.Directory ? 'folder' : 'file')));
    // One file named: its problems are errors; in folders, files that are not annotations are passed over.
    const explicit = targets.length === 1 && kinds[0] === 'file';
    let files: vscode.Uri[] = targets.filter((_, i) => kinds[i] === 'file');
    const folders = targets.filter((_, i) => kinds[i] === 'folder');
    const title = targets.length === 0 ? vscode.l10n.t('the workspace') : targets.map((t) => vscode.workspace.asRelativePath(t)).join(', ');
    const inputs: StatsInput[] = [];
    const notes: string[] = [];
    const run = async (token?: vscode.CancellationToken, report?: (message: string, increment: number) => void): Promise<boolean> => {
      const patterns = targets.length === 0 ? ['**/*.json'] : folders.map((f) => new vscode.RelativePattern(f, '**/*.json'));
      for (const pattern of patterns) files.push(...(await vscode.workspace.findFiles(pattern, EXCLUDE, undefined, token)));
      files = [...new Map(files.map((f) => [f.toString(), f])).values()].sort((a, b) => (a.toString() < b.toString() ? -1 : 1));
      for (const [i, uri] of files.entries()) {
        if (token?.isCancellationRequested) return false;
        report?.(`${i + 1} of ${files.length}: ${path.basename(uri.path)}`, 100 / files.length);
        let got: StatsInput | string | undefined;
        try {
          got = await read(uri, explicit);
        } catch (error) {
          if (explicit) throw error;
          notes.push(`${vscode.workspace.asRelativePath(uri)}: skipped, ${(error as Error).message}`);
          continue;
        }
        if (typeof got === 'string') {
          if (explicit) throw new Error(got);
          notes.push(got);
        } else if (got) inputs.push(got);
      }
      return !token?.isCancellationRequested;
    };
    // One file: reading it is one step (no cancelling half a parse), shown in the status bar.
    const done = explicit
      ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Dataset statistics of {0}', title) }, () => run())
      : await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Dataset statistics of {0}', title), cancellable: true }, (progress, token) => run(token, (message, increment) => progress.report({ message, increment })));
    if (!done) return undefined;
    const { stats, roots } = statsTree(inputs);
    formats = new Map(inputs.map((i) => [i.file, i.set.format]));
    return { title, stats, roots, children: childrenOf, notes };
  };

  // From the Explorer: (clicked, selected); from the palette or the view's button: nothing.
  const show = async (uri?: vscode.Uri, selected?: vscode.Uri[]): Promise<StatsResult | undefined> => {
    let targets = Array.isArray(selected) && selected.length > 1 ? selected.filter((u) => u instanceof vscode.Uri) : uri instanceof vscode.Uri ? [uri] : [];
    if (targets.length === 0) {
      const active = vscode.window.activeTextEditor?.document;
      const own = active && /\.json$/i.test(active.uri.path) && active.uri.scheme !== 'untitled' && typeof readAnnotationSet(safeParse(active.getText())) !== 'string';
      if (own && vscode.workspace.workspaceFolders?.length) {
        const pick = await vscode.window.showQuickPick(
          [
            { label: `$(file) ${path.basename(active.uri.path)}`, description: vscode.l10n.t('this annotation file'), uri: active.uri as vscode.Uri | undefined },
            { label: `$(folder) ${vscode.l10n.t('The whole workspace')}`, description: vscode.l10n.t('every annotation file'), uri: undefined },
          ],
          { title: vscode.l10n.t('Dataset statistics of') },
        );
        if (!pick) return undefined;
        targets = pick.uri ? [pick.uri] : [];
      } else if (own) targets = [active.uri];
      else if (!vscode.workspace.workspaceFolders?.length) throw new Error(vscode.l10n.t('Open an annotation file or a folder first.'));
    }
    const result = await collect(targets);
    if (!result) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Dataset statistics cancelled.'));
      return undefined;
    }
    provider.show(result.roots);
    const s = result.stats;
    view.title = vscode.l10n.t('Dataset Statistics');
    view.description = result.title;
    view.message = s.files === 0 ? vscode.l10n.t('No annotation files in {0}.', result.title) : undefined;
    for (const note of result.notes) log.info(`Dataset statistics: ${note}`);
    await vscode.commands.executeCommand(`${STATS_VIEW}.focus`);
    return result;
  };

  const reveal = async (t: Target): Promise<vscode.TextEditor | undefined> => {
    const uri = vscode.Uri.parse(t.file);
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, { preview: true, preserveFocus: false });
    const format = formats.get(t.file);
    const jsonPath = format && t.imageIndex >= 0 ? targetPath(format, t.imageIndex, t.annotation) : undefined;
    const range = jsonPath ? locatePaths(document.getText(), [jsonPath]).get(jsonPath) : undefined;
    if (!range) return editor;
    const selection = new vscode.Selection(document.positionAt(range.start), document.positionAt(range.end));
    editor.selection = selection;
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return editor;
  };

  return vscode.Disposable.from(view, registerCommand(Commands.showStatistics, log, show), registerCommand(Commands.statsReveal, log, reveal));
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}
