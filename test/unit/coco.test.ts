// COCO: recognition by content, the schema, and every COCO check on its exact range.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recognizeByContent } from '../../src/formats/formats';
import { fixesFor } from '../../src/language/quickFixes';
import { DocumentIndex } from '../../src/language/documentIndex';
import { check, codes, validator } from './helpers';

const image = (id: number, extra = '') => `{"id": ${id}, "file_name": "img${id}.jpg", "width": 100, "height": 50${extra}}`;
const gt = (annotations: string, images = image(1), categories = '{"id": 1, "name": "cat"}') =>
  `{"images": [${images}], "annotations": [${annotations}], "categories": [${categories}]}`;
const box = (extra = '', bbox = '[10, 10, 20, 10]', area = 200) => `{"id": 1, "image_id": 1, "category_id": 1, "bbox": ${bbox}, "area": ${area}, "iscrowd": 0${extra}}`;

/** [code, severity, covered text] of the problems of a text. */
function found(text: string): [string, string, string][] {
  return check(text, 'auto').map((f) => [f.code, f.severity, f.text]);
}

describe('COCO recognition', () => {
  it('ground truth by two of images / annotations / categories, results by their keys', () => {
    assert.equal(recognizeByContent(JSON.parse(gt(box()))), 'coco');
    assert.equal(recognizeByContent({ annotations: [{ id: 1, image_id: 5, category_id: 1 }], categories: [{ id: 1, name: 'a' }] }), 'coco');
    assert.equal(recognizeByContent({ images: [{ id: 1, file_name: 'a.jpg' }], annotations: [] }), 'coco');
    assert.equal(recognizeByContent([{ image_id: 1, category_id: 2, bbox: [1, 2, 3, 4], score: 0.5 }]), 'coco');
    assert.equal(recognizeByContent([{ image_id: 1, category_id: 2, keypoints: [1, 2, 2], score: 0.5 }]), 'coco');
  });

  it('MetaLake, package.json-like files and other lists are not COCO', () => {
    assert.equal(recognizeByContent({ images: [{ image: 'a.jpg', annotations: [] }], annotations: [], categories: [] }), 'annotations');
    assert.equal(recognizeByContent({ name: 'pkg', files: ['dist'], images: ['a.png'], categories: ['x'] }), undefined);
    assert.equal(recognizeByContent({ images: [{ id: 1, file_name: 'a.jpg' }] }), undefined, 'one list alone is not enough');
    assert.equal(recognizeByContent([{ image_id: 1, caption: 'a cat' }]), undefined);
    assert.equal(recognizeByContent([1, 2]), undefined);
  });

  it('COCO text that does not parse is reported as COCO', () => {
    const analysis = validator.analyze('{"images": [], "annotations": [], "categories": [,]}', 'auto');
    assert.equal(analysis.format, 'coco');
    assert.deepEqual(analysis.problems.map((p) => p.code), ['invalid-json']);
  });

  it('a valid file has no problem; info and licenses are optional', () => {
    assert.deepEqual(codes(gt(box()), 'auto'), []);
    assert.deepEqual(codes('[{"image_id": 1, "category_id": 2, "bbox": [1, 2, 3, 4], "score": 0.9}]', 'auto'), []);
  });
});

