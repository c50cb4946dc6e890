// Conversion between MetaLake, COCO and YOLO: each direction on a small fixture with its exact
// output, the round trips that can be lossless, the loss report naming exactly what was dropped,
// the disk side (image sizes from headers, never replacing an output) and the CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { convert, LossReport, readDataset, writeDataset, type ConvertInput, type YoloLabelInput } from '../../src/convert/convert';
import { ConversionCancelled, OutputExistsError, runConversion, suggestOutput, splitFromName } from '../../src/convert/disk';
import type { ConvDataset } from '../../src/convert/model';
import { repoRoot, tempDir } from './helpers';

const bin = path.join(repoRoot, 'bin', 'datum-studio.js');

function codes(losses: { code: string }[]): string[] {
  return losses.map((l) => l.code).sort();
}

/** Reads, sets the image sizes as given (what disk.ts reads from the headers), writes. */
function run(input: ConvertInput, to: 'metalake' | 'coco' | 'yolo', sizes: Record<string, [number, number]> = {}, options = {}) {
  const report = new LossReport();
  const ds: ConvDataset = readDataset(input, report);
  for (const im of ds.images) {
    const s = sizes[im.file];
    if (s && im.width === undefined) [im.width, im.height] = s;
  }
  const files = writeDataset(ds, to, report, options);
  return { files, losses: report.losses, ds };
}

const metalake = {
  images: [
    {
      image: 'a.jpg',
      annotations: [
        { type: 'rectangle', bbox: [10, 20, 30, 40], label: 'car', confidence: 0.9, attributes: { color: [{ value: 'red', confidence: 0.5, metadata: {} }] } },
        { type: 'polygon', polygon: [[0, 0], [10, 0], [10, 10]], label: 'person', metadata: { by: 'x' } },
        { type: 'line', line: [[0, 0], [5, 5]], label: 'lane' },
      ],
    },
    { image: 'b.jpg', annotations: [] },
  ],
};
const sizes: Record<string, [number, number]> = { 'a.jpg': [100, 50], 'b.jpg': [64, 48] };

describe('convert MetaLake → COCO → MetaLake', () => {
  it('MetaLake → COCO: exact images, annotations and categories; only the line is reported', () => {
    const { files, losses } = run({ format: 'metalake', value: metalake }, 'coco', sizes);
    assert.equal(files.length, 1);
    assert.deepEqual(JSON.parse(files[0].text), {
      info: {},
      licenses: [],
      images: [
        { id: 1, file_name: 'a.jpg', width: 100, height: 50 },
        { id: 2, file_name: 'b.jpg', width: 64, height: 48 },
      ],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, bbox: [10, 20, 30, 40], segmentation: [], area: 1200, iscrowd: 0, score: 0.9, attributes: { color: [{ value: 'red', confidence: 0.5, metadata: {} }] } },
        { id: 2, image_id: 1, category_id: 2, bbox: [0, 0, 10, 10], segmentation: [[0, 0, 10, 0, 10, 10]], area: 50, iscrowd: 0, metadata: { by: 'x' } },
      ],
      categories: [
        { id: 1, name: 'car', supercategory: '' },
        { id: 2, name: 'person', supercategory: '' },
        { id: 3, name: 'lane', supercategory: '' },
      ],
    });
    assert.deepEqual(codes(losses), ['line']);
    assert.equal(losses[0].count, 1);
    assert.deepEqual(losses[0].examples, ['a.jpg, annotation 2']);
  });

  it('boxes and polygons come back equal (attributes, metadata and confidence too)', () => {
    const noLine = { images: [{ ...metalake.images[0], annotations: metalake.images[0].annotations.slice(0, 2) }, metalake.images[1]] };
    const coco = run({ format: 'metalake', value: noLine }, 'coco', sizes);
    assert.deepEqual(coco.losses, []);
    const back = run({ format: 'coco', value: JSON.parse(coco.files[0].text) }, 'metalake');
    assert.deepEqual(JSON.parse(back.files[0].text), noLine);
    // MetaLake has no place for the sizes COCO carried: said, nothing else.
    assert.deepEqual(codes(back.losses), ['image-size']);
  });

  it("an image entry's own keys go along into COCO, except where COCO's keys are", () => {
    const { files, losses } = run({ format: 'metalake', value: { images: [{ image: 'a.jpg', id: 'x-1', camera: 'front', annotations: [] }] } }, 'coco', sizes);
    assert.deepEqual(JSON.parse(files[0].text).images, [{ id: 1, file_name: 'a.jpg', width: 100, height: 50, camera: 'front' }]);
    assert.deepEqual(codes(losses), ['image-key:id']);
  });

  it('normalized MetaLake is scaled to pixels with the image sizes; without a size the image is named', () => {
    const normalized = { images: [{ image: 'a.jpg', annotations: [{ type: 'rectangle', bbox: [0.1, 0.2, 0.3, 0.4], label: 'car' }] }, { image: 'c.jpg', annotations: [{ type: 'rectangle', bbox: [0.5, 0.5, 0.25, 0.25], label: 'car' }] }] };
    const { files, losses } = run({ format: 'metalake', value: normalized }, 'coco', sizes);
    const out = JSON.parse(files[0].text);
    assert.deepEqual(out.annotations, [{ id: 1, image_id: 1, category_id: 1, bbox: [10, 10, 30, 20], segmentation: [], area: 600, iscrowd: 0 }]);
    assert.deepEqual(out.images[1], { id: 2, file_name: 'c.jpg' });
    assert.deepEqual(codes(losses), ['size-unknown']);
    assert.deepEqual(losses[0].examples, ['c.jpg']);
  });
});

