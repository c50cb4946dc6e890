// COCO run-length masks: pycocotools' compressed string form, decoded and encoded, and the checks
// that read masks (counts that do not cover the size, strings that are not the encoding, the area
// of a compressed mask).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { decodeRleCounts, encodeRleCounts, rleArea, rleBbox, rleLength, RleError } from '../../src/annotations/rle';
import { check, repoRoot } from './helpers';

const REAL = path.resolve(repoRoot, '..', 'shared', 'real-files', 'coco', 'cocoapi-results', 'instances_val2014_fakesegm100_results.json');
const skip = fs.existsSync(REAL) ? false : `the real-files corpus is not beside the clone (${REAL})`;

describe('COCO RLE strings', () => {
  it('decodes the encoding by hand: small counts, deltas from the fourth count, negative deltas, multi-character counts', () => {
    assert.deepEqual(decodeRleCounts('053'), [0, 5, 3]);
    // from the fourth count on, the string holds the difference to the count two before: 10 - 3 = 7
    assert.deepEqual(decodeRleCounts('2347'), [2, 3, 4, 10]);
    // 4 - 10 = -6 is one character with the sign bit: 'J' (48 + 26)
    assert.deepEqual(decodeRleCounts('1:2J'), [1, 10, 2, 4]);
    // 100 = 4 + 3 × 32: 'T' (48 + 4 + 0x20, more follows) then '3'
    assert.deepEqual(decodeRleCounts('T3'), [100]);
    assert.deepEqual(decodeRleCounts([3, 4, 5]), [3, 4, 5]);
    assert.deepEqual(decodeRleCounts(''), []);
  });

  it('encodes as pycocotools does, and every list round-trips', () => {
    assert.equal(encodeRleCounts([1, 10, 2, 4]), '1:2J');
    assert.equal(encodeRleCounts([100]), 'T3');
    const lists = [[0], [307200], [5, 0, 7, 123456, 1, 99999, 2], [40000, 12, 40000, 1, 3, 60000, 0, 7]];
    for (const list of lists) assert.deepEqual(decodeRleCounts(encodeRleCounts(list)), list);
  });

  it('the COCO team\'s own compressed masks decode to exactly height × width pixels', { skip }, () => {
    const results = JSON.parse(fs.readFileSync(REAL, 'utf8')) as { segmentation: { size: [number, number]; counts: string } }[];
    assert.ok(results.length > 700);
    for (const r of results) {
      const counts = decodeRleCounts(r.segmentation.counts);
      assert.equal(rleLength(counts), r.segmentation.size[0] * r.segmentation.size[1]);
      assert.equal(encodeRleCounts(counts), r.segmentation.counts);
    }
  });

  it('refuses text that is not the encoding, saying where', () => {
    assert.throws(() => decodeRleCounts('05~'), (e: unknown) => e instanceof RleError && /character 3 \("~"\)/.test(e.message));
    // 'T' sets "more": the string ends inside a count
    assert.throws(() => decodeRleCounts('05T'), (e: unknown) => e instanceof RleError && /cut off/.test(e.message));
    // a first count of -1
    assert.throws(() => decodeRleCounts('O'), (e: unknown) => e instanceof RleError && /negative/.test(e.message));
  });

  it('area and box of runs (column-major)', () => {
    // 3 rows × 2 columns: column 0 = 0,1,1 ; column 1 = 1,0,0 → runs [1, 3, 2]
    assert.equal(rleArea([1, 3, 2]), 3);
    assert.deepEqual(rleBbox([1, 3, 2], 3), [0, 0, 2, 3]);
    assert.deepEqual(rleBbox([4, 1, 1], 3), [1, 1, 1, 1]);
    assert.equal(rleBbox([6], 3), undefined);
  });
});

const gt = (segmentation: string, area: number, size = '"width": 2, "height": 3') =>
  `{"images": [{"id": 1, "file_name": "a.jpg", ${size}}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "iscrowd": 1, "area": ${area}, "segmentation": ${segmentation}}], "categories": [{"id": 1, "name": "a"}]}`;

describe('COCO mask checks', () => {
  it('coco-rle-counts: runs that do not cover the size, on the counts', () => {
    const found = check(gt('{"size": [3, 2], "counts": [1, 3, 3]}', 3), 'auto').map((f) => [f.code, f.severity, f.text]);
    assert.deepEqual(found, [['coco-rle-counts', 'error', '[1, 3, 3]']]);
    assert.match(check(gt('{"size": [3, 2], "counts": [1, 3, 3]}', 3), 'auto')[0].message, /cover 7 pixels, but its size \[3, 2\] has 6/);
    assert.deepEqual(check(gt('{"size": [3, 2], "counts": [1, 3, 2]}', 3), 'auto'), []);
  });

  it('coco-rle-counts: a string that is not the encoding', () => {
    const found = check(gt('{"size": [3, 2], "counts": "05~"}', 3), 'auto');
    assert.deepEqual(found.map((f) => [f.code, f.text]), [['coco-rle-counts', '"05~"']]);
    assert.match(found[0].message, /not COCO's compressed RLE.*character 3/);
  });

  it('coco-area-inconsistent now reads compressed masks too', () => {
    const counts = JSON.stringify(encodeRleCounts([1, 3, 2]));
    assert.deepEqual(check(gt(`{"size": [3, 2], "counts": ${counts}}`, 3), 'auto'), []);
    const found = check(gt(`{"size": [3, 2], "counts": ${counts}}`, 5), 'auto');
    assert.deepEqual(found.map((f) => [f.code, f.text]), [['coco-area-inconsistent', '5']]);
    assert.match(found[0].message, /its mask covers 3 px/);
  });

  it('the real results file with compressed masks has no mask problem', { skip }, () => {
    const text = fs.readFileSync(REAL, 'utf8');
    assert.deepEqual(check(text, 'auto').filter((f) => f.severity === 'error' || f.severity === 'warning'), []);
  });
});
