// The matching and AP rules of `datum-studio compare` (src/evaluation/compare.ts), on sets built by
// hand so every expected number can be worked out on paper (the comments do).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'node:test';
import * as clipping from 'polygon-clipping';
import { readCoco, readCocoResults, readMetaLake } from '../../src/evaluation/adapters';
import { averagePrecision, compareSets, type CompareOptions, type LabelResult } from '../../src/evaluation/compare';
import { boxIou, regionArea, toRegion } from '../../src/annotations/iou';

type Ann = Record<string, unknown>;
const box = (x: number, y: number, w: number, h: number, label = 'a', confidence?: number): Ann => ({ type: 'rectangle', bbox: [x, y, w, h], label, ...(confidence === undefined ? {} : { confidence }) });
const poly = (points: number[][], label = 'a', confidence?: number): Ann => ({ type: 'polygon', polygon: points, label, ...(confidence === undefined ? {} : { confidence }) });
const set = (images: [string, Ann[]][]) => readMetaLake({ images: images.map(([image, annotations]) => ({ image, annotations })) });
const run = (truth: [string, Ann[]][], preds: [string, Ann[]][], options: CompareOptions = {}) => compareSets(set(truth), set(preds), options);
const label = (r: ReturnType<typeof run>, name: string): LabelResult => {
  const l = r.result.labels.find((x) => x.label === name);
  assert.ok(l, `label ${name} listed`);
  return l;
};

describe('evaluation: IoU', () => {
  it('is intersection over union with w and h as given (no +1)', () => {
    assert.equal(boxIou([0, 0, 10, 10], [5, 0, 10, 10]), 50 / 150);
    assert.equal(boxIou([0, 0, 10, 10], [10, 0, 10, 10]), 0, 'touching boxes share no area');
    assert.equal(boxIou([0, 0, 10, 10], [0, 0, 10, 10]), 1);
    assert.equal(boxIou([0, 0, 0, 0], [0, 0, 0, 0]), 0, 'empty boxes: 0, not NaN');
    // The VOC convention (tests only): (5+1)*(10+1) / (2*11*11 - 66)
    assert.equal(boxIou([0, 0, 10, 10], [5, 0, 10, 10], true), 66 / 176);
  });

  it('polygon areas count each covered point once, as a mask would', () => {
    // A bow tie crosses itself: two triangles of 25 (the shoelace formula would say 0).
    assert.equal(regionArea(toRegion([[[0, 0], [10, 10], [10, 0], [0, 10]]])), 50);
    // Two parts overlapping by 50: 150, not 200.
    assert.equal(regionArea(toRegion([[[0, 0], [10, 0], [10, 10], [0, 10]], [[5, 0], [15, 0], [15, 10], [5, 10]]])), 150);
    assert.equal(regionArea(toRegion([[[0, 0], [5, 5], [10, 10]]])), 0, 'collinear points: no area');
  });

  it('the shoelace shortcut for simple outlines agrees with clipping on any outline', () => {
    const shoelace = (ring: number[][]) => Math.abs(ring.reduce((s, p, i) => s + p[0] * ring[(i + 1) % ring.length][1] - ring[(i + 1) % ring.length][0] * p[1], 0)) / 2;
    const point = fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }));
    fc.assert(fc.property(fc.array(point, { minLength: 3, maxLength: 9 }), (ring) => {
      let reference: number;
      try {
        reference = clipping.union([ring]).reduce((s, polygon) => s + polygon.reduce((a, r, i) => a + (i === 0 ? 1 : -1) * shoelace(r), 0), 0);
      } catch {
        return true; // clipping gives up on some degenerate outlines; regionArea then falls back
      }
      return Math.abs(regionArea(toRegion([ring])) - reference) < 1e-9;
    }), { numRuns: 2000 });
  });
});

