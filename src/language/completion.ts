// Completion for every format: keys and value snippets from the schemas, values from the data
// (labels, tags, dataset URIs) through the ValueRegistry, and annotation skeletons per type.
import * as l10n from '@vscode/l10n';
import type { JsonPath } from '../core/jsonScan';
import { DocumentIndex } from './documentIndex';
import { propertiesOf, schemaAt, typesOf, type SchemaNode, type SchemaSource } from './schemaNav';
import type { ValueKind, ValueRegistry } from './values';

export interface Suggestion {
  label: string;
  kind: 'property' | 'value' | 'snippet' | 'enum';
  insertText: string;
  /** insertText is a snippet ($1, ${1:x}) */
  snippet: boolean;
  detail?: string;
  documentation?: string;
  /** offsets of the text the suggestion replaces */
  replace: { start: number; end: number };
  sortText?: string;
}

const GEOMETRY_SNIPPETS: Record<string, string> = {
  bbox: '[${1:x}, ${2:y}, ${3:width}, ${4:height}]',
  polygon: '[[${1:x1}, ${2:y1}], [${3:x2}, ${4:y2}], [${5:x3}, ${6:y3}]]',
  line: '[[${1:x1}, ${2:y1}], [${3:x2}, ${4:y2}]]',
};

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

function choice(values: string[], n: number, fallback: string): string {
  const usable = values.filter((v) => !/[,|]/.test(v)).slice(0, 20);
  return usable.length > 0 ? `\${${n}|${usable.map(escapeSnippet).join(',')}|}` : `\${${n}:${fallback}}`;
}

