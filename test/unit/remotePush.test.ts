import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Emulator } from '../../src/emulator/server';
import { SAMPLE_TOKEN } from '../../src/emulator/state';
import { ValohaiApi } from '../../src/remote/api';
import { ValohaiClient } from '../../src/remote/client';
import { cliConfigFile, readCliConfig } from '../../src/remote/cliConfig';
import { applyPatch, describeChanges, diffProperties, patchFor } from '../../src/remote/diff';
import { describePlan, executePlan, findDatumByName, planChanges, reportMarkdown, type PushItem } from '../../src/remote/push';
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

  it('finds a datum by name, and by the local sha256 when names repeat', async () => {
    assert.equal((await findDatumByName(api, 'proj-demo', 'results.csv')).datum?.id, 'datum-000121');
    assert.match((await findDatumByName(api, 'proj-demo', 'nope.txt')).problem ?? '', /no datum named nope\.txt/);
    const twin = { ...emulator.datum('datum-000121')!, id: 'datum-twin', sha256: 'f'.repeat(64) };
    emulator.state.datums.push(twin);
    const ambiguous = await findDatumByName(api, 'proj-demo', 'results.csv');
    assert.equal(ambiguous.datum, undefined);
    assert.equal(ambiguous.candidates.length, 2);
    assert.equal((await findDatumByName(api, 'proj-demo', 'results.csv', async () => 'f'.repeat(64))).datum?.id, 'datum-twin');
  });

  it('plans, sends datum items in one apply, and reports each item; a failed batch marks exactly its items', async () => {
    const items = (): PushItem[] => [
      { line: 1, label: 'frame-0001.jpg', properties: { q: 1 }, target: { kind: 'datum', id: 'datum-000001', name: 'frame-0001.jpg' } },
      { line: 2, label: 'frame-0002.jpg', properties: { camera: 'cam-3' }, target: { kind: 'datum', id: 'datum-000002', name: 'frame-0002.jpg' } },
      { line: 3, label: 'frame-0003.jpg', properties: { q: 3 }, target: { kind: 'datum', id: 'datum-000003', name: 'frame-0003.jpg' } },
      { line: 4, label: 'dataset://metrics', properties: { owner: 'x' }, target: { kind: 'dataset', id: 'dataset-000126', name: 'metrics' } },
      { line: 5, label: 'gone.bin', properties: {}, problem: 'no datum named gone.bin' },
    ];
    const planned = items();
    await planChanges(api, planned);
    assert.match(describePlan(planned), /line 2: frame-0002\.jpg — no changes/);
    const results = await executePlan(api, planned);
    assert.deepEqual(results.map((r) => r.status), ['pushed', 'unchanged', 'pushed', 'pushed', 'skipped']);
    assert.equal(emulator.requests.filter((r) => r.path === '/api/v0/data/metadata/apply/').length, 1);
    assert.deepEqual(emulator.requests.find((r) => r.path === '/api/v0/data/metadata/apply/')?.body, { datum_metadata: { 'datum-000001': { q: 1 }, 'datum-000003': { q: 3 } } });
    assert.match(reportMarkdown('Push', results), /\| 5 \| gone\.bin \|  \| skipped \| not pushed: no datum named gone\.bin \|/);

    emulator.reset();
    const again = items();
    await planChanges(api, again);
    emulator.addFault({ kind: 'status', status: 503, path: '/data/metadata/apply/' });
    const failed = await executePlan(api, again);
    assert.deepEqual(failed.map((r) => r.status), ['failed', 'unchanged', 'failed', 'pushed', 'skipped']);
    assert.equal(emulator.datum('datum-000001')?.metadata.q, undefined, 'nothing half-applied');
  });

  it('stops sending when cancelled and says which items were not sent', async () => {
    const planned: PushItem[] = [{ label: 'a', properties: { q: 1 }, target: { kind: 'datum', id: 'datum-000001', name: 'a' } }];
    await planChanges(api, planned);
    const controller = new AbortController();
    controller.abort();
    const results = await executePlan(api, planned, controller.signal);
    assert.deepEqual(results.map((r) => [r.status, r.message]), [['skipped', 'cancelled before it was sent']]);
  });

  it('live values for completion: datasets, versions, aliases, tags, cached until cleared', async () => {
    const values = new RemoteValues(() => ({ api, project: 'proj-demo' }));
    assert.deepEqual(await values.datasets(), ['metrics', 'street-images']);
    assert.deepEqual((await values.versions('street-images')).sort(), ['v1', 'v2']);
    assert.deepEqual(await values.aliases(), ['production-model']);
    assert.deepEqual(await values.tags(), ['annotated', 'even', 'frames', 'images', 'metrics', 'model', 'odd']);
    const before = emulator.requests.length;
    await values.datasets();
    assert.equal(emulator.requests.length, before, 'cached');
    values.clear();
    await values.datasets();
    assert.equal(emulator.requests.length, before + 1);
    assert.deepEqual(await new RemoteValues(() => undefined).datasets(), [], 'signed out: nothing');
  });
});
