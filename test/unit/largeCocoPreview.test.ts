// The preview of a COCO file read from disk (src/preview/model/largeCoco.ts): the image list from
// the index, and one image drawn from its own annotations exactly as the editor's COCO preview
// draws it from the whole file (boxes, polygons, RLE masks, keypoints with the skeleton, labels).
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { indexCocoText } from '../../src/annotations/cocoIndex';
import { readCoco } from '../../src/preview/model/cocoDocument';
import { largeCocoAnnotations, largeCocoEntries } from '../../src/preview/model/largeCoco';
import { repoRoot } from './helpers';

const doc = {
  info: { description: 'a "quoted" } brace' },
  images: [
    { id: 5, file_name: 'train/a.jpg', width: 100, height: 50 },
    { id: 'x', file_name: 'no-id.jpg' },
    { id: 7, file_name: 'b.jpg', width: 20, height: 10 },
    { id: 9, file_name: 'empty.jpg', width: 4, height: 4 },
  ],
  annotations: [
    { id: 1, image_id: 7, category_id: 2, bbox: [1, 1, 5, 5], iscrowd: 0, segmentation: [[1, 1, 6, 1, 6, 6]], area: 12.5 },
    { id: 2, image_id: 5, category_id: 1, bbox: [0, 0, 10, 10], iscrowd: 1, segmentation: { size: [50, 100], counts: [0, 10, 40, 10, 4900] }, area: 20 },
    { id: 3, image_id: 7, category_id: 3, bbox: [2, 2, 4, 4], keypoints: [3, 3, 2, 4, 4, 2, 0, 0, 0], num_keypoints: 2 },
    { id: 4, image_id: 7, category_id: 99, bbox: [0, 0, 1, 1] },
    { id: 5, image_id: 5, category_id: 1 },
  ],
  categories: [
    { id: 1, name: 'crowd' },
    { id: 2, name: 'cat' },
    { id: 3, name: 'person', keypoints: ['nose', 'eye', 'ear'], skeleton: [[1, 2], [2, 3]] },
  ],
};

describe('COCO preview from disk', () => {
  const text = JSON.stringify(doc, null, 1);
  const index = indexCocoText(text);

  it('lists the images with an integer id, with their annotation counts', () => {
    assert.deepEqual(largeCocoEntries(index), [
      { index: 0, image: 'train/a.jpg', shapeCount: 2 },
      { index: 1, image: 'b.jpg', shapeCount: 3 },
      { index: 2, image: 'empty.jpg', shapeCount: 0 },
    ]);
  });

  it("draws one image as the editor's COCO preview does from the whole file", () => {
    const whole = readCoco(doc).images.filter((im) => im.id !== undefined);
    assert.equal(whole.length, 3);
    whole.forEach((image, i) => {
      const drawn = largeCocoAnnotations(index, i)!;
      assert.equal(drawn.index, i);
      assert.equal(drawn.image, image.image);
      assert.deepEqual(drawn.shapes, image.shapes);
      assert.deepEqual(drawn.masks ?? [], image.masks);
      assert.deepEqual(drawn.keypoints ?? [], image.keypoints);
      assert.equal(drawn.skipped, image.skipped);
    });
  });

  it('labels with category names, decodes the RLE, keeps the skeleton, counts what has nothing to draw', () => {
    const b = largeCocoAnnotations(index, 1)!;
    assert.deepEqual(b.shapes.map((s) => [s.kind, s.label]), [['rectangle', 'cat'], ['polygon', 'cat'], ['rectangle', 'person'], ['rectangle', 'category 99']]);
    assert.deepEqual(b.keypoints?.map((k) => [k.label, k.skeleton, k.names]), [['person', [[0, 1], [1, 2]], ['nose', 'eye', 'ear']]]);
    const a = largeCocoAnnotations(index, 0)!;
    assert.equal(a.masks?.length, 1);
    assert.equal(a.masks?.[0].label, 'crowd');
    assert.equal(a.skipped, 1);
    assert.deepEqual(largeCocoAnnotations(index, 2)!.shapes, []);
    assert.equal(largeCocoAnnotations(index, 3), undefined);
  });

  it('agrees with the whole-file reader on the COCO sample', () => {
    const sample = fs.readFileSync(path.join(repoRoot, 'samples', 'coco', 'instances.json'), 'utf8');
    const value = JSON.parse(sample);
    const whole = readCoco(value).images;
    const big = indexCocoText(sample);
    assert.equal(big.images.length, whole.length);
    assert.ok(whole.some((im) => im.shapes.length > 0));
    whole.forEach((image, i) => {
      const drawn = largeCocoAnnotations(big, i)!;
      assert.deepEqual(drawn.shapes, image.shapes);
      assert.deepEqual(drawn.masks ?? [], image.masks);
      assert.deepEqual(drawn.keypoints ?? [], image.keypoints);
    });
  });
});
