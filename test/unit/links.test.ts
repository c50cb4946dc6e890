// The document links kept across edits (src/language/links.ts): after random edit sequences on
// generated annotation and valohai.metadata.jsonl files, the links computed from the previous
// version's state equal the links computed from scratch, and an edit inside one entry looks at that
// entry alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeIncrementally, entryEditOf } from '../../src/validation/incremental';
import { DocumentIndex } from '../../src/language/documentIndex';
import { updatedLevels } from '../../src/language/indexUpdate';
import { linkState, textLinks, type LinkState } from '../../src/language/links';
import type { FormatId } from '../../src/formats/formats';
import { validator } from './helpers';

const NAMES = ['a.jpg', 'b.jpg', 'dir/c.png', 'd e.gif', 'é.jpg', 'q\\"uote.jpg', ''];
const num = fc.integer({ min: -5, max: 900 });
const annotation = fc.record({ type: fc.constantFrom('rectangle', 'polygon'), bbox: fc.tuple(num, num, num, num), label: fc.constantFrom('car', 'dog', '') }, { requiredKeys: ['bbox'] });
const imageFirst = fc.record({ image: fc.oneof(fc.constantFrom(...NAMES), fc.integer(), fc.constant(null)), annotations: fc.array(annotation, { maxLength: 3 }) }, { requiredKeys: ['annotations'] });
// The image after the annotations too: an edit before it in the same entry moves it within the entry.
const entry = fc.oneof(imageFirst, imageFirst.map(({ image, ...rest }) => (image === undefined ? rest : { ...rest, image })));
const annotationFile = fc.array(entry, { minLength: 1, maxLength: 8 }).map((images) => ({ images }));
const jsonlLine = fc.oneof(fc.record({ file: fc.constantFrom(...NAMES), metadata: fc.record({ label: fc.constantFrom('a', 'b') }) }), fc.record({ dataset: fc.constant('dataset://x') }));

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  kind: fc.constantFrom('number', 'string', 'string', 'char', 'delete', 'undo'),
  number: num,
  string: fc.constantFrom(...NAMES, 'x.bmp', 'rectangle'),
  char: fc.constantFrom('-', ',', '"', '{', '}', '1', ' ', '\n', 'x'),
  length: fc.integer({ min: 1, max: 10 }),
});
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

/** One edit near its position: a number or a string replaced, a character typed, a few deleted. */
function apply(text: string, e: Edit): string {
  const at = Math.floor(e.at * text.length);
  if (e.kind === 'number' || e.kind === 'string') {
    // Tokens scanned from the start, so a string is never taken from its closing quote.
    const tokens: { index: number; text: string }[] = [];
    const re = /"(?:[^"\\\n]|\\.)*"(\s*:)?|-?\d+|[^"\d]+|./g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const isString = m[0][0] === '"' && !m[1];
      if (e.kind === 'string' ? isString : /^-?\d/.test(m[0])) tokens.push({ index: m.index, text: m[0] });
    }
    const t = tokens.find((x) => x.index >= at) ?? tokens[0];
    if (!t) return text;
    const by = e.kind === 'number' ? String(e.number) : JSON.stringify(e.string);
    return text.slice(0, t.index) + by + text.slice(t.index + t.text.length);
  }
  if (e.kind === 'char') return text.slice(0, at) + e.char + text.slice(at);
  if (e.kind === 'delete') return text.slice(0, at) + text.slice(at + e.length);
  return text;
}

/** Runs edits on `text`, checking after each that the kept links equal fresh ones; returns counts. */
function check(text: string, format: FormatId, edits: Edit[]): { computed: number; entries: number } {
  let previous = validator.analyze(text, format);
  let index = new DocumentIndex(previous);
  let state: LinkState = linkState(index);
  const history: string[] = [];
  let computed = 0;
  let entries = 0;
  for (const e of edits) {
    if (e.kind === 'undo' && history.length) text = history.pop()!;
    else {
      history.push(text);
      text = apply(text, e);
    }
    // As the analysis cache does: the analysis and the index's segments updated from the last ones.
    const { analysis } = analyzeIncrementally(validator, previous, text, format);
    const step = entryEditOf(analysis);
    const known = step && index.knownLevels();
    index = new DocumentIndex(analysis, known && step ? updatedLevels(known, analysis, step) : undefined);
    state = linkState(index, state);
    const fresh = linkState(new DocumentIndex(validator.analyze(text, format)));
    assert.deepStrictEqual(textLinks(state), textLinks(fresh), `after ${JSON.stringify(e)}`);
    assert.deepStrictEqual(state.entries, fresh.entries, `entries after ${JSON.stringify(e)}`);
    // Each link's range holds its name's text (as written in the file).
    for (const l of textLinks(state)) assert.equal(JSON.parse(`"${text.slice(l.start, l.end)}"`), l.target);
    computed += state.computed;
    entries += state.entries.length;
    previous = analysis;
  }
  return { computed, entries };
}

describe('document links kept across edits', () => {
  it('equal a full computation after random edits of annotation files', () => {
    let computed = 0;
    let entries = 0;
    fc.assert(
      fc.property(annotationFile, fc.constantFrom(0, 2), fc.array(edit, { minLength: 1, maxLength: 10 }), (value, indent, edits) => {
        const r = check(JSON.stringify(value, null, indent), 'annotations', edits);
        computed += r.computed;
        entries += r.entries;
      }),
      { numRuns: 200, seed: 171 },
    );
    // Meaningful only if most entries were re-used rather than looked at again.
    assert.ok(computed < entries / 2, `${computed} of ${entries} entries computed again`);
  });

  it('equal a full computation after random edits of valohai.metadata.jsonl files', () => {
    fc.assert(
      fc.property(fc.array(jsonlLine, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.array(edit, { minLength: 1, maxLength: 10 }), (lines, eol, edits) => {
        check(lines.map((l) => JSON.stringify(l)).join(eol) + eol, 'metadata-jsonl', edits);
      }),
      { numRuns: 150, seed: 172 },
    );
  });

  it('an edit inside one image entry of a big file looks at that entry only, and moves the later links', () => {
    const images = Array.from({ length: 2000 }, (_, i) => ({ image: `img_${i}.jpg`, annotations: [{ type: 'rectangle', bbox: [1, 2, 30 + i, 40], label: 'car' }] }));
    const text = JSON.stringify({ images }, null, 2);
    const before = linkState(new DocumentIndex(validator.analyze(text, 'annotations')));
    assert.equal(before.computed, 2000);
    const at = text.indexOf('"car"', text.indexOf('img_1000.jpg'));
    const edited = text.slice(0, at) + '"person"' + text.slice(at + 5);
    const after = linkState(new DocumentIndex(validator.analyze(edited, 'annotations')), before);
    assert.equal(after.computed, 1);
    const links = textLinks(after);
    assert.equal(links.length, 2000);
    assert.equal(links[1999].start, textLinks(before)[1999].start + 3);
    assert.equal(edited.slice(links[1999].start, links[1999].end), 'img_1999.jpg');
    assert.equal(textLinks(after, 10).length, 10);
  });
});
