// The preview's per-image matcher (src/evaluation/imageMatch.ts) against compare.ts: on random
// images with ties, duplicates, labels on one side, crowd regions and thresholds at a pair's exact
// IoU, both say the same TP, FP and FN; and the precision-recall curves compare returns are the
// ones its AP integrates.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'node:test';
import { readCoco, readMetaLake } from '../../src/evaluation/adapters';
import { compareSets, sampleCurve } from '../../src/evaluation/compare';
import { iouOfBoxes, ImageMatcher, matchBoxesOf, matchImage } from '../../src/evaluation/imageMatch';
import { boxIou } from '../../src/annotations/iou';

type Ann = Record<string, unknown>;
const box = (x: number, y: number, w: number, h: number, label = 'a', confidence?: number): Ann => ({ type: 'rectangle', bbox: [x, y, w, h], label, ...(confidence === undefined ? {} : { confidence }) });
const set = (images: [string, Ann[]][]) => readMetaLake({ images: images.map(([image, annotations]) => ({ image, annotations })) });

/** Boxes on a coarse grid, so equal IoUs, equal confidences and duplicates are common. */
const annArb = (withConfidence: boolean) =>
  fc.record({
    x: fc.integer({ min: 0, max: 6 }),
    y: fc.integer({ min: 0, max: 6 }),
    w: fc.integer({ min: 1, max: 5 }),
    h: fc.integer({ min: 1, max: 5 }),
    label: fc.constantFrom('a', 'b', 'c'),
    confidence: withConfidence ? fc.option(fc.constantFrom(0.2, 0.5, 0.5, 0.9, 1), { nil: undefined }) : fc.constant(undefined),
    type: fc.constantFrom('rectangle', 'rectangle', 'rectangle', 'polygon'),
  }).map((r): Ann => (r.type === 'polygon' ? { type: 'polygon', polygon: [[r.x, r.y], [r.x + r.w, r.y], [r.x, r.y + r.h]], label: r.label } : box(r.x * 2, r.y * 2, r.w * 2, r.h * 2, r.label, r.confidence)));

const imagesArb = fc.array(fc.tuple(fc.array(annArb(false), { maxLength: 7 }), fc.array(annArb(true), { maxLength: 8 })), { minLength: 1, maxLength: 4 });

