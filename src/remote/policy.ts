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

/**
 * Datum lists filter by name with `name` (valohai-cli's filter; its model list calls it a substring
 * match). No real client sends `search=`, and Django REST Framework ignores parameters it does not
 * know, so the product never relies on `search`. Whether the datum `name` filter is exact or a
 * substring match is not published [choice: treat it as a substring match on the server, and
 * compare names exactly in the client, so both readings work].
 */
export const DATUM_NAME_PARAM = 'name';
/** Datum lists filter by tag with `tag` (seen in valohai-cli). */
export const TAG_PARAM = 'tag';
/** One execution's outputs: `output_execution=<id>` (valohai-cli `execution outputs`, Valohai's examples). */
export const OUTPUT_EXECUTION_PARAM = 'output_execution';
/**
 * Dataset lists have no known name filter [choice: send none; the client filters the names of the
 * project's datasets itself, so a server that ignores or lacks a filter still gives the right set].
 */
export const DATASET_NAME_PARAM: string | undefined = undefined;

/**
 * A name lookup whose reply is not filtered (a server that ignores `name`: a result whose name does
 * not contain the one asked for) would page through the whole project for every name. The lookup
 * then falls back to one listing of the project, cached for the whole push, that serves every
 * remaining name. That listing (and any lookup) reads at most PROJECT_SCAN_MAX datums.
 */
export const PROJECT_SCAN_MAX = 20_000;
export const PROJECT_SCAN_PAGE_SIZE = 1000;
/** Name lookups of one push in flight at once. */
export const LOOKUP_CONCURRENCY = 4;

/**
 * Several datums called the same: the one whose sha256 equals the local file's. When that does not
 * settle it, the user chooses, per item (Escape leaves the item out, reported as not pushed).
 *
 * A `valohai.metadata.jsonl` is written by one execution at its outputs root [seed], so its lines
 * name that execution's outputs. Once one line's datum is known for certain (unique name or same
 * sha256) and has an `output_execution`, the execution's outputs are listed once
 * (`output_execution=<id>`) and the other names are matched there first: a batch of lookups in one
 * request where the API allows. A name found there is taken when the local file's sha256 agrees or
 * there is no local file to compare [choice]; a sha256 that disagrees falls back to the name lookup.
 */
export const BATCH_BY_OUTPUT_EXECUTION = true;

/**
 * The outputs root of a sidecar (datum names are paths relative to it: `2024-11-25/report_0.txt`).
 * [choice] The nearest folder above the file that holds a `valohai.metadata.jsonl` or is named one of
 * these; else each ancestor up to the workspace folder is tried, the longest relative path first
 * that names a datum.
 */
export const OUTPUTS_FOLDER_NAMES = ['outputs'];
export const OUTPUTS_ROOT_MARKER = 'valohai.metadata.jsonl';

/**
 * A datum's current properties: no public datum object shows a `metadata` field. When a reply has
 * none, the current values are unknown (never `{}`): the confirmation says so, and every key of the
 * file is sent, `null` removals included.
 */
export const DATUM_PROPERTIES_FIELD = 'metadata';
/**
 * Once one datum's detail reply of a push has shown no properties, the others are taken as unknown
 * too without a request each [choice: a server shows the field for all datums or for none]; true
 * reads every datum's detail.
 */
export const DATUM_DETAIL_EACH = false;
/**
 * The emulator's datum objects carry `metadata` by default (the product's properties editor and
 * previews read it there [choice]); `includeDatumMetadata: false` makes it answer without, like the
 * public datum objects, so the unknown-properties path is tested.
 */
export const EMULATOR_DATUM_METADATA = true;

/** Project ids are UUIDs: valohai-cli refuses a VALOHAI_PROJECT that is not one. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Which project a workspace uses: VALOHAI_PROJECT (as valohai-cli, an override), else the project
 * chosen in this workspace, else valohai-cli's linked project for the workspace folder (its `links`,
 * found walking up from the folder) when valohai-cli is signed in to the same host [choice: the
 * workspace's own choice beats the CLI link, since the user made it here].
 */
export const PROJECT_ENV = 'VALOHAI_PROJECT';

/** How long to wait when a 429 carries no Retry-After, and the longest Retry-After honoured. */
export const DEFAULT_RETRY_AFTER_MS = 1000;
export const MAX_RETRY_AFTER_MS = 60_000;

/** Statuses worth retrying for idempotent requests. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/**
 * Adoption replies: success is `{ok, created}`; the two failures are told apart by their body only
 * (status codes are not published [choice: any status; the emulator sends 201 and 400]).
 */
export type AdoptOutcome =
  | { outcome: 'created'; url: string; datumId: string }
  | { outcome: 'exists'; url: string; message: string }
  | { outcome: 'not-found'; url: string; message: string };

export const ADOPT_NOT_FOUND_CODE = 'adoptable_file_not_found';

/** Reads an adoption failure body; undefined when it is not one of the two known failures. */
export function classifyAdoptFailure(url: string, body: unknown): AdoptOutcome | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { message, code } = body as { message?: unknown; code?: unknown };
  if (typeof message !== 'string') return undefined;
  if (code === ADOPT_NOT_FOUND_CODE || /^not found in /i.test(message)) return { outcome: 'not-found', url, message };
  if (/\balready exists\b/i.test(message)) return { outcome: 'exists', url, message };
  return undefined;
}

/** Metadata writes reply 200 with the resulting properties; a client relies on the status only. */
export const METADATA_WRITE_STATUS = 200;

/** Names in datum://, dataset:// URIs. */
export const NAME_PATTERN = /^[A-Za-z0-9._-]+$/;

/** Datums in one `apply` request when pushing many lines. */
export const APPLY_BATCH_SIZE = 500;
