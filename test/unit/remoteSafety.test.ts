// The client against servers that misbehave (issue 11, Safety 7, 8, 10, 11, 15): bodies that stall
// or never end, replies that echo the token, redirects to other origins, replies of the wrong shape,
// and the emulator's control endpoints. Every request goes to a real local HTTP server.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Emulator } from '../../src/emulator/server';
import { SAMPLE_TOKEN } from '../../src/emulator/state';
import { ValohaiApi } from '../../src/remote/api';
import { ValohaiClient, type ClientOptions } from '../../src/remote/client';
import { ApiError } from '../../src/remote/errors';
import { MAX_JSON_BYTES } from '../../src/remote/limits';
import { REDACTED, checkToken, redact } from '../../src/remote/token';
import { Hostile, echoAuth, settle, endlessBody, hugeLength, redirect, replyJson, stalledBody, truncated } from './hostile';
import { repoRoot, tempDir } from './helpers';

const TOKEN = 'safety-token-5f1c9e2a7b';

function apiError(outcome: { error?: unknown; hung?: true }): ApiError {
  assert.ok(!outcome.hung, 'the request hung');
  assert.ok(outcome.error instanceof ApiError, `an ApiError, not ${String(outcome.error)}`);
  return outcome.error;
}

describe('client safety against a misbehaving server', () => {
  let hostile: Hostile;
  let other: Hostile;
  let logs: string[];

  const client = (options: Partial<ClientOptions> = {}): ValohaiClient =>
    new ValohaiClient({ host: hostile.url, token: TOKEN, sleep: async () => undefined, log: (l) => logs.push(l), timeoutMs: 400, ...options });

  before(async () => {
    hostile = await new Hostile().start();
    other = await new Hostile().start();
  });
  after(async () => {
    await hostile.stop();
    await other.stop();
  });
  beforeEach(() => {
    hostile.clear();
    other.clear();
    logs = [];
  });

  it('times out a body that stops arriving after the headers, instead of hanging', async () => {
    hostile.on('/api/v0/projects/', stalledBody());
    const error = apiError(await settle(client({ retries: 0 }).json('GET', 'api/v0/projects/')));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /The reply to GET \/api\/v0\/projects\/ stopped arriving: nothing for 0\.4 s \(status 200\)/);
  });

  it('Cancel stops a request whose body stalls', async () => {
    hostile.on('/api/v0/projects/', stalledBody());
    const controller = new AbortController();
    const pending = client({ timeoutMs: 60_000 }).json('GET', 'api/v0/projects/', { signal: controller.signal });
    // Cancel once the headers are in: the server has seen the request and sent its first bytes.
    while (hostile.seen.length === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    assert.equal(apiError(await settle(pending)).kind, 'cancelled');
  });

  it('refuses a reply whose Content-Length is over the limit, without reading it', async () => {
    hostile.on('/api/v0/data/', hugeLength(200 * 1024 * 1024));
    const error = apiError(await settle(client({ retries: 0 }).json('GET', 'api/v0/data/')));
    assert.equal(error.kind, 'too-large');
    assert.match(error.message, /The reply to GET \/api\/v0\/data\/ is larger than the limit of 64 MB; it was not read\./);
  });

  it('stops reading a body without a length at the limit: JSON replies at 64 MB, raw replies at what the caller says', async () => {
    hostile.on('/endless', endlessBody());
    const error = apiError(await settle(client({ retries: 0 }).json('GET', 'endless')));
    assert.equal(error.kind, 'too-large');
    assert.match(error.message, new RegExp(`limit of ${MAX_JSON_BYTES / 1024 / 1024} MB`));
    const small = apiError(await settle(client({ retries: 0 }).raw('GET', 'endless', { maxBytes: 1024 * 1024 })));
    assert.equal(small.kind, 'too-large');
    assert.match(small.message, /limit of 1 MB/);
  });

  it('a connection that drops mid-body is a network error, retried for a GET', async () => {
    hostile.on('/api/v0/users/me/', truncated());
    const error = apiError(await settle(client({ retries: 2 }).json('GET', 'api/v0/users/me/')));
    assert.equal(error.kind, 'network');
    assert.equal(hostile.seen.length, 3, 'first try and two retries');
  });

  it('never puts a token with a line break or NUL into a header, and never shows it', async () => {
    for (const bad of [`${TOKEN}\nX-Injected: 1`, `${TOKEN}\u0000tail-part-here`]) {
      const error = apiError(await settle(client({ token: bad }).json('GET', 'api/v0/users/me/')));
      assert.equal(error.kind, 'auth');
      assert.match(error.message, /The stored token cannot be sent: The token contains a control character/);
      for (const text of [error.message, error.stack ?? '', ...logs]) assert.ok(!text.includes(TOKEN) && !text.includes('tail-part-here'), text);
    }
    assert.equal(hostile.seen.length, 0, 'nothing was sent');
  });

  it('does not retry what fetch refuses before a connection exists, and hides the token it quotes', async () => {
    let calls = 0;
    const fetchFn = async (): Promise<Response> => {
      calls++;
      throw new TypeError(`Headers.append: "Token ${TOKEN}" is an invalid header value.`);
    };
    const error = apiError(await settle(client({ fetch: fetchFn, retries: 3 }).json('GET', 'api/v0/users/me/')));
    assert.equal(calls, 1);
    assert.equal(error.kind, 'network');
    assert.match(error.message, /Could not send GET \/api\/v0\/users\/me\/ to 127\.0\.0\.1:\d+ \(Headers\.append: "Token <token hidden>" is an invalid header value\.\)/);
    assert.ok(!`${error.message}${error.stack}${logs.join()}`.includes(TOKEN));
  });

  it('hides the token a server echoes back: in the message, the stack, the kept body and every retry line', async () => {
    hostile.on('/a', echoAuth(400, 'json'));
    hostile.on('/b', echoAuth(503, 'text'));
    hostile.on('/c', echoAuth(500, 'html'));
    hostile.on('/d', (req, res) => res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ authorization: [`${req.headers.authorization} is not valid`] })));
    const a = apiError(await settle(client().json('GET', 'a')));
    assert.equal(a.kind, 'request');
    assert.match(a.message, /Rejected header Authorization: Token <token hidden>/);
    const b = apiError(await settle(client({ retries: 2 }).json('GET', 'b')));
    assert.equal(b.kind, 'server');
    assert.equal(logs.filter((l) => /retry \d\/2/.test(l)).length, 2);
    const c = apiError(await settle(client().json('GET', 'c')));
    assert.match(c.message, /HTML page/);
    const d = apiError(await settle(client().json('GET', 'd')));
    assert.deepEqual(d.details.fields, { authorization: ['Token <token hidden> is not valid'] });
    for (const e of [a, b, c, d]) {
      const all = [e.message, e.stack ?? '', JSON.stringify(e.details), ...logs].join('\n');
      assert.ok(!all.includes(TOKEN), all);
    }
    assert.deepEqual(hostile.seen.map((s) => s.authorization), Array(6).fill(`Token ${TOKEN}`), 'the API origin gets the token (a, b three times, c, d)');
  });

  it('refuses a cross-origin redirect of a POST (307 and 308): the body goes nowhere else', async () => {
    for (const status of [307, 308]) {
      other.clear();
      hostile.on('/api/v0/data/metadata/apply/', redirect(status, `${other.url}steal`));
      const error = apiError(await settle(client().json('POST', 'api/v0/data/metadata/apply/', { body: { datum_metadata: { x: { a: 1 } } } })));
      assert.equal(error.kind, 'request');
      assert.match(error.message, new RegExp(`redirected POST /api/v0/data/metadata/apply/ to another origin \\(127\\.0\\.0\\.1:\\d+\\) with a ${status}; not followed`));
      assert.equal(other.seen.length, 0, 'nothing reached the other origin');
    }
    assert.equal(hostile.seen.length, 2, 'one POST each, never resent');
  });

  it('follows a same-origin POST redirect with the token and the body', async () => {
    hostile.on('/old/', redirect(307, '/new/'));
    hostile.on('/new/', replyJson(200, { ok: true }));
    assert.deepEqual(await client().json('POST', 'old/', { body: { a: 1 } }), { ok: true });
    assert.deepEqual(hostile.seen.map((s) => [s.path, s.authorization, s.body]), [['/old/', `Token ${TOKEN}`, '{"a":1}'], ['/new/', `Token ${TOKEN}`, '{"a":1}']]);
  });

  it('follows a GET to another origin without the token, and sends none for the rest of the chain, even back at the API', async () => {
    hostile.on('/api/v0/data/1/download/', redirect(302, `${other.url}hop`));
    other.on('/hop', redirect(302, `${hostile.url}back`));
    hostile.on('/back', replyJson(200, { url: 'done' }));
    assert.deepEqual(await client().json('GET', 'api/v0/data/1/download/'), { url: 'done' });
    assert.equal(other.seen[0].authorization, undefined);
    assert.deepEqual(hostile.seen.map((s) => [s.path, s.authorization]), [['/api/v0/data/1/download/', `Token ${TOKEN}`], ['/back', undefined]]);
  });

  it('refuses redirects to other schemes and endless redirect loops', async () => {
    hostile.on('/file', redirect(302, 'file:///etc/passwd'));
    hostile.on('/loop', redirect(302, '/loop'));
    assert.match(apiError(await settle(client().json('GET', 'file'))).message, /to a file: address; not followed/);
    assert.match(apiError(await settle(client().json('GET', 'loop'))).message, /Too many redirects for GET \/loop/);
  });

  it('a GET answered with nothing, null, a list or a bare value is one typed error with a plain message', async () => {
    const cases: [string, string, RegExp][] = [
      ['/empty', '', /with an empty body instead of a JSON object \(status 200\)/],
      ['/null', 'null', /with `null` instead of a JSON object/],
      ['/list', '[]', /with a list instead of a JSON object/],
      ['/number', '42', /with a bare number instead of a JSON object/],
      ['/html', '<!DOCTYPE html><p>login</p>', /with an HTML page instead of a JSON object/],
    ];
    for (const [route, body, message] of cases) {
      hostile.on(route, (_req, res) => res.writeHead(200, { 'Content-Type': body.startsWith('<') ? 'text/html' : 'application/json' }).end(body));
      const error = apiError(await settle(client().json('GET', route.slice(1))));
      assert.equal(error.kind, 'bad-reply', route);
      assert.match(error.message, message);
    }
    // The API's own calls get the same error, not a TypeError deep inside.
    hostile.on('/api/v0/data/x/', replyJson(200, 'null'));
    hostile.on('/api/v0/users/me/', (_req, res) => res.writeHead(200).end());
    hostile.on('/api/v0/projects/', replyJson(200, { results: null }));
    const api = new ValohaiApi(client());
    const calls: (() => Promise<unknown>)[] = [() => api.datum('x'), () => api.me(), () => api.projects()];
    for (const call of calls) assert.equal(apiError(await settle(call())).kind, 'bad-reply');
  });

  it('a POST may answer with nothing (metadata writes promise only the status)', async () => {
    hostile.on('/api/v0/data/x/metadata/', (_req, res) => res.writeHead(200).end());
    assert.equal(await new ValohaiApi(client()).setDatumProperties('x', { a: 1 }), undefined);
  });
});

