// The preview's evaluation pairing (src/evaluation/previewPairing.ts): images paired the way
// compare pairs them, the per-image matching equal to compare's, the walk to the next FP/FN through
// the images (wrapping, both directions, from a selection on either side), where each annotation
// is in its file, and the role guessed from the content. And the page's evaluation messages checked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCoco, readCocoResults, readMetaLake } from '../../src/evaluation/adapters';
import { compareSets } from '../../src/evaluation/compare';
import { annotationPath, EvaluationPairing, guessRole } from '../../src/evaluation/previewPairing';
import { locatePaths } from '../../src/core/jsonScan';
import { checkWebviewMessage } from '../../src/preview/host/messages';

type Ann = Record<string, unknown>;
const box = (x: number, y: number, w: number, h: number, label = 'a', confidence?: number): Ann => ({ type: 'rectangle', bbox: [x, y, w, h], label, ...(confidence === undefined ? {} : { confidence }) });
const doc = (images: [string, Ann[]][]) => ({ images: images.map(([image, annotations]) => ({ image, annotations })) });

const truthDoc = doc([
  ['a.jpg', [box(0, 0, 10, 10), box(20, 0, 10, 10), { type: 'polygon', polygon: [[0, 0], [5, 0], [5, 5]], label: 'a' }]],
  ['b.jpg', []],
  ['dir/c.jpg', [box(0, 0, 10, 10, 'b')]],
]);
const predDoc = doc([
  ['a.jpg', [box(0, 0, 10, 10, 'a', 0.9), box(50, 50, 5, 5, 'a', 0.8)]],
  ['b.jpg', [box(1, 1, 5, 5, 'a', 0.7)]],
  // paired with dir/c.jpg by its base name, as compare pairs it
  ['c.jpg', [box(0, 0, 10, 10, 'b', 0.6), box(0, 0, 10, 9, 'b', 0.5)]],
]);

