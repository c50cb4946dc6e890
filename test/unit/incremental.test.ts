// Equivalence of the incremental analysis (src/validation/incremental.ts) with a full pass: random
// edit sequences on generated MetaLake annotation files; after every edit the incremental result
// (chained from the previous incremental result) must deep-equal Validator.analyze on the new text:
// the same problems with the same ranges, messages and order, and the same parsed value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeIncrementally, changedSpan, duplicateKeysOf, entryEditOf } from '../../src/validation/incremental';
import { DocumentIndex } from '../../src/language/documentIndex';
import { updatedLevels } from '../../src/language/indexUpdate';
import type { Analysis } from '../../src/validation/analyze';
import { validator } from './helpers';

const NAMES = ['a.jpg', 'b.jpg', 'c.png', 'd.gif', 'dir/e.jpeg', 'f.tiff', ''];
const LABELS = ['car', 'person', '', '  ', 'dog'];

const num = fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.constantFrom(0, 0.25, 0.5, 1, 87, -3.5, 12.75));
const point = fc.tuple(num, num);
const annotation = fc.oneof(
  fc.record({ type: fc.constantFrom('rectangle', 'line', 'polygon'), bbox: fc.oneof(fc.tuple(num, num, num, num), fc.array(num, { maxLength: 5 })), label: fc.constantFrom(...LABELS) }, { requiredKeys: ['bbox'] }),
  fc.record({ type: fc.constantFrom('polygon', 'rectangle'), polygon: fc.oneof(fc.array(point, { maxLength: 6 }), fc.array(num, { maxLength: 6 })), label: fc.constantFrom(...LABELS), confidence: num }, { requiredKeys: ['polygon'] }),
  fc.record({ type: fc.constant('line'), line: fc.array(point, { maxLength: 4 }), lable: fc.constantFrom(...LABELS), attributes: fc.constant({ color: [{ value: 'red', confidence: 3 }] }) }, { requiredKeys: ['line'] }),
  fc.record({ label: fc.constantFrom(...LABELS), extra: fc.integer() }),
);
const entry = fc.record({ image: fc.oneof(fc.constantFrom(...NAMES), fc.integer()), annotations: fc.array(annotation, { maxLength: 4 }), imgae: fc.constant('x') }, { requiredKeys: ['annotations'] });
const doc = fc.record({ images: fc.array(entry, { minLength: 1, maxLength: 6 }), version: fc.constantFrom('1', 2) }, { requiredKeys: ['images'] });

/** An edit: where (a fraction of the text) and what. */
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  kind: fc.constantFrom('number', 'number', 'number', 'string', 'string', 'minus', 'minus', 'insert-key', 'delete', 'char', 'undo', 'undo'),
  number: num,
  string: fc.constantFrom(...NAMES, ...LABELS, 'rectangle', 'polygon', 'x.bmp'),
  length: fc.integer({ min: 1, max: 12 }),
  key: fc.constantFrom('lable', 'label', 'image', 'bbox', 'type'),
  char: fc.constantFrom('-', ',', '"', '{', '}', '[', ']', '1', ' ', '\n', ':', 'x', '\u0000'),
});

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

