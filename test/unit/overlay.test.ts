// Geometry, hit testing, view transforms, label colours and the document model of the preview.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { assignColors, labelColor, hashLabel, PALETTE } from '../../src/preview/model/colors';
import { area, bounds, confidenceRange, hitTest, hits, scaleShape, type Shape } from '../../src/annotations/geometry';
import { toShape } from '../../src/annotations/metalake';
import { buildModel, datumShapes } from '../../src/preview/model/document';
import { actualSize, fit, pan, toImage, toScreen, zoomAt, zoomToShape } from '../../src/preview/model/transform';
import { repoRoot, validator } from './helpers';

const rect = (x: number, y: number, w: number, h: number, index = 0): Shape => toShape({ type: 'rectangle', bbox: [x, y, w, h], label: 'r' }, index)!;

describe('overlay geometry', () => {
  it('reads rectangles, polygons and lines, inferring the kind for files without type', () => {
    assert.deepEqual(toShape({ type: 'rectangle', bbox: [1, 2, 3, 4], label: 'car', confidence: 0.5 }, 3), { index: 3, kind: 'rectangle', points: [1, 2, 3, 4], label: 'car', confidence: 0.5 });
    assert.equal(toShape({ polygon: [[0, 0], [4, 0], [0, 3]], label: 'x' }, 0)?.kind, 'polygon');
    assert.deepEqual(toShape({ line: [[0, 0], [4, 3]] }, 0)?.points, [0, 0, 4, 3]);
    assert.equal(toShape({ type: 'rectangle', bbox: [1, 2, 3] }, 0), undefined);
    assert.equal(toShape({ type: 'polygon', polygon: [[0, 0], [1, 1]] }, 0), undefined);
    assert.equal(toShape({ type: 'line', line: [[0, 'a'], [1, 1]] }, 0), undefined);
    assert.equal(toShape(null, 0), undefined);
  });

  it('keeps label text exactly, including markup', () => {
    assert.equal(toShape({ bbox: [0, 0, 1, 1], label: '<img src=x onerror=alert(1)>' }, 0)?.label, '<img src=x onerror=alert(1)>');
  });

  it('computes bounds and areas', () => {
    assert.deepEqual(bounds(rect(10, 20, -5, 8)), { x: 5, y: 20, w: 5, h: 8 });
    const tri = toShape({ polygon: [[0, 0], [4, 0], [0, 3]] }, 0)!;
    assert.deepEqual(bounds(tri), { x: 0, y: 0, w: 4, h: 3 });
    assert.equal(area(tri), 6);
    assert.equal(area(rect(0, 0, 3, 4)), 12);
    assert.equal(area(toShape({ line: [[0, 0], [9, 9]] }, 0)!), 0);
  });

  it('scales normalized coordinates by the image size', () => {
    assert.deepEqual(scaleShape(rect(0.5, 0.25, 0.1, 0.5), 640, 480).points, [320, 120, 64, 240]);
  });

  it('hit-tests inside polygons, near lines, and prefers the smallest shape', () => {
    const tri = toShape({ polygon: [[0, 0], [10, 0], [0, 10]] }, 0)!;
    assert.ok(hits(tri, 2, 2, 0));
    assert.ok(!hits(tri, 8, 8, 0));
    assert.ok(hits(tri, 5.5, 5.5, 1)); // on the hypotenuse, within tolerance
    const line = toShape({ line: [[0, 0], [10, 0], [10, 10]] }, 1)!;
    assert.ok(hits(line, 5, 0.5, 1));
    assert.ok(!hits(line, 5, 3, 1));
    const shapes = [rect(0, 0, 100, 100, 0), rect(10, 10, 10, 10, 1), line];
    assert.equal(hitTest(shapes, [0, 1, 2], 15, 15, 1), 1);
    assert.equal(hitTest(shapes, [0, 2], 15, 15, 1), 0);
    assert.equal(hitTest(shapes, [0, 1, 2], 5, 0.2, 1), 2);
    assert.equal(hitTest(shapes, [0, 1, 2], 500, 500, 1), undefined);
  });

  it('finds the confidence range of the data', () => {
    const shapes = [0.4, undefined, 0.9, 0.1].map((c, i) => ({ ...rect(0, 0, 1, 1, i), confidence: c }));
    assert.deepEqual(confidenceRange(shapes), { min: 0.1, max: 0.9 });
    assert.equal(confidenceRange([rect(0, 0, 1, 1)]), undefined);
  });
});

