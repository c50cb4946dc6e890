import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Emulator } from '../../src/emulator/server';
import { SAMPLE_TOKEN } from '../../src/emulator/state';
import { ValohaiApi } from '../../src/remote/api';
import { ValohaiClient } from '../../src/remote/client';
import { cliConfigFile, linkedProject, readCliConfig } from '../../src/remote/cliConfig';
import { applyPatch, describeChanges, diffProperties, patchFor, unknownBaseChanges } from '../../src/remote/diff';
import { DatasetResolver, DatumResolver, describePlan, executePlan, findDatumByName, localDatumNames, planChanges, reportMarkdown, type PushItem } from '../../src/remote/push';
import { parseS3Lines } from '../../src/remote/s3';
import { RemoteValues } from '../../src/remote/values';
import { repoRoot, tempDir } from './helpers';

describe('properties diff', () => {
  it('an edited document: added, changed, removed (key order is not a change)', () => {
    const changes = diffProperties({ a: 1, b: { x: 1, y: 2 }, c: 'gone' }, { a: 2, b: { y: 2, x: 1 }, d: [1] }, true);
    assert.deepEqual(changes.map((c) => `${c.kind}:${c.key}`), ['changed:a', 'added:d', 'removed:c']);
    assert.deepEqual(patchFor(changes), { a: 2, d: [1], c: null });
    assert.deepEqual(describeChanges(changes), ['~ a: 1 → 2', '+ d: [1]', '− c (was "gone")']);
  });

  it('a sidecar keeps keys it does not name; null removes', () => {
    const changes = diffProperties({ a: 1, b: 2 }, { b: null, c: 3 }, false);
    assert.deepEqual(patchFor(changes), { b: null, c: 3 });
    assert.deepEqual(applyPatch({ a: 1, b: 2 }, patchFor(changes)), { a: 1, c: 3 });
    assert.deepEqual(diffProperties({ a: 1 }, { missing: null }, false), [], 'removing an absent key is no change');
  });

  it('current values unknown: every key is sent, null removals included, and the lines say so', () => {
    const changes = unknownBaseChanges({ a: 1, gone: null });
    assert.deepEqual(patchFor(changes), { a: 1, gone: null });
    assert.deepEqual(describeChanges(changes), ['= a: 1 (current value unknown)', '− gone (removed if present; current value unknown)']);
  });
});

describe('datum names of local files (paths relative to the outputs root)', () => {
  it('uses the nearest outputs root, else tries each folder up to the workspace, longest first', () => {
    const ws = tempDir();
    const deep = path.join(ws, 'run', 'outputs', '2024-11-25');
    fs.mkdirSync(deep, { recursive: true });
    assert.deepEqual(localDatumNames(path.join(deep, 'report_0.txt'), ws), ['2024-11-25/report_0.txt'], 'a folder named outputs');
    const marked = path.join(ws, 'exported', 'resized');
    fs.mkdirSync(marked, { recursive: true });
    fs.writeFileSync(path.join(ws, 'exported', 'valohai.metadata.jsonl'), '');
    assert.deepEqual(localDatumNames(path.join(marked, 'images.zip'), ws), ['resized/images.zip'], 'the folder holding valohai.metadata.jsonl');
    const plain = path.join(ws, 'a', 'b');
    fs.mkdirSync(plain, { recursive: true });
    assert.deepEqual(localDatumNames(path.join(plain, 'x.csv'), ws), ['a/b/x.csv', 'b/x.csv', 'x.csv']);
    assert.deepEqual(localDatumNames(path.join(plain, 'x.csv')), ['x.csv'], 'no workspace folder: the base name');
  });
});

describe('S3 URL lines', () => {
  it('keeps valid URLs once, reports the rest with line numbers', () => {
    const parsed = parseS3Lines('s3://my-bucket/a.jpg\r\n\n  s3://my-bucket/dir/b.png  \nhttps://x/y\ns3://my-bucket/a.jpg\ns3://B/upper\n');
    assert.deepEqual(parsed.valid, ['s3://my-bucket/a.jpg', 's3://my-bucket/dir/b.png']);
    assert.deepEqual(parsed.invalid, [{ line: 4, text: 'https://x/y' }, { line: 6, text: 's3://B/upper' }]);
  });
});

