// The preview's shape diff (src/preview/model/shapeDiff.ts): the splice between two shape lists
// turns one into the other, a patch applied on the page gives what a whole `annotations` message
// would, and a one-number edit in a big file sends one shape.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Shape } from '../../src/annotations/geometry';
import { annotationsMessage, applySplice, diffShapes, patchedAnnotations } from '../../src/preview/model/shapeDiff';
import { modelOf } from '../../src/preview/model/document';
import type { Annotations } from '../../src/preview/page/protocol';
import { validator } from './helpers';

const shape = fc.record({
  kind: fc.constantFrom('rectangle' as const, 'polygon' as const, 'line' as const),
  points: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 2, maxLength: 6 }),
  label: fc.constantFrom('car', 'dog', ''),
  confidence: fc.option(fc.constantFrom(0.5, 0.9), { nil: undefined }),
  attributes: fc.option(fc.constantFrom({ color: 'red' }, { color: 'blue' }, [1, 2]), { nil: undefined }),
});
type Drawn = typeof shape extends fc.Arbitrary<infer T> ? T : never;

/** Shapes as the model makes them: numbered by annotation, some annotations with two shapes. */
function numbered(list: { drawn: Drawn; twice: boolean }[]): Shape[] {
  const out: Shape[] = [];
  list.forEach(({ drawn, twice }, index) => {
    const s: Shape = { index, kind: drawn.kind, points: drawn.points, label: drawn.label };
    if (drawn.confidence !== undefined) s.confidence = drawn.confidence;
    if (drawn.attributes !== undefined) s.attributes = drawn.attributes;
    out.push(s);
    if (twice) out.push({ ...s, kind: 'polygon' });
  });
  return out;
}

const annotationList = fc.array(fc.record({ drawn: shape, twice: fc.boolean() }), { maxLength: 12 });
/** An edit of the annotation list: one changed, one inserted or deleted anywhere, or a few in a row. */
const listEdit = fc.record({ kind: fc.constantFrom('change', 'attributes', 'insert', 'delete', 'replace-run', 'none'), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }), drawn: shape, twice: fc.boolean() });

describe('preview shape diff', () => {
  it('the splice turns the old shapes into the new, for random edits of the annotation list', () => {
    fc.assert(
      fc.property(annotationList, fc.array(listEdit, { minLength: 1, maxLength: 3 }), (list, edits) => {
        const now = list.slice();
        for (const e of edits) {
          const at = now.length ? e.at % (now.length + 1) : 0;
          const item = { drawn: e.drawn, twice: e.twice };
          if (e.kind === 'change' && at < now.length) now[at] = item;
          // Only what is shown as text changes: the confidence, the attributes.
          else if (e.kind === 'attributes' && at < now.length) now[at] = { ...now[at], drawn: { ...now[at].drawn, confidence: e.drawn.confidence, attributes: e.drawn.attributes } };
          else if (e.kind === 'insert') now.splice(at, 0, item);
          else if (e.kind === 'delete') now.splice(at, 1);
          else if (e.kind === 'replace-run') now.splice(at, e.length, item);
        }
        const before = numbered(list);
        const after = numbered(now);
        const splice = diffShapes(before, after);
        assert.deepStrictEqual(applySplice(before, splice), after);
        // The shapes kept are those before and after the splice, untouched (not sent).
        assert.ok(splice.insert.length <= after.length);
        if (JSON.stringify(before) === JSON.stringify(after)) assert.equal(splice.insert.length + splice.deleteCount, 0);
        // A patch applied on the page gives the annotations a whole message would.
        const last: Annotations = { index: 3, image: 'a.jpg', shapes: before, normalized: false, skipped: 0, rev: 7 };
        const next: Annotations = { index: 3, image: 'a.jpg', shapes: after, normalized: false, skipped: 1, editVersion: 12, editOps: ['points', 'delete'] };
        const m = annotationsMessage(last, next, 8);
        const page = m.type === 'annotationsPatch' ? patchedAnnotations(last, m.patch) : m.type === 'annotations' ? m.annotations : undefined;
        assert.deepStrictEqual(page, { ...next, rev: 8 });
      }),
      { numRuns: 500, seed: 2 },
    );
  });

  it('sends everything when the page has other annotations, and the page refuses a patch not for what it has', () => {
    const shapes: Shape[] = [{ index: 0, kind: 'rectangle', points: [1, 2, 3, 4], label: 'car' }];
    const a: Annotations = { index: 0, image: 'a.jpg', shapes, normalized: false, skipped: 0 };
    assert.equal(annotationsMessage(undefined, a, 1).type, 'annotations');
    assert.equal(annotationsMessage({ ...a, rev: 1 }, { ...a, index: 1 }, 2).type, 'annotations');
    assert.equal(annotationsMessage({ ...a, rev: 1 }, { ...a, image: 'b.jpg' }, 2).type, 'annotations');
    const m = annotationsMessage({ ...a, rev: 1 }, { ...a, shapes: [{ ...shapes[0], label: 'bus' }] }, 2);
    assert.equal(m.type, 'annotationsPatch');
    if (m.type !== 'annotationsPatch') return;
    assert.equal(patchedAnnotations({ ...a, rev: 5 }, m.patch), undefined);
    assert.equal(patchedAnnotations(undefined, m.patch), undefined);
    assert.equal(patchedAnnotations({ ...a, rev: 1 }, m.patch)?.shapes[0].label, 'bus');
    // No editVersion in the new annotations: none after the patch either (the page stops editing).
    assert.equal(patchedAnnotations({ ...a, rev: 1, editVersion: 3 }, m.patch)?.editVersion, undefined);
  });

  it('a one-number edit in a big file sends one shape', () => {
    const images = Array.from({ length: 300 }, (_, i) => ({
      image: `img_${i}.jpg`,
      annotations: Array.from({ length: 40 }, (_, j) => ({ type: j % 3 ? 'rectangle' : 'polygon', ...(j % 3 ? { bbox: [j, i, 20 + j, 30] } : { polygon: [[j, 1], [j + 5, 1], [j + 5, 9]] }), label: 'car', confidence: 0.5 })),
    }));
    const text = JSON.stringify({ images }, null, 2);
    const at = text.indexOf('"bbox"', text.indexOf('"img_200.jpg"'));
    const width = text.indexOf('21,', at);
    const edited = text.slice(0, width) + '-' + text.slice(width);
    const model = (t: string) => {
      const r = modelOf(validator.analyze(t, 'annotations'), t);
      assert.ok(r.ok);
      return r.doc;
    };
    const show = (t: string, version: number): Annotations => {
      const entry = model(t).images[200];
      return { index: 200, image: entry.image, shapes: entry.shapes, normalized: false, skipped: entry.skipped, editVersion: version, editOps: ['points'] };
    };
    const last = { ...show(text, 1), rev: 1 };
    const m = annotationsMessage(last, show(edited, 2), 2);
    assert.equal(m.type, 'annotationsPatch');
    if (m.type !== 'annotationsPatch') return;
    assert.equal(m.patch.splice.insert.length, 1);
    assert.deepStrictEqual(m.patch.splice.insert[0].points, [1, 200, -21, 30]);
    assert.equal(m.patch.count, 40);
    assert.equal(m.patch.editVersion, 2);
    assert.deepStrictEqual(m.patch.editOps, ['points']);
    assert.ok(JSON.stringify(m).length * 10 < JSON.stringify({ type: 'annotations', annotations: show(edited, 2) }).length);
  });
});
