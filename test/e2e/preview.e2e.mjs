// End-to-end tests of the overlay preview, driven from outside like a person would: VS Code's server
// + Debian's Chromium (playwright), a copy of samples/ as the workspace, keyboard and mouse only.
// Extension-host tests cannot see inside a webview, so this tier reads the preview's DOM (its root
// element's data-* attributes) and VS Code's status bar. Saves screenshots to test-artifacts/.
// Prints `e2e: N passed, N failed` last.   node test/e2e/preview.e2e.mjs [--keep-open]
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { REPO_ROOT, startServer, workbenchUrl } from '../../scripts/vscode-server.mjs';
import { focusWorkbench, goToLine, openFile, pickFirst, runCommand, until } from '../../scripts/workbench-ui.mjs';
import { editingFixtures, editingTests } from './editing.e2e.mjs';
import { cocoYoloEditingFixtures, cocoYoloEditingTests } from './cocoYoloEditing.e2e.mjs';
import { drawingFixtures, drawingTests } from './drawing.e2e.mjs';
import { evaluationTests } from './evaluation.e2e.mjs';
import { shapeMenuFixtures, shapeMenuTests } from './shapeMenu.e2e.mjs';
import { patchFixtures, patchTests } from './patch.e2e.mjs';

const require = createRequire(import.meta.url);
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The preview's frame: VS Code nests the page two iframes deep. */
async function previewFrame(page, image) {
  return until(`the preview webview${image ? ` showing ${image}` : ''}`, async () => {
    for (const frame of page.frames()) {
      const found = await frame.evaluate(() => document.getElementById('root')?.dataset.image ?? null).catch(() => null);
      if (found !== null && (!image || found.endsWith(image))) return frame;
    }
    return undefined;
  }, 30_000);
}

/** The preview of the annotation file `name` (by its page title), once it has drawn. */
async function previewOf(page, name) {
  return until(`the preview of ${name}`, async () => {
    for (const frame of page.frames()) {
      const ok = await frame.evaluate((n) => document.title.includes(n) && document.getElementById('root')?.dataset.view !== undefined, name).catch(() => false);
      if (ok) return frame;
    }
    return undefined;
  }, 30_000);
}

const data = (frame, key) => frame.evaluate((k) => document.getElementById('root').dataset[k] ?? '', key);

const selectionStatus = (page) => page.locator('#status\\.editor\\.selection').textContent();

/** Screen point (page coordinates) of an image point, from the preview's view transform. */
async function screenPoint(frame, ix, iy) {
  const [scale, x, y] = (await data(frame, 'view')).split(' ').map(Number);
  const box = await (await frame.$('canvas')).boundingBox();
  return { x: box.x + ix * scale + x, y: box.y + iy * scale + y };
}

/**
 * How many canvas pixels on the outline of a box (image coordinates) are in the label's colour: the
 * drawn pixels themselves, to check what the cached layers show, not only what the page reports.
 */
async function outlinePixels(frame, label, [bx, by, bw, bh]) {
  return frame.evaluate(({ label, bx, by, bw, bh }) => {
    const hex = document.querySelector(`.legend-list li[data-label="${label}"] .swatch`).value;
    const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const canvas = document.querySelector('canvas');
    const dpr = canvas.width / canvas.clientWidth;
    const [scale, vx, vy] = document.getElementById('root').dataset.view.split(' ').map(Number);
    const x0 = Math.floor((bx * scale + vx) * dpr) - 2;
    const y0 = Math.floor((by * scale + vy) * dpr) - 2;
    const w = Math.ceil(bw * scale * dpr) + 5;
    const h = Math.ceil(bh * scale * dpr) + 5;
    const { data } = canvas.getContext('2d').getImageData(x0, y0, w, h);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 200 && want.every((c, k) => Math.abs(data[i + k] - c) <= 24)) n++;
    }
    return n;
  }, { label, bx, by, bw, bh });
}

