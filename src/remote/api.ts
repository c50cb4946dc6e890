// The endpoints the product uses, on top of ValohaiClient. Lists return one page at a time (the
// caller keeps `next`) or everything via `all()`, which follows `next` exactly as given.
import { ValohaiClient, type RequestOptions } from './client';
import { ApiError } from './errors';
import { PAGE_SIZE, SEARCH_PARAM, TAG_PARAM, classifyAdoptFailure, type AdoptOutcome } from './policy';
import type { Dataset, DatasetVersion, Datum, DatumAlias, Page, Project, Properties, Store, User } from './types';

export interface ListQuery {
  search?: string;
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

  datums(project: string, q: ListQuery = {}, next?: string | null, signal?: AbortSignal): Promise<Page<Datum>> {
    return this.page<Datum>('api/v0/data/', { project, ordering: q.ordering ?? '-ctime', deleted: false, [SEARCH_PARAM]: q.search, [TAG_PARAM]: q.tag, limit: q.limit }, next, signal);
  }

  datum(id: string, signal?: AbortSignal): Promise<Datum> {
    return this.client.json<Datum>('GET', `api/v0/data/${encodeURIComponent(id)}/`, { signal });
  }

  datasets(project: string, q: ListQuery = {}, next?: string | null, signal?: AbortSignal): Promise<Page<Dataset>> {
    return this.page<Dataset>('api/v0/datasets/', { project, ordering: q.ordering ?? 'name', [SEARCH_PARAM]: q.search, limit: q.limit }, next, signal);
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
    return this.all<DatumAlias>('api/v0/datum-aliases/', { project }, signal);
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

  /** The three documented replies become outcomes; anything else throws. */
  async adopt(storeId: string, url: string, project: string, signal?: AbortSignal): Promise<AdoptOutcome> {
    try {
      const reply = await this.client.json<{ ok?: boolean; created?: Record<string, string> }>('POST', `api/v0/stores/${encodeURIComponent(storeId)}/adopt/`, { body: { url, project }, signal });
      const datumId = reply?.created?.[url] ?? Object.values(reply?.created ?? {})[0];
      if (!datumId) throw new ApiError('bad-reply', `The server accepted ${url} but did not say which datum it created.`, { body: reply });
      return { outcome: 'created', url, datumId };
    } catch (error) {
      const known = error instanceof ApiError && error.kind === 'request' ? classifyAdoptFailure(url, error.details.body) : undefined;
      if (known) return known;
      throw error;
    }
  }

  /**
   * A datum's bytes. The API replies with `{url}` (fetched WITHOUT the token, since it is another
   * origin) or the bytes themselves; the sha256 is checked when the datum has one.
   */
  async download(datum: Datum, signal?: AbortSignal, sha256?: (bytes: Uint8Array) => string): Promise<Uint8Array> {
    const reply = await this.client.raw('GET', `api/v0/data/${encodeURIComponent(datum.id)}/download/`, { signal });
    let bytes = reply.bytes;
    if ((reply.headers.get('content-type') ?? '').includes('application/json')) {
      const { url } = JSON.parse(new TextDecoder().decode(bytes)) as { url?: string };
      if (!url) throw new ApiError('bad-reply', `The download reply for ${datum.name} has no URL.`);
      bytes = (await this.client.raw('GET', url, { signal })).bytes;
    }
    if (sha256 && datum.sha256 && sha256(bytes) !== datum.sha256) {
      throw new ApiError('bad-reply', `The downloaded ${datum.name} does not match its sha256 checksum; it was not saved.`);
    }
    return bytes;
  }
}

function checkPage<T>(page: Page<T>): Page<T> {
  if (!page || !Array.isArray(page.results)) throw new ApiError('bad-reply', 'The server replied with a list in an unknown shape (no `results`).');
  return page;
}
