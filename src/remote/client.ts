// The Valohai API client. Pure: `fetch` and `sleep` are injected, so it runs under plain Node and in
// the extension host alike. The token is sent only to the configured API origin: never to download
// URLs the API hands out, and never after a redirect to another origin.
import * as l10n from '@vscode/l10n';
import { ApiError, errorForStatus } from './errors';
import { DEFAULT_TIMEOUT_MS, MAX_DOWNLOAD_BYTES, MAX_JSON_BYTES, MAX_REDIRECTS, formatBytes } from './limits';
import { DEFAULT_RETRY_AFTER_MS, MAX_RETRY_AFTER_MS, isRetryableStatus } from './policy';
import { checkToken, redact, redactValue } from './token';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ClientOptions {
  /** e.g. https://app.valohai.com/ (a path prefix is kept) */
  host: string;
  token?: string;
  fetch?: FetchLike;
  /** how long to wait for the headers, then for each next piece of the body; default 30 s */
  timeoutMs?: number;
  /** retries for idempotent requests; default 3 */
  retries?: number;
  /** first backoff delay; default 500 ms, doubled each retry */
  backoffMs?: number;
  /** injectable so tests can observe delays without waiting */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** request lines for the log; never given the token */
  log?: (line: string) => void;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /** the most bytes of the reply read; default MAX_JSON_BYTES for json(), MAX_DOWNLOAD_BYTES for raw() */
  maxBytes?: number;
}

