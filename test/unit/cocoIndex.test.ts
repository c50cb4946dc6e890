// The large-file path for COCO: one image's annotations out of the text without parsing the rest
// (src/annotations/cocoIndex.ts), and which files over the batch limit the CLI still reads as COCO
// (src/validation/largeCoco.ts).
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { indexCocoText, readCocoIndex } from '../../src/annotations/cocoIndex';
import { looksLikeCocoText, readAsLargeCoco } from '../../src/validation/largeCoco';
import { repoRoot, tempDir } from './helpers';

const doc = {
  info: { description: 'braces } ] in a "string" \\ too' },
  images: [
    { id: 1, file_name: 'train/a.jpg', width: 100, height: 50 },
    { id: 2, file_name: 'b.jpg', width: 10, height: 10 },
  ],
  annotations: [
    { id: 10, bbox: [1, 2, 3, 4], image_id: 2, category_id: 7, segmentation: [], attributes: { note: '{"image_id": 1}' } },
    { id: 11, image_id: 1, category_id: 7, bbox: [0, 0, 10, 10], segmentation: [[0, 0, 10, 0, 10, 10]] },
    { id: 12, image_id: 2, category_id: 8, bbox: [5, 5, 1, 1] },
  ],
  categories: [{ id: 7, name: 'cat' }, { id: 8, name: 'dog' }],
};

describe('COCO index (one image out of a large file)', () => {
  for (const [name, text] of [['minified', JSON.stringify(doc)], ['pretty, CRLF', JSON.stringify(doc, null, 2).replace(/\n/g, '\r\n')]] as const) {
    it(`finds each image's annotations with their exact offsets (${name})`, () => {
      const index = indexCocoText(text);
      assert.equal(index.annotationCount, 3);
      assert.deepEqual(index.images.map((im) => [im.id, im.fileName, im.width, im.height]), [[1, 'train/a.jpg', 100, 50], [2, 'b.jpg', 10, 10]]);
      const two = index.annotationsOf(2);
      assert.deepEqual(two.map((a) => a.index), [0, 2]);
      assert.deepEqual(two.map((a) => a.value), [doc.annotations[0], doc.annotations[2]]);
      for (const a of two) assert.deepEqual(JSON.parse(text.slice(a.start, a.end)), a.value);
      assert.equal(text[two[0].start], '{');
      assert.equal(text[two[0].end - 1], '}');
      assert.deepEqual(index.annotationsOf(3), []);
      assert.equal(index.imageByFile('a.jpg')?.id, 1);
      assert.equal(index.imageByFile('train/a.jpg')?.id, 1);
      assert.deepEqual(index.shapesOf(1).map((s) => [s.kind, s.label, s.points]), [['rectangle', 'cat', [0, 0, 10, 10]], ['polygon', 'cat', [0, 0, 10, 0, 10, 10]]]);
    });
  }

  it('agrees with JSON.parse on a real COCO file', async () => {
    const file = path.join(repoRoot, '..', 'shared', 'real-files', 'coco', 'labelme2coco', 'annotations.json');
    if (!fs.existsSync(file)) return;
    const value = JSON.parse(fs.readFileSync(file, 'utf8'));
    const index = await readCocoIndex(file);
    assert.equal(index.annotationCount, value.annotations.length);
    for (const im of value.images) {
      assert.deepEqual(index.annotationsOf(im.id).map((a) => a.value), value.annotations.filter((a: { image_id: number }) => a.image_id === im.id));
    }
  });

  it('a results list or broken JSON is not indexed (the ordinary parse reports it)', () => {
    assert.throws(() => indexCocoText('[{"image_id": 1, "category_id": 1, "bbox": [0,0,1,1], "score": 0.5}]'), SyntaxError);
    assert.throws(() => indexCocoText('{"images": [], "annotations": [{"id": 1,'), SyntaxError);
  });
});

describe('large COCO files in the CLI', () => {
  it('recognizes COCO by its first and last bytes, not MetaLake or other JSON', () => {
    const coco = JSON.stringify(doc);
    assert.equal(looksLikeCocoText(coco, coco), true);
    // train2017's order: info, licenses, images, annotations, categories (at the end)
    assert.equal(looksLikeCocoText('{"info":{},"licenses":[],"images":[{"license":3,"file_name":"0001.jpg","id":1}', ''), true);
    assert.equal(looksLikeCocoText('[{"image_id":1,"category_id":2,"bbox":[1,2,3,4],"score":0.9}', ''), true);
    assert.equal(looksLikeCocoText('{"images":[{"image":"a.jpg","annotations":[{"type":"rectangle"', ']}]}'), false);
    assert.equal(looksLikeCocoText('{"files":[{"file":"a.jpg"}', ']}'), false);
    assert.equal(looksLikeCocoText('[1, 2, 3', ']'), false);
  });

  it('reads a file over the batch limit only when it is COCO and fits in a string', () => {
    const dir = tempDir();
    const file = path.join(dir, 'instances.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    const metalake = path.join(dir, 'ml.json');
    fs.writeFileSync(metalake, JSON.stringify({ images: [{ image: 'a.jpg', annotations: [] }] }));
    assert.equal(readAsLargeCoco(file, 300 * 1048576, undefined), true);
    assert.equal(readAsLargeCoco(metalake, 300 * 1048576, undefined), false);
    assert.equal(readAsLargeCoco(metalake, 300 * 1048576, 'coco'), true);
    assert.equal(readAsLargeCoco(file, 300 * 1048576, 'annotations'), false);
    assert.equal(readAsLargeCoco(file, 2 * 1024 * 1048576, 'coco'), false);
  });
});
