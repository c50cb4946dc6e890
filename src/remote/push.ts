// Pushing local properties: find each target on the server, work out what would change, and send
// only that, in as few requests as the API allows. Pure: the caller confirms between plan and push.
import * as l10n from '@vscode/l10n';
import type { ValohaiApi } from './api';
import { describeChanges, diffProperties, patchFor, unknownBaseChanges, type Change } from './diff';
import { ApiError } from './errors';
import { DatumResolver, type DatumMatch } from './lookup';
import { APPLY_BATCH_SIZE, DATUM_DETAIL_EACH, DATUM_PROPERTIES_FIELD } from './policy';
import { describeTarget, type Target, type TargetKind } from './targets';
import type { Properties } from './types';

export { DatumResolver, localDatumNames, datumName, type DatumMatch, type DatumQuery } from './lookup';
export { DatasetResolver, findDataset, findVersion } from './targets';


export interface PushItem {
  /** 1-based line in the source file, where there is one */
  line?: number;
  /** what the user calls it: a file name, a dataset URI */
  label: string;
  properties: Properties;
  target?: Target;
  /** why there is no target (not found, ambiguous) */
  problem?: string;
  changes?: Change[];
  /**
   * The target's current properties: read by planChanges when not given; null when the server's
   * reply has none (the current values are unknown, never taken as `{}`).
   */
  current?: Properties | null;
}

export type PushStatus = 'pushed' | 'unchanged' | 'skipped' | 'failed';

export interface PushResult {
  line?: number;
  label: string;
  target?: string;
  status: PushStatus;
  message: string;
}

/**
 * The datum called `name` in the project (a path relative to the outputs root). Several with that
 * name: the one whose sha256 equals the local file's; otherwise the caller decides (candidates).
 * For many names, keep one DatumResolver for the whole push instead.
 */
export function findDatumByName(api: ValohaiApi, project: string, name: string, localSha256?: () => Promise<string | undefined>, signal?: AbortSignal): Promise<DatumMatch> {
  return new DatumResolver(api, project, signal).resolve({ names: [name], localSha256 });
}

/**
 * Dataset lookups of one push: the project's datasets are listed once (no name filter is known for
 * datasets) and each dataset's versions once.
 */
/** The properties an API object shows; undefined when it has none (not published for datums). */
export function propertiesOf(object: unknown): Properties | undefined {
  const value = object && typeof object === 'object' ? (object as Record<string, unknown>)[DATUM_PROPERTIES_FIELD] : undefined;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Properties) : undefined;
}

/** A target's current properties; null when the server's reply does not show them. */
export async function currentProperties(api: ValohaiApi, kind: TargetKind, id: string, signal?: AbortSignal): Promise<Properties | null> {
  const object: unknown = kind === 'datum' ? await api.datum(id, signal) : kind === 'dataset' ? await api.dataset(id, signal) : await api.version(id, signal);
  const what = describeTarget({ kind, id, name: id });
  if (!object || typeof object !== 'object' || Array.isArray(object)) throw new ApiError('bad-reply', l10n.t('The server sent no {0} (the reply is not an object).', what));
  const metadata = (object as Record<string, unknown>)[DATUM_PROPERTIES_FIELD];
  if (metadata !== undefined && metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata))) {
    throw new ApiError('bad-reply', l10n.t('The server sent the properties of {0} as {1}, not an object; nothing was changed.', what, Array.isArray(metadata) ? l10n.t('a list') : l10n.t('a {0}', typeof metadata)));
  }
  return propertiesOf(object) ?? null;
}

/**
 * Fills `changes` of every resolved item: keys sent are set (null removes); others are kept. Where
 * the current properties are unknown every key is sent, `null` removals included.
 */
export async function planChanges(api: ValohaiApi, items: PushItem[], signal?: AbortSignal): Promise<void> {
  let datumsShowNone = false;
  for (const item of items) {
    if (!item.target) continue;
    const isDatum = item.target.kind === 'datum';
    if (item.current === undefined && isDatum && datumsShowNone && !DATUM_DETAIL_EACH) item.current = null;
    if (item.current === undefined) {
      item.current = await currentProperties(api, item.target.kind, item.target.id, signal);
      if (isDatum && item.current === null) datumsShowNone = true;
    }
    item.changes = item.current ? diffProperties(item.current, item.properties, false) : unknownBaseChanges(item.properties);
  }
}