export interface RawReply {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  url: string;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/** Methods whose redirects may go to another origin (nothing but the URL is sent there). */
const SAFE = new Set(['GET', 'HEAD']);
/** Error bodies are read up to this much: enough for any message, never a flood. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/**
 * Network failures worth another try: the connection broke or was refused while the server may be
 * restarting. Anything fetch raises before a connection exists (an invalid header, a bad URL, a
 * name that does not resolve) is not retried: it would fail the same way.
 */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED']);

export function normalizeHost(host: string): string {
  const trimmed = host.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const url = new URL(withScheme);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(l10n.t('The host must be an http(s) URL, not {0}', url.protocol));
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelled(): ApiError {
  return new ApiError('cancelled', 'Cancelled.');
}

/** Seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.min(MAX_RETRY_AFTER_MS, Math.round(Number(value) * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now));
}

function isHtml(headers: Headers, text: string): boolean {
  return (headers.get('content-type') ?? '').includes('html') || /^\s*<(!doctype|html)/i.test(text);
}

export class ValohaiClient {
  readonly host: string;
  readonly origin: string;
  private readonly fetchFn: FetchLike;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: ClientOptions) {
    this.host = normalizeHost(options.host);
    this.origin = new URL(this.host).origin;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? defaultSleep;
  }

  get hasToken(): boolean {
    return !!this.options.token;
  }

  /** The same client without the token: for download URLs the API hands out, on any origin. */
  withoutToken(): ValohaiClient {
    return new ValohaiClient({ ...this.options, token: undefined });
  }

  /** Absolute URL for an API path (`api/v0/...`) or an absolute URL as given (a `next` link). */
  url(pathOrUrl: string, query?: RequestOptions['query']): string {
    const url = /^https?:\/\//i.test(pathOrUrl) ? new URL(pathOrUrl) : new URL(pathOrUrl.replace(/^\//, ''), this.host);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /** The text with the token (and any echoed Authorization header) hidden. */
  redact(text: string): string {
    return redact(text, this.options.token);
  }

  /**
   * JSON request against the API. A GET must answer with a JSON object (every GET endpoint does):
   * an empty body, `null`, a list or a bare value is a `bad-reply`, never a TypeError further on.
   */
  async json<T>(method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<T> {
    const reply = await this.raw(method, pathOrUrl, { maxBytes: MAX_JSON_BYTES, ...options });
    const text = new TextDecoder().decode(reply.bytes);
    const path = new URL(reply.url).pathname;
    const expectObject = SAFE.has(method);
    const bad = (what: string): ApiError => new ApiError('bad-reply', l10n.t('The server replied to {0} {1} with {2} instead of a JSON object (status {3}).', method, path, what, reply.status), { status: reply.status, method, path });
    if (!text.trim()) {
      if (expectObject) throw bad(l10n.t('an empty body'));
      return undefined as T;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw bad(isHtml(reply.headers, text) ? l10n.t('an HTML page') : l10n.t('text that is not JSON'));
    }
    if (expectObject && (value === null || typeof value !== 'object' || Array.isArray(value))) throw bad(value === null ? '`null`' : Array.isArray(value) ? l10n.t('a list') : l10n.t('a bare {0}', typeof value));
    return value as T;
  }

  /**
   * One request with retries (idempotent methods only), timeouts, cancellation and redirects handled
   * here so the token policy holds for every hop. Throws ApiError for status >= 400. Every error
   * that leaves here has the token redacted from its message and body.
   */
  async raw(method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<RawReply> {
    const url = this.url(pathOrUrl, options.query);
    const retries = IDEMPOTENT.has(method) ? this.options.retries ?? 3 : 0;
    const backoff = this.options.backoffMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw cancelled();
      try {
        return await this.attempt(method, url, options);
      } catch (thrown) {
        const error = this.clean(thrown, method, url);
        const retryable = (error.kind === 'network' && error.details.transient === true) || error.kind === 'timeout' || (error.status !== undefined && isRetryableStatus(error.status));
        if (!retryable || attempt >= retries) throw error;
        const afterMs = (error as ApiError & { retryAfterMs?: number }).retryAfterMs;
        const delay = afterMs ?? (error.status === 429 ? DEFAULT_RETRY_AFTER_MS : backoff * 2 ** attempt * (0.75 + Math.random() / 2));
        this.options.log?.(this.redact(l10n.t('{0} {1}: {2} — retry {3}/{4} in {5} ms', method, new URL(url).pathname, error.message, attempt + 1, retries, Math.round(delay))));
        await this.sleep(delay, options.signal);
      }
    }
  }

  /** Any error as an ApiError with the token hidden from its message, stack and details. */
  private clean(thrown: unknown, method: string, url: string): ApiError {
    const error = thrown instanceof ApiError ? thrown : new ApiError('bad-reply', l10n.t('{0} {1} failed: {2}', method, new URL(url).pathname, thrown instanceof Error ? thrown.message : String(thrown)), { method, path: new URL(url).pathname });
    error.message = this.redact(error.message);
    // The stack was written with the message as it was built: a logger prints it too.
    if (error.stack) error.stack = this.redact(error.stack);
    // The kept body, field messages and code may quote the header a server echoed.
    Object.assign(error.details, redactValue({ ...error.details }, this.options.token));
    return error;
  }

  private async attempt(method: string, startUrl: string, options: RequestOptions): Promise<RawReply> {
    let url = startUrl;
    let currentMethod = method;
    let body = options.body === undefined ? undefined : JSON.stringify(options.body);
    // Once a hop left the API origin, the rest of the chain goes without the token, even back home.
    let leftOrigin = false;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const here = new URL(url);
      if (here.origin !== this.origin) leftOrigin = true;
      const result = await this.exchange(currentMethod, url, body, !leftOrigin, options);
      if ('reply' in result) return result.reply;
      let next: URL;
      try {
        next = new URL(result.location, url);
      } catch {
        throw new ApiError('bad-reply', l10n.t('The server redirected {0} {1} to an address that is not a URL.', method, here.pathname), { status: result.status, method, path: here.pathname });
      }
      if (next.protocol !== 'https:' && next.protocol !== 'http:') {
        throw new ApiError('bad-reply', l10n.t('The server redirected {0} {1} to a {2} address; not followed.', method, here.pathname, next.protocol), { status: result.status, method, path: here.pathname });
      }
      if (next.origin !== here.origin && !SAFE.has(method)) {
        throw new ApiError('request', l10n.t('The server redirected {0} {1} to another origin ({2}) with a {3}; not followed, so nothing was sent there.', method, here.pathname, next.host, result.status), { status: result.status, method, path: here.pathname });
      }
      url = next.toString();
      if (result.status === 303 || ((result.status === 301 || result.status === 302) && currentMethod === 'POST')) {
        currentMethod = 'GET';
        body = undefined;
      }
    }
    throw new ApiError('bad-reply', l10n.t('Too many redirects for {0} {1}.', method, new URL(startUrl).pathname), { method });
  }

  /**
   * One HTTP exchange, headers and body. The timeout (reset by every piece of the body) and the
   * caller's Cancel stay attached until the last byte is read, and the body is read up to the limit.
   */
  private async exchange(method: string, url: string, body: string | undefined, withToken: boolean, options: RequestOptions): Promise<{ status: number; location: string } | { reply: RawReply }> {
    const { signal } = options;
    const target = new URL(url);
    const path = target.pathname;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (withToken && this.options.token) {
      const check = checkToken(this.options.token);
      if (!check.ok || check.token !== this.options.token) {
        throw new ApiError('auth', l10n.t('The stored token cannot be sent: {0} Sign in again.', check.ok ? l10n.t('it has spaces around it.') : check.problem), { method, path });
      }
      headers.Authorization = `Token ${this.options.token}`;
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (signal?.aborted) throw cancelled();
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const controller = new AbortController();
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
    };
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    arm();
    const seconds = l10n.t('{0} s', Math.round(timeoutMs / 100) / 10);
    try {
      let response: Response;
      try {
        this.options.log?.(`${method} ${target.origin === this.origin ? path : `${target.origin}${path}`}`);
        response = await this.fetchFn(url, { method, headers, body, redirect: 'manual', signal: controller.signal });
      } catch (error) {
        if (signal?.aborted) throw cancelled();
        if (timedOut) throw new ApiError('timeout', l10n.t('No reply from {0} within {1} ({2} {3}).', target.host, seconds, method, path), { method, path });
        const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
        const code = typeof cause?.code === 'string' ? cause.code : undefined;
        const why = code ?? (typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error));
        const transient = code !== undefined && TRANSIENT_CODES.has(code);
        const text = transient || code ? l10n.t('Could not reach {0} ({1}) for {2} {3}.', target.host, why, method, path) : l10n.t('Could not send {0} {1} to {2} ({3}).', method, path, target.host, why);
        throw new ApiError('network', text, { method, path, transient });
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => undefined);
        return { status: response.status, location };
      }
      const failed = response.status >= 400;
      const limit = failed ? MAX_ERROR_BODY_BYTES : options.maxBytes ?? MAX_DOWNLOAD_BYTES;
      let bytes: Uint8Array;
      try {
        bytes = await readLimited(response, limit, !failed, arm);
      } catch (error) {
        if (error instanceof ApiError) {
          error.details.method = method;
          error.details.path = path;
          error.message = error.kind === 'too-large' ? l10n.t('The reply to {0} {1} is larger than the limit of {2}; it was not read.', method, path, formatBytes(limit)) : l10n.t('The reply to {0} {1}: {2}', method, path, error.message);
          throw error;
        }
        if (signal?.aborted) throw cancelled();
        if (timedOut) throw new ApiError('timeout', l10n.t('The reply to {0} {1} stopped arriving: nothing for {2} (status {3}).', method, path, seconds, response.status), { status: response.status, method, path });
        throw new ApiError('network', l10n.t('The connection dropped while reading the reply to {0} {1} (status {2}).', method, path, response.status), { status: response.status, method, path, transient: true });
      }
      if (failed) {
        const text = new TextDecoder().decode(bytes);
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: keep the text (errorForStatus says when it is an HTML page)
        }
        const error = errorForStatus(response.status, parsed, typeof parsed === 'string' && isHtml(response.headers, text), method, path);
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (retryAfter !== undefined) Object.assign(error, { retryAfterMs: retryAfter });
        throw error;
      }
      return { reply: { status: response.status, headers: response.headers, bytes, url } };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

/**
 * Reads the body up to `limit` bytes. Over the limit: `strict` throws `too-large` (a Content-Length
 * over it is refused before reading); otherwise the first `limit` bytes are kept (error bodies).
 * `progress` runs on every piece (it re-arms the timeout).
 */
async function readLimited(response: Response, limit: number, strict: boolean, progress: () => void): Promise<Uint8Array> {
  const tooLarge = (): ApiError => new ApiError('too-large', l10n.t('The reply is larger than the limit of {0}; it was not read.', formatBytes(limit)), { status: response.status });
  const declared = Number(response.headers.get('content-length'));
  if (strict && Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    progress();
    if (total + value.byteLength > limit) {
      await reader.cancel().catch(() => undefined);
      if (strict) throw tooLarge();
      chunks.push(value.subarray(0, limit - total));
      total = limit;
      break;
    }
    chunks.push(value);
    total += value.byteLength;
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
