// `npm run bench`, the COCO line: a COCO instances file of train2017's shape and size (118,287
// images, ~860,000 annotations, ~450 MB on one line, polygons of ~24 points as COCO's, 1% crowd
// regions as uncompressed RLE, 80 categories, 100 annotations with an unknown category) is generated into a temp folder, then checked by the
// CLI as users run it (bin/datum-studio.js validate in a child process), against JSON.parse of the
// same file in a child of its own. Each child reports its wall time and peak memory
// (process.resourceUsage().maxRSS). The file is deleted afterwards unless --keep-coco.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import esbuild from 'esbuild';
import { prng } from './generate.mjs';

const IMAGES = 118_287;
const ANNOTATIONS = 860_001;
const SUPER = ['person', 'vehicle', 'outdoor', 'animal', 'accessory', 'sports', 'kitchen', 'food', 'furniture', 'electronic', 'appliance', 'indoor'];

const r2 = (v) => Math.round(v * 100) / 100;

/** A star-shaped (so simple) polygon of n points around (cx, cy) inside the image; its exact area. */
function polygon(rnd, cx, cy, rx, ry, n, width, height) {
  const pts = [];
  for (let i = 0; i < n; i++) {
    const t = (i / n) * 2 * Math.PI;
    const k = 0.7 + 0.3 * rnd();
    pts.push(r2(Math.min(width, Math.max(0, cx + Math.cos(t) * rx * k))), r2(Math.min(height, Math.max(0, cy + Math.sin(t) * ry * k))));
  }
  let sum = 0;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < pts.length; i += 2) {
    const j = (i + 2) % pts.length;
    sum += pts[i] * pts[j + 1] - pts[j] * pts[i + 1];
    x0 = Math.min(x0, pts[i]); x1 = Math.max(x1, pts[i]);
    y0 = Math.min(y0, pts[i + 1]); y1 = Math.max(y1, pts[i + 1]);
  }
  return { pts, area: Math.abs(sum) / 2, bbox: [x0, y0, r2(x1 - x0), r2(y1 - y0)] };
}

/** Writes the file in pieces (never the whole text in memory); returns its size and counts. */
export function generateCoco(file) {
  const rnd = prng(2017);
  const fd = fs.openSync(file, 'w');
  let buffer = '';
  let bytes = 0;
  const put = (s) => {
    buffer += s;
    if (buffer.length > 1 << 22) flush();
  };
  const flush = () => {
    fs.writeSync(fd, buffer);
    bytes += Buffer.byteLength(buffer);
    buffer = '';
  };
  put('{"info":{"description":"COCO 2017 Dataset (generated, same shape)","url":"http://cocodataset.org","version":"1.0","year":2017,"contributor":"COCO Consortium","date_created":"2017/09/01"},');
  put('"licenses":[' + Array.from({ length: 8 }, (_, i) => JSON.stringify({ url: `http://creativecommons.org/licenses/by/2.0/#${i + 1}`, id: i + 1, name: 'Attribution License' })).join(',') + '],');
  const sizes = [];
  put('"images":[');
  for (let i = 0; i < IMAGES; i++) {
    const landscape = rnd() < 0.7;
    const width = landscape ? 640 : 360 + Math.floor(rnd() * 120);
    const height = landscape ? 360 + Math.floor(rnd() * 120) : 640;
    sizes.push([width, height]);
    const id = 9 + i * 5;
    const name = String(id).padStart(12, '0') + '.jpg';
    put((i ? ',' : '') + `{"license":${1 + (i % 8)},"file_name":"${name}","coco_url":"http://images.cocodataset.org/train2017/${name}","height":${height},"width":${width},"date_captured":"2013-11-14 11:18:45","flickr_url":"http://farm9.staticflickr.com/8186/8119368305_4e622c8349_z.jpg","id":${id}}`);
  }
  put('],"annotations":[');
  let crowd = 0;
  for (let a = 0; a < ANNOTATIONS; a++) {
    const im = Math.floor(rnd() * IMAGES);
    const [width, height] = sizes[im];
    const imageId = 9 + im * 5;
    // Every 8,600th annotation names a category that does not exist: 100 errors to find and place.
    const category = a % 8600 === 4299 ? 999 : 1 + Math.floor(rnd() * 80);
    let seg, area, bbox, iscrowd = 0;
    if (rnd() < 0.01) {
      // A crowd region: an uncompressed RLE over the whole image, column-major runs.
      iscrowd = 1;
      crowd++;
      const total = width * height;
      const counts = [];
      let left = total;
      let fg = 0;
      while (left > 0) {
        const run = Math.min(left, 50 + Math.floor(rnd() * 3000));
        if (counts.length % 2 === 1) fg += run;
        counts.push(run);
        left -= run;
      }
      seg = `{"counts":[${counts.join(',')}],"size":[${height},${width}]}`;
      area = fg;
      bbox = [0, 0, width, height];
    } else {
      const rx = 5 + rnd() * width * 0.25;
      const ry = 5 + rnd() * height * 0.25;
      const p = polygon(rnd, rx + rnd() * (width - 2 * rx), ry + rnd() * (height - 2 * ry), rx, ry, 8 + Math.floor(rnd() * 35), width, height);
      seg = `[[${p.pts.join(',')}]]`;
      area = p.area;
      bbox = p.bbox;
    }
    put((a ? ',' : '') + `{"segmentation":${seg},"area":${area},"iscrowd":${iscrowd},"image_id":${imageId},"bbox":[${bbox.join(',')}],"category_id":${category},"id":${a + 1}}`);
  }
  put('],"categories":[');
  put(Array.from({ length: 80 }, (_, i) => JSON.stringify({ supercategory: SUPER[i % SUPER.length], id: i + 1, name: `class_${i + 1}` })).join(','));
  put(']}');
  flush();
  fs.closeSync(fd);
  return { bytes, images: IMAGES, annotations: ANNOTATIONS, crowd, injected: Math.floor((ANNOTATIONS + 8600 - 4300) / 8600) };
}

