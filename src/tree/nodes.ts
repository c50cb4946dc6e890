// The tree's elements: plain data, turned into TreeItems in one place (treeItem below).
import * as vscode from 'vscode';
import { RemoteCommands } from '../constants';
import type { Dataset, DatasetVersion, Datum } from '../remote/types';

export type Node =
  | { kind: 'group'; group: 'datasets' | 'datums'; key: string }
  | { kind: 'dataset'; dataset: Dataset; key: string; parent: Node }
  | { kind: 'version'; version: DatasetVersion; datasetName: string; key: string; parent: Node }
  | { kind: 'datum'; datum: Datum; key: string; parent: Node }
  | { kind: 'load-more'; key: string; parent: Node | undefined; parentKey: string }
  | { kind: 'error'; key: string; parent: Node | undefined; parentKey: string; message: string }
  | { kind: 'message'; key: string; parent: Node | undefined; message: string };

export function datumUri(datum: Datum): string {
  return `datum://${datum.id}`;
}

export function versionUri(datasetName: string, version: DatasetVersion): string {
  return `dataset://${datasetName}/${version.name}`;
}

const IMAGE = /\.(png|jpe?g|gif|webp|bmp|tiff?)$/i;

export function isImage(datum: Datum): boolean {
  return IMAGE.test(datum.name);
}

export function formatSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

export function formatAge(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  const steps: [number, (n: number) => string][] = [
    [60, (n) => vscode.l10n.t('{0} s ago', n)],
    [60, (n) => vscode.l10n.t('{0} min ago', n)],
    [24, (n) => vscode.l10n.t('{0} h ago', n)],
    [30, (n) => vscode.l10n.t('{0} d ago', n)],
    [12, (n) => vscode.l10n.t('{0} mo ago', n)],
  ];
  let n = seconds;
  for (const [size, ago] of steps) {
    if (n < size) return ago(Math.floor(n));
    n /= size;
  }
  return vscode.l10n.t('{0} y ago', Math.floor(n));
}

function propertiesMarkdown(md: vscode.MarkdownString, metadata: Record<string, unknown> | undefined): void {
  const entries = Object.entries(metadata ?? {});
  if (!entries.length) return;
  md.appendMarkdown(`\n\n**${vscode.l10n.t('Properties')}**\n\n`);
  const lines = entries.slice(0, 15).map(([k, v]) => {
    const text = JSON.stringify(v);
    return `${k}: ${text.length > 60 ? `${text.slice(0, 57)}…` : text}`;
  });
  if (entries.length > 15) lines.push(vscode.l10n.t('… {0} more', entries.length - 15));
  md.appendCodeblock(lines.join('\n'), 'text');
}

/** File content (names, properties) goes in as text, never as markdown or HTML. */
export function treeItem(node: Node, groupDescriptions: Record<string, string>): vscode.TreeItem {
  switch (node.kind) {
    case 'group': {
      const item = new vscode.TreeItem(node.group === 'datasets' ? vscode.l10n.t('Datasets') : vscode.l10n.t('Datums'), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.key;
      item.iconPath = new vscode.ThemeIcon(node.group === 'datasets' ? 'database' : 'files');
      item.description = groupDescriptions[node.group];
      item.contextValue = `group-${node.group}`;
      return item;
    }
    case 'dataset': {
      const item = new vscode.TreeItem(node.dataset.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.key;
      item.iconPath = new vscode.ThemeIcon('database');
      item.description = formatAge(node.dataset.ctime);
      const md = new vscode.MarkdownString();
      md.appendText(`dataset://${node.dataset.name}`);
      propertiesMarkdown(md, node.dataset.metadata);
      item.tooltip = md;
      item.contextValue = 'dataset';
      return item;
    }
    case 'version': {
      const item = new vscode.TreeItem(node.version.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.key;
      item.iconPath = new vscode.ThemeIcon('versions');
      const files = node.version.files?.length;
      item.description = [files !== undefined ? vscode.l10n.t('{0} files', files) : '', formatAge(node.version.ctime)].filter(Boolean).join(' · ');
      const md = new vscode.MarkdownString();
      md.appendText(versionUri(node.datasetName, node.version));
      propertiesMarkdown(md, node.version.metadata);
      item.tooltip = md;
      item.contextValue = 'version';
      return item;
    }
    case 'datum': {
      const d = node.datum;
      const item = new vscode.TreeItem(d.name, vscode.TreeItemCollapsibleState.None);
      item.id = node.key;
      item.iconPath = new vscode.ThemeIcon(isImage(d) ? 'file-media' : /\.(csv|tsv|jsonl?|txt)$/i.test(d.name) ? 'file-text' : 'file-binary');
      item.description = [formatSize(d.size), formatAge(d.ctime)].filter(Boolean).join(' · ');
      const md = new vscode.MarkdownString();
      md.appendText(datumUri(d));
      if (d.uri) md.appendText(`\n${d.uri}`);
      if (d.sha256) md.appendText(`\nsha256 ${d.sha256}`);
      if (d.md5) md.appendText(`\nmd5 ${d.md5}`);
      if (d.tags?.length) md.appendText(`\n${vscode.l10n.t('tags: {0}', d.tags.join(', '))}`);
      propertiesMarkdown(md, d.metadata);
      item.tooltip = md;
      item.contextValue = isImage(d) ? 'datum-image' : 'datum';
      item.command = { command: RemoteCommands.openProperties, title: vscode.l10n.t('Open Properties'), arguments: [node] };
      return item;
    }
    case 'load-more': {
      const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
      item.id = node.key;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: RemoteCommands.loadMore, title: vscode.l10n.t('Load more'), arguments: [node] };
      item.contextValue = 'load-more';
      return item;
    }
    case 'error': {
      const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      item.id = node.key;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.description = vscode.l10n.t('click to retry');
      item.tooltip = `${node.message}\n\n${vscode.l10n.t('Click to try again.')}`;
      item.command = { command: RemoteCommands.retry, title: vscode.l10n.t('Retry'), arguments: [node] };
      item.contextValue = 'error';
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      item.id = node.key;
      item.iconPath = new vscode.ThemeIcon('info');
      item.contextValue = 'message';
      return item;
    }
  }
}
