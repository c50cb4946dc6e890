// `npm run bench:editing` (also part of `npm run bench`): dragging a box in the overlay preview, in
// the real VS Code (VS Code's server from code-server, Debian's Chromium through playwright), the
// mouse driven like a hand. The bench writes a 4000x3000 PNG and a ~4 MB MetaLake file with 10,000
// boxes and 2,000 polygons on it, opens the file and its preview (test/bench/editingBench.ts runs in
// the extension host and logs the file's text and diagnostics changes with their times), selects
// one box with a click and, five times, drags it with Alt held until it reaches past the image's
// right edge (the edit brings an `out-of-image` warning) and back inside (the warning goes), each
// drag in many small mouse steps. Measured:
//   - each frame the preview draws during a drag: drawing plus rasterizing (the page's frame probe,
//     render.ts, forces the raster with a 1-pixel read), target < 16 ms;
//   - mouse-up → the text has the new box (the extension host's onDidChangeTextDocument), and
//     mouse-up → the diagnostics show the change (onDidChangeDiagnostics with the warning there /
//     gone), target < 300 ms; times are wall-clock (Date.now) on one machine;
//   - mouse-up → the preview shows the box read back from the new text (polled, ±10 ms).
// Prints medians and p95 against the targets. Never fails on a missed target.
//   node scripts/bench/editing.mjs [--runs=5] [--steps=60] [--dpr=1] [--keep]   (--keep: a screenshot in bench-data/)
// Expects dist/ built (npm run build); compiles the tests when out/test/bench/ is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, ensureChromium } from '../system-deps.mjs';
import { REPO_ROOT, startServer, workbenchUrl } from '../vscode-server.mjs';
import { until } from '../workbench-ui.mjs';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const W = 4000;
const H = 3000;
/** The box the bench drags: the file's first annotation, alone with its label. */
const TARGET = [1700, 1400, 300, 200];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
};

// ---- the files

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A photo-like RGB PNG (gradients, soft blocks, a little noise), written with zlib alone. */
export function writePng(file, width = W, height = H) {
  const row = 1 + width * 3;
  const raw = Buffer.alloc(row * height);
  let seed = 7;
  for (let y = 0; y < height; y++) {
    const o = y * row;
    raw[o] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const noise = (seed >> 16) & 15;
      const block = ((x >> 7) + (y >> 7)) & 1 ? 24 : 0;
      const p = o + 1 + x * 3;
      raw[p] = (40 + (x * 120) / width + block + noise) | 0;
      raw[p + 1] = (60 + (y * 110) / height + noise) | 0;
      raw[p + 2] = (90 + ((x + y) * 60) / (width + height) + block) | 0;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 3 })), chunk('IEND', Buffer.alloc(0))]);
  fs.writeFileSync(file, png);
  return png.length;
}

/**
 * A MetaLake file for one 4000x3000 image: the target box first, then 9,999 boxes and 2,000
 * polygons (5 to 10 points) in ten labels, each with a confidence, metadata and attributes like a
 * detector's output, one key per line: about 4 MB, and no diagnostic.
 */