export async function runE2e() {
  // The document model the extension uses, from the compiled tests' output, to know what to expect.
  const { Validator } = require(path.join(REPO_ROOT, 'out/src/validation/analyze.js'));
  const { buildModel } = require(path.join(REPO_ROOT, 'out/src/preview/model/document.js'));
  const { LineIndex } = require(path.join(REPO_ROOT, 'out/src/core/text.js'));
  const validator = new Validator(path.join(REPO_ROOT, 'schemas'));

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-e2e-'));
  const workspace = path.join(tmp, 'samples');
  fs.cpSync(path.join(REPO_ROOT, 'samples'), workspace, { recursive: true });
  editingFixtures(workspace);
  cocoYoloEditingFixtures(workspace);
  shapeMenuFixtures(workspace);
  drawingFixtures(workspace);
  patchFixtures(workspace);
  const streetText = fs.readFileSync(path.join(workspace, 'annotations/street.json'), 'utf8');
  const street = buildModel(validator, streetText).doc;
  const lines = new LineIndex(streetText);
  const lineOf = (needle) => lines.positionAt(streetText.indexOf(needle)).line + 1;
  const { cocoModelOf } = require(path.join(REPO_ROOT, 'out/src/preview/model/cocoDocument.js'));
  const parkText = fs.readFileSync(path.join(workspace, 'coco/park.json'), 'utf8');
  const parkModel = cocoModelOf(validator.analyze(parkText, 'coco'), parkText).doc;
  const parkLines = new LineIndex(parkText);

  const results = [];
  let server, browser;
  const dialogs = [];
  try {
    server = await startServer({ settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false, 'files.autoSave': 'off' } });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    // Console lines of every frame, webviews included: the CSP must never have to block anything.
    const cspViolations = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
    await page.goto(workbenchUrl(server.port, { workspace, payload: { extensionDevelopmentPath: REPO_ROOT, skipWelcome: 'true' } }));
    await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
    await page.waitForTimeout(2000);

    let frame;
    // DATUM_E2E_GREP=<text> runs only the tests whose name contains it (each test of the COCO/YOLO
    // part opens its own files; the others build on the tests before them).
    const grep = process.env.DATUM_E2E_GREP;
    const test = async (name, fn) => {
      if (grep && !name.includes(grep)) return;
      const started = Date.now();
      try {
        await fn();
        results.push({ name, ok: true, ms: Date.now() - started });
        console.log(`  ✔ ${name}`);
      } catch (error) {
        results.push({ name, ok: false });
        console.log(`  ✘ ${name}\n      ${String(error.stack ?? error).split('\n').slice(0, 4).join('\n      ')}`);
        await page.screenshot({ path: path.join(ARTIFACTS, `e2e-failed-${results.length}.png`) }).catch(() => {});
      }
    };
    fs.mkdirSync(ARTIFACTS, { recursive: true });

    await test('the command opens the preview beside the file and draws every shape of the first image', async () => {
      await openFile(page, 'annotations/street.json');
      await runCommand(page, 'Datum Studio: Preview Overlays');
      frame = await previewFrame(page, 'street.jpg');
      assert.equal(await data(frame, 'image'), '../images/street.jpg');
      await until('5 visible shapes', async () => (await data(frame, 'visibleShapes')) === String(street.images[0].shapes.length));
      await until('the image loaded', async () => (await data(frame, 'imageState')) === 'loaded');
      // The picture loaded (a notice would say why not) and the legend lists each label.
      assert.equal(await frame.$eval('.notice', (n) => n.hidden), true);
      assert.deepEqual(await frame.$$eval('.legend-label', (l) => l.map((e) => e.textContent).sort()), ['car', 'lane', 'person', 'road', 'tree']);
      // Labels that hash alike still get different colours.
      const swatches = await frame.$$eval('.legend-list .swatch', (l) => l.map((e) => e.value));
      assert.equal(new Set(swatches).size, 5, swatches.join(' '));
      // The dark screenshot (README) before any edit: hovering the tree dims the other shapes.
      const tree = street.images[0].shapes[3];
      const p = await screenPoint(frame, tree.points[0] - 30, tree.points[1] + 50);
      await page.mouse.move(p.x, p.y);
      await until('hover on the tree', async () => (await data(frame, 'hover')) === '3');
      await page.screenshot({ path: path.join(ARTIFACTS, 'preview-dark.png') });
      await page.mouse.move(p.x, p.y - 200);
    });

    await test('the page shows the texts the host sent in its HTML (vscode.l10n.t on the host side)', async () => {
      const sent = JSON.parse(await data(frame, 'strings'));
      assert.equal(sent.fit, 'Fit');
      assert.equal(sent.broken, 'The JSON is broken at line {0}, column {1}: {2} Showing the last version that parsed.');
      assert.ok(Object.keys(sent).length >= 30, Object.keys(sent).join(' '));
      const shown = await frame.evaluate(() => ({
        buttons: [...document.querySelectorAll('.toolbar button')].map((b) => b.textContent),
        legend: document.querySelector('.legend-head h2')?.textContent,
        strip: document.querySelector('.strip')?.getAttribute('aria-label'),
        count: document.querySelector('.count-text')?.textContent,
      }));
      assert.deepEqual(shown.buttons.slice(0, 3), [sent.fit, sent.actualSize, sent.zoomToShape]);
      assert.equal(shown.legend, sent.labels);
      assert.equal(shown.strip, sent.images);
      assert.equal(shown.count, `5 of 5 shapes`);
    });

    await test('clicking a shape selects its annotation in the editor', async () => {
      const car = street.images[0].shapes[0];
      const [x, y, w, h] = car.points;
      const p = await screenPoint(frame, x + w / 2, y + h / 2);
      await page.mouse.click(p.x, p.y);
      const range = street.rangeOf(0, 0);
      const end = lines.positionAt(range.end);
      const expected = `Ln ${end.line + 1}, Col ${end.character + 1} (${range.end - range.start} selected)`;
      // The file is editable: the preview keeps the keys (Delete, R, the arrows act on the shape), the
      // text is selected in the editor beside; the status bar shows it once the editor has the focus
      // (a click on its tab moves no cursor).
      await until('the text selected in the editor', async () => page.evaluate(() => document.querySelectorAll('.part.editor .monaco-editor .selected-text').length > 0));
      assert.equal(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor')), false, 'the keys stay with the preview');
      await page.locator('.tab', { hasText: 'street.json' }).filter({ hasNotText: 'Overlays' }).first().click();
      await until(`status bar "${expected}"`, async () => (await selectionStatus(page))?.includes(expected));
      assert.equal(await data(frame, 'highlight'), '0');
    });

    await test('moving the cursor into an annotation highlights its shape', async () => {
      await goToLine(page, lineOf('"person"'), 12);
      await until('annotation 1 highlighted', async () => (await data(frame, 'highlight')) === '1');
      assert.equal(await data(frame, 'highlightBounds'), '118 276 35 126');
    });

    await test('editing a number moves the shape, keeping the zoom, without sending the image again', async () => {
      const view = await data(frame, 'view');
      const imageMessages = await data(frame, 'imageMessages');
      await goToLine(page, lineOf('[118, 276'), streetText.split('\n')[lineOf('[118, 276') - 1].indexOf('118') + 1);
      await page.keyboard.press('Shift+End');
      await page.keyboard.type('218, 276, 35, 126],');
      await until('the person box at x=218', async () => (await data(frame, 'highlightBounds')) === '218 276 35 126');
      assert.equal(await data(frame, 'view'), view);
      assert.equal(await data(frame, 'imageMessages'), imageMessages);
    });

    await test('broken JSON keeps the last drawing and says where the text is broken', async () => {
      await page.keyboard.type(' oops');
      const line = lineOf('[118, 276');
      await until('the broken banner', async () => (await data(frame, 'broken')) !== '');
      const banner = await frame.$eval('.banner', (b) => (b.hidden ? '' : b.textContent));
      assert.match(banner, new RegExp(`line ${line}`));
      assert.equal(await data(frame, 'visibleShapes'), '5');
      for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace');
      await until('the banner gone', async () => (await data(frame, 'broken')) === '');
      await page.keyboard.press('Home');
    });

    await test('the confidence slider hides low-confidence shapes; its range comes from the data', async () => {
      const slider = await frame.$('#threshold');
      assert.equal(await slider.getAttribute('min'), '0.58');
      assert.equal(await slider.getAttribute('max'), '0.94');
      await slider.focus();
      await page.keyboard.press('End');
      await until('1 visible shape', async () => (await data(frame, 'visibleShapes')) === '1');
      await page.keyboard.press('Home');
      await until('5 visible shapes', async () => (await data(frame, 'visibleShapes')) === '5');
    });

    await test('legend: "Only" shows one label, ticking another adds it, "All" restores', async () => {
      await frame.click('.legend-list li[data-label="car"] button');
      await until('1 visible shape', async () => (await data(frame, 'visibleShapes')) === '1');
      await frame.click('.legend-list li[data-label="road"] input[type=checkbox]');
      await until('2 visible shapes', async () => (await data(frame, 'visibleShapes')) === '2');
      await frame.click('.legend-head button:has-text("All")');
      await until('5 visible shapes', async () => (await data(frame, 'visibleShapes')) === '5');
    });

    await test('legend: a hidden label\'s shapes leave the canvas, the other labels\' stay, and it comes back', async () => {
      const car = street.images[0].shapes[0].points;
      const lane = street.images[0].shapes[4];
      const box = (label) => frame.click(`.legend-list li[data-label="${label}"] input[type=checkbox]`);
      const carPixels = () => outlinePixels(frame, 'car', car);
      const shown = await carPixels();
      assert.ok(shown > 50, `the car's outline is drawn (${shown} pixels)`);
      await box('car');
      await until('the car outline gone from the canvas', async () => (await carPixels()) === 0);
      assert.equal(await data(frame, 'visibleShapes'), '4');
      await box('car');
      await until('the car outline back', async () => (await carPixels()) === shown);
      // Switching another label (the line) draws that label's layer again: the car stays.
      await box(lane.label);
      await until('4 visible shapes', async () => (await data(frame, 'visibleShapes')) === '4');
      assert.equal(await carPixels(), shown);
      await box(lane.label);
      await until('5 visible shapes', async () => (await data(frame, 'visibleShapes')) === '5');
      assert.equal(await carPixels(), shown);
    });

    await test('wheel zooms at the cursor, drag pans, Fit and 100% reset, double-click zooms to a shape', async () => {
      const fitted = (await data(frame, 'view')).split(' ').map(Number);
      const person = street.images[0].shapes[1].points;
      const at = await screenPoint(frame, person[0] + person[2] / 2, person[1] + person[3] / 2);
      await page.mouse.move(at.x, at.y);
      await page.mouse.wheel(0, -300);
      await until('a zoomed view', async () => Number((await data(frame, 'view')).split(' ')[0]) > fitted[0] * 1.5);
      // The image point under the cursor stays there.
      const still = await screenPoint(frame, person[0] + person[2] / 2, person[1] + person[3] / 2);
      assert.ok(Math.abs(still.x - at.x) < 1.5 && Math.abs(still.y - at.y) < 1.5, JSON.stringify({ at, still }));
      const before = (await data(frame, 'view')).split(' ').map(Number);
      const canvasBox = await (await frame.$('canvas')).boundingBox();
      const empty = { x: canvasBox.x + 20, y: canvasBox.y + 20 }; // above the image's top-left: no shape
      await page.mouse.move(empty.x, empty.y);
      await page.mouse.down();
      await page.mouse.move(empty.x - 40, empty.y + 25, { steps: 5 });
      await page.mouse.up();
      const dragged = (await data(frame, 'view')).split(' ').map(Number);
      assert.ok(Math.abs(dragged[1] - before[1] + 40) < 1 && Math.abs(dragged[2] - before[2] - 25) < 1, `${before} → ${dragged}`);
      await frame.click('.toolbar button:has-text("100%")');
      await until('scale 1', async () => (await data(frame, 'view')).split(' ')[0] === '1');
      await frame.click('.toolbar button:has-text("Fit")');
      // Fit: the whole 640x480 image inside the picture area, centred (the area may have changed size).
      await until('the whole image in view, centred', async () => {
        const [scale, x, y] = (await data(frame, 'view')).split(' ').map(Number);
        const area = await (await frame.$('canvas')).boundingBox();
        const w = 640 * scale, h = 480 * scale;
        const inside = x >= 0 && y >= 0 && x + w <= area.width + 0.5 && y + h <= area.height + 0.5;
        const centred = Math.abs(x - (area.width - x - w)) < 1 && Math.abs(y - (area.height - y - h)) < 1;
        return inside && centred && scale <= 1;
      });
      const car = street.images[0].shapes[0].points;
      const c = await screenPoint(frame, car[0] + car[2] / 2, car[1] + car[3] / 2);
      await page.mouse.dblclick(c.x, c.y);
      await until('zoomed to the car', async () => Number((await data(frame, 'view')).split(' ')[0]) > fitted[0] * 1.5);
      const box = await (await frame.$('canvas')).boundingBox();
      const centre = await screenPoint(frame, car[0] + car[2] / 2, car[1] + car[3] / 2);
      assert.ok(Math.abs(centre.x - (box.x + box.width / 2)) < 2 && Math.abs(centre.y - (box.y + box.height / 2)) < 2);
      await frame.click('.toolbar button:has-text("Fit")');
    });

    await test('a colour picked in the legend is kept for the label', async () => {
      await frame.$eval('.legend-list li[data-label="car"] .swatch', (input) => {
        input.dataset.picked = 'yes';
        input.value = '#00ff00';
        input.dispatchEvent(new Event('change'));
      });
      // The legend is drawn again from the colours the extension sends back (and remembers).
      await until('car in green, from the extension', async () => frame.$eval('.legend-list li[data-label="car"] .swatch', (i) => i.value === '#00ff00' && !i.dataset.picked));
    });

    await test('light and high-contrast screenshots of the preview', async () => {
      const tree = street.images[0].shapes[3];
      const p = await screenPoint(frame, tree.points[0] - 30, tree.points[1] + 50);
      await runCommand(page, 'Preferences: Color Theme');
      await page.keyboard.type('Light Modern');
      await pickFirst(page, 'Light Modern');
      await until('a light workbench', async () => page.evaluate(() => document.querySelector('.monaco-workbench').classList.contains('vs')));
      await page.waitForTimeout(800);
      await page.mouse.move(p.x + 1, p.y + 1);
      await until('hover on the tree', async () => (await data(frame, 'hover')) === '3');
      await page.screenshot({ path: path.join(ARTIFACTS, 'preview-light.png') });
      await runCommand(page, 'Preferences: Color Theme');
      await page.keyboard.type('Dark High Contrast');
      await pickFirst(page, 'Dark High Contrast');
      await until('a high-contrast workbench', async () => page.evaluate(() => document.querySelector('.monaco-workbench').classList.contains('hc-black')));
      await page.waitForTimeout(800);
      await page.mouse.move(p.x, p.y);
      await until('hover on the tree', async () => (await data(frame, 'hover')) === '3');
      await page.screenshot({ path: path.join(ARTIFACTS, 'preview-high-contrast.png') });
    });

    await test('the image list switches images by keyboard', async () => {
      const strip = await frame.$('.strip');
      assert.equal(await strip.isVisible(), true);
      await strip.focus();
      await page.keyboard.press('ArrowDown');
      await until('parking.png shown', async () => (await data(frame, 'image')) === '../images/parking.png');
      await until('5 parking shapes', async () => (await data(frame, 'visibleShapes')) === String(street.images[1].shapes.length));
      await page.keyboard.press('Home');
      await until('street.jpg shown', async () => (await data(frame, 'image')) === '../images/street.jpg');
    });

    await test('a label written as HTML shows as text and runs nothing', async () => {
      await openFile(page, 'annotations/xss-label.json');
      await runCommand(page, 'Datum Studio: Preview Overlays');
      const xss = await previewOf(page, 'xss-label.json');
      await until('1 visible shape', async () => (await data(xss, 'visibleShapes')) === '1');
      assert.deepEqual(await xss.$$eval('.legend-label', (l) => l.map((e) => e.textContent)), ['<img src=x onerror=alert(1)>']);
      const p = await screenPoint(xss, 470, 380);
      await page.mouse.move(p.x, p.y);
      await until('the tooltip', async () => xss.$eval('.tooltip', (t) => !t.hidden));
      const tip = await xss.$eval('.tooltip', (t) => t.textContent);
      assert.ok(tip.includes('<img src=x onerror=alert(1)>') && tip.includes("<script>alert('metadata')</script>"), tip);
      assert.equal(await xss.evaluate(() => document.querySelectorAll('#root img, #root script').length), 0);
      assert.deepEqual(dialogs, []);
      assert.deepEqual(cspViolations, []);
      // Back to the street preview, hidden meanwhile: its page starts again and gets its image again.
      await page.locator('.tab', { hasText: 'Overlays: street.json' }).click();
      const again = await previewOf(page, 'street.json');
      await until('the street image loaded again', async () => (await data(again, 'imageState')) === 'loaded');
      assert.equal(await data(again, 'visibleShapes'), '5');
      assert.equal(await data(again, 'imageSize'), '640x480');
      // The image file changes on disk (here: replaced by an 800x600 picture): the preview follows.
      fs.copyFileSync(path.join(workspace, 'images/parking.png'), path.join(workspace, 'images/street.jpg'));
      await until('the new picture', async () => (await data(again, 'imageSize')) === '800x600');
    });

    await test('an image type webviews cannot show is named, and the shapes still drawn', async () => {
      // A TIFF (which webviews cannot show) and an annotation file naming it.
      const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4);
      tiff.write('II', 0); tiff.writeUInt16LE(42, 2); tiff.writeUInt32LE(8, 4); tiff.writeUInt16LE(2, 8);
      [[256, 10], [257, 8]].forEach(([tag, value], i) => {
        const o = 10 + i * 12;
        tiff.writeUInt16LE(tag, o); tiff.writeUInt16LE(3, o + 2); tiff.writeUInt32LE(1, o + 4); tiff.writeUInt16LE(value, o + 8);
      });
      fs.writeFileSync(path.join(workspace, 'images/scan.tif'), tiff);
      fs.writeFileSync(path.join(workspace, 'annotations/scan.json'), JSON.stringify({ images: [{ image: '../images/scan.tif', annotations: [{ type: 'rectangle', bbox: [1, 1, 4, 4], label: 'dust' }] }] }, null, 2));
      await openFile(page, 'annotations/scan.json');
      await runCommand(page, 'Datum Studio: Preview Overlays');
      const scan = await previewOf(page, 'scan.json');
      await until('the notice', async () => scan.$eval('.notice', (n) => !n.hidden && n.textContent.includes('TIFF')));
      assert.equal(await data(scan, 'visibleShapes'), '1');
    });

    await test('an image that is not found is explained, with a button to choose the file', async () => {
      await openFile(page, 'annotations/predictions-broken.json');
      await runCommand(page, 'Datum Studio: Preview Overlays');
      const broken = await previewOf(page, 'predictions-broken.json');
      await broken.focus('.strip');
      await page.keyboard.press('ArrowDown');
      await until('the missing image', async () => broken.$eval('.notice', (n) => !n.hidden && n.textContent.includes('was not found')));
      assert.equal(await data(broken, 'image'), 'missing-frame-0042.jpg');
      const text = await broken.$eval('.notice', (n) => n.textContent);
      assert.match(text, /Looked in "annotations"/);
      assert.ok(await broken.$('.notice button:has-text("Choose image file")'));
    });
    await test('after a window reload the preview comes back with the same image and view', async () => {
      const before = await previewOf(page, 'predictions-broken.json');
      const image = await data(before, 'image');
      const view = await data(before, 'view');
      await runCommand(page, 'Developer: Reload Window');
      await page.waitForTimeout(1500);
      await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
      const after = await previewOf(page, 'predictions-broken.json');
      await until(`image ${image}`, async () => (await data(after, 'image')) === image);
      assert.equal(await data(after, 'view'), view);
      // The colour picked for "car" in another file's preview, before the reload, still holds.
      await focusWorkbench(page);
      await after.focus('.strip');
      await page.keyboard.press('Home');
      await until('car in green', async () => after.$eval('.legend-list li[data-label="car"] .swatch', (i) => i.value === '#00ff00'));
    });
    await evaluationTests({ page, test, workspace, until, data, openFile, runCommand, previewOf, pickFirst, selectionStatus, artifacts: ARTIFACTS });
    await editingTests({ page, test, workspace, until, data, openFile, runCommand, previewOf, screenPoint });
    await cocoYoloEditingTests({ page, test, workspace, until, data, openFile, runCommand, previewOf, screenPoint });
    await shapeMenuTests({ page, test, workspace, until, data, openFile, runCommand, previewOf, pickFirst, screenPoint, artifacts: ARTIFACTS });
    await drawingTests({ page, test, workspace, until, data, openFile, runCommand, previewOf, screenPoint, pickFirst, artifacts: ARTIFACTS });
    await patchTests({ page, test, until, data, openFile, runCommand, previewOf });

    /**
     * The COCO and YOLO tests start in the first editor group with the other groups' editors (the
     * previews) closed, whatever the tests before left open (street.json stays edited, unsaved).
     */
    const freshLayout = async () => {
      await runCommand(page, 'View: Focus First Editor Group');
      await runCommand(page, 'View: Close Editors in Other Groups');
      await until('no preview open', async () => (await page.locator('.tab', { hasText: 'Overlays:' }).count()) === 0);
    };

    await test('COCO: boxes, polygon, RLE masks and keypoints with the skeleton, labelled by category, linked with the text', async () => {
      await freshLayout();
      await openFile(page, 'coco/park.json');
      await runCommand(page, 'Datum Studio: Preview Overlays');
      const coco = await previewOf(page, 'park.json');
      // (The command's click into the editor put the cursor somewhere, which the preview follows.)
      await coco.click('.strip li[data-index="0"]');
      await until('park.png loaded', async () => (await data(coco, 'image')) === 'park.png' && (await data(coco, 'imageState')) === 'loaded');
      const park = parkModel.images[0];
      await until('4 visible shapes', async () => (await data(coco, 'visibleShapes')) === String(park.shapes.length));
      assert.deepEqual(await coco.$$eval('.legend-label', (l) => l.map((e) => e.textContent).sort()), ['dog', 'person']);
      // Counted by annotation (the person's box and polygon are one): two persons, one dog; three on park.png.
      assert.deepEqual(await coco.$$eval('.legend-list li', (l) => l.map((e) => `${e.dataset.label} ${e.querySelector('.count').textContent}`).sort()), ['dog 1', 'person 2']);
      assert.deepEqual(await coco.$$eval('.strip li .count', (l) => l.map((e) => e.textContent)), ['3', '1']);
      // Two masks (a crowd's uncompressed RLE, a compressed one), 14 visible and 2 hidden keypoints, 17 skeleton edges.
      assert.equal(await data(coco, 'masks'), '2');
      assert.equal(await data(coco, 'keypoints'), '14 2');
      assert.equal(await data(coco, 'skeleton'), '17');
      await page.mouse.move(5, 5);
      // The pixels: inside the dog's mask the canvas is tinted, and the tint goes with the label.
      const pixel = (ix, iy) => coco.evaluate(([ix, iy]) => {
        const canvas = document.querySelector('canvas');
        const dpr = canvas.width / canvas.clientWidth;
        const [scale, vx, vy] = document.getElementById('root').dataset.view.split(' ').map(Number);
        return [...canvas.getContext('2d').getImageData(Math.round((ix * scale + vx) * dpr), Math.round((iy * scale + vy) * dpr), 1, 1).data];
      }, [ix, iy]);
      const color = (label) => coco.$eval(`.legend-list li[data-label="${label}"] .swatch`, (s) => [1, 3, 5].map((i) => parseInt(s.value.slice(i, i + 2), 16)));
      const near = (a, b, tolerance) => a.slice(0, 3).every((v, i) => Math.abs(v - b[i]) <= tolerance);
      await until('the canvas drawn', async () => (await pixel(203, 203))[3] === 255);
      const tinted = await pixel(203, 203);
      await coco.click('.legend-list li[data-label="dog"] input[type=checkbox]');
      await until('the dog hidden', async () => (await data(coco, 'masks')) === '1');
      const plain = await until('the plain picture under the dog', async () => { const p = await pixel(203, 203); return near(p, tinted, 8) ? undefined : p; });
      // The plain pixel is the picture's brown (#9c6644); the tinted one is between it and the dog's colour.
      assert.ok(near(plain, [0x9c, 0x66, 0x44], 12), `plain ${plain}`);
      const dog = await color('dog');
      const expected = plain.slice(0, 3).map((v, i) => v + (dog[i] - v) * (115 / 255));
      assert.ok(near(tinted, expected, 12), `tinted ${tinted}, expected about ${expected.map(Math.round)} (dog ${dog})`);
      await coco.click('.legend-list li[data-label="dog"] input[type=checkbox]');
      await until('the dog back', async () => (await data(coco, 'masks')) === '2');
      // A visible keypoint (the left hip, v = 2) is a dot in the person's colour.
      const hip = park.keypoints[0].points.slice(11 * 3, 11 * 3 + 2);
      const person = await color('person');
      await until('the left hip drawn', async () => near(await pixel(hip[0], hip[1]), person, 24));
      await page.screenshot({ path: path.join(ARTIFACTS, 'preview-coco.png') });
      // Clicking the dog selects its annotation object in the text.
      const p = await screenPoint(coco, 203, 203);
      await page.mouse.click(p.x, p.y);
      const range = parkModel.rangeOf(0, 2);
      const end = parkLines.positionAt(range.end);
      const status = `Ln ${end.line + 1}, Col ${end.character + 1} (${range.end - range.start} selected)`;
      // The editable preview keeps the keys: the status bar shows the selection of the editor once it has the focus (a click on its tab moves no cursor).
      await until('the text selected in the editor', async () => page.evaluate(() => document.querySelectorAll('.part.editor .monaco-editor .selected-text').length > 0));
      await page.locator('.tab', { hasText: 'park.json' }).filter({ hasNotText: 'Overlays' }).first().click();
      await until(`status bar "${status}"`, async () => (await selectionStatus(page))?.includes(status));
      assert.equal(await data(coco, 'highlight'), '2');
      // The cursor in the person's annotation highlights the person.
      await goToLine(page, parkLines.positionAt(parkText.indexOf('"num_keypoints"')).line + 1, 8);
      await until('the person highlighted', async () => (await data(coco, 'highlight')) === '0');
      // The README's picture: the preview panel, zoomed in twice (1.25 × 1.25).
      await coco.focus('.stage');
      await page.keyboard.press('+');
      await page.keyboard.press('+');
      await until('zoomed in', async () => Number((await data(coco, 'view')).split(' ')[0]) > 1.5);
      await page.mouse.move(5, 5);
      const panel = await page.locator('.part.editor .editor-group-container').nth(1).boundingBox();
      if (panel) await page.screenshot({ path: path.join(ARTIFACTS, 'preview-coco-panel.png'), clip: panel });
    });

    await test('COCO: a results file draws on the images of the ground truth beside it', async () => {
      await freshLayout();
      await openFile(page, 'coco/park-results.json');
      await runCommand(page, 'Datum Studio: Preview Overlays');
      const results = await previewOf(page, 'park-results.json');
      await until('park.png loaded', async () => (await data(results, 'imageState')) === 'loaded');
      await until('3 visible shapes', async () => (await data(results, 'visibleShapes')) === '3');
      assert.equal(await data(results, 'masks'), '1');
      assert.equal(await data(results, 'keypoints'), '16 0');
      // Scores: the confidence slider spans them.
      assert.equal(await results.$eval('#threshold', (s) => s.min), '0.47');
    });

    await test('YOLO: a label file shows its split, its boxes named by data.yaml, linked line by line', async () => {
      await freshLayout();
      await openFile(page, 'yolo/labels/train/road.txt');
      await runCommand(page, 'Datum Studio: Preview Overlays');
      const yolo = await previewOf(page, 'road.txt');
      await until('road.jpg loaded', async () => (await data(yolo, 'imageState')) === 'loaded');
      assert.equal(await data(yolo, 'image'), 'road.jpg');
      await until('3 visible shapes', async () => (await data(yolo, 'visibleShapes')) === '3');
      assert.deepEqual(await yolo.$$eval('.legend-label', (l) => l.map((e) => e.textContent).sort()), ['bicycle', 'car', 'person']);
      // The split's images: lot.png and road.jpg.
      assert.deepEqual(await yolo.$$eval('.strip li .name', (l) => l.map((e) => e.textContent)), ['lot.png', 'road.jpg']);
      // The person (line 2: class 1, cx 0.2, cy 0.7, w 0.05, h 0.25 of 640×480) is where the numbers say.
      const roadText = fs.readFileSync(path.join(workspace, 'yolo/labels/train/road.txt'), 'utf8');
      const line2 = roadText.split('\n')[1];
      const [, cx, cy] = line2.split(' ').map(Number);
      await page.screenshot({ path: path.join(ARTIFACTS, 'preview-yolo.png') });
      const p = await screenPoint(yolo, cx * 640, cy * 480);
      await page.mouse.click(p.x, p.y);
      const status = `Ln 2, Col ${line2.length + 1} (${line2.length} selected)`;
      // As for COCO: the editor's tab gives it the focus, so the status bar shows its selection.
      await until('the text selected in the editor', async () => page.evaluate(() => document.querySelectorAll('.part.editor .monaco-editor .selected-text').length > 0));
      await page.locator('.tab', { hasText: 'road.txt' }).filter({ hasNotText: 'Overlays' }).first().click();
      await until(`status bar "${status}"`, async () => (await selectionStatus(page))?.includes(status));
      assert.equal(await data(yolo, 'highlight'), '1');
      await goToLine(page, 3, 3);
      await until('the bicycle highlighted', async () => (await data(yolo, 'highlight')) === '2');
      // The other image of the split: its label file's valid lines are drawn.
      await yolo.focus('.strip');
      await page.keyboard.press('Home');
      await until('lot.png shown', async () => (await data(yolo, 'image')) === 'lot.png');
      assert.ok(Number(await data(yolo, 'visibleShapes')) > 0);
    });

    await test('YOLO: data.yaml opens its split; an image without labels nearby says where it looked', async () => {
      await freshLayout();
      await openFile(page, 'yolo/data.yaml');
      await runCommand(page, 'Datum Studio: Preview Overlays');
      const split = await previewOf(page, 'data.yaml');
      await until('lot.png shown', async () => (await data(split, 'image')) === 'lot.png');
      assert.equal(await split.$$eval('.strip li', (l) => l.length), 2);
      // A label file whose image is missing: the notice names the folder it looked in.
      fs.writeFileSync(path.join(workspace, 'yolo/labels/train/gone.txt'), '0 0.5 0.5 0.2 0.2\n');
      await openFile(page, 'yolo/labels/train/gone.txt');
      await runCommand(page, 'Datum Studio: Preview Overlays');
      const gone = await previewOf(page, 'gone.txt');
      await until('the notice', async () => gone.$eval('.notice', (n) => !n.hidden && n.textContent.includes('No image for the labels')));
      assert.match(await gone.$eval('.notice', (n) => n.textContent), /yolo\/images\/train/);
      assert.equal(await data(gone, 'visibleShapes'), '1');
    });

    await test('YOLO: segmentation lines are polygons, scaled by the image size', async () => {
      await freshLayout();
      await openFile(page, 'yolo-seg/labels/val/park.txt');
      await runCommand(page, 'Datum Studio: Preview Overlays');
      const seg = await previewOf(page, 'park.txt');
      await until('park.png loaded', async () => (await data(seg, 'imageState')) === 'loaded');
      await until('3 visible shapes', async () => (await data(seg, 'visibleShapes')) === '3');
      assert.deepEqual(await seg.$$eval('.legend-list li', (l) => l.map((e) => `${e.dataset.label} ${e.querySelector('.count').textContent}`).sort()), ['dog 1', 'person 2']);
      await page.mouse.move(5, 5);
      // The dog's outline is drawn around (200, 205) of the 320×240 picture, in the dog's colour.
      // (A polygon's hairline is anti-aliased: only part of its pixels are the label's colour itself.)
      const box = [170, 191, 60, 28];
      const shown = await until('the dog outline on the canvas', async () => { const n = await outlinePixels(seg, 'dog', box); return n > 15 ? n : undefined; });
      await seg.click('.legend-list li[data-label="dog"] input[type=checkbox]');
      await until('the dog outline gone', async () => (await outlinePixels(seg, 'dog', box)) < shown / 3);
    });
  } catch (error) {
    results.push({ name: 'e2e setup', ok: false });
    console.log(`  ✘ e2e setup: ${error.stack ?? error}`);
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runE2e();
}