describe('overlay view transforms', () => {
  it('zooms at the cursor: the image point under it stays put', () => {
    const v = { scale: 0.5, x: 10, y: 20 };
    const before = toImage(v, 200, 150);
    const z = zoomAt(v, 3, 200, 150);
    assert.equal(z.scale, 1.5);
    const after = toImage(z, 200, 150);
    assert.ok(Math.abs(after.x - before.x) < 1e-9 && Math.abs(after.y - before.y) < 1e-9);
    const s = toScreen(z, after.x, after.y);
    assert.ok(Math.abs(s.x - 200) < 1e-9);
  });

  it('clamps zoom and pans by screen pixels', () => {
    assert.equal(zoomAt({ scale: 32, x: 0, y: 0 }, 10, 0, 0).scale, 64);
    assert.deepEqual(pan({ scale: 2, x: 1, y: 1 }, 5, -3), { scale: 2, x: 6, y: -2 });
  });

  it('fits the image without enlarging it, and 100% keeps the centre', () => {
    const f = fit(4000, 3000, 816, 616);
    assert.equal(f.scale, 0.2);
    assert.deepEqual([f.x, f.y], [8, 8]);
    assert.equal(fit(100, 100, 800, 600).scale, 1);
    const centre = toImage(f, 408, 308);
    const one = actualSize(f, 816, 616);
    assert.equal(one.scale, 1);
    const c2 = toImage(one, 408, 308);
    assert.ok(Math.abs(c2.x - centre.x) < 1e-9 && Math.abs(c2.y - centre.y) < 1e-9);
  });

  it('zooms to a shape: centred and whole, not magnified past 8x', () => {
    const v = zoomToShape({ x: 100, y: 100, w: 50, h: 20 }, 800, 600);
    const c = toImage(v, 400, 300);
    assert.ok(Math.abs(c.x - 125) < 1e-9 && Math.abs(c.y - 110) < 1e-9);
    assert.ok(v.scale * 50 < 800);
    assert.equal(zoomToShape({ x: 0, y: 0, w: 1, h: 1 }, 800, 600).scale, 8);
  });
});

describe('overlay label colours', () => {
  it('gives a label the same palette colour every time, and honours overrides', () => {
    assert.equal(labelColor('car'), labelColor('car'));
    assert.equal(labelColor('car'), PALETTE[hashLabel('car') % PALETTE.length]);
    assert.notEqual(labelColor('car'), labelColor('person'));
    assert.equal(labelColor('car', { car: '#123456' }), '#123456');
    assert.equal(labelColor('car', { car: 'red; background:url(x)' }), labelColor('car'));
  });

  it('spreads common labels over the palette', () => {
    const labels = ['car', 'person', 'road', 'tree', 'lane', 'sign', 'bus', 'bike', 'truck', 'dog'];
    assert.ok(new Set(labels.map((l) => labelColor(l))).size >= 7);
  });
});

