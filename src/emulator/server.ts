// A local emulator of the Valohai API (docs/valohai-api.md), a real HTTP server: the tests and
// `npm start` talk to it exactly as they would to app.valohai.com. A second listener on another
// port plays the storage (presigned download URLs), so "the token never goes to another origin" is
// something a test can observe. Faults can be injected per request.
import { randomBytes, timingSafeEqual } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { EMULATOR_DATUM_METADATA } from '../remote/policy';
import { json, listen, readBody, send, TooLarge, type Reply } from './http';
import { order, route, type DownloadMode, type RouteHost } from './routes';
import { loadState, saveState, seedState, type DatumRecord, type EmulatorState } from './state';

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
  /** the secret `/_emulator/*` requests must carry in `X-Emulator-Secret`; random when not given */
  controlSecret?: string;
}

export type { DownloadMode } from './routes';

/** The header that carries the control secret. */
export const CONTROL_SECRET_HEADER = 'x-emulator-secret';

export interface SeenRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: unknown;
}

export class Emulator implements RouteHost {
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
  /** what `/_emulator/*` requests must send in the X-Emulator-Secret header */
  readonly controlSecret: string;

  constructor(private readonly options: EmulatorOptions) {
    this.downloadMode = options.downloadMode ?? 'url';
    this.includeDatumMetadata = options.includeDatumMetadata ?? EMULATOR_DATUM_METADATA;
    this.controlSecret = options.controlSecret || randomBytes(18).toString('base64url');
  }

  private get stateFile(): string {
    return path.join(this.options.dataDir, 'state.json');
  }

  get blobsDir(): string {
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

  /**
   * Back to the seed (tests start from a known state). Deletes only the emulator's own files in the
   * data folder (state.json and the blobs its datums name), never anything else in it.
   */
  reset(): void {
    const blobs = new Set((this.state?.datums ?? []).map((d) => d.blob).filter((b) => typeof b === 'string' && b !== '' && path.basename(b) === b));
    for (const file of [this.stateFile, `${this.stateFile}.tmp`, ...[...blobs].map((b) => path.join(this.blobsDir, b))]) fs.rmSync(file, { force: true });
    try {
      fs.rmdirSync(this.blobsDir);
    } catch {
      // not empty (files that are not the emulator's) or already gone: leave it
    }
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
    } catch (error) {
      if (error instanceof TooLarge) return send(res, json(413, { detail: 'Request body too large.' }));
      return send(res, json(400, { detail: 'JSON parse error' }));
    }
    this.requests.push({ method, path: url.pathname + url.search, authorization: req.headers.authorization, body });
    if (url.pathname.startsWith('/_emulator/')) {
      if (!this.hasControlSecret(req.headers[CONTROL_SECRET_HEADER])) return send(res, json(403, { detail: `The emulator's control endpoints need the X-Emulator-Secret header (the secret it printed at start).` }));
      return send(res, this.control(method, url.pathname, body));
    }
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
      const reply = route(this, method, url, body, this.state.tokens[token]);
      if (method === 'POST' && reply.status < 400) this.save();
      send(res, reply);
    } catch (error) {
      send(res, json(500, { message: `Emulator error: ${error instanceof Error ? error.message : String(error)}`, code: null }));
    }
  }

  private hasControlSecret(given: string | string[] | undefined): boolean {
    if (typeof given !== 'string') return false;
    const a = Buffer.from(given);
    const b = Buffer.from(this.controlSecret);
    return a.length === b.length && timingSafeEqual(a, b);
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
}
