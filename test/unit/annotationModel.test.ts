// The annotation model: one geometry (flat points, one box) and the MetaLake adapter's walks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { area, bounds, boxOf, clampBox, isSelfIntersecting, normalizeBox, polygonArea, polylineLength } from '../../src/annotations/geometry';
import { annotationsOf, datumAnnotationList, flatten, forEachAnnotation, imageEntries, isNormalized, readImages } from '../../src/annotations/metalake';

describe('annotation geometry', () => {
  it('measures polygons and lines in the one flat encoding', () => {
    assert.equal(polygonArea([0, 0, 4, 0, 4, 3, 0, 3]), 12);
    assert.equal(polygonArea(flatten([[0, 0], [4, 0], [0, 3]])), 6);
    assert.equal(polylineLength([0, 0, 3, 4, 3, 10]), 11);
    assert.equal(isSelfIntersecting([0, 0, 4, 4, 4, 0, 0, 4]), true, 'a bow tie crosses itself');
    assert.equal(isSelfIntersecting([0, 0, 4, 0, 4, 4, 0, 4]), false);
  });

  it('one box type: normalize, clamp, bounds and area agree', () => {
    const b = boxOf([10, 10, -4, 6]);
    assert.deepEqual(normalizeBox(b), { x: 6, y: 10, w: 4, h: 6 });
    assert.deepEqual(clampBox({ x: -5, y: 2, w: 10, h: 100 }, 20, 20), { x: 0, y: 2, w: 5, h: 18 });
    assert.equal(clampBox({ x: 30, y: 0, w: 5, h: 5 }, 20, 20), undefined);
    const shape = { index: 0, kind: 'rectangle' as const, points: [10, 10, -4, 6], label: 'car' };
    assert.deepEqual(bounds(shape), normalizeBox(b));
    assert.equal(area(shape), 24);
    assert.equal(area({ index: 1, kind: 'polygon', points: [0, 0, 4, 0, 4, 3, 0, 3], label: '' }), 12);
  });
});

describe('MetaLake adapter', () => {
  const doc = {
    images: [
      { image: 'a.png', annotations: [{ bbox: [1, 2, 3, 4], label: 'car' }, 'junk', { polygon: [[0, 0]], label: 'x' }] },
      'not an entry',
      { image: 'b.png', annotations: [{ type: 'line', line: [[0, 0], [5, 5]], label: 'lane' }] },
    ],
  };

  it('walks every annotation object with its path, passing over what is no object', () => {
    const seen: string[] = [];
    forEachAnnotation(doc, (a, path, image, index) => seen.push(`${JSON.stringify(path)} ${image}/${index} ${String(a.label)}`));
    assert.deepEqual(seen, ['["images",0,"annotations",0] 0/0 car', '["images",0,"annotations",2] 0/2 x', '["images",2,"annotations",0] 2/0 lane']);
    assert.equal(imageEntries(doc).length, 3);
    assert.deepEqual(annotationsOf('not an entry'), []);
  });

  it('reads images with their shapes; indexes stay the file’s, unusable geometry is counted as skipped', () => {
    const { images, annotationCounts } = readImages(doc);
    assert.deepEqual(annotationCounts, [3, 0, 1]);
    assert.deepEqual(images.map((i) => [i.index, i.image, i.shapes.map((s) => `${s.kind}#${s.index}`), i.skipped]), [
      [0, 'a.png', ['rectangle#0'], 2],
      [1, '', [], 0],
      [2, 'b.png', ['line#0'], 0],
    ]);
  });

  it('finds a datum’s annotations in a list, an object or a whole upload document', () => {
    const list = [{ bbox: [0, 0, 1, 1] }];
    assert.equal(datumAnnotationList(list), list);
    assert.equal(datumAnnotationList({ annotations: list }), list);
    assert.equal(datumAnnotationList({ images: [{ annotations: list }] }), list);
    assert.deepEqual(datumAnnotationList({ other: 1 }), []);
  });

  it('tells normalized files from pixel ones', () => {
    assert.equal(isNormalized({ images: [{ annotations: [{ bbox: [0.1, 0.2, 0.3, 0.4] }] }] }), true);
    assert.equal(isNormalized(doc), false);
  });
});