describe('overlay document model', () => {
  const street = fs.readFileSync(path.join(repoRoot, 'samples/annotations/street.json'), 'utf8');

  it('reads every image and shape of a sample', () => {
    const r = buildModel(validator, street);
    assert.ok(r.ok);
    assert.deepEqual(r.doc.images.map((i) => [i.image, i.shapes.length]), [['../images/street.jpg', 5], ['../images/parking.png', 5]]);
    assert.equal(r.doc.normalized, false);
    assert.equal(r.doc.hasImageList, true);
    const other = buildModel(validator, '{ "name": "x", "images": "none" }');
    assert.ok(other.ok && !other.doc.hasImageList);
    assert.deepEqual(r.doc.images[0].shapes[0].attributes, { color: [{ value: 'red', confidence: 0.88, metadata: {} }, { value: 'orange', confidence: 0.09, metadata: {} }] });
  });

  it('maps text offsets to annotations and back', () => {
    const r = buildModel(validator, street);
    assert.ok(r.ok);
    const person = street.indexOf('"person"');
    assert.deepEqual(r.doc.locationAt(person), { image: 0, annotation: 1 });
    const range = r.doc.rangeOf(0, 1)!;
    assert.ok(street.slice(range.start, range.end).startsWith('{') && street.slice(range.start, range.end).includes('"person"'));
    assert.deepEqual(r.doc.locationAt(street.indexOf('parking.png')), { image: 1 });
    assert.deepEqual(r.doc.locationAt(street.indexOf('"sign"')), { image: 1, annotation: 2 });
    assert.equal(r.doc.locationAt(0), undefined);
  });

  it('says where invalid JSON is broken', () => {
    const text = street.replace('"label": "person"', '"label": "person",,');
    const r = buildModel(validator, text);
    assert.ok(!r.ok);
    const line = text.slice(0, text.indexOf(',,')).split('\n').length;
    assert.equal(r.broken.line, line);
    assert.match(r.broken.message, /./);
  });

  it('recognizes normalized files and skips shapes without geometry', () => {
    const r = buildModel(validator, fs.readFileSync(path.join(repoRoot, 'samples/annotations/normalized.json'), 'utf8'));
    assert.ok(r.ok && r.doc.normalized);
    const broken = buildModel(validator, JSON.stringify({ images: [{ image: 'a.png', annotations: [{ type: 'rectangle', bbox: [1] }, { type: 'line', line: [[0, 0], [1, 1]] }] }] }));
    assert.ok(broken.ok);
    assert.equal(broken.doc.images[0].shapes.length, 1);
    assert.equal(broken.doc.images[0].skipped, 1);
    assert.equal(broken.doc.images[0].shapes[0].index, 1);
  });
});

describe('overlay datum annotations', () => {
  it('reads a list, an {annotations} object or a whole upload document', () => {
    const list = [{ type: 'rectangle', bbox: [0.1, 0.1, 0.2, 0.2], label: 'a' }, { type: 'line', line: [[0, 0]] }];
    for (const value of [list, { annotations: list }, { images: [{ image: 'x.png', annotations: list }] }]) {
      const r = datumShapes(value);
      assert.equal(r.shapes.length, 1);
      assert.equal(r.skipped, 1);
      assert.equal(r.normalized, true);
    }
    assert.deepEqual(datumShapes('nonsense'), { shapes: [], skipped: 0, normalized: false });
  });
});

describe('overlay colour assignment', () => {
  it('gives new labels their hash colour, or the next free one, and keeps existing choices', () => {
    const first = assignColors(['car'], {})!;
    assert.deepEqual(first, { car: labelColor('car') });
    // "tree" hashes to the same palette entry as "car": it gets another colour.
    assert.equal(hashLabel('tree') % PALETTE.length, hashLabel('car') % PALETTE.length);
    const second = assignColors(['car', 'tree'], first)!;
    assert.equal(second.car, first.car);
    assert.notEqual(second.tree, second.car);
    assert.equal(assignColors(['car', 'tree'], second), undefined);
    assert.equal(assignColors(['car'], { car: '#123456' }), undefined);
  });

  it('keeps every label distinct while the palette lasts', () => {
    const labels = Array.from({ length: PALETTE.length }, (_, i) => `label-${i}`);
    const colors = assignColors(labels, {})!;
    assert.equal(new Set(Object.values(colors)).size, PALETTE.length);
  });
});
