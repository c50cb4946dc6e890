// An Ultralytics dataset config (`data.yaml`) checked as a file of its own: whether a YAML file is
// one, and what can be said from its text alone (YAML errors, missing keys, wrong types, names).
// Pure: no disk, no vscode. Paths and pairing, which need the disk, are in yoloConfigFiles.ts.
import * as l10n from '@vscode/l10n';
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Problem } from './problems';
import { problemAt, sortProblems } from './problemRanges';
import { parseDataYaml, type YoloClasses } from './yolo';

/** The split keys Ultralytics reads (`validation` is renamed to `val` with a warning). */
export const SPLIT_KEYS = ['train', 'val', 'test'] as const;
export type SplitKey = (typeof SPLIT_KEYS)[number];

/** One path of a split (a split may list several), or the dataset root `path`, with its range. */
export interface ConfigPath {
  key: SplitKey | 'path';
  value: string;
  start: number;
  end: number;
}

export interface DataYamlCheck {
  problems: Problem[];
  /** `path:` as written (absent or empty: the YAML's folder) */
  root?: ConfigPath;
  splits: ConfigPath[];
  /** a `download:` script or URL: paths that do not exist yet may be made by it */
  download: boolean;
  classes?: YoloClasses;
}

/** PyYAML (which Ultralytics reads configs with) takes these unquoted words for booleans (YAML 1.1). */
const PYYAML_BOOLEANS = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;

/** The last text parsed and its document: recognizing a config and checking it read it once. */
let last: { text: string; doc: ReturnType<typeof parseDocument> } | undefined;

function parse(text: string): ReturnType<typeof parseDocument> {
  if (last?.text !== text) last = { text, doc: parseDocument(text, { prettyErrors: false, uniqueKeys: false }) };
  return last.doc;
}

