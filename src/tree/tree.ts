// The Valohai sidebar tree: Datasets -> versions -> files, and Datums (newest first). Every list is
// paged lazily: the store keeps the loaded items and the `next` URL per parent, and "Load more"
// fetches one more page of that parent only. Failures become error nodes with a retry.
import * as vscode from 'vscode';
import { CONFIG_SECTION, REMOTE_CONTEXT, SettingKeys } from '../constants';
import type { ValohaiApi } from '../remote/api';
import type { Page } from '../remote/types';
import type { Session } from '../session/session';
import { treeItem, type Node } from './nodes';
import { messageOf } from '../toolshed/errors';

interface Listing {
  items: Node[];
  next: string | null;
  error?: string;
}

export interface Search {
  text: string;
}

export class RemoteTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly listings = new Map<string, Listing>();
  private readonly pending = new Map<string, Promise<void>>();
  private readonly nodesByKey = new Map<string, Node>();
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private searchState?: Search;
  /** The same objects on every call: the view finds an element to refresh by identity. */
  private readonly groups: Node[] = [
    { kind: 'group', group: 'datasets', key: 'g:datasets' },
    { kind: 'group', group: 'datums', key: 'g:datums' },
  ];
  private readonly refreshed = new vscode.EventEmitter<void>();
  /** fired after a full refresh (completion caches follow it) */
  readonly onDidRefresh = this.refreshed.event;

  constructor(
    private readonly session: Session,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get search(): Search | undefined {
    return this.searchState;
  }

  setSearch(search: Search | undefined): void {
    this.searchState = search?.text.trim() ? search : undefined;
    void vscode.commands.executeCommand('setContext', REMOTE_CONTEXT.searching, !!this.searchState);
    this.refresh();
  }

  refresh(): void {
    this.listings.clear();
    this.nodesByKey.clear();
    this.emitter.fire(undefined);
    this.refreshed.fire();
  }

  /** Reloads one parent's list from its first page. */
  reload(parentKey: string): void {
    this.listings.delete(parentKey);
    this.emitter.fire(this.nodesByKey.get(parentKey));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const text = this.searchState?.text;
    return treeItem(node, { datasets: text && !text.startsWith('tag:') ? vscode.l10n.t('matching "{0}"', text) : '', datums: text ? vscode.l10n.t('matching "{0}"', text) : vscode.l10n.t('newest first') });
  }

  getParent(node: Node): Node | undefined {
    return 'parent' in node ? node.parent : undefined;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!this.session.current || !this.session.project) return [];
    if (!node) return this.groups.map((g) => this.remember(g));
    if (node.kind !== 'group' && node.kind !== 'dataset' && node.kind !== 'version') return [];
    if (!this.listings.has(node.key)) await this.loadPage(node);
    return this.children(node);
  }

  /** Fetches the next page of `parentKey`'s list and shows it. */
  async loadMore(parentKey: string): Promise<void> {
    const parent = this.nodesByKey.get(parentKey);
    if (!parent) return;
    await this.loadPage(parent);
    this.emitter.fire(parent);
  }

  /** The loaded children of a parent, for tests and reveal. */
  loaded(parentKey: string): Node[] {
    return this.listings.get(parentKey)?.items ?? [];
  }

  private children(node: Node): Node[] {
    const listing = this.listings.get(node.key);
    if (!listing) return [];
    const out = [...listing.items];
    if (listing.error) out.push({ kind: 'error', key: `${node.key}/error`, parent: node, parentKey: node.key, message: listing.error });
    else if (listing.next) out.push({ kind: 'load-more', key: `${node.key}/more`, parent: node, parentKey: node.key });
    else if (!out.length) out.push({ kind: 'message', key: `${node.key}/empty`, parent: node, message: this.searchState ? vscode.l10n.t('Nothing matches the search') : vscode.l10n.t('Empty') });
    return out;
  }

  private loadPage(parent: Node): Promise<void> {
    const running = this.pending.get(parent.key);
    if (running) return running;
    const work = this.fetchPage(parent).finally(() => this.pending.delete(parent.key));
    this.pending.set(parent.key, work);
    return work;
  }

  private async fetchPage(parent: Node): Promise<void> {
    const listing = this.listings.get(parent.key) ?? { items: [], next: null };
    const next = listing.items.length ? listing.next : null;
    try {
      const nodes = await this.session.run((api) => this.page(api, parent, next));
      listing.items.push(...nodes.items);
      listing.next = nodes.next;
      listing.error = undefined;
    } catch (error) {
      const message = messageOf(error);
      this.log.error(`Loading ${parent.key} failed: ${message}`);
      listing.error = vscode.l10n.t('Could not load: {0}', message);
    }
    this.listings.set(parent.key, listing);
  }

  private async page(api: ValohaiApi, parent: Node, next: string | null): Promise<{ items: Node[]; next: string | null }> {
    const project = this.session.requireProject().id;
    const limit = vscode.workspace.getConfiguration(CONFIG_SECTION).get<number>(SettingKeys.remotePageSize) ?? 100;
    const text = this.searchState?.text;
    const tag = text?.startsWith('tag:') ? text.slice(4).trim() : undefined;
    const search = text && !tag ? text : undefined;
    const map = <T>(page: Page<T>, make: (item: T) => Node): { items: Node[]; next: string | null } => ({ items: page.results.map((r) => this.remember(make(r))), next: page.next });
    if (parent.kind === 'group' && parent.group === 'datasets') {
      return map(await api.datasets(project, { search, limit }, next), (dataset) => ({ kind: 'dataset', dataset, key: `ds:${dataset.id}`, parent }));
    }
    if (parent.kind === 'group') {
      return map(await api.datums(project, { search, tag, limit }, next), (datum) => ({ kind: 'datum', datum, key: `d:${datum.id}`, parent }));
    }
    if (parent.kind === 'dataset') {
      return map(await api.versions(parent.dataset.id, { limit }, next), (version) => ({ kind: 'version', version, datasetName: parent.dataset.name, key: `v:${version.id}`, parent }));
    }
    if (parent.kind === 'version') {
      // A version's files come with the version itself; it is read again so the list is current.
      const version = await api.version(parent.version.id);
      return { items: (version.files ?? []).map(({ datum }) => this.remember({ kind: 'datum', datum, key: `${parent.key}/d:${datum.id}`, parent })), next: null };
    }
    return { items: [], next: null };
  }

  private remember<T extends Node>(node: T): T {
    this.nodesByKey.set(node.key, node);
    return node;
  }

  node(key: string): Node | undefined {
    return this.nodesByKey.get(key);
  }

  dispose(): void {
    this.emitter.dispose();
    this.refreshed.dispose();
  }
}
