// YOLO label files: every yolo-* code on its exact token, the class list from data.yaml /
// classes.txt, which .txt files count as label files, and the CLI leaving other .txt files alone.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { checkYoloLabels, parseDataYaml, parseNamesFile, type YoloContext } from '../../src/validation/yolo';
import { confirmLabelFile, findClasses, isYoloLabelPath } from '../../src/validation/yoloFiles';
import { validatePaths } from '../../src/cli/main';
import { repoRoot } from './helpers';

const classes = { names: new Map([[0, 'car'], [1, 'person']]), nc: 2, source: 'data.yaml' };

/** [code, the text of the range, severity] per problem. */
function check(text: string, context: YoloContext = { classes }): [string, string, string][] {
  return checkYoloLabels(text, context).map((p) => [p.code, text.slice(p.start, p.end), p.severity]);
}

describe('YOLO label lines', () => {
  it('good boxes, polygons, CRLF, no final newline and empty files: nothing', () => {
    assert.deepEqual(check('0 0.5 0.5 0.2 0.2\r\n1 0.3 0.4 0.2 0.4\r\n'), []);
    assert.deepEqual(check('0 0.1 0.1 0.5 0.1 0.3 0.4\n1 0.2 0.2 0.6 0.2 0.4 0.5 0.2 0.5'), []);
    assert.deepEqual(check(''), []);
    assert.deepEqual(check('\n\n'), []);
    // Within Ultralytics' 1% slack.
    assert.deepEqual(check('0 0.1 -0.009808 0.5 0.1 0.3 0.4'), []);
  });

  it('yolo-not-a-number marks the token, and only that is said about the line', () => {
    assert.deepEqual(check('0 0.5 a 0.5 0.5'), [['yolo-not-a-number', 'a', 'error']]);
    assert.deepEqual(check('0 0.5 0.5 nan 0.5\n'), [['yolo-not-a-number', 'nan', 'error']]);
  });

  it('yolo-column-count: 2 or 4 values, and 3 values in a file of boxes', () => {
    assert.deepEqual(check('0 0.5 0.5 0.5'), [['yolo-column-count', '0 0.5 0.5 0.5', 'error']]);
    assert.deepEqual(check('1 2 3'), [['yolo-column-count', '1 2 3', 'error']]);
    assert.deepEqual(check('0 0.5'), [['yolo-column-count', '0 0.5', 'error']]);
  });

  it('yolo-column-count on pose datasets: 5 + k × d, visibility flags are not coordinates', () => {
    const pose: YoloContext = { classes: { ...classes, kptShape: [2, 3] } };
    assert.deepEqual(check('0 0.5 0.5 0.2 0.2 0.4 0.4 2 0.6 0.6 0', pose), []);
    assert.deepEqual(check('0 0.5 0.5 0.2 0.2', pose), [['yolo-column-count', '0 0.5 0.5 0.2 0.2', 'error']]);
    assert.deepEqual(check('0 0.5 0.5 0.2 0.2 0.4 0.4 2 0.6 1.7 0', pose), [['yolo-coordinate-out-of-range', '1.7', 'error']]);
  });

  it('yolo-invalid-class-id and yolo-unknown-class (names and nc)', () => {
    assert.deepEqual(check('-1 0.5 0.5 0.2 0.2'), [['yolo-invalid-class-id', '-1', 'error']]);
    assert.deepEqual(check('1.5 0.5 0.5 0.2 0.2'), [['yolo-invalid-class-id', '1.5', 'error']]);
    assert.deepEqual(check('0 0.5 0.5 0.2 0.2\n12 0.5 0.5 0.2 0.2'), [['yolo-unknown-class', '12', 'error']]);
    assert.deepEqual(check('3 0.5 0.5 0.2 0.2', { classes: { nc: 3 } }), [['yolo-unknown-class', '3', 'error']]);
    const names = checkYoloLabels('5 0.5 0.5 0.2 0.2', { classes })[0].message;
    assert.match(names, /class 5 is not one of the 2 classes \(ids 0–1, nc: 2 \(data\.yaml\)\)/);
    // Without a class list, ids are not checked.
    assert.deepEqual(check('99 0.5 0.5 0.2 0.2', {}), []);
  });

  it('yolo-coordinate-out-of-range: pixel coordinates get the normalized value from the image size', () => {
    const image = { width: 640, height: 480, name: 'a.jpg' };
    const problems = checkYoloLabels('0 320 240 0.1 0.1', { classes, image });
    assert.deepEqual(problems.map((p) => [p.code, p.severity]), [['yolo-coordinate-out-of-range', 'error'], ['yolo-coordinate-out-of-range', 'error']]);
    assert.match(problems[0].message, /a\.jpg is 640×480, so normalized it would be 0\.5\./);
    assert.match(problems[1].message, /normalized it would be 0\.5\./);
    assert.match(checkYoloLabels('0 320 0.5 0.1 0.1', { classes })[0].message, /Pixel coordinates written by mistake\?/);
    // Polygon points just outside (a tile border): a warning.
    assert.deepEqual(check('0 -0.07 0.1 0.5 0.1 0.3 0.4'), [['yolo-coordinate-out-of-range', '-0.07', 'warning']]);
  });

  it('yolo-box-size and yolo-box-outside-image', () => {
    assert.deepEqual(check('0 0.5 0.5 0 0.2\n0 0.5 0.5 0.2 -0.1'), [['yolo-box-size', '0', 'error'], ['yolo-box-size', '-0.1', 'error']]);
    assert.deepEqual(check('0 0.95 0.5 0.2 0.2'), [['yolo-box-outside-image', '0.95 0.5 0.2 0.2', 'warning']]);
    const px = checkYoloLabels('0 0.95 0.5 0.2 0.2', { classes, image: { width: 100, height: 50, name: 'b.png' } })[0].message;
    assert.match(px, /x 0\.85–1\.05, y 0\.4–0\.6 \(in b\.png, 100×50: x 85–105, y 20–30 px\)/);
  });

  it('yolo-duplicate-line (same numbers, however written), related to the first', () => {
    const text = '0 0.5 0.5 0.2 0.2\n1 0.1 0.1 0.1 0.1\n0 0.50 0.5 0.2 0.20\n';
    const [p] = checkYoloLabels(text, { classes });
    assert.equal(p.code, 'yolo-duplicate-line');
    assert.equal(text.slice(p.start, p.end), '0 0.50 0.5 0.2 0.20');
    assert.equal(text.slice(p.related!.start, p.related!.end), '0 0.5 0.5 0.2 0.2');
  });

  it('yolo-odd-coordinates and yolo-polygon-too-few-points', () => {
    assert.deepEqual(check('0 0.1 0.1 0.5 0.1 0.3 0.4 0.2'), [['yolo-odd-coordinates', '0.1 0.1 0.5 0.1 0.3 0.4 0.2', 'error']]);
    assert.deepEqual(check('0 0.1 0.1 0.5 0.1 0.3 0.4\n1 0.2 0.3\n'), [['yolo-polygon-too-few-points', '1 0.2 0.3', 'error']]);
  });

  it('yolo-mixed-lines marks the lines of the less common kind', () => {
    const text = '0 0.5 0.5 0.2 0.2\n0 0.1 0.1 0.5 0.1 0.3 0.4\n1 0.3 0.3 0.2 0.2\n';
    assert.deepEqual(check(text), [['yolo-mixed-lines', '0 0.1 0.1 0.5 0.1 0.3 0.4', 'warning']]);
  });
});

