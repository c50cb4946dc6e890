// The endpoints the product uses, on top of ValohaiClient. Lists return one page at a time (the
// caller keeps `next`) or everything via `all()`, which follows `next` exactly as given.
import * as l10n from '@vscode/l10n';
import { ValohaiClient, type RawReply, type RequestOptions } from './client';
import { ApiError } from './errors';
import { DATASET_NAME_PARAM, DATUM_NAME_PARAM, OUTPUT_EXECUTION_PARAM, PAGE_SIZE, TAG_PARAM, classifyAdoptFailure, type AdoptOutcome } from './policy';
import type { Dataset, DatasetVersion, Datum, DatumAlias, Page, Project, Properties, Store, User } from './types';

export interface ListQuery {
  /** text the names contain (sent as the `name` filter on datums; datasets are filtered here) */
  search?: string;
  /** one execution's outputs (datums) */
  outputExecution?: string;
  tag?: string;
  limit?: number;
  ordering?: string;
}

export class ValohaiApi {
  constructor(readonly client: ValohaiClient) {}

  me(signal?: AbortSignal): Promise<User> {
    return this.client.json<User>('GET', 'api/v0/users/me/', { signal });
  }

  /** One page: `next` (absolute URL from a previous page) or the first page of `path` with `query`. */
  page<T>(path: string, query: RequestOptions['query'], next?: string | null, signal?: AbortSignal): Promise<Page<T>> {
    if (next) return this.client.json<Page<T>>('GET', next, { signal }).then(checkPage);
    return this.client.json<Page<T>>('GET', path, { query: { limit: PAGE_SIZE, ...query }, signal }).then(checkPage);
  }

  /** Every item of a list, following `next`. */
  async all<T>(path: string, query: RequestOptions['query'], signal?: AbortSignal, max = 100_000): Promise<T[]> {
    const items: T[] = [];
    let page = await this.page<T>(path, query, undefined, signal);
    // A loop, not push(...results): a page of 100k items would overflow the argument stack.
    for (const item of page.results) items.push(item);
    while (page.next && items.length < max) {
      page = await this.page<T>(path, query, page.next, signal);
      for (const item of page.results) items.push(item);
    }
    return items;
  }

  projects(next?: string | null, signal?: AbortSignal): Promise<Page<Project>> {
    return this.page<Project>('api/v0/projects/', { ordering: 'name' }, next, signal);
  }

  project(id: string, signal?: AbortSignal): Promise<Project> {
    return this.client.json<Project>('GET', `api/v0/projects/${encodeURIComponent(id)}/`, { signal });
  }

  datums(project: string, q: ListQuery = {}, next?: string | null, signal?: AbortSignal): Promise<Page<Datum>> {
    const query = { project, ordering: q.ordering ?? '-ctime', deleted: false, [DATUM_NAME_PARAM]: q.search, [TAG_PARAM]: q.tag, [OUTPUT_EXECUTION_PARAM]: q.outputExecution, limit: q.limit };
    return this.page<Datum>('api/v0/data/', query, next, signal);
  }

  datum(id: string, signal?: AbortSignal): Promise<Datum> {
    return this.client.json<Datum>('GET', `api/v0/data/${encodeURIComponent(id)}/`, { signal });
  }

  /** With `search`, only the datasets whose name contains it (filtered here: no server filter is known). */
  async datasets(project: string, q: ListQuery = {}, next?: string | null, signal?: AbortSignal): Promise<Page<Dataset>> {
    const query = { project, ordering: q.ordering ?? 'name', limit: q.limit, ...(DATASET_NAME_PARAM ? { [DATASET_NAME_PARAM]: q.search } : {}) };
    const page = await this.page<Dataset>('api/v0/datasets/', query, next, signal);
    const text = q.search?.toLowerCase();
    return text ? { ...page, results: page.results.filter((d) => typeof d?.name === 'string' && d.name.toLowerCase().includes(text)) } : page;
  }

  dataset(id: string, signal?: AbortSignal): Promise<Dataset> {
    return this.client.json<Dataset>('GET', `api/v0/datasets/${encodeURIComponent(id)}/`, { signal });
  }

  versions(dataset: string, q: ListQuery = {}, next?: string | null, signal?: AbortSignal): Promise<Page<DatasetVersion>> {
    return this.page<DatasetVersion>('api/v0/dataset-versions/', { dataset, ordering: q.ordering ?? '-ctime', limit: q.limit }, next, signal);
  }

  version(id: string, signal?: AbortSignal): Promise<DatasetVersion> {
    return this.client.json<DatasetVersion>('GET', `api/v0/dataset-versions/${encodeURIComponent(id)}/`, { signal });
  }

  stores(signal?: AbortSignal): Promise<Store[]> {
    return this.all<Store>('api/v0/stores/', {}, signal);
  }

  aliases(project: string, signal?: AbortSignal): Promise<DatumAlias[]> {
    return this.all<DatumAlias>('api/v0/datum-aliases/', { project, ordering: '-ctime', deleted: false, no_count: true }, signal);
  }

