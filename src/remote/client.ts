// The Valohai API client. Pure: `fetch` and `sleep` are injected, so it runs under plain Node and in
// the extension host alike. The token is sent only to the configured API origin: never to download
// URLs the API hands out, and never after a redirect to another origin.
import { ApiError, errorForStatus } from './errors';
import { DEFAULT_RETRY_AFTER_MS, MAX_RETRY_AFTER_MS, isRetryableStatus } from './policy';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ClientOptions {
  /** e.g. https://app.valohai.com/ (a path prefix is kept) */
  host: string;
  token?: string;
  fetch?: FetchLike;
  /** per attempt; default 30 s */
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
}

export interface RawReply {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  url: string;
}

const MAX_REDIRECTS = 5;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export function normalizeHost(host: string): string {
  const trimmed = host.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const url = new URL(withScheme);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`The host must be an http(s) URL, not ${url.protocol}`);
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

  /** JSON request against the API. */
  async json<T>(method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<T> {
    const reply = await this.raw(method, pathOrUrl, options);
    const text = new TextDecoder().decode(reply.bytes);
    if (!text.trim()) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      const path = new URL(reply.url).pathname;
      const what = isHtml(reply.headers, text) ? 'an HTML page' : 'text that is not JSON';
      throw new ApiError('bad-reply', `The server replied to ${method} ${path} with ${what} instead of JSON (status ${reply.status}).`, { status: reply.status, method, path });
    }
  }

  /**
   * One request with retries (idempotent methods only), timeouts, cancellation and redirects handled
   * here so the token policy holds for every hop. Throws ApiError for status >= 400.
   */
  async raw(method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<RawReply> {
    const url = this.url(pathOrUrl, options.query);
    const retries = IDEMPOTENT.has(method) ? this.options.retries ?? 3 : 0;
    const backoff = this.options.backoffMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw cancelled();
      try {
        return await this.attempt(method, url, options);
      } catch (error) {
        const retryable = error instanceof ApiError && (error.kind === 'network' || error.kind === 'timeout' || (error.status !== undefined && isRetryableStatus(error.status)));
        if (!retryable || attempt >= retries) throw error;
        const afterMs = (error as ApiError & { retryAfterMs?: number }).retryAfterMs;
        const delay = afterMs ?? (error.status === 429 ? DEFAULT_RETRY_AFTER_MS : backoff * 2 ** attempt * (0.75 + Math.random() / 2));
        this.options.log?.(`${method} ${new URL(url).pathname}: ${error.message} — retry ${attempt + 1}/${retries} in ${Math.round(delay)} ms`);
        await this.sleep(delay, options.signal);
      }
    }
  }

  private async attempt(method: string, startUrl: string, options: RequestOptions): Promise<RawReply> {
    let url = startUrl;
    let currentMethod = method;
    let body = options.body === undefined ? undefined : JSON.stringify(options.body);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const response = await this.send(currentMethod, url, body, options.signal);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => undefined);
        url = new URL(location, url).toString();
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && currentMethod === 'POST')) {
          currentMethod = 'GET';
          body = undefined;
        }
        continue;
      }
      return this.read(currentMethod, url, response, options.signal);
    }
    throw new ApiError('bad-reply', `Too many redirects for ${method} ${new URL(startUrl).pathname}.`, { method });
  }

  /** The token goes only to the API origin; every other origin gets a bare request. */
  private async send(method: string, url: string, body: string | undefined, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const sameOrigin = new URL(url).origin === this.origin;
    if (sameOrigin && this.options.token) headers.Authorization = `Token ${this.options.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.options.timeoutMs ?? 30_000);
    const onAbort = (): void => timeout.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const path = new URL(url).pathname;
    try {
      this.options.log?.(`${method} ${sameOrigin ? path : `${new URL(url).origin}${path}`}`);
      return await this.fetchFn(url, { method, headers, body, redirect: 'manual', signal: timeout.signal });
    } catch (error) {
      if (signal?.aborted) throw cancelled();
      if (timeout.signal.aborted) throw new ApiError('timeout', `No reply from ${new URL(url).host} within ${Math.round((this.options.timeoutMs ?? 30_000) / 1000)} s (${method} ${path}).`, { method, path });
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
      throw new ApiError('network', `Could not reach ${new URL(url).host} (${why}) for ${method} ${path}.`, { method, path });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async read(method: string, url: string, response: Response, signal?: AbortSignal): Promise<RawReply> {
    const path = new URL(url).pathname;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch {
      if (signal?.aborted) throw cancelled();
      throw new ApiError('network', `The connection dropped while reading the reply to ${method} ${path} (status ${response.status}).`, { status: response.status, method, path });
    }
    if (response.status >= 400) {
      const text = new TextDecoder().decode(bytes);
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text (errorForStatus says when it is an HTML page)
      }
      const error = errorForStatus(response.status, body, typeof body === 'string' && isHtml(response.headers, text), method, path);
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      if (retryAfter !== undefined) Object.assign(error, { retryAfterMs: retryAfter });
      throw error;
    }
    return { status: response.status, headers: response.headers, bytes, url };
  }
}