describe('per-image matcher', () => {
  it('gives the TP, FP and FN of compare at any threshold, including a pair\'s exact IoU and just beside it', () => {
    fc.assert(
      fc.property(imagesArb, fc.constantFrom(0, 0.1, 0.3, 0.5, 0.75, 0.95, 1), fc.nat(), (images, fixed, pick) => {
        const truth = set(images.map(([t], i) => [`i${i}.jpg`, t]));
        const preds = set(images.map(([, p], i) => [`i${i}.jpg`, p]));
        // Thresholds at an IoU that occurs, and one ulp-ish beside it.
        const ious: number[] = [];
        truth.images.forEach((im, i) => {
          for (const t of im.annotations) for (const p of preds.images[i].annotations) if (t.box && p.box && t.label === p.label) ious.push(boxIou(t.box, p.box));
        });
        const exact = ious.length ? ious[pick % ious.length] : 0.5;
        for (const iou of [fixed, exact, exact + 1e-9, exact - 1e-9].filter((v) => v >= 0 && v <= 1)) {
          const r = compareSets(truth, preds, { iou, details: true });
          for (const m of r.matches!) {
            const got = matchImage(matchBoxesOf(truth.images[m.image].annotations, (a) => a.order!), matchBoxesOf(preds.images[m.image].annotations, (a) => a.order!), iou);
            assert.deepEqual(got.pairs.map((p) => [p.truth, p.prediction]).sort((x, y) => x[1] - y[1]), m.pairs.map((p) => [p.truth, p.prediction]), `pairs at ${iou}`);
            assert.deepEqual(got.falsePositives, m.falsePositives, `FP at ${iou}`);
            assert.deepEqual(got.falseNegatives, m.falseNegatives, `FN at ${iou}`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a confidence cut equals compare on the predictions at or above it', () => {
    fc.assert(
      fc.property(imagesArb, fc.constantFrom(0.3, 0.5, 0.6, 0.95), fc.constantFrom(0.3, 0.5), (images, cut, iou) => {
        const truth = set(images.map(([t], i) => [`i${i}.jpg`, t]));
        const kept = images.map(([, p], i): [string, Ann[]] => [`i${i}.jpg`, p.filter((a) => ((a.confidence as number | undefined) ?? 1) >= cut)]);
        const r = compareSets(truth, set(kept), { iou, details: true });
        const all = set(images.map(([, p], i) => [`i${i}.jpg`, p]));
        for (const m of r.matches!) {
          const matcher = new ImageMatcher(matchBoxesOf(truth.images[m.image].annotations, (a) => a.order!), matchBoxesOf(all.images[m.image].annotations));
          const got = matcher.match(iou, cut);
          assert.deepEqual(got.falseNegatives, m.falseNegatives);
          assert.equal(got.pairs.length, m.pairs.length);
          assert.equal(got.falsePositives.length, m.falsePositives.length);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the worked cases: ties go to the first truth, a missing confidence is 1.0, labels stay apart', () => {
    // Two truths at IoU 1/3 each with the prediction: the first in file order takes it.
    const tie = matchImage([{ index: 0, label: 'a', box: [0, 0, 10, 10] }, { index: 1, label: 'a', box: [10, 0, 10, 10] }], [{ index: 0, label: 'a', box: [5, 0, 10, 10], confidence: 0.9 }], 0.3);
    assert.deepEqual(tie.pairs, [{ truth: 0, prediction: 0, iou: 1 / 3 }]);
    assert.deepEqual(tie.falseNegatives, [1]);
    // No confidence ranks first (1.0): it takes the truth, the 0.99 one is a FP.
    const missing = matchImage([{ index: 0, label: 'a', box: [0, 0, 10, 10] }], [{ index: 0, label: 'a', box: [0, 0, 10, 6], confidence: 0.99 }, { index: 1, label: 'a', box: [0, 0, 10, 9] }], 0.5);
    assert.deepEqual(missing.pairs.map((p) => p.prediction), [1]);
    assert.deepEqual(missing.falsePositives, [0]);
    // Another label never matches.
    const other = matchImage([{ index: 0, label: 'a', box: [0, 0, 10, 10] }], [{ index: 0, label: 'b', box: [0, 0, 10, 10] }], 0.5);
    assert.deepEqual([other.pairs.length, other.falsePositives, other.falseNegatives], [0, [0], [0]]);
    // The threshold just above a pair's IoU turns the TP into a FP and a FN.
    const pair = [{ index: 0, label: 'a', box: [0, 0, 10, 10] }];
    const pred = [{ index: 0, label: 'a', box: [2, 0, 10, 10], confidence: 0.8 }];
    const v = iouOfBoxes(pair[0].box, pred[0].box);
    assert.equal(v, 80 / 120);
    assert.equal(matchImage(pair, pred, v).pairs.length, 1);
    assert.deepEqual(matchImage(pair, pred, v + 1e-12), { pairs: [], falsePositives: [0], falseNegatives: [0], ignored: [] });
  });

  it('a prediction left over on a crowd region is ignored, as compare ignores it', () => {
    const coco = (anns: Ann[]) => readCoco({ images: [{ id: 1, file_name: 'a.jpg', width: 100, height: 100 }], categories: [{ id: 1, name: 'p' }], annotations: anns });
    const truth = coco([
      { id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 },
      { id: 2, image_id: 1, category_id: 1, bbox: [50, 50, 40, 40], area: 1600, iscrowd: 1 },
    ]);
    const preds = coco([
      { id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], area: 100, score: 0.9 },
      { id: 2, image_id: 1, category_id: 1, bbox: [60, 60, 10, 10], area: 100, score: 0.8 },
      { id: 3, image_id: 1, category_id: 1, bbox: [20, 20, 5, 5], area: 25, score: 0.7 },
    ]);
    const r = compareSets(truth, preds, { details: true });
    const got = matchImage(matchBoxesOf(truth.images[0].annotations, (a) => a.order!), matchBoxesOf(preds.images[0].annotations, (a) => a.order!), 0.5);
    assert.deepEqual(got.falsePositives, r.matches![0].falsePositives);
    assert.deepEqual(got.ignored, [1]);
    assert.equal(r.result.overall.fp, 1);
  });
});

describe('precision-recall curves', () => {
  it('sampled at the 101 recall points, each label\'s curve averages to its AP at that IoU', () => {
    fc.assert(
      fc.property(imagesArb, fc.constantFrom(0.5, 0.75, 0.62), (images, iou) => {
        const truth = set(images.map(([t], i) => [`i${i}.jpg`, t]));
        const preds = set(images.map(([, p], i) => [`i${i}.jpg`, p]));
        const r = compareSets(truth, preds, { iou, curves: true });
        assert.deepEqual(r.curves!.map((c) => c.label), r.result.labels.map((l) => l.label));
        for (const c of r.curves!) {
          const ap = r.apAt(c.label, iou);
          if (c.truths === 0) {
            assert.equal(ap, null);
            continue;
          }
          const samples = sampleCurve(c);
          assert.equal(samples.length, 101);
          assert.ok(Math.abs(samples.reduce((s, v) => s + v, 0) / 101 - (ap as number)) < 1e-12, `${c.label}: ${ap}`);
          // The last point is the label's recall and precision at this IoU, over all confidences.
          const l = r.result.labels.find((x) => x.label === c.label)!;
          if (c.recall.length) {
            assert.equal(c.recall[c.recall.length - 1], l.recall);
            assert.equal(c.precision[c.precision.length - 1], l.precision);
          }
          for (let i = 1; i < c.confidence.length; i++) assert.ok(c.confidence[i] <= c.confidence[i - 1], 'ranked by confidence');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a worked curve: TP, FP, TP over two truths', () => {
    const r = compareSets(set([['i.jpg', [box(0, 0, 10, 10), box(20, 0, 10, 10)]]]), set([['i.jpg', [box(0, 0, 10, 10, 'a', 0.9), box(50, 50, 5, 5, 'a', 0.8), box(20, 0, 10, 10, 'a', 0.7)]]]), { curves: true });
    const c = r.curves![0];
    assert.deepEqual(c.recall, [0.5, 0.5, 1]);
    assert.deepEqual(c.precision, [1, 0.5, 2 / 3]);
    assert.deepEqual(c.interpolated, [1, 2 / 3, 2 / 3]);
    assert.deepEqual(c.confidence, [0.9, 0.8, 0.7]);
  });
});
