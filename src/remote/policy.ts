// Every behaviour of the Valohai API that is NOT published ([choice] in shared docs/valohai-api.md)
// lives here, so a real server that behaves otherwise needs one edit. The emulator follows the same
// choices by importing this module.

/** Default host, as valohai-cli has it. */
export const DEFAULT_HOST = 'https://app.valohai.com/';

/** Page size asked for; the published API does not say its default or maximum. */
export const PAGE_SIZE = 100;
/** The emulator's default and cap for `limit`. */
export const EMULATOR_DEFAULT_LIMIT = 100;
export const EMULATOR_MAX_LIMIT = 1000;

/** 401 and 403 both mean "sign in again". */
export function isAuthStatus(status: number): boolean {
  return status === 401 || status === 403;
}

/** Free-text search on list endpoints (name); Django REST Framework's usual `search` parameter. */
export const SEARCH_PARAM = 'search';
/** Datum lists filter by tag with `tag` (seen in valohai-cli). */
export const TAG_PARAM = 'tag';

/** How long to wait when a 429 carries no Retry-After, and the longest Retry-After honoured. */
export const DEFAULT_RETRY_AFTER_MS = 1000;
export const MAX_RETRY_AFTER_MS = 60_000;

/** Statuses worth retrying for idempotent requests. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/** Adoption replies: success is 200/201 with `{ok, created}`; both failures are 400 with a message. */
export type AdoptOutcome =
  | { outcome: 'created'; url: string; datumId: string }
  | { outcome: 'exists'; url: string; message: string }
  | { outcome: 'not-found'; url: string; message: string };

export const ADOPT_NOT_FOUND_CODE = 'adoptable_file_not_found';

/** Reads an adoption failure body; undefined when it is not one of the two known failures. */
export function classifyAdoptFailure(url: string, body: unknown): AdoptOutcome | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { message, code } = body as { message?: unknown; code?: unknown };
  if (typeof message !== 'string') return undefined;
  if (code === ADOPT_NOT_FOUND_CODE) return { outcome: 'not-found', url, message };
  if (/already exists/i.test(message)) return { outcome: 'exists', url, message };
  return undefined;
}

/** Metadata writes reply 200 with the resulting properties; a client relies on the status only. */
export const METADATA_WRITE_STATUS = 200;

/** Names in datum://, dataset:// URIs. */
export const NAME_PATTERN = /^[A-Za-z0-9._-]+$/;

/** Datums in one `apply` request when pushing many lines. */
export const APPLY_BATCH_SIZE = 500;
