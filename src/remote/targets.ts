// What a push or an edit is aimed at (a datum, a dataset, a dataset version), declared once, and
// how a name in a local file becomes one: datasets and their versions by name, datums by name and
// sha256 (lookup.ts), and the target a datum makes.
import * as l10n from '@vscode/l10n';
import type { ValohaiApi } from './api';
import type { Datum } from './types';

export type TargetKind = 'datum' | 'dataset' | 'dataset-version';

export interface Target {
  kind: TargetKind;
  id: string;
  /** shown in the tab title and messages */
  name: string;
}

export function describeTarget(target: Target): string {
  return target.kind === 'datum' ? l10n.t('datum {0}', target.name) : target.kind === 'dataset' ? l10n.t('dataset {0}', target.name) : l10n.t('dataset version {0}', target.name);
}

/** The target a datum makes; the execution is named too, since two executions may output one name. */
export function datumTargetOf(datum: Datum): Target {
  const counter = datum.output_execution?.counter;
  return { kind: 'datum', id: datum.id, name: counter !== undefined ? l10n.t('{0} (execution #{1})', datum.name, counter) : datum.name };
}

export class DatasetResolver {
  private datasets?: Promise<{ id: string; name: string }[]>;
  private readonly versions = new Map<string, Promise<{ id: string; name: string }[]>>();

  constructor(
    private readonly api: ValohaiApi,
    private readonly project: string,
    private readonly signal?: AbortSignal,
  ) {}

  async dataset(name: string): Promise<{ id: string; name: string } | undefined> {
    this.datasets ??= this.api.all<{ id: string; name: string }>('api/v0/datasets/', { project: this.project, ordering: 'name' }, this.signal, 100_000);
    this.datasets.catch(() => (this.datasets = undefined));
    return (await this.datasets).find((d) => d?.name === name);
  }

  async version(uri: string): Promise<{ id: string; name: string } | string> {
    const m = /^dataset:\/\/([^/]+)\/([^/]+)$/.exec(uri);
    if (!m) return l10n.t('{0} is not a dataset://<name>/<version> URI', uri);
    const dataset = await this.dataset(m[1]);
    if (!dataset) return l10n.t('no dataset named {0} in the project', m[1]);
    let versions = this.versions.get(dataset.id);
    if (!versions) {
      versions = this.api.all<{ id: string; name: string }>('api/v0/dataset-versions/', { dataset: dataset.id }, this.signal, 100_000);
      versions.catch(() => this.versions.delete(dataset.id));
      this.versions.set(dataset.id, versions);
    }
    const version = (await versions).find((v) => v?.name === m[2]);
    return version ? { id: version.id, name: uri } : l10n.t('dataset {0} has no version {1}', m[1], m[2]);
  }
}

export function findDataset(api: ValohaiApi, project: string, name: string, signal?: AbortSignal): Promise<{ id: string; name: string } | undefined> {
  return new DatasetResolver(api, project, signal).dataset(name);
}

export function findVersion(api: ValohaiApi, project: string, uri: string, signal?: AbortSignal): Promise<{ id: string; name: string } | string> {
  return new DatasetResolver(api, project, signal).version(uri);
}

/**
 * The target of a valohai.metadata.jsonl line that names a dataset or a dataset version (a `file`
 * line names a datum: DatumResolver); a string says why there is none.
 */
export async function metadataLineTarget(entry: Record<string, unknown>, datasets: DatasetResolver): Promise<Target | string> {
  if (typeof entry['dataset-version'] === 'string') {
    const version = await datasets.version(entry['dataset-version']);
    return typeof version === 'string' ? version : { kind: 'dataset-version', ...version };
  }
  if (typeof entry.dataset === 'string') {
    const datasetName = entry.dataset.replace(/^dataset:\/\//, '').replace(/\/$/, '');
    const dataset = await datasets.dataset(datasetName);
    return dataset ? { kind: 'dataset', id: dataset.id, name: dataset.name } : l10n.t('no dataset named {0} in the project', datasetName);
  }
  return l10n.t('the line has no file, dataset or dataset-version');
}