describe('YOLO class lists', () => {
  it('names as a list or a map, nc, kpt_shape and the split paths', () => {
    const list = parseDataYaml('path: ../ds  # root\ntrain: images/train\nval: [images/val, more/val]\nnc: 2\nnames: [a, b]\n');
    assert.deepEqual([...list.classes!.names!.entries()], [[0, 'a'], [1, 'b']]);
    assert.equal(list.classes!.nc, 2);
    assert.deepEqual(list.paths.map((p) => `${p.key}=${p.value}`), ['path=../ds', 'train=images/train', 'val=images/val', 'val=more/val']);
    assert.deepEqual(list.problems, []);
    const map = parseDataYaml('kpt_shape: [17, 3]\nnames:\n  0: person\n  1: bicycle\n');
    assert.deepEqual([...map.classes!.names!.values()], ['person', 'bicycle']);
    assert.deepEqual(map.classes!.kptShape, [17, 3]);
  });

  it('yolo-nc-mismatch, yolo-names-gap and yolo-config-invalid, on their node', () => {
    const at = (text: string) => parseDataYaml(text).problems.map((p) => [p.code, text.slice(p.start, p.end)]);
    assert.deepEqual(at('nc: 3\nnames: [a, b]\n'), [['yolo-nc-mismatch', '3']]);
    assert.deepEqual(at('names:\n  0: car\n  2: bus\n'), [['yolo-names-gap', 'names']]);
    assert.match(parseDataYaml('names:\n  0: car\n  3: bus\n').problems[0].message, /skips class ids 1, 2/);
    assert.deepEqual(at('names:\n  x: car\n'), [['yolo-names-gap', 'x']]);
    assert.equal(at('names: [a, b\n')[0][0], 'yolo-config-invalid');
  });

  it('classes.txt with CRLF and a final blank line', () => {
    assert.deepEqual([...parseNamesFile('cat\r\ndog\r\n\r\n').names!.values()], ['cat', 'dog']);
  });
});