/** Applies one edit at the token nearest to its position: a number, a string, a key, or raw text (undo: see below). */
function apply(text: string, e: Edit): string {
  const at = Math.floor(e.at * text.length);
  // Tokens scanned from the start, so a string is never taken from its closing quote.
  const tokens: { kind: 'string' | 'key' | 'number' | 'open'; index: number; text: string }[] = [];
  const re = /"(?:[^"\\\n]|\\.)*"(\s*:)?|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\{|[^"\d{]+|./g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const t = m[0];
    if (t[0] === '"') tokens.push({ kind: m[1] ? 'key' : 'string', index: m.index, text: m[1] ? t.slice(0, t.length - m[1].length) : t });
    else if (/^-?\d/.test(t)) tokens.push({ kind: 'number', index: m.index, text: t });
    else if (t === '{') tokens.push({ kind: 'open', index: m.index, text: t });
  }
  const find = (kind: string) => tokens.find((t) => t.kind === kind && t.index >= at) ?? tokens.find((t) => t.kind === kind);
  const replace = (t: { index: number; text: string } | undefined, by: string): string => (t ? text.slice(0, t.index) + by + text.slice(t.index + t.text.length) : text);
  switch (e.kind) {
    case 'number':
      return replace(find('number'), String(e.number));
    case 'minus': {
      const t = find('number');
      return t ? replace(t, t.text.startsWith('-') ? t.text.slice(1) : '-' + t.text) : text;
    }
    case 'string':
      return replace(find('string'), JSON.stringify(e.string));
    case 'insert-key': {
      const t = find('open');
      return t ? text.slice(0, t.index + 1) + `${JSON.stringify(e.key)}: ${JSON.stringify(e.string)}, ` + text.slice(t.index + 1) : text;
    }
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.length);
    case 'char':
      return text.slice(0, at) + e.char + text.slice(at);
  }
  return text;
}

function comparable(a: Analysis): unknown {
  return { text: a.text, format: a.format, problems: a.problems, units: a.units.map((u) => ({ value: u.value, start: u.start, end: u.end })) };
}

