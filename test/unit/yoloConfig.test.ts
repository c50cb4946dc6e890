// YOLO dataset configs (data.yaml) as files of their own: which YAML files are configs, each
// yolo-config-* / pairing code on its exact range, Ultralytics' path rules, the CLI's JSON list; and
// hover / completion on label lines.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { checkDataYamlText, looksLikeDataYaml } from '../../src/validation/yoloConfig';
import { labelPathOf as imageToLabelPath, parallelLabelFolder } from '../../src/annotations/yoloPaths';
import { validateDataYaml } from '../../src/validation/yoloConfigFiles';
import { yoloClassCompletions, yoloHover } from '../../src/language/yoloLabels';
import { validatePaths } from '../../src/cli/main';
import { pngHeader, repoRoot, tempDir } from './helpers';

/** [code, the text of the range, severity] per problem of the text alone. */
function text(yaml: string): [string, string, string][] {
  return checkDataYamlText(yaml).problems.map((p) => [p.code, yaml.slice(p.start, p.end), p.severity]);
}

/** Writes files (a Buffer or text) under a new folder; returns it. */
function tree(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

async function onDisk(dir: string, yaml = fs.readFileSync(path.join(dir, 'data.yaml'), 'utf8')): Promise<[string, string, string][]> {
  const { problems } = await validateDataYaml(yaml, path.join(dir, 'data.yaml'), { roots: [] });
  return problems.map((p) => [p.code, yaml.slice(p.start, p.end), p.severity]);
}

const PNG = pngHeader(640, 480);
const GOOD = 'path: .\ntrain: images/train\nval: images/val\nnames:\n  0: car\n  1: person\n';

describe('YOLO data.yaml: which YAML files are dataset configs', () => {
  it('configs: names (list or map) or nc, with a split or path; broken ones that still read like one', () => {
    assert.ok(looksLikeDataYaml(GOOD));
    assert.ok(looksLikeDataYaml("train: ../train/images\nval: ../valid/images\nnc: 2\nnames: ['a', 'b']\n"));
    assert.ok(looksLikeDataYaml('path: ../datasets/coco8\ntrain: [a/images, b/images]\nnames: [x]\n'));
    assert.ok(looksLikeDataYaml('train: images/train\nval: images/val\nnc: 3\n'));
    assert.ok(looksLikeDataYaml('train: images/train\nval: [images/val\nnames: [a, b]\n'), 'a syntax error');
  });

  it('unrelated YAML is not: GitHub workflows, valohai.yaml, training configs, a bare names list', () => {
    const workflow = 'name: CI\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n';
    const valohai = '- step:\n    name: train\n    image: python:3.12\n    command: python train.py\n    inputs:\n      - name: dataset\n';
    const hydra = 'train:\n  batch_size: 32\n  epochs: 10\nval:\n  every: 1\nnames: [a]\n';
    const k8s = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  train: images\n';
    for (const t of [workflow, valohai, hydra, k8s, 'names: [a, b]\n', 'train: images/train\nval: images/val\n', '', 'just text', '{{ broken']) assert.equal(looksLikeDataYaml(t), false, t);
    // And so they get no diagnostics on the command line.
    const dir = tree({ '.github/workflows/ci.yml': workflow, 'valohai.yaml': valohai, 'config.yaml': hydra });
    return validatePaths([dir], [], dir).then(({ findings, checked }) => {
      assert.deepEqual(findings, []);
      assert.equal(checked, 0);
    });
  });
});

describe('YOLO data.yaml: checks of the text', () => {
  it('a good config: nothing', () => {
    assert.deepEqual(text(GOOD), []);
    assert.deepEqual(text('train: a\nval: b\nnc: 2\nnames: [car, "no"]\n'), []);
    assert.deepEqual(text('train: a\nvalidation: b\nnames: [car]\n'), [], 'validation: is renamed to val by Ultralytics');
  });

  it('yolo-config-invalid: YAML syntax errors at their position', () => {
    const yaml = 'train: images/train\nval: [images/val\nnames: [a, b]\n';
    const found = text(yaml);
    assert.ok(found.length >= 1 && found.every(([code]) => code === 'yolo-config-invalid'), JSON.stringify(found));
    const first = checkDataYamlText(yaml).problems[0];
    assert.ok(first.start >= yaml.indexOf('['), 'the error is at or after the unclosed bracket');
  });

  it('yolo-config-missing-key: no val, no train, neither names nor nc', () => {
    assert.deepEqual(text('path: .\ntrain: images/train\nnames: [a]\n'), [['yolo-config-missing-key', 'path', 'error']]);
    const both = text('path: .\nnc: 1\n');
    assert.deepEqual(both.map((r) => r[0]), ['yolo-config-missing-key', 'yolo-config-missing-key']);
    assert.match(checkDataYamlText('path: .\nnc: 1\n').problems[1].message, /`val:`/);
    assert.deepEqual(text('train: a\nval: b\n')[0], ['yolo-config-missing-key', 'train', 'error']);
  });

  it('yolo-config-type: names not a list or map, empty and nested names, PyYAML booleans, nc, path, a split', () => {
    assert.deepEqual(text('train: a\nval: b\nnames: car\n'), [['yolo-config-type', 'car', 'error']]);
    assert.deepEqual(text('train: a\nval: b\nnames:\n  0: car\n  1:\n'), [['yolo-config-type', '1', 'warning']]);
    assert.deepEqual(text('train: a\nval: b\nnames: [car, [x, y]]\n'), [['yolo-config-type', '[x, y]', 'warning']]);
    const norway = checkDataYamlText('train: a\nval: b\nnames: [yes, no, "off"]\n').problems;
    assert.deepEqual(norway.map((p) => p.code), ['yolo-config-type', 'yolo-config-type']);
    assert.match(norway[1].message, /no is read as a boolean by PyYAML.*"False"/);
    assert.deepEqual(text('train: a\nval: b\nnc: two\nnames: [a, b]\n'), [['yolo-config-type', 'two', 'error']]);
    assert.deepEqual(text('train: a\nval: b\nnc: 1.5\n'), [['yolo-config-type', '1.5', 'error']]);
    assert.deepEqual(text('path: [a, b]\ntrain: a\nval: b\nnc: 1\n'), [['yolo-config-type', '[a, b]', 'error']]);
    assert.deepEqual(text('train: [a, 3]\nval: b\nnc: 1\n'), [['yolo-config-type', '3', 'error']]);
  });

  it('hostile configs: an alias among the names, control characters, deep nesting: a message, never a throw', () => {
    assert.deepEqual(text('names: &a [x, *a]\ntrain: a\nval: b\n'), [['yolo-config-type', '*a', 'warning']]);
    assert.match(checkDataYamlText('names: &a [x, *a]\ntrain: a\nval: b\n').problems[0].message, /an alias/);
    const binary = 'names: [a]\ntrain: \u0000\u0001x\nval: b\n';
    assert.ok(checkDataYamlText(binary).problems.length >= 0);
    const deep = 'names: ' + '['.repeat(2000) + ']'.repeat(2000) + '\ntrain: a\nval: b\n';
    const codes = new Set(text(deep).map((r) => r[0]));
    assert.ok(codes.has('yolo-config-type') && [...codes].every((c) => c === 'yolo-config-type' || c === 'yolo-config-invalid'), [...codes].join());
  });

  it('yolo-nc-mismatch and yolo-names-gap, from the class-list reader', () => {
    assert.deepEqual(text('train: a\nval: b\nnc: 3\nnames: [a, b]\n'), [['yolo-nc-mismatch', '3', 'error']]);
    assert.deepEqual(text('train: a\nval: b\nnames:\n  0: a\n  2: c\n'), [['yolo-names-gap', 'names', 'error']]);
  });
});

describe('YOLO data.yaml: paths as Ultralytics resolves them', () => {
  it('the pairing rule: the last /images/ becomes /labels/, the extension .txt', () => {
    const p = (s: string) => s.split('/').join(path.sep);
    assert.equal(imageToLabelPath(p('/d/images/x/images/train/a.b.jpg')), p('/d/images/x/labels/train/a.b.txt'));
    assert.equal(imageToLabelPath(p('/d/train/a.png')), p('/d/train/a.txt'));
    assert.equal(parallelLabelFolder(p('/d/images/train')), p('/d/labels/train'));
    assert.equal(parallelLabelFolder(p('/d/images')), p('/d/labels'));
    assert.equal(parallelLabelFolder(p('/d/train')), undefined);
  });

  it('a complete dataset: nothing; folders, a .txt list (./ from its folder) and a list of folders all count', async () => {
    const dir = tree({ 'data.yaml': GOOD, 'images/train/a.png': PNG, 'labels/train/a.txt': '0 0.5 0.5 0.1 0.1\n', 'images/val/b.png': PNG, 'labels/val/b.txt': '' });
    assert.deepEqual(await onDisk(dir), []);
    fs.writeFileSync(path.join(dir, 'train.txt'), './images/train/a.png\n');
    assert.deepEqual(await onDisk(dir, 'train: train.txt\nval: [images/val, images/train]\nnames: [car]\n'), []);
  });

  it('yolo-config-path-not-found: a split (error; test a warning), the root, and information when download: may make them', async () => {
    const dir = tree({ 'images/train/a.png': PNG, 'labels/train/a.txt': '' });
    assert.deepEqual(await onDisk(dir, 'train: images/train\nval: images/valid\ntest: images/test\nnames: [a]\n'), [
      ['yolo-config-path-not-found', 'images/valid', 'error'],
      ['yolo-config-path-not-found', 'images/test', 'warning'],
    ]);
    assert.deepEqual(await onDisk(dir, 'path: ../nowhere\ntrain: images/train\nval: images/train\nnames: [a]\n'), [['yolo-config-path-not-found', '../nowhere', 'warning']]);
    assert.deepEqual(await onDisk(dir, 'path: coco8\ntrain: images/train\nval: images/val\nnames: [a]\ndownload: https://example.com/coco8.zip\n'), [['yolo-config-path-not-found', 'coco8', 'information']]);
    assert.deepEqual(await onDisk(dir, 'train: images/train\nval: images/val\nnames: [a]\ndownload: https://example.com/x.zip\n'), [['yolo-config-path-not-found', 'images/val', 'information']]);
    // An absolute path, and a relative root found in a workspace folder (Ultralytics: the working directory).
    assert.deepEqual(await onDisk(dir, `path: ${JSON.stringify(dir)}\ntrain: images/train\nval: images/train\nnames: [a]\n`), []);
    const elsewhere = tree({ 'cfg/data.yaml': '' });
    const yaml = `path: ${path.basename(dir)}\ntrain: images/train\nval: images/train\nnames: [a]\n`;
    const found = await validateDataYaml(yaml, path.join(elsewhere, 'cfg', 'data.yaml'), { roots: [path.dirname(dir)] });
    assert.deepEqual(found.problems, []);
  });

  it("a split written ../x that is not found is tried as x (Roboflow's exports)", async () => {
    const dir = tree({ 'train/images/a.png': PNG, 'train/labels/a.txt': '', 'valid/images/b.png': PNG, 'valid/labels/b.txt': '' });
    assert.deepEqual(await onDisk(dir, 'train: ../train/images\nval: ../valid/images\nnc: 1\nnames: [a]\n'), []);
    assert.deepEqual(await onDisk(dir, 'train: ../train/images\nval: ../val/images\nnc: 1\nnames: [a]\n'), [['yolo-config-path-not-found', '../val/images', 'error']]);
  });
});

describe('YOLO data.yaml: pairing images with labels, per split', () => {
  const files = {
    'data.yaml': GOOD,
    'images/train/a.png': PNG,
    'images/train/b.PNG': PNG,
    'images/train/sub/c.jpg': PNG,
    'images/train/notes.md': 'not an image',
    'labels/train/a.txt': '0 0.5 0.5 0.1 0.1\n',
    'labels/train/sub/c.txt': '',
    'labels/train/gone.txt': '0 0.5 0.5 0.1 0.1\n',
    'labels/train/old.txt': '',
    'images/val/v.png': PNG,
    'labels/val/v.txt': '',
  };

  it('yolo-image-without-label (information) and yolo-label-without-image (warning) on the split, with the files', async () => {
    const dir = tree(files);
    assert.deepEqual(await onDisk(dir), [
      ['yolo-label-without-image', 'images/train', 'warning'],
      ['yolo-image-without-label', 'images/train', 'information'],
    ]);
    const { problems, pairing } = await validateDataYaml(GOOD, path.join(dir, 'data.yaml'));
    assert.deepEqual(
      problems.map((p) => p.relatedFiles?.map((f) => path.relative(dir, f.path).split(path.sep).join('/'))),
      [['labels/train/gone.txt', 'labels/train/old.txt'], ['images/train/b.PNG']],
    );
    assert.match(problems[0].message, /^2 label files of `train` have no image \(labels\/train\/gone\.txt, labels\/train\/old\.txt\)/);
    assert.match(problems[1].message, /^1 of the 3 images of `train` has no label file .*background image/);
    assert.deepEqual(
      pairing.map((p) => [p.key, p.images, p.labels, p.imagesWithoutLabels.length, p.labelsWithoutImages.length]),
      [
        ['train', 3, 4, 1, 2],
        ['val', 1, 1, 0, 0],
      ],
    );
  });

  it('yolo-split-no-images and yolo-listed-image-missing', async () => {
    const dir = tree({ 'images/train/a.png': PNG, 'labels/train/a.txt': '', 'images/empty/readme.md': '', 'list.txt': './images/train/a.png\n./images/train/missing.png\n' });
    assert.deepEqual(await onDisk(dir, 'train: list.txt\nval: images/empty\ntest: images/empty\nnames: [a]\n'), [
      ['yolo-listed-image-missing', 'list.txt', 'warning'],
      ['yolo-split-no-images', 'images/empty', 'error'],
      ['yolo-split-no-images', 'images/empty', 'warning'],
    ]);
  });

  it('the CLI: the summary on the split, and under --format json every file of it', async () => {
    const dir = tree(files);
    const { findings, checked, notes } = await validatePaths([dir], [], dir);
    assert.deepEqual(notes, ['data.yaml: YOLO pairing: train 3 images, 4 label files (1 without a label, 2 labels without an image); val 1 image, 1 label file (0 without a label, 0 labels without an image).']);
    const onYaml = findings.filter((f) => f.file === 'data.yaml');
    assert.deepEqual(
      onYaml.map((f) => [f.line, f.column, f.severity, f.code, f.files]),
      [
        [2, 8, 'warning', 'yolo-label-without-image', ['labels/train/gone.txt', 'labels/train/old.txt']],
        [2, 8, 'information', 'yolo-image-without-label', ['images/train/b.PNG']],
      ],
    );
    assert.equal(checked, 6, 'the 5 label files and data.yaml');
  });
});

describe('YOLO label lines: hover and completion', () => {
  const classes = { names: new Map([[0, 'car'], [1, 'person']]), nc: 2, source: 'data.yaml' };
  const image = { width: 800, height: 600, name: 'lot.png' };

  it('hover: the class name and the box in the image\'s pixels', () => {
    const t = '0 0.5 0.5 0.2 0.2\n1 0.25 0.5 0.1 0.3\n';
    const h = yoloHover(t, t.indexOf('0.25'), { classes, image })!;
    assert.equal(t.slice(h.start, h.end), '1 0.25 0.5 0.1 0.3');
    assert.match(h.markdown, /^\*\*person\*\*: class 1 \(data\\\.yaml\)/);
    assert.match(h.markdown, /Box in lot\\\.png \(800×600 px\): from \(160, 210\) to \(240, 390\), 80×180 px/);
    assert.match(yoloHover(t, 0, { classes })!.markdown, /\*\*car\*\*[^]*center \(0\.5, 0\.5\), size 0\.2×0\.2 of the image/);
    assert.match(yoloHover('7 0.5 0.5 0.2 0.2', 0, { classes })!.markdown, /Class 7: not one of the dataset's classes/);
    assert.equal(yoloHover('0 a 0.5 0.2 0.2', 0, { classes }), undefined);
    assert.equal(yoloHover('\n\n', 1, { classes }), undefined);
  });

  it('hover on a polygon: its points and bounding box in pixels; class names are escaped', () => {
    const h = yoloHover('0 0.1 0.1 0.5 0.1 0.3 0.4', 3, { classes: { names: new Map([[0, '*bold*']]) }, image })!;
    assert.match(h.markdown, /^\*\*\\\*bold\\\*\*\*/);
    assert.match(h.markdown, /Polygon of 3 points in lot\\\.png \(800×600 px\), bounding box from \(80, 60\) to \(400, 240\), 320×180 px/);
  });

  it('completion: class ids with names at the start of a line only', () => {
    const t = '0 0.5 0.5 0.2 0.2\n\n1 0.1';
    const empty = yoloClassCompletions(t, t.indexOf('\n\n') + 1, classes)!;
    assert.deepEqual(empty.map((s) => [s.label, s.name]), [['0', 'car'], ['1', 'person']]);
    const inId = yoloClassCompletions(t, t.indexOf('\n1') + 2, classes)!;
    assert.equal(t.slice(inId[0].start, inId[0].end), '1');
    assert.equal(yoloClassCompletions(t, t.length, classes), undefined, 'after the class id');
    assert.equal(yoloClassCompletions(t, 0, undefined), undefined, 'no class list');
    assert.deepEqual(yoloClassCompletions('', 0, { nc: 3 })!.map((s) => s.label), ['0', '1', '2']);
  });
});

describe('YOLO data.yaml: the sample', () => {
  it('samples/yolo/data.yaml is clean', async () => {
    const dir = path.join(repoRoot, 'samples', 'yolo');
    assert.deepEqual(await onDisk(dir), []);
  });
});
