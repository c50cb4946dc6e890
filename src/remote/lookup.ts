// Finding the datum a local file describes, the way real clients do: by its name, which is the
// file's path relative to the outputs root (`2024-11-25/report_0.txt`), through the datum list's
// `name` filter; several datums with one name are told apart by the local file's sha256. One
// resolver serves one push: every name is asked for once, and a JSONL's names are looked up in one
// listing of their execution's outputs where that is possible (policy.ts says when).
import * as l10n from '@vscode/l10n';
import * as fs from 'fs';
import * as path from 'path';
import type { ValohaiApi } from './api';
import {
  BATCH_BY_OUTPUT_EXECUTION,
  LOOKUP_CONCURRENCY,
  OUTPUT_EXECUTION_PARAM,
  OUTPUTS_FOLDER_NAMES,
  OUTPUTS_ROOT_MARKER,
  PAGE_SIZE,
  PROJECT_SCAN_MAX,
  PROJECT_SCAN_PAGE_SIZE,
} from './policy';
import type { Datum } from './types';

export interface DatumMatch {
  datum?: Datum;
  /** every datum with the name (several: the caller may ask the user) */
  candidates: Datum[];
  problem?: string;
}

export interface DatumQuery {
  /** names to try in order (paths relative to the outputs root); the first that names a datum wins */
  names: string[];
  /** the local file's sha256, when there is a local file */
  localSha256?: () => Promise<string | undefined>;
}

/** A name as the platform writes it: forward slashes, no leading `./` or `/`. */
export function datumName(relative: string): string {
  return relative
    .replace(/\\/g, '/')
    .split('/')
    .filter((part) => part && part !== '.')
    .join('/');
}

function executionId(datum: Datum): string | undefined {
  const exec = (datum as { output_execution?: unknown }).output_execution;
  if (typeof exec === 'string') return exec;
  if (exec && typeof exec === 'object' && typeof (exec as { id?: unknown }).id === 'string') return (exec as { id: string }).id;
  return undefined;
}

function isDatum(value: unknown): value is Datum {
  return !!value && typeof value === 'object' && typeof (value as Datum).id === 'string' && typeof (value as Datum).name === 'string';
}

function byName(datums: readonly Datum[]): Map<string, Datum[]> {
  const map = new Map<string, Datum[]>();
  for (const d of datums) {
    const list = map.get(d.name);
    if (list) list.push(d);
    else map.set(d.name, [d]);
  }
  return map;
}

export class DatumResolver {
  private readonly named = new Map<string, Promise<Datum[]>>();
  private readonly executions = new Map<string, Promise<Map<string, Datum[]>>>();
  private scan?: Promise<Map<string, Datum[]>>;
  /** set when a reply showed that the server does not filter by name */
  private filterIgnored = false;
  /** the execution whose outputs the file names are, once one is known for certain */
  private anchor?: string;

  constructor(
    private readonly api: ValohaiApi,
    private readonly project: string,
    private readonly signal?: AbortSignal,
  ) {}

  /** Every datum of the project called exactly `name` (asked once per push). */
  datumsNamed(name: string): Promise<Datum[]> {
    let hit = this.named.get(name);
    if (!hit) {
      hit = this.lookup(name);
      hit.catch(() => this.named.delete(name));
      this.named.set(name, hit);
    }
    return hit;
  }

  private async lookup(name: string): Promise<Datum[]> {
    if (this.filterIgnored) return (await this.projectListing()).get(name) ?? [];
    const found: Datum[] = [];
    const needle = name.toLowerCase();
    let page = await this.api.datums(this.project, { search: name, limit: PAGE_SIZE }, undefined, this.signal);
    for (let pages = 1; ; pages++) {
      const results = page.results.filter(isDatum);
      if (results.some((d) => !d.name.toLowerCase().includes(needle))) {
        // Not filtered by name: one listing of the project serves this and every later name.
        this.filterIgnored = true;
        return (await this.projectListing()).get(name) ?? [];
      }
      for (const d of results) if (d.name === name) found.push(d);
      // A substring filter may return many names that contain this one: bounded like a listing.
      if (!page.next || pages * PAGE_SIZE >= PROJECT_SCAN_MAX) return found;
      page = await this.api.datums(this.project, {}, page.next, this.signal);
    }
  }

  /** The project's datums, read once (bounded), for a server that does not filter by name. */
  private projectListing(): Promise<Map<string, Datum[]>> {
    this.scan ??= this.api.all<Datum>('api/v0/data/', { project: this.project, ordering: '-ctime', deleted: false, limit: PROJECT_SCAN_PAGE_SIZE }, this.signal, PROJECT_SCAN_MAX).then((all) => byName(all.filter(isDatum)));
    return this.scan;
  }