/** Runs `args` in a fresh node that reports its wall time and maxRSS on the last stderr line. */
function measured(script, args, cwd) {
  const r = spawnSync(process.execPath, ['-e', script, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const last = (r.stderr || '').trim().split('\n').pop() ?? '';
  try {
    return { ...JSON.parse(last), status: r.status, stdout: r.stdout };
  } catch {
    return { error: (r.stderr || '').trim().split('\n').slice(-3).join(' | ') || `exit ${r.status}`, status: r.status, stdout: r.stdout };
  }
}

const PARSE = `
const fs = require('fs');
const t0 = process.hrtime.bigint();
const text = fs.readFileSync(process.argv[1], 'utf8');
const value = JSON.parse(text);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
process.stderr.write(JSON.stringify({ ms, peakKB: process.resourceUsage().maxRSS, n: value.annotations.length }) + '\\n');
`;

const CLI = `
const path = require('path');
const t0 = process.hrtime.bigint();
const args = process.argv.slice(1);
const root = args.shift();
require(path.join(root, 'dist', 'cli.js')).main(args).then((code) => {
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stderr.write(JSON.stringify({ ms, peakKB: process.resourceUsage().maxRSS, code }) + '\\n');
});
`;

// The preview's large-file path: index the file, then one image's annotations (src/annotations/cocoIndex.ts).
const INDEX = `
const t0 = process.hrtime.bigint();
const { readCocoIndex } = require(process.argv[1]);
readCocoIndex(process.argv[2]).then((index) => {
  const t1 = process.hrtime.bigint();
  const image = index.images[Math.floor(index.images.length / 2)];
  const shapes = index.shapesOf(image.id);
  const t2 = process.hrtime.bigint();
  process.stderr.write(JSON.stringify({ ms: Number(t1 - t0) / 1e6, oneMs: Number(t2 - t1) / 1e6, shapes: shapes.length, peakKB: process.resourceUsage().maxRSS }) + '\\n');
});
`;

export async function benchCocoScale({ root, out, runs = 1, keep = false }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-studio-bench-coco-'));
  const file = path.join(dir, 'instances_train2017.json');
  const indexBundle = path.join(dir, 'coco-index.cjs');
  await esbuild.build({ entryPoints: [path.join(root, 'src', 'annotations', 'cocoIndex.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: indexBundle, logLevel: 'warning' });
  out(`COCO at train2017 scale (CLI validate vs JSON.parse, fresh child processes; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);
  try {
    const t0 = Date.now();
    const g = generateCoco(file);
    out(`  generated ${path.basename(file)}: ${(g.bytes / 1e6).toFixed(0)} MB, ${g.images.toLocaleString('en-US')} images, ${g.annotations.toLocaleString('en-US')} annotations (${g.crowd.toLocaleString('en-US')} crowd RLE), ${g.injected} injected coco-unknown-category errors, in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const parse = [];
    const cli = [];
    const index = [];
    for (let i = 0; i < runs; i++) {
      parse.push(measured(PARSE, [file], dir));
      cli.push(measured(CLI, [root, 'validate', '--format', 'json', file], dir));
      index.push(measured(INDEX, [indexBundle, file], dir));
    }
    const best = (list) => list.filter((r) => !r.error).sort((a, b) => a.ms - b.ms)[0];
    const p = best(parse);
    const c = best(cli);
    if (!p) out(`  JSON.parse failed: ${parse[0].error}`);
    else out(`  JSON.parse (read + parse)        ${(p.ms / 1000).toFixed(1).padStart(6)} s   peak ${(p.peakKB / 1024).toFixed(0).padStart(5)} MB`);
    if (!c) out(`  datum-studio validate            failed: ${cli[0].error}`);
    else {
      let findings = [];
      try {
        findings = JSON.parse(cli.find((r) => r === c).stdout);
      } catch {
        findings = [];
      }
      const byCode = {};
      for (const f of findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
      out(`  datum-studio validate            ${(c.ms / 1000).toFixed(1).padStart(6)} s   peak ${(c.peakKB / 1024).toFixed(0).padStart(5)} MB   exit ${c.code}, ${findings.length} finding(s)${findings.length ? ': ' + Object.entries(byCode).map(([k, v]) => `${k} ${v}`).join(', ') : ''}`);
      if (p) out(`  validate / JSON.parse: ${(c.ms / p.ms).toFixed(2)}x time, ${(c.peakKB / p.peakKB).toFixed(2)}x peak memory (best of ${runs})`);
    }
    const x = best(index);
    if (!x) out(`  preview index                    failed: ${index[0].error}`);
    else {
      out(`  preview index (read + scan)      ${(x.ms / 1000).toFixed(1).padStart(6)} s   peak ${(x.peakKB / 1024).toFixed(0).padStart(5)} MB   then one image's ${x.shapes} shapes in ${x.oneMs.toFixed(1)} ms`);
      if (p) out(`  index / JSON.parse: ${(x.ms / p.ms).toFixed(2)}x time, ${(x.peakKB / p.peakKB).toFixed(2)}x peak memory`);
    }
  } finally {
    if (keep) out(`  kept ${file}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}