describe('valohai-cli config', () => {
  it('is found where valohai-cli keeps it, and read only when it has a token', () => {
    assert.equal(cliConfigFile({ VALOHAI_CONFIG_DIR: '/cfg' }, 'linux', '/home/u'), path.join('/cfg', 'config.json'));
    assert.equal(cliConfigFile({}, 'linux', '/home/u'), path.join('/home/u', '.config', 'valohai-cli', 'config.json'));
    assert.equal(cliConfigFile({}, 'darwin', '/Users/u'), path.join('/Users/u', 'Library', 'Application Support', 'valohai-cli', 'config.json'));
    const dir = tempDir();
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ host: 'https://valohai.example/', token: 'abc', user: { username: 'jane' } }));
    assert.deepEqual(readCliConfig(file), { host: 'https://valohai.example/', token: 'abc', user: { username: 'jane' }, file });
    fs.writeFileSync(file, JSON.stringify({ host: 'https://valohai.example/' }));
    assert.equal(readCliConfig(file), undefined);
    assert.equal(readCliConfig(path.join(dir, 'none.json')), undefined);
  });

  it('finds the linked project of a folder walking up, on the same host; VALOHAI_PROJECT overrides', () => {
    const dir = fs.realpathSync(tempDir());
    const repo = path.join(dir, 'repo');
    const sub = path.join(repo, 'src', 'deep');
    fs.mkdirSync(sub, { recursive: true });
    const file = path.join(dir, 'config.json');
    const id = '0192f3a0-0000-7000-8000-000000000001';
    fs.writeFileSync(file, JSON.stringify({ host: 'https://valohai.example', token: 't', links: { [repo]: { id, name: 'linked' } } }));
    assert.deepEqual(linkedProject([sub], 'https://valohai.example/', {}, file), { project: { id, name: 'linked', source: 'link', directory: repo } });
    assert.deepEqual(linkedProject([dir], 'https://valohai.example/', {}, file), {}, 'a folder above the link has none');
    assert.deepEqual(linkedProject([sub], 'https://other.example/', {}, file), {}, 'a link names a project of the CLI’s host only');
    const env = { VALOHAI_PROJECT: '0192F3A0-0000-7000-8000-0000000000FF' };
    assert.deepEqual(linkedProject([sub], 'https://valohai.example/', env, file), { project: { id: env.VALOHAI_PROJECT.toLowerCase(), source: 'env' } });
    assert.match(linkedProject([sub], 'https://valohai.example/', { VALOHAI_PROJECT: 'proj-demo' }, file).problem ?? '', /not a project id \(a UUID\)/);
    assert.deepEqual(linkedProject([sub], 'https://valohai.example/', {}, path.join(dir, 'none.json')), {});
  });
});

