// The fidelity corpus: metadata that real tools and real code wrote (../shared/real-files beside
// the clone; its SOURCES.md says where each file came from). Counted folders must give no error and
// no warning; the folders of real mistakes must give the right diagnostic. yolo/ is checked on its
// own (its SOURCES.md says what is valid).
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { validatePaths, type CliFinding } from '../../src/cli/main';
import { repoRoot } from './helpers';

const corpus = path.resolve(repoRoot, '..', 'shared', 'real-files');
/** coco/SOURCES.md's "deliberately broken" files (datumaro-error-tests' template.json is valid: checked below). */
const COCO_BROKEN = ['coco/datumaro-error-tests/', 'coco/mmdetection/coco_wrong_format_sample.json', 'coco/mmyolo/', 'coco/cvat-export-tracks-mixed-sizes/'];
const NOT_COUNTED = ['user-code-mistakes/', 'valohai-utils-edge/', ...COCO_BROKEN];
const LATER = new Set(['yolo']);
const yoloCorpus = path.join(corpus, 'yolo');
const skip = fs.existsSync(corpus) ? false : `the real-files corpus is not at ${corpus} (CI checks it out beside the clone)`;

let run: Promise<{ findings: CliFinding[]; checked: number }> | undefined;
function validateCorpus() {
  run ??= (() => {
    const folders = fs
      .readdirSync(corpus, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !LATER.has(e.name))
      .map((e) => path.join(corpus, e.name));
    return validatePaths(folders, [], corpus);
  })();
  return run;
}

/** Every metadata file under a folder of the corpus, relative to the corpus with forward slashes. */
function metadataFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.metadata\.json$|^valohai\.metadata\.jsonl$/.test(e.name)) out.push(path.relative(corpus, full).split(path.sep).join('/'));
    }
  };
  walk(path.join(corpus, folder));
  return out.sort();
}

