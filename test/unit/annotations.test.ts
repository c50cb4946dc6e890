import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, codes } from './helpers';

const doc = (annotations: unknown[], image = 'a.jpg') => JSON.stringify({ images: [{ image, annotations }] }, null, 2);

describe('annotation JSON (MetaLake upload format)', () => {
  it('accepts rectangles, polygons and lines with confidence, metadata and attributes', () => {
    const text = doc([
      { type: 'rectangle', bbox: [1, 2, 3, 4], confidence: 0.5, label: 'car', metadata: { a: 1 }, attributes: { color: [{ value: 'red', confidence: 0.3, metadata: {} }] } },
      { type: 'polygon', polygon: [[0, 0], [1, 0], [1, 1]], label: 'road' },
      { type: 'line', line: [[0, 0], [5, 5]], label: 'lane', confidence: 1 },
    ]);
    assert.deepEqual(codes(text, 'annotations'), []);
  });

  it('accepts the older form without type, where the geometry key decides', () => {
    assert.deepEqual(codes(doc([{ bbox: [1, 2, 3, 4], label: 'a' }, { polygon: [[0, 0], [1, 0], [1, 1]], label: 'b' }, { line: [[0, 0], [1, 1]], label: 'c' }]), 'annotations'), []);
  });

  it('is recognized by content', () => {
    const analysis = check(doc([{ bbox: [1, 2, -3, 4], label: 'a' }]), 'auto');
    assert.deepEqual(analysis.map((f) => f.code), ['bbox-negative-size']);
  });

  it('bbox: negative width/height is an error, zero a warning, each on its number', () => {
    const found = check('{"images": [{"image": "a.jpg", "annotations": [{"bbox": [1, 2, -3, 0], "label": "x"}]}]}', 'annotations');
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.text, f.message]), [
      ['bbox-negative-size', 'error', '-3', 'bbox width must not be negative (-3).'],
      ['bbox-zero-size', 'warning', '0', 'bbox height is zero, so the box has no area.'],
    ]);
  });

  it('polygon under 3 points and line under 2 are errors on the point list', () => {
    const found = check(doc([{ polygon: [[0, 0], [1, 1]], label: 'x' }, { line: [[0, 0]], label: 'y' }]), 'annotations');
    assert.deepEqual(found.map((f) => [f.code, f.severity]), [['polygon-too-few-points', 'error'], ['line-too-few-points', 'error']]);
    assert.equal(found[0].text.replace(/\s/g, ''), '[[0,0],[1,1]]');
  });

  it('type that does not match the geometry key: one error on type', () => {
    const found = check(doc([{ type: 'polygon', bbox: [0, 0, 1, 1], label: 'x' }]), 'annotations');
    assert.deepEqual(found.map((f) => [f.code, f.text]), [['type-mismatch', '"polygon"']]);
  });

  it('no geometry, two geometries, unknown type', () => {
    assert.deepEqual(codes(doc([{ type: 'rectangle', label: 'x' }]), 'annotations'), ['missing-geometry']);
    assert.deepEqual(codes(doc([{ bbox: [0, 0, 1, 1], line: [[0, 0], [1, 1]], label: 'x' }]), 'annotations'), ['multiple-geometry']);
    assert.deepEqual(check(doc([{ type: 'rect', bbox: [0, 0, 1, 1], label: 'x' }]), 'annotations').map((f) => [f.code, f.text]), [['unknown-shape-type', '"rect"']]);
  });

  it('malformed geometry: one error per place, no cascades', () => {
    assert.deepEqual(codes(doc([{ bbox: [0, 0, 1], label: 'x' }]), 'annotations'), ['bbox-shape']);
    assert.deepEqual(codes(doc([{ bbox: [0, '0', 1, 1], label: 'x' }]), 'annotations'), ['wrong-type']);
    assert.deepEqual(codes(doc([{ bbox: 'x', label: 'x' }]), 'annotations'), ['wrong-type']);
    assert.deepEqual(codes(doc([{ polygon: [[0, 0], [1], [2, 2, 2]], label: 'x' }]), 'annotations'), ['invalid-point', 'invalid-point']);
  });

  it('confidence outside [0, 1], also on attributes; a percentage gets a hint', () => {
    const found = check(doc([{ bbox: [0, 0, 1, 1], label: 'x', confidence: 87, attributes: { c: [{ value: 1, confidence: -0.1 }] } }]), 'annotations');
    assert.deepEqual(found.map((f) => [f.code, f.text]), [['confidence-out-of-range', '87'], ['confidence-out-of-range', '-0.1']]);
    assert.match(found[0].message, /write 0\.87/);
  });

  it('a misspelt label gives one error, not "unknown" plus "missing"', () => {
    const found = check(doc([{ bbox: [0, 0, 1, 1], lable: 'x' }]), 'annotations');
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.text]), [['unknown-key', 'error', '"lable"']]);
    assert.equal(found[0].message, '`lable` should probably be `label`, which is required here.');
  });

  it('a missing label with no misspelling is a missing-key error on the annotation', () => {
    const found = check('{"images": [{"image": "a.jpg", "annotations": [{"bbox": [0, 0, 1, 1]}]}]}', 'annotations');
    assert.deepEqual(found.map((f) => [f.code, f.text, f.message]), [['missing-key', '{', 'Annotation is missing the required key `label`.']]);
  });

  it('duplicate image entries and duplicate keys are warnings', () => {
    const text = '{"images": [{"image": "a.jpg", "annotations": []}, {"image": "a.jpg", "annotations": [{"bbox": [0,0,1,1], "label": "a", "label": "b"}]}]}';
    assert.deepEqual(check(text, 'annotations').map((f) => [f.code, f.severity]), [['duplicate-image', 'warning'], ['duplicate-key', 'warning']]);
  });

  it('a huge object range is narrowed to its key', () => {
    const text = JSON.stringify({ images: 'x'.repeat(10) }, null, 2);
    assert.deepEqual(check(text, 'annotations').map((f) => f.text), ['"xxxxxxxxxx"']);
    const long = '{\n  "images": {\n' + Array.from({ length: 40 }, (_, k) => `    "k${k}": 1,\n`).join('') + '    "z": 2\n  }\n}';
    const found = check(long, 'annotations');
    assert.deepEqual(found.map((f) => [f.code, f.text]), [['wrong-type', '"images"']]);
  });
});

