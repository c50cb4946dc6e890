// The CLI's throughput for `npm run bench`: files per second on a folder of 100,000 small sidecars
// and one of 1,000 annotation files, one job against --jobs 2. The CLI runs as users run it
// (bin/datum-studio.js in a child process, so start-up and the folder walk count too); the runs of
// both job counts are interleaved and each must print the same bytes.
//
// The folders are generated once into bench-data/ (deterministic, see GENERATOR below).
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { prng } from './generate.mjs';

const GENERATOR = 1;

/** A 33-byte PNG header: enough for image-size to read the size. */
function png(width, height) {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'ascii');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  b[24] = 8;
  b[25] = 2;
  return b;
}

function ready(dir, stamp) {
  try {
    return fs.readFileSync(path.join(dir, '.generated'), 'utf8') === stamp;
  } catch {
    return false;
  }
}

function markReady(dir, stamp) {
  fs.writeFileSync(path.join(dir, '.generated'), stamp);
}

/**
 * `count` sidecars `<name>.metadata.json` (each with its data file beside it), 1,000 per folder,
 * properties like real ones: tags, an alias now and then, a few custom keys; about 1% with a
 * mistake (tags as a string, a misspelt `valohai.*` key, a bad dataset URI).
 */
export function generateSidecars(dir, count = 100_000) {
  const stamp = `sidecars ${GENERATOR} ${count}`;
  if (ready(dir, stamp)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  const rng = prng(42);
  const tags = ['train', 'validation', 'test', 'raw', 'cleaned', 'night', 'rain', 'highway', 'urban'];
  for (let i = 0; i < count; i++) {
    const sub = path.join(dir, `batch-${String(Math.floor(i / 1000)).padStart(3, '0')}`);
    if (i % 1000 === 0) fs.mkdirSync(sub, { recursive: true });
    const name = `frame_${String(i).padStart(6, '0')}.jpg`;
    const props = { 'valohai.tags': [tags[i % tags.length], tags[(i * 7) % tags.length]], camera: ['front', 'rear', 'left'][i % 3], exposure_ms: Math.round(rng() * 100) / 10 };
    if (i % 10 === 0) props['valohai.alias'] = `frame-${i}`;
    if (i % 25 === 0) props['valohai.dataset-versions'] = [`dataset://drives/v${1 + (i % 4)}`];
    if (i % 100 === 50) {
      const mistake = (i / 100) % 3;
      if (mistake < 1) props['valohai.tags'] = 'train';
      else if (mistake < 2) props['valohai.tagz'] = ['x'];
      else props['valohai.dataset-versions'] = ['datasets://drives'];
    }
    fs.writeFileSync(path.join(sub, `${name}.metadata.json`), JSON.stringify(props, null, 2) + '\n');
    fs.writeFileSync(path.join(sub, name), '');
  }
  markReady(dir, stamp);
  return dir;
}

/**
 * `count` MetaLake annotation files of 4 images with 8-15 shapes each (boxes, polygons, lines),
 * 100 per folder, the images (PNG headers) beside them; about 1% of the shapes are wrong.
 */
export function generateAnnotationFiles(dir, count = 1_000) {
  const stamp = `annotations ${GENERATOR} ${count}`;
  if (ready(dir, stamp)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  const rng = prng(7);
  const labels = ['car', 'person', 'truck', 'bicycle', 'lane', 'curb'];
  const W = 1280;
  const H = 720;
  const r2 = (n) => Math.round(n * 100) / 100;
  for (let i = 0; i < count; i++) {
    const sub = path.join(dir, `scene-${String(Math.floor(i / 100)).padStart(2, '0')}`);
    if (i % 100 === 0) fs.mkdirSync(sub, { recursive: true });
    const images = [];
    for (let k = 0; k < 4; k++) {
      const image = `img_${i}_${k}.png`;
      fs.writeFileSync(path.join(sub, image), png(W, H));
      const annotations = [];
      const n = 8 + Math.floor(rng() * 8);
      for (let a = 0; a < n; a++) {
        const label = labels[Math.floor(rng() * labels.length)];
        const kind = rng();
        if (kind < 0.6) {
          const w = r2(10 + rng() * 300);
          const h = r2(10 + rng() * 200);
          const bbox = [r2(rng() * (W - w)), r2(rng() * (H - h)), w, h];
          if (rng() < 0.01) bbox[2] = -bbox[2];
          annotations.push({ type: 'rectangle', bbox, label, confidence: Math.round(rng() * 1000) / 1000 });
        } else if (kind < 0.85) {
          const cx = 100 + rng() * (W - 200);
          const cy = 100 + rng() * (H - 200);
          const corners = 5 + Math.floor(rng() * 6);
          const points = Array.from({ length: corners }, (_, p) => {
            const angle = (p / corners) * 2 * Math.PI;
            return [r2(cx + Math.cos(angle) * 60), r2(cy + Math.sin(angle) * 40)];
          });
          annotations.push({ type: 'polygon', polygon: rng() < 0.01 ? points.slice(0, 2) : points, label });
        } else {
          const y = rng() * H;
          annotations.push({ type: 'line', line: [[0, r2(y)], [W, r2(Math.min(H, y + rng() * 50))]], label });
        }
      }
      images.push({ image, annotations });
    }
    fs.writeFileSync(path.join(sub, `labels-${String(i).padStart(4, '0')}.json`), JSON.stringify({ images }, null, 2) + '\n');
  }
  markReady(dir, stamp);
  return dir;
}

function runCli(root, folder, jobs) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-r', path.join(root, 'scripts', 'bench', 'rusage-preload.cjs'), path.join(root, 'bin', 'datum-studio.js'), 'validate', '--format', 'json', '--jobs', String(jobs), '.'], {
    cwd: folder,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`datum-studio validate --jobs ${jobs} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const usage = JSON.parse(/DATUM_RUSAGE (.*)/.exec(r.stderr)[1]);
  return { ms, cpuMs: usage.cpuMs, maxRssKB: usage.maxRssKB, findings: JSON.parse(r.stdout).length, hash: createHash('sha256').update(r.stdout).digest('hex') };
}

/**
 * Prints per folder: files per second with 1 job and with --jobs 2 (medians of wall time) and
 * their ratio, and the CPU time (all threads) and peak memory of a run: CPU time above wall time
 * means the threads did run at once; the wall-time gain needs a free core.
 */
export async function benchThroughput({ root, dataDir, out, runs = 3, sidecars = 100_000, annotationFiles = 1_000 }) {
  out('CLI throughput (datum-studio validate --format json <folder>, a fresh process per run; files per second, medians)');
  const t0 = performance.now();
  const folders = [
    { label: `${sidecars.toLocaleString('en-US')} sidecars`, files: sidecars, dir: generateSidecars(path.join(dataDir, 'cli-sidecars'), sidecars) },
    { label: `${annotationFiles.toLocaleString('en-US')} annotation files`, files: annotationFiles, dir: generateAnnotationFiles(path.join(dataDir, 'cli-annotations'), annotationFiles) },
  ];
  const generated = performance.now() - t0;
  if (generated > 1000) out(`  (generated the folders in ${(generated / 1000).toFixed(1)} s)`);
  // A second job only helps with a free core: say how busy the machine was.
  out(`  ${os.cpus().length} cores; load average at the start ${os.loadavg()[0].toFixed(1)}`);
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  for (const folder of folders) {
    runCli(root, folder.dir, 1); // warm the file system cache
    const times = { 1: [], 2: [] };
    const cpu = { 1: [], 2: [] };
    const rss = { 1: 0, 2: 0 };
    const hashes = new Set();
    let findings = 0;
    for (let round = 0; round < runs; round++) {
      for (const jobs of round % 2 ? [2, 1] : [1, 2]) {
        const r = runCli(root, folder.dir, jobs);
        times[jobs].push(r.ms);
        cpu[jobs].push(r.cpuMs);
        rss[jobs] = Math.max(rss[jobs], r.maxRssKB);
        hashes.add(r.hash);
        findings = r.findings;
      }
    }
    const one = folder.files / (median(times[1]) / 1000);
    const two = folder.files / (median(times[2]) / 1000);
    out(
      `  ${folder.label.padEnd(24)} 1 job ${fmt(one).padStart(7)} files/s (${(median(times[1]) / 1000).toFixed(1)} s)   --jobs 2 ${fmt(two).padStart(7)} files/s (${(median(times[2]) / 1000).toFixed(1)} s)   ${(two / one).toFixed(2)}x   ` +
        `${findings} problems; output identical: ${hashes.size === 1 ? 'yes' : 'NO'}   (n=${runs})`,
    );
    const sec = (xs) => (median(xs) / 1000).toFixed(1);
    out(`  ${''.padEnd(24)} CPU ${sec(cpu[1])} s, peak ${Math.round(rss[1] / 1024)} MB         CPU ${sec(cpu[2])} s, peak ${Math.round(rss[2] / 1024)} MB`);
  }
  out();
}