function valueSnippet(key: string, node: SchemaNode): string {
  if (GEOMETRY_SNIPPETS[key]) return GEOMETRY_SNIPPETS[key];
  if (node.enum) return `"\${1|${node.enum.map(String).join(',')}|}"`;
  const expect = node['x-expect'] ?? '';
  if (/dataset:\/\/<name>\/<version>/.test(expect) && typesOf(node).includes('string')) return '"dataset://${1:name}/${2:version}"';
  if (/dataset:\/\/<name>/.test(expect)) return '"dataset://${1:name}"';
  if (/model:\/\//.test(expect) && typesOf(node).includes('string')) return '"model://${1:name}/"';
  switch (typesOf(node)[0]) {
    case 'string':
      return '"$1"';
    case 'number':
      return '${1:0}';
    case 'boolean':
      return '${1|true,false|}';
    case 'array':
      return '[$1]';
    case 'object':
      return '{$1}';
    default:
      return '$1';
  }
}

/** Which data-dependent values fit a value position, from its path. */
function valueKindAt(format: string, path: JsonPath): ValueKind | undefined {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (format === 'annotations' && last === 'label') return 'label';
  if (typeof last === 'number' && (parent === 'valohai.tags' || parent === 'Tags')) return 'tag';
  if (last === 'valohai.alias') return 'alias';
  if (format === 'metadata-jsonl' && path.length === 1 && last === 'dataset') return 'dataset';
  if (format === 'metadata-jsonl' && path.length === 1 && last === 'dataset-version') return 'dataset-version';
  if (typeof last === 'number' && parent === 'valohai.dataset-versions') return 'dataset-version';
  if ((last === 'uri' || last === 'from') && path.includes('valohai.dataset-versions')) return 'dataset-version';
  if (typeof last === 'number' && parent === 'valohai.model-versions') return 'model';
  if (last === 'model_uri') return 'model';
  return undefined;
}

function annotationSkeletons(labels: string[], replace: Suggestion['replace']): Suggestion[] {
  const label = (n: number) => `"${choice(labels, n, 'label')}"`;
  const make = (type: string, geometry: string, n: number): Suggestion => ({
    label: l10n.t('{0} annotation', type),
    kind: 'snippet',
    snippet: true,
    insertText: `{ "type": "${type}", "${geometry}": ${GEOMETRY_SNIPPETS[geometry]}, "label": ${label(n)} }`,
    detail: l10n.t('New {0} annotation', type),
    documentation: l10n.t('Inserts a `{0}` annotation with its `{1}` and a `label`.', type, geometry),
    replace,
    sortText: `0${type}`,
  });
  return [make('rectangle', 'bbox', 5), make('polygon', 'polygon', 7), make('line', 'line', 5)];
}

const DATASET_VERSION_OBJECT =
  '{ "uri": "dataset://${1:name}/${2:version}", "from": "dataset://${1:name}/${3:previous}", "exclude": [$4], "targeting_aliases": [$5], "packaging": ${6|false,true|} }';

export async function complete(index: DocumentIndex, offset: number, schemas: SchemaSource, values: ValueRegistry): Promise<Suggestion[]> {
  const format = index.format;
  if (!format) return [];
  const loc = index.locationAt(offset);
  const prev = loc.previousNode;
  const onToken = prev && prev.type !== 'object' && prev.type !== 'array' && offset >= prev.start && offset <= prev.end;
  const replace = onToken ? { start: prev.start, end: prev.end } : { start: offset, end: offset };
  const valueAt = (p: JsonPath) => DocumentIndex.valueAt(loc.unit, p);

  if (loc.isAtPropertyKey) {
    const objectPath = loc.path.slice(0, -1);
    const resolved = schemaAt(schemas, format, objectPath, valueAt);
    if (!resolved) return [];
    const current = valueAt(objectPath);
    const typed = typeof loc.path[loc.path.length - 1] === 'string' ? loc.path[loc.path.length - 1] : undefined;
    const present = new Set(current && typeof current === 'object' ? Object.keys(current).filter((k) => k !== typed) : []);
    const after = index.text.slice(replace.end, replace.end + 40).trimStart();
    const colonFollows = after.startsWith(':');
    return propertiesOf(resolved)
      .filter(([key]) => !present.has(key))
      .map(([key, node], i) => ({
        label: key,
        kind: 'property' as const,
        snippet: true,
        insertText: colonFollows ? `"${escapeSnippet(key)}"` : `"${escapeSnippet(key)}": ${valueSnippet(key, node)}`,
        detail: node.title,
        documentation: node.description,
        replace,
        sortText: `${resolved.node.required?.includes(key) ? 0 : 1}${String(i).padStart(3, '0')}`,
      }));
  }

  const out: Suggestion[] = [];
  const last = loc.path[loc.path.length - 1];
  const parent = loc.path[loc.path.length - 2];
  if (format === 'annotations' && typeof last === 'number' && parent === 'annotations' && !onToken) {
    out.push(...annotationSkeletons((await values.values('label')).map((v) => v.value), replace));
  }
  if (typeof last === 'number' && parent === 'valohai.dataset-versions' && !onToken) {
    out.push({ label: l10n.t('dataset version object'), kind: 'snippet', snippet: true, insertText: DATASET_VERSION_OBJECT, detail: 'uri, from, exclude, targeting_aliases, packaging', replace, sortText: '1' });
  }
  const resolved = schemaAt(schemas, format, loc.path, valueAt);
  if (resolved?.node.enum) {
    for (const v of resolved.node.enum) out.push({ label: JSON.stringify(v), kind: 'enum', snippet: false, insertText: JSON.stringify(v), detail: resolved.node.title, replace });
  } else if (resolved && typesOf(resolved.node)[0] === 'boolean') {
    for (const v of ['true', 'false']) out.push({ label: v, kind: 'value', snippet: false, insertText: v, replace });
  }
  const kind = valueKindAt(format, loc.path);
  if (kind) {
    for (const v of await values.values(kind)) {
      out.push({ label: v.value, kind: 'value', snippet: false, insertText: JSON.stringify(v.value), detail: v.detail, documentation: v.documentation, replace, sortText: '0' });
    }
  }
  return out;
}
