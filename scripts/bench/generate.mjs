// Deterministic annotation files for `npm run bench` (MetaLake upload format, pretty-printed).
// Same seed, same bytes: the files are cached in bench-data/ and rebuilt only when GENERATOR_VERSION
// changes (or with --regen).
import * as fs from 'fs';
import * as path from 'path';

export const GENERATOR_VERSION = 2;

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WIDTH = 1920;
const HEIGHT = 1080;
const BOX_LABELS = ['car', 'person', 'truck', 'bicycle', 'motorcycle', 'bus', 'traffic_light', 'traffic_sign', 'dog', 'pedestrian_crossing'];
const LINE_LABELS = ['lane', 'curb', 'road_edge', 'stop_line'];
const COLORS = ['red', 'white', 'black', 'silver', 'blue', 'gray', 'green', 'yellow'];
const OCCLUSION = ['none', 'partial', 'heavy'];
const SOURCES = ['model-yolov8x-2024-06', 'model-detr-r50', 'labeler-anna', 'labeler-jussi', 'labeler-mei'];
const CAMERAS = ['front_wide', 'front_narrow', 'left', 'right', 'rear'];

const round2 = (n) => Math.round(n * 100) / 100;

function makeRectangle(rng, pick) {
  const w = round2(12 + rng() * 400);
  const h = round2(12 + rng() * 300);
  const x = round2(rng() * (WIDTH - w));
  const y = round2(rng() * (HEIGHT - h));
  const a = { type: 'rectangle', bbox: [x, y, w, h], label: pick(BOX_LABELS) };
  if (rng() < 0.7) {
    // a model's output: confidence, provenance, attributes
    a.confidence = Math.round(rng() * 10000) / 10000;
    a.metadata = { source: pick(SOURCES), track_id: Math.floor(rng() * 5000) };
    a.attributes = { color: [{ value: pick(COLORS), confidence: Math.round(rng() * 100) / 100, metadata: {} }] };
    if (rng() < 0.3) a.attributes.occlusion = [{ value: pick(OCCLUSION), confidence: Math.round(rng() * 100) / 100, metadata: {} }];
  }
  return a;
}

function makePolygon(rng, pick) {
  const cx = 100 + rng() * (WIDTH - 200);
  const cy = 100 + rng() * (HEIGHT - 200);
  const r = 20 + rng() * 80;
  const n = 4 + Math.floor(rng() * rng() * 9); // 4..12 points, mostly few (boxes, quads)
  const points = [];
  for (let k = 0; k < n; k++) {
    const angle = (2 * Math.PI * k) / n + rng() * 0.3;
    const rr = r * (0.7 + rng() * 0.3);
    points.push([round2(cx + rr * Math.cos(angle)), round2(cy + rr * Math.sin(angle))]);
  }
  const a = { type: 'polygon', polygon: points, label: pick(BOX_LABELS) };
  if (rng() < 0.5) {
    a.confidence = Math.round(rng() * 10000) / 10000;
    a.metadata = { source: pick(SOURCES) };
  }
  return a;
}

function makeLine(rng, pick) {
  const n = 2 + Math.floor(rng() * 4);
  const points = [];
  let x = rng() * WIDTH;
  let y = HEIGHT - rng() * 100;
  for (let k = 0; k < n; k++) {
    points.push([round2(x), round2(y)]);
    x = Math.min(WIDTH, Math.max(0, x + (rng() - 0.5) * 200));
    y = Math.max(0, y - rng() * 250);
  }
  return { type: 'line', line: points, label: pick(LINE_LABELS) };
}

/**
 * The ~1% error mix: each mutation is built to give exactly one problem in our validator (the
 * `expect` column is what the JSON language service, schema only, can see).
 */
export const MUTATIONS = [
  { kind: 'negative bbox width', ls: false, apply: (a, rng) => { toRectangle(a, rng); a.bbox[2] = -a.bbox[2]; } },
  { kind: 'polygon with 2 points', ls: false, apply: (a) => { toPolygon(a); a.polygon = a.polygon.slice(0, 2); } },
  { kind: 'confidence 87', ls: false, apply: (a) => { a.confidence = 87; } },
  { kind: 'type not matching geometry', ls: false, apply: (a, rng) => { toRectangle(a, rng); a.type = 'line'; } },
  { kind: 'bbox of 3 numbers', ls: true, apply: (a, rng) => { toRectangle(a, rng); a.bbox = a.bbox.slice(0, 3); } },
  { kind: 'string where a number belongs', ls: true, apply: (a, rng) => { toRectangle(a, rng); a.bbox[1] = String(a.bbox[1]); } },
  { kind: 'missing label', ls: true, apply: (a) => { delete a.label; } },
  { kind: 'unknown key "lable" (for label)', ls: true, apply: (a) => { renameLabel(a); } },
];