describe('evaluation: matching', () => {
  it('counts a pair at exactly the threshold and not just above it', () => {
    // [0,0,10,10] vs [0,0,10,5]: intersection 50, union 100: IoU 0.5 exactly.
    const truth: [string, Ann[]][] = [['i.jpg', [box(0, 0, 10, 10)]]];
    const preds: [string, Ann[]][] = [['i.jpg', [box(0, 0, 10, 5, 'a', 0.9)]]];
    const at = label(run(truth, preds, { iou: 0.5 }), 'a');
    assert.deepEqual([at.tp, at.fp, at.fn, at.precision, at.recall], [1, 0, 0, 1, 1]);
    assert.equal(at.ap50, 1);
    const above = label(run(truth, preds, { iou: 0.5000001 }), 'a');
    assert.deepEqual([above.tp, above.fp, above.fn, above.precision, above.recall], [0, 1, 1, 0, 0]);
    const below = label(run(truth, preds, { iou: 0.4999999 }), 'a');
    assert.equal(below.tp, 1);
    // Just under 0.5: no longer a match at AP50.
    const under = label(run(truth, [['i.jpg', [box(0, 0, 10, 4.99, 'a', 0.9)]]]), 'a');
    assert.equal(under.ap50, 0);
    assert.equal(under.tp, 0);
  });

  it('ap averages the ten thresholds 0.50..0.95, each matching at ≥', () => {
    // IoU 0.7 exactly: a match at 0.50, 0.55, 0.60, 0.65, 0.70; not at 0.75..0.95 → 5/10.
    const r = run([['i.jpg', [box(0, 0, 10, 10)]]], [['i.jpg', [box(0, 0, 10, 7, 'a', 0.5)]]]);
    assert.equal(label(r, 'a').ap, 0.5);
    assert.equal(r.apAt('a', 0.7), 1);
    assert.equal(r.apAt('a', 0.75), 0);
  });

  it('takes predictions in descending confidence: a duplicate is a FP even with the better IoU', () => {
    // Second in the file but more confident, IoU 0.8: it takes the truth; the exact copy (IoU 1) is a duplicate.
    const r = run([['i.jpg', [box(0, 0, 10, 10)]]], [['i.jpg', [box(0, 0, 10, 10, 'a', 0.5), box(0, 0, 10, 8, 'a', 0.9)]]], { details: true });
    const a = label(r, 'a');
    assert.deepEqual([a.truth, a.predictions, a.tp, a.fp, a.fn], [1, 2, 1, 1, 0]);
    assert.equal(a.precision, 0.5);
    // ranked TP then FP: precision 1 at recall 1 → AP 1
    assert.equal(a.ap50, 1);
    assert.deepEqual(r.matches![0].pairs.map((p) => [p.truth, p.prediction]), [[0, 1]]);
    assert.deepEqual(r.matches![0].falsePositives, [0]);
    assert.ok(Math.abs(r.matches![0].pairs[0].iou - 0.8) < 1e-12);
  });

  it('breaks equal confidences by file order, and a missing confidence counts as 1.0', () => {
    // Same confidence: the first in the file (IoU 0.6) takes the truth before the better second (IoU 0.9).
    const tie = run([['i.jpg', [box(0, 0, 10, 10)]]], [['i.jpg', [box(0, 0, 10, 6, 'a', 0.7), box(0, 0, 10, 9, 'a', 0.7)]]], { details: true });
    assert.deepEqual(tie.matches![0].pairs.map((p) => p.prediction), [0]);
    // No confidence (= 1.0) outranks 0.99, whatever the file order.
    const missing = run([['i.jpg', [box(0, 0, 10, 10)]]], [['i.jpg', [box(0, 0, 10, 6, 'a', 0.99), box(0, 0, 10, 9)]]], { details: true });
    assert.deepEqual(missing.matches![0].pairs.map((p) => p.prediction), [1]);
    // `score` is read when there is no `confidence`.
    const score = run([['i.jpg', [box(0, 0, 10, 10)]]], [['i.jpg', [box(0, 0, 10, 6, 'a', 0.5), { type: 'rectangle', bbox: [0, 0, 10, 9], label: 'a', score: 0.2 }]]], { details: true });
    assert.deepEqual(score.matches![0].pairs.map((p) => p.prediction), [0]);
  });

  it('gives an exact IoU tie between truths to the first truth in file order', () => {
    // [5,0,10,10] overlaps both truths by 50: IoU 1/3 each.
    const r = run([['i.jpg', [box(0, 0, 10, 10), box(10, 0, 10, 10)]]], [['i.jpg', [box(5, 0, 10, 10, 'a', 0.9)]]], { iou: 0.3, details: true });
    assert.deepEqual(r.matches![0].pairs.map((p) => p.truth), [0]);
    assert.deepEqual(r.matches![0].falseNegatives, [1]);
    // Reversed file order, reversed winner: it is the order, not the geometry.
    const rev = run([['i.jpg', [box(10, 0, 10, 10), box(0, 0, 10, 10)]]], [['i.jpg', [box(5, 0, 10, 10, 'a', 0.9)]]], { iou: 0.3, details: true });
    assert.deepEqual(rev.matches![0].pairs.map((p) => p.truth), [0]);
    assert.deepEqual(rev.matches![0].falseNegatives, [1]);
  });

  it('lets a later prediction take the best truth still unmatched', () => {
    // p1 takes A (IoU 1); p2's best is A (IoU 0.8), already taken, so it takes B (IoU 0.6).
    const truth: [string, Ann[]][] = [['i.jpg', [box(0, 0, 10, 10), box(0, 2, 10, 10)]]];
    const preds: [string, Ann[]][] = [['i.jpg', [box(0, 0, 10, 10, 'a', 0.9), box(0, 0, 10, 8, 'a', 0.8)]]];
    const r = run(truth, preds, { details: true });
    assert.deepEqual(r.matches![0].pairs.map((p) => [p.prediction, p.truth]), [[0, 0], [1, 1]]);
    assert.equal(label(r, 'a').tp, 2);
    // The VOC convention (tests only) does not: p2's best truth is taken, so it is a FP.
    const voc = run(truth, preds, { conventions: { matching: 'voc' } });
    assert.deepEqual([label(voc, 'a').tp, label(voc, 'a').fp], [1, 1]);
  });

  it('matches only the same label', () => {
    const r = run([['i.jpg', [box(0, 0, 10, 10, 'cat')]]], [['i.jpg', [box(0, 0, 10, 10, 'dog', 0.9)]]]);
    assert.deepEqual([label(r, 'cat').fn, label(r, 'dog').fp], [1, 1]);
  });

  it('lists labels on one side only: truth-only AP 0, predictions-only truth 0 and out of the means', () => {
    const r = run(
      [['i.jpg', [box(0, 0, 10, 10, 'both'), box(50, 50, 10, 10, 'truthOnly')]]],
      [['i.jpg', [box(0, 0, 10, 10, 'both', 0.9), box(80, 80, 10, 10, 'predOnly', 0.8)]]],
      { details: true },
    );
    // who is what, by file order: truth 1 (truthOnly) unfound, prediction 1 (predOnly) wrong
    assert.deepEqual(r.matches, [{ image: 0, key: 'i.jpg', pairs: [{ truth: 0, prediction: 0, label: 'both', iou: 1 }], falsePositives: [1], falseNegatives: [1] }]);
    assert.deepEqual(r.result.labels.map((l) => l.label), ['both', 'predOnly', 'truthOnly']);
    assert.deepEqual(label(r, 'truthOnly'), { label: 'truthOnly', truth: 1, predictions: 0, tp: 0, fp: 0, fn: 1, precision: null, recall: 0, ap50: 0, ap: 0 });
    assert.deepEqual(label(r, 'predOnly'), { label: 'predOnly', truth: 0, predictions: 1, tp: 0, fp: 1, fn: 0, precision: 0, recall: null, ap50: null, ap: null });
    // means over 'both' (1) and 'truthOnly' (0)
    assert.deepEqual(r.result.overall, { truth: 2, predictions: 2, tp: 1, fp: 1, fn: 1, map50: 0.5, map: 0.5 });
  });

  it('gives null where nothing is defined', () => {
    const none = run([['i.jpg', []]], [['i.jpg', []]]);
    assert.deepEqual(none.result, { iou: 0.5, labels: [], overall: { truth: 0, predictions: 0, tp: 0, fp: 0, fn: 0, map50: null, map: null } });
    const noTruth = run([['i.jpg', []]], [['i.jpg', [box(0, 0, 1, 1, 'a', 0.5)]]]);
    assert.equal(noTruth.result.overall.map, null);
    assert.equal(label(noTruth, 'a').recall, null);
  });

  it('ranks equal confidences in different images in predictions-file order', () => {
    // One truth (image t.jpg); an FP on f.jpg and a TP on t.jpg, both 0.5.
    const truth: [string, Ann[]][] = [['f.jpg', []], ['t.jpg', [box(0, 0, 10, 10)]]];
    const fpFirst = run(truth, [['f.jpg', [box(0, 0, 10, 10, 'a', 0.5)]], ['t.jpg', [box(0, 0, 10, 10, 'a', 0.5)]]]);
    // FP then TP: precision [0, 0.5] → envelope 0.5 everywhere up to recall 1 → AP 0.5
    assert.equal(label(fpFirst, 'a').ap50, 0.5);
    const tpFirst = run(truth, [['t.jpg', [box(0, 0, 10, 10, 'a', 0.5)]], ['f.jpg', [box(0, 0, 10, 10, 'a', 0.5)]]]);
    assert.equal(label(tpFirst, 'a').ap50, 1);
  });

  it('matches images by name, else by base name; predictions on images the truth lacks are left out', () => {
    const r = run([['/data/set/i.jpg', [box(0, 0, 10, 10)]]], [['i.jpg', [box(0, 0, 10, 10, 'a', 0.9)]], ['other.jpg', [box(0, 0, 5, 5, 'a', 0.9)]]]);
    assert.deepEqual([label(r, 'a').tp, label(r, 'a').fp, label(r, 'a').predictions], [1, 0, 1]);
    assert.match(r.notes.join('\n'), /1 prediction on 1 image the truth does not list was left out/);
  });

  it('box evaluation leaves polygons and lines out; segm scores polygons by area', () => {
    const square = (x: number) => [[x, 0], [x + 10, 0], [x + 10, 10], [x, 10]];
    const truth: [string, Ann[]][] = [['i.jpg', [poly(square(0)), box(0, 0, 10, 10), { type: 'line', line: [[0, 0], [5, 5]], label: 'a' }]]];
    const preds: [string, Ann[]][] = [['i.jpg', [poly(square(5), 'a', 0.9)]]];
    const b = run(truth, preds);
    assert.deepEqual([label(b, 'a').truth, label(b, 'a').predictions], [1, 0]);
    assert.match(b.notes.join('\n'), /Truth: 1 polygon, 1 line left out/);
    // Polygons: squares overlapping by half: IoU 50/150 = 1/3.
    const s = run(truth, preds, { iouType: 'segm', iou: 0.33, details: true });
    assert.deepEqual([label(s, 'a').truth, label(s, 'a').tp], [1, 1]);
    assert.ok(Math.abs(s.matches![0].pairs[0].iou - 1 / 3) < 1e-9);
    assert.equal(label(run(truth, preds, { iouType: 'segm', iou: 0.34 }), 'a').tp, 0);
    // A concave (L-shaped) truth: area 75, the prediction covers its 50-pixel arm exactly.
    const l = run([['i.jpg', [poly([[0, 0], [10, 0], [10, 5], [5, 5], [5, 10], [0, 10]])]]], [['i.jpg', [poly([[0, 0], [10, 0], [10, 5], [0, 5]], 'a', 0.9)]]], { iouType: 'segm', iou: 0.5, details: true });
    assert.ok(Math.abs(l.matches![0].pairs[0].iou - 50 / 75) < 1e-9);
  });
});

