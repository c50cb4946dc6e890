// Published figures: `compare`'s engine against the results other evaluators publish for the same
// data (../shared/eval-references/, one folder per source, each with truth.json, predictions.json
// and published.json). Each figure is reproduced with its source's convention:
// - pycocotools (and torchmetrics / faster_coco_eval, which match it): recall sampled at
//   np.linspace(0, 1, 101) and IoU thresholds np.linspace(.5, .95, 10) (`linspace` conventions);
//   the default exact i/100 points are also checked on them, within 1e-3 (the README's 0.503732 vs 0.503647);
// - Padilla's Object-Detection-Metrics (method.interp voc-all / voc11): +1 pixel in IoU, VOC matching
//   (a prediction whose best truth is taken is a FP) and VOC interpolation, at method.iou.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { readAnnotationSet } from '../../src/evaluation/adapters';
import { compareSets, type CompareReport, type Conventions } from '../../src/evaluation/compare';
import type { AnnotationSet } from '../../src/evaluation/types';
import { repoRoot } from './helpers';

const refsRoot = path.resolve(repoRoot, '..', 'shared', 'eval-references', 'refs');

interface Figure {
  what: string;
  value: number | number[] | null;
  tol?: number;
  source: string;
  method: { metric?: string; thr?: number; label?: string; interp?: 'voc-all' | 'voc11'; iou?: number; counts?: boolean };
}

function load(file: string): AnnotationSet {
  const set = readAnnotationSet(JSON.parse(fs.readFileSync(file, 'utf8')));
  assert.notEqual(typeof set, 'string', `${file}: ${String(set)}`);
  return set as AnnotationSet;
}

const COCO: Conventions = { recallPoints: 'linspace', iouThresholds: 'linspace' };

/** The value the figure's method names, computed by the engine. */
function compute(truth: AnnotationSet, predictions: AnnotationSet, f: Figure, base: Conventions): number | number[] | null | undefined {
  const m = f.method;
  if (m.interp) {
    const iou = m.iou ?? 0.5;
    const report = compareSets(truth, predictions, { iou, conventions: { ...base, interpolation: m.interp, matching: 'voc', pixelPlusOne: true } });
    const labels = report.result.labels.filter((l) => l.truth > 0);
    if (m.counts) return [report.result.overall.tp, report.result.overall.fp];
    // Padilla's sample has one class; its AP is that class's.
    assert.equal(labels.length, 1, `${f.what}: one label expected`);
    return report.apAt(labels[0].label, iou);
  }
  const report: CompareReport = compareSets(truth, predictions, { iou: m.iou ?? 0.5, conventions: base });
  switch (m.metric) {
    case 'map':
      return report.result.overall.map;
    case 'map50':
      return report.result.overall.map50;
    case 'map_at':
      return report.mapAt(m.thr!);
    case 'label_ap': {
      const l = report.result.labels.find((x) => x.label === m.label);
      // A label without truth (pycocotools -1) has null AP; one on neither side is not listed.
      return l ? l.ap : null;
    }
    case 'label_ap50':
      return report.result.labels.find((x) => x.label === m.label)?.ap50 ?? null;
    default:
      assert.fail(`${f.what}: a method this test does not know (${JSON.stringify(m)}); teach the test its convention`);
  }
}

function check(actual: number | number[] | null | undefined, f: Figure, tol: number): void {
  const where = `${f.what} (${f.source})`;
  if (f.value === null) return assert.equal(actual, null, where);
  if (Array.isArray(f.value)) return assert.deepEqual(actual, f.value, where);
  assert.equal(typeof actual, 'number', `${where}: got ${String(actual)}`);
  assert.ok(Math.abs((actual as number) - f.value) <= tol, `${where}: ${actual} vs published ${f.value} (tolerance ${tol})`);
}

const folders = fs.existsSync(refsRoot) ? fs.readdirSync(refsRoot).filter((d) => fs.existsSync(path.join(refsRoot, d, 'published.json'))).sort() : [];

describe('evaluation: published figures (../shared/eval-references)', () => {
  if (folders.length === 0) {
    it('skipped: the published references are absent', (t) => {
      t.skip(`no fixtures at ${refsRoot}`);
    });
    return;
  }
  it('has the references this test was written against', () => {
    for (const d of ['coco-sample', 'detectron2', 'mmdet-dummy', 'padilla', 'torchmetrics', 'torchmetrics-one-box']) assert.ok(folders.includes(d), d);
  });
  for (const dir of folders) {
    it(`reproduces every published figure of ${dir}`, () => {
      const truth = load(path.join(refsRoot, dir, 'truth.json'));
      const predictions = load(path.join(refsRoot, dir, 'predictions.json'));
      const { figures } = JSON.parse(fs.readFileSync(path.join(refsRoot, dir, 'published.json'), 'utf8')) as { figures: Figure[] };
      assert.ok(figures.length > 0);
      for (const f of figures) {
        check(compute(truth, predictions, f, COCO), f, f.tol ?? 1e-9);
        // The issue's own rule (recall at exact i/100) stays within 1e-3 of the COCO-style figures.
        if (!f.method.interp) check(compute(truth, predictions, f, {}), f, Math.max(f.tol ?? 0, 1e-3));
      }
    });
  }
});
