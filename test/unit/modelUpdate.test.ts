// The preview's model updated after an edit inside one image entry (src/preview/model/modelUpdate.ts)
// equals the model read from the whole new text (modelOf): the same images and shapes, the same
// normalized-or-pixel reading, the same places of entries and annotations. Random edit sequences on
// generated files, the analysis chained incrementally as the editor's cache does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeIncrementally, entryEditOf } from '../../src/validation/incremental';
import { modelOf, type AnnotationDocument } from '../../src/preview/model/document';
import { updatedModel } from '../../src/preview/model/modelUpdate';
import { validator } from './helpers';

const num = fc.oneof(fc.integer({ min: -5, max: 900 }), fc.integer({ min: 2, max: 900 }), fc.constantFrom(0, 0.25, 0.5, 1));
const annotation = fc.oneof(
  fc.record({ type: fc.constantFrom('rectangle', 'polygon'), bbox: fc.tuple(num, num, num, num), label: fc.constantFrom('car', 'dog', '') }, { requiredKeys: ['bbox'] }),
  fc.record({ type: fc.constant('polygon'), polygon: fc.array(fc.tuple(num, num), { maxLength: 5 }), label: fc.constantFrom('car', 'dog') }),
  fc.constant('not an annotation'),
);
const entry = fc.record({ image: fc.oneof(fc.constantFrom('a.jpg', 'b.jpg', ''), fc.integer()), annotations: fc.array(annotation, { maxLength: 4 }) }, { requiredKeys: ['annotations'] });
const file = fc.array(entry, { minLength: 1, maxLength: 6 }).map((images) => ({ images }));
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  kind: fc.constantFrom('number', 'number', 'number', 'minus', 'minus', 'char', 'delete', 'undo'),
  number: num,
  char: fc.constantFrom('-', ',', '{', '}', '1', ' ', '\n', '0.5'),
  length: fc.integer({ min: 1, max: 8 }),
});
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function apply(text: string, e: Edit): string {
  const at = Math.floor(e.at * text.length);
  if (e.kind === 'number' || e.kind === 'minus') {
    const tokens = [...text.matchAll(/"(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?/g)].filter((m) => m[0][0] !== '"');
    const m = tokens.find((x) => x.index! >= at) ?? tokens[0];
    if (!m) return text;
    const by = e.kind === 'number' ? String(e.number) : m[0].startsWith('-') ? m[0].slice(1) : '-' + m[0];
    return text.slice(0, m.index) + by + text.slice(m.index! + m[0].length);
  }
  if (e.kind === 'char') return text.slice(0, at) + e.char + text.slice(at);
  if (e.kind === 'delete') return text.slice(0, at) + text.slice(at + e.length);
  return text;
}

function model(text: string, analysis = validator.analyze(text, 'annotations')): AnnotationDocument | undefined {
  const r = modelOf(analysis, text);
  return r.ok ? r.doc : undefined;
}

/** What the preview reads of a model (the spans found, as the cursor would find them). */
function comparable(doc: AnnotationDocument) {
  const images = doc.images.map((image, i) => ({ image, range: doc.rangeOf(i), annotations: Array.from({ length: doc.annotationCount(i) }, (_, j) => doc.rangeOf(i, j)) }));
  return { text: doc.text, normalized: doc.normalized, images };
}

describe('preview model updated after an edit', () => {
  it('equals the model of the whole new text, after random edits', () => {
    let updated = 0;
    let full = 0;
    fc.assert(
      fc.property(file, fc.constantFrom(0, 2), fc.array(edit, { minLength: 1, maxLength: 10 }), (value, indent, edits) => {
        let text = JSON.stringify(value, null, indent);
        let analysis = validator.analyze(text, 'annotations');
        let doc = model(text, analysis);
        doc?.rangeOf(0);
        const history: string[] = [];
        for (const e of edits) {
          if (e.kind === 'undo' && history.length) text = history.pop()!;
          else {
            history.push(text);
            text = apply(text, e);
          }
          analysis = analyzeIncrementally(validator, analysis, text, 'annotations').analysis;
          const next = doc && updatedModel(doc, analysis, entryEditOf(analysis));
          const fresh = model(text);
          if (next) {
            updated++;
            assert.ok(fresh, 'an updated model for a text that does not parse');
            assert.deepStrictEqual(comparable(next), comparable(fresh), `after ${JSON.stringify(e)}`);
            doc = next;
          } else {
            full++;
            // As the preview does: a text that does not parse keeps the last model.
            if (fresh) doc = fresh;
            doc?.rangeOf(0);
          }
        }
      }),
      { numRuns: 200, seed: 1702 },
    );
    assert.ok(updated > full / 3, `only ${updated} updates against ${full} full reads`);
  });

  it('a model whose spans were never found, or of another version of the text, is read in full', () => {
    const text = JSON.stringify({ images: [{ image: 'a.jpg', annotations: [{ bbox: [1, 2, 3, 4], label: 'car' }] }, { image: 'b.jpg', annotations: [] }] }, null, 2);
    const before = validator.analyze(text, 'annotations');
    const edited = text.replace('[1, 2, 3, 4]'.replace(/, /g, ',\n'), '').replace('3,', '-3,');
    assert.notEqual(edited, text);
    const after = analyzeIncrementally(validator, before, edited, 'annotations').analysis;
    const step = entryEditOf(after);
    assert.ok(step);
    assert.equal(updatedModel(model(text, before)!, after, step), undefined, 'spans not known');
    const known = model(text, before)!;
    known.rangeOf(0);
    const next = updatedModel(known, after, step);
    assert.ok(next);
    assert.deepStrictEqual(next.images[0].shapes[0].points, [1, 2, -3, 4]);
    // A model of some other text (an edit elsewhere in between): not updated from.
    const other = model(text.replace('b.jpg', 'c.jpg'))!;
    other.rangeOf(0);
    assert.equal(updatedModel(other, after, step), undefined);
  });
});