const coco = {
  info: { description: 'test set' },
  licenses: [{ id: 1, name: 'CC' }],
  images: [
    { id: 7, file_name: 'x/a.jpg', width: 200, height: 100, license: 1 },
    { id: 8, file_name: 'b.png', width: 50, height: 50 },
  ],
  categories: [
    { id: 3, name: 'cat', supercategory: 'animal' },
    { id: 1, name: 'dog', supercategory: '' },
    { id: 9, name: 'bird' },
  ],
  annotations: [
    { id: 1, image_id: 7, category_id: 1, bbox: [20, 10, 40, 20], area: 800, iscrowd: 0, segmentation: [] },
    { id: 2, image_id: 7, category_id: 3, bbox: [0, 0, 100, 50], segmentation: { counts: [0, 10, 19990], size: [100, 200] }, iscrowd: 1, area: 10 },
    { id: 3, image_id: 8, category_id: 3, bbox: [5, 5, 10, 10], segmentation: [[5, 5, 15, 5, 15, 15, 5, 15]], area: 100, iscrowd: 0, keypoints: [10, 10, 2], num_keypoints: 1, occluded: true },
  ],
};

describe('convert COCO → YOLO and → MetaLake', () => {
  it('COCO → YOLO: classes by category id, boxes normalized, crowd left out, data.yaml', () => {
    const { files, losses } = run({ format: 'coco', value: coco }, 'yolo');
    assert.deepEqual(files.map((f) => f.path), ['labels/train/x/a.txt', 'labels/train/b.txt', 'data.yaml']);
    assert.equal(files[0].text, '0 0.2 0.2 0.2 0.2\n');
    assert.equal(files[1].text, '1 0.2 0.2 0.2 0.2\n');
    assert.equal(
      files[2].text,
      [
        '# Labels are in labels/train/. Put the images in images/train/ with the same names (Ultralytics pairs images/ with labels/).',
        '# No "path": Ultralytics then reads train and val relative to this file\'s folder.',
        'train: images/train',
        'val: images/train',
        'nc: 3',
        'names:',
        '  0: dog',
        '  1: cat',
        '  2: bird',
        '',
      ].join('\n'),
    );
    assert.deepEqual(codes(losses), ['annotation-key:occluded', 'crowd-yolo', 'image-key:license', 'keypoints', 'polygon-as-box', 'supercategory', 'top-level-key:info', 'top-level-key:licenses']);
    assert.deepEqual(losses.find((l) => l.code === 'crowd-yolo')?.examples, ['annotation id 2 (x/a.jpg)']);
  });

  it('COCO → YOLO segment: polygons as they are, boxes as 4 corners', () => {
    const { files } = run({ format: 'coco', value: coco }, 'yolo', {}, { task: 'segment', split: 'val2017' });
    assert.equal(files[0].path, 'labels/val2017/x/a.txt');
    assert.equal(files[0].text, '0 0.1 0.1 0.3 0.1 0.3 0.3 0.1 0.3\n');
    assert.equal(files[1].text, '1 0.1 0.1 0.3 0.1 0.3 0.3 0.1 0.3\n');
  });

  it('COCO → MetaLake: the loss report lists exactly what was dropped', () => {
    const { files, losses } = run({ format: 'coco', value: coco }, 'metalake');
    assert.deepEqual(JSON.parse(files[0].text), {
      images: [
        { image: 'x/a.jpg', annotations: [{ type: 'rectangle', bbox: [20, 10, 40, 20], label: 'dog' }, { type: 'rectangle', bbox: [0, 0, 100, 50], label: 'cat' }] },
        { image: 'b.png', annotations: [{ type: 'polygon', polygon: [[5, 5], [15, 5], [15, 15], [5, 15]], label: 'cat' }] },
      ],
    });
    assert.deepEqual(codes(losses), ['annotation-key:occluded', 'crowd', 'image-key:license', 'image-size', 'keypoints', 'rle', 'supercategory', 'top-level-key:info', 'top-level-key:licenses', 'unused-category']);
    const byCode = new Map(losses.map((l) => [l.code, l]));
    assert.deepEqual(byCode.get('rle')?.examples, ['annotation id 2 (x/a.jpg)']);
    assert.deepEqual(byCode.get('keypoints')?.examples, ['annotation id 3 (b.png)']);
    assert.deepEqual(byCode.get('unused-category')?.examples, ['bird']);
    assert.equal(byCode.get('image-size')?.count, 2);
  });

  it('references to nothing and a results file are said, not guessed', () => {
    const bad = { images: [{ id: 1, file_name: 'a.jpg', width: 10, height: 10 }], categories: [{ id: 1, name: 'a' }], annotations: [{ id: 1, image_id: 2, category_id: 1, bbox: [0, 0, 1, 1] }, { id: 2, image_id: 1, category_id: 5, bbox: [0, 0, 1, 1] }] };
    const { losses } = run({ format: 'coco', value: bad }, 'metalake');
    // Both annotations left out, so category a is used by none: MetaLake keeps no label list.
    assert.deepEqual(codes(losses), ['image-size', 'unknown-category', 'unknown-image', 'unused-category']);
    assert.throws(() => convert({ format: 'coco', value: [{ image_id: 1, category_id: 1, bbox: [0, 0, 1, 1], score: 0.5 }] }, 'yolo'), /results file/);
    assert.throws(() => convert({ format: 'metalake', value: { files: [] } }, 'coco'), /not a MetaLake/);
  });
});

