// The fault-injection suite (issue 11): the client against the emulator with injected faults and
// against a second, hostile local server. Every scenario is bounded (a short client timeout, a
// hang guard) and stays on loopback. It counts three things that must never happen and prints
//   N scenarios, 0 hangs, 0 token leaks, 0 lost updates
// hang: a request that does not settle; token leak: the token in any message, stack, kept body or
// log line; lost update: a write sent twice, reported wrongly, or a change made on the server after
// the confirmation that the push would overwrite without asking again.
import assert from 'node:assert/strict';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { Emulator } from '../../src/emulator/server';
import { SAMPLE_USER } from '../../src/emulator/state';
import { ValohaiApi } from '../../src/remote/api';
import { ValohaiClient } from '../../src/remote/client';
import { ApiError, type ApiErrorKind } from '../../src/remote/errors';
import { executePlan, planChanges, type PushItem } from '../../src/remote/push';
import { replan } from '../../src/push/stale';
import { repoRoot, tempDir } from './helpers';
import { Hostile, settle, drop, echoAuth, endlessBody, hugeLength, redirect, replyJson, stalledBody, truncated } from './hostile';

const TOKEN = 'fault-suite-token-3c8d41aa90e7';
const HANG_GUARD_MS = 10_000;

interface Scenario {
  name: string;
  /** what the client must end with: an ApiError of this kind, or 'ok' */
  expect: ApiErrorKind | 'ok';
  run(ctx: Ctx): Promise<unknown>;
  /** for writes: true when the server holds what the client's outcome says (nothing lost, nothing twice) */
  consistent?(ctx: Ctx, outcome: { value?: unknown; error?: unknown }): boolean | Promise<boolean>;
}

interface Ctx {
  emulator: Emulator;
  hostile: Hostile;
  other: Hostile;
  logs: string[];
  /** a client of the emulator (or `host`) with the suite's token, short timeouts and no real sleeping */
  client(host?: string, token?: string): ValohaiClient;
  api(host?: string): ValohaiApi;
}

const posts = (ctx: Ctx, part: string): number => ctx.emulator.requests.filter((r) => r.method === 'POST' && r.path.includes(part)).length;
const firstDatum = (ctx: Ctx) => ctx.emulator.state.datums.find((d) => d.name === 'model.h5')!;
const dataset = (ctx: Ctx) => ctx.emulator.state.datasets.find((d) => d.name === 'street-images')!;

/** A write that failed must have left the datum as it was, and been sent once at most. */
const unchangedAndOnce = (ctx: Ctx): boolean => firstDatum(ctx).metadata.accuracy === 0.84 && posts(ctx, '/metadata/') <= 1;

