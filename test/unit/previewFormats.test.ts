// COCO and YOLO into the preview's model: images, shapes with category / class names, masks,
// keypoints with the skeleton, and the text ↔ annotation links; YOLO's image ↔ label pairing.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { rleArea, rleToMask } from '../../src/annotations/cocoRle';
import { cocoModelOf, readCoco } from '../../src/preview/model/cocoDocument';
import { configSplits, listImages, readLabel } from '../../src/preview/host/yoloSplits';
import { drawnEdges, overlayCounts } from '../../src/preview/model/overlays';
import { imageFolderOf, labelPathOf } from '../../src/annotations/yoloPaths';
import { objectAt, yoloObjects } from '../../src/preview/model/yoloLabels';
import { repoRoot, validator } from './helpers';

const samples = path.join(repoRoot, 'samples');

describe('COCO in the preview model', () => {
  it('the park sample: images from `images`, shapes labelled by category, masks and keypoints with the skeleton', () => {
    const text = fs.readFileSync(path.join(samples, 'coco/park.json'), 'utf8');
    const result = cocoModelOf(validator.analyze(text, 'coco'), text);
    assert.ok(result.ok);
    const { doc } = result;
    assert.deepEqual(doc.images.map((i) => i.image), ['park.png', 'street.jpg']);
    const park = doc.images[0];
    assert.deepEqual(park.annotations, [0, 1, 2]);
    // The person: box and polygon; the crowd and the dog: their boxes (their masks are overlays).
    assert.deepEqual(park.shapes.map((s) => [s.index, s.kind, s.label]), [
      [0, 'rectangle', 'person'],
      [0, 'polygon', 'person'],
      [1, 'rectangle', 'person'],
      [2, 'rectangle', 'dog'],
    ]);
    // One mask uncompressed (a crowd, as COCO's ground truth writes it), one compressed.
    assert.deepEqual(park.masks.map((m) => [m.index, m.label, m.rle.height, m.rle.width]), [[1, 'person', 240, 320], [2, 'dog', 240, 320]]);
    const json = JSON.parse(text);
    assert.equal(rleArea(park.masks[0].rle), json.annotations[1].area);
    assert.equal(rleArea(park.masks[1].rle), json.annotations[2].area);
    // Keypoints: 17 triples; the skeleton 1-based in the file, 0-based here.
    assert.equal(park.keypoints.length, 1);
    const kp = park.keypoints[0];
    assert.equal(kp.points.length, 51);
    assert.deepEqual(kp.skeleton[0], [15, 13]);
    assert.equal(kp.names?.[0], 'nose');
    // The right ear (5, 1-based) is v = 0: its two edges (3–5, 5–7) are not drawn; the other 17 are.
    assert.equal(drawnEdges(kp).length, 17);
    assert.deepEqual(overlayCounts(park.masks, park.keypoints, new Set([0, 1, 2])), { masks: 2, visible: 14, hidden: 2, edges: 17 });
    assert.deepEqual(overlayCounts(park.masks, park.keypoints, new Set([2])), { masks: 1, visible: 0, hidden: 0, edges: 0 });
    assert.deepEqual(doc.images[1].shapes.map((s) => s.label), ['pedestrian']);
  });

  it('links the text and the annotations both ways, per image', () => {
    const text = JSON.stringify({
      images: [{ id: 7, file_name: 'a.jpg' }, { id: 8, file_name: 'b.jpg' }],
      annotations: [
        { id: 1, image_id: 8, category_id: 1, bbox: [1, 2, 3, 4] },
        { id: 2, image_id: 7, category_id: 1, bbox: [5, 6, 7, 8] },
        { id: 3, image_id: 8, category_id: 2, bbox: [9, 9, 9, 9] },
        { id: 4, image_id: 99, category_id: 1, bbox: [0, 0, 1, 1] },
      ],
      categories: [{ id: 1, name: 'cat' }],
    }, null, 1);
    const result = cocoModelOf(validator.analyze(text, 'coco'), text);
    assert.ok(result.ok);
    const { doc } = result;
    // Image b's annotations are the file's 0 and 2; an unknown category is named by its id.
    assert.deepEqual(doc.images[1].annotations, [0, 2]);
    assert.deepEqual(doc.images[1].shapes.map((s) => [s.index, s.label]), [[0, 'cat'], [1, 'category 2']]);
    const third = text.indexOf('"id": 3');
    assert.deepEqual(doc.locationAt(third), { image: 1, annotation: 1 });
    const range = doc.rangeOf(1, 1);
    assert.ok(range);
    assert.deepEqual(JSON.parse(text.slice(range.start, range.end)).id, 3);
    assert.deepEqual(doc.locationAt(text.indexOf('"b.jpg"')), { image: 1 });
    // An annotation of an image that does not exist belongs to nothing.
    assert.equal(doc.locationAt(text.indexOf('"id": 4')), undefined);
    assert.equal(doc.locationAt(text.indexOf('"categories"')), undefined);
  });

  it('a results list takes images and categories from its ground truth; boxes come from masks and keypoints when missing', () => {
    const gt = JSON.parse(fs.readFileSync(path.join(samples, 'coco/park.json'), 'utf8'));
    const results = JSON.parse(fs.readFileSync(path.join(samples, 'coco/park-results.json'), 'utf8'));
    const model = readCoco(results, gt);
    assert.equal(model.results, true);
    const park = model.images[0];
    assert.equal(park.image, 'park.png');
    assert.deepEqual(park.shapes.map((s) => [s.index, s.label, s.confidence]), [[0, 'person', 0.92], [1, 'dog', 0.81], [2, 'person', 0.47]]);
    // The keypoints' box spans the labelled points; the mask's box its pixels (pycocotools' toBbox).
    assert.deepEqual(park.shapes[0].points, [68, 47, 60, 146]);
    const mask = rleToMask(park.masks[0].rle);
    let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
    mask.forEach((on, i) => {
      if (!on) return;
      const x = i % 320;
      const y = Math.floor(i / 320);
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    });
    assert.deepEqual(park.shapes[1].points, [x0, y0, x1 - x0 + 1, y1 - y0 + 1]);
    assert.equal(park.masks.length, 1);
    // Alone, a results list has one entry per image id, with no file.
    const alone = readCoco(results);
    assert.deepEqual(alone.images.map((i) => [i.id, i.image]), [[1, '']]);
    assert.deepEqual(alone.images[0].shapes.map((s) => s.label), ['category 1', 'category 2', 'category 1']);
  });

  it('broken JSON says where; annotations with nothing to draw are counted', () => {
    const bad = '{"images": [], "annotations": [,], "categories": []}';
    const broken = cocoModelOf(validator.analyze(bad, 'coco'), bad);
    assert.equal(broken.ok, false);
    const text = JSON.stringify({ images: [{ id: 1, file_name: 'a.jpg' }], annotations: [{ id: 1, image_id: 1, category_id: 1 }, { id: 2, image_id: 1, category_id: 1, segmentation: { size: [2, 2], counts: 'a b' } }], categories: [] });
    const result = cocoModelOf(validator.analyze(text, 'coco'), text);
    assert.ok(result.ok);
    assert.equal(result.doc.images[0].skipped, 2);
    // With a box, an unreadable mask leaves the box (the diagnostics explain the mask).
    const boxed = JSON.stringify({ images: [{ id: 1, file_name: 'a.jpg' }], annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 2, 2], segmentation: { size: [2, 2], counts: '~' } }], categories: [] });
    const b = cocoModelOf(validator.analyze(boxed, 'coco'), boxed);
    assert.ok(b.ok);
    assert.deepEqual([b.doc.images[0].skipped, b.doc.images[0].shapes.length, b.doc.images[0].masks.length], [0, 1, 0]);
  });
});