/** The confirmation text: every change of every item, and what will not be pushed. */
export function describePlan(items: readonly PushItem[]): string {
  const lines: string[] = [];
  for (const item of items) {
    const where = item.line ? l10n.t('line {0}: {1}', item.line, item.label) : item.label;
    if (!item.target) lines.push(l10n.t('{0} — not pushed: {1}', where, item.problem ?? l10n.t('no target')));
    else if (!item.changes?.length) lines.push(l10n.t('{0} — no changes', where));
    else {
      const unknown = item.current === null ? ' ' + l10n.t('(the server’s current values are unknown: every key is sent as it is)') : '';
      lines.push(`${where} → ${item.target.kind} ${item.target.name}${unknown}`, ...describeChanges(item.changes).map((l) => `    ${l}`));
    }
  }
  return lines.join('\n');
}

export function changeCount(items: readonly PushItem[]): number {
  return items.reduce((n, item) => n + (item.target ? item.changes?.length ?? 0 : 0), 0);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends the planned changes: datum items in `apply` batches, datasets and versions one request
 * each. A failed or cancelled request marks exactly the items it carried; nothing is retried.
 */
export async function executePlan(api: ValohaiApi, items: readonly PushItem[], signal?: AbortSignal, progress?: (done: number, total: number) => void): Promise<PushResult[]> {
  const results = new Map<PushItem, PushResult>();
  const result = (item: PushItem, status: PushStatus, text: string): void => {
    results.set(item, { line: item.line, label: item.label, target: item.target && `${item.target.kind} ${item.target.name}`, status, message: text });
  };
  const todo: PushItem[] = [];
  for (const item of items) {
    if (!item.target) result(item, 'skipped', l10n.t('not pushed: {0}', item.problem ?? l10n.t('no target')));
    else if (!item.changes?.length) result(item, 'unchanged', l10n.t('already up to date'));
    else todo.push(item);
  }
  const datums = todo.filter((i) => i.target!.kind === 'datum');
  const others = todo.filter((i) => i.target!.kind !== 'datum');
  let done = 0;
  const cancelled = (batch: PushItem[]): boolean => {
    if (!signal?.aborted) return false;
    for (const item of batch) result(item, 'skipped', l10n.t('cancelled before it was sent'));
    return true;
  };
  for (let i = 0; i < datums.length; i += APPLY_BATCH_SIZE) {
    const batch = datums.slice(i, i + APPLY_BATCH_SIZE);
    if (cancelled(batch)) continue;
    try {
      if (batch.length === 1) await api.setDatumProperties(batch[0].target!.id, patchFor(batch[0].changes!), signal);
      else await api.applyDatumProperties(Object.fromEntries(batch.map((item) => [item.target!.id, patchFor(item.changes!)])), signal);
      for (const item of batch) result(item, 'pushed', l10n.t('{0} change(s) pushed', item.changes!.length));
    } catch (error) {
      const maybe = error instanceof ApiError && (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'cancelled') ? ' ' + l10n.t('(the server may or may not have applied it; refresh to check)') : '';
      for (const item of batch) result(item, 'failed', `${message(error)}${maybe}`);
    }
    done += batch.length;
    progress?.(done, todo.length);
  }
  for (const item of others) {
    if (cancelled([item])) continue;
    try {
      const patch = patchFor(item.changes!);
      if (item.target!.kind === 'dataset') await api.setDatasetProperties(item.target!.id, patch, signal);
      else await api.setVersionProperties(item.target!.id, patch, signal);
      result(item, 'pushed', l10n.t('{0} change(s) pushed', item.changes!.length));
    } catch (error) {
      result(item, 'failed', message(error));
    }
    progress?.(++done, todo.length);
  }
  return items.map((item) => results.get(item)!);
}

export function reportMarkdown(title: string, results: readonly PushResult[]): string {
  const count = (s: PushStatus): number => results.filter((r) => r.status === s).length;
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `# ${title}`,
    '',
    l10n.t('{0} pushed, {1} unchanged, {2} skipped, {3} failed.', count('pushed'), count('unchanged'), count('skipped'), count('failed')),
    '',
    `| ${[l10n.t('line'), l10n.t('item'), l10n.t('target'), l10n.t('result'), l10n.t('details')].join(' | ')} |`,
    '| --- | --- | --- | --- | --- |',
    ...results.map((r) => `| ${r.line ?? ''} | ${cell(r.label)} | ${cell(r.target ?? '')} | ${r.status} | ${cell(r.message)} |`),
    '',
  ].join('\n');
}