const scenarios: Scenario[] = [
  // The emulator with injected faults
  { name: 'GET 401', expect: 'auth', run: (c) => (c.emulator.addFault({ kind: 'status', status: 401, path: '/users/me/' }), c.api().me()) },
  { name: 'GET 403', expect: 'auth', run: (c) => (c.emulator.addFault({ kind: 'status', status: 403, path: '/users/me/' }), c.api().me()) },
  { name: 'GET 429 with Retry-After, then served', expect: 'ok', run: (c) => (c.emulator.addFault({ kind: 'status', status: 429, retryAfter: 3, path: '/users/me/' }), c.api().me()) },
  { name: 'GET 429 every time', expect: 'rate-limited', run: (c) => (c.emulator.addFault({ kind: 'status', status: 429, path: '/users/me/', times: 10 }), c.api().me()) },
  { name: 'GET 500', expect: 'server', run: (c) => (c.emulator.addFault({ kind: 'status', status: 500, path: '/projects/' }), c.api().projects()) },
  { name: 'GET 502 then 504, then served', expect: 'ok', run: (c) => (c.emulator.addFault({ kind: 'status', status: 502, path: '/projects/' }), c.emulator.addFault({ kind: 'status', status: 504, path: '/projects/' }), c.api().projects()) },
  { name: 'GET 503 three times: retries run out', expect: 'server', run: (c) => (c.emulator.addFault({ kind: 'status', status: 503, path: '/projects/', times: 3 }), c.api().projects()) },
  { name: 'GET HTML 502 every time', expect: 'server', run: (c) => (c.emulator.addFault({ kind: 'html', status: 502, path: '/projects/', times: 10 }), c.api().projects()) },
  { name: 'GET HTML 200', expect: 'bad-reply', run: (c) => (c.emulator.addFault({ kind: 'html', status: 200, path: '/projects/' }), c.api().projects()) },
  { name: 'GET dropped, then served', expect: 'ok', run: (c) => (c.emulator.addFault({ kind: 'drop', path: '/projects/' }), c.api().projects()) },
  { name: 'GET no reply within the timeout', expect: 'timeout', run: (c) => (c.emulator.addFault({ kind: 'slow', delayMs: 3000, path: '/users/me/', times: 10 }), c.api().me()) },
  { name: 'faults over HTTP need the secret', expect: 'ok', run: async (c) => {
    const refused = await fetch(`${c.emulator.apiUrl}_emulator/faults`, { method: 'POST', body: '{"kind": "drop"}' });
    assert.equal(refused.status, 403);
    assert.equal(c.emulator.faults.length, 0);
    return c.api().me();
  } },
  { name: 'POST 500: not retried, nothing changed', expect: 'server', run: (c) => (c.emulator.addFault({ kind: 'status', status: 500, path: '/metadata/', method: 'POST' }), c.api().setDatumProperties(firstDatum(c).id, { accuracy: 0.99 })), consistent: unchangedAndOnce },
  { name: 'POST 503: not retried', expect: 'server', run: (c) => (c.emulator.addFault({ kind: 'status', status: 503, path: '/metadata/', method: 'POST', times: 5 }), c.api().setDatumProperties(firstDatum(c).id, { accuracy: 0.99 })), consistent: unchangedAndOnce },
  { name: 'POST 429: not retried', expect: 'rate-limited', run: (c) => (c.emulator.addFault({ kind: 'status', status: 429, path: '/metadata/', method: 'POST', times: 5 }), c.api().setDatumProperties(firstDatum(c).id, { accuracy: 0.99 })), consistent: unchangedAndOnce },
  { name: 'POST 401', expect: 'auth', run: (c) => (c.emulator.addFault({ kind: 'status', status: 401, path: '/metadata/', method: 'POST' }), c.api().setDatumProperties(firstDatum(c).id, { accuracy: 0.99 })), consistent: unchangedAndOnce },
  { name: 'POST dropped: not retried', expect: 'network', run: (c) => (c.emulator.addFault({ kind: 'drop', path: '/metadata/', method: 'POST' }), c.api().setDatumProperties(firstDatum(c).id, { accuracy: 0.99 })), consistent: unchangedAndOnce },
  { name: 'POST served: applied once', expect: 'ok', run: (c) => c.api().setDatumProperties(firstDatum(c).id, { accuracy: 0.99 }), consistent: (c) => firstDatum(c).metadata.accuracy === 0.99 && posts(c, '/metadata/') === 1 },
  { name: 'executePlan with a failing batch reports failed and changes nothing', expect: 'ok', run: async (c) => {
    const items: PushItem[] = [{ label: 'model.h5', properties: { accuracy: 0.5 }, target: { kind: 'datum', id: firstDatum(c).id, name: 'model.h5' } }];
    await planChanges(c.api(), items);
    c.emulator.addFault({ kind: 'status', status: 500, path: '/metadata/', method: 'POST' });
    const [result] = await executePlan(c.api(), items);
    assert.equal(result.status, 'failed');
  }, consistent: unchangedAndOnce },
  { name: 'a change on the server after the confirmation is caught before the send', expect: 'ok', run: async (c) => {
    const items: PushItem[] = [{ label: 'dataset://street-images', properties: { owner: 'me' }, target: { kind: 'dataset', id: dataset(c).id, name: 'street-images' } }];
    await planChanges(c.api(), items);
    dataset(c).metadata = { owner: 'someone-else' }; // while the dialog is open
    const again = await replan(c.api(), items);
    assert.equal(again.changed, true, 'the re-read sees the other change');
    return again;
  }, consistent: (c, outcome) => (outcome.value as { changed?: boolean } | undefined)?.changed === true && dataset(c).metadata.owner === 'someone-else' && posts(c, '/metadata/') === 0 },
  { name: 'a change on the server to another key does not stop the push, and survives it', expect: 'ok', run: async (c) => {
    const items: PushItem[] = [{ label: 'dataset://street-images', properties: { reviewed: true }, target: { kind: 'dataset', id: dataset(c).id, name: 'street-images' } }];
    await planChanges(c.api(), items);
    dataset(c).metadata = { ...dataset(c).metadata, note: 'added meanwhile' };
    const again = await replan(c.api(), items);
    assert.equal(again.changed, false);
    await executePlan(c.api(), again.items);
  }, consistent: (c) => dataset(c).metadata.note === 'added meanwhile' && dataset(c).metadata.reviewed === true && posts(c, '/metadata/') === 1 },

  // The hostile server
  { name: 'body stalls after the headers', expect: 'timeout', run: (c) => (c.hostile.on('/api/v0/projects/', stalledBody()), c.api(c.hostile.url).projects()) },
  { name: 'body stalls, user cancels', expect: 'cancelled', run: async (c) => {
    c.hostile.on('/api/v0/projects/', stalledBody());
    const controller = new AbortController();
    const pending = new ValohaiApi(new ValohaiClient({ host: c.hostile.url, token: TOKEN, timeoutMs: 60_000, log: (l) => c.logs.push(l) })).projects(undefined, controller.signal);
    while (!c.hostile.seen.length) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    return pending;
  } },
  { name: 'Content-Length of 2 GB', expect: 'too-large', run: (c) => (c.hostile.on('/api/v0/projects/', hugeLength(2 * 1024 * 1024 * 1024)), c.api(c.hostile.url).projects()) },
  { name: 'a body that never ends (JSON)', expect: 'too-large', run: (c) => (c.hostile.on('/api/v0/projects/', endlessBody()), c.api(c.hostile.url).projects()) },
  { name: 'a body that never ends (raw, 2 MB cap)', expect: 'too-large', run: (c) => (c.hostile.on('/blob', endlessBody()), c.client(c.hostile.url).raw('GET', 'blob', { maxBytes: 2 * 1024 * 1024 })) },
  { name: 'connection drops mid-body', expect: 'network', run: (c) => (c.hostile.on('/api/v0/users/me/', truncated()), c.api(c.hostile.url).me()) },
  { name: 'connection drops before the headers', expect: 'network', run: (c) => (c.hostile.on('/api/v0/users/me/', drop()), c.api(c.hostile.url).me()) },
  { name: '400 echoing the Authorization header (JSON)', expect: 'request', run: (c) => (c.hostile.on('/api/v0/users/me/', echoAuth(400, 'json')), c.api(c.hostile.url).me()) },
  { name: '401 echoing the header', expect: 'auth', run: (c) => (c.hostile.on('/api/v0/users/me/', echoAuth(401, 'json')), c.api(c.hostile.url).me()) },
  { name: '503 echoing the header in text, retried', expect: 'server', run: (c) => (c.hostile.on('/api/v0/users/me/', echoAuth(503, 'text')), c.api(c.hostile.url).me()) },
  { name: '500 echoing the header in HTML', expect: 'server', run: (c) => (c.hostile.on('/api/v0/users/me/', echoAuth(500, 'html')), c.api(c.hostile.url).me()) },
  { name: 'POST 307 to another origin', expect: 'request', run: (c) => (c.hostile.on('/api/v0/data/metadata/apply/', redirect(307, `${c.other.url}x`)), c.api(c.hostile.url).applyDatumProperties({ a: { b: 1 } })), consistent: (c) => c.other.seen.length === 0 && c.hostile.seen.length === 1 },
  { name: 'POST 308 to another origin', expect: 'request', run: (c) => (c.hostile.on('/api/v0/data/metadata/apply/', redirect(308, `${c.other.url}x`)), c.api(c.hostile.url).applyDatumProperties({ a: { b: 1 } })), consistent: (c) => c.other.seen.length === 0 && c.hostile.seen.length === 1 },
  { name: 'GET redirected away and back: no token after it left', expect: 'ok', run: async (c) => {
    c.hostile.on('/api/v0/projects/', redirect(302, `${c.other.url}away`));
    c.other.on('/away', redirect(307, `${c.hostile.url}home`));
    c.hostile.on('/home', replyJson(200, { count: 0, next: null, previous: null, results: [] }));
    await c.api(c.hostile.url).projects();
    assert.equal(c.other.seen[0].authorization, undefined);
    assert.equal(c.hostile.seen[1].authorization, undefined);
  } },
  { name: 'redirect loop', expect: 'bad-reply', run: (c) => (c.hostile.on('/api/v0/projects/', redirect(302, '/api/v0/projects/')), c.api(c.hostile.url).projects()) },
  { name: 'empty 200 body', expect: 'bad-reply', run: (c) => (c.hostile.on('/api/v0/users/me/', (_q, res) => res.writeHead(200).end()), c.api(c.hostile.url).me()) },
  { name: '`null` datum', expect: 'bad-reply', run: (c) => (c.hostile.on('/api/v0/data/d1/', replyJson(200, 'null')), c.api(c.hostile.url).datum('d1')) },
  { name: 'a list where a page belongs', expect: 'bad-reply', run: (c) => (c.hostile.on('/api/v0/projects/', replyJson(200, '[]')), c.api(c.hostile.url).projects()) },
  { name: 'a token with a line break is never sent', expect: 'auth', run: (c) => c.client(c.hostile.url, `${TOKEN}\r\nX-Evil: 1`).json('GET', 'api/v0/users/me/'), consistent: (c) => c.hostile.seen.length === 0 },
];

