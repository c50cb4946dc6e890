// Live values for completion (dataset:// names and versions, aliases, tags) from the signed-in
// project, cached until `clear()` (the tree's refresh calls it). Pure: give it a way to get the API
// and the project id.
import type { ValohaiApi } from './api';
import type { Dataset, DatasetVersion, Datum, DatumAlias } from './types';

export class RemoteValues {
  private readonly cache = new Map<string, Promise<string[]>>();

  constructor(private readonly context: () => { api: ValohaiApi; project: string } | undefined) {}

  clear(): void {
    this.cache.clear();
  }

  /** Dataset names of the project. */
  datasets(): Promise<string[]> {
    return this.cached('datasets', async ({ api, project }) => (await api.all<Dataset>('api/v0/datasets/', { project, ordering: 'name' })).map((d) => d.name));
  }

  /** Version names of the dataset called `name`. */
  versions(name: string): Promise<string[]> {
    return this.cached(`versions:${name}`, async ({ api, project }) => {
      const dataset = (await api.all<Dataset>('api/v0/datasets/', { project, ordering: 'name' })).find((d) => d.name === name);
      return dataset ? (await api.all<DatasetVersion>('api/v0/dataset-versions/', { dataset: dataset.id })).map((v) => v.name) : [];
    });
  }

  /** Datum alias names of the project. */
  aliases(): Promise<string[]> {
    return this.cached('aliases', async ({ api, project }) => (await api.aliases(project)).map((a: DatumAlias) => a.name));
  }

  /** Tags seen on the project's newest datums (the API has no tag list; one page is read). */
  tags(): Promise<string[]> {
    return this.cached('tags', async ({ api, project }) => {
      const page = await api.datums(project, { limit: 500 });
      const tags = new Set<string>();
      for (const datum of page.results as Datum[]) for (const tag of datum.tags ?? []) tags.add(tag);
      return [...tags].sort();
    });
  }

  private cached(key: string, load: (ctx: { api: ValohaiApi; project: string }) => Promise<string[]>): Promise<string[]> {
    const ctx = this.context();
    if (!ctx) return Promise.resolve([]);
    const hit = this.cache.get(key);
    if (hit) return hit;
    // A failure is not cached: the next completion asks again.
    const promise = load(ctx).catch((error: unknown) => {
      this.cache.delete(key);
      throw error;
    });
    this.cache.set(key, promise);
    return promise;
  }
}
