// A local emulator of the Valohai API (docs/valohai-api.md), a real HTTP server: the tests and
// `npm start` talk to it exactly as they would to app.valohai.com. A second listener on another
// port plays the storage (presigned download URLs), so "the token never goes to another origin" is
// something a test can observe. Faults can be injected per request.
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { applyPatch } from '../remote/diff';
import { ADOPT_NOT_FOUND_CODE, EMULATOR_DATUM_METADATA, EMULATOR_DEFAULT_LIMIT, EMULATOR_MAX_LIMIT } from '../remote/policy';
import type { Properties } from '../remote/types';
import { loadState, newId, saveState, seedState, storeBlob, type DatumRecord, type EmulatorState } from './state';

export interface Fault {
  kind: 'status' | 'html' | 'drop' | 'slow';
  status?: number;
  /** seconds, sent as Retry-After */
  retryAfter?: number;
  delayMs?: number;
  /** only requests whose path contains this */
  path?: string;
  method?: string;
  /** how many requests it hits (default 1) */
  times?: number;
}

export interface EmulatorOptions {
  /** folder for state.json and blobs/; without it the state lives in a temp folder */
  dataDir: string;
  /** the images the seed uses (the repo's samples/images) */
  imagesDir: string;
  port?: number;
  /**
   * 'url' (JSON {url} on the storage origin), 'url-same-origin' (JSON {url} on the API's own origin),
   * 'redirect' (302 to storage) or 'bytes' (the file itself, `Content-Disposition: attachment`)
   */
  downloadMode?: DownloadMode;
  /** datum objects carry `metadata` (default policy EMULATOR_DATUM_METADATA); false: like the public datum objects */
  includeDatumMetadata?: boolean;
}

export type DownloadMode = 'url' | 'url-same-origin' | 'redirect' | 'bytes';

export interface SeenRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: unknown;
}

class Reply {
  constructor(readonly status: number, readonly body: unknown, readonly headers: Record<string, string> = {}) {}
}

const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => new Reply(status, body, headers);

export class Emulator {
  state!: EmulatorState;
  faults: Fault[] = [];
  readonly requests: SeenRequest[] = [];
  readonly storageRequests: SeenRequest[] = [];
  downloadMode: DownloadMode;
  includeDatumMetadata: boolean;
  /** the status of the two adoption failures (not published; the body tells them apart) */
  adoptFailureStatus = 400;
  private api?: http.Server;
  private storage?: http.Server;
  apiUrl = '';
  storageUrl = '';

  constructor(private readonly options: EmulatorOptions) {
    this.downloadMode = options.downloadMode ?? 'url';
    this.includeDatumMetadata = options.includeDatumMetadata ?? EMULATOR_DATUM_METADATA;
  }

  private get stateFile(): string {
    return path.join(this.options.dataDir, 'state.json');
  }

  private get blobsDir(): string {
    return path.join(this.options.dataDir, 'blobs');
  }

  async start(): Promise<this> {
    this.state = loadState(this.stateFile) ?? seedState(this.blobsDir, this.options.imagesDir);
    this.save();
    this.api = http.createServer((req, res) => void this.handleApi(req, res));
    this.storage = http.createServer((req, res) => this.handleStorage(req, res));
    this.apiUrl = `${await listen(this.api, this.options.port ?? 0)}/`;
    this.storageUrl = `${await listen(this.storage, 0)}/`;
    return this;
  }