describe('YOLO in the preview model', () => {
  it('boxes and polygons in normalized coordinates, named by class, one object a line', () => {
    const names = new Map([[0, 'car'], [1, 'person']]);
    const text = '0 0.5 0.5 0.2 0.4\r\n\n1 0.1 0.1 0.3 0.1 0.2 0.3\n  7 0.5 0.5 0.1 0.1  \nnot a line\n';
    const objects = yoloObjects(text, names);
    assert.deepEqual(objects.shapes.map((s) => [s.index, s.kind, s.label]), [[0, 'rectangle', 'car'], [1, 'polygon', 'person'], [2, 'rectangle', 'class 7']]);
    const [box] = objects.shapes;
    assert.deepEqual(box.points.map((v) => Math.round(v * 1000) / 1000), [0.4, 0.3, 0.2, 0.4]);
    assert.equal(objects.skipped, 1);
    // Lines: where each object is; the cursor in a line finds its object.
    assert.equal(text.slice(objects.lines[2].start, objects.lines[2].end), '7 0.5 0.5 0.1 0.1');
    assert.equal(objectAt(objects.lines, text.indexOf('0.3 0.1')), 1);
    assert.equal(objectAt(objects.lines, text.indexOf('\n\n') + 1), undefined);
  });

  it('pose lines: a box and its keypoints', () => {
    const objects = yoloObjects('0 0.5 0.5 0.2 0.2 0.45 0.45 2 0.55 0.55 0\n', new Map([[0, 'person']]), [2, 3]);
    assert.equal(objects.shapes.length, 1);
    assert.deepEqual(objects.keypoints[0].points, [0.45, 0.45, 2, 0.55, 0.55, 0]);
  });

  it('pairs images and labels by Ultralytics\' rule: the last /images/ becomes /labels/, the extension .txt', () => {
    assert.equal(labelPathOf('/d/images/train/a.b.jpg', '/'), '/d/labels/train/a.b.txt');
    assert.equal(labelPathOf('/images/d/images/val/x.PNG', '/'), '/images/d/labels/val/x.txt');
    assert.equal(labelPathOf('/d/pics/x.jpg', '/'), '/d/pics/x.txt');
    assert.equal(imageFolderOf('/d/labels/train/a.txt', '/'), '/d/images/train');
    assert.equal(imageFolderOf('/d/labels/a.txt', '/'), '/d/images');
    assert.equal(imageFolderOf('/d/other/a.txt', '/'), '/d/other');
  });
});

