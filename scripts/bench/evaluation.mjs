// The preview's IoU slider step: a 4000x3000 image with 2,000 truth boxes and 2,000 predictions
// (10 labels), in the real webview bundle in Chromium, fed through the messages the extension
// sends. A step is the slider's input handler (matching the image again at the new IoU, with
// src/evaluation/imageMatch.ts) and the frame it asks for, rasterized (a 1-pixel getImageData),
// timed as preview.mjs times its steps. Prints figures; never fails.
//   node scripts/bench/evaluation.mjs [--runs=60]
import { median, openBenchPage } from './preview.mjs';

const W = 4000, H = 3000;
const TARGET_MS = 16.7;

/** Deterministic boxes: predictions jittered from the truth (IoUs spread over 0.3..1), some misses and spurious ones. */
export function evaluationBoxes(n = 2000) {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const labels = ['car', 'person', 'truck', 'bike', 'sign', 'tree', 'bus', 'dog', 'road', 'lane'];
  const truth = [];
  const predictions = [];
  for (let i = 0; i < n; i++) {
    const w = 20 + rnd() * 120, h = 20 + rnd() * 120;
    truth.push({ index: i, label: labels[i % 10], box: [rnd() * (W - w), rnd() * (H - h), w, h] });
  }
  for (let i = 0; i < n; i++) {
    const t = truth[i];
    const confidence = Math.round(rnd() * 100) / 100;
    if (rnd() < 0.85) {
      const j = () => (rnd() - 0.5) * 0.5;
      const [x, y, w, h] = t.box;
      predictions.push({ index: i, label: t.label, confidence, box: [x + w * j(), y + h * j(), w * (1 + j()), h * (1 + j())] });
    } else {
      const w = 20 + rnd() * 120, h = 20 + rnd() * 120;
      predictions.push({ index: i, label: labels[Math.floor(rnd() * 10)], confidence, box: [rnd() * (W - w), rnd() * (H - h), w, h] });
    }
  }
  return { truth, predictions };
}


export async function benchEvaluation({ runs = 60, log = console.log, screenshot } = {}) {
  const { browser, page } = await openBenchPage();
  try {
    const boxes = evaluationBoxes();
    const result = await page.evaluate(async ({ boxes, W, H, runs }) => {
      const post = (m) => window.dispatchEvent(new MessageEvent('message', { data: m }));
      const { renderer, evaluation } = window.datumPreview;
      const shapes = boxes.truth.map((t) => ({ index: t.index, kind: 'rectangle', points: [...t.box], label: t.label }));
      post({ type: 'init', title: 'bench', images: [{ index: 0, image: 'bench.png', shapeCount: shapes.length }], colors: {} });
      post({ type: 'image', image: { index: 0, width: W, height: H } });
      post({ type: 'annotations', annotations: { index: 0, image: 'bench.png', shapes, normalized: false, skipped: 0 } });
      post({ type: 'evalState', other: 'predictions.json', ownRole: 'truth', iou: 0.5 });
      while (renderer.lastDrawMs === 0) await new Promise((r) => requestAnimationFrame(r));
      const t0 = performance.now();
      post({ type: 'evalBoxes', index: 0, boxes: { ownRole: 'truth', truth: boxes.truth, predictions: boxes.predictions, truthNormalized: false, predictionsNormalized: false } });
      renderer.draw();
      renderer.ctx.getImageData(0, 0, 1, 1);
      const prepare = performance.now() - t0;
      const flush = () => renderer.ctx.getImageData(0, 0, 1, 1);
      const time = async (fn) => {
        await new Promise((r) => setTimeout(r, 20));
        const t = performance.now();
        fn();
        cancelAnimationFrame(renderer.frame);
        renderer.frame = 0;
        renderer.draw();
        flush();
        return performance.now() - t;
      };
      const matchOnly = [];
      const steps = [];
      const counts = new Set();
      for (let i = 0; i < runs; i++) {
        const iou = 0.3 + ((i * 7) % 61) / 100;
        const t = performance.now();
        evaluation.layer.update(iou, undefined, new Set());
        matchOnly.push(performance.now() - t);
        steps.push(await time(() => evaluation.setIou(iou)));
        counts.add(document.getElementById('root').dataset.evalTp);
      }
      const r = document.getElementById('root').dataset;
      return { prepare, steps, matchOnly, distinct: counts.size, tp: r.evalTp, fp: r.evalFp.split(' ').filter(Boolean).length, fn: r.evalFn.split(' ').filter(Boolean).length };
    }, { boxes, W, H, runs });
    if (screenshot) await page.screenshot({ path: screenshot });
    const f = (x) => `${x.toFixed(1)} ms`;
    const med = median(result.steps);
    log(`preview evaluation: 4000x3000 image, 2,000 truth boxes + 2,000 predictions, 10 labels, Chromium ${browser.version()}, software rendering`);
    log(`  boxes received → first frame (IoUs prepared once)  ${f(result.prepare)}`);
    log(`  matching alone, per IoU step                      median ${f(median(result.matchOnly))}, max ${f(Math.max(...result.matchOnly))}`);
    log(`  IoU slider step (match + frame, rasterized)       median ${f(med)}, max ${f(Math.max(...result.steps))}   target one frame (${TARGET_MS} ms)  ${med < TARGET_MS ? 'OK' : 'MISSED'}`);
    log(`  (${result.distinct} different TP counts over the ${runs} steps; at the last: ${result.tp} TP, ${result.fp} FP, ${result.fn} FN)`);
    return result;
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  await benchEvaluation({ runs: Number(arg('runs') ?? 60), screenshot: arg('screenshot') });
}