describe('YOLO label files on disk', () => {
  it('by path: labels/ and obj_<subset>_data/ folders, or a glob', () => {
    assert.equal(isYoloLabelPath('ds/labels/train/a.txt'), 'name');
    assert.equal(isYoloLabelPath('obj_train_data/1.txt'), 'name');
    assert.equal(isYoloLabelPath('notes/todo.txt'), undefined);
    assert.equal(isYoloLabelPath('ds/labels/train/a.json'), undefined);
    assert.equal(isYoloLabelPath('ann/x/1.txt', ['ann/**/*.txt']), 'glob');
  });

  it('a labels/ folder with a data.yaml or classes.txt beside it counts too (its images may be elsewhere)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yolo-'));
    try {
      const label = path.join(dir, 'ds', 'labels', 'train', 'a.txt');
      fs.mkdirSync(path.dirname(label), { recursive: true });
      fs.writeFileSync(label, '5 0.5 0.5 0.2 0.2\n0 0.5 0.5 0.2\n');
      assert.equal(await confirmLabelFile(label), false);
      fs.writeFileSync(path.join(dir, 'ds', 'classes.txt'), 'car\n');
      assert.equal(await confirmLabelFile(label), true);
      fs.rmSync(path.join(dir, 'ds', 'classes.txt'));
      fs.writeFileSync(path.join(dir, 'ds', 'data.yaml'), 'train: images/train\nval: images/val\nnames: [car]\n');
      assert.equal(await confirmLabelFile(label), true);
      const run = await validatePaths([label], [], dir);
      assert.deepEqual(run.findings.map((f) => f.code).sort(), ['yolo-column-count', 'yolo-unknown-class']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a labels/ folder counts only with images/ beside it; classes are found walking up', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yolo-'));
    try {
      fs.mkdirSync(path.join(dir, 'ds', 'labels', 'train'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'ds', 'labels', 'README.txt'), 'not labels\n');
      fs.writeFileSync(path.join(dir, 'ds', 'labels', 'train', 'a.txt'), '5 0.5 0.5 0.2 0.2\n');
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello world\n');
      assert.equal(await confirmLabelFile(path.join(dir, 'ds', 'labels', 'train', 'a.txt')), false);
      let run = await validatePaths([dir], [], dir);
      assert.deepEqual([run.checked, run.findings], [0, []]);
      fs.mkdirSync(path.join(dir, 'ds', 'images', 'train'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'ds', 'data.yaml'), 'names:\n  0: car\n');
      assert.equal(await confirmLabelFile(path.join(dir, 'ds', 'labels', 'train', 'a.txt')), true);
      assert.deepEqual([...(await findClasses(path.join(dir, 'ds', 'labels', 'train', 'a.txt')))!.names!.values()], ['car']);
      // With a batch cache the folder's class list is read once: a later edit of data.yaml is not seen.
      const cache = new Map();
      await findClasses(path.join(dir, 'ds', 'labels', 'train', 'a.txt'), [], cache);
      fs.writeFileSync(path.join(dir, 'ds', 'data.yaml'), 'names:\n  0: car\n  1: bus\n');
      assert.equal((await findClasses(path.join(dir, 'ds', 'labels', 'train', 'b.txt'), [], cache))!.names!.size, 1);
      assert.equal((await findClasses(path.join(dir, 'ds', 'labels', 'train', 'a.txt')))!.names!.size, 2);
      fs.writeFileSync(path.join(dir, 'ds', 'data.yaml'), 'names:\n  0: car\n');
      run = await validatePaths([dir], [], dir);
      // README.txt is under labels/ but not in a split folder beside images/: ds/labels has ds/images beside it, so it is a label file too.
      assert.deepEqual(run.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.code}`), ['ds/labels/README.txt:1:1 yolo-not-a-number', 'ds/labels/README.txt:1:5 yolo-not-a-number', 'ds/labels/train/a.txt:1:1 yolo-unknown-class']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the language and the setting are contributed through package.nls.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const nls = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8'));
    const language = pkg.contributes.languages.find((l: { id: string }) => l.id === 'yolo-labels');
    assert.deepEqual(language.filenamePatterns, ['**/labels/**/*.txt', '**/obj_*_data/*.txt']);
    assert.equal(nls[language.aliases[0].slice(1, -1)], 'YOLO Labels');
    const setting = pkg.contributes.configuration.properties['datumStudio.files.yolo'];
    assert.match(nls[setting.markdownDescription.slice(1, -1)], /YOLO label files/);
  });
});