export function writeAnnotations(file, image, boxes = 10_000, polygons = 2_000) {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const labels = ['car', 'person', 'truck', 'bike', 'sign', 'tree', 'bus', 'dog', 'road', 'lane'];
  const colors = ['red', 'blue', 'white', 'black', 'grey', 'green'];
  const meta = (i) => `        "metadata": { "source": "detector", "track": ${i} },\n`;
  const attrs = () => {
    const c = Math.floor(rnd() * colors.length);
    return `        "attributes": { "color": [{ "value": "${colors[c]}", "confidence": ${(0.5 + rnd() / 2).toFixed(2)}, "metadata": {} }], "occluded": [{ "value": "${rnd() < 0.2 ? 'yes' : 'no'}", "confidence": 1, "metadata": {} }] }\n`;
  };
  const items = [];
  const box = (i, [x, y, w, h], label) => `      {\n        "type": "rectangle",\n        "bbox": [${x}, ${y}, ${w}, ${h}],\n        "confidence": ${rnd().toFixed(2)},\n        "label": "${label}",\n${meta(i)}${attrs()}      }`;
  items.push(box(0, TARGET, 'target'));
  // Nothing else under the target, so a click on it selects it.
  const clear = (x, y, w, h) => x > TARGET[0] + TARGET[2] + 4 || y > TARGET[1] + TARGET[3] + 4 || x + w < TARGET[0] - 4 || y + h < TARGET[1] - 4;
  for (let i = 1; i < boxes; ) {
    const w = Math.round(10 + rnd() * 120);
    const h = Math.round(10 + rnd() * 120);
    const at = [Math.floor(rnd() * (W - w)), Math.floor(rnd() * (H - h)), w, h];
    if (clear(...at)) items.push(box(i++, at, labels[i % 8]));
  }
  for (let i = 0; i < polygons; ) {
    const r = 10 + rnd() * 60;
    const cx = r + rnd() * (W - 2 * r);
    const cy = r + rnd() * (H - 2 * r);
    if (!clear(cx - r, cy - r, 2 * r, 2 * r)) continue;
    i++;
    const n = 5 + Math.floor(rnd() * 6);
    const points = [];
    for (let k = 0; k < n; k++) points.push(`[${(cx + Math.cos((k / n) * 2 * Math.PI) * r).toFixed(1)}, ${(cy + Math.sin((k / n) * 2 * Math.PI) * r).toFixed(1)}]`);
    items.push(`      {\n        "type": "polygon",\n        "polygon": [${points.join(', ')}],\n        "confidence": ${rnd().toFixed(2)},\n        "label": "${labels[8 + (i % 2)]}",\n${meta(boxes + i)}${attrs()}      }`);
  }
  const text = `{\n  "images": [\n    {\n      "image": "${image}",\n      "annotations": [\n${items.join(',\n')}\n      ]\n    }\n  ]\n}\n`;
  fs.writeFileSync(file, text);
  return { bytes: Buffer.byteLength(text), targetLine: text.slice(0, text.indexOf('"bbox": [')).split('\n').length - 1 };
}

// ---- driving the workbench

const data = (frame, key) => frame.evaluate((k) => document.getElementById('root').dataset[k] ?? '', key);