const yoloLabels: YoloLabelInput[] = [
  { image: 'a.jpg', label: 'labels/a.txt', text: '0 0.5 0.5 0.2 0.4\r\n1 0.1 0.1 0.3 0.1 0.2 0.3\n', width: 100, height: 50 },
  { image: 'b.jpg', label: 'labels/b.txt', text: '', width: 10, height: 10 },
  { image: 'c.jpg', label: 'labels/c.txt', text: '0 0.5 0.5 0.1 0.1\nx y\n' },
];
const yoloClasses = { names: new Map([[0, 'car'], [1, 'person']]), nc: 2 };

describe('convert YOLO → COCO and → MetaLake', () => {
  it('YOLO → COCO: pixel boxes and polygons from the image sizes; unreadable lines and unknown sizes named', () => {
    const { files, losses } = run({ format: 'yolo', labels: yoloLabels, classes: yoloClasses }, 'coco');
    assert.deepEqual(JSON.parse(files[0].text), {
      info: {},
      licenses: [],
      images: [
        { id: 1, file_name: 'a.jpg', width: 100, height: 50 },
        { id: 2, file_name: 'b.jpg', width: 10, height: 10 },
        { id: 3, file_name: 'c.jpg' },
      ],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, bbox: [40, 15, 20, 20], segmentation: [], area: 400, iscrowd: 0 },
        { id: 2, image_id: 1, category_id: 2, bbox: [10, 5, 20, 10], segmentation: [[10, 5, 30, 5, 20, 15]], area: 100, iscrowd: 0 },
      ],
      categories: [
        { id: 1, name: 'car', supercategory: '' },
        { id: 2, name: 'person', supercategory: '' },
      ],
    });
    assert.deepEqual(codes(losses), ['bad-line', 'size-unknown']);
    assert.deepEqual(losses.find((l) => l.code === 'bad-line')?.examples, ['labels/c.txt, line 2']);
  });

  it('YOLO → MetaLake: pixels, or 0..1 with --normalized (no sizes needed then)', () => {
    const px = run({ format: 'yolo', labels: yoloLabels.slice(0, 2), classes: yoloClasses }, 'metalake');
    assert.deepEqual(JSON.parse(px.files[0].text), {
      images: [
        { image: 'a.jpg', annotations: [{ type: 'rectangle', bbox: [40, 15, 20, 20], label: 'car' }, { type: 'polygon', polygon: [[10, 5], [30, 5], [20, 15]], label: 'person' }] },
        { image: 'b.jpg', annotations: [] },
      ],
    });
    assert.deepEqual(px.losses, []);
    const norm = run({ format: 'yolo', labels: yoloLabels.slice(2), classes: yoloClasses }, 'metalake', {}, { normalized: true });
    assert.deepEqual(JSON.parse(norm.files[0].text).images[0].annotations, [{ type: 'rectangle', bbox: [0.45, 0.45, 0.1, 0.1], label: 'car' }]);
    assert.deepEqual(codes(norm.losses), ['bad-line', 'unused-category']);
  });

  it('a prediction column (confidence) and a pose line are read; unknown class ids keep their number', () => {
    const { ds, losses } = run({ format: 'yolo', labels: [{ image: 'p.jpg', label: 'p.txt', text: '0 0.5 0.5 0.2 0.2 0.87\n3 0.5 0.5 0.2 0.2\n', width: 10, height: 10 }], classes: yoloClasses }, 'metalake');
    assert.deepEqual(ds.images[0].annotations.map((a) => [a.label, a.confidence]), [['car', 0.87], ['3', undefined]]);
    assert.deepEqual(codes(losses), ['unknown-class', 'unused-category']);
    const pose = run({ format: 'yolo', labels: [{ image: 'p.jpg', label: 'p.txt', text: '0 0.5 0.5 0.2 0.2 0.1 0.2 2 0.3 0.4 0\n', width: 10, height: 10 }], classes: { ...yoloClasses, kptShape: [2, 3] } }, 'coco');
    assert.deepEqual(JSON.parse(pose.files[0].text).annotations[0].bbox, [4, 4, 2, 2]);
    assert.deepEqual(codes(pose.losses), ['keypoints']);
  });
});

