// Values that depend on the data, for completion and hover. Local sources (this file, sibling
// files, the workspace) and later remote ones (datasets, versions, aliases and tags from the API)
// plug in through the same small interface, so completion code never changes for a new source.
import { forEachAnnotation, imageEntries } from '../annotations/metalake';
import { isObject } from '../core/json';

export type ValueKind = 'label' | 'tag' | 'dataset' | 'dataset-version' | 'alias' | 'model';

export interface KnownValue {
  value: string;
  /** where it comes from, shown beside the suggestion ("this file", "workspace", "Valohai") */
  detail?: string;
  documentation?: string;
}

export interface ValueContributor {
  values(kind: ValueKind): Promise<KnownValue[]> | KnownValue[];
  /** Markdown describing a dataset://, datum:// or model:// URI, when this source knows it. */
  describeUri?(uri: string): Promise<string | undefined> | string | undefined;
}

export class ValueRegistry {
  private readonly contributors = new Set<ValueContributor>();

  register(contributor: ValueContributor): { dispose(): void } {
    this.contributors.add(contributor);
    return { dispose: () => void this.contributors.delete(contributor) };
  }

  /** All contributors' values, first source wins for duplicates; a failing source is skipped. */
  async values(kind: ValueKind): Promise<KnownValue[]> {
    const seen = new Map<string, KnownValue>();
    const results = await Promise.allSettled([...this.contributors].map(async (c) => c.values(kind)));
    for (const r of results) {
      if (r.status !== 'fulfilled') continue;
      for (const v of r.value) if (!seen.has(v.value)) seen.set(v.value, v);
    }
    return [...seen.values()];
  }

  async describe(uri: string): Promise<string[]> {
    const results = await Promise.allSettled([...this.contributors].map(async (c) => c.describeUri?.(uri)));
    return results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
  }
}

/** URIs written in any text: dataset://name[/version], model://name/[version]. */
export function urisIn(text: string): { datasets: Set<string>; versions: Set<string>; models: Set<string> } {
  const datasets = new Set<string>();
  const versions = new Set<string>();
  const models = new Set<string>();
  for (const m of text.matchAll(/dataset:\/\/([A-Za-z0-9._-]+)(?:\/([A-Za-z0-9._-]+))?/g)) {
    if (m[2]) versions.add(m[0]);
    datasets.add(`dataset://${m[1]}`);
  }
  for (const m of text.matchAll(/model:\/\/[A-Za-z0-9._-]+\/(?:[A-Za-z0-9._-]+)?/g)) models.add(m[0]);
  return { datasets, versions, models };
}

/** Labels, image names and tags written in a parsed annotation / file-metadata / sidecar value. */
export function factsOf(value: unknown): { labels: Map<string, number>; images: string[]; tags: Set<string> } {
  const labels = new Map<string, number>();
  const images: string[] = [];
  const tags = new Set<string>();
  if (!isObject(value)) return { labels, images, tags };
  for (const entry of imageEntries(value)) if (isObject(entry) && typeof entry.image === 'string') images.push(entry.image);
  forEachAnnotation(value, (a) => {
    if (typeof a.label === 'string') labels.set(a.label, (labels.get(a.label) ?? 0) + 1);
  });
  const addTags = (t: unknown) => {
    if (Array.isArray(t)) for (const x of t) if (typeof x === 'string') tags.add(x);
  };
  addTags(value['valohai.tags']);
  if (isObject(value.metadata)) addTags(value.metadata['valohai.tags']);
  if (Array.isArray(value.files)) for (const f of value.files) if (isObject(f) && isObject(f.metadata)) addTags(f.metadata.Tags);
  return { labels, images, tags };
}
