// One index per document version, shared by completion, hover, symbols, links and quick fixes.
// It reuses the validation's parse; positions come from a segment list (one entry per image,
// annotation, file entry or JSONL line) found in a single scan, so a lookup costs a binary search
// plus a jsonc scan of one small segment, even in a 40 MB file.
import * as jsonc from 'jsonc-parser';
import { locatePaths, type JsonPath, type NodeRange } from '../core/jsonScan';
import type { FormatId } from '../formats/formats';
import type { Analysis, JsonUnit } from '../validation/analyze';
import { annotationsOf, imageEntries } from '../annotations/metalake';
import { isObject } from '../core/json';

export interface Segment {
  /** path of the segment's value within its unit */
  path: JsonPath;
  start: number;
  end: number;
  unit: JsonUnit;
}

export interface PreviousNode {
  type: jsonc.NodeType;
  value: unknown;
  start: number;
  end: number;
}

export interface Location {
  /** path within the unit (the document, or the JSONL line) */
  path: JsonPath;
  isAtPropertyKey: boolean;
  previousNode?: PreviousNode;
  /** the parsed unit, when the text there parses */
  unit?: JsonUnit;
}

function segmentPaths(format: FormatId, value: unknown): JsonPath[] {
  const paths: JsonPath[] = [];
  if (format === 'coco') return cocoSegmentPaths(value);
  if (!isObject(value)) return paths;
  if (format === 'annotations' && Array.isArray(value.images)) {
    imageEntries(value).forEach((entry, i) => {
      paths.push(['images', i]);
      const count = annotationsOf(entry).length;
      for (let j = 0; j < count; j++) paths.push(['images', i, 'annotations', j]);
    });
  } else if (format === 'file-metadata' && Array.isArray(value.files)) {
    for (let i = 0; i < value.files.length; i++) paths.push(['files', i]);
  }
  return paths;
}

/** COCO: each image, annotation and category entry (each detection of a results file). */
function cocoSegmentPaths(value: unknown): JsonPath[] {
  const paths: JsonPath[] = [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) paths.push([i]);
  } else if (isObject(value)) {
    for (const key of ['images', 'annotations', 'categories']) {
      const list = value[key];
      if (Array.isArray(list)) for (let i = 0; i < list.length; i++) paths.push([key, i]);
    }
  }
  return paths;
}

export class DocumentIndex {
  private levelList?: Segment[][];

  /** `levels`: segments already known (updated from the previous version's, src/language/indexUpdate.ts). */
  constructor(readonly analysis: Analysis, levels?: Segment[][]) {
    this.levelList = levels;
  }

  /** The segments if they have been computed (no scan). */
  knownLevels(): Segment[][] | undefined {
    return this.levelList;
  }

  get text(): string {
    return this.analysis.text;
  }

  get format(): FormatId | undefined {
    return this.analysis.format;
  }

  get parsed(): boolean {
    return this.analysis.units.length > 0;
  }

  /**
   * Segments by depth: [0] the units (document or JSONL lines), [1] image or file entries,
   * [2] annotations. Each level is sorted and non-overlapping, so lookups are binary searches.
   */
  levels(): Segment[][] {
    if (this.levelList) return this.levelList;
    const levels: Segment[][] = [[], [], []];
    const { text, units, format } = this.analysis;
    for (const unit of units) {
      levels[0].push({ path: [], start: unit.start, end: unit.end, unit });
      if (!format || format === 'metadata-jsonl' || format === 'sidecar') continue;
      const paths = segmentPaths(format, unit.value);
      const ranges = locatePaths(text, paths, unit.start);
      for (const path of paths) {
        const r = ranges.get(path);
        if (r) levels[path.length > 2 ? 2 : 1].push({ path, start: r.start, end: r.end, unit });
      }
    }
    for (const level of levels) level.sort((a, b) => a.start - b.start);
    this.levelList = levels;
    return levels;
  }

  /** The innermost segment holding `offset`, if the text parses there. */
  segmentAt(offset: number): Segment | undefined {
    const levels = this.levels();
    for (let depth = levels.length - 1; depth >= 0; depth--) {
      const list = levels[depth];
      let lo = 0;
      let hi = list.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid].start <= offset) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (found !== -1 && list[found].end >= offset) return list[found];
    }
    return undefined;
  }

  locationAt(offset: number): Location {
    const segment = this.parsed ? this.segmentAt(offset) : undefined;
    let base = 0;
    let slice: string;
    let prefix: JsonPath = [];
    if (segment) {
      base = segment.start;
      slice = this.text.slice(segment.start, segment.end);
      prefix = segment.path;
    } else if (this.format === 'metadata-jsonl') {
      // A line being typed: look at that line only.
      const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
      let lineEnd = this.text.indexOf('\n', offset);
      if (lineEnd === -1) lineEnd = this.text.length;
      base = lineStart;
      slice = this.text.slice(lineStart, lineEnd);
    } else {
      slice = this.text;
    }
    const loc = jsonc.getLocation(slice, offset - base);
    const prev = loc.previousNode;
    // Text being typed does not parse: a tolerant parse still tells which keys are there.
    const unit = segment?.unit ?? { value: jsonc.parse(slice), start: base, end: base + slice.length };
    return {
      path: [...prefix, ...loc.path],
      isAtPropertyKey: loc.isAtPropertyKey,
      previousNode: prev ? { type: prev.type, value: prev.value, start: prev.offset + base, end: prev.offset + base + prev.length } : undefined,
      unit,
    };
  }

  /** The parsed value at a path of a unit. */
  static valueAt(unit: JsonUnit | undefined, path: JsonPath): unknown {
    let v: unknown = unit?.value;
    for (const segment of path) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string | number, unknown>)[segment];
    }
    return v;
  }

  /**
   * Ranges of paths within one unit (one pass). Paths inside one entry (an image, annotation or
   * file entry: a level-1 segment) are looked for in that entry's text only, so a quick fix or a
   * "fix all" over a thousand problems of a 40 MB file costs a thousand small scans, not a
   * thousand scans of the file.
   */
  rangesOf(unit: JsonUnit, paths: JsonPath[]): Map<JsonPath, NodeRange> {
    const entries = paths.length > 0 && this.entrySegments();
    if (!entries) return locatePaths(this.text, paths, unit.start);
    const out = new Map<JsonPath, NodeRange>();
    const rest: JsonPath[] = [];
    for (const path of paths) {
      const seg = path.length > 2 ? entries.get(segmentKey(path)) : undefined;
      if (!seg || seg.unit !== unit) {
        rest.push(path);
        continue;
      }
      const inner = path.slice(2);
      const r = locatePaths(this.text, [inner], seg.start).get(inner);
      if (r) out.set(path, r);
    }
    if (rest.length > 0) for (const [path, r] of locatePaths(this.text, rest, unit.start)) out.set(path, r);
    return out;
  }

  private entryMap?: Map<string, Segment>;

  /** Level-1 segments (entries) by their path, for a document of entries; undefined for JSONL. */
  private entrySegments(): Map<string, Segment> | undefined {
    if (this.entryMap) return this.entryMap;
    if (!this.format || this.format === 'metadata-jsonl' || this.format === 'sidecar' || this.analysis.units.length !== 1) return undefined;
    const map = new Map<string, Segment>();
    for (const seg of this.levels()[1]) if (seg.path.length === 2) map.set(segmentKey(seg.path), seg);
    this.entryMap = map;
    return map;
  }
}

function segmentKey(path: JsonPath): string {
  return `${typeof path[0]}:${String(path[0])}/${String(path[1])}`;
}
