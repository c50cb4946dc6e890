// `datum-studio compare` and `datum-studio stats` as a user runs them (the built bin), and the
// statistics engine on a set whose every figure is known.
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { readMetaLake } from '../../src/evaluation/adapters';
import { datasetStats } from '../../src/evaluation/stats';
import { repoRoot, tempDir } from './helpers';

const bin = path.join(repoRoot, 'bin', 'datum-studio.js');
const cases = path.resolve(repoRoot, '..', 'shared', 'eval-references', 'cases');

function run(args: string[], cwd = repoRoot) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const r12 = (v: number) => Math.round(v * 1e12) / 1e12;

function write(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('datum-studio compare (CLI)', () => {
  it('prints exactly the documented JSON shape', () => {
    const dir = tempDir();
    const truth = write(dir, 'truth.json', { images: [{ image: 'a.jpg', annotations: [{ type: 'rectangle', bbox: [0, 0, 10, 10], label: 'car' }, { type: 'rectangle', bbox: [20, 20, 10, 10], label: 'car' }] }] });
    const preds = write(dir, 'preds.json', { images: [{ image: 'a.jpg', annotations: [{ type: 'rectangle', bbox: [0, 0, 10, 10], label: 'car', confidence: 0.9 }, { type: 'rectangle', bbox: [50, 50, 5, 5], label: 'bus', confidence: 0.4 }] }] });
    const { code, stdout, stderr } = run(['compare', '--truth', truth, '--predictions', preds, '--format', 'json']);
    assert.equal(code, 0, stderr);
    // floats rounded to 12 places: the mean of ten 51/101 is 51/101 up to the last bit
    const out = JSON.parse(stdout, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e12) / 1e12 : v));
    assert.deepEqual(Object.keys(out), ['iou', 'labels', 'overall']);
    assert.deepEqual(out.labels.map((l: object) => Object.keys(l)), [['label', 'truth', 'predictions', 'tp', 'fp', 'fn', 'precision', 'recall', 'ap50', 'ap'], ['label', 'truth', 'predictions', 'tp', 'fp', 'fn', 'precision', 'recall', 'ap50', 'ap']]);
    assert.deepEqual(Object.keys(out.overall), ['truth', 'predictions', 'tp', 'fp', 'fn', 'map50', 'map']);
    assert.deepEqual(out.labels[0], { label: 'bus', truth: 0, predictions: 1, tp: 0, fp: 1, fn: 0, precision: 0, recall: null, ap50: null, ap: null });
    // car: one TP of two truths, ranked first → 101-point AP 51/101 at every threshold
    assert.deepEqual(out.labels[1], { label: 'car', truth: 2, predictions: 1, tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5, ap50: r12(51 / 101), ap: r12(51 / 101) });
    assert.deepEqual(out.overall, { truth: 2, predictions: 2, tp: 1, fp: 1, fn: 1, map50: r12(51 / 101), map: r12(51 / 101) });
    assert.equal(out.iou, 0.5);
    const text = run(['compare', '--truth', truth, '--predictions', preds, '--iou=0.75']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /counts at IoU 0\.75/);
    assert.match(text.stdout, /^car\s+2\s+1\s+1\s+0\s+1\s+1\.000\s+0\.500\s+0\.505\s+0\.505$/m);
    assert.match(text.stdout, /^bus\s+0\s+1\s+0\s+1\s+0\s+0\.000\s+-\s+-\s+-$/m);
  });

  it('--iou-type segm scores polygons (COCO segmentations and MetaLake polygons) by area', () => {
    const dir = tempDir();
    const truth = write(dir, 'gt.json', { images: [{ id: 1, file_name: 'x.jpg' }], categories: [{ id: 1, name: 'leaf' }], annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], segmentation: [[0, 0, 10, 0, 10, 10, 0, 10]] }] });
    // a triangle: half the square, IoU 0.5; its bbox is the square's (IoU 1)
    const preds = write(dir, 'pred.json', { images: [{ image: 'x.jpg', annotations: [{ type: 'polygon', polygon: [[0, 0], [10, 0], [10, 10]], label: 'leaf', confidence: 0.9 }] }] });
    const at = (iou: string, type: string) => JSON.parse(run(['compare', '--truth', truth, '--predictions', preds, '--iou', iou, '--iou-type', type, '--format', 'json']).stdout).labels[0];
    assert.equal(at('0.5', 'segm').tp, 1);
    assert.equal(at('0.51', 'segm').tp, 0);
    // box mode: the MetaLake polygon is not a box, so the truth goes unfound
    const box = run(['compare', '--truth', truth, '--predictions', preds, '--format', 'json']);
    assert.deepEqual(JSON.parse(box.stdout).labels[0].fn, 1);
    assert.match(box.stderr, /Predictions: 1 polygon left out \(box evaluation counts only rectangles\)/);
  });

  it('reads a COCO dataset and a COCO results list', () => {
    const dir = tempDir();
    const truth = write(dir, 'gt.json', { images: [{ id: 1, file_name: 'x.jpg', width: 64, height: 64 }], categories: [{ id: 3, name: 'car' }], annotations: [{ id: 1, image_id: 1, category_id: 3, bbox: [0, 0, 10, 10], iscrowd: 0, area: 100 }] });
    const preds = write(dir, 'dt.json', [{ image_id: 1, category_id: 3, bbox: [0, 0, 10, 9], score: 0.8 }]);
    const { code, stdout } = run(['compare', '--truth', truth, '--predictions', preds, '--format', 'json']);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout).labels.map((l: { label: string; tp: number }) => [l.label, l.tp]), [['car', 1]]);
  });

  it('gives the published sets\' figures from the command line (cases/)', { skip: !fs.existsSync(cases) && 'no ../shared/eval-references/cases' }, () => {
    // Recall at exact i/100 (the CLI's rule): the README's 0.503732 on coco_sample; pycocotools' 0.706 / 0.901 on torchmetrics.
    const coco = JSON.parse(run(['compare', '--truth', path.join(cases, 'coco_sample/truth.json'), '--predictions', path.join(cases, 'coco_sample/predictions.json'), '--format', 'json']).stdout);
    assert.ok(Math.abs(coco.overall.map - 0.503732) < 5e-7, String(coco.overall.map));
    const tm = JSON.parse(run(['compare', '--truth', path.join(cases, 'torchmetrics/truth.json'), '--predictions', path.join(cases, 'torchmetrics/predictions.json'), '--format', 'json']).stdout);
    assert.ok(Math.abs(tm.overall.map - 0.706) < 5e-4 && Math.abs(tm.overall.map50 - 0.901) < 5e-4);
    assert.equal(tm.labels.find((l: { label: string }) => l.label === '3').ap, null);
  });

  it('exits 2 with a clear message on bad usage and unreadable input', () => {
    const dir = tempDir();
    const good = write(dir, 'good.json', { images: [] });
    const bad = write(dir, 'bad.json', '{"images": [\n  {"image": "a.jpg",, }]}');
    assert.match(run(['compare', '--predictions', good]).stderr, /--truth/);
    assert.equal(run(['compare', '--truth', good, '--predictions', good, '--iou', '0']).code, 2);
    assert.match(run(['compare', '--truth', good, '--predictions', good, '--iou', 'half']).stderr, /--iou must be a number above 0/);
    assert.match(run(['compare', '--truth', good, '--predictions', good, '--iou-type', 'mask']).stderr, /bbox or segm/);
    const broken = run(['compare', '--truth', bad, '--predictions', good]);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /bad\.json is not valid JSON at line 2/);
    const missing = run(['compare', '--truth', path.join(dir, 'nope.json'), '--predictions', good]);
    assert.match(missing.stderr, /No such file/);
    const notAnnotations = run(['compare', '--truth', write(dir, 'other.json', { files: [] }), '--predictions', good]);
    assert.equal(notAnnotations.code, 2);
    assert.match(notAnnotations.stderr, /not an annotation file/);
  });
});