describe('incremental analysis equals a full pass', () => {
  it('changedSpan finds the one changed span', () => {
    assert.deepEqual(changedSpan('abcdef', 'abXYef'), { start: 2, oldEnd: 4, newEnd: 4 });
    assert.deepEqual(changedSpan('aaaa', 'aaaaa'), { start: 4, oldEnd: 4, newEnd: 5 });
    assert.equal(changedSpan('same', 'same'), undefined);
    const long = 'x'.repeat(10_000);
    assert.deepEqual(changedSpan(long + 'a' + long, long + 'bc' + long), { start: 10_000, oldEnd: 10_001, newEnd: 10_002 });
  });

  it('after every edit of random edit sequences on generated files', () => {
    let incremental = 0;
    let full = 0;
    const reasons = new Map<string, number>();
    fc.assert(
      fc.property(doc, fc.constantFrom(0, 2), fc.boolean(), fc.constantFrom('auto' as const, 'annotations' as const), fc.array(edit, { minLength: 1, maxLength: 12 }), (value, indent, crlf, requested, edits) => {
        let text = JSON.stringify(value, null, indent);
        if (crlf) text = text.replace(/\n/g, '\r\n');
        let previous = validator.analyze(text, requested);
        if (previous.format) duplicateKeysOf(validator, previous);
        let levels = new DocumentIndex(previous).levels();
        const history: string[] = [];
        for (const e of edits) {
          // Undo (back to the text before the last edit) is how a broken file gets whole again.
          if (e.kind === 'undo' && history.length) text = history.pop()!;
          else {
            history.push(text);
            text = apply(text, e);
          }
          const { analysis, outcome, reason } = analyzeIncrementally(validator, previous, text, requested);
          if (outcome === 'incremental') incremental++;
          else full++;
          if (process.env.DATUM_DEBUG_INCREMENTAL && reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
          const fresh = validator.analyze(text, requested);
          assert.deepStrictEqual(comparable(analysis), comparable(fresh), `after ${JSON.stringify(e)} (${outcome})`);
          // Phase 3, from the previous version's duplicate-key warnings where it can.
          if (fresh.format) assert.deepStrictEqual(duplicateKeysOf(validator, analysis), validator.duplicateKeys(fresh), `duplicate keys after ${JSON.stringify(e)}`);
          // The index's segments, updated from the previous ones, equal a fresh scan's.
          const edit = entryEditOf(analysis);
          if (edit) {
            const updated = updatedLevels(levels, analysis, edit);
            assert.ok(updated, 'the index could not be updated');
            levels = updated;
            assert.deepStrictEqual(levels, new DocumentIndex(fresh).levels(), `index after ${JSON.stringify(e)}`);
          } else levels = new DocumentIndex(analysis).levels();
          previous = analysis;
        }
      }),
      { numRuns: 200, seed: 17 },
    );
    if (process.env.DATUM_DEBUG_INCREMENTAL) console.log(incremental, full, reasons);
    // The test means something only if most valid edits took the incremental path.
    assert.ok(incremental > full / 3, `only ${incremental} incremental steps against ${full} full passes`);
  });

  it('after every edit of random edit sequences on generated valohai.metadata.jsonl files', () => {
    const target = fc.oneof(fc.record({ file: fc.constantFrom(...NAMES) }), fc.record({ dataset: fc.constantFrom('dataset://a', 'x') }), fc.record({ file: fc.constant('a.jpg'), 'dataset-version': fc.constant('dataset://a/v1') }), fc.constant({}));
    const metadata = fc.record({ 'valohai.tags': fc.oneof(fc.array(fc.constantFrom('a', 'b', '')), fc.constant('a')), 'valohai.alias': fc.constantFrom('latest', ['x']), epochs: num, label: fc.constantFrom(...LABELS) }, { requiredKeys: [] });
    const line = fc.tuple(target, fc.option(metadata)).map(([t, m]) => JSON.stringify(m === null ? t : { ...t, metadata: m }));
    let incremental = 0;
    let full = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(line, line, line, fc.constant(''), fc.constant('[1, 2]')), { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.array(edit, { minLength: 1, maxLength: 12 }), (lines, eol, edits) => {
        let text = lines.join(eol) + eol;
        let previous = validator.analyze(text, 'metadata-jsonl');
        const history: string[] = [];
        for (const e of edits) {
          if (e.kind === 'undo' && history.length) text = history.pop()!;
          else {
            history.push(text);
            text = apply(text, e);
          }
          const { analysis, outcome } = analyzeIncrementally(validator, previous, text, 'metadata-jsonl');
          if (outcome === 'incremental') incremental++;
          else full++;
          assert.deepStrictEqual(comparable(analysis), comparable(validator.analyze(text, 'metadata-jsonl')), `after ${JSON.stringify(e)} (${outcome})`);
          previous = analysis;
        }
      }),
      { numRuns: 200, seed: 1717 },
    );
    if (process.env.DATUM_DEBUG_INCREMENTAL) console.log('jsonl', incremental, full);
    assert.ok(incremental > full / 3, `only ${incremental} incremental steps against ${full} full passes`);
  });

  it('takes the incremental path for an edit inside one entry of a bigger file, and then matches', () => {
    const images = Array.from({ length: 200 }, (_, i) => ({ image: `img_${i}.jpg`, annotations: [{ type: 'rectangle', bbox: [10, 10, 20 + i, 30], label: i % 50 === 0 ? 'lable?' : 'car' }] }));
    let text = JSON.stringify({ images }, null, 2);
    const before = validator.analyze(text, 'auto');
    const at = text.indexOf('200,'); // the width of images[180]'s box
    assert.ok(at > 0);
    text = text.slice(0, at) + '-' + text.slice(at);
    const { analysis, outcome } = analyzeIncrementally(validator, before, text, 'auto');
    assert.equal(outcome, 'incremental');
    assert.ok(analysis.problems.some((p) => p.code === 'bbox-negative-size' && p.start === at));
    assert.deepStrictEqual(comparable(analysis), comparable(validator.analyze(text, 'auto')));

    // A duplicate key typed into another entry: phase 3 scans that entry and finds it.
    duplicateKeysOf(validator, analysis);
    const key = text.indexOf('"label"', text.indexOf('img_190.jpg'));
    const typed = text.slice(0, key) + '"label": "bus", ' + text.slice(key);
    const next = analyzeIncrementally(validator, analysis, typed, 'auto');
    assert.equal(next.outcome, 'incremental');
    const found = duplicateKeysOf(validator, next.analysis);
    assert.equal(found.length, 1);
    assert.equal(found[0].related?.start, key);
    assert.deepStrictEqual(found, validator.duplicateKeys(validator.analyze(typed, 'auto')));
  });
});
