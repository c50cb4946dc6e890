// A second local HTTP server that misbehaves on purpose, for the safety tests and the fault suite:
// bodies that stall or never end, huge Content-Length, redirects to other origins, replies that
// echo the Authorization header, empty and `null` replies, dropped connections. Loopback only.
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface Seen {
  method: string;
  path: string;
  authorization?: string;
  body: string;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

export class Hostile {
  readonly seen: Seen[] = [];
  private readonly routes = new Map<string, Handler>();
  private server?: http.Server;
  /** e.g. http://127.0.0.1:PORT/ */
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', this.url);
        const body = Buffer.concat(chunks).toString('utf8');
        this.seen.push({ method: req.method ?? 'GET', path: url.pathname + url.search, authorization: req.headers.authorization, body });
        const handler = this.routes.get(url.pathname);
        if (handler) handler(req, res, body);
        else res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"detail": "Not found."}');
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  on(path: string, handler: Handler): this {
    this.routes.set(path, handler);
    return this;
  }

  clear(): void {
    this.routes.clear();
    this.seen.length = 0;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

export const replyJson = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
};

/** Headers and the start of a JSON body, then nothing, ever (until the server stops). */
export const stalledBody = (): Handler => (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write('{"results": [');
};

/** A body that never ends: 64 KB pieces for as long as the client reads. */
export const endlessBody = (): Handler => (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const piece = Buffer.alloc(64 * 1024, 0x20);
  const pump = (): void => {
    while (!res.destroyed && res.write(piece));
    if (!res.destroyed) res.once('drain', pump);
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
};

/** Claims a body of `bytes` and sends 1 KB of it, then stalls. */
export const hugeLength = (bytes: number): Handler => (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(bytes) });
  res.write(Buffer.alloc(1024, 0x20));
};

export const redirect = (status: number, location: string): Handler => (_req, res) => {
  res.writeHead(status, { Location: location }).end();
};

/** Echoes the request's Authorization header in the body (and a header), as a careless proxy might. */
export const echoAuth = (status: number, as: 'json' | 'text' | 'html' = 'json'): Handler => (req, res) => {
  const auth = req.headers.authorization ?? '';
  const type = as === 'json' ? 'application/json' : as === 'html' ? 'text/html' : 'text/plain';
  const body = as === 'json' ? JSON.stringify({ detail: `Rejected header Authorization: ${auth}`, headers: { authorization: auth } }) : as === 'html' ? `<html><body>Bad request: Authorization: ${auth}</body></html>` : `bad header ${auth} in request`;
  res.writeHead(status, { 'Content-Type': type, 'X-Echo': auth.replace(/[^\x20-\x7e]/g, '?') }).end(body);
};

/** Closes the connection without a reply. */
export const drop = (): Handler => (req) => req.socket.destroy();

/** Sends headers and half a JSON body, then closes the connection. */
export const truncated = (): Handler => (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write('{"id": "x", "na');
  setImmediate(() => res.socket?.destroy());
};

/** The promise's outcome, or `hung` when it has not settled after `ms` (a hang, not a slow reply). */
export async function settle<T>(promise: Promise<T>, ms = 10_000): Promise<{ value?: T; error?: unknown; hung?: true }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<{ hung: true }>((resolve) => (timer = setTimeout(() => resolve({ hung: true }), ms)));
  try {
    return await Promise.race([promise.then((value) => ({ value }), (error: unknown) => ({ error })), hung]);
  } finally {
    clearTimeout(timer);
  }
}