function readLog(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

export async function benchEditing({ root = REPO_ROOT, out = (l = '') => process.stdout.write(l + '\n'), runs = 5, steps = 60, dpr = 1, keep = false } = {}) {
  const bench = path.join(root, 'out/test/bench/editingBench.js');
  if (!fs.existsSync(bench)) {
    out('  compiling the tests (out/test/bench/editingBench.js is missing)');
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.test.json')], { stdio: 'inherit' });
    if (r.status !== 0 || !fs.existsSync(bench)) throw new Error(`${bench} is missing and compiling the tests failed: run npm run compile-tests`);
  }
  ensureChromium();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-bench-editing-'));
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace);
  const pngBytes = writePng(path.join(workspace, 'bench-picture.png'));
  const annotations = path.join(workspace, 'bench-editing.json');
  const { bytes, targetLine } = writeAnnotations(annotations, 'bench-picture.png');
  const logFile = path.join(tmp, 'log.jsonl');
  const stopFile = path.join(tmp, 'stop');
  let server, browser;
  const result = { bytes, pngBytes, frames: [], textMs: [], diagMs: [], previewMs: [], shapesAtMs: [], shapesDrawnMs: [], drags: [] };
  try {
    server = await startServer({
      workspace,
      settings: { 'editor.minimap.enabled': false, 'files.autoSave': 'off', 'window.customMenuBarAltFocus': false, 'workbench.colorTheme': 'Default Dark Modern' },
      env: { DATUM_BENCH_FILE: annotations, DATUM_BENCH_LOG: logFile, DATUM_BENCH_STOP: stopFile },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: dpr });
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    const hostLog = [];
    await page.exposeFunction('codeAutomationLog', (type, args) => { hostLog.push(`${type} ${JSON.stringify(args)}`); });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await page.goto(workbenchUrl(server.port, { workspace, payload: { extensionDevelopmentPath: root, extensionTestsPath: bench, skipWelcome: 'true' } }));
    await until('the extension host opened the file and its preview', async () => readLog(logFile).some((e) => e.kind === 'ready'), 180_000, 250);
    const frame = await until('the preview of bench-editing.json', async () => {
      for (const f of page.frames()) {
        const ok = await f.evaluate(() => document.title.includes('bench-editing.json') && document.getElementById('root')?.dataset.view !== undefined).catch(() => false);
        if (ok) return f;
      }
      return undefined;
    }, 120_000, 250);
    await until('the picture loaded', async () => (await data(frame, 'imageState')) === 'loaded', 120_000, 250);
    await until('12,000 shapes drawn', async () => (await data(frame, 'visibleShapes')) === '12000', 60_000, 250);
    const screenPoint = async (ix, iy) => {
      const [scale, x, y] = (await data(frame, 'view')).split(' ').map(Number);
      const box = await (await frame.$('canvas')).boundingBox();
      return { x: box.x + ix * scale + x, y: box.y + iy * scale + y };
    };
    const [scale] = (await data(frame, 'view')).split(' ').map(Number);
    const canvas = await frame.evaluate(() => { const c = document.querySelector('canvas'); return `${c.width}x${c.height}`; });
    const c = await screenPoint(TARGET[0] + TARGET[2] / 2, TARGET[1] + TARGET[3] / 2);
    await page.mouse.click(c.x, c.y);
    await until('the target box selected and editable', async () => (await data(frame, 'editable')) === '0', 30_000);
    await frame.evaluate(() => { document.querySelector('canvas').dataset.frameProbe = '1'; });
    // Let the first analysis's later phases and the layers' idle work settle.
    await page.waitForTimeout(3000);

    let box = [...TARGET];
    // Past the right edge by a quarter of the box's width, then past the left edge as far, and so on:
    // each edit changes the box's out-of-image warning (a check of the later phase, so the time is
    // that of the diagnostics' last step, not of a first step without it).
    const outBy = Math.round(TARGET[2] / 4);
    const plan = [[W - TARGET[0] - TARGET[2] + outBy, true]];
    for (let r = 0; r < 2 * runs - 1; r++) plan.push([(r % 2 ? 1 : -1) * (W - TARGET[2] + 2 * outBy), true]);
    for (let r = 0; r < 2 * runs; r++) {
      {
        const [dx, alt] = plan[r];
        const from = await screenPoint(box[0] + box[2] / 2, box[1] + box[3] / 2);
        const to = { x: from.x + dx * scale, y: from.y };
        await frame.evaluate(() => { document.querySelector('canvas').dataset.dragFrames = ''; });
        if (alt) await page.keyboard.down('Alt');
        await page.mouse.move(from.x, from.y);
        await page.mouse.down();
        await page.mouse.move(to.x, to.y, { steps });
        const live = (await data(frame, 'editBox')).split(' ').map(Number);
        const frames = (await frame.evaluate(() => document.querySelector('canvas').dataset.dragFrames ?? '')).trim().split(/\s+/).filter(Boolean).map(Number);
        const up = Date.now();
        await page.mouse.up();
        if (alt) await page.keyboard.up('Alt');
        if (live.length !== 4 || live.some((v) => !Number.isFinite(v))) throw new Error(`drag ${r + 1}: the page shows no live box (${live.join(' ')})`);
        const right = live[0] + live[2];
        const outside = right > W ? `right edge at ${right}` : live[0] < 0 ? `left edge at ${live[0]}` : undefined;
        const bboxText = `[${live.join(', ')}]`;
        // The preview shows the box read from the new text once nothing is pending.
        const previewAt = await until(`drag ${r + 1}: the preview at ${bboxText}`, async () => ((await data(frame, 'editPending')) === '' && (await data(frame, 'highlightBounds')) === live.join(' ') ? Date.now() : 0), 30_000, 10);
        const seen = await until(`drag ${r + 1}: the text and the diagnostics of ${bboxText}`, async () => {
          const log = readLog(logFile).filter((e) => e.t >= up - 5);
          const text = log.find((e) => e.kind === 'text' && e.texts.some((t) => bboxText.includes(t) || t.includes(String(live[0]))));
          if (!text) return undefined;
          const warned = (e) => e.outOfImage.some((d) => d.line === targetLine && d.message.includes(outside));
          const cleared = (e) => !e.outOfImage.some((d) => d.line === targetLine);
          const diag = log.find((e) => e.kind === 'diagnostics' && e.t >= text.t && (outside ? warned(e) : cleared(e)));
          return diag ? { text: text.t, diag: diag.t } : undefined;
        }, 60_000, 20);
        const probe = await frame.evaluate(() => ({ at: Number(document.querySelector('canvas').dataset.shapesAt), drawn: Number(document.querySelector('canvas').dataset.shapesDrawnAt) }));
        box = live;
        result.frames.push(...frames);
        result.textMs.push(seen.text - up);
        result.diagMs.push(seen.diag - up);
        result.previewMs.push(previewAt - up);
        if (probe.at >= up) {
          result.shapesAtMs.push(probe.at - up);
          result.shapesDrawnMs.push(probe.drawn - up);
        }
        result.drags.push({ outside: !!outside, frames: frames.length, text: seen.text - up, diag: seen.diag - up, preview: previewAt - up });
        await page.waitForTimeout(1500);
      }
    }
    if (keep) await page.screenshot({ path: path.join(root, 'bench-data', 'editing-bench.png') }).catch(() => {});
    fs.writeFileSync(stopFile, '');
    let timer;
    const code = await Promise.race([exited, new Promise((r) => { timer = setTimeout(() => r('timeout'), 60_000); })]);
    clearTimeout(timer);
    if (code !== 0) {
      out(`editing bench: the extension host's part ended with ${code}`);
      for (const l of hostLog.slice(-20)) out(`  ${l}`);
    }
    report(result, { runs, steps, scale, dpr, canvas }, out);
    return result;
  } catch (error) {
    const shot = path.join(os.tmpdir(), 'datum-editing-bench-failed.png');
    await browser?.contexts()[0]?.pages()[0]?.screenshot({ path: shot }).catch(() => {});
    out(`editing bench failed (screenshot: ${shot})`);
    throw error;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function report(r, { runs, steps, scale, dpr, canvas }, out) {
  const f = (x) => `${x.toFixed(1)} ms`.padStart(9);
  const verdict = (x, limit) => (x < limit ? 'OK' : 'MISSED');
  out(`Editing in the preview, in the real VS Code (VS Code server + Chromium, software rendering): 4000x3000 PNG, ${(r.bytes / 1048576).toFixed(1)} MB MetaLake file, 10,000 boxes + 2,000 polygons`);
  out(`  ${runs * 2} drags with Alt held, each to past the image's right or left edge (the first from inside), ${steps} mouse steps each, fit view (scale ${scale.toFixed(3)}), canvas ${canvas} device pixels (window 1920x1080 at ${dpr}x); ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  out(`  ${''.padEnd(40)}${'median'.padStart(9)}${'p95'.padStart(9)}${'max'.padStart(9)}   target`);
  const row = (name, xs, limit, what) => out(`  ${name.padEnd(40)}${f(median(xs))}${f(p95(xs))}${f(Math.max(...xs))}   ${what}  ${limit ? `median ${verdict(median(xs), limit)}, p95 ${verdict(p95(xs), limit)}` : ''}`);
  row(`drag frame (draw + raster, n=${r.frames.length})`, r.frames, 16, '< 16 ms');
  row('mouse-up → text has the box', r.textMs, 300, '< 300 ms');
  row('mouse-up → diagnostics refreshed', r.diagMs, 300, '< 300 ms');
  row('mouse-up → page has the new shapes', r.shapesAtMs, 0, '');
  row('mouse-up → page drew them', r.shapesDrawnMs, 0, '');
  row('mouse-up → preview settled (polled)', r.previewMs, 0, '');
  out(`  per drag (frames, text, diagnostics, preview ms): ${r.drags.map((d) => `${d.frames}/${Math.round(d.text)}/${Math.round(d.diag)}/${Math.round(d.preview)}`).join(', ')}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const num = (name, d) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]) || d;
  const result = await benchEditing({ runs: num('runs', 5), steps: num('steps', 60), dpr: num('dpr', 1), keep: args.includes('--keep') });
  process.exit(result.drags.length ? 0 : 1);
}
