// Checks the schema cannot express, run on the parsed value. Each returns pending problems
// (paths, not ranges); analyze.ts looks up the ranges of just those paths afterwards. The annotation
// checks are in annotationChecks.ts; this file has the properties, JSONL and file-metadata ones and
// the passes that merge one mistake's problems into one.
import * as l10n from '@vscode/l10n';
import type { JsonPath } from '../core/jsonScan';
import { isObject, type Json } from '../core/json';
import { closest } from '../core/text';
import type { PendingProblem } from './problems';

export { isObject } from '../core/json';

export const RESERVED_KEYS = ['valohai.tags', 'valohai.alias', 'valohai.dataset-versions', 'valohai.model-versions', 'valohai.last-used'] as const;
export const JSONL_TARGET_KEYS = ['file', 'dataset', 'dataset-version'] as const;
/** Keys of a `valohai.dataset-versions` object: the documented ones, then those Valohai's examples and public user code write. */
export const DATASET_VERSION_KEYS = ['uri', 'from', 'start_fresh', 'exclude', 'targeting_aliases', 'packaging', 'valohai.tags', 'metadata', 'associated_project_ids'] as const;

/** Reserved-key checks shared by sidecars and every JSONL `metadata`. */
export function checkProperties(props: unknown, base: JsonPath): PendingProblem[] {
  if (!isObject(props)) return [];
  const out: PendingProblem[] = [];
  const versions = props['valohai.dataset-versions'];
  if (Array.isArray(versions)) {
    versions.forEach((entry, i) => {
      if (isObject(entry)) checkKnownKeys(entry, DATASET_VERSION_KEYS, [...base, 'valohai.dataset-versions', i], l10n.t('a dataset version'), out);
    });
  }
  for (const key of Object.keys(props)) {
    if (!key.startsWith('valohai.')) continue;
    if (key === 'valohai.last-used') {
      out.push({
        path: [...base, key],
        anchor: 'key',
        severity: 'warning',
        code: 'read-only-key',
        message: l10n.t('`valohai.last-used` is set by the platform when a dataset is used; a file should not set it.'),
      });
    } else if (!(RESERVED_KEYS as readonly string[]).includes(key)) {
      const suggestion = closest(key, RESERVED_KEYS.filter((k) => k !== 'valohai.last-used'));
      out.push({
        path: [...base, key],
        anchor: 'key',
        severity: 'warning',
        code: 'unknown-reserved-key',
        message: l10n.t('`{0}` is not a key the platform knows; keys starting with "valohai." are reserved.', key) + (suggestion ? ' ' + l10n.t('Did you mean `{0}`?', suggestion) : ''),
        data: suggestion ? { suggestion } : undefined,
      });
    }
  }
  return out;
}

export function checkJsonlLine(line: unknown): PendingProblem[] {
  if (!isObject(line)) return [];
  const targets = JSONL_TARGET_KEYS.filter((k) => k in line);
  const out: PendingProblem[] = [];
  if (targets.length === 0) {
    out.push({
      path: [],
      anchor: 'open',
      severity: 'error',
      code: 'jsonl-missing-target',
      message: l10n.t('This line says nothing about what its metadata is for: give one of `file`, `dataset` or `dataset-version`.'),
      data: { missing: [...JSONL_TARGET_KEYS] },
    });
  } else if (targets.length > 1) {
    out.push({
      path: [targets[1]],
      anchor: 'key',
      severity: 'error',
      code: 'jsonl-multiple-targets',
      message: l10n.t('A line describes one thing: it has both `{0}` and `{1}`. Put each on its own line.', targets[0], targets[1]),
    });
  }
  out.push(...checkProperties(line.metadata, ['metadata']));
  return out;
}

/** Unknown keys in an object of a known shape: a warning naming the closest known key. */
export function checkKnownKeys(obj: Json, known: readonly string[], base: JsonPath, what: string, out: PendingProblem[]): void {
  for (const key in obj) {
    if ((known as readonly string[]).includes(key)) continue;
    const suggestion = closest(key, known);
    out.push({
      path: [...base, key],
      anchor: 'key',
      severity: 'warning',
      code: 'unknown-key',
      message: l10n.t('Unknown key `{0}` in {1}; it will be ignored.', key, what) + (suggestion ? ' ' + l10n.t('Did you mean `{0}`?', suggestion) : ''),
      data: suggestion ? { suggestion } : undefined,
    });
  }
}