describe('evaluation: AP', () => {
  it('101-point interpolation, precision made non-increasing from the right', () => {
    // 2 truths, ranked TP, FP, TP: recall .5 .5 1, precision 1 .5 .667 → envelope 1 .667 .667;
    // recall 0..0.50 (51 points) sample 1, 0.51..1 (50 points) sample 2/3.
    assert.ok(Math.abs(averagePrecision([1, 0, 1], 2)! - (51 + (50 * 2) / 3) / 101) < 1e-12);
    // Recall beyond the maximum counts 0: one TP of 2 truths → 51/101.
    assert.equal(averagePrecision([1], 2), 51 / 101);
    assert.equal(averagePrecision([], 3), 0, 'no predictions: 0');
    assert.equal(averagePrecision([0, 0], 0), null, 'no truth: null');
  });

  it('VOC all-point and 11-point (the tests\' conventions)', () => {
    // ranked TP, FP, TP on 2 truths: all-point .5*1 + .5*(2/3); 11-point (6*1 + 5*(2/3)) / 11
    assert.ok(Math.abs(averagePrecision([1, 0, 1], 2, 'voc-all')! - (0.5 + 1 / 3)) < 1e-12);
    assert.ok(Math.abs(averagePrecision([1, 0, 1], 2, 'voc11')! - (6 + 10 / 3) / 11) < 1e-12);
  });
});