  /** One execution's outputs, listed once (`output_execution=<id>`), by name. */
  private outputsOf(execution: string): Promise<Map<string, Datum[]>> {
    let hit = this.executions.get(execution);
    if (!hit) {
      hit = this.api
        .all<Datum>('api/v0/data/', { [OUTPUT_EXECUTION_PARAM]: execution, limit: PROJECT_SCAN_PAGE_SIZE }, this.signal, PROJECT_SCAN_MAX)
        // A server that ignored the filter returned other executions' datums too: keep only this one's.
        .then((all) => byName(all.filter((d) => isDatum(d) && executionId(d) === execution)));
      hit.catch(() => this.executions.delete(execution));
      this.executions.set(execution, hit);
    }
    return hit;
  }

  /** The datum of one local file. */
  async resolve(query: DatumQuery): Promise<DatumMatch> {
    let sha: Promise<string | undefined> | undefined;
    const localSha = (): Promise<string | undefined> => (sha ??= query.localSha256?.() ?? Promise.resolve(undefined));
    const names = [...new Set(query.names.map(datumName).filter(Boolean))];
    if (!names.length) return { candidates: [], problem: l10n.t('no file name to look up') };

    if (BATCH_BY_OUTPUT_EXECUTION && this.anchor) {
      const outputs = await this.outputsOf(this.anchor);
      for (const name of names) {
        const same = outputs.get(name);
        if (!same?.length) continue;
        const local = await localSha();
        const agreeing = local ? same.filter((d) => !d.sha256 || d.sha256 === local) : same;
        if (agreeing.length === 1) return { datum: agreeing[0], candidates: same };
        break; // several, or a sha256 that disagrees: the project-wide lookup decides
      }
    }

    for (const name of names) {
      const found = await this.datumsNamed(name);
      if (!found.length) continue;
      if (found.length === 1) return this.settled(found[0], found);
      const local = await localSha();
      const same = local ? found.filter((d) => d.sha256 === local) : [];
      if (same.length === 1) return this.settled(same[0], found);
      const problem = !local
        ? l10n.t('{0} datums are named {1} and there is no local file to compare sha256 with', found.length, name)
        : same.length > 1
          ? l10n.t('{0} datums are named {1} and {2} of them have the local file’s sha256', found.length, name, same.length)
          : l10n.t('{0} datums are named {1} and none has the local file’s sha256', found.length, name);
      return { candidates: same.length > 1 ? same : found, problem };
    }
    return { candidates: [], problem: names.length > 1 ? l10n.t('no datum named {0} in the project (also tried {1})', names[0], names.slice(1).join(', ')) : l10n.t('no datum named {0} in the project', names[0]) };
  }

  private settled(datum: Datum, candidates: Datum[]): DatumMatch {
    const execution = executionId(datum);
    if (!this.anchor && execution) this.anchor = execution;
    return { datum, candidates };
  }

  /**
   * Many files: the first alone (it may name the execution whose outputs the others are), the rest
   * a few at a time. Results in the order given.
   */
  async resolveAll(queries: readonly DatumQuery[]): Promise<DatumMatch[]> {
    const out: DatumMatch[] = new Array(queries.length);
    if (!queries.length) return out;
    out[0] = await this.resolve(queries[0]);
    let next = 1;
    const worker = async (): Promise<void> => {
      while (next < queries.length) {
        const i = next++;
        out[i] = await this.resolve(queries[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, queries.length - 1) }, worker));
    return out;
  }
}

/**
 * The names a local file may have on the platform: its path relative to the outputs root. The root
 * is the nearest folder above it holding a `valohai.metadata.jsonl` or named `outputs`; without one,
 * every folder up to `stopAt` (the workspace folder) is a candidate, the longest path first.
 */
export function localDatumNames(file: string, stopAt?: string, exists: (p: string) => boolean = fs.existsSync): string[] {
  const absolute = path.resolve(file);
  const stop = stopAt ? path.resolve(stopAt) : undefined;
  const ancestors: string[] = [];
  for (let dir = path.dirname(absolute); ancestors.length < 8; dir = path.dirname(dir)) {
    ancestors.push(dir);
    if (dir === stop || path.dirname(dir) === dir) break;
  }
  const rel = (dir: string): string => datumName(path.relative(dir, absolute));
  const root = ancestors.find((dir) => OUTPUTS_FOLDER_NAMES.includes(path.basename(dir)) || exists(path.join(dir, OUTPUTS_ROOT_MARKER)));
  if (root) return [rel(root)];
  const inside = stop ? ancestors.filter((dir) => dir === stop || dir.startsWith(stop + path.sep)) : ancestors.slice(0, 1);
  return [...new Set((inside.length ? inside : ancestors.slice(0, 1)).map(rel).reverse())];
}