describe('convert MetaLake → YOLO', () => {
  it('labels become classes in order; attributes, metadata, confidence and lines are reported', () => {
    const { files, losses } = run({ format: 'metalake', value: metalake }, 'yolo', sizes);
    assert.deepEqual(files.map((f) => [f.path, f.text]).slice(0, 2), [
      ['labels/train/a.txt', '0 0.25 0.8 0.3 0.8\n1 0.05 0.1 0.1 0.2\n'],
      ['labels/train/b.txt', ''],
    ]);
    assert.match(files[2].text, /names:\n {2}0: car\n {2}1: person\n {2}2: lane\n$/);
    assert.deepEqual(codes(losses), ['attributes', 'confidence', 'line', 'metadata', 'polygon-as-box']);
  });

  it('an image with no known size gets no label file and is named', () => {
    const { files, losses } = run({ format: 'metalake', value: metalake }, 'yolo', { 'b.jpg': [64, 48] });
    assert.deepEqual(files.map((f) => f.path), ['labels/train/b.txt', 'data.yaml']);
    assert.deepEqual(losses.find((l) => l.code === 'size-unknown')?.examples, ['a.jpg']);
  });

  it('file names cannot climb out of the output folder', () => {
    const { files } = run({ format: 'metalake', value: { images: [{ image: '../../etc/x.jpg', annotations: [] }, { image: 'C:\\data\\y.png', annotations: [] }] } }, 'yolo', { '../../etc/x.jpg': [1, 1], 'C:\\data\\y.png': [1, 1] });
    assert.deepEqual(files.map((f) => f.path), ['labels/train/etc/x.txt', 'labels/train/data/y.txt', 'data.yaml']);
  });
});