describe('preview evaluation pairing', () => {
  const truth = readMetaLake(truthDoc);
  const preds = readMetaLake(predDoc);

  it('pairs images as compare does and matches each as compare does, from either side', () => {
    const report = compareSets(truth, preds, { details: true });
    const own = new EvaluationPairing(truth, preds, 'truth');
    for (const m of report.matches!) {
      const got = own.matchAt(m.image, { iou: 0.5 });
      // own truth ids are annotation indexes in the image; other (prediction) ids their position in the file
      assert.deepEqual(got.falsePositives, m.falsePositives, `FP of ${m.key}`);
      assert.deepEqual(got.falseNegatives, m.falseNegatives.map((o) => truth.images[m.image].annotations.find((a) => a.order === o)!.index));
    }
    assert.deepEqual(own.otherImages(2).map((im) => im.key), ['c.jpg']);
    // From the predictions' side: the same counts.
    const rev = new EvaluationPairing(preds, truth, 'predictions');
    const total = (p: EvaluationPairing) => [0, 1, 2].map((i) => p.matchAt(i, { iou: 0.5 })).reduce((s, m) => [s[0] + m.pairs.length, s[1] + m.falsePositives.length, s[2] + m.falseNegatives.length], [0, 0, 0]);
    assert.deepEqual(total(rev), [report.result.overall.tp, report.result.overall.fp, report.result.overall.fn]);
    assert.deepEqual(total(own), [report.result.overall.tp, report.result.overall.fp, report.result.overall.fn]);
    // Only rectangles count: the polygon is no FN.
    assert.equal(own.imageBoxes(0).truth.length, 2);
  });

  it('steps to the next and previous FP/FN through the images, wrapping, from a selection on either side', () => {
    const p = new EvaluationPairing(truth, preds, 'truth');
    const params = { iou: 0.5 };
    // FPs: a.jpg prediction #1 (order 1), b.jpg #0 (order 2), c.jpg #1 (order 4); FNs: a.jpg truth 1.
    assert.deepEqual(p.step('fp', 1, { image: 0 }, 3, params), { image: 0, side: 'other', id: 1 });
    assert.deepEqual(p.step('fp', 1, { image: 0, side: 'other', id: 1 }, 3, params), { image: 1, side: 'other', id: 2 });
    assert.deepEqual(p.step('fp', 1, { image: 1, side: 'other', id: 2 }, 3, params), { image: 2, side: 'other', id: 4 });
    assert.deepEqual(p.step('fp', 1, { image: 2, side: 'other', id: 4 }, 3, params), { image: 0, side: 'other', id: 1 }, 'wraps');
    assert.deepEqual(p.step('fp', -1, { image: 0, side: 'other', id: 1 }, 3, params), { image: 2, side: 'other', id: 4 }, 'back, wrapping');
    // From a FN selected (the other side): the first FP of that image.
    assert.deepEqual(p.step('fp', 1, { image: 0, side: 'own', id: 1 }, 3, params), { image: 0, side: 'other', id: 1 });
    // The only FN, from itself: itself again after a full turn.
    assert.deepEqual(p.step('fn', 1, { image: 0, side: 'own', id: 1 }, 3, params), { image: 0, side: 'own', id: 1 });
    assert.deepEqual(p.step('fn', 1, { image: 1 }, 3, params), { image: 0, side: 'own', id: 1 });
    // A confidence cut drops the low predictions (their truths become FN), a hidden label leaves the walk.
    assert.deepEqual(p.step('fp', 1, { image: 0, side: 'other', id: 1 }, 3, { iou: 0.5, minConfidence: 0.85 }), undefined);
    assert.deepEqual(p.step('fn', 1, { image: 0, side: 'own', id: 1 }, 3, { iou: 0.5, minConfidence: 0.85 }), { image: 2, side: 'own', id: 0 });
    assert.deepEqual(p.step('fp', 1, { image: 1, side: 'other', id: 2 }, 3, { iou: 0.5, hidden: ['a'] }), { image: 2, side: 'other', id: 4 });
    assert.equal(p.step('fp', 1, { image: 0 }, 0, params), undefined);
  });

  it('finds each annotation in its file, MetaLake and COCO', () => {
    const p = new EvaluationPairing(truth, preds, 'truth');
    const text = JSON.stringify(predDoc, null, 2);
    const at = p.locate(2, 'other', 4)!;
    assert.deepEqual(at.path, ['images', 2, 'annotations', 1]);
    const range = locatePaths(text, [at.path]).get(at.path)!;
    assert.deepEqual(JSON.parse(text.slice(range.start, range.end)), predDoc.images[2].annotations[1]);
    assert.deepEqual(p.locate(0, 'own', 1)!.path, ['images', 0, 'annotations', 1]);
    assert.equal(p.locate(0, 'own', 7), undefined);
    const coco = readCoco({ images: [{ id: 1, file_name: 'a.jpg', width: 10, height: 10 }], categories: [{ id: 1, name: 'a' }], annotations: [{ id: 9, image_id: 1, category_id: 1, bbox: [0, 0, 1, 1], area: 1, iscrowd: 0 }] });
    assert.deepEqual(annotationPath(coco, coco.images[0], coco.images[0].annotations[0]), ['annotations', 0]);
    const results = readCocoResults([{ image_id: 1, category_id: 1, bbox: [0, 0, 1, 1], score: 0.5 }], coco);
    if (typeof results === 'string') assert.fail(results);
    assert.deepEqual(annotationPath(results, results.images[0], results.images[0].annotations[0]), [0]);
  });

  it('guesses the role: confidences or a results list mean predictions, none mean truth, a mix asks', () => {
    assert.equal(guessRole(truth), 'truth');
    assert.equal(guessRole(preds), 'predictions');
    assert.equal(guessRole(readMetaLake(doc([['a.jpg', [box(0, 0, 1, 1), box(0, 0, 1, 1, 'a', 0.5)]]]))), undefined);
    assert.equal(guessRole(readMetaLake(doc([['a.jpg', []]]))), undefined);
  });
});

describe('preview evaluation messages', () => {
  const limits = { images: 3, shapes: () => 2 };
  it('accepts well-formed ones and refuses the rest', () => {
    assert.deepEqual(checkWebviewMessage({ type: 'evalIou', iou: 0.75 }, limits), { ok: true, message: { type: 'evalIou', iou: 0.75 } });
    assert.equal(checkWebviewMessage({ type: 'evalIou', iou: 2 }, limits).ok, false);
    const step = { type: 'evalStep', kind: 'fp', direction: 1, image: 2, iou: 0.5, hidden: ['car'], side: 'other', id: 4, minConfidence: 0.3, extra: 'dropped' };
    assert.deepEqual(checkWebviewMessage(step, limits), { ok: true, message: { type: 'evalStep', kind: 'fp', direction: 1, image: 2, iou: 0.5, hidden: ['car'], side: 'other', id: 4, minConfidence: 0.3 } });
    for (const bad of [{ kind: 'tp' }, { direction: 2 }, { image: 3 }, { side: 'both' }, { id: -1 }, { hidden: [1] }, { hidden: 'car' }, { minConfidence: 'x' }]) {
      assert.equal(checkWebviewMessage({ ...step, ...bad }, limits).ok, false, JSON.stringify(bad));
    }
    assert.equal(checkWebviewMessage({ type: 'evalReveal', image: 0, side: 'own', id: 1 }, limits).ok, true);
    assert.equal(checkWebviewMessage({ type: 'evalReveal', image: 5, side: 'own', id: 1 }, limits).ok, false);
    assert.deepEqual(checkWebviewMessage({ type: 'evalPick', x: 1 }, limits), { ok: true, message: { type: 'evalPick' } });
  });
});