describe('fault injection: emulator and a hostile server', () => {
  let emulator: Emulator;
  let hostile: Hostile;
  let other: Hostile;

  before(async () => {
    emulator = await new Emulator({ dataDir: path.join(tempDir(), 'faults'), imagesDir: path.join(repoRoot, 'samples/images') }).start();
    hostile = await new Hostile().start();
    other = await new Hostile().start();
  });
  after(async () => {
    await emulator.stop();
    await hostile.stop();
    await other.stop();
  });

  it('prints "N scenarios, 0 hangs, 0 token leaks, 0 lost updates"', async () => {
    let hangs = 0;
    let leaks = 0;
    let lost = 0;
    const wrong: string[] = [];
    for (const scenario of scenarios) {
      emulator.reset();
      emulator.state.tokens[TOKEN] = SAMPLE_USER;
      hostile.clear();
      other.clear();
      const logs: string[] = [];
      const ctx: Ctx = {
        emulator,
        hostile,
        other,
        logs,
        client: (host = emulator.apiUrl, token = TOKEN) => new ValohaiClient({ host, token, timeoutMs: 300, retries: 2, backoffMs: 1, sleep: async () => undefined, log: (l) => logs.push(l) }),
        api: (host) => new ValohaiApi(ctx.client(host)),
      };
      const outcome = await settle(Promise.resolve().then(() => scenario.run(ctx)), HANG_GUARD_MS);
      if (outcome.hung) {
        hangs++;
        wrong.push(`${scenario.name}: hung`);
        continue;
      }
      const error = outcome.error;
      const got = error === undefined ? 'ok' : error instanceof ApiError ? error.kind : `not an ApiError: ${String(error)}`;
      if (got !== scenario.expect) wrong.push(`${scenario.name}: expected ${scenario.expect}, got ${got}${error instanceof Error ? ` (${error.message})` : ''}`);
      const texts = [...logs, ...(error instanceof Error ? [error.message, error.stack ?? '', JSON.stringify((error as ApiError).details ?? {})] : [])].join('\n');
      if (texts.includes(TOKEN) || texts.includes(TOKEN.slice(0, 16))) {
        leaks++;
        wrong.push(`${scenario.name}: the token leaked`);
      }
      if (scenario.consistent && !(await scenario.consistent(ctx, outcome))) {
        lost++;
        wrong.push(`${scenario.name}: the server does not hold what the client reported`);
      }
    }
    const line = `${scenarios.length} scenarios, ${hangs} hangs, ${leaks} token leaks, ${lost} lost updates`;
    console.log(line);
    assert.deepEqual(wrong, []);
    assert.equal(line, `${scenarios.length} scenarios, 0 hangs, 0 token leaks, 0 lost updates`);
    assert.ok(scenarios.length >= 30);
  });
});