  setDatumProperties(id: string, properties: Properties, signal?: AbortSignal): Promise<unknown> {
    return this.client.json('POST', `api/v0/data/${encodeURIComponent(id)}/metadata/`, { body: properties, signal });
  }

  applyDatumProperties(byDatum: Record<string, Properties>, signal?: AbortSignal): Promise<unknown> {
    return this.client.json('POST', 'api/v0/data/metadata/apply/', { body: { datum_metadata: byDatum }, signal });
  }

  applyToAll(properties: Properties, datumIds: string[], signal?: AbortSignal): Promise<unknown> {
    return this.client.json('POST', 'api/v0/data/metadata/apply-all/', { body: { metadata: properties, datum_ids: datumIds }, signal });
  }

  setDatasetProperties(id: string, properties: Properties, signal?: AbortSignal): Promise<unknown> {
    return this.client.json('POST', `api/v0/datasets/${encodeURIComponent(id)}/metadata/`, { body: properties, signal });
  }

  setVersionProperties(id: string, properties: Properties, signal?: AbortSignal): Promise<unknown> {
    return this.client.json('POST', `api/v0/dataset-versions/${encodeURIComponent(id)}/metadata/`, { body: properties, signal });
  }

  /**
   * The three documented replies become outcomes, told apart by their body whatever the status code
   * (codes are not published); anything else throws.
   */
  async adopt(storeId: string, url: string, project: string, signal?: AbortSignal): Promise<AdoptOutcome> {
    let reply: { ok?: unknown; created?: unknown } | undefined;
    try {
      reply = await this.client.json<{ ok?: unknown; created?: unknown }>('POST', `api/v0/stores/${encodeURIComponent(storeId)}/adopt/`, { body: { url, project }, signal });
    } catch (error) {
      const hasBody = error instanceof ApiError && error.kind !== 'auth' && error.kind !== 'cancelled' && error.kind !== 'network' && error.kind !== 'timeout';
      const known = hasBody ? classifyAdoptFailure(url, error.details.body) : undefined;
      if (known) return known;
      throw error;
    }
    const created = reply && typeof reply.created === 'object' && reply.created && !Array.isArray(reply.created) ? (reply.created as Record<string, unknown>) : undefined;
    const datumId = created ? created[url] ?? Object.values(created)[0] : undefined;
    if (typeof datumId === 'string' && datumId) return { outcome: 'created', url, datumId };
    const known = classifyAdoptFailure(url, reply);
    if (known) return known;
    throw new ApiError('bad-reply', l10n.t('The server accepted {0} but did not say which datum it created.', url), { body: reply });
  }

  /**
   * A datum's bytes. As valohai-cli: a reply with `Content-Disposition: attachment` is the file
   * itself (whatever its content type, JSON included); otherwise it is `{url}`, fetched WITHOUT the
   * token, even when the URL is on the API's own origin. A redirect the client followed to the
   * file ends at its bytes. The sha256 is checked when the datum has one.
   */
  async download(datum: Datum, signal?: AbortSignal, sha256?: (bytes: Uint8Array) => string): Promise<Uint8Array> {
    const reply = await this.client.raw('GET', `api/v0/data/${encodeURIComponent(datum.id)}/download/`, { signal });
    const bytes = await this.downloadedBytes(datum, reply, signal);
    if (sha256 && datum.sha256 && sha256(bytes) !== datum.sha256) {
      throw new ApiError('bad-reply', l10n.t('The downloaded {0} does not match its sha256 checksum; it was not saved.', datum.name));
    }
    return bytes;
  }

  private async downloadedBytes(datum: Datum, reply: RawReply, signal?: AbortSignal): Promise<Uint8Array> {
    if (/^\s*attachment\b/i.test(reply.headers.get('content-disposition') ?? '')) return reply.bytes;
    const isJson = /\bjson\b/i.test(reply.headers.get('content-type') ?? '');
    const redirected = new URL(reply.url).pathname !== new URL(this.client.url(`api/v0/data/${encodeURIComponent(datum.id)}/download/`)).pathname;
    if (!isJson && redirected) return reply.bytes;
    let url: unknown;
    try {
      url = (JSON.parse(new TextDecoder().decode(reply.bytes)) as { url?: unknown } | null)?.url;
    } catch {
      url = undefined;
    }
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
      if (!isJson) return reply.bytes;
      throw new ApiError('bad-reply', l10n.t('The download reply for {0} is neither the file (Content-Disposition: attachment) nor a {"url"} to fetch it from.', datum.name));
    }
    return (await this.client.withoutToken().raw('GET', url, { signal })).bytes;
  }
}

function checkPage<T>(page: Page<T>): Page<T> {
  if (!page || !Array.isArray(page.results)) throw new ApiError('bad-reply', l10n.t('The server replied with a list in an unknown shape (no `results`).'));
  return page;
}
