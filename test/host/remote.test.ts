// The remote side in the real VS Code, against the local API emulator started in this process:
// sign in, browse and page the tree, search, edit properties (diff + confirm + push), push a sidecar
// and a JSONL, adopt, a 401 mid-session, and injected faults that must lose nothing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { Emulator } from '../../src/emulator/server';
import { SAMPLE_TOKEN } from '../../src/emulator/state';
import type { Node } from '../../src/tree/nodes';
import type { RemoteApi } from '../../src/remoteFeatures';
import { activeExtension, waitFor, waitForDiagnostics } from './helpers';

const REPO = path.resolve(__dirname, '..', '..', '..');

interface Asked {
  message: string;
  detail: string;
}

describe('remote (Valohai emulator)', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let remote: RemoteApi;
  let asked: Asked[];
  /** answers the next prompts get, in order; an empty queue means Cancel */
  let answers: (string | undefined)[];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-remote-'));

  const signIn = (): Thenable<unknown> => vscode.commands.executeCommand('datumStudio.signIn', { host: emulator.apiUrl, token: SAMPLE_TOKEN, project: 'demo-project' });
  const groups = async (): Promise<Node[]> => remote.tree.getChildren();
  const datumsGroup = async (): Promise<Node> => (await groups()).find((n) => n.kind === 'group' && n.group === 'datums')!;
  /** Seed data by name: the emulator's ids are UUIDs, as the real API's. */
  const id = (name: string): string => emulator.datumNamed(name)!.id;
  const names = (nodes: Node[]): string[] => nodes.map((n) => (n.kind === 'datum' ? n.datum.name : n.kind === 'dataset' ? n.dataset.name : n.kind === 'version' ? n.version.name : `<${n.kind}>`));

  before(async () => {
    emulator = await new Emulator({ dataDir: path.join(scratch, 'emulator'), imagesDir: path.join(REPO, 'samples/images') }).start();
    remote = ((await activeExtension()).exports as { remote: RemoteApi }).remote;
    remote.prompts.choose = async <T extends string>(message: string, detail: string): Promise<T | undefined> => {
      asked.push({ message, detail });
      return answers.shift() as T | undefined;
    };
    remote.prompts.pick = async <T>(title: string, placeHolder: string, items: readonly { label: string; detail?: string; value: T }[]): Promise<T | undefined> => {
      asked.push({ message: title, detail: `${placeHolder}\n${items.map((i) => `${i.label} ${i.detail ?? ''}`).join('\n')}` });
      const answer = answers.shift();
      return items.find((i) => answer !== undefined && (i.detail ?? '').startsWith(answer))?.value;
    };
    await vscode.workspace.getConfiguration('datumStudio').update('remote.pageSize', 50, vscode.ConfigurationTarget.Global);
  });

  beforeEach(() => {
    emulator.reset();
    asked = [];
    answers = [];
    remote.tree.setSearch(undefined);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('datumStudio.signOut');
    await vscode.workspace.getConfiguration('datumStudio').update('remote.pageSize', undefined, vscode.ConfigurationTarget.Global);
    await emulator.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('completion and hover get live values from the signed-in project; sidecars get a push lens', async () => {
    await signIn();
    const file = path.join(scratch, 'model.bin.metadata.json');
    fs.writeFileSync(file, '{\n  "valohai.alias": "",\n  "valohai.dataset-versions": ["dataset://street-images/v2", ""]\n}\n');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const labels = async (search: string, delta: number) => {
      const list = (await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, doc.positionAt(doc.getText().indexOf(search) + delta))) as vscode.CompletionList;
      return list.items.map((i) => `${typeof i.label === 'string' ? i.label : i.label.label} (${i.detail})`);
    };
    const versions = await waitFor(async () => {
      const l = await labels(', ""]', 3);
      return l.includes('dataset://street-images/v1 (Valohai)') ? l : undefined;
    });
    assert.ok(versions.includes('dataset://metrics/latest (Valohai)'), versions.join());
    assert.ok((await labels('"valohai.alias": "', 18)).includes('production-model (Valohai)'));
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, doc.positionAt(doc.getText().indexOf('street-images/v2')))) as vscode.Hover[];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /On Valohai: version `v2` of `street-images` exists/);
    const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri)) as vscode.CodeLens[];
    assert.deepStrictEqual(lenses.map((l) => [l.command?.title, l.command?.command]), [['Push to datum…', 'datumStudio.pushSidecar']]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('datumStudio.signOut');
  });

  it('previews an image datum: downloaded through the API, sha256 checked, drawn with the annotations in its properties', async () => {
    await signIn();
    const datum = emulator.state.datums.find((d) => d.name === 'street.jpg')!;
    await vscode.commands.executeCommand('datumStudio.remote.previewOverlays', { datumId: datum.id });
    const tab = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Overlays: street.jpg (Valohai)'), { message: 'the preview tab of the datum' });
    assert.ok(tab);
    assert.ok(emulator.requests.some((r) => r.path === `/api/v0/data/${datum.id}/download/`));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('datumStudio.signOut');
  });

  it('signs in with {host, token, project}, checking the token with users/me', async () => {
    await vscode.commands.executeCommand('datumStudio.signIn', { host: emulator.apiUrl, token: 'wrong-token' });
    const username = (): string | undefined => remote.session.current?.user.username;
    assert.strictEqual(username(), undefined, 'a refused token does not sign in');
    await signIn();
    assert.strictEqual(username(), 'newcomer');
    assert.strictEqual(remote.session.project?.name, 'demo-project');
    assert.ok(emulator.requests.some((r) => r.path === '/api/v0/users/me/' && r.authorization === `Token ${SAMPLE_TOKEN}`));
  });

  it('pages the datums lazily with Load more, newest first', async () => {
    await signIn();
    remote.tree.refresh();
    assert.deepStrictEqual(names(await groups()), ['<group>', '<group>']);
    const group = await datumsGroup();
    const first = await remote.tree.getChildren(group);
    assert.strictEqual(first.length, 51);
    assert.deepStrictEqual(names(first).slice(0, 3), ['street.jpg', 'parking.png', 'model.h5']);
    const more = first[50];
    assert.strictEqual(more.kind, 'load-more');
    await vscode.commands.executeCommand('datumStudio.remote.loadMore', more);
    await vscode.commands.executeCommand('datumStudio.remote.loadMore', more);
    const all = await remote.tree.getChildren(group);
    assert.strictEqual(all.length, 129, 'every datum once, no Load more left');
    assert.strictEqual(new Set(all.map((n) => n.key)).size, 129);
    const limits = emulator.requests.filter((r) => r.path.startsWith('/api/v0/data/?')).map((r) => new URL(r.path, 'http://x').searchParams.get('offset') ?? '0');
    assert.deepStrictEqual(limits, ['0', '50', '100']);

    const datasets = (await groups())[0];
    const datasetNodes = await remote.tree.getChildren(datasets);
    assert.deepStrictEqual(names(datasetNodes), ['metrics', 'street-images']);
    const images = datasetNodes[1];
    const versions = await remote.tree.getChildren(images);
    assert.deepStrictEqual(names(versions), ['v2', 'v1']);
    const files = await remote.tree.getChildren(versions[1]);
    assert.strictEqual(files.length, 10);
  });

  it('searches on the server by name and by tag', async () => {
    await signIn();
    await vscode.commands.executeCommand('datumStudio.remote.search', { text: 'frame-011' });
    const found = await remote.tree.getChildren(await datumsGroup());
    assert.strictEqual(found.length, 10, names(found).join());
    assert.ok(names(found).every((n) => n.startsWith('frame-011')));
    assert.ok(emulator.requests.some((r) => r.path.includes('name=frame-011')), 'the server was asked with the `name` filter');
    assert.ok(!emulator.requests.some((r) => r.path.includes('search=')), 'never with search=, which the API ignores');
    await vscode.commands.executeCommand('datumStudio.remote.search', { text: 'tag:annotated' });
    assert.deepStrictEqual(names(await remote.tree.getChildren(await datumsGroup())).sort(), ['parking.png', 'street.jpg']);
    await vscode.commands.executeCommand('datumStudio.remote.clearSearch');
  });

  it('registers the properties file systems only when properties are first opened (each one makes VS Code scan every document for links)', async () => {
    // VS Code's extension host links "<scheme>:" in every document once a file system of that
    // scheme is registered, reading each line after every change: absent, no such link.
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'see valohai://datum/123 here\n' });
    const schemeLinks = async (): Promise<string[]> => ((await vscode.commands.executeCommand('vscode.executeLinkProvider', doc.uri)) as vscode.DocumentLink[]).map((l) => l.target?.toString() ?? '').filter((t) => t.startsWith('valohai:'));
    assert.deepStrictEqual(await schemeLinks(), [], 'nothing has opened properties yet: no file system of ours, no link scan');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.parse('valohai:/datum/x/y.metadata.json'))));
    await signIn();
    const editor = (await vscode.commands.executeCommand('datumStudio.openProperties', { kind: 'datum', id: id('results.csv'), name: 'results.csv' })) as vscode.TextEditor;
    assert.strictEqual(editor.document.uri.scheme, 'valohai-readonly');
    assert.deepStrictEqual(JSON.parse(editor.document.getText()), { 'valohai.tags': ['metrics'], split: 'validation' });
    assert.deepStrictEqual(await schemeLinks(), ['valohai://datum/123'], 'opened: the file systems are there');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('edits properties as a validated document: save shows the diff, pushes after confirm, deleted keys as null', async () => {
    await signIn();
    const editor = (await vscode.commands.executeCommand('datumStudio.editProperties', { kind: 'datum', id: id('results.csv'), name: 'results.csv' })) as vscode.TextEditor;
    const doc = editor.document;
    assert.deepStrictEqual(JSON.parse(doc.getText()), { 'valohai.tags': ['metrics'], split: 'validation' });

    // The foundation's validation checks it as a sidecar.
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), '{\n  "valohai.tags": "metrics"\n}\n'));
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => d.some((x) => String(typeof x.code === 'object' ? x.code.value : x.code) === 'tags-not-list'));
    assert.ok(diagnostics.length > 0);
    answers = [undefined]; // "Push anyway?" -> Cancel
    assert.strictEqual(await doc.save(), false, 'a document with errors is not pushed unless the user insists');
    assert.strictEqual(emulator.datumNamed('results.csv')?.metadata['valohai.tags']?.toString(), 'metrics');
    assert.deepStrictEqual(emulator.datumNamed('results.csv')?.metadata['valohai.tags'], ['metrics']);

    await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), '{\n  "valohai.tags": ["metrics", "reviewed"],\n  "reviewer": "newcomer"\n}\n'));
    asked = [];
    answers = ['Push'];
    assert.strictEqual(await doc.save(), true);
    assert.strictEqual(asked.length, 1);
    assert.match(asked[0].message, /Push 3 change\(s\) to datum results\.csv\? \(1 added, 1 changed, 1 removed\)/);
    assert.match(asked[0].detail, /\+ reviewer: "newcomer"/);
    assert.match(asked[0].detail, /− split/);
    assert.deepStrictEqual(emulator.datumNamed('results.csv')?.metadata, { 'valohai.tags': ['metrics', 'reviewed'], reviewer: 'newcomer' });
    const post = emulator.requests.filter((r) => r.method === 'POST').at(-1);
    assert.deepStrictEqual(post?.body, { 'valohai.tags': ['metrics', 'reviewed'], reviewer: 'newcomer', split: null });
  });

  it('detects a stale document and pushes nothing unless the user overwrites', async () => {
    await signIn();
    const editor = (await vscode.commands.executeCommand('datumStudio.editProperties', { kind: 'dataset', id: emulator.datasetNamed('street-images')!.id, name: 'street-images' })) as vscode.TextEditor;
    emulator.state.datasets[0].metadata = { owner: 'someone-else' };
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), '{"owner": "me"}\n'));
    answers = [undefined];
    assert.strictEqual(await editor.document.save(), false);
    assert.match(asked[0].message, /changed on the server since you opened them/);
    assert.deepStrictEqual(emulator.state.datasets[0].metadata, { owner: 'someone-else' });
    assert.ok(editor.document.isDirty, 'the edited text is still there, unsaved');
    answers = ['Overwrite', 'Push'];
    assert.strictEqual(await editor.document.save(), true);
    assert.match(asked.at(-1)!.detail, /~ owner: "someone-else" → "me"/);
    assert.deepStrictEqual(emulator.state.datasets[0].metadata, { owner: 'me' });
  });

  it('does not open a datum’s properties as `{}` when the server does not show them', async () => {
    await signIn();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    emulator.includeDatumMetadata = false;
    const editor = await vscode.commands.executeCommand('datumStudio.editProperties', { kind: 'datum', id: id('labels.json'), name: 'labels.json' });
    assert.strictEqual(editor, undefined, 'no document with guessed properties');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.path.includes(id('labels.json'))));
    emulator.includeDatumMetadata = true;
    const opened = (await vscode.commands.executeCommand('datumStudio.editProperties', { kind: 'datum', id: id('2024-11-25/report_1.txt'), name: '2024-11-25/report_1.txt' })) as vscode.TextEditor;
    assert.deepStrictEqual(JSON.parse(opened.document.getText()), { 'valohai.tags': ['reports'] }, 'shown when the server shows them');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('pushes a sidecar to the datum with its name (diff, confirm, push) and refuses one with errors', async () => {
    await signIn();
    const dir = path.join(scratch, 'outputs');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'results.csv'), 'local copy\n');
    const sidecar = path.join(dir, 'results.csv.metadata.json');
    fs.writeFileSync(sidecar, '{\n  "valohai.tags": ["metrics", "final"],\n  "owner": "me"\n}\n');
    answers = ['Push'];
    const outcome = (await vscode.commands.executeCommand('datumStudio.pushSidecar', { uri: vscode.Uri.file(sidecar).toString() })) as { results: { status: string }[] };
    assert.deepStrictEqual(outcome.results.map((r) => r.status), ['pushed']);
    assert.match(asked[0].detail, /results\.csv\.metadata\.json → datum results\.csv\n\s+~ valohai\.tags: \["metrics"\] → \["metrics","final"\]\n\s+\+ owner: "me"/);
    assert.deepStrictEqual(emulator.datumNamed('results.csv')?.metadata, { 'valohai.tags': ['metrics', 'final'], split: 'validation', owner: 'me' });

    fs.writeFileSync(sidecar, '{"valohai.tags": "oops"}\n');
    asked = [];
    const refused = (await vscode.commands.executeCommand('datumStudio.pushSidecar', { uri: vscode.Uri.file(sidecar).toString() })) as { stopped?: string };
    assert.strictEqual(refused.stopped, 'validation errors');
    assert.match(asked[0].message, /1 validation error/);
  });

  it('pushes a valohai.metadata.jsonl: one confirmation, datum lines in one apply request, a per-line report', async () => {
    await signIn();
    const dir = path.join(scratch, 'jsonl');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'valohai.metadata.jsonl');
    fs.writeFileSync(file, [
      '{"file": "frame-0001.jpg", "metadata": {"quality": "good"}}',
      '{"file": "frame-0002.jpg", "metadata": {"camera": null}}',
      '{"dataset": "dataset://street-images", "metadata": {"owner": "data-team"}}',
      '{"dataset-version": "dataset://street-images/v1", "metadata": {"frozen": true}}',
      '{"file": "no-such-file.bin", "metadata": {"x": 1}}',
      '',
    ].join('\n'));
    answers = ['Push'];
    const outcome = (await vscode.commands.executeCommand('datumStudio.pushMetadataJsonl', { uri: vscode.Uri.file(file).toString() })) as { results: { line: number; status: string; message: string }[] };
    assert.strictEqual(asked.length, 1, 'one confirmation for the whole file');
    assert.match(asked[0].detail, /line 5: no-such-file\.bin — not pushed: no datum named no-such-file\.bin/);
    assert.deepStrictEqual(outcome.results.map((r) => `${r.line}:${r.status}`), ['1:pushed', '2:pushed', '3:pushed', '4:pushed', '5:skipped']);
    assert.strictEqual(emulator.datumNamed('frame-0001.jpg')?.metadata.quality, 'good');
    assert.strictEqual('camera' in (emulator.datumNamed('frame-0002.jpg')?.metadata ?? {}), false);
    assert.strictEqual(emulator.state.datasets[0].metadata.owner, 'data-team');
    assert.strictEqual(emulator.state.versions[0].metadata.frozen, true);
    assert.strictEqual(emulator.requests.filter((r) => r.path === '/api/v0/data/metadata/apply/').length, 1);
  });

  it('pushes a sidecar in an output sub-folder to the datum named by that path, picked by the local sha256, asking when it does not settle', async () => {
    await signIn();
    const [first, second] = ['first', 'second'].map((run) => path.join(scratch, run, 'outputs', '2024-11-25'));
    const reports = emulator.state.datums.filter((d) => d.name === '2024-11-25/report_0.txt');
    const ex1 = reports.find((d) => d.execution?.counter === 1)!;
    const ex2 = reports.find((d) => d.execution?.counter === 2)!;
    fs.mkdirSync(first, { recursive: true });
    fs.writeFileSync(path.join(first, 'report_0.txt'), 'report 0 of execution #2\n');
    fs.writeFileSync(path.join(first, 'report_0.txt.metadata.json'), '{"checked": true}\n');
    answers = ['Push'];
    const byHash = (await vscode.commands.executeCommand('datumStudio.pushSidecar', { uri: vscode.Uri.file(path.join(first, 'report_0.txt.metadata.json')).toString() })) as { results: { status: string; target: string }[] };
    assert.deepStrictEqual(byHash.results.map((r) => [r.status, r.target]), [['pushed', 'datum 2024-11-25/report_0.txt (execution #2)']]);
    assert.strictEqual(asked.length, 1, 'the sha256 settled it: no question but the confirmation');
    assert.strictEqual(emulator.datum(ex2.id)?.metadata.checked, true);
    assert.strictEqual(emulator.datum(ex1.id)?.metadata.checked, undefined);

    fs.mkdirSync(second, { recursive: true });
    fs.writeFileSync(path.join(second, 'report_0.txt'), 'edited locally since\n');
    fs.writeFileSync(path.join(second, 'report_0.txt.metadata.json'), '{"checked": "by hand"}\n');
    asked = [];
    answers = [ex1.id, 'Push'];
    const picked = (await vscode.commands.executeCommand('datumStudio.pushSidecar', { uri: vscode.Uri.file(path.join(second, 'report_0.txt.metadata.json')).toString() })) as { results: { status: string }[] };
    assert.deepStrictEqual(picked.results.map((r) => r.status), ['pushed']);
    assert.match(asked[0].message, /Which datum does report_0\.txt\.metadata\.json describe\?/);
    assert.match(asked[0].detail, /2 datums are named 2024-11-25\/report_0\.txt and none has the local file’s sha256/);
    assert.strictEqual(emulator.datum(ex1.id)?.metadata.checked, 'by hand');
  });

  it('a JSONL with sub-folder names: one name lookup, one listing of the execution, and where the server shows no properties the confirmation says so and null removals are sent', async () => {
    await signIn();
    emulator.includeDatumMetadata = false;
    emulator.datumNamed('2024-11-25/report_1.txt')!.metadata.stale = 'yes';
    const dir = path.join(scratch, 'exec-outputs');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'valohai.metadata.jsonl');
    fs.writeFileSync(file, [
      '{"file": "2024-11-25/report_1.txt", "metadata": {"stale": null, "reviewed": true}}',
      '{"file": "resized/images.zip", "metadata": {"pixels": 64}}',
      '{"file": "labels.json", "metadata": {"classes": 3}}',
      '{"file": "images.zip", "metadata": {"pixels": 1}}',
      '',
    ].join('\n'));
    answers = ['Push'];
    const outcome = (await vscode.commands.executeCommand('datumStudio.pushMetadataJsonl', { uri: vscode.Uri.file(file).toString() })) as { results: { line: number; status: string }[] };
    assert.deepStrictEqual(outcome.results.map((r) => `${r.line}:${r.status}`), ['1:pushed', '2:pushed', '3:pushed', '4:skipped']);
    assert.match(asked[0].detail, /line 1: 2024-11-25\/report_1\.txt → datum 2024-11-25\/report_1\.txt \(execution #1\) \(the server’s current values are unknown: every key is sent as it is\)\n\s+− stale \(removed if present; current value unknown\)/);
    assert.match(asked[0].detail, /line 4: images\.zip — not pushed: no datum named images\.zip/);
    const report = emulator.datumNamed('2024-11-25/report_1.txt')!;
    assert.strictEqual('stale' in report.metadata, false, 'the null removal was sent');
    assert.strictEqual(report.metadata.reviewed, true);
    const lists = emulator.requests.filter((r) => r.path.startsWith('/api/v0/data/?')).map((r) => new URL(r.path, 'http://x').searchParams);
    assert.deepStrictEqual(lists.map((q) => q.get('name') ?? `output_execution=${q.get('output_execution')}`), ['2024-11-25/report_1.txt', `output_execution=${report.execution!.id}`, 'images.zip']);
  });

  it('adopts three URLs with the three outcomes, and offers adoption as a code action on s3:// strings', async () => {
    await signIn();
    const report = (await vscode.commands.executeCommand('datumStudio.adoptS3Urls', {
      storeId: emulator.storeNamed('demo-bucket')!.id,
      urls: ['s3://demo-bucket/incoming/b.jpg', emulator.datumNamed('results.csv')!.uri, 's3://demo-bucket/incoming/missing.jpg', 'not a url'],
      confirm: true,
    })) as { outcome: string; url: string }[];
    assert.deepStrictEqual(report.map((r) => r.outcome), ['created', 'exists', 'not-found']);
    const created = emulator.state.datums.find((d) => d.uri === 's3://demo-bucket/incoming/b.jpg');
    assert.ok(created);
    // The tree reloads the datums so the new one can be revealed (newest first: on top).
    await waitFor(() => names(remote.tree.loaded('g:datums'))[0] === 'b.jpg', { message: 'the adopted datum at the top of the tree' });

    const file = path.join(scratch, 'urls.py');
    fs.writeFileSync(file, 'SOURCE = "s3://demo-bucket/incoming/c.jpg"\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 15, 0, 15));
    const adopt = actions.find((a) => a.title.startsWith('Adopt s3://demo-bucket/incoming/c.jpg'));
    assert.ok(adopt, actions.map((a) => a.title).join());
    assert.deepStrictEqual(adopt.command?.arguments, [{ urls: ['s3://demo-bucket/incoming/c.jpg'] }]);
  });

  it('pushes annotations as a property of each image\'s datum, applies properties to selected datums, downloads with the checksum checked', async () => {
    await signIn();
    const file = path.join(scratch, 'predictions.json');
    fs.writeFileSync(file, JSON.stringify({ images: [
      { image: 'street.jpg', annotations: [{ type: 'rectangle', bbox: [1, 2, 3, 4], label: 'car' }] },
      { image: 'unknown.jpg', annotations: [] },
    ] }, null, 2));
    const outcome = (await vscode.commands.executeCommand('datumStudio.push', { uri: vscode.Uri.file(file).toString(), confirm: true })) as { results: { status: string }[] };
    assert.deepStrictEqual(outcome.results.map((r) => r.status), ['pushed', 'skipped']);
    assert.deepStrictEqual(emulator.datumNamed('street.jpg')?.metadata.annotations, [{ type: 'rectangle', bbox: [1, 2, 3, 4], label: 'car' }]);

    const applied = (await vscode.commands.executeCommand('datumStudio.applyPropertiesToSelected', { datumIds: [id('frame-0001.jpg'), id('frame-0002.jpg')], properties: { reviewed: true, camera: null }, confirm: true })) as { results: { status: string }[] };
    assert.deepStrictEqual(applied.results.map((r) => r.status), ['pushed', 'pushed']);
    assert.deepStrictEqual(emulator.datumNamed('frame-0002.jpg')?.metadata, { 'valohai.tags': ['frames', 'even'], reviewed: true });
    assert.ok(emulator.requests.some((r) => r.path === '/api/v0/data/metadata/apply-all/'));

    const to = path.join(scratch, 'downloaded-parking.png');
    await vscode.commands.executeCommand('datumStudio.download', { datumId: id('parking.png'), to });
    assert.deepStrictEqual(fs.readFileSync(to), fs.readFileSync(path.join(REPO, 'samples/images/parking.png')));
    assert.strictEqual(emulator.storageRequests.at(-1)?.authorization, undefined, 'no token to the storage origin');

    emulator.downloadMode = 'bytes';
    const json = path.join(scratch, 'downloaded-labels.json');
    await vscode.commands.executeCommand('datumStudio.download', { datumId: id('labels.json'), to: json });
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(json, 'utf8')), { labels: ['car', 'person', 'sign'] }, 'a JSON datum streamed as the attachment itself');
  });

  it('a forced push of a broken annotation file passes over image entries that are no object', async () => {
    await signIn();
    const file = path.join(scratch, 'broken-predictions.json');
    fs.writeFileSync(file, JSON.stringify({ images: [null, 7, 'street.jpg', { image: 'street.jpg', annotations: [{ type: 'rectangle', bbox: [5, 6, 7, 8], label: 'bus' }] }] }));
    const outcome = (await vscode.commands.executeCommand('datumStudio.pushAnnotations', { uri: vscode.Uri.file(file).toString(), confirm: true, force: true })) as { results: { status: string }[] };
    assert.deepStrictEqual(outcome.results.map((r) => r.status), ['pushed']);
    assert.deepStrictEqual(emulator.datumNamed('street.jpg')?.metadata.annotations, [{ type: 'rectangle', bbox: [5, 6, 7, 8], label: 'bus' }]);
  });

  it('reuses the sign-in of valohai-cli when asked to', async () => {
    await vscode.commands.executeCommand('datumStudio.signOut');
    const dir = path.join(scratch, 'valohai-cli');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ host: emulator.apiUrl, token: SAMPLE_TOKEN, user: { username: 'newcomer' } }));
    process.env.VALOHAI_CONFIG_DIR = dir;
    try {
      await vscode.commands.executeCommand('datumStudio.signIn', { useCli: true, project: 'demo-project' });
      assert.strictEqual(remote.session.current?.host, emulator.apiUrl);
    } finally {
      delete process.env.VALOHAI_CONFIG_DIR;
    }
  });

  it('uses valohai-cli’s linked project for the workspace folder, and VALOHAI_PROJECT over it', async () => {
    await vscode.commands.executeCommand('datumStudio.signOut');
    await remote.session.setProject(undefined);
    const folder = fs.realpathSync(vscode.workspace.workspaceFolders![0].uri.fsPath);
    const dir = path.join(scratch, 'valohai-cli-links');
    fs.mkdirSync(dir, { recursive: true });
    const empty = emulator.projectNamed('empty-project')!;
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ host: emulator.apiUrl, token: SAMPLE_TOKEN, links: { [folder]: { id: empty.id, name: empty.name } } }));
    process.env.VALOHAI_CONFIG_DIR = dir;
    try {
      await vscode.commands.executeCommand('datumStudio.signIn', { host: emulator.apiUrl, token: SAMPLE_TOKEN });
      assert.strictEqual(remote.session.project?.name, 'empty-project', 'the link of the workspace folder');
      process.env.VALOHAI_PROJECT = emulator.projectNamed('demo-project')!.id;
      await vscode.commands.executeCommand('datumStudio.signIn', { host: emulator.apiUrl, token: SAMPLE_TOKEN });
      assert.strictEqual(remote.session.project?.name, 'demo-project', 'VALOHAI_PROJECT overrides');
      assert.ok(emulator.requests.some((r) => r.path === `/api/v0/projects/${process.env.VALOHAI_PROJECT}/`));
    } finally {
      delete process.env.VALOHAI_CONFIG_DIR;
      delete process.env.VALOHAI_PROJECT;
    }
  });

  it('a 401 mid-session asks to sign in again, then retries the action', async () => {
    await signIn();
    let offered = 0;
    remote.prompts.signInAgain = async () => (offered++, true);
    remote.session.reSignIn = async () => {
      await signIn();
      return true;
    };
    emulator.addFault({ kind: 'status', status: 401, path: '/api/v0/data/' });
    remote.tree.refresh();
    const children = await remote.tree.getChildren(await datumsGroup());
    assert.strictEqual(offered, 1);
    assert.strictEqual(children.length, 51, names(children).slice(-2).join());
  });

  it('faults lose nothing: a failed push leaves the file and the server as they were and the report says so; a failed list offers retry', async () => {
    await signIn();
    const dir = path.join(scratch, 'faults');
    fs.mkdirSync(dir, { recursive: true });
    const sidecar = path.join(dir, 'model.h5.metadata.json');
    const text = '{"accuracy": 0.99}\n';
    fs.writeFileSync(sidecar, text);
    emulator.addFault({ kind: 'status', status: 500, path: '/metadata/', method: 'POST' });
    const outcome = (await vscode.commands.executeCommand('datumStudio.pushSidecar', { uri: vscode.Uri.file(sidecar).toString(), confirm: true })) as { results: { status: string; message: string }[] };
    assert.strictEqual(outcome.results[0].status, 'failed');
    assert.match(outcome.results[0].message, /server failed \(500\)/);
    assert.strictEqual(fs.readFileSync(sidecar, 'utf8'), text);
    assert.strictEqual(emulator.datumNamed('model.h5')?.metadata.accuracy, 0.84);

    emulator.addFault({ kind: 'html', status: 502, path: '/api/v0/datasets/', times: 4 });
    remote.tree.refresh();
    const datasets = (await groups())[0];
    const failed = await remote.tree.getChildren(datasets);
    assert.strictEqual(failed.length, 1);
    assert.strictEqual(failed[0].kind, 'error');
    assert.match((failed[0] as { message: string }).message, /HTML page/);
    await vscode.commands.executeCommand('datumStudio.remote.retry', failed[0]);
    await waitFor(async () => names(await remote.tree.getChildren(datasets)).includes('street-images'), { message: 'the datasets after retry' });
  });
});