export function checkFileMetadata(doc: unknown): PendingProblem[] {
  const out: PendingProblem[] = [];
  if (!isObject(doc) || !Array.isArray(doc.files)) return out;
  const firstIndex = new Map<string, number>();
  doc.files.forEach((entry: unknown, i: number) => {
    if (!isObject(entry)) return;
    if (isObject(entry.metadata)) {
      for (const key of Object.keys(entry.metadata)) {
        if (key === 'Tags' || !/^tags?$/i.test(key)) continue;
        const hasTags = 'Tags' in entry.metadata;
        out.push({
          path: ['files', i, 'metadata', key],
          anchor: 'key',
          severity: 'hint',
          code: 'tags-key-case',
          message: l10n.t("MetaLake reads a file's tags from `Tags` (capital T); `{0}` is kept as an ordinary metadata field.", key) + (hasTags ? ' ' + l10n.t('This entry has `Tags` too: merge the two.') : ''),
          data: hasTags ? undefined : { suggestion: 'Tags' },
        });
      }
    }
    if (typeof entry.file !== 'string') return;
    const first = firstIndex.get(entry.file);
    if (first !== undefined) {
      out.push({
        path: ['files', i, 'file'],
        anchor: 'value',
        severity: 'warning',
        code: 'duplicate-file',
        message: l10n.t("\"{0}\" is listed again; its first entry is files[{1}]. Only one entry's metadata will apply.", entry.file, first),
      });
    } else firstIndex.set(entry.file, i);
  });
  return out;
}

/** Points of one list that are all wrong the same way (3-D points, say): one error, on the first. */
function mergeBadPoints(pending: PendingProblem[]): PendingProblem[] {
  const groups = new Map<string, PendingProblem[]>();
  for (const p of pending) {
    if (p.code !== 'invalid-point' || typeof p.path[p.path.length - 1] !== 'number') continue;
    // The same mistake: same list, same message but for the point's index.
    const key = JSON.stringify(p.path.slice(0, -1)) + p.message.replace(/\[\d+\]`/, '`');
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  const drop = new Set<PendingProblem>();
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const parent = list[0].path[list[0].path.length - 2];
    list[0].message = list.length === 2 ? l10n.t('{0} (and {1} more point of this {2} like it).', list[0].message.replace(/\.$/, ''), list.length - 1, String(parent)) : l10n.t('{0} (and {1} more points of this {2} like it).', list[0].message.replace(/\.$/, ''), list.length - 1, String(parent));
    for (const p of list.slice(1)) drop.add(p);
  }
  return drop.size === 0 ? pending : pending.filter((p) => !drop.has(p));
}

/**
 * One mistake, one diagnostic: below a flat point list the schema's "not a point" errors add
 * nothing, so they go.
 */
export function collapseCascades(pending: PendingProblem[]): PendingProblem[] {
  pending = mergeBadPoints(pending);
  const flat = pending.filter((p) => p.code === 'flat-points').map((p) => JSON.stringify(p.path).slice(0, -1));
  if (flat.length === 0) return pending;
  return pending.filter((p) => {
    if (p.code === 'flat-points') return true;
    const key = JSON.stringify(p.path);
    return !flat.some((f) => key.startsWith(f + ',') || (key === f + ']' && p.code !== 'flat-points'));
  });
}

/**
 * A misspelt required key shows up twice: as "unknown key" and as "missing key". Keep one
 * diagnostic, on the misspelling, as an error that names the fix.
 */
export function mergeMisspelledKeys(pending: PendingProblem[]): PendingProblem[] {
  const missing = pending.filter((p) => p.data?.missing);
  if (missing.length === 0) return pending;
  const drop = new Set<PendingProblem>();
  for (const m of missing) {
    const prefix = JSON.stringify(m.path);
    for (const p of pending) {
      const suggestion = p.data?.suggestion;
      if (p.anchor !== 'key' || !suggestion || !m.data!.missing!.includes(suggestion) || p.path.length !== m.path.length + 1) continue;
      if (JSON.stringify(p.path.slice(0, -1)) !== prefix) continue;
      drop.add(m);
      p.severity = 'error';
      p.message = l10n.t('`{0}` should probably be `{1}`, which is required here.', String(p.path[p.path.length - 1]), suggestion);
    }
  }
  return drop.size === 0 ? pending : pending.filter((p) => !drop.has(p));
}