describe('evaluation: COCO adapters', () => {
  const coco = {
    images: [{ id: 7, file_name: 'seven.jpg', width: 100, height: 100 }, { id: 8, file_name: 'eight.jpg', width: 100, height: 100 }],
    categories: [{ id: 1, name: 'cat' }, { id: 2, name: 'dog' }],
    annotations: [
      { id: 1, image_id: 7, category_id: 1, bbox: [0, 0, 10, 10], iscrowd: 0 },
      { id: 2, image_id: 8, category_id: 2, bbox: [0, 0, 50, 50], iscrowd: 1 },
    ],
  };
  it('resolves a results list\'s image_id and category_id through the COCO truth', () => {
    const truth = readCoco(coco);
    const preds = readCocoResults([{ image_id: 7, category_id: 1, bbox: [0, 0, 10, 10], score: 0.9 }, { image_id: 7, category_id: 2, bbox: [0, 0, 10, 10], score: 0.8 }], truth);
    assert.deepEqual(preds.images.map((i) => i.key), ['seven.jpg']);
    const r = compareSets(truth, preds);
    assert.deepEqual(r.result.labels.map((l) => [l.label, l.truth, l.tp, l.fp]), [['cat', 1, 1, 0], ['dog', 0, 0, 1]]);
  });
  it('ignores a prediction on a crowd region (neither TP nor FP), as pycocotools does', () => {
    const truth = readCoco(coco);
    const preds = readCocoResults([{ image_id: 8, category_id: 2, bbox: [10, 10, 20, 20], score: 0.9 }], truth);
    const dog = compareSets(truth, preds).result.labels.find((l) => l.label === 'dog')!;
    assert.deepEqual([dog.truth, dog.predictions, dog.tp, dog.fp], [0, 1, 0, 0]);
  });
  it('counts what it leaves out, by reason, and keeps the rest of the file', () => {
    const s = readMetaLake({ images: [7, { image: 'a.jpg', annotations: [{ bbox: [0, 0, 1, 1] }, { bbox: [0, 0, 1], label: 'x' }, { type: 'polygon', polygon: [[0, 0], [1, 1]], label: 'x' }, { bbox: [1, 2, -1, 3], label: 'x' }] }] });
    assert.deepEqual(Object.fromEntries(s.skipped), {
      'image entries that are not objects, left out': 1,
      'annotations without a label, left out': 1,
      'annotations with a malformed bbox, left out': 1,
      'polygons with fewer than 3 points or malformed ones, left out': 1,
    });
    // a negative width is the same rectangle drawn the other way
    assert.deepEqual(s.images.map((i) => i.annotations.map((a) => a.box)), [[[0, 2, 1, 3]]]);
  });
  it('reads MetaLake rectangles given as LayerNext points', () => {
    const s = readMetaLake({ images: [{ image: 'a.jpg', annotations: [{ type: 'rectangle', points: [[10, 20], [30, 60]], label: 'x' }] }] });
    assert.deepEqual(s.images[0].annotations[0].box, [10, 20, 20, 40]);
  });
});

