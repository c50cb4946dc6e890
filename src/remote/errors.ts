// One error type for everything that can go wrong talking to the API, with a message a person can
// act on. The token never appears in a message: messages are built from status, body and URL path.
import * as l10n from '@vscode/l10n';
import { isAuthStatus } from './policy';

export type ApiErrorKind =
  | 'auth' // 401/403: sign in again
  | 'not-found' // 404
  | 'rate-limited' // 429 after retries
  | 'server' // 5xx
  | 'request' // other 4xx: the request was refused, the body says why
  | 'network' // no reply: refused, reset, DNS
  | 'timeout'
  | 'cancelled'
  | 'too-large' // a reply over the size limit (src/remote/limits.ts); not read
  | 'bad-reply'; // a reply that is not the JSON expected (HTML from a proxy, truncated, wrong shape)

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly details: {
      status?: number;
      code?: string | null;
      fields?: Record<string, string[]>;
      method?: string;
      path?: string;
      body?: unknown;
      /** a network failure worth another try (the connection broke); false when it never existed */
      transient?: boolean;
    } = {},
  ) {
    super(message);
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

export function isApiError(error: unknown, kind?: ApiErrorKind): error is ApiError {
  return error instanceof ApiError && (kind === undefined || error.kind === kind);
}

/** True when the request may or may not have reached the server (so a POST must not be resent). */
export function isCancellation(error: unknown): boolean {
  return isApiError(error, 'cancelled');
}

const MAX_TEXT = 300;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT)}…` : flat;
}

function asStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'string' ? [v] : v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string' ? [(v as { message: string }).message] : []));
  return [];
}

/** What the server said, from any of the body shapes the API uses. */
export function describeBody(body: unknown): { text?: string; code?: string | null; fields?: Record<string, string[]> } {
  if (typeof body === 'string') return body.trim() ? { text: clip(body) } : {};
  if (!body || typeof body !== 'object' || Array.isArray(body)) return Array.isArray(body) ? { text: clip(asStrings(body).join(' ')) } : {};
  const o = body as Record<string, unknown>;
  const code = typeof o.code === 'string' ? o.code : o.code === null ? null : undefined;
  for (const key of ['message', 'detail', 'error']) {
    if (typeof o[key] === 'string') return { text: clip(o[key] as string), code };
  }
  const nonField = asStrings(o.non_field_errors);
  if (nonField.length) return { text: clip(nonField.join(' ')), code };
  const fields: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(o)) {
    const messages = asStrings(value);
    if (messages.length) fields[key] = messages;
  }
  if (Object.keys(fields).length) {
    return { text: clip(Object.entries(fields).map(([k, v]) => `${k}: ${v.join(' ')}`).join('; ')), fields, code };
  }
  return { code };
}

/** Builds the typed error for an HTTP reply with status >= 400. `body` is parsed JSON or raw text. */
export function errorForStatus(status: number, body: unknown, isHtml: boolean, method: string, path: string): ApiError {
  const said = isHtml ? {} : describeBody(body);
  const where = `${method} ${path}`;
  const suffix = said.text ? `: ${said.text.replace(/[.\s]+$/, '')}` : isHtml ? ' ' + l10n.t('(an HTML page instead of JSON: a proxy or gateway may be in the way)') : '';
  const details = { status, code: said.code, fields: said.fields, method, path, body: isHtml ? undefined : body };
  if (isAuthStatus(status)) {
    return new ApiError('auth', l10n.t('The server refused the sign-in ({0}) for {1}{2}. Sign in again.', status, where, suffix), details);
  }
  if (status === 404) return new ApiError('not-found', l10n.t('Not found (404): {0}{1}', where, suffix), details);
  if (status === 429) return new ApiError('rate-limited', l10n.t('The server is rate limiting requests (429) for {0}; try again later{1}', where, suffix), details);
  if (status >= 500) return new ApiError('server', l10n.t('The server failed ({0}) on {1}{2}', status, where, suffix), details);
  return new ApiError('request', l10n.t('The server refused {0} ({1}){2}', where, status, suffix), details);
}
