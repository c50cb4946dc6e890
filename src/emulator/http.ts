// The emulator's HTTP plumbing: a reply, reading a bounded request body, sending, listening.
import * as http from 'http';
import type { AddressInfo } from 'net';

export class Reply {
  constructor(readonly status: number, readonly body: unknown, readonly headers: Record<string, string> = {}) {}
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => new Reply(status, body, headers);

/** The largest request body the emulator reads (a huge POST gets 413, not all of its memory). */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export class TooLarge extends Error {}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new TooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function send(res: http.ServerResponse, reply: Reply): void {
  if (Buffer.isBuffer(reply.body)) {
    res.writeHead(reply.status, reply.headers).end(reply.body);
    return;
  }
  const text = reply.body === '' ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers }).end(text);
}

export function listen(server: http.Server, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}