describe('convert round trip COCO → YOLO → COCO', () => {
  it('boxes come back within float tolerance with the same image sizes', () => {
    let seed = 42;
    const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const images = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, file_name: `im${i}.jpg`, width: 300 + Math.floor(rnd() * 1700), height: 200 + Math.floor(rnd() * 1000) }));
    const annotations: { id: number; image_id: number; category_id: number; bbox: number[]; area: number; iscrowd: number; segmentation: number[] }[] = [];
    for (let k = 0; k < 200; k++) {
      const im = images[Math.floor(rnd() * images.length)];
      const w = 1 + rnd() * (im.width / 2);
      const h = 1 + rnd() * (im.height / 2);
      const x = rnd() * (im.width - w);
      const y = rnd() * (im.height - h);
      const r = (v: number): number => Math.round(v * 100) / 100;
      annotations.push({ id: k + 1, image_id: im.id, category_id: 1 + (k % 3), bbox: [r(x), r(y), r(w), r(h)], area: r(w) * r(h), iscrowd: 0, segmentation: [] });
    }
    const categories = [{ id: 1, name: 'a', supercategory: '' }, { id: 2, name: 'b', supercategory: '' }, { id: 3, name: 'c', supercategory: '' }];
    const source = { images, annotations, categories };
    const yolo = run({ format: 'coco', value: source }, 'yolo');
    assert.deepEqual(yolo.losses, []);
    const labels: YoloLabelInput[] = images.map((im) => ({ image: im.file_name, label: `im${im.id}`, text: yolo.files.find((f) => f.path === `labels/train/${im.file_name.replace('.jpg', '.txt')}`)!.text, width: im.width, height: im.height }));
    const names = new Map(categories.map((c, i) => [i, c.name]));
    const back = JSON.parse(run({ format: 'yolo', labels, classes: { names } }, 'coco').files[0].text);
    assert.deepEqual(back.categories, categories);
    assert.deepEqual(back.images, images);
    // YOLO lists an image's boxes together: compare per image, in order.
    const perImage = (list: typeof annotations) => images.map((im) => list.filter((a) => a.image_id === im.id).map((a) => ({ c: a.category_id, b: a.bbox })));
    const want = perImage(annotations);
    const got = perImage(back.annotations);
    assert.equal(back.annotations.length, annotations.length);
    for (let i = 0; i < want.length; i++) {
      assert.equal(got[i].length, want[i].length);
      for (let j = 0; j < want[i].length; j++) {
        assert.equal(got[i][j].c, want[i][j].c);
        // YOLO's 6 decimals hold a box to a millionth of the image's size; pixels are written to 3 decimals.
        const tolerance = 1e-6 * Math.max(images[i].width, images[i].height) + 1e-3;
        for (let v = 0; v < 4; v++) assert.ok(Math.abs(got[i][j].b[v] - want[i][j].b[v]) <= tolerance, `image ${i} box ${j}: ${got[i][j].b} vs ${want[i][j].b}`);
      }
    }
  });
});

/** A PNG's signature and IHDR: all image-size needs to read its size. */
function pngHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'ascii');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  b[24] = 8;
  b[25] = 2;
  return b;
}

function yoloDataset(): string {
  const root = tempDir();
  for (const d of ['images/train', 'labels/train', 'images/val', 'labels/val']) fs.mkdirSync(path.join(root, d), { recursive: true });
  fs.writeFileSync(path.join(root, 'data.yaml'), 'train: images/train\nval: images/val\nnames:\n  0: car\n  1: person\n');
  fs.writeFileSync(path.join(root, 'images/train/a.png'), pngHeader(200, 100));
  fs.writeFileSync(path.join(root, 'labels/train/a.txt'), '1 0.5 0.5 0.5 0.5\n');
  fs.writeFileSync(path.join(root, 'images/val/b.png'), pngHeader(40, 40));
  fs.writeFileSync(path.join(root, 'labels/val/b.txt'), '0 0.25 0.25 0.5 0.5\n');
  // a background image: no label file
  fs.writeFileSync(path.join(root, 'images/val/c.png'), pngHeader(10, 20));
  return root;
}

