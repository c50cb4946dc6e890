// `datum-studio compare` on 10,000 images: 100,000 truth boxes and 120,000 predictions over 20
// labels (MetaLake files, pretty-printed like the other bench files). Times the CLI as a user runs
// it (a fresh `node bin/datum-studio.js compare --format json`, start-up included) and, in this
// process, the engine's steps, each against JSON.parse of both files measured in the same run.
import { spawnSync } from 'child_process';
import * as esbuild from 'esbuild';
import { createRequire } from 'module';
import * as fs from 'fs';
import * as path from 'path';
import { prng } from './generate.mjs';

const require = createRequire(import.meta.url);
const VERSION = 1;
const IMAGES = 10_000;
const TRUTH_PER_IMAGE = 10;
const PREDICTIONS_PER_IMAGE = 12;
const LABELS = Array.from({ length: 20 }, (_, i) => `class_${String(i).padStart(2, '0')}`);
const WIDTH = 1920;
const HEIGHT = 1080;
const TARGET_MS = 2000;

const round2 = (n) => Math.round(n * 100) / 100;

function generate(seed) {
  const rng = prng(seed);
  const pick = (list) => list[Math.floor(rng() * list.length)];
  const randomBox = () => {
    const w = round2(10 + rng() * 300);
    const h = round2(10 + rng() * 250);
    return [round2(rng() * (WIDTH - w)), round2(rng() * (HEIGHT - h)), w, h];
  };
  const truth = { images: [] };
  const predictions = { images: [] };
  for (let i = 0; i < IMAGES; i++) {
    const image = `frames/${String(i).padStart(6, '0')}.jpg`;
    const t = [];
    for (let k = 0; k < TRUTH_PER_IMAGE; k++) t.push({ type: 'rectangle', bbox: randomBox(), label: pick(LABELS) });
    const p = [];
    for (let k = 0; k < PREDICTIONS_PER_IMAGE; k++) {
      const confidence = Math.round(rng() * 10000) / 10000;
      if (k < TRUTH_PER_IMAGE && rng() < 0.85) {
        // a detection of truth k: jittered by up to 15% of its size, the wrong label 5% of the time
        const [x, y, w, h] = t[k].bbox;
        const j = () => (rng() - 0.5) * 0.3;
        p.push({ type: 'rectangle', bbox: [round2(x + w * j()), round2(y + h * j()), round2(w * (1 + j())), round2(h * (1 + j()))], label: rng() < 0.05 ? pick(LABELS) : t[k].label, confidence });
      } else p.push({ type: 'rectangle', bbox: randomBox(), label: pick(LABELS), confidence: Math.round(confidence * 0.6 * 10000) / 10000 });
    }
    truth.images.push({ image, annotations: t });
    predictions.images.push({ image, annotations: p });
  }
  return { truth, predictions };
}

