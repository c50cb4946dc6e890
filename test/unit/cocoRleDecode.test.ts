// COCO RLE decoding for the preview: the compressed counts string (pycocotools' rleFrString), the
// runs' mask in column-major order, its area and box; checked on hand-made masks and on 50 masks
// pycocotools encoded (the COCO team's panoptic sample, with the area and bbox it computed).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './helpers';
import { decodeCountsString, encodeCountsString, maskToRle, readRle, rleArea, rleBounds, rleCrop, rleToMask } from '../../src/annotations/cocoRle';

const panoptic = path.resolve(repoRoot, '..', 'shared', 'real-files', 'coco', 'panopticapi', 'panoptic_coco_detection_format.json');

/** A mask written as rows of 0/1 characters, row-major. */
function mask(...rows: string[]): { data: Uint8Array; height: number; width: number } {
  const height = rows.length;
  const width = rows[0].length;
  const data = new Uint8Array(height * width);
  rows.forEach((r, y) => [...r].forEach((c, x) => (data[y * width + x] = c === '1' ? 1 : 0)));
  return { data, height, width };
}

describe('COCO RLE', () => {
  it('runs go down the columns (column-major), starting with background', () => {
    const m = mask('010', '011', '001');
    // Column 0: 000, column 1: 110, column 2: 011 → 3 off, 2 on, 2 off, 2 on.
    assert.deepEqual(maskToRle(m.data, 3, 3).counts, [3, 2, 2, 2]);
    // A mask that starts with foreground has a first run of 0.
    assert.deepEqual(maskToRle(mask('1', '0').data, 2, 1).counts, [0, 1, 1]);
  });

  it('decodes the compressed string: one character a small count, differences past the second count', () => {
    // [3, 2, 2, 2]: the fourth is written as 2 − 2 = 0.
    assert.deepEqual(decodeCountsString('3220'), [3, 2, 2, 2]);
    // 100 = 4 + 3 × 32: '0' + (4 | 0x20) = 'T', then '3'.
    assert.deepEqual(decodeCountsString('T3'), [100]);
    // A negative difference: 3 − 10 = −7 is 25 with the sign bit 0x10, 'I'.
    assert.deepEqual(decodeCountsString('0:5I'), [0, 10, 5, 3]);
    assert.equal(encodeCountsString([0, 10, 5, 3]), '0:5I');
    assert.equal(encodeCountsString([3, 2, 2, 2]), '3220');
    assert.equal(encodeCountsString([100]), 'T3');
  });

  it('encoding and decoding are inverse on many masks', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 200; t++) {
      const h = 1 + Math.floor(random() * 40);
      const w = 1 + Math.floor(random() * 40);
      const density = random();
      const data = Uint8Array.from({ length: h * w }, () => (random() < density ? 1 : 0));
      const rle = maskToRle(data, h, w);
      const text = encodeCountsString(rle.counts);
      assert.deepEqual(decodeCountsString(text), rle.counts, `mask ${t}`);
      const read = readRle({ size: [h, w], counts: text });
      assert.ok('rle' in read);
      assert.deepEqual([...rleToMask(read.rle)], [...data], `mask ${t}`);
      assert.equal(rleArea(read.rle), data.reduce((a, b) => a + b, 0));
    }
  });

  it('area and box of a mask; the box of a run that crosses into the next column spans every row', () => {
    const m = mask('0000', '0110', '0010');
    const rle = maskToRle(m.data, m.height, m.width);
    assert.equal(rleArea(rle), 3);
    assert.deepEqual(rleBounds(rle), { x: 1, y: 1, w: 2, h: 2 });
    // Bottom of column 0, top of column 1: one run, rows 0..2.
    const crossing = maskToRle(mask('01', '00', '10').data, 3, 2);
    assert.deepEqual(crossing.counts, [2, 2, 2]);
    assert.deepEqual(rleBounds(crossing), { x: 0, y: 0, w: 2, h: 3 });
    assert.equal(rleBounds({ height: 3, width: 3, counts: [9] }), undefined);
    // Cropped to its box, row-major.
    assert.deepEqual([...rleCrop(rle, { x: 1, y: 1, w: 2, h: 2 })], [1, 1, 0, 1]);
  });

  it('uncompressed counts are taken as they are; fewer pixels than the mask are background', () => {
    const read = readRle({ size: [2, 3], counts: [1, 2] });
    assert.ok('rle' in read);
    // Pixel 0 (x 0, y 0) off, pixels 1 (x 0, y 1) and 2 (x 1, y 0) on: row-major [0, 1, 0, 1, 0, 0].
    assert.deepEqual([...rleToMask(read.rle)], [0, 1, 0, 1, 0, 0]);
  });

  it('says why an RLE cannot be drawn', () => {
    assert.deepEqual(readRle({ size: [640], counts: [0, 1] }), { problem: 'size' });
    assert.deepEqual(readRle({ size: [2, 2], counts: [0, 1.5] }), { problem: 'counts' });
    assert.deepEqual(readRle({ size: [2, 2], counts: 'a b' }), { problem: 'counts' });
    assert.deepEqual(readRle({ size: [2, 2], counts: [0, 5] }), { problem: 'length' });
    // A string that stops inside a count (0x20 says more follows).
    assert.equal(decodeCountsString('T'), undefined);
    assert.equal(decodeCountsString('~'), undefined);
  });

  it('matches the area and bbox pycocotools computed for the 50 masks of the COCO panoptic sample', { skip: fs.existsSync(panoptic) ? false : `no ${panoptic}` }, () => {
    const doc = JSON.parse(fs.readFileSync(panoptic, 'utf8')) as { annotations: { segmentation: { size: number[]; counts: string }; area: number; bbox: number[] }[] };
    assert.equal(doc.annotations.length, 50);
    for (const [i, a] of doc.annotations.entries()) {
      assert.equal(typeof a.segmentation.counts, 'string');
      const read = readRle(a.segmentation);
      assert.ok('rle' in read, `annotation ${i}`);
      assert.equal(rleArea(read.rle), a.area, `area of annotation ${i}`);
      const b = rleBounds(read.rle);
      assert.deepEqual(b && [b.x, b.y, b.w, b.h], a.bbox, `bbox of annotation ${i}`);
      // And back: the same string.
      assert.equal(encodeCountsString(read.rle.counts), a.segmentation.counts);
    }
  });
});
