// Outline symbols: images -> annotations (label, type), file entries, JSONL lines by kind, sidecar
// keys. Capped like VS Code's json.maxItemsComputed, and the cap is reported, not silent.
import * as l10n from '@vscode/l10n';
import { annotationsOf } from '../annotations/metalake';
import { isObject } from '../core/json';
import { DocumentIndex } from './documentIndex';

export type SymbolKind = 'image' | 'annotation' | 'file' | 'line' | 'key';

export interface OutlineSymbol {
  name: string;
  detail: string;
  kind: SymbolKind;
  start: number;
  end: number;
  children: OutlineSymbol[];
}

export interface Outline {
  symbols: OutlineSymbol[];
  /** items left out because of the cap */
  omitted: number;
}


function annotationName(a: unknown): { name: string; detail: string } {
  if (!isObject(a)) return { name: l10n.t('(not an object)'), detail: '' };
  const type = typeof a.type === 'string' ? a.type : 'bbox' in a ? 'rectangle' : 'polygon' in a ? 'polygon' : 'line' in a ? 'line' : 'shape';
  const confidence = typeof a.confidence === 'number' ? ` ${a.confidence}` : '';
  return { name: typeof a.label === 'string' && a.label !== '' ? a.label : l10n.t('(no label)'), detail: `${type}${confidence}` };
}

function jsonlName(v: unknown): { name: string; detail: string } {
  if (!isObject(v)) return { name: l10n.t('(not an object)'), detail: '' };
  for (const key of ['file', 'dataset', 'dataset-version'] as const) {
    if (typeof v[key] === 'string') return { name: String(v[key]), detail: key };
  }
  return { name: l10n.t('(no target)'), detail: '' };
}

export function outline(index: DocumentIndex, maxItems: number): Outline {
  const format = index.format;
  const symbols: OutlineSymbol[] = [];
  let count = 0;
  let omitted = 0;
  const room = () => (count < maxItems ? (count++, true) : (omitted++, false));
  if (!format || !index.parsed) return { symbols, omitted };
  const [units, entries, annotations] = index.levels();

  if (format === 'annotations' || format === 'file-metadata') {
    const byEntry = new Map<number, OutlineSymbol>();
    for (const seg of entries) {
      if (!room()) continue;
      const value = DocumentIndex.valueAt(seg.unit, seg.path);
      const name = format === 'annotations' ? (isObject(value) && typeof value.image === 'string' ? value.image : '(no image)') : isObject(value) && typeof value.file === 'string' ? value.file : '(no file)';
      const n = annotationsOf(value).length;
      const detail = format === 'annotations' ? (n === 1 ? l10n.t('{0} shape', n) : l10n.t('{0} shapes', n)) : '';
      const symbol: OutlineSymbol = { name, detail, kind: format === 'annotations' ? 'image' : 'file', start: seg.start, end: seg.end, children: [] };
      byEntry.set(seg.path[1] as number, symbol);
      symbols.push(symbol);
    }
    for (const seg of annotations) {
      const parent = byEntry.get(seg.path[1] as number);
      if (!parent || !room()) continue;
      const { name, detail } = annotationName(DocumentIndex.valueAt(seg.unit, seg.path));
      parent.children.push({ name, detail, kind: 'annotation', start: seg.start, end: seg.end, children: [] });
    }
  } else if (format === 'metadata-jsonl') {
    for (const seg of units) {
      if (!room()) continue;
      const { name, detail } = jsonlName(seg.unit.value);
      symbols.push({ name, detail, kind: 'line', start: seg.start, end: seg.end, children: [] });
    }
  } else {
    const unit = units[0]?.unit;
    if (unit && isObject(unit.value)) {
      const keys = Object.keys(unit.value).map((k) => [k] as [string]);
      const ranges = index.rangesOf(unit, keys);
      for (const path of keys) {
        const r = ranges.get(path);
        if (!r || !room()) continue;
        const v = unit.value[path[0]];
        const detail = Array.isArray(v) ? (v.length === 1 ? l10n.t('{0} item', v.length) : l10n.t('{0} items', v.length)) : v === null ? l10n.t('null (removed on push)') : typeof v === 'object' ? l10n.t('object') : String(v);
        symbols.push({ name: path[0], detail, kind: 'key', start: r.keyStart ?? r.start, end: r.end, children: [] });
      }
    }
  }
  return { symbols, omitted };
}
