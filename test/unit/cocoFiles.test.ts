// COCO checks that read the disk: image files found in COCO's usual layouts (or not, saying where
// it looked), their header sizes against `width` / `height`, and results files against the ground
// truth beside them (by pycocotools' naming) or the one the setting names.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DirectoryNameIndex, nodeFileAccess } from '../../src/core/files';
import { cocoImageFolders, groundTruthNames, groundTruthRules, MAX_NAME_SEARCHES, type GroundTruthRule } from '../../src/validation/cocoFiles';
import { pngHeader, tempDir, toFound, validator } from './helpers';

async function full(file: string, text: string, options: { workspace?: string; groundTruth?: GroundTruthRule[] } = {}) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const index = new DirectoryNameIndex(options.workspace ?? path.dirname(file));
  const files = nodeFileAccess((n) => index.find(n));
  const analysis = await validator.validate(text, 'auto', { filePath: file, files, imageRoots: [], cocoGroundTruth: options.groundTruth });
  return toFound(text, analysis.problems);
}

const gt = (images: string, annotations = '') => `{"images": [${images}], "annotations": [${annotations}], "categories": [{"id": 1, "name": "cat"}, {"id": 3, "name": "dog"}]}`;
const img = (id: number, file: string, w = 64, h = 32) => `{"id": ${id}, "file_name": "${file}", "width": ${w}, "height": ${h}}`;

describe('COCO image files', () => {
  it('the usual layouts: images/<split>/ beside annotations/, <split>/ beside it, images/ and the file\'s own folder', async () => {
    const root = tempDir();
    const json = path.join(root, 'annotations', 'instances_train2017.json');
    assert.deepEqual(
      cocoImageFolders(json).map((p) => path.relative(root, p)),
      ['annotations/images', 'annotations/images/train2017', 'annotations/train2017', 'images', 'images/train2017', 'train2017'],
    );
    fs.mkdirSync(path.join(root, 'images', 'train2017'), { recursive: true });
    fs.mkdirSync(path.join(root, 'train2017'), { recursive: true });
    fs.writeFileSync(path.join(root, 'images', 'train2017', 'a.png'), pngHeader(64, 32));
    fs.writeFileSync(path.join(root, 'train2017', 'b.png'), pngHeader(64, 32));
    fs.mkdirSync(path.join(root, 'annotations'), { recursive: true });
    fs.writeFileSync(path.join(root, 'annotations', 'c.png'), pngHeader(64, 32));
    assert.deepEqual(await full(json, gt([img(1, 'a.png'), img(2, 'b.png'), img(3, 'c.png')].join(', '))), []);
  });

  it('image-not-found on the file_name, saying where it looked; one warning when no image is there at all', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'a.png'), pngHeader(64, 32));
    const json = path.join(root, 'instances_val.json');
    const found = await full(json, gt([img(1, 'a.png'), img(2, 'gone.png')].join(', ')));
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.text]), [['image-not-found', 'warning', '"gone.png"']]);
    assert.match(found[0].message, /Image "gone\.png" not found\. Looked in this file's folder, "images", "images\/val", "val", "\.\.\/images", "\.\.\/images\/val", "\.\.\/val" and the whole workspace/);

    const empty = tempDir();
    const none = await full(path.join(empty, 'instances_val.json'), gt([img(1, 'x.png'), img(2, 'y.png'), img(3, 'z.png')].join(', ')));
    assert.deepEqual(none.map((f) => [f.code, f.severity, f.text]), [['image-not-found', 'warning', '"images"']]);
    assert.match(none[0].message, /None of the 3 image files of this file was found \(e\.g\. "x\.png"\)/);
  });

  it('a file found elsewhere in the workspace by its name is used', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'photos', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(root, 'photos', 'deep', 'p.png'), pngHeader(64, 32));
    assert.deepEqual(await full(path.join(root, 'ann', 'coco.json'), gt(img(1, 'p.png')), { workspace: root }), []);
  });

  it('the workspace is searched by name for at most MAX_NAME_SEARCHES missing names, in entry order, and the message says so', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'ann'));
    fs.mkdirSync(path.join(root, 'elsewhere'));
    fs.writeFileSync(path.join(root, 'ann', 'here.png'), pngHeader(64, 32));
    const names = Array.from({ length: MAX_NAME_SEARCHES + 6 }, (_, i) => `m${i}.png`);
    // The first missing name and the last one exist elsewhere in the workspace.
    for (const n of [names[0], names[names.length - 1]]) fs.writeFileSync(path.join(root, 'elsewhere', n), pngHeader(64, 32));
    const images = [img(1, 'here.png'), ...names.map((n, i) => img(i + 2, n))].join(', ');
    const found = await full(path.join(root, 'ann', 'coco.json'), gt(images), { workspace: root });
    assert.equal(found.length, names.length - 1);
    assert.ok(!found.some((f) => f.text === '"m0.png"'), 'searched by name and found');
    const last = found.find((f) => f.text === `"${names[names.length - 1]}"`);
    assert.ok(last, 'beyond the limit: not searched by name');
    assert.match(last.message, new RegExp(`by file name, for the first ${MAX_NAME_SEARCHES} missing names`));
  });

  it('coco-image-size-mismatch: an error on the value that differs, with the real size as its fix; swapped is a warning', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'a.png'), pngHeader(64, 32));
    const json = path.join(root, 'coco.json');
    const found = await full(json, gt(img(1, 'a.png', 640, 32)));
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.text]), [['coco-image-size-mismatch', 'error', '640']]);
    assert.match(found[0].message, /`width` is 640, but "a\.png" is 64×32/);
    const analysis = await validator.validate(gt(img(1, 'a.png', 640, 30)), 'auto', { filePath: json, files: nodeFileAccess(async () => []), imageRoots: [] });
    assert.deepEqual(analysis.problems.map((p) => [p.code, p.data?.replacement]), [['coco-image-size-mismatch', '64'], ['coco-image-size-mismatch', '32']]);

    const swapped = await full(json, gt(img(1, 'a.png', 32, 64)));
    assert.deepEqual(swapped.map((f) => [f.code, f.severity, f.text]), [['coco-image-size-mismatch', 'warning', '32']]);
    assert.match(swapped[0].message, /EXIF orientation/);
  });

  it('image-unreadable for a file that is not an image', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'a.png'), 'not a png');
    const found = await full(path.join(root, 'coco.json'), gt(img(1, 'a.png')));
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.text]), [['image-unreadable', 'warning', '"a.png"']]);
  });
});

