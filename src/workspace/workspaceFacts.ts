// What the workspace's files say: labels and image names of annotation files, tags of sidecars,
// dataset and model URIs written anywhere. Read lazily, cached per file until it changes, and
// offered to completion (as a ValueContributor), hover and workspace symbols.
import * as path from 'path';
import * as vscode from 'vscode';
import { locatePaths, type JsonPath } from '../core/jsonScan';
import { LineIndex } from '../core/text';
import { mightBeRecognizedByContent, recognizeByContent, recognizeByName } from '../formats/formats';
import { factsOf, urisIn, type KnownValue, type ValueContributor, type ValueKind } from '../language/values';
import { forEachAnnotation } from '../annotations/metalake';

export interface FileFacts {
  uri: vscode.Uri;
  labels: Map<string, number>;
  /** image names and each label's first use, with their positions, for workspace symbols */
  symbols: { name: string; kind: 'image' | 'label'; position: vscode.Position }[];
  tags: Set<string>;
  uris: ReturnType<typeof urisIn>;
}

const GLOB = '**/{*.json,*.jsonl}';
const EXCLUDE = '**/{node_modules,.git,.vscode-test}/**';
const MAX_FILES = 2000;
const MAX_BYTES = 20 * 1024 * 1024;

export class WorkspaceFacts implements vscode.Disposable, ValueContributor {
  private files?: Promise<Map<string, FileFacts>>;
  private readonly watcher = vscode.workspace.createFileSystemWatcher(GLOB);

  private readonly changed = new vscode.EventEmitter<void>();
  /** a file's facts changed (after the first scan) */
  readonly onDidChange = this.changed.event;

  constructor() {
    const forget = (uri: vscode.Uri) =>
      void this.files?.then((m) => {
        if (m.delete(uri.toString())) this.changed.fire();
      });
    const refresh = (uri: vscode.Uri) =>
      void this.files?.then(async (m) => {
        const facts = await readFacts(uri);
        if (facts) m.set(uri.toString(), facts);
        else m.delete(uri.toString());
        this.changed.fire();
      });
    this.watcher.onDidDelete(forget);
    this.watcher.onDidCreate(refresh);
    this.watcher.onDidChange(refresh);
  }

  all(): Promise<Map<string, FileFacts>> {
    this.files ??= scan();
    return this.files;
  }

  async values(kind: ValueKind): Promise<KnownValue[]> {
    const counts = new Map<string, number>();
    for (const f of (await this.all()).values()) {
      const source = kind === 'label' ? f.labels.keys() : kind === 'tag' ? f.tags.values() : kind === 'dataset' ? f.uris.datasets.values() : kind === 'dataset-version' ? f.uris.versions.values() : kind === 'model' ? f.uris.models.values() : [];
      for (const v of source) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    return [...counts].map(([value, n]) => ({ value, detail: n === 1 ? vscode.l10n.t('workspace (1 file)') : vscode.l10n.t('workspace ({0} files)', n) }));
  }

  /** Labels of the annotation files in a folder (siblings of the file being edited). */
  async labelsIn(folder: string): Promise<Map<string, number>> {
    const labels = new Map<string, number>();
    for (const f of (await this.all()).values()) {
      if (path.dirname(f.uri.fsPath) !== folder) continue;
      for (const [l, n] of f.labels) labels.set(l, (labels.get(l) ?? 0) + n);
    }
    return labels;
  }

  async uriUsage(): Promise<(uri: string) => number> {
    const all = [...(await this.all()).values()];
    return (uri) => all.filter((f) => f.uris.datasets.has(uri) || f.uris.versions.has(uri) || f.uris.models.has(uri)).length;
  }

  /** File names of the images annotation files name (for the explorer's "Preview Overlays"). */
  async referencedImageNames(): Promise<string[]> {
    const names = new Set<string>();
    for (const f of (await this.all()).values()) for (const s of f.symbols) if (s.kind === 'image') names.add(path.basename(s.name));
    return [...names];
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

async function scan(): Promise<Map<string, FileFacts>> {
  const map = new Map<string, FileFacts>();
  const uris = await vscode.workspace.findFiles(GLOB, EXCLUDE, MAX_FILES);
  for (const uri of uris) {
    const facts = await readFacts(uri);
    if (facts) map.set(uri.toString(), facts);
  }
  return map;
}

async function readFacts(uri: vscode.Uri): Promise<FileFacts | undefined> {
  try {
    if ((await vscode.workspace.fs.stat(uri)).size > MAX_BYTES) return undefined;
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    const uris = urisIn(text);
    const byName = recognizeByName(uri.path);
    let value: unknown;
    if (byName === 'sidecar' || mightBeRecognizedByContent(text)) {
      try {
        value = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch {
        value = undefined;
      }
    }
    if (value === undefined && uris.datasets.size === 0 && uris.models.size === 0) return undefined;
    const { labels, images, tags } = factsOf(value);
    const symbols: FileFacts['symbols'] = [];
    if (recognizeByContent(value) === 'annotations') {
      const wanted: { name: string; kind: 'image' | 'label'; path: JsonPath }[] = images.map((name, i) => ({ name, kind: 'image' as const, path: ['images', i, 'image'] }));
      const seen = new Set<string>();
      forEachAnnotation(value, (a, at) => {
        if (typeof a.label !== 'string' || seen.has(a.label)) return;
        seen.add(a.label);
        wanted.push({ name: a.label, kind: 'label', path: [...at, 'label'] });
      });
      const ranges = locatePaths(text, wanted.map((w) => w.path));
      const lines = new LineIndex(text);
      for (const w of wanted) {
        const p = lines.positionAt(ranges.get(w.path)?.start ?? 0);
        symbols.push({ name: w.name, kind: w.kind, position: new vscode.Position(p.line, p.character) });
      }
    }
    return { uri, labels, symbols, tags, uris };
  } catch {
    return undefined;
  }
}