describe('YOLO splits for the preview', () => {
  it('data.yaml: path joined with each split, folders and .txt lists, the same folder once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-yolo-splits-'));
    try {
      for (const split of ['train', 'val']) fs.mkdirSync(path.join(dir, 'ds', 'images', split), { recursive: true });
      fs.writeFileSync(path.join(dir, 'ds', 'images', 'val', 'b.png'), '');
      fs.writeFileSync(path.join(dir, 'ds', 'images', 'val', 'a.jpg'), '');
      fs.writeFileSync(path.join(dir, 'ds', 'images', 'val', 'notes.md'), '');
      fs.writeFileSync(path.join(dir, 'ds', 'test.txt'), './images/val/a.jpg\n\n./images/val/notes.md\n');
      fs.writeFileSync(path.join(dir, 'data.yaml'), 'path: ds\ntrain: images/train\nval: images/val\ntest: test.txt\nextra: images/train\nnames: [a]\n');
      const splits = await configSplits(path.join(dir, 'data.yaml'));
      assert.deepEqual(splits.map((s) => [s.key, path.relative(dir, s.folder), s.list?.map((f) => path.relative(dir, f))]), [
        ['train', path.join('ds', 'images', 'train'), undefined],
        ['val', path.join('ds', 'images', 'val'), undefined],
        ['test', 'ds', [path.join('ds', 'images', 'val', 'a.jpg')]],
      ]);
      assert.deepEqual((await listImages(splits[1].folder, false)).map((f) => path.basename(f)), ['a.jpg', 'b.png']);
      // A split that does not exist is left out.
      fs.writeFileSync(path.join(dir, 'data.yaml'), 'train: nowhere\nnames: [a]\n');
      assert.deepEqual(await configSplits(path.join(dir, 'data.yaml')), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the sample: one split (train and val are the same folder), its labels paired by name', async () => {
    const splits = await configSplits(path.join(samples, 'yolo/data.yaml'));
    assert.deepEqual(splits.map((s) => s.key), ['train']);
    const images = await listImages(splits[0].folder, true);
    assert.deepEqual(images.map((f) => path.relative(samples, labelPathOf(f))), [path.join('yolo', 'labels', 'train', 'lot.txt'), path.join('yolo', 'labels', 'train', 'road.txt')]);
    const road = await readLabel(labelPathOf(images[1]));
    assert.equal(yoloObjects(road ?? '').shapes.length, 3);
  });
});