describe('COCO results against their ground truth', () => {
  const results = '[{"image_id": 1, "category_id": 3, "bbox": [1, 2, 3, 4], "score": 0.9}, {"image_id": 7, "category_id": 2, "bbox": [1, 2, 3, 4], "score": 0.5}]';

  it('pycocotools\' naming: the results name cut at _ or ., longest first', () => {
    assert.deepEqual(groundTruthNames('/x/instances_val2014_fakebbox100_results.json'), ['instances_val2014_fakebbox100.json', 'instances_val2014.json', 'instances.json']);
    assert.deepEqual(groundTruthNames('/x/results.bbox.json'), ['results.json']);
  });

  it('found by name beside the results (or in annotations/): unknown image and category ids are errors', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'annotations'));
    fs.writeFileSync(path.join(root, 'annotations', 'instances_val2017.json'), gt(img(1, 'a.png')));
    const found = await full(path.join(root, 'instances_val2017_mine_results.json'), results);
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.text]), [
      ['coco-result-unknown-image', 'error', '7'],
      ['coco-result-unknown-category', 'error', '2'],
    ]);
    assert.match(found[0].message, /image_id 7 is not an image of the ground truth "annotations\/instances_val2017\.json"/);
  });

  it('no ground truth found: the ids are not checked (and nothing is said)', async () => {
    const root = tempDir();
    // A results file of the same prefix is no ground truth.
    fs.writeFileSync(path.join(root, 'instances_val2014.json'), '[{"image_id": 1, "category_id": 1, "bbox": [1, 1, 1, 1], "score": 1}]');
    assert.deepEqual(await full(path.join(root, 'instances_val2014_x_results.json'), results), []);
  });

  it('datumStudio.coco.groundTruth maps a glob of results files to their ground truth; a missing one is a warning', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'data'));
    fs.writeFileSync(path.join(root, 'data', 'truth.json'), gt(img(1, 'a.png')));
    const rules = groundTruthRules({ 'out/**/*.json': 'data/truth.json', '': 'x', 'bad/**': 5 }, root);
    assert.deepEqual(rules.map((r) => [r.glob, path.relative(root, r.file)]), [['out/**/*.json', 'data/truth.json']]);
    const found = await full(path.join(root, 'out', 'run1', 'dets.json'), results, { groundTruth: rules });
    assert.deepEqual(found.map((f) => f.code), ['coco-result-unknown-image', 'coco-result-unknown-category']);
    // not under the glob: not checked
    assert.deepEqual(await full(path.join(root, 'elsewhere', 'dets.json'), results, { groundTruth: rules }), []);

    const missing = groundTruthRules({ '**/*.json': 'data/nope.json' }, root);
    const warned = await full(path.join(root, 'out', 'dets.json'), results, { groundTruth: missing });
    assert.deepEqual(warned.map((f) => [f.code, f.severity, f.text]), [['coco-ground-truth-missing', 'warning', '[']]);
  });
});
