import assert from 'node:assert/strict';
import { createHash } from 'crypto';
import * as path from 'path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Emulator } from '../../src/emulator/server';
import { SAMPLE_TOKEN } from '../../src/emulator/state';
import { ValohaiApi } from '../../src/remote/api';
import { ValohaiClient, parseRetryAfter, type ClientOptions } from '../../src/remote/client';
import { ApiError, describeBody } from '../../src/remote/errors';
import { repoRoot, tempDir } from './helpers';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('Valohai API client against the emulator', () => {
  let emulator: Emulator;
  let sleeps: number[];

  const api = (options: Partial<ClientOptions> = {}): ValohaiApi =>
    new ValohaiApi(new ValohaiClient({ host: emulator.apiUrl, token: SAMPLE_TOKEN, sleep: async (ms) => void sleeps.push(ms), ...options }));
  /** Seed data by name: the emulator's ids are UUIDs, as the real API's. */
  const id = (name: string): string => emulator.datumNamed(name)!.id;
  const demo = (): string => emulator.projectNamed('demo-project')!.id;
  const s3 = (): string => emulator.storeNamed('demo-bucket')!.id;

  before(async () => {
    emulator = await new Emulator({ dataDir: path.join(tempDir(), 'emulator'), imagesDir: path.join(repoRoot, 'samples/images') }).start();
  });
  after(() => emulator.stop());
  beforeEach(() => {
    emulator.reset();
    sleeps = [];
  });

  it('checks the token with users/me and sends it as "Token <token>"', async () => {
    const me = await api().me();
    assert.equal(me.username, 'newcomer');
    assert.equal(emulator.requests.at(-1)?.authorization, `Token ${SAMPLE_TOKEN}`);
  });

  it('follows absolute `next` links until every datum is read', async () => {
    const client = api();
    const first = await client.datums(demo(), { limit: 50 });
    assert.equal(first.results.length, 50);
    assert.match(first.next ?? '', /^http:\/\/127\.0\.0\.1:\d+\/api\/v0\/data\/\?.*offset=50/);
    assert.equal(first.results[0].name, 'street.jpg', 'newest first');
    const all = await client.all('api/v0/data/', { project: demo(), limit: 50 });
    assert.equal(all.length, 129);
    assert.equal(new Set(all.map((d) => (d as { id: string }).id)).size, 129);
  });

  it('caps the page size as documented and still reads everything through `next`', async () => {
    const page = await api().datums(demo(), { limit: 5000 });
    assert.equal(page.results.length, 129, 'all of them fit under the cap');
    emulator.state.datums.push(...Array.from({ length: 1000 }, (_, i) => ({ ...emulator.datumNamed('results.csv')!, id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, name: `bulk-${i}.txt` })));
    const capped = await api().datums(demo(), { limit: 5000 });
    assert.equal(capped.results.length, 1000, 'the emulator caps `limit` at 1000');
    assert.match(capped.next ?? '', /limit=1000.*offset=1000/);
    assert.equal((await api().all('api/v0/data/', { project: demo(), limit: 5000 })).length, 1129);
  });

  it('filters datums with `name` (not `search`, which the API ignores), `tag` and `output_execution`', async () => {
    const byName = await api().datums(demo(), { search: 'frame-011' });
    assert.deepEqual(byName.results.map((d) => d.name).sort(), ['frame-0110', 'frame-0111', 'frame-0112', 'frame-0113', 'frame-0114', 'frame-0115', 'frame-0116', 'frame-0117', 'frame-0118', 'frame-0119'].map((n) => `${n}.jpg`));
    const asked = new URL(emulator.requests.at(-1)!.path, 'http://x').searchParams;
    assert.equal(asked.get('name'), 'frame-011');
    assert.equal(asked.has('search'), false, 'no real client sends search=');
    const raw = (await api().client.json<{ results: unknown[] }>('GET', 'api/v0/data/', { query: { project: demo(), search: 'frame-011', limit: 1000 } })).results;
    assert.equal(raw.length, 129, 'search= is ignored, as Django REST Framework ignores unknown parameters');
    const byTag = await api().datums(demo(), { tag: 'annotated' });
    assert.deepEqual(byTag.results.map((d) => d.name).sort(), ['parking.png', 'street.jpg']);
    const execution = emulator.datumNamed('labels.json')!.execution!.id;
    const outputs = await api().datums(demo(), { outputExecution: execution });
    assert.deepEqual(outputs.results.map((d) => d.name).sort(), ['2024-11-25/report_0.txt', '2024-11-25/report_1.txt', 'labels.json', 'resized/images.zip']);
    assert.ok(outputs.results.every((d) => d.output_execution?.id === execution && d.output_execution.counter === 1));
    const datasets = await api().datasets(demo(), { search: 'street' });
    assert.deepEqual(datasets.results.map((d) => d.name), ['street-images'], 'datasets are filtered by the client: no server filter is known');
  });

  it('answers like the real API: UUID ids, /data/{id} with and without the slash, aliases with their datum as an object', async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const projects = (await api().projects()).results;
    assert.ok(projects.every((p) => uuid.test(p.id)), projects.map((p) => p.id).join());
    const datums = await api().all<{ id: string }>('api/v0/data/', { project: demo() });
    assert.ok(datums.every((d) => uuid.test(d.id)));
    const ids = emulator.state.datums.map((d) => d.id);
    assert.deepEqual([...ids].sort(), ids, 'time-ordered: created later sorts later');
    assert.ok(emulator.state.stores.every((st) => uuid.test(st.id)));
    const withSlash = await api().client.json<{ name: string }>('GET', `api/v0/data/${id('model.h5')}/`);
    const without = await api().client.json<{ name: string }>('GET', `api/v0/data/${id('model.h5')}`);
    assert.deepEqual(without, withSlash);
    assert.equal(without.name, 'model.h5');
    const [alias] = await api().aliases(demo());
    assert.equal(alias.name, 'production-model');
    assert.equal(typeof alias.datum, 'object');
    assert.equal(alias.datum?.name, 'model.h5', 'vh alias list reads alias["datum"]["name"]');
    assert.match(emulator.requests.at(-1)!.path, /ordering=-ctime&deleted=false&no_count=true/);
  });

  it('retries a GET after 429, waiting what Retry-After says', async () => {
    emulator.addFault({ kind: 'status', status: 429, retryAfter: 7, path: '/users/me/' });
    const me = await api().me();
    assert.equal(me.username, 'newcomer');
    assert.deepEqual(sleeps, [7000]);
  });

  it('retries a GET on 502/503/504 and dropped connections with growing backoff, then gives up with a typed error', async () => {
    emulator.addFault({ kind: 'status', status: 503, path: '/projects/' });
    emulator.addFault({ kind: 'drop', path: '/projects/' });
    const page = await api({ backoffMs: 100 }).projects();
    assert.equal(page.results.length, 2);
    assert.equal(sleeps.length, 2);
    assert.ok(sleeps[1] > sleeps[0], `backoff grows: ${sleeps.join(', ')}`);

    sleeps = [];
    emulator.addFault({ kind: 'html', status: 502, path: '/projects/', times: 10 });
    await assert.rejects(api({ retries: 2 }).projects(), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.kind, 'server');
      assert.equal(error.status, 502);
      assert.match(error.message, /HTML page instead of JSON/);
      return true;
    });
    assert.equal(sleeps.length, 2);
  });

  it('never retries a POST, and the failed push changed nothing', async () => {
    emulator.addFault({ kind: 'status', status: 503, path: '/metadata/' });
    await assert.rejects(api().setDatumProperties(id('results.csv'), { split: 'test' }), (e: unknown) => e instanceof ApiError && e.kind === 'server');
    assert.equal(emulator.requests.filter((r) => r.method === 'POST').length, 1);
    assert.equal(emulator.datumNamed('results.csv')?.metadata.split, 'validation');
    emulator.addFault({ kind: 'drop', path: '/metadata/' });
    await assert.rejects(api().setDatumProperties(id('results.csv'), { split: 'test' }), (e: unknown) => e instanceof ApiError && e.kind === 'network');
    assert.equal(emulator.requests.filter((r) => r.method === 'POST').length, 2);
  });

  it('turns every error shape into one ApiError with a human message', async () => {
    await assert.rejects(new ValohaiApi(new ValohaiClient({ host: emulator.apiUrl, token: 'wrong' })).me(), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.kind, 'auth');
      assert.match(e.message, /Invalid token\. Sign in again/);
      assert.doesNotMatch(e.message, /wrong/);
      return true;
    });
    emulator.addFault({ kind: 'status', status: 403, path: '/users/me/' });
    await assert.rejects(api().me(), (e: unknown) => e instanceof ApiError && e.kind === 'auth' && e.status === 403);
    await assert.rejects(api().datum('nope'), (e: unknown) => e instanceof ApiError && e.kind === 'not-found' && /Not found \(404\): GET \/api\/v0\/data\/nope\//.test(e.message));
    await assert.rejects(api().applyDatumProperties({ nope: { a: 1 } }), (e: unknown) => e instanceof ApiError && e.kind === 'request' && /datum_metadata: Unknown datum ids: nope/.test(e.message));
    assert.deepEqual(describeBody({ message: 'm', code: 'c' }), { text: 'm', code: 'c' });
    assert.equal(describeBody({ detail: 'd' }).text, 'd');
    assert.equal(describeBody({ non_field_errors: ['x', 'y'] }).text, 'x y');
    assert.equal(describeBody({ error: 'e' }).text, 'e');
    assert.deepEqual(describeBody({ name: [{ message: 'bad name', code: 'invalid' }] }).fields, { name: ['bad name'] });
  });

  it('a 200 reply that is an HTML page is a bad reply, not a crash', async () => {
    const client = new ValohaiClient({ host: emulator.apiUrl, token: SAMPLE_TOKEN, fetch: async () => new Response('<html>login</html>', { status: 200, headers: { 'content-type': 'text/html' } }) });
    await assert.rejects(client.json('GET', 'api/v0/users/me/'), (e: unknown) => e instanceof ApiError && e.kind === 'bad-reply' && /HTML page/.test(e.message));
  });

  it('downloads through the presigned URL without the token, and checks sha256', async () => {
    const client = api();
    const datum = await client.datum(id('street.jpg'));
    const bytes = await client.download(datum, undefined, sha256);
    assert.equal(sha256(bytes), datum.sha256);
    assert.equal(emulator.storageRequests.length, 1);
    assert.equal(emulator.storageRequests[0].authorization, undefined, 'no token to the storage origin');
  });

  it('never sends the token to a download URL, even one on the API origin', async () => {
    emulator.downloadMode = 'url-same-origin';
    const client = api();
    const datum = await client.datum(id('results.csv'));
    const bytes = await client.download(datum, undefined, sha256);
    assert.equal(sha256(bytes), datum.sha256);
    assert.equal(emulator.storageRequests.length, 1);
    assert.match(emulator.storageRequests[0].path, /^\/storage\/blob\//);
    assert.equal(emulator.storageRequests[0].authorization, undefined, 'no token, though the URL is on the API origin');
    assert.equal(emulator.requests.find((r) => r.path.endsWith('/download/'))?.authorization, `Token ${SAMPLE_TOKEN}`, 'the API request itself had it');
  });

  it('takes a reply with Content-Disposition: attachment as the file itself, JSON included, before looking for {url}', async () => {
    emulator.downloadMode = 'bytes';
    const client = api();
    const datum = await client.datum(id('labels.json'));
    const bytes = await client.download(datum, undefined, sha256);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(bytes)), { labels: ['car', 'person', 'sign'] });
    assert.equal(emulator.storageRequests.length, 0, 'nothing else fetched');
    const noUrl = new ValohaiApi(new ValohaiClient({ host: emulator.apiUrl, token: SAMPLE_TOKEN, fetch: async () => new Response('{"detail": "no"}', { status: 200, headers: { 'content-type': 'application/json' } }) }));
    await assert.rejects(noUrl.download(datum), (e: unknown) => e instanceof ApiError && e.kind === 'bad-reply' && /neither the file .* nor a \{"url"\}/.test(e.message));
  });

  it('drops the token when the API redirects to another origin', async () => {
    emulator.downloadMode = 'redirect';
    const client = api();
    const datum = await client.datum(id('parking.png'));
    const bytes = await client.download(datum, undefined, sha256);
    assert.equal(bytes.length, datum.size);
    assert.equal(emulator.storageRequests[0].authorization, undefined);
    emulator.downloadMode = 'bytes';
    assert.equal((await client.download(datum, undefined, sha256)).length, datum.size);
  });

  it('sets and removes properties with null, leaving other keys alone', async () => {
    const client = api();
    await client.setDatumProperties(id('model.h5'), { framework: null, accuracy: 0.9, note: 'x' });
    assert.deepEqual(emulator.datumNamed('model.h5')?.metadata, { 'valohai.tags': ['model'], accuracy: 0.9, note: 'x' });
    await client.applyToAll({ reviewed: true }, [id('frame-0001.jpg'), id('frame-0002.jpg')]);
    assert.equal(emulator.datumNamed('frame-0002.jpg')?.metadata.reviewed, true);
    await client.applyDatumProperties({ [id('frame-0003.jpg')]: { camera: null } });
    assert.equal('camera' in (emulator.datumNamed('frame-0003.jpg')?.metadata ?? {}), false);
  });

  it('reads the three adoption replies as outcomes', async () => {
    const client = api();
    const created = await client.adopt(s3(), 's3://demo-bucket/incoming/a.jpg', demo());
    assert.equal(created.outcome, 'created');
    const again = await client.adopt(s3(), 's3://demo-bucket/incoming/a.jpg', demo());
    assert.equal(again.outcome, 'exists');
    const missing = await client.adopt(s3(), 's3://demo-bucket/incoming/zzz.jpg', demo());
    assert.deepEqual(missing, { outcome: 'not-found', url: 's3://demo-bucket/incoming/zzz.jpg', message: "Not found in demo-bucket: 's3://demo-bucket/incoming/zzz.jpg'" });
  });

  it('recognises the two adoption failures by their body, whatever the status code', async () => {
    const client = api({ retries: 0 });
    for (const status of [200, 201, 404, 409, 422, 500]) {
      emulator.reset();
      emulator.adoptFailureStatus = status;
      await client.adopt(s3(), 's3://demo-bucket/incoming/a.jpg', demo());
      assert.deepEqual(await client.adopt(s3(), 's3://demo-bucket/incoming/a.jpg', demo()), { outcome: 'exists', url: 's3://demo-bucket/incoming/a.jpg', message: 's3://demo-bucket/incoming/a.jpg already exists in demo-bucket' }, `status ${status}`);
      assert.equal((await client.adopt(s3(), 's3://demo-bucket/incoming/zzz.jpg', demo())).outcome, 'not-found', `status ${status}`);
    }
    // Any other body is an error, not an outcome.
    emulator.adoptFailureStatus = 400;
    await assert.rejects(client.adopt(emulator.storeNamed('archive (GCS)')!.id, 's3://demo-bucket/incoming/b.jpg', demo()), (e: unknown) => e instanceof ApiError && e.kind === 'request' && /not supported/.test(e.message));
    const odd = new ValohaiApi(new ValohaiClient({ host: emulator.apiUrl, token: SAMPLE_TOKEN, fetch: async () => new Response('{"ok": true}', { status: 200, headers: { 'content-type': 'application/json' } }) }));
    await assert.rejects(odd.adopt(s3(), 's3://demo-bucket/incoming/b.jpg', demo()), (e: unknown) => e instanceof ApiError && e.kind === 'bad-reply');
  });

  it('cancels a slow request with an AbortSignal, and times out without one', async () => {
    emulator.addFault({ kind: 'slow', delayMs: 2000, path: '/users/me/' });
    const controller = new AbortController();
    const pending = api().me(controller.signal);
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, (e: unknown) => e instanceof ApiError && e.kind === 'cancelled');
    emulator.addFault({ kind: 'slow', delayMs: 2000, path: '/users/me/' });
    await assert.rejects(api({ timeoutMs: 100, retries: 0 }).me(), (e: unknown) => e instanceof ApiError && e.kind === 'timeout');
  });

  it('takes faults over HTTP too (for trying things out by hand)', async () => {
    const reply = await fetch(`${emulator.apiUrl}_emulator/faults`, { method: 'POST', body: JSON.stringify({ kind: 'status', status: 500, path: '/users/me/', times: 5 }) });
    assert.equal(reply.status, 200);
    await assert.rejects(api({ retries: 0 }).me(), (e: unknown) => e instanceof ApiError && e.kind === 'server' && e.status === 500);
    await fetch(`${emulator.apiUrl}_emulator/reset`, { method: 'POST', body: '{}' });
    assert.equal((await api().me()).username, 'newcomer');
  });

  it('reads Retry-After as seconds or an HTTP date, capped', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6000);
    assert.equal(parseRetryAfter('99999'), 60_000);
    assert.equal(parseRetryAfter('soon'), undefined);
  });

  it('keeps its state across a restart', async () => {
    await api().setDatumProperties(id('results.csv'), { kept: 'yes' });
    const dataDir = (emulator as unknown as { options: { dataDir: string } }).options.dataDir;
    const second = await new Emulator({ dataDir, imagesDir: path.join(repoRoot, 'samples/images') }).start();
    try {
      assert.equal(second.datumNamed('results.csv')?.metadata.kept, 'yes');
    } finally {
      await second.stop();
    }
  });
});
