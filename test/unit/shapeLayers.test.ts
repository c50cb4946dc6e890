// The preview's shape layers keep a label's traced paths across new shapes (an edit from the
// preview sends the whole list back) only when changedLabels says which labels moved: checked here
// on the lists an edit, a relabel, an add or a delete produce. The drawing itself is checked in
// Chromium (test/e2e/editing.e2e.mjs reads the canvas after a drag).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Shape } from '../../src/annotations/geometry';
import { changedLabels } from '../../src/preview/model/shapeChanges';

const box = (index: number, label: string, x: number): Shape => ({ index, kind: 'rectangle', points: [x, 10, 20, 30], label });
const list = (): Shape[] => [box(0, 'car', 0), box(1, 'person', 50), { index: 2, kind: 'polygon', points: [0, 0, 10, 0, 5, 5], label: 'road' }, box(3, 'car', 100)];

describe('shape layers: which labels an edit changed', () => {
  it('names only the labels of the shapes whose points changed, read back as new objects', () => {
    const before = list();
    const after = list();
    after[3] = box(3, 'car', 140);
    assert.deepEqual([...changedLabels(before, after)!], ['car']);
    const polygon = list();
    polygon[2] = { ...polygon[2], points: [0, 0, 10, 0, 5, 6] };
    assert.deepEqual([...changedLabels(before, polygon)!], ['road']);
    const vertex = list();
    vertex[2] = { ...vertex[2], points: [0, 0, 10, 0, 5, 5, 2, 8] };
    assert.deepEqual([...changedLabels(before, vertex)!], ['road']);
  });

  it('names none for the same shapes (the text read again, or the same list)', () => {
    const before = list();
    assert.equal(changedLabels(before, list())!.size, 0);
    assert.equal(changedLabels(before, before)!.size, 0);
  });

  it('gives up (everything is drawn anew) when a shape was added, removed, relabelled or changed kind', () => {
    const before = list();
    assert.equal(changedLabels(before, [...list(), box(4, 'car', 0)]), undefined);
    assert.equal(changedLabels(before, list().slice(1)), undefined);
    const relabelled = list();
    relabelled[1] = { ...relabelled[1], label: 'car' };
    assert.equal(changedLabels(before, relabelled), undefined);
    const kind = list();
    kind[0] = { ...kind[0], kind: 'line' };
    assert.equal(changedLabels(before, kind), undefined);
    // Another image's shapes of the same count: every label whose shapes differ.
    const other = list().map((s) => ({ ...s, points: s.points.map((p) => p + 1) }));
    assert.deepEqual([...changedLabels(before, other)!].sort(), ['car', 'person', 'road']);
  });
});