function ensureCompareFiles(dataDir, regen, log) {
  const files = { truth: path.join(dataDir, `compare-truth-v${VERSION}.json`), predictions: path.join(dataDir, `compare-predictions-v${VERSION}.json`) };
  if (regen || !fs.existsSync(files.truth) || !fs.existsSync(files.predictions)) {
    const t0 = performance.now();
    const { truth, predictions } = generate(4242);
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(files.truth, JSON.stringify(truth, null, 2));
    fs.writeFileSync(files.predictions, JSON.stringify(predictions, null, 2));
    log(`  generated ${path.basename(files.truth)} and ${path.basename(files.predictions)} in ${Math.round(performance.now() - t0)} ms`);
  }
  return files;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (x) => (x >= 10 ? x.toFixed(1) : x.toFixed(2)) + 'x';

export async function benchCompare({ root, dataDir, out, runs = 5, regen = false }) {
  out('compare (datum-studio compare, 10,000 images, 100,000 truth boxes, 120,000 predictions, 20 labels)');
  const files = ensureCompareFiles(dataDir, regen, out);
  const bytes = fs.statSync(files.truth).size + fs.statSync(files.predictions).size;
  const bundle = path.join(dataDir, 'evaluation.cjs');
  await esbuild.build({
    stdin: {
      contents: `export { readAnnotationSet } from './src/evaluation/adapters';\nexport { compareSets } from './src/evaluation/compare';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    outfile: bundle,
    logLevel: 'warning',
  });
  const { readAnnotationSet, compareSets } = require(bundle);
  const gc = () => globalThis.gc?.();
  const texts = { truth: fs.readFileSync(files.truth, 'utf8'), predictions: fs.readFileSync(files.predictions, 'utf8') };
  const t = { parse: [], adapt: [], compare: [], cli: [], fresh: [] };
  // The CLI's own floor: a fresh node that only reads and JSON.parses both files (start-up included).
  const floor = `const fs = require('fs'); for (const f of process.argv.slice(1)) JSON.parse(fs.readFileSync(f, 'utf8'));`;
  let summary;
  const bin = path.join(root, 'bin', 'datum-studio.js');
  for (let round = 0; round <= runs; round++) {
    gc();
    let t0 = performance.now();
    const tv = JSON.parse(texts.truth);
    const pv = JSON.parse(texts.predictions);
    const parse = performance.now() - t0;
    t0 = performance.now();
    const truth = readAnnotationSet(tv);
    const predictions = readAnnotationSet(pv, truth);
    const adapt = performance.now() - t0;
    t0 = performance.now();
    const report = compareSets(truth, predictions, { iou: 0.5 });
    const compare = performance.now() - t0;
    gc();
    t0 = performance.now();
    const r = spawnSync(process.execPath, [bin, 'compare', '--truth', files.truth, '--predictions', files.predictions, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const cli = performance.now() - t0;
    if (r.status !== 0) throw new Error(`compare CLI failed: ${r.stderr}`);
    gc();
    t0 = performance.now();
    const f = spawnSync(process.execPath, ['-e', floor, files.truth, files.predictions], { encoding: 'utf8' });
    const fresh = performance.now() - t0;
    if (f.status !== 0) throw new Error(`JSON.parse in a fresh node failed: ${f.stderr}`);
    summary = report.result.overall;
    if (JSON.stringify(JSON.parse(r.stdout).overall) !== JSON.stringify(summary)) throw new Error('the CLI and the engine disagree');
    if (round === 0) continue; // warm-up
    t.parse.push(parse);
    t.adapt.push(adapt);
    t.compare.push(compare);
    t.cli.push(cli);
    t.fresh.push(fresh);
  }
  const p = median(t.parse);
  const row = (label, xs) => out(`  ${label.padEnd(50)}${(ms(median(xs)) + ' ms').padStart(10)}  (${ms(Math.min(...xs))}–${ms(Math.max(...xs))}, n=${xs.length})`.padEnd(90) + ratio(median(xs) / p).padStart(8));
  out(`  files: ${(bytes / 1e6).toFixed(1)} MB together; result: ${summary.tp} TP, ${summary.fp} FP, ${summary.fn} FN, mAP50 ${summary.map50.toFixed(3)}, mAP ${summary.map.toFixed(3)}`);
  out(`  ${''.padEnd(50)}${'median'.padStart(10)}  ${'(min–max, runs)'.padEnd(26)}${'vs JSON.parse of both'.padStart(22)}`);
  row('JSON.parse of both files (floor)', t.parse);
  row('adapters (MetaLake → sets)', t.adapt);
  row('matching + AP at 10 thresholds', t.compare);
  row('parse + adapters + compare, in process', t.parse.map((x, i) => x + t.adapt[i] + t.compare[i]));
  row('fresh node: read + JSON.parse of both files (wall)', t.fresh);
  row('the CLI: node bin/datum-studio.js compare (wall)', t.cli);
  const cli = median(t.cli);
  out(`  ${cli <= TARGET_MS ? 'PASS' : 'MISS'}  compare in the CLI under ${TARGET_MS / 1000} s: ${ms(cli)} ms (${ratio(cli / p)} JSON.parse of both files in this process, ${ratio(cli / median(t.fresh))} a fresh node that only parses them; fastest run ${ms(Math.min(...t.cli))} ms)`);
  out();
}