// A plain restatement of the rules, written for clarity, not speed: every prediction of a label in
// one ranking (descending confidence, missing = 1.0, ties in predictions-file order), each taking
// the unmatched truth of its image with the highest IoU ≥ the threshold (an exact tie: the first
// truth in file order); AP 101-point over the ranking. The engine groups, sorts and shares
// buffers to be fast; on sets with many ties and large rankings it must agree with this.
function reference(truth: [string, Ann[]][], preds: [string, Ann[]][], thr: number): Map<string, { tp: number; fp: number; ap: number | null }> {
  const labels = new Set<string>();
  const truths = new Map<string, { img: string; bbox: number[]; taken: boolean }[]>();
  for (const [img, anns] of truth) for (const a of anns) {
    labels.add(a.label as string);
    const list = truths.get(a.label as string) ?? [];
    list.push({ img, bbox: a.bbox as number[], taken: false });
    truths.set(a.label as string, list);
  }
  const ranked: { img: string; bbox: number[]; label: string; conf: number; order: number }[] = [];
  let order = 0;
  const listed = new Set(truth.map(([img]) => img));
  for (const [img, anns] of preds) for (const a of anns) {
    if (!listed.has(img)) continue; // predictions on images the truth does not list are left out
    labels.add(a.label as string);
    ranked.push({ img, bbox: a.bbox as number[], label: a.label as string, conf: (a.confidence as number | undefined) ?? 1, order: order++ });
  }
  ranked.sort((x, y) => y.conf - x.conf || x.order - y.order);
  const out = new Map<string, { tp: number; fp: number; ap: number | null }>();
  for (const l of labels) {
    const ts = (truths.get(l) ?? []).map((t) => ({ ...t, taken: false }));
    const flags: number[] = [];
    for (const p of ranked.filter((r) => r.label === l)) {
      let best: (typeof ts)[number] | undefined;
      let bestIou = -Infinity;
      for (const t of ts) {
        const v = boxIou(p.bbox, t.bbox);
        if (t.img === p.img && !t.taken && v >= thr && v > bestIou) [best, bestIou] = [t, v];
      }
      if (best) best.taken = true;
      flags.push(best ? 1 : 0);
    }
    const tp = flags.filter((f) => f === 1).length;
    out.set(l, { tp, fp: flags.length - tp, ap: averagePrecision(flags, ts.length) });
  }
  return out;
}

