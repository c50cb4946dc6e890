// The signed-in project's datasets, versions, aliases and tags as completion values, and the
// server's view of a dataset URI for hovers, through the editor's ValueRegistry.
import type { KnownValue, ValueContributor, ValueKind } from '../language/values';
import type { RemoteValues } from '../remote/values';

const MAX_DATASETS_FOR_VERSIONS = 20;
const detail = 'Valohai';

export function remoteValueSource(remote: RemoteValues): ValueContributor {
  const known = (values: string[]): KnownValue[] => values.map((value) => ({ value, detail }));
  return {
    async values(kind: ValueKind): Promise<KnownValue[]> {
      switch (kind) {
        case 'dataset':
          return known((await remote.datasets()).map((name) => `dataset://${name}`));
        case 'dataset-version': {
          const names = (await remote.datasets()).slice(0, MAX_DATASETS_FOR_VERSIONS);
          const versions = await Promise.all(names.map(async (name) => (await remote.versions(name)).map((v) => `dataset://${name}/${v}`)));
          return known(versions.flat());
        }
        case 'alias':
          return known(await remote.aliases());
        case 'tag':
          return known(await remote.tags());
        default:
          return [];
      }
    },
    async describeUri(uri: string): Promise<string | undefined> {
      const m = /^dataset:\/\/([A-Za-z0-9._-]+)(?:\/([A-Za-z0-9._-]+))?$/.exec(uri);
      if (!m) return undefined;
      const datasets = await remote.datasets();
      if (datasets.length === 0) return undefined;
      if (!datasets.includes(m[1])) return `On Valohai: no dataset \`${m[1]}\` in the signed-in project.`;
      const versions = await remote.versions(m[1]);
      if (!m[2]) return `On Valohai: dataset \`${m[1]}\` with ${versions.length} version${versions.length === 1 ? '' : 's'}.`;
      return versions.includes(m[2]) ? `On Valohai: version \`${m[2]}\` of \`${m[1]}\` exists.` : `On Valohai: dataset \`${m[1]}\` has no version \`${m[2]}\` yet (a push with this URI creates it).`;
    },
  };
}