function toRectangle(a, rng) {
  if (a.type === 'rectangle') return;
  const pts = a.polygon ?? a.line;
  delete a.polygon;
  delete a.line;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  a.type = 'rectangle';
  a.bbox = [x, y, round2(Math.max(...xs) - x + 1 + rng()), round2(Math.max(...ys) - y + 1 + rng())];
}

function toPolygon(a) {
  if (a.type === 'polygon') return;
  if (a.bbox) {
    const [x, y, w, h] = a.bbox;
    a.polygon = [[x, y], [round2(x + w), y], [round2(x + w), round2(y + h)], [x, round2(y + h)]];
    delete a.bbox;
  } else {
    a.polygon = a.line.length >= 3 ? a.line : [...a.line, [a.line[0][0], a.line[1][1]]];
    delete a.line;
  }
  a.type = 'polygon';
}

function renameLabel(a) {
  // keep the key order: "lable" takes label's place
  const entries = Object.entries(a).map(([k, v]) => [k === 'label' ? 'lable' : k, v]);
  for (const k of Object.keys(a)) delete a[k];
  Object.assign(a, Object.fromEntries(entries));
}

/** A document with `count` annotations, ~10 per image. */
export function generateDoc(count, seed) {
  const rng = prng(seed);
  const pick = (list) => list[Math.floor(rng() * list.length)];
  const images = [];
  let made = 0;
  let frame = 0;
  while (made < count) {
    const n = Math.min(count - made, 5 + Math.floor(rng() * 11)); // 5..15, mean 10
    const annotations = [];
    for (let k = 0; k < n; k++) {
      const r = rng();
      annotations.push(r < 0.6 ? makeRectangle(rng, pick) : r < 0.85 ? makePolygon(rng, pick) : makeLine(rng, pick));
    }
    frame += 1 + Math.floor(rng() * 3);
    const drive = String(1 + Math.floor(frame / 2000)).padStart(3, '0');
    images.push({ image: `/datasets/drive_${drive}/${pick(CAMERAS)}/frame_${String(frame).padStart(7, '0')}.jpg`, annotations });
    made += n;
  }
  return { images };
}

/** Mutates ~rate of the annotations, spread evenly, cycling through MUTATIONS. Returns the counts. */
export function injectErrors(doc, rate, seed) {
  const rng = prng(seed);
  const all = [];
  for (const entry of doc.images) for (const a of entry.annotations) all.push(a);
  const m = Math.max(1, Math.round(all.length * rate));
  const stride = all.length / m;
  const counts = new Map(MUTATIONS.map((mu) => [mu.kind, 0]));
  let lsVisible = 0;
  for (let k = 0; k < m; k++) {
    const index = Math.min(all.length - 1, Math.floor(k * stride + rng() * stride));
    const mutation = MUTATIONS[k % MUTATIONS.length];
    mutation.apply(all[index], rng);
    counts.set(mutation.kind, counts.get(mutation.kind) + 1);
    if (mutation.ls) lsVisible++;
  }
  return { injected: m, lsVisible, byKind: Object.fromEntries(counts) };
}

/**
 * Writes (or reuses) bench-data/annotations-<size>-<clean|errors>.json for each size.
 * Returns [{ name, size, variant, file, bytes, injected, lsVisible, byKind }].
 */
export function ensureFiles(dataDir, sizes, { regen = false, log = () => {} } = {}) {
  fs.mkdirSync(dataDir, { recursive: true });
  const manifestFile = path.join(dataDir, 'manifest.json');
  let manifest = {};
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch {
    manifest = {};
  }
  if (manifest.version !== GENERATOR_VERSION) manifest = { version: GENERATOR_VERSION, files: {} };
  const out = [];
  for (const size of sizes) {
    const label = size >= 1000 ? `${size / 1000}k` : String(size);
    const names = { clean: `annotations-${label}-clean.json`, errors: `annotations-${label}-errors.json` };
    const have = Object.values(names).every((n) => manifest.files[n] && fs.existsSync(path.join(dataDir, n)) && fs.statSync(path.join(dataDir, n)).size === manifest.files[n].bytes);
    if (regen || !have) {
      const t0 = performance.now();
      const doc = generateDoc(size, 1000 + size);
      const clean = JSON.stringify(doc, null, 2);
      fs.writeFileSync(path.join(dataDir, names.clean), clean);
      manifest.files[names.clean] = { bytes: Buffer.byteLength(clean), injected: 0, lsVisible: 0, byKind: {} };
      const info = injectErrors(doc, 0.01, 7 + size);
      const errors = JSON.stringify(doc, null, 2);
      fs.writeFileSync(path.join(dataDir, names.errors), errors);
      manifest.files[names.errors] = { bytes: Buffer.byteLength(errors), ...info };
      fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
      log(`generated ${names.clean} and ${names.errors} in ${Math.round(performance.now() - t0)} ms`);
    }
    for (const variant of ['clean', 'errors']) {
      const name = names[variant];
      out.push({ name, label, size, variant, file: path.join(dataDir, name), ...manifest.files[name] });
    }
  }
  return out;
}