describe('evaluation: the engine against a plain restatement of the rules', () => {
  it('agrees on random sets full of exact IoU ties, equal confidences and long rankings', () => {
    // Boxes on a 6x6 grid with sides 1..4 tie in IoU all the time; four confidences tie in rank.
    const ann = fc.record({
      x: fc.integer({ min: 0, max: 5 }), y: fc.integer({ min: 0, max: 5 }), w: fc.integer({ min: 1, max: 4 }), h: fc.integer({ min: 1, max: 4 }),
      label: fc.constantFrom('a', 'b'), confidence: fc.constantFrom(0.5, 0.9, 0.25, undefined),
    });
    const images = (max: number) => fc.array(fc.array(ann, { maxLength: max }), { minLength: 1, maxLength: 4 });
    fc.assert(fc.property(images(6), images(30), fc.constantFrom(0.1, 0.3, 0.5, 1 / 3, 0.75), (ts, ps, thr) => {
      const toSide = (side: (typeof ts), withConfidence: boolean): [string, Ann[]][] =>
        side.map((anns, i) => [`${i}.jpg`, anns.map((a) => box(a.x, a.y, a.w, a.h, a.label, withConfidence ? a.confidence : undefined))]);
      const truth = toSide(ts, false);
      const preds = toSide(ps, true);
      const r = run(truth, preds, { iou: thr });
      const atThr = reference(truth, preds, thr);
      const at50 = reference(truth, preds, 0.5);
      assert.deepEqual(r.result.labels.map((l) => l.label), [...atThr.keys()].sort());
      for (const [l, w] of atThr) {
        const got = label(r, l);
        assert.deepEqual([got.tp, got.fp], [w.tp, w.fp], `label ${l}: tp, fp at ${thr}`);
        assert.equal(got.ap50, at50.get(l)!.ap, `label ${l}: ap50`);
      }
      return true;
    }), { numRuns: 200, seed: 15 });
  });
});
