// The preview panel's safety rules in the real VS Code (issue 11, point 13): which folders the
// webview may load from (never the folder of an image an annotation names outside the workspace and
// the image roots), and which webview messages the host acts on. A real webview panel; the source is
// a small stand-in that names the images, so the panel's own rules are what is tested.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { PreviewPanel, VIEW_TYPE } from '../../src/preview/panel';
import type { PreviewSource, ResolvedImage } from '../../src/preview/source';
import type { HostToWebview } from '../../src/webview/protocol';
import { activeExtension, fixtureUri } from './helpers';

class Memory implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

describe('preview panel safety', () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-outside-'));
  const outsideImage = path.join(outside, 'secret.png');
  const insideImage = fixtureUri('frames/parking.png').fsPath;
  let extensionUri: vscode.Uri;
  const log = vscode.window.createOutputChannel('Datum Studio preview safety test', { log: true });

  before(async () => {
    extensionUri = (await activeExtension()).extensionUri;
    fs.copyFileSync(insideImage, outsideImage);
  });
  after(() => {
    log.dispose();
    fs.rmSync(outside, { recursive: true, force: true });
  });

  function open(images: string[], extraRoots: string[] = []) {
    const changed = new vscode.EventEmitter<void>();
    const source: PreviewSource = {
      title: 'Overlays: safety',
      onDidChange: changed.event,
      entries: () => images.map((image, index) => ({ index, image, shapeCount: 1 })),
      annotations: (index) => (index < images.length ? { index, image: images[index], shapes: [{ kind: 'rectangle', points: [1, 2, 3, 4], label: 'car' } as never], normalized: false, skipped: 0 } : undefined),
      image: async (index): Promise<ResolvedImage> => ({ source: { index, width: 10, height: 10 }, path: images[index] }),
      broken: () => undefined,
      resourceRoots: () => extraRoots,
      dispose: () => changed.dispose(),
    };
    const webview = vscode.window.createWebviewPanel(VIEW_TYPE, 'safety', vscode.ViewColumn.Active, {});
    const posted: HostToWebview[] = [];
    const real = webview.webview.postMessage.bind(webview.webview);
    webview.webview.postMessage = (m: HostToWebview) => (posted.push(m), real(m));
    const colors = new vscode.EventEmitter<Record<string, string>>();
    const globalState = new Memory();
    const panel = new PreviewPanel(webview, source, { extensionUri, log, globalState, onDidChangeColors: colors.event, fireColors: (c) => colors.fire(c), ownRoots: [] });
    const internals = panel as unknown as { receive(m: unknown): Promise<void> };
    const allowed = (): string[] => ((webview.webview.options.localResourceRoots ?? []) as vscode.Uri[]).map((u) => u.fsPath);
    return { panel, posted, globalState, roots: allowed, receive: (m: unknown) => internals.receive(m), images: () => posted.filter((m): m is Extract<HostToWebview, { type: 'image' }> => m.type === 'image').map((m) => m.image) };
  }

  it('loads images inside the workspace; one named outside it (absolute or ../) is a notice, and its folder is never allowed', async () => {
    const escaping = path.join(fixtureUri('frames').fsPath, '..', '..', '..', '..', '..', path.relative('/', outsideImage));
    const view = open([insideImage, outsideImage, escaping]);
    try {
      await view.receive({ type: 'ready' });
      await view.receive({ type: 'selectImage', index: 1 });
      await view.receive({ type: 'selectImage', index: 2 });
      const [inside, absolute, dotted] = view.images();
      assert.ok(inside.src?.startsWith('https://') && !inside.problem, JSON.stringify(inside));
      for (const shown of [absolute, dotted]) {
        assert.strictEqual(shown.src, undefined);
        assert.strictEqual(shown.problem?.kind, 'outside');
        assert.match(shown.problem?.message ?? '', /outside the workspace and the folders of the setting datumStudio\.annotations\.imageRoots/);
      }
      assert.ok(!view.roots().some((r) => outside.startsWith(r) || r.startsWith(outside)), view.roots().join());
      assert.ok(!view.roots().includes('/'), 'never the whole disk');
    } finally {
      view.panel.dispose();
    }
  });

  it('an image root (or a picked file) outside the workspace is allowed, and only it', async () => {
    const view = open([outsideImage], [outside]);
    try {
      await view.receive({ type: 'ready' });
      const [shown] = view.images();
      assert.ok(shown.src && !shown.problem, JSON.stringify(shown));
      assert.ok(view.roots().includes(outside), view.roots().join());
    } finally {
      view.panel.dispose();
    }
  });

  it('ignores webview messages with indices out of range, bad colours or unknown types', async () => {
    const view = open([insideImage]);
    try {
      await view.receive({ type: 'ready' });
      const before = view.posted.length;
      const colors = JSON.stringify(view.globalState.get('datumStudio.preview.labelColors'));
      for (const m of [{ type: 'selectImage', index: 7 }, { type: 'selectImage', index: -1 }, { type: 'chooseImage', index: 'x' }, { type: 'setColor', label: 'car', color: 'expression(alert(1))' }, { type: 'setColor', label: 'x'.repeat(500), color: '#000000' }, { type: 'run', command: 'rm' }, null]) {
        await view.receive(m);
      }
      assert.strictEqual(view.posted.length, before, 'nothing was done for them');
      assert.strictEqual(JSON.stringify(view.globalState.get('datumStudio.preview.labelColors')), colors, 'no colour remembered from them');
      await view.receive({ type: 'setColor', label: 'car', color: '#123456' });
      assert.deepStrictEqual(view.globalState.get('datumStudio.preview.labelColors'), { car: '#123456' });
      assert.deepStrictEqual(view.posted.at(-1), { type: 'colors', colors: { car: '#123456' } });
    } finally {
      view.panel.dispose();
    }
  });

  it('a restored panel opens only a file: annotation file inside the workspace', async () => {
    const { restorableUri } = await import('../../src/preview/previewFeature');
    const good = fixtureUri('annotations/good.json');
    assert.strictEqual((await restorableUri(good.toString()))?.toString(), good.toString());
    for (const bad of [vscode.Uri.file(outsideImage).toString(), 'https://example.com/a.json', 'valohai:/datum/x/y.metadata.json', fixtureUri('annotations').toString(), 42, undefined, 'file:///etc/passwd']) {
      assert.strictEqual(await restorableUri(bad), undefined, String(bad));
    }
  });
});
