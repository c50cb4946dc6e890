// The document links' text side, kept from one version of a document to the next: per entry (an
// image entry's "image", a valohai.metadata.jsonl line's "file"), where its link's string sits
// relative to the entry and what it names. After an edit only the entries whose text changed are
// looked at again; the others keep their result and move by the edit's offset delta (an entry's
// text unchanged means its value and its string's place in it are unchanged). Equal to a fresh
// computation (test/unit/links.test.ts). Resolving the names to files is the adapter's (cached
// there, src/providers/navigation.ts). No vscode.
import { locatePaths } from '../core/jsonScan';
import type { FormatId } from '../formats/formats';
import { changedSpan } from '../validation/incremental';
import { DocumentIndex, type Segment } from './documentIndex';

interface EntryLink {
  /** the entry's range in the text */
  start: number;
  end: number;
  /** the string's inside (quotes excluded), relative to the entry's start, and its value */
  link?: { from: number; to: number; target: string };
}

export interface LinkState {
  text: string;
  format: FormatId | undefined;
  entries: EntryLink[];
  /** how many entries were looked at again (the rest re-used): for tests and traces */
  computed: number;
}

/** One link: the string's inside [start, end) and the name it holds. */
export interface TextLink {
  start: number;
  end: number;
  target: string;
}

/** The key whose string value is a link, per format (formats without links: undefined). */
function linkKey(format: FormatId | undefined): string | undefined {
  return format === 'annotations' ? 'image' : format === 'metadata-jsonl' ? 'file' : undefined;
}

/** The entries that may hold a link: the image entries of an annotation file, the lines of a JSONL file. */
function entrySegments(index: DocumentIndex): Segment[] {
  if (!index.parsed) return [];
  if (index.format === 'annotations') return index.levels()[1].filter((s) => s.path.length === 2 && s.path[0] === 'images');
  if (index.format === 'metadata-jsonl') return index.analysis.units.map((unit) => ({ path: [], start: unit.start, end: unit.end, unit }));
  return [];
}

function compute(text: string, segment: Segment, key: string): EntryLink {
  const target = DocumentIndex.valueAt(segment.unit, [...segment.path, key]);
  const out: EntryLink = { start: segment.start, end: segment.end };
  if (typeof target !== 'string') return out;
  const path = [key];
  // Found in the entry's own text: the scan starts at the entry and stops at the key.
  const r = locatePaths(text, [path], segment.start).get(path);
  if (r && r.end - r.start >= 2) out.link = { from: r.start + 1 - segment.start, to: r.end - 1 - segment.start, target };
  return out;
}

/**
 * The link state of `index`, re-using `previous` (the state of an earlier version of the same
 * document) for every entry whose text the edit did not touch.
 */
export function linkState(index: DocumentIndex, previous?: LinkState): LinkState {
  const { text, format } = index;
  const key = linkKey(format);
  if (!key) return { text, format, entries: [], computed: 0 };
  if (previous && previous.format === format && previous.text === text) return { ...previous, computed: 0 };
  const segments = entrySegments(index);
  const span = previous && previous.format === format ? changedSpan(previous.text, text) : undefined;
  const old = span ? previous!.entries : [];
  const delta = span ? span.newEnd - span.oldEnd : 0;
  const entries: EntryLink[] = [];
  let computed = 0;
  let j = 0;
  for (const segment of segments) {
    let reused: EntryLink | undefined;
    if (span) {
      // Before the edit the entry sits where it sat; after it, moved by the delta; across it, changed.
      const shift = segment.end <= span.start ? 0 : segment.start >= span.newEnd ? delta : undefined;
      if (shift !== undefined) {
        const start = segment.start - shift;
        const end = segment.end - shift;
        while (j < old.length && old[j].start < start) j++;
        const o = old[j];
        if (o && o.start === start && o.end === end) reused = o.link ? { start: segment.start, end: segment.end, link: o.link } : { start: segment.start, end: segment.end };
      }
    }
    if (!reused) {
      reused = compute(text, segment, key);
      computed++;
    }
    entries.push(reused);
  }
  return { text, format, entries, computed };
}

/** The links of a state, in text order (absolute offsets). */
export function textLinks(state: LinkState, limit = Infinity): TextLink[] {
  const out: TextLink[] = [];
  for (const e of state.entries) {
    if (out.length >= limit) break;
    if (e.link) out.push({ start: e.start + e.link.from, end: e.start + e.link.to, target: e.link.target });
  }
  return out;
}
