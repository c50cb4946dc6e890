// Changing a polygon or a line in the preview (src/preview/model/vertexDrag.ts): which handle a
// point is on, and the points a drag, a nudge, an inserted or a removed vertex make.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toShape } from '../../src/annotations/metalake';
import { cycleVertex, dragVertex, edgeMiddleAt, insertVertex, moveShape, nudgeVertex, removeVertex, vertexAt } from '../../src/preview/model/vertexDrag';

const triangle = [100, 50, 300, 50, 200, 250];
const inside = { w: 640, h: 480 };

describe('vertices of a polygon or line in the preview (model/vertexDrag.ts)', () => {
  it('finds the nearest vertex within the slack, and the edge whose middle is there', () => {
    assert.equal(vertexAt(triangle, 104, 47, 6), 0);
    assert.equal(vertexAt(triangle, 200, 244, 6), 2);
    assert.equal(vertexAt(triangle, 200, 150, 6), undefined);
    assert.equal(edgeMiddleAt(triangle, true, 200, 52, 6), 0);
    // The closing edge of a polygon (vertex 2 back to 0) has a middle; a line's has none.
    assert.equal(edgeMiddleAt(triangle, true, 150, 150, 6), 2);
    assert.equal(edgeMiddleAt(triangle, false, 150, 150, 6), undefined);
    assert.equal(edgeMiddleAt(triangle, true, 200, 52, 6, (e) => e !== 0), undefined, 'a short edge has no handle');
  });

  it('a dragged vertex snaps to whole pixels and stays in the image unless Alt', () => {
    assert.deepEqual(dragVertex(triangle, 1, 10.4, -5.6, { snap: true, inside }), [100, 50, 310, 44, 200, 250]);
    assert.deepEqual(dragVertex(triangle, 1, 1000, -1000, { snap: true, inside }), [100, 50, 640, 0, 200, 250]);
    assert.deepEqual(dragVertex(triangle, 1, 1000, -1000, { snap: true }), [100, 50, 1300, -950, 200, 250]);
    // A fractional vertex (a normalized file's, in pixels) lands on the grid.
    assert.deepEqual(dragVertex([10.3, 0, 5, 5], 0, 2, 0.2, { snap: true, inside }), [12, 0, 5, 5]);
  });

  it('a moved shape keeps its form (whole pixels) and stops at the image edge', () => {
    assert.deepEqual(moveShape(triangle, 10.4, 20.6, inside), [110, 71, 310, 71, 210, 271]);
    assert.deepEqual(moveShape(triangle, 1000, -1000, inside), [440, 0, 640, 0, 540, 200]);
    assert.deepEqual(moveShape(triangle, 1000, 0), [1100, 50, 1300, 50, 1200, 250], 'Alt: may leave the image');
    // Already past the right edge: it may move back, not further out.
    assert.deepEqual(moveShape([600, 0, 700, 0, 650, 50], 5, 0, inside), [600, 0, 700, 0, 650, 50]);
    assert.deepEqual(moveShape([600, 0, 700, 0, 650, 50], -5, 0, inside), [595, 0, 695, 0, 645, 50]);
    assert.deepEqual(moveShape([0.5, 1.25, 10, 10, 5, 20], 1, 0, inside), [1.5, 1.25, 11, 10, 6, 20], 'fractions keep their fraction');
  });

  it('a nudged vertex moves by whole pixels and stops at the edge', () => {
    assert.deepEqual(nudgeVertex(triangle, 0, -10, 0, inside), [90, 50, 300, 50, 200, 250]);
    assert.deepEqual(nudgeVertex(triangle, 2, 0, 300, inside), [100, 50, 300, 50, 200, 480]);
    assert.deepEqual(nudgeVertex(triangle, 2, 0, 300), [100, 50, 300, 50, 200, 550]);
  });

  it('inserts a vertex in the middle of an edge (on the grid), removes one down to the fewest a shape needs', () => {
    assert.deepEqual(insertVertex(triangle, 0, true), { points: [100, 50, 200, 50, 300, 50, 200, 250], index: 1 });
    assert.deepEqual(insertVertex(triangle, 2, true), { points: [100, 50, 300, 50, 200, 250, 150, 150], index: 3 });
    assert.deepEqual(insertVertex([0, 0, 5, 0], 0, true).points, [0, 0, 3, 0, 5, 0]);
    assert.deepEqual(removeVertex([...triangle, 0, 0], 3, true), triangle);
    assert.equal(removeVertex(triangle, 0, true), undefined, 'a polygon keeps 3');
    assert.deepEqual(removeVertex(triangle, 0, false), [300, 50, 200, 250]);
    assert.equal(removeVertex([0, 0, 5, 5], 1, false), undefined, 'a line keeps 2');
  });

  it('[ and ] cycle through the vertices and back to none', () => {
    assert.equal(cycleVertex(undefined, 3, 1), 0);
    assert.equal(cycleVertex(2, 3, 1), undefined);
    assert.equal(cycleVertex(undefined, 3, -1), 2);
    assert.equal(cycleVertex(0, 3, -1), undefined);
    assert.equal(cycleVertex(1, 3, 1), 2);
  });
});

describe('polygons and lines the preview draws (and edits)', () => {
  it('reads flat lists and the points key as well as nested pairs', () => {
    assert.deepEqual(toShape({ label: 'a', polygon: [1, 2, 3, 4, 5, 6] }, 0)?.points, [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(toShape({ label: 'a', type: 'line', line: [1, 2, 3, 4] }, 0)?.points, [1, 2, 3, 4]);
    assert.deepEqual(toShape({ label: 'a', type: 'polygon', points: [[1, 2], [3, 4], [5, 6]] }, 0)?.points, [1, 2, 3, 4, 5, 6]);
    assert.equal(toShape({ label: 'a', points: [[1, 2], [3, 4], [5, 6]] }, 0)?.kind, 'polygon');
    assert.equal(toShape({ label: 'a', polygon: [1, 2, 3, 4, 5] }, 0), undefined, 'an odd flat list is no shape');
  });
});