describe('push plans against the emulator', () => {
  let emulator: Emulator;
  let api: ValohaiApi;
  before(async () => {
    emulator = await new Emulator({ dataDir: path.join(tempDir(), 'emulator'), imagesDir: path.join(repoRoot, 'samples/images') }).start();
    api = new ValohaiApi(new ValohaiClient({ host: emulator.apiUrl, token: SAMPLE_TOKEN, sleep: async () => undefined }));
  });
  after(() => emulator.stop());
  beforeEach(() => emulator.reset());
  const id = (name: string): string => emulator.datumNamed(name)!.id;
  const demo = (): string => emulator.projectNamed('demo-project')!.id;
  const dataRequests = (): URLSearchParams[] => emulator.requests.filter((r) => r.path.startsWith('/api/v0/data/?')).map((r) => new URL(r.path, 'http://x').searchParams);

  it('finds a datum by its name with the `name` filter, and by the local sha256 when names repeat', async () => {
    assert.equal((await findDatumByName(api, demo(), 'results.csv')).datum?.id, id('results.csv'));
    assert.deepEqual(dataRequests().map((q) => [q.get('name'), q.has('search')]), [['results.csv', false]]);
    assert.match((await findDatumByName(api, demo(), 'nope.txt')).problem ?? '', /no datum named nope\.txt/);
    const twin = { ...emulator.datumNamed('results.csv')!, id: '00000000-0000-7000-8000-00000000f00d', sha256: 'f'.repeat(64) };
    emulator.state.datums.push(twin);
    const ambiguous = await findDatumByName(api, demo(), 'results.csv');
    assert.equal(ambiguous.datum, undefined);
    assert.equal(ambiguous.candidates.length, 2);
    assert.match(ambiguous.problem ?? '', /2 datums are named results\.csv and there is no local file/);
    assert.equal((await findDatumByName(api, demo(), 'results.csv', async () => 'f'.repeat(64))).datum?.id, twin.id);
    assert.match((await findDatumByName(api, demo(), 'results.csv', async () => '0'.repeat(64))).problem ?? '', /none has the local file’s sha256/);
  });

  it('matches names that carry the output sub-folder exactly, never by the base name', async () => {
    const resolver = new DatumResolver(api, demo());
    assert.equal((await resolver.resolve({ names: ['resized/images.zip'] })).datum?.name, 'resized/images.zip');
    assert.match((await resolver.resolve({ names: ['images.zip'] })).problem ?? '', /no datum named images\.zip/, 'the server’s substring match is not taken for the name');
    const reports = emulator.state.datums.filter((d) => d.name === '2024-11-25/report_0.txt');
    assert.equal(reports.length, 2);
    const second = await resolver.resolve({ names: ['2024-11-25/report_0.txt'], localSha256: async () => reports[1].sha256 });
    assert.equal(second.datum?.id, reports[1].id, 'the local file’s sha256 picks the datum');
    const unsettled = await new DatumResolver(api, demo()).resolve({ names: ['2024-11-25/report_0.txt'] });
    assert.equal(unsettled.datum, undefined);
    assert.deepEqual(unsettled.candidates.map((d) => d.id).sort(), reports.map((d) => d.id).sort(), 'the caller asks among these');
  });

  it('a JSONL’s names: asked once each per push, the rest found in one listing of the execution’s outputs', async () => {
    const resolver = new DatumResolver(api, demo());
    const names = ['2024-11-25/report_1.txt', 'resized/images.zip', 'labels.json', '2024-11-25/report_1.txt', 'results.csv'];
    const matches = await resolver.resolveAll(names.map((n) => ({ names: [n] })));
    assert.deepEqual(matches.map((m) => m.datum?.name), names);
    const asked = dataRequests();
    assert.equal(asked.filter((q) => q.get('name')).length, 2, `one name lookup to find the execution, one for the name outside it: ${asked.map((q) => q.toString()).join(' | ')}`);
    assert.equal(asked.filter((q) => q.get('output_execution')).length, 1, 'the execution’s outputs listed once');
    const before = emulator.requests.length;
    await resolver.resolve({ names: ['results.csv'] });
    assert.equal(emulator.requests.length, before, 'cached for the push');
    const ex1 = emulator.state.datums.find((d) => d.name === '2024-11-25/report_0.txt' && d.execution?.counter === 1)!;
    assert.equal((await resolver.resolve({ names: ['2024-11-25/report_0.txt'] })).datum?.id, ex1.id, 'within the JSONL’s execution, the name is that execution’s output');
    const ex2 = emulator.state.datums.find((d) => d.name === '2024-11-25/report_0.txt' && d.execution?.counter === 2)!;
    assert.equal((await resolver.resolve({ names: ['2024-11-25/report_0.txt'], localSha256: async () => ex2.sha256 })).datum?.id, ex2.id, 'unless the local sha256 says otherwise');
  });

  it('a server that ignores the name filter: one listing of the project serves every name', async () => {
    const ignoring = new ValohaiApi(new ValohaiClient({
      host: emulator.apiUrl,
      token: SAMPLE_TOKEN,
      fetch: (input, init) => {
        const url = new URL(input);
        url.searchParams.delete('name');
        return fetch(url, init);
      },
    }));
    const resolver = new DatumResolver(ignoring, demo());
    const names = Array.from({ length: 40 }, (_, i) => `frame-${String(i + 1).padStart(4, '0')}.jpg`);
    const matches = await resolver.resolveAll(names.map((n) => ({ names: [n] })));
    assert.deepEqual(matches.map((m) => m.datum?.id), names.map(id));
    assert.ok(dataRequests().length <= 6, `${dataRequests().length} list requests for 40 names`);
  });

  it('dataset lookups of a push list the datasets once', async () => {
    const datasets = new DatasetResolver(api, demo());
    assert.equal((await datasets.dataset('metrics'))?.name, 'metrics');
    assert.equal(typeof (await datasets.version('dataset://street-images/v2')), 'object');
    assert.equal(await datasets.version('dataset://street-images/v9'), 'dataset street-images has no version v9');
    assert.equal(emulator.requests.filter((r) => r.path.startsWith('/api/v0/datasets/?')).length, 1);
  });

  it('current properties unknown (no `metadata` in the reply): the plan says so and sends null removals', async () => {
    emulator.includeDatumMetadata = false;
    const planned: PushItem[] = [{ line: 1, label: 'results.csv', properties: { split: null, owner: 'me' }, target: { kind: 'datum', id: id('results.csv'), name: 'results.csv' } }];
    await planChanges(api, planned);
    assert.equal(planned[0].current, null);
    assert.match(describePlan(planned), /results\.csv → datum results\.csv \(the server’s current values are unknown: every key is sent as it is\)\n\s+− split \(removed if present; current value unknown\)\n\s+= owner: "me"/);
    const results = await executePlan(api, planned);
    assert.deepEqual(results.map((r) => r.status), ['pushed']);
    assert.deepEqual(emulator.requests.filter((r) => r.method === 'POST').at(-1)?.body, { split: null, owner: 'me' });
    assert.deepEqual(emulator.datumNamed('results.csv')?.metadata, { 'valohai.tags': ['metrics'], owner: 'me' });

    const many: PushItem[] = ['frame-0001.jpg', 'frame-0002.jpg', 'frame-0003.jpg'].map((name) => ({ label: name, properties: { q: null }, target: { kind: 'datum', id: id(name), name } }));
    const before = emulator.requests.length;
    await planChanges(api, many);
    assert.deepEqual(many.map((i) => i.current), [null, null, null]);
    assert.deepEqual(many.map((i) => patchFor(i.changes!)), [{ q: null }, { q: null }, { q: null }], 'nothing dropped as already up to date');
    assert.equal(emulator.requests.length - before, 1, 'one detail read tells that datums show no properties');
  });

  it('plans, sends datum items in one apply, and reports each item; a failed batch marks exactly its items', async () => {
    const items = (): PushItem[] => [
      { line: 1, label: 'frame-0001.jpg', properties: { q: 1 }, target: { kind: 'datum', id: id('frame-0001.jpg'), name: 'frame-0001.jpg' } },
      { line: 2, label: 'frame-0002.jpg', properties: { camera: 'cam-3' }, target: { kind: 'datum', id: id('frame-0002.jpg'), name: 'frame-0002.jpg' } },
      { line: 3, label: 'frame-0003.jpg', properties: { q: 3 }, target: { kind: 'datum', id: id('frame-0003.jpg'), name: 'frame-0003.jpg' } },
      { line: 4, label: 'dataset://metrics', properties: { owner: 'x' }, target: { kind: 'dataset', id: emulator.datasetNamed('metrics')!.id, name: 'metrics' } },
      { line: 5, label: 'gone.bin', properties: {}, problem: 'no datum named gone.bin' },
    ];
    const planned = items();
    await planChanges(api, planned);
    assert.match(describePlan(planned), /line 2: frame-0002\.jpg — no changes/);
    const results = await executePlan(api, planned);
    assert.deepEqual(results.map((r) => r.status), ['pushed', 'unchanged', 'pushed', 'pushed', 'skipped']);
    assert.equal(emulator.requests.filter((r) => r.path === '/api/v0/data/metadata/apply/').length, 1);
    assert.deepEqual(emulator.requests.find((r) => r.path === '/api/v0/data/metadata/apply/')?.body, { datum_metadata: { [id('frame-0001.jpg')]: { q: 1 }, [id('frame-0003.jpg')]: { q: 3 } } });
    assert.match(reportMarkdown('Push', results), /\| 5 \| gone\.bin \|  \| skipped \| not pushed: no datum named gone\.bin \|/);

    emulator.reset();
    const again = items();
    await planChanges(api, again);
    emulator.addFault({ kind: 'status', status: 503, path: '/data/metadata/apply/' });
    const failed = await executePlan(api, again);
    assert.deepEqual(failed.map((r) => r.status), ['failed', 'unchanged', 'failed', 'pushed', 'skipped']);
    assert.equal(emulator.datumNamed('frame-0001.jpg')?.metadata.q, undefined, 'nothing half-applied');
  });

  it('stops sending when cancelled and says which items were not sent', async () => {
    const planned: PushItem[] = [{ label: 'a', properties: { q: 1 }, target: { kind: 'datum', id: id('frame-0001.jpg'), name: 'a' } }];
    await planChanges(api, planned);
    const controller = new AbortController();
    controller.abort();
    const results = await executePlan(api, planned, controller.signal);
    assert.deepEqual(results.map((r) => [r.status, r.message]), [['skipped', 'cancelled before it was sent']]);
  });

  it('live values for completion: datasets, versions, aliases, tags, cached until cleared', async () => {
    const values = new RemoteValues(() => ({ api, project: demo() }));
    assert.deepEqual(await values.datasets(), ['metrics', 'street-images']);
    assert.deepEqual((await values.versions('street-images')).sort(), ['v1', 'v2']);
    assert.deepEqual(await values.aliases(), ['production-model']);
    assert.deepEqual(await values.tags(), ['annotated', 'even', 'frames', 'images', 'metrics', 'model', 'odd', 'reports']);
    const before = emulator.requests.length;
    await values.datasets();
    assert.equal(emulator.requests.length, before, 'cached');
    values.clear();
    await values.datasets();
    assert.equal(emulator.requests.length, before + 1);
    assert.deepEqual(await new RemoteValues(() => undefined).datasets(), [], 'signed out: nothing');
  });
});