describe('token rules', () => {
  it('trims, and refuses control characters, spaces and non-ASCII without repeating the token', () => {
    assert.deepEqual(checkToken(`  ${TOKEN}\n`), { ok: true, token: TOKEN });
    for (const [bad, what] of [[`${TOKEN}\nmore`, /control character/], [`${TOKEN}\u0000`, /control character/], [`${TOKEN} two`, /a space/], [`${TOKEN}é`, /outside printable ASCII/], ['   ', /empty/]] as const) {
      const check = checkToken(bad);
      assert.equal(check.ok, false);
      if (!check.ok) {
        assert.match(check.problem, what);
        assert.ok(!check.problem.includes(TOKEN.slice(0, 8)), check.problem);
      }
    }
  });

  it('redacts the token in every form a message shows it, and any Authorization value', () => {
    const odd = `${TOKEN}\nsecond-half-xyz`;
    assert.equal(redact(`a ${TOKEN} b`, TOKEN), `a ${REDACTED} b`);
    assert.equal(redact(`flat: ${odd.replace(/\s+/g, ' ')}`, odd), `flat: ${REDACTED}`);
    assert.equal(redact(`json: ${JSON.stringify(odd)}`, odd), `json: "${REDACTED}"`);
    assert.equal(redact('proxy says Authorization: Token 0123456789abcdef', undefined), `proxy says Authorization: Token ${REDACTED}`);
    assert.equal(redact('{"authorization": "Token abcdefghij"}', undefined), `{"authorization": "Token ${REDACTED}"}`);
    assert.equal(redact('Authorization: 0123456789abcdefXYZ', undefined), `Authorization: ${REDACTED}`);
    assert.equal(redact('Authorization: required', undefined), 'Authorization: required', 'a word that is no credential stays');
    assert.equal(redact('Invalid token.', 'abc'), 'Invalid token.', 'a short token is not replaced inside words');
  });
});