describe('convert on disk', () => {
  it('a data.yaml with two splits → COCO: sizes from the image headers, background images kept', async () => {
    const root = yoloDataset();
    const out = path.join(root, 'out.json');
    const summary = await runConversion({ from: 'yolo', to: 'coco', input: path.join(root, 'data.yaml'), output: out });
    assert.deepEqual(summary.losses, []);
    assert.deepEqual(summary.sizeUnknown, []);
    const written = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.deepEqual(written.images, [
      { id: 1, file_name: 'images/train/a.png', width: 200, height: 100 },
      { id: 2, file_name: 'images/val/b.png', width: 40, height: 40 },
      { id: 3, file_name: 'images/val/c.png', width: 10, height: 20 },
    ]);
    assert.deepEqual(written.annotations.map((a: { bbox: number[]; category_id: number }) => [a.category_id, a.bbox]), [[2, [50, 25, 100, 50]], [1, [0, 0, 20, 20]]]);
  });

  it('a Darknet folder (obj_train_data/, obj.names, train.txt): the labels are read, the image list is not', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'obj_train_data'));
    fs.writeFileSync(path.join(root, 'obj.names'), 'cat\ndog\n');
    fs.writeFileSync(path.join(root, 'train.txt'), 'data/obj_train_data/1.png\n');
    fs.writeFileSync(path.join(root, 'obj_train_data', '1.png'), pngHeader(20, 10));
    fs.writeFileSync(path.join(root, 'obj_train_data', '1.txt'), '1 0.5 0.5 0.5 0.2\n');
    const out = path.join(root, 'out.json');
    const summary = await runConversion({ from: 'yolo', to: 'metalake', input: root, output: out });
    assert.deepEqual(codes(summary.losses), ['unused-category']);
    assert.deepEqual(summary.notes, []);
    assert.deepEqual(JSON.parse(fs.readFileSync(out, 'utf8')), { images: [{ image: '1.png', annotations: [{ type: 'rectangle', bbox: [5, 4, 10, 2], label: 'dog' }] }] });
  });

  it('a cancelled conversion writes nothing', async () => {
    const root = yoloDataset();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(runConversion({ from: 'yolo', to: 'coco', input: root, output: path.join(root, 'out.json') }, { signal: controller.signal }), ConversionCancelled);
    assert.equal(fs.existsSync(path.join(root, 'out.json')), false);
  });

  it('never replaces an existing output without force; with force it does', async () => {
    const root = yoloDataset();
    const out = path.join(root, 'out.json');
    fs.writeFileSync(out, 'mine');
    await assert.rejects(runConversion({ from: 'yolo', to: 'coco', input: root, output: out }), OutputExistsError);
    assert.equal(fs.readFileSync(out, 'utf8'), 'mine');
    await runConversion({ from: 'yolo', to: 'coco', input: root, output: out, force: true });
    assert.equal(JSON.parse(fs.readFileSync(out, 'utf8')).images.length, 3);
    // A YOLO output folder that is not empty counts as existing too.
    const folder = path.join(root, 'yolo-out');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'keep.txt'), 'x');
    await assert.rejects(runConversion({ from: 'coco', to: 'yolo', input: out, output: folder }), OutputExistsError);
    assert.deepEqual(fs.readdirSync(folder), ['keep.txt']);
  });

  it('MetaLake → COCO reads sizes beside the input and from --image-root, and names the rest', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'pics'));
    fs.writeFileSync(path.join(root, 'a.png'), pngHeader(30, 20));
    fs.writeFileSync(path.join(root, 'pics', 'b.png'), pngHeader(8, 6));
    const input = path.join(root, 'ann.json');
    fs.writeFileSync(input, JSON.stringify({ images: ['a.png', 'b.png', 'c.png'].map((image) => ({ image, annotations: [{ type: 'rectangle', bbox: [1, 1, 2, 2], label: 'x' }] })) }));
    const summary = await runConversion({ from: 'metalake', to: 'coco', input, output: path.join(root, 'out.json'), imageRoots: [path.join(root, 'pics')] });
    assert.deepEqual(summary.sizeUnknown, ['c.png']);
    assert.deepEqual(codes(summary.losses), ['size-unknown-coco']);
    const images = JSON.parse(fs.readFileSync(path.join(root, 'out.json'), 'utf8')).images;
    assert.deepEqual(images.map((i: { width?: number }) => i.width), [30, 8, undefined]);
  });

  it('suggests an output name that does not exist, and a split from a COCO file name', () => {
    const root = tempDir();
    const input = path.join(root, 'instances_val2017.json');
    fs.writeFileSync(input, '{}');
    assert.equal(suggestOutput(input, 'metalake'), path.join(root, 'instances_val2017.metalake.json'));
    fs.writeFileSync(path.join(root, 'instances_val2017.metalake.json'), '{}');
    assert.equal(suggestOutput(input, 'metalake'), path.join(root, 'instances_val2017.metalake-2.json'));
    assert.equal(suggestOutput(input, 'yolo'), path.join(root, 'instances_val2017-yolo'));
    assert.equal(splitFromName(input), 'val2017');
    assert.equal(splitFromName(path.join(root, 'labels.json')), 'train');
  });
});

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, 'convert', ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('datum-studio convert (CLI)', () => {
  it('converts, prints what was not carried over, and refuses to overwrite (exit 2) until --force', () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'coco.json'), JSON.stringify(coco));
    const first = cli(['--from', 'coco', '--to', 'metalake', 'coco.json', '-o', 'out.json'], root);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Wrote out\.json: 2 image\(s\), 3 annotation\(s\) read\.\nNot carried over:\n/);
    assert.match(first.stdout, /  - RLE masks \(MetaLake has no masks; their box is kept as a rectangle\) ×1 \(annotation id 2 \(x\/a\.jpg\)\)\n/);
    const written = fs.readFileSync(path.join(root, 'out.json'), 'utf8');
    fs.writeFileSync(path.join(root, 'out.json'), 'edited');
    const again = cli(['--from', 'coco', '--to', 'metalake', 'coco.json', '-o', 'out.json'], root);
    assert.equal(again.code, 2);
    assert.equal(again.stderr, 'datum-studio convert: out.json exists already; pass --force to replace it.\n');
    assert.equal(fs.readFileSync(path.join(root, 'out.json'), 'utf8'), 'edited');
    const forced = cli(['--from', 'coco', '--to', 'metalake', 'coco.json', '-o', 'out.json', '--force'], root);
    assert.equal(forced.code, 0);
    assert.equal(fs.readFileSync(path.join(root, 'out.json'), 'utf8'), written);
  });

  it('--format json gives the summary with every loss; YOLO output is a folder', () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'instances_val.json'), JSON.stringify(coco));
    const r = cli(['--from', 'coco', '--to', 'yolo', 'instances_val.json', '-o', 'y', '--format', 'json'], root);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.from, 'coco');
    assert.equal(out.to, 'yolo');
    assert.equal(out.images, 2);
    assert.ok(out.losses.some((l: { code: string; count: number }) => l.code === 'crowd-yolo' && l.count === 1));
    assert.deepEqual(fs.readdirSync(path.join(root, 'y', 'labels', 'val')).sort(), ['b.txt', 'x']);
    assert.match(fs.readFileSync(path.join(root, 'y', 'data.yaml'), 'utf8'), /^# Converted by Datum Studio from instances_val\.json\n/);
  });

  it('bad usage and unreadable input exit 2 with one clear line', () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'broken.json'), '{"images": [');
    assert.equal(cli(['--from', 'coco', '--to', 'coco', 'broken.json', '-o', 'x.json'], root).code, 2);
    assert.match(cli(['--from', 'png', '--to', 'coco', 'broken.json', '-o', 'x.json'], root).stderr, /--from must be coco, yolo or metalake, not "png"/);
    assert.match(cli(['--from', 'coco', '--to', 'yolo', 'broken.json'], root).stderr, /Name the output with -o/);
    const broken = cli(['--from', 'coco', '--to', 'yolo', 'broken.json', '-o', 'y'], root);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /broken\.json is not valid JSON/);
    assert.equal(fs.existsSync(path.join(root, 'y')), false);
  });
});