describe('per-file metadata JSON', () => {
  it('accepts the documented shape', () => {
    const text = JSON.stringify({ files: [{ file: 'a/b.jpg', metadata: { field1: 'x', Tags: ['t1', 't2'] } }] });
    assert.deepEqual(codes(text, 'file-metadata'), []);
    assert.deepEqual(codes(text, 'auto'), []);
  });

  it('Tags as a string, a missing metadata, an unknown key, a duplicate file', () => {
    const text = JSON.stringify({ files: [{ file: 'a', metadata: { Tags: 'x' } }, { file: 'b' }, { file: 'a', metadata: {}, tags: [] }] }, null, 2);
    assert.deepEqual(check(text, 'file-metadata').map((f) => [f.code, f.text]), [
      ['tags-not-list', '"x"'],
      ['missing-key', '{'],
      ['duplicate-file', '"a"'],
      ['unknown-key', '"tags"'],
    ]);
  });
});

describe('closed polygons', () => {
  it('a last point repeating the first is an information on that point', () => {
    const found = check(doc([{ polygon: [[0, 0], [5, 0], [5, 5], [0, 0]], label: 'x' }]), 'annotations');
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.text.replace(/\s/g, '')]), [['polygon-repeats-first-point', 'information', '[0,0]']]);
    assert.deepEqual(codes(doc([{ polygon: [[0, 0], [5, 0], [5, 5]], label: 'x' }]), 'annotations'), []);
  });
});