  async stop(): Promise<void> {
    for (const server of [this.api, this.storage]) {
      if (!server) continue;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** Back to the seed (tests start from a known state). */
  reset(): void {
    fs.rmSync(this.options.dataDir, { recursive: true, force: true });
    this.state = seedState(this.blobsDir, this.options.imagesDir);
    this.faults = [];
    this.downloadMode = this.options.downloadMode ?? 'url';
    this.includeDatumMetadata = this.options.includeDatumMetadata ?? EMULATOR_DATUM_METADATA;
    this.adoptFailureStatus = 400;
    this.requests.length = 0;
    this.storageRequests.length = 0;
    this.save();
  }

  addFault(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  datum(id: string): DatumRecord | undefined {
    return this.state.datums.find((d) => d.id === id);
  }

  /** The datum called `name` (the newest when several are): tests find seed data by name, not id. */
  datumNamed(name: string): DatumRecord | undefined {
    return this.state.datums.filter((d) => d.name === name).sort(order('-ctime'))[0];
  }

  /** Seed objects by name. */
  projectNamed(name: string): { id: string; name: string } | undefined {
    return this.state.projects.find((p) => p.name === name);
  }

  datasetNamed(name: string): (typeof this.state.datasets)[number] | undefined {
    return this.state.datasets.find((d) => d.name === name);
  }

  storeNamed(name: string): (typeof this.state.stores)[number] | undefined {
    return this.state.stores.find((st) => st.name === name);
  }

  private save(): void {
    saveState(this.stateFile, this.state);
  }

  private handleStorage(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.storageUrl);
    this.storageRequests.push({ method: req.method ?? 'GET', path: url.pathname, authorization: req.headers.authorization });
    const id = url.pathname.replace(/^(\/storage)?\/blob\//, '');
    const datum = this.datum(id);
    if (!datum || url.searchParams.get('signature') !== 'emulated') {
      res.writeHead(403, { 'Content-Type': 'application/xml' }).end('<Error><Code>AccessDenied</Code></Error>');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(fs.readFileSync(path.join(this.blobsDir, datum.blob)));
  }

  private async handleApi(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiUrl);
    const method = req.method ?? 'GET';
    let body: unknown;
    try {
      const raw = await readBody(req);
      body = raw.length ? JSON.parse(raw) : undefined;
    } catch {
      return send(res, json(400, { detail: 'JSON parse error' }));
    }
    this.requests.push({ method, path: url.pathname + url.search, authorization: req.headers.authorization, body });
    if (url.pathname.startsWith('/_emulator/')) return send(res, this.control(method, url.pathname, body));
    // Presigned URLs on the API's own origin ('url-same-origin'): the signature, never a token.
    if (url.pathname.startsWith('/storage/blob/')) return this.handleStorage(req, res);
    const fault = this.faults.find((f) => (f.times ?? 1) > 0 && (!f.path || url.pathname.includes(f.path)) && (!f.method || f.method === method));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      this.faults = this.faults.filter((f) => (f.times ?? 0) > 0);
      if (fault.kind === 'drop') return void req.socket.destroy();
      if (fault.kind === 'html') {
        res.writeHead(fault.status ?? 502, { 'Content-Type': 'text/html' }).end('<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>');
        return;
      }
      if (fault.kind === 'status') {
        const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
        const detail = fault.status === 401 ? 'Invalid token.' : fault.status === 429 ? 'Request was throttled.' : 'Server error (injected).';
        return send(res, json(fault.status ?? 500, { detail }, headers));
      }
      await new Promise((r) => setTimeout(r, fault.delayMs ?? 5000));
    }
    const token = /^Token (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.state.tokens[token]) {
      return send(res, json(401, { detail: token ? 'Invalid token.' : 'Authentication credentials were not provided.' }));
    }
    try {
      const reply = this.route(method, url, body, this.state.tokens[token]);
      if (method === 'POST' && reply.status < 400) this.save();
      send(res, reply);
    } catch (error) {
      send(res, json(500, { message: `Emulator error: ${error instanceof Error ? error.message : String(error)}`, code: null }));
    }
  }

  private control(method: string, pathname: string, body: unknown): Reply {
    if (pathname === '/_emulator/state' && method === 'GET') return json(200, this.state);
    if (pathname === '/_emulator/faults' && method === 'POST') {
      for (const f of Array.isArray(body) ? body : [body]) this.addFault(f as Fault);
      return json(200, this.faults);
    }
    if (pathname === '/_emulator/reset' && method === 'POST') {
      this.reset();
      return json(200, { ok: true });
    }
    return json(404, { detail: 'Not found.' });
  }

  private route(method: string, url: URL, body: unknown, user: { id: number; username: string }): Reply {
    const p = url.pathname;
    const q = url.searchParams;
    let m: RegExpExecArray | null;
    if (method === 'GET') {
      if (p === '/api/v0/users/me/') return json(200, { ...user, email: `${user.username}@example.com` });
      if (p === '/api/v0/projects/') return this.list(url, this.state.projects.map((pr) => this.project(pr.id)));
      if ((m = /^\/api\/v0\/projects\/([^/]+)\/$/.exec(p))) return this.one(this.project(m[1]));
      if (p === '/api/v0/data/') {
        // `name` is a substring match (as valohai-cli's model list says of its filter) and
        // `output_execution` one execution's outputs; `search` is not a known filter: ignored, as
        // Django REST Framework ignores parameters it does not know.
        const name = q.get('name')?.toLowerCase();
        const tag = q.get('tag');
        const execution = q.get('output_execution');
        const items = this.state.datums
          .filter(
            (d) =>
              (!q.get('project') || d.project === q.get('project')) &&
              (!name || d.name.toLowerCase().includes(name)) &&
              (!tag || tagsOf(d.metadata).includes(tag)) &&
              (!execution || d.execution?.id === execution),
          )
          .sort(order(q.get('ordering') ?? '-ctime'))
          .map((d) => this.datumJson(d));
        return this.list(url, items);
      }
      // valohai-utils asks for a datum without the trailing slash.
      if ((m = /^\/api\/v0\/data\/([^/]+)\/?$/.exec(p))) return this.one(this.datum(m[1]) && this.datumJson(this.datum(m[1])!));
      if ((m = /^\/api\/v0\/data\/([^/]+)\/download\/$/.exec(p))) return this.download(m[1]);
      if (p === '/api/v0/datasets/') {
        // No dataset name filter is known: `name` and `search` are ignored.
        const items = this.state.datasets.filter((d) => !q.get('project') || d.project === q.get('project')).sort(order(q.get('ordering') ?? 'name'));
        return this.list(url, items.map((d) => this.datasetJson(d.id)));
      }
      if ((m = /^\/api\/v0\/datasets\/([^/]+)\/$/.exec(p))) return this.one(this.datasetJson(m[1]));
      if (p === '/api/v0/dataset-versions/') {
        const items = this.state.versions.filter((v) => !q.get('dataset') || v.dataset === q.get('dataset')).sort(order(q.get('ordering') ?? '-ctime'));
        return this.list(url, items.map((v) => this.versionJson(v.id)));
      }
      if ((m = /^\/api\/v0\/dataset-versions\/([^/]+)\/$/.exec(p))) return this.one(this.versionJson(m[1]));
      if (p === '/api/v0/stores/') return this.list(url, this.state.stores.map(({ id, name, type }) => ({ id, name, type })));
      if (p === '/api/v0/datum-aliases/') {
        // `datum` is an object (or null): `vh alias list` reads alias["datum"]["name"].
        const aliases = this.state.aliases.filter((a) => !q.get('project') || a.project === q.get('project')).sort(order(q.get('ordering') ?? '-ctime'));
        return this.list(url, aliases.map((a) => ({ id: a.id, name: a.name, ctime: a.ctime, mtime: a.ctime, datum: this.datum(a.datum) ? this.datumJson(this.datum(a.datum)!) : null })));
      }
      if (p === '/api/v0/datum-aliases/resolve/') {
        const alias = this.state.aliases.find((a) => a.name === q.get('name') && (!q.get('project') || a.project === q.get('project')));
        return this.one(alias && { datum: this.datumJson(this.datum(alias.datum)!) });
      }
    }
    if (method === 'POST') {
      if (!body || typeof body !== 'object' || Array.isArray(body)) return json(400, { non_field_errors: ['Expected a JSON object.'] });
      const b = body as Record<string, unknown>;
      if ((m = /^\/api\/v0\/data\/([^/]+)\/metadata\/$/.exec(p))) {
        const datum = this.datum(m[1]);
        if (!datum) return json(404, { detail: 'Not found.' });
        return json(200, this.setDatumMetadata(datum, b));
      }
      if (p === '/api/v0/data/metadata/apply/') {
        const byDatum = b.datum_metadata;
        if (!byDatum || typeof byDatum !== 'object') return json(400, { datum_metadata: [{ message: 'This field is required.', code: 'required' }] });
        const missing = Object.keys(byDatum).filter((id) => !this.datum(id));
        if (missing.length) return json(400, { datum_metadata: [{ message: `Unknown datum ids: ${missing.join(', ')}`, code: 'invalid' }] });
        for (const [id, props] of Object.entries(byDatum as Record<string, Properties>)) this.setDatumMetadata(this.datum(id)!, props);
        return json(200, { ok: true });
      }
      if (p === '/api/v0/data/metadata/apply-all/') {
        const ids = Array.isArray(b.datum_ids) ? (b.datum_ids as string[]) : [];
        if (!b.metadata || typeof b.metadata !== 'object' || ids.length === 0) return json(400, { message: '`metadata` and `datum_ids` are required.', code: 'invalid' });
        const missing = ids.filter((id) => !this.datum(id));
        if (missing.length) return json(400, { datum_ids: [{ message: `Unknown datum ids: ${missing.join(', ')}`, code: 'invalid' }] });
        for (const id of ids) this.setDatumMetadata(this.datum(id)!, b.metadata as Properties);
        return json(200, { ok: true });
      }
      if ((m = /^\/api\/v0\/datasets\/([^/]+)\/metadata\/$/.exec(p))) {
        const dataset = this.state.datasets.find((d) => d.id === m![1]);
        if (!dataset) return json(404, { detail: 'Not found.' });
        dataset.metadata = applyPatch(dataset.metadata, b);
        return json(200, dataset.metadata);
      }
      if ((m = /^\/api\/v0\/dataset-versions\/([^/]+)\/metadata\/$/.exec(p))) {
        const version = this.state.versions.find((v) => v.id === m![1]);
        if (!version) return json(404, { detail: 'Not found.' });
        version.metadata = applyPatch(version.metadata, b);
        return json(200, version.metadata);
      }
      if ((m = /^\/api\/v0\/stores\/([^/]+)\/adopt\/$/.exec(p))) return this.adopt(m[1], b);
    }
    return json(404, { detail: 'Not found.' });
  }

  private setDatumMetadata(datum: DatumRecord, patch: Properties): Properties {
    datum.metadata = applyPatch(datum.metadata, patch);
    const alias = patch['valohai.alias'];
    if (typeof alias === 'string') {
      const existing = this.state.aliases.find((a) => a.name === alias && a.project === datum.project);
      if (existing) existing.datum = datum.id;
      else this.state.aliases.push({ id: newId(this.state, 'alias'), name: alias, project: datum.project, datum: datum.id, ctime: new Date().toISOString() });
    }
    return datum.metadata;
  }

  private adopt(storeId: string, b: Record<string, unknown>): Reply {
    const store = this.state.stores.find((s) => s.id === storeId);
    if (!store) return json(404, { detail: 'Not found.' });
    const url = b.url;
    const project = this.state.projects.find((pr) => pr.id === b.project);
    if (typeof url !== 'string') return json(400, { url: [{ message: 'This field is required.', code: 'required' }] });
    if (!project) return json(400, { project: [{ message: 'Unknown project.', code: 'invalid' }] });
    if (store.type !== 's3') return json(400, { message: `Adoption is not supported for ${store.type} stores.`, code: 'unsupported_store' });
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
    if (!match || match[1] !== store.bucket || !store.objects.includes(match[2])) {
      return json(this.adoptFailureStatus, { message: `Not found in ${store.bucket}: '${url}'`, code: ADOPT_NOT_FOUND_CODE });
    }
    if (this.state.datums.some((d) => d.uri === url)) return json(this.adoptFailureStatus, { message: `${url} already exists in ${store.bucket}`, code: null });
    const id = newId(this.state, 'datum');
    const name = match[2].split('/').pop()!;
    const bytes = Buffer.from(`adopted from ${url}\n`);
    this.state.datums.push({ id, project: project.id, name, execution: null, ctime: new Date().toISOString(), uri: url, metadata: {}, ...storeBlob(this.blobsDir, id, bytes) });
    return json(201, { ok: true, created: { [url]: id } });
  }

  private download(id: string): Reply {
    const datum = this.datum(id);
    if (!datum) return json(404, { detail: 'Not found.' });
    const signed = `${this.storageUrl}blob/${datum.id}?signature=emulated`;
    if (this.downloadMode === 'redirect') return json(302, '', { Location: signed });
    if (this.downloadMode === 'url-same-origin') return json(200, { url: `${this.apiUrl}storage/blob/${datum.id}?signature=emulated` });
    if (this.downloadMode === 'bytes') {
      // The file itself: a JSON datum comes as JSON, marked as the attachment it is.
      const type = datum.name.endsWith('.json') ? 'application/json' : 'application/octet-stream';
      const file = path.posix.basename(datum.name).replace(/["\\]/g, '_');
      return new Reply(200, fs.readFileSync(path.join(this.blobsDir, datum.blob)), { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${file}"` });
    }
    return json(200, { url: signed });
  }

  private project(id: string): unknown {
    const pr = this.state.projects.find((x) => x.id === id);
    return pr && { ...pr, owner: { id: 1, username: 'newcomer' }, mtime: pr.ctime, url: `${this.apiUrl}api/v0/projects/${pr.id}/`, urls: { display: `${this.apiUrl}p/${pr.name}/` } };
  }

  private datumJson(d: DatumRecord): unknown {
    const json: Record<string, unknown> = { id: d.id, name: d.name, size: d.size, ctime: d.ctime, file_ctime: d.ctime, file_mtime: d.ctime, uri: d.uri, purged: false, output_execution: d.execution ?? null, md5: d.md5, sha1: null, sha256: d.sha256, project: d.project, tags: tagsOf(d.metadata) };
    if (this.includeDatumMetadata) json.metadata = d.metadata;
    return json;
  }

  private datasetJson(id: string): unknown {
    const d = this.state.datasets.find((x) => x.id === id);
    if (!d) return undefined;
    const latest = this.state.versions.filter((v) => v.dataset === id).sort(order('-ctime'))[0];
    return { id: d.id, name: d.name, ctime: d.ctime, project: d.project, latest_version: latest ? { id: latest.id } : null, metadata: d.metadata };
  }

  private versionJson(id: string): unknown {
    const v = this.state.versions.find((x) => x.id === id);
    if (!v) return undefined;
    const dataset = this.state.datasets.find((d) => d.id === v.dataset)!;
    return { id: v.id, name: v.name, ctime: v.ctime, dataset: { id: dataset.id, name: dataset.name }, previous_version: null, metadata: v.metadata, files: v.datums.map((datumId) => ({ datum: this.datumJson(this.datum(datumId)!) })) };
  }

  private one(item: unknown): Reply {
    return item ? json(200, item) : json(404, { detail: 'Not found.' });
  }

  /** `limit`/`offset` paging with absolute `next`/`previous`, as Django REST Framework does. */
  private list(url: URL, items: unknown[]): Reply {
    const limit = Math.min(EMULATOR_MAX_LIMIT, Math.max(1, Number(url.searchParams.get('limit')) || EMULATOR_DEFAULT_LIMIT));
    const offset = Math.max(0, Number(url.searchParams.get('offset')) || 0);
    const link = (o: number): string => {
      const u = new URL(url.toString());
      u.searchParams.set('limit', String(limit));
      u.searchParams.set('offset', String(o));
      return u.toString();
    };
    return json(200, {
      count: url.searchParams.get('no_count') === 'true' ? undefined : items.length,
      next: offset + limit < items.length ? link(offset + limit) : null,
      previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
      results: items.slice(offset, offset + limit),
    });
  }
}

function tagsOf(metadata: Properties): string[] {
  const tags = metadata['valohai.tags'];
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

function order(ordering: string): (a: { name: string; ctime: string }, b: { name: string; ctime: string }) => number {
  const desc = ordering.startsWith('-');
  const key = ordering.replace(/^-/, '') === 'name' ? 'name' : 'ctime';
  return (a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0) * (desc ? -1 : 1);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, reply: Reply): void {
  if (Buffer.isBuffer(reply.body)) {
    res.writeHead(reply.status, reply.headers).end(reply.body);
    return;
  }
  const text = reply.body === '' ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers }).end(text);
}

function listen(server: http.Server, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}