describe('datum-studio stats', () => {
  const doc = {
    images: [
      { image: 'a.jpg', annotations: [{ type: 'rectangle', bbox: [0, 0, 0.5, 0.25], label: 'car' }, { type: 'rectangle', bbox: [0, 0, 1, 1], label: 'car' }, { type: 'rectangle', bbox: [0.1, 0.1, 0.001, 0.2], label: 'sign' }] },
      { image: 'b.jpg', annotations: [{ type: 'polygon', polygon: [[0.1, 0.1], [0.2, 0.1], [0.2, 0.2]], label: 'car' }] },
      { image: 'c.jpg', annotations: [] },
    ],
  };

  it('counts, histograms and outliers (engine)', () => {
    const s = datasetStats([{ file: 'n.json', set: readMetaLake(doc) }]);
    assert.deepEqual([s.files, s.images, s.annotations, s.labels], [1, 3, 4, 2]);
    assert.deepEqual(s.shapes, { rectangle: 3, polygon: 1, line: 0 });
    assert.deepEqual(s.labelHistogram, [{ label: 'car', annotations: 3, images: 2 }, { label: 'sign', annotations: 1, images: 1 }]);
    // normalized boxes on images of unknown size: figures in normalized units
    assert.equal(s.boxes.units, 'normalized');
    assert.deepEqual([s.boxes.count, s.boxes.width!.min, s.boxes.width!.max, s.boxes.width!.median], [3, 0.001, 1, 0.5]);
    assert.deepEqual(s.boxes.aspectRatio!.bins.filter((b) => b.count > 0).map((b) => [b.from, b.count]), [[0, 1], [1, 1], [2, 1]]);
    assert.deepEqual(s.annotationsPerImage!.bins.map((b) => [b.from, b.count]), [[0, 1], [1, 1], [2, 0], [3, 1]]);
    assert.deepEqual(s.outliers.tinyBoxes.items.map((r) => [r.image, r.annotation]), [['a.jpg', 2]]);
    assert.deepEqual(s.outliers.wholeImageBoxes.items.map((r) => [r.image, r.annotation]), [['a.jpg', 1]]);
    assert.deepEqual(s.outliers.labelsUsedOnce.items.map((r) => [r.label, r.image, r.annotation]), [['sign', 'a.jpg', 2]]);
    assert.deepEqual(s.outliers.imagesWithoutAnnotations.items, [{ file: 'n.json', image: 'c.jpg', imageIndex: 2 }]);
  });

  it('scales boxes by known image sizes, and equal-width bins cover min..max', () => {
    const set = readMetaLake({ images: [{ image: 'a.jpg', annotations: [{ bbox: [0, 0, 0.5, 0.5], label: 'x' }, { bbox: [0, 0, 0.1, 0.1], label: 'x' }] }] });
    const s = datasetStats([{ file: 'f.json', set, imageSize: () => ({ width: 200, height: 100 }) }]);
    assert.equal(s.boxes.units, 'pixels');
    assert.deepEqual([s.boxes.width!.min, s.boxes.width!.max, s.boxes.height!.max], [20, 100, 50]);
    assert.equal(s.boxes.width!.bins.length, 10);
    assert.deepEqual([s.boxes.width!.bins[0].from, s.boxes.width!.bins[9].to, s.boxes.width!.bins[0].count, s.boxes.width!.bins[9].count], [20, 100, 1, 1]);
    // 100 x 50 = 5000 px² (medium), 20 x 10 = 200 px² (small)
    assert.deepEqual(s.boxes.sizes, { small: 1, medium: 1, large: 0 });
  });

  it('prints text and JSON for a folder, passing over files that are not annotations', () => {
    const dir = tempDir();
    write(dir, 'one.json', doc);
    fs.mkdirSync(path.join(dir, 'sub'));
    write(path.join(dir, 'sub'), 'coco.json', { images: [{ id: 1, file_name: 'z.jpg', width: 100, height: 100 }], categories: [{ id: 1, name: 'car' }], annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 100, 100] }] });
    write(dir, 'x.txt.metadata.json', { 'valohai.tags': ['a'] });
    const json = run(['stats', dir, '--format', 'json'], dir);
    assert.equal(json.code, 0, json.stderr);
    const s = JSON.parse(json.stdout);
    assert.deepEqual([s.files, s.images, s.annotations], [2, 4, 5]);
    assert.deepEqual(s.outliers.wholeImageBoxes.items.map((r: { file: string; image: string }) => [r.file, r.image]), [['one.json', 'a.jpg'], ['sub/coco.json', 'z.jpg']]);
    const text = run(['stats', path.join(dir, 'one.json')], dir);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^1 file, 3 images, 4 annotations \(3 rectangles, 1 polygon, 0 lines\), 2 labels\.$/m);
    assert.match(text.stdout, /images without annotations: 1\n\s+one\.json "c\.jpg"/);
    assert.equal(run(['stats', path.join(dir, 'x.txt.metadata.json')]).code, 2);
    assert.equal(run(['stats']).code, 2);
  });
});