describe('COCO checks', () => {
  it('schema: wrong types and missing keys', () => {
    assert.deepEqual(found(gt(box().replace('"image_id": 1', '"image_id": "a"'))), [['wrong-type', 'error', '"a"']]);
    assert.deepEqual(found(gt('{"id": 1, "image_id": 1, "bbox": [1, 1, 2, 2], "area": 4}')).map((f) => f[0]), ['missing-key']);
    assert.deepEqual(found(gt(box('', '[1, 1, 2, 2, 3]', 4))).map((f) => f[0]), ['wrong-length']);
  });

  it('image_id and category_id that refer to nothing', () => {
    assert.deepEqual(found(gt(box().replace('"image_id": 1', '"image_id": 7'))), [['coco-unknown-image', 'error', '7']]);
    assert.deepEqual(found(gt(box().replace('"category_id": 1', '"category_id": 3'))), [['coco-unknown-category', 'error', '3']]);
    // A caption annotation has no real category.
    assert.deepEqual(codes('{"images": [' + image(1) + '], "annotations": [{"id": 1, "image_id": 1, "category_id": 0, "caption": "a cat"}], "categories": []}', 'auto'), []);
  });

  it('duplicate ids and ids that are not integers', () => {
    const text = gt(box() + ',' + box().replace('[10, 10, 20, 10]', '[30, 10, 20, 10]'), image(1) + ',' + image(1.5).replace('img1.5', 'b'));
    assert.deepEqual(found(text), [
      ['coco-id-not-integer', 'error', '1.5'],
      ['coco-duplicate-id', 'error', '1'],
    ]);
    assert.equal(check(text, 'auto')[1].at, '1:' + (text.indexOf('"id": 1', text.indexOf('"annotations"') + 30) + 7));
  });

  it('bbox with w or h <= 0, or outside the image; a bbox that reads as corners', () => {
    assert.deepEqual(found(gt(box('', '[10, 10, 0, 10]', 0))), [['bbox-zero-size', 'warning', '0']]);
    assert.deepEqual(found(gt(box('', '[10, 10, -5, 10]', 50))), [['bbox-negative-size', 'error', '-5']]);
    assert.deepEqual(found(gt(box('', '[90, 10, 20, 10]', 200))), [['coco-out-of-image', 'warning', '[90, 10, 20, 10]']]);
    assert.deepEqual(found(gt(box('', '[10, 20, 60, 45]', 2700))), [
      ['coco-out-of-image', 'warning', '[10, 20, 60, 45]'],
      ['coco-bbox-corners', 'hint', '[10, 20, 60, 45]'],
    ]);
    assert.match(check(gt(box('', '[10, 20, 60, 45]', 2700)), 'auto')[1].message, /\[10, 20, 50, 25\]/);
  });

  it('segmentation: a flat list, polygons under 3 points or with an odd count, outside the image', () => {
    assert.deepEqual(found(gt(box(', "segmentation": [10, 10, 30, 10, 30, 20]'))), [['coco-flat-segmentation', 'error', '[10, 10, 30, 10, 30, 20]']]);
    assert.deepEqual(found(gt(box(', "segmentation": [[10, 10, 30, 10]]'))), [['polygon-too-few-points', 'error', '[10, 10, 30, 10]']]);
    assert.deepEqual(found(gt(box(', "segmentation": [[10, 10, 30, 10, 30]]'))), [['coco-polygon-odd-count', 'error', '[10, 10, 30, 10, 30]']]);
    assert.deepEqual(found(gt(box(', "segmentation": [[10, 10, 130, 10, 130, 20, 10, 20]]', '[10, 10, 20, 10]', 1200))).map((f) => f.slice(0, 2)), [
      ['coco-out-of-image', 'warning'],
    ]);
    assert.deepEqual(codes(gt(box(', "segmentation": [[10, 10, 30, 10, 30, 20, 10, 20]]')), 'auto'), []);
  });

  it('RLE size not [height, width]; iscrowd against polygons and RLE', () => {
    const rle = (size: string, crowd: number) => box(`, "segmentation": {"counts": [0, 200, 4800], "size": ${size}}`).replace('"iscrowd": 0', `"iscrowd": ${crowd}`);
    assert.deepEqual(found(gt(rle('[100, 50]', 1))), [['coco-rle-size', 'error', '[100, 50]']]);
    assert.match(check(gt(rle('[100, 50]', 1)), 'auto')[0].message, /swapped/);
    assert.deepEqual(codes(gt(rle('[50, 100]', 1)), 'auto'), []);
    assert.deepEqual(found(gt(rle('[50, 100]', 0))), [['coco-iscrowd-mismatch', 'information', '0']]);
    assert.deepEqual(found(gt(box(', "segmentation": [[10, 10, 30, 10, 30, 20, 10, 20]]').replace('"iscrowd": 0', '"iscrowd": 1'))), [['coco-iscrowd-mismatch', 'warning', '1']]);
  });

  it('area missing or inconsistent with the segmentation or the box', () => {
    assert.deepEqual(found(gt('{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 10]}')).map((f) => f.slice(0, 2)), [['coco-area-missing', 'warning']]);
    assert.deepEqual(found(gt(box('', '[10, 10, 20, 10]', 0))), [['coco-area-inconsistent', 'warning', '0']]);
    assert.deepEqual(found(gt(box(', "segmentation": [[10, 10, 20, 10, 20, 20, 10, 20]]', '[10, 10, 20, 20]', 400).replace('"width": 100, "height": 50', '"width": 100, "height": 50'))), [['coco-area-inconsistent', 'warning', '400']]);
    // Image-level labels (no geometry) need no area.
    assert.deepEqual(codes(gt('{"id": 1, "image_id": 1, "category_id": 1}'), 'auto'), []);
  });

  it('keypoints against the category, num_keypoints', () => {
    const cat = '{"id": 1, "name": "person", "keypoints": ["nose", "eye"]}';
    const kp = (points: string, n: number) => box(`, "keypoints": ${points}, "num_keypoints": ${n}`);
    assert.deepEqual(codes(gt(kp('[1, 2, 2, 0, 0, 0]', 1), image(1), cat), 'auto'), []);
    assert.deepEqual(found(gt(kp('[1, 2, 2]', 1), image(1), cat)), [['coco-keypoints-length', 'error', '[1, 2, 2]']]);
    assert.deepEqual(found(gt(kp('[1, 2, 2, 3, 4, 1]', 1), image(1), cat)), [['coco-num-keypoints', 'warning', '1']]);
    // No keypoint names (datumaro and CVAT write this): only triples are checked.
    assert.deepEqual(codes(gt(kp('[1, 2, 2]', 1), image(1), '{"id": 1, "name": "p", "keypoints": []}'), 'auto'), []);
    assert.deepEqual(codes(gt(kp('[1, 2]', 1), image(1), '{"id": 1, "name": "p", "keypoints": []}'), 'auto'), ['coco-keypoints-length']);
  });

  it('a flat segmentation is fixed by wrapping it into a list of one polygon', () => {
    const text = gt(box(', "segmentation": [10, 10, 30, 10, 30, 20, 10, 20]'));
    const index = new DocumentIndex(validator.analyze(text, 'auto'));
    const problem = index.analysis.problems.find((p) => p.code === 'coco-flat-segmentation');
    assert.ok(problem);
    const fixes = fixesFor(index, problem);
    assert.equal(fixes.length, 1);
    const [edit] = fixes[0].edits;
    const fixed = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
    assert.equal(fixed, text.replace('[10, 10, 30, 10, 30, 20, 10, 20]', '[[10, 10, 30, 10, 30, 20, 10, 20]]'));
    assert.deepEqual(codes(fixed, 'auto'), []);
  });

  it('two images with one file_name', () => {
    const text = gt(box(), image(1) + ',' + image(2).replace('img2', 'img1'));
    assert.deepEqual(found(text), [['duplicate-image', 'warning', '"img1.jpg"']]);
    assert.equal(check(text, 'auto')[0].at, `1:${text.lastIndexOf('"img1.jpg"') + 1}`);
  });

  it('results: score outside [0, 1], ids not checked without ground truth', () => {
    assert.deepEqual(found('[{"image_id": 1, "category_id": 2, "bbox": [1, 2, 3, 4], "score": 87}]'), [['confidence-out-of-range', 'error', '87']]);
    assert.match(check('[{"image_id": 1, "category_id": 2, "bbox": [1, 2, 3, 4], "score": 87}]', 'auto')[0].message, /0\.87/);
    assert.deepEqual(found('[{"image_id": 1, "category_id": 2, "bbox": [1, 2, 3, 4], "score": -0.1}]').map((f) => f[0]), ['confidence-out-of-range']);
  });
});