describe('real files', { skip }, () => {
  it('counted folders: no error and no warning', async () => {
    const { findings, checked } = await validateCorpus();
    const bad = findings.filter((f) => (f.severity === 'error' || f.severity === 'warning') && !NOT_COUNTED.some((p) => f.file.startsWith(p)));
    assert.deepEqual(bad.map((f) => `${f.file}:${f.line} ${f.severity} ${f.code}: ${f.message}`), []);
    // The corpus was really checked: its Valohai files, LayerNext's samples and docs examples.
    assert.ok(checked >= 50, `only ${checked} files checked`);
  });

  it('real mistakes: an alias written as a list, a number among the tags, NaN and Infinity', async () => {
    const { findings } = await validateCorpus();
    const errors = (prefix: string) => findings.filter((f) => f.file.startsWith(prefix) && f.severity === 'error');
    const alias = errors('user-code-mistakes/alias-list/');
    assert.deepEqual(alias.map((f) => f.code), ['alias-not-string']);
    const tags = errors('user-code-mistakes/tag-from-float-param/');
    assert.deepEqual(tags.map((f) => [f.code, f.message]), [['wrong-type', '`valohai.tags[0]` must be a string (a tag), not a number.']]);
    const nan = errors('valohai-utils-edge/nan/');
    assert.deepEqual(nan.map((f) => f.code), ['invalid-json'], 'one mistake per line: one diagnostic');
    assert.match(nan[0].message, /^NaN is not JSON: Python's json\.dump writes it for float\('nan'\); write null or a number\./);
    assert.match(nan[0].message, /1 more like this on this line/);
    // Every metadata file in the two folders is reported.
    for (const file of [...metadataFiles('user-code-mistakes'), ...metadataFiles('valohai-utils-edge')]) {
      assert.ok(findings.some((f) => f.file === file && f.severity === 'error'), `${file}: no error`);
    }
  });

  it("Angular's *.metadata.json is not taken for a sidecar", async () => {
    const { findings } = await validateCorpus();
    assert.deepEqual(findings.filter((f) => f.file.startsWith('angular-ngc/')), []);
  });

  it('the storage path of the LayerNext docs is information, not a missing local file', async () => {
    const { findings } = await validateCorpus();
    assert.deepEqual(
      findings.filter((f) => f.file === 'layernext-docs/storage-path.json').map((f) => [f.severity, f.code]),
      [['information', 'image-in-storage']],
    );
  });

  it('COCO: the valid template of datumaro error tests is clean, each broken variant is reported', async () => {
    const { findings } = await validateCorpus();
    const dir = 'coco/datumaro-error-tests/annotations/';
    const of = (name: string) => findings.filter((f) => f.file === dir + name);
    assert.deepEqual(of('template.json'), []);
    // SOURCES.md: at most a warning (pycocotools and mmdetection load these).
    for (const name of ['missing-annotation-iscrowd.json', 'missing-annotations.json']) assert.deepEqual(of(name).filter((f) => f.severity === 'error'), [], name);
    const variants = fs.readdirSync(path.join(corpus, dir)).filter((n) => n.endsWith('.json') && !['template.json', 'missing-annotation-iscrowd.json', 'missing-annotations.json', 'missing-annotation-bbox.json'].includes(n));
    assert.ok(variants.length >= 20, `only ${variants.length} variants`);
    for (const name of variants) assert.ok(of(name).some((f) => f.severity === 'error'), `${name}: no error`);
    const codesOf = (name: string) => of(name).filter((f) => f.severity === 'error').map((f) => f.code);
    assert.deepEqual(codesOf('undeclared-label.json'), ['coco-unknown-category']);
    assert.deepEqual(codesOf('unknown-image-id.json'), ['coco-unknown-image']);
    assert.deepEqual(codesOf('missing-images.json'), ['coco-unknown-image']);
    assert.deepEqual(codesOf('missing-categories.json'), ['coco-unknown-category']);
    assert.deepEqual(codesOf('polygon-odd-points.json'), ['coco-polygon-odd-count']);
    assert.deepEqual(codesOf('polygon-2-points.json'), ['polygon-too-few-points']);
    assert.deepEqual(codesOf('bbox-5-values.json'), ['wrong-length']);
    assert.deepEqual(codesOf('annotation-id-wrong-type.json'), ['wrong-type']);
    assert.deepEqual(codesOf('missing-category-name.json'), ['missing-key']);
  });

  it("COCO: mmdetection's duplicate id, mmyolo's edge cases, CVAT's track across image sizes", async () => {
    const { findings } = await validateCorpus();
    const at = (file: string) => findings.filter((f) => f.file === file && f.severity !== 'information').map((f) => `${f.line} ${f.severity} ${f.code}`);
    assert.deepEqual(at('coco/mmdetection/coco_wrong_format_sample.json'), ['34 error coco-duplicate-id']);
    const mmyolo = ['36 warning coco-area-inconsistent', '107 warning bbox-zero-size', '127 error coco-unknown-category', '140 warning coco-area-inconsistent'];
    assert.deepEqual(at('coco/mmyolo/coco_sample.json'), mmyolo);
    assert.deepEqual(at('coco/mmyolo/coco_sample_color.json'), [...['10', '16', '22'].map((l) => `${l} warning duplicate-image`), ...mmyolo]);
    const tracks = findings.filter((f) => f.file === 'coco/cvat-export-tracks-mixed-sizes/annotations/instances_default.json');
    assert.ok(tracks.some((f) => f.code === 'coco-out-of-image' && /2666×3991/.test(f.message) && /2995/.test(f.message)), 'annotation 4 outside image 3');
    assert.ok(tracks.some((f) => f.code === 'coco-out-of-image' && /3646×2422/.test(f.message) && /3810\.9/.test(f.message)), 'annotation 8 outside image 4');
  });
});

/** datumaro's YOLOv8 exports of a train-only dataset (no `val:`). */
const YOLOV8 = ['yolov8', 'yolov8_oriented_boxes', 'yolov8_pose', 'yolov8_pose_two_values_per_point', 'yolov8_segmentation', 'yolov8_with_list_of_imgs', 'yolov8_with_list_of_names', 'yolov8_with_subset_txt'];

describe('real files: YOLO', { skip }, () => {
  let yolo: Promise<{ findings: CliFinding[]; checked: number }> | undefined;
  const validateYolo = () => (yolo ??= validatePaths([yoloCorpus], [], yoloCorpus));
  /** Folders SOURCES.md calls deliberately broken, or where warnings are fair. */
  const BROKEN = ['datumaro-error-tests/invalid-', 'datumaro-error-tests/undeclared-label/', 'datumaro/roboflow_yolo/data.yaml', ...YOLOV8.map((d) => `datumaro/${d}/data.yaml`)];
  const WARNINGS_FAIR = ['ultralytics-hub/dota8/', 'datumaro/annotations/', 'datumaro/kaggle_relaxed_yolo/'];

  it('the valid folders: no error and no warning; the label files were really checked', async () => {
    const { findings, checked } = await validateYolo();
    const bad = findings.filter((f) => (f.severity === 'error' || f.severity === 'warning') && !BROKEN.some((p) => f.file.startsWith(p)) && !WARNINGS_FAIR.some((p) => f.file.startsWith(p)));
    assert.deepEqual(bad.map((f) => `${f.file}:${f.line} ${f.severity} ${f.code}: ${f.message}`), []);
    assert.ok(checked >= 60, `only ${checked} label files checked`);
  });

  it('where warnings are fair, no error', async () => {
    const { findings } = await validateYolo();
    assert.deepEqual(findings.filter((f) => f.severity === 'error' && WARNINGS_FAIR.some((p) => f.file.startsWith(p))).map((f) => `${f.file}:${f.line} ${f.code}`), []);
  });

  it("datumaro's YOLO error tests: each broken label file gives its error on line 1", async () => {
    const { findings } = await validateYolo();
    const at = (folder: string) => findings.filter((f) => f.file === `datumaro-error-tests/${folder}/obj_train_data/a.txt` && f.severity === 'error').map((f) => [f.line, f.column, f.endColumn, f.code]);
    assert.deepEqual(at('invalid-line-format'), [[1, 1, 6, 'yolo-column-count']]);
    assert.deepEqual(at('undeclared-label'), [[1, 1, 3, 'yolo-unknown-class']]);
    // The field that is `a` in `0 0.5 0.5 0.5 0.5`: center x is the 2nd value, center y the 3rd, width the 4th, height the 5th.
    const field = (n: number) => [1, 3 + 4 * (n - 1), 4 + 4 * (n - 1), 'yolo-not-a-number'];
    assert.deepEqual(at('invalid-center-x'), [field(1)]);
    assert.deepEqual(at('invalid-center-y'), [field(2)]);
    assert.deepEqual(at('invalid-width'), [field(3)]);
    assert.deepEqual(at('invalid-height'), [field(4)]);
    assert.deepEqual(findings.filter((f) => f.file.startsWith('datumaro-error-tests/fixture/')), []);
  });

  it("the broken data.yaml files: roboflow_yolo's val folder that is not there, the YOLOv8 exports' missing val:", async () => {
    const { findings } = await validateYolo();
    const at = (file: string) => findings.filter((f) => f.file === file && f.severity !== 'information').map((f) => `${f.line} ${f.severity} ${f.code}`);
    assert.deepEqual(at('datumaro/roboflow_yolo/data.yaml'), ['2 error yolo-config-path-not-found']);
    for (const d of YOLOV8) assert.deepEqual(at(`datumaro/${d}/data.yaml`), ['1 error yolo-config-missing-key'], d);
    // The valid configs were checked, pairing included, and are clean; Ultralytics' standalone configs
    // name a root that only their download: makes, which is information.
    for (const f of ['ultralytics-hub/coco8/coco8.yaml', 'ultralytics-hub/coco8-seg/coco8-seg.yaml', 'ultralytics-hub/coco8-pose/coco8-pose.yaml', 'ultralytics-hub/dota8/dota8.yaml', 'roboflow-export/data.yaml']) assert.deepEqual(findings.filter((x) => x.file === f), [], f);
    for (const f of ['coco8.yaml', 'coco8-pose.yaml', 'coco8-multispectral.yaml']) assert.deepEqual(findings.filter((x) => x.file === `ultralytics-cfg/${f}`).map((x) => `${x.severity} ${x.code}`), ['information yolo-config-path-not-found'], f);
  });

  it('a README.txt in a folder named labels, and image lists, are not taken for label files', async () => {
    const { findings } = await validateYolo();
    assert.deepEqual(findings.filter((f) => /README\.txt$|(?:^|\/)(?:train|val|test)\.txt$/.test(f.file)), []);
  });
});