function range(node: Node | null | undefined, fallback: [number, number] = [0, 1]): [number, number] {
  const r = node?.range;
  return r ? [r[0], Math.max(r[1], r[0] + 1)] : fallback;
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

function entry(root: YAMLMap, key: string): Pair | undefined {
  return root.items.find((p) => keyOf(p) === key);
}

/** A split's value is a path, a list of paths, or empty; a map there means some other kind of YAML. */
function splitLike(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (isScalar(value)) return value.value === null || typeof value.value === 'string';
  if (isSeq(value)) return value.items.every((i) => isScalar(i) && (typeof i.value === 'string' || i.value === null));
  return false;
}

/**
 * Whether a YAML text is an Ultralytics dataset config: a top-level map with a class list (`names`
 * as a list or map, or `nc`) and a dataset path (`train`, `val`, `test` or `path` holding a path or a
 * list of paths). The file name does not matter (Ultralytics' own are `coco8.yaml`, Roboflow's
 * `data.yaml`), and nothing else qualifies: a GitHub workflow, valohai.yaml, a training config whose
 * `train:` is a map of settings. A text that does not parse counts when its top-level lines read
 * `names:`/`nc:` and `train:`/`val:`/`path:`, so a config with a typo still gets its syntax error.
 */
export function looksLikeDataYaml(text: string): boolean {
  if (text.length > 8 * 1024 * 1024) return false;
  const doc = parse(text);
  const root = doc.contents;
  if (isMap(root)) {
    const names = entry(root, 'names')?.value;
    const nc = entry(root, 'nc')?.value;
    const hasClasses = isSeq(names) || isMap(names) || (isScalar(nc) && typeof nc.value === 'number');
    const splits = ['train', 'val', 'test', 'path'].map((k) => entry(root, k)).filter((p): p is Pair => p !== undefined);
    if (hasClasses && splits.length > 0 && splits.every((p) => splitLike(p.value)) && splits.some((p) => keyOf(p) !== 'path' || isScalar(p.value))) return true;
  }
  if (doc.errors.length === 0) return false;
  return /^(?:names|nc)[ \t]*:/m.test(text) && /^(?:train|val|path)[ \t]*:/m.test(text);
}

/** The checks of a dataset config that need only its text. `source` names it in class messages. */
export function checkDataYamlText(text: string, source?: string): DataYamlCheck {
  // YAML errors, `nc` against `names`, gaps in a names map: the class-list reader's own problems.
  const parsed = parseDataYaml(text, source);
  const problems: Problem[] = [...parsed.problems];
  const out: DataYamlCheck = { problems, splits: [], download: false, classes: parsed.classes };
  const doc = parse(text);
  const root = doc.contents;
  if (!isMap(root)) {
    if (doc.errors.length === 0) {
      const [s, e] = range(root as Node | null);
      problems.push(problemAt(s, e, { severity: 'error', code: 'yolo-config-type', message: l10n.t('A dataset config must be a map of keys (path, train, val, names, …).') }));
    }
    return out;
  }
  const firstKey = range(root.items[0]?.key as Node | undefined);

  // train and val are required; names or nc.
  for (const key of ['train', 'val'] as const) {
    if (entry(root, key)) continue;
    if (key === 'val' && entry(root, 'validation')) continue;
    problems.push(
      problemAt(firstKey[0], firstKey[1], {
        severity: 'error',
        code: 'yolo-config-missing-key',
        message: l10n.t("The dataset config has no `{0}:` key; Ultralytics requires both `train` and `val` (it stops with \"'{0}:' key missing\"). A dataset with one split may name it for both.", key),
      }),
    );
  }
  const names = entry(root, 'names');
  const nc = entry(root, 'nc');
  if (!names && !nc) {
    problems.push(problemAt(firstKey[0], firstKey[1], { severity: 'error', code: 'yolo-config-missing-key', message: l10n.t('The dataset config has neither `names` nor `nc`; Ultralytics requires one of them.') }));
  }

  // names: a list of names or an id → name map of strings.
  if (names) {
    const value = names.value as Node | null;
    if (!isSeq(value) && !isMap(value)) {
      const [s, e] = range(value, range(names.key as Node));
      problems.push(problemAt(s, e, { severity: 'error', code: 'yolo-config-type', message: l10n.t('`names` must be a list of class names (`[car, person]`) or a map of class ids to names (`0: car`).') }));
    } else {
      const items: { item: Node | null; near: Node }[] = isSeq(value)
        ? (value.items as (Node | null)[]).map((item) => ({ item, near: value as Node }))
        : value.items.map((p) => ({ item: p.value as Node | null, near: p.key as Node }));
      for (const { item, near } of items) {
        const source = isScalar(item) && item.type === 'PLAIN' && item.range ? text.slice(item.range[0], item.range[1]).trim() : '';
        if (PYYAML_BOOLEANS.test(source)) {
          // yaml reads YAML 1.2 (`no` is a string); PyYAML reads 1.1 (`no` is false).
          const [s, e] = range(item);
          problems.push(problemAt(s, e, { severity: 'warning', code: 'yolo-config-type', message: l10n.t('The class name {0} is read as a boolean by PyYAML, which Ultralytics uses (the class would be called "{1}"): quote it ("{0}").', source, /^(?:yes|true|on)$/i.test(source) ? 'True' : 'False') }));
          continue;
        }
        if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number' || typeof item.value === 'boolean')) continue;
        const empty = item === null || (isScalar(item) && item.value === null);
        const [s, e] = item && !empty ? range(item) : range(near);
        const message = empty
          ? l10n.t('A class name is empty: Ultralytics would call the class "None". Write the name as text.')
          : l10n.t('A class name is not a single name but {0}: Ultralytics would call the class by its Python text. Write the name as text.', isMap(item) ? l10n.t('a map') : isSeq(item) ? l10n.t('a list') : l10n.t('an alias or tagged value'));
        problems.push(problemAt(s, e, { severity: 'warning', code: 'yolo-config-type', message }));
      }
    }
  }
  // nc: a whole number.
  if (nc) {
    const value = nc.value as Node | null;
    if (!(isScalar(value) && typeof value.value === 'number' && Number.isInteger(value.value) && value.value >= 0)) {
      const [s, e] = range(value, range(nc.key as Node));
      problems.push(problemAt(s, e, { severity: 'error', code: 'yolo-config-type', message: l10n.t('`nc` must be the number of classes, a whole number.') }));
    }
  }

  // path and the splits: a path, or (splits only) a list of paths.
  const path = entry(root, 'path');
  if (path) {
    const value = path.value as Node | null;
    if (isScalar(value) && typeof value.value === 'string' && value.value !== '') {
      const [s, e] = range(value);
      out.root = { key: 'path', value: value.value, start: s, end: e };
    } else if (!(value === null || (isScalar(value) && value.value === null) || (isScalar(value) && value.value === ''))) {
      const [s, e] = range(value, range(path.key as Node));
      problems.push(problemAt(s, e, { severity: 'error', code: 'yolo-config-type', message: l10n.t('`path` must be the dataset\'s root folder, one path.') }));
    }
  }
  for (const key of SPLIT_KEYS) {
    const pair = entry(root, key) ?? (key === 'val' ? entry(root, 'validation') : undefined);
    if (!pair) continue;
    const value = pair.value as Node | null;
    if (value === null || (isScalar(value) && (value.value === null || value.value === ''))) continue;
    const items = isSeq(value) ? (value.items as (Node | null)[]) : [value];
    for (const item of items) {
      if (isScalar(item) && typeof item.value === 'string' && item.value !== '') {
        const [s, e] = range(item);
        out.splits.push({ key, value: item.value, start: s, end: e });
      } else {
        const [s, e] = range(item, range(pair.key as Node));
        problems.push(problemAt(s, e, { severity: 'error', code: 'yolo-config-type', message: l10n.t('`{0}` must be a folder of images, a .txt list of images, or a list of those.', keyOf(pair) ?? key) }));
      }
    }
  }
  const download = entry(root, 'download')?.value;
  out.download = isScalar(download) && typeof download.value === 'string' && download.value.trim() !== '';
  out.problems = sortProblems(problems);
  return out;
}