describe('emulator control endpoints', () => {
  let emulator: Emulator;
  let dataDir: string;
  before(async () => {
    dataDir = path.join(tempDir(), 'shared-data');
    fs.mkdirSync(path.join(dataDir, 'blobs'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'notes.txt'), 'mine, not the emulator’s\n');
    fs.writeFileSync(path.join(dataDir, 'blobs', 'keep.bin'), 'also mine\n');
    emulator = await new Emulator({ dataDir, imagesDir: path.join(repoRoot, 'samples/images') }).start();
  });
  after(() => emulator.stop());

  it('refuses /_emulator/* without the secret, and changes nothing', async () => {
    const datum = emulator.state.datums[0];
    await new ValohaiApi(new ValohaiClient({ host: emulator.apiUrl, token: SAMPLE_TOKEN })).setDatumProperties(datum.id, { marked: true });
    for (const [method, route] of [['POST', 'reset'], ['POST', 'faults'], ['GET', 'state']]) {
      const attempts: Record<string, string>[] = [{}, { 'X-Emulator-Secret': 'guess' }, { Authorization: `Token ${SAMPLE_TOKEN}` }];
      for (const headers of attempts) {
        const reply = await fetch(`${emulator.apiUrl}_emulator/${route}`, { method, headers, body: method === 'POST' ? '{"kind": "drop"}' : undefined });
        assert.equal(reply.status, 403, `${method} ${route} ${JSON.stringify(headers)}`);
        assert.match(((await reply.json()) as { detail: string }).detail, /X-Emulator-Secret/);
      }
    }
    assert.equal(emulator.faults.length, 0);
    assert.equal(emulator.datum(datum.id)?.metadata.marked, true, 'not reset');
  });

  it('with the secret, reset goes back to the seed and deletes only its own files', async () => {
    const reply = await fetch(`${emulator.apiUrl}_emulator/reset`, { method: 'POST', headers: { 'X-Emulator-Secret': emulator.controlSecret }, body: '{}' });
    assert.equal(reply.status, 200);
    assert.equal(emulator.state.datums[0].metadata.marked, undefined);
    assert.equal(fs.readFileSync(path.join(dataDir, 'notes.txt'), 'utf8'), 'mine, not the emulator’s\n');
    assert.equal(fs.readFileSync(path.join(dataDir, 'blobs', 'keep.bin'), 'utf8'), 'also mine\n');
    assert.ok(fs.existsSync(path.join(dataDir, 'state.json')));
    const blobs = fs.readdirSync(path.join(dataDir, 'blobs')).sort();
    assert.deepEqual(blobs, [...new Set(emulator.state.datums.map((d) => d.blob)), 'keep.bin'].sort(), 'the seed’s blobs and the foreign file, nothing stale');
  });
});
