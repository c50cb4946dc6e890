// The geometry of drawing a new shape in the preview (src/preview/model/drawShape.ts): snapping,
// clamping, a box from two corners, closing a polygon, the points sent, the label a shape gets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boxFromCorners, closesPolygon, defaultLabel, labelsByUse, shapePoints, snapPoint } from '../../src/preview/model/drawShape';

describe('drawing new shapes', () => {
  it('points snap to whole pixels and stay inside the image unless Alt is held', () => {
    assert.deepEqual(snapPoint(10.4, 20.6, { w: 640, h: 480 }), { x: 10, y: 21 });
    assert.deepEqual(snapPoint(-3.2, 500, { w: 640, h: 480 }), { x: 0, y: 480 });
    assert.deepEqual(snapPoint(-3.2, 500, undefined), { x: -3, y: 500 });
    assert.ok(Object.is(snapPoint(-0.2, 0, undefined).x, 0), 'no -0');
  });

  it('a box from two corners in any order; a box without area sends nothing', () => {
    assert.deepEqual(boxFromCorners({ x: 50, y: 10 }, { x: 20, y: 40 }), [20, 10, 30, 30]);
    assert.deepEqual(shapePoints('rectangle', [{ x: 50, y: 10 }, { x: 20, y: 40 }]), [20, 10, 30, 30]);
    assert.equal(shapePoints('rectangle', [{ x: 5, y: 10 }, { x: 5, y: 40 }]), undefined);
    assert.equal(shapePoints('rectangle', [{ x: 5, y: 10 }]), undefined);
  });

  it('polygons and lines: repeated points count once, a closing point repeating the first is dropped, too few send nothing', () => {
    const p = (...xy: number[]) => xy.reduce<{ x: number; y: number }[]>((out, v, i) => (i % 2 ? (out[out.length - 1].y = v, out) : [...out, { x: v, y: 0 }]), []);
    assert.deepEqual(shapePoints('polygon', p(0, 0, 10, 0, 10, 10)), [0, 0, 10, 0, 10, 10]);
    assert.deepEqual(shapePoints('polygon', p(0, 0, 10, 0, 10, 0, 10, 10, 0, 0)), [0, 0, 10, 0, 10, 10]);
    assert.equal(shapePoints('polygon', p(0, 0, 10, 0, 10, 0)), undefined);
    assert.deepEqual(shapePoints('line', p(0, 0, 5, 5, 5, 5)), [0, 0, 5, 5]);
    assert.equal(shapePoints('line', p(3, 3, 3, 3)), undefined);
  });

  it('a click near the first point closes a polygon of three points or more', () => {
    assert.equal(closesPolygon(3, 5, 8), true);
    assert.equal(closesPolygon(2, 0, 8), false);
    assert.equal(closesPolygon(4, 9, 8), false);
  });

  it('the label: the selected shape\'s, else the one most used; suggestions by use', () => {
    assert.equal(defaultLabel(['car', 'person', 'person', ''], undefined), 'person');
    assert.equal(defaultLabel(['car', 'person'], undefined), 'car', 'a tie: the first seen');
    assert.equal(defaultLabel(['car', 'person', 'person'], 'car'), 'car');
    assert.equal(defaultLabel([], undefined), '');
    assert.deepEqual(labelsByUse(['b', 'a', 'c', 'c', '', 'a']), ['a', 'c', 'b']);
  });
});
