// End-to-end tests of changing boxes in the preview, run by preview.e2e.mjs in its VS Code +
// Chromium session: a box selected with a click is dragged, resized by a corner handle and nudged
// with the arrow keys, and the annotation file's text is checked exactly after each gesture, after
// the editor's undo and after its redo. The text is read from disk after Ctrl+S in the editor (the
// preview itself never saves: the disk is checked unchanged first).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-artifacts');

const PIXEL = '{\n  "images": [\n    {\n      "image": "boxes-picture.jpg",\n      "annotations": [\n        { "label": "car", "bbox": [100, 120, 200, 80] },\n        { "label": "person", "bbox": [400, 150, 50, 120] }\n      ]\n    }\n  ]\n}\n';
const NORMALIZED = '{\r\n\t"images": [\r\n\t\t{\r\n\t\t\t"image": "boxes-picture.jpg",\r\n\t\t\t"annotations": [\r\n\t\t\t\t{"bbox": [0.25, 0.25, 0.3125, 0.25], "label": "car"}\r\n\t\t\t]\r\n\t\t}\r\n\t]\r\n}\r\n';

// Polygons and lines (one-line nested pairs), and a normalized CRLF file with tabs and one point per line.
const SHAPES = '{\n  "images": [\n    {\n      "image": "boxes-picture.jpg",\n      "annotations": [\n        { "label": "road", "type": "polygon", "polygon": [[100, 100], [300, 100], [300, 300], [100, 300]] },\n        { "label": "lane", "type": "line", "line": [[400, 60], [600, 260]] }\n      ]\n    }\n  ]\n}\n';
const SHAPES_NORMALIZED = '{\r\n\t"images": [\r\n\t\t{\r\n\t\t\t"image": "boxes-picture.jpg",\r\n\t\t\t"annotations": [\r\n\t\t\t\t{\r\n\t\t\t\t\t"label": "road",\r\n\t\t\t\t\t"type": "polygon",\r\n\t\t\t\t\t"polygon": [\r\n\t\t\t\t\t\t[0.25, 0.25],\r\n\t\t\t\t\t\t[0.5, 0.25],\r\n\t\t\t\t\t\t[0.5, 0.5]\r\n\t\t\t\t\t]\r\n\t\t\t\t}\r\n\t\t\t]\r\n\t\t}\r\n\t]\r\n}\r\n';

/** The files the tests edit, written into the workspace before VS Code opens it. */
export function editingFixtures(workspace) {
  fs.mkdirSync(path.join(workspace, 'edit'), { recursive: true });
  // A picture of their own (640x480), named like no other: other tests change images/street.jpg on disk, and some find images by name.
  fs.copyFileSync(path.join(workspace, 'images/street.jpg'), path.join(workspace, 'edit/boxes-picture.jpg'));
  fs.writeFileSync(path.join(workspace, 'edit/boxes.json'), PIXEL);
  fs.writeFileSync(path.join(workspace, 'edit/normalized-crlf.json'), NORMALIZED);
  fs.writeFileSync(path.join(workspace, 'edit/shapes.json'), SHAPES);
  fs.writeFileSync(path.join(workspace, 'edit/shapes-normalized-crlf.json'), SHAPES_NORMALIZED);
}

export async function editingTests({ page, test, workspace, until, data, openFile, runCommand, previewOf, screenPoint }) {
  const file = (name) => path.join(workspace, 'edit', name);
  const disk = (name) => fs.readFileSync(file(name), 'utf8');
  const bounds = async (frame) => (await data(frame, 'highlightBounds')).split(' ').map(Number);

  /** Saves the file from its editor and waits until the disk has `want`. */
  const saved = async (name, want) => {
    // On the box's line: the cursor keeps that annotation selected in the preview.
    await page.locator('.part.editor .monaco-editor .view-line', { hasText: '"car"' }).first().click();
    await page.keyboard.press('Control+S');
    await until(`${name} saved as expected`, async () => disk(name) === want, 10_000).catch(() => assert.equal(disk(name), want));
  };

  /** Opens `name` with its preview beside, selects annotation `index` by a click on its centre. */
  const open = async (name, index, box) => {
    await runCommand(page, 'View: Focus First Editor Group');
    await runCommand(page, 'View: Close Editors in Other Groups');
    await openFile(page, `edit/${name}`);
    await runCommand(page, 'Datum Studio: Preview Overlays');
    const frame = await previewOf(page, name);
    await until('the image loaded', async () => (await data(frame, 'imageState')) === 'loaded');
    const c = await screenPoint(frame, box[0] + box[2] / 2, box[1] + box[3] / 2);
    await page.mouse.click(c.x, c.y);
    await until(`annotation ${index} editable`, async () => (await data(frame, 'editable')) === String(index));
    return frame;
  };

  /** Drags from image point a to image point b with the mouse, in steps like a hand. */
  const drag = async (frame, [ax, ay], [bx, by]) => {
    const a = await screenPoint(frame, ax, ay);
    const b = await screenPoint(frame, bx, by);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(a.x + (b.x - a.x) / 3, a.y + (b.y - a.y) / 3, { steps: 3 });
    await page.mouse.move(b.x, b.y, { steps: 5 });
    await page.mouse.up();
  };

  /**
   * Canvas pixels in the label's colour on a 5-pixel-wide column at image x, between image rows y0
   * and y1: what the shape layers show there (the mouse is moved off the picture first, so no shape
   * is hovered and the layers are drawn at full opacity).
   */
  const columnPixels = async (frame, label, x, y0, y1) => {
    await page.mouse.move(2, 2);
    await until('nothing hovered', async () => (await frame.evaluate(() => document.querySelector('.tooltip')?.hidden ?? true)));
    await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    return frame.evaluate(({ label, x, y0, y1 }) => {
      const hex = document.querySelector(`.legend-list li[data-label="${label}"] .swatch`).value;
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const canvas = document.querySelector('canvas');
      const dpr = canvas.width / canvas.clientWidth;
      const [scale, vx, vy] = document.getElementById('root').dataset.view.split(' ').map(Number);
      const sx = Math.round((x * scale + vx) * dpr) - 2;
      const sy = Math.ceil((y0 * scale + vy) * dpr) + 3;
      const h = Math.floor((y1 - y0) * scale * dpr) - 6;
      const { data } = canvas.getContext('2d').getImageData(sx, sy, 5, h);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 200 && want.every((c, k) => Math.abs(data[i + k] - c) <= 24)) n++;
      return n;
    }, { label, x, y0, y1 });
  };

  const settled = (frame, want) => until(`the box at ${want.join(' ')}`, async () => {
    const state = `pending=${await data(frame, 'editPending')} live=${await data(frame, 'editBox')} drawn=${await data(frame, 'highlightBounds')} editable=${await data(frame, 'editable')} view=${await data(frame, 'view')} focus=${await frame.evaluate(() => document.activeElement?.className)} sent=${await data(frame, 'editsSent')} refused=${await data(frame, 'editRefused')}`;
    if ((await data(frame, 'editPending')) === '' && (await bounds(frame)).join(' ') === want.join(' ')) return state;
    throw new Error(state);
  });

  await test('editing: drag moves a box, the text follows; undo and redo in the editor; arrows nudge; a corner resizes', async () => {
    const name = 'boxes.json';
    const frame = await open(name, 0, [100, 120, 200, 80]);
    const [scale] = (await data(frame, 'view')).split(' ').map(Number);
    // Whole image pixels: a drag of 40.4 x 30.4 pixels on screen at this zoom moves the box by whole pixels.
    const dx = Math.round(40 * scale) / scale;
    const dy = Math.round(30 * scale) / scale;
    // The box's left edge is drawn (by the shape layers) where it is now...
    const before = await columnPixels(frame, 'car', 100, 120, 200);
    assert.ok(before > 0, 'the left edge is drawn before the drag');
    await drag(frame, [200, 160], [200 + dx, 160 + dy]);
    const moved = [100 + Math.round(dx), 120 + Math.round(dy), 200, 80];
    await settled(frame, moved);
    // ...and gone from there once the text has the moved box: the layer of its label was drawn
    // again (it keeps the other labels' paths, render.ts).
    assert.equal(await columnPixels(frame, 'car', 100, 120, 200), 0, `the old left edge is gone from the layers (had ${before} pixels)`);
    assert.ok((await columnPixels(frame, 'car', moved[0], moved[1], moved[1] + 80)) > 0, 'the left edge is drawn where the box is now');
    assert.equal(await data(frame, 'editsSent'), '1', 'one edit for the whole drag, at its end');
    assert.equal(disk(name), PIXEL, 'the preview saves nothing');
    const movedText = PIXEL.replace('[100, 120, 200, 80]', `[${moved.join(', ')}]`);
    await saved(name, movedText);
    // Undo in the editor: the whole drag is one step.
    await page.keyboard.press('Control+Z');
    await saved(name, PIXEL);
    await page.keyboard.press('Control+Y');
    await saved(name, movedText);
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+Shift+Z');
    await saved(name, movedText);
    await until('the preview drew the redone box', async () => (await bounds(frame)).join(' ') === moved.join(' '));

    // Arrow keys on the picture: a click on an empty spot gives the preview the keys (the selection stays).
    const empty = await screenPoint(frame, 600, 20);
    await page.mouse.click(empty.x, empty.y);
    await frame.focus('.stage');
    await page.keyboard.press('ArrowRight');
    await settled(frame, [moved[0] + 1, moved[1], 200, 80]);
    await page.keyboard.press('Shift+ArrowDown');
    await settled(frame, [moved[0] + 1, moved[1] + 10, 200, 80]);
    const nudged = [moved[0] + 1, moved[1] + 10, 200, 80];
    await saved(name, PIXEL.replace('[100, 120, 200, 80]', `[${nudged.join(', ')}]`));

    // The bottom-right corner handle: the size changes, the top-left corner stays.
    await drag(frame, [nudged[0] + 200, nudged[1] + 80], [nudged[0] + 200 + dx, nudged[1] + 80 + dy]);
    const resized = [nudged[0], nudged[1], 200 + Math.round(dx), 80 + Math.round(dy)];
    await settled(frame, resized);
    await saved(name, PIXEL.replace('[100, 120, 200, 80]', `[${resized.join(', ')}]`));

    // Kept inside the image (640x480): a drag far past the right edge stops at it.
    await drag(frame, [resized[0] + 20, resized[1] + 20], [639, resized[1] + 20]);
    await settled(frame, [640 - resized[2], resized[1], resized[2], resized[3]]);
    await saved(name, PIXEL.replace('[100, 120, 200, 80]', `[${640 - resized[2]}, ${resized[1]}, ${resized[2]}, ${resized[3]}]`));
  });

  await test('editing: a normalized CRLF file stays normalized, with its line ends and tabs', async () => {
    const name = 'normalized-crlf.json';
    // 640x480: [0.25, 0.25, 0.3125, 0.25] is [160, 120, 200, 120] in pixels.
    const frame = await open(name, 0, [160, 120, 200, 120]);
    const [scale] = (await data(frame, 'view')).split(' ').map(Number);
    const dx = Math.round(32 * scale) / scale;
    await drag(frame, [260, 180], [260 + dx, 180]);
    const x = 160 + Math.round(dx);
    await settled(frame, [x, 120, 200, 120]);
    // The file writes up to 4 decimals; a pixel of 640 needs 4 too.
    const written = String(Number((x / 640).toFixed(4)));
    await saved(name, NORMALIZED.replace('[0.25, 0.25,', `[${written}, 0.25,`));
  });

  await test('editing: a file with syntax errors shows no handles and the banner says why, until it parses again', async () => {
    const name = 'boxes.json';
    const text = disk(name);
    const car = JSON.parse(text).images[0].annotations[0].bbox;
    const frame = await open(name, 0, car);
    await page.locator('.part.editor .monaco-editor .view-line', { hasText: '"car"' }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' ,,');
    await until('the broken banner', async () => (await data(frame, 'broken')) !== '');
    assert.match(await frame.$eval('.banner', (b) => b.textContent), /Editing shapes in the preview is off until the file parses again\./);
    await until('no handles', async () => (await data(frame, 'editable')) === '');
    // A drag on the box now pans the view and changes no text.
    const sent = await data(frame, 'editsSent');
    const view = await data(frame, 'view');
    await drag(frame, [car[0] + car[2] / 2, car[1] + car[3] / 2], [car[0] + car[2] / 2 + 30, car[1] + car[3] / 2]);
    assert.equal(await data(frame, 'editsSent'), sent);
    assert.notEqual(await data(frame, 'view'), view, 'the drag panned instead');
    await page.locator('.part.editor .monaco-editor .view-line', { hasText: '"car"' }).first().click();
    await page.keyboard.press('Control+Z');
    await until('the banner gone', async () => (await data(frame, 'broken')) === '');
    // The typing moved the cursor past the box (so it is no longer selected): back on its line.
    await page.locator('.part.editor .monaco-editor .view-line', { hasText: '"car"' }).first().click();
    await until('handles again', async () => (await data(frame, 'editable')) === '0');
    await saved(name, text);
  });

  // ---- polygons and lines: vertices dragged, inserted and removed, the whole shape moved, keys
  const points = async (frame) => (await data(frame, 'selectedPoints')).split(' ').map(Number);
  const pointsSettled = (frame, want) => until(`the points at ${want.map((n) => Math.round(n * 100) / 100).join(' ')}`, async () => {
    const state = `pending=${await data(frame, 'editPending')} live=${await data(frame, 'editPoints')} drawn=${await data(frame, 'selectedPoints')} editable=${await data(frame, 'editable')} vertex=${await data(frame, 'vertex')} sent=${await data(frame, 'editsSent')} refused=${await data(frame, 'editRefused')}`;
    // The page reports its points to 2 decimals (a normalized file's are fractions of pixels).
    if ((await data(frame, 'editPending')) === '' && (await points(frame)).join(' ') === want.map((n) => Math.round(n * 100) / 100).join(' ')) return state;
    throw new Error(state);
  });
  /** Saves from the editor with the cursor on the line naming `label` (its annotation stays selected). */
  const savedOn = async (name, want, label) => {
    await page.locator('.part.editor .monaco-editor .view-line', { hasText: `"${label}"` }).first().click();
    await page.keyboard.press('Control+S');
    await until(`${name} saved as expected`, async () => disk(name) === want, 10_000).catch(() => assert.equal(disk(name), want));
  };
  /** Opens `name` with its preview and selects annotation `index` by a click at image point `at`. */
  const openAt = async (name, index, at) => {
    await runCommand(page, 'View: Focus First Editor Group');
    await runCommand(page, 'View: Close Editors in Other Groups');
    await openFile(page, `edit/${name}`);
    await runCommand(page, 'Datum Studio: Preview Overlays');
    const frame = await previewOf(page, name);
    await until('the image loaded', async () => (await data(frame, 'imageState')) === 'loaded');
    const c = await screenPoint(frame, ...at);
    await page.mouse.click(c.x, c.y);
    await until(`annotation ${index} editable`, async () => (await data(frame, 'editable')) === String(index));
    return frame;
  };
  const click = async (frame, [x, y]) => {
    const c = await screenPoint(frame, x, y);
    await page.mouse.click(c.x, c.y);
  };
  /** Image pixels whole on screen at the frame's zoom (a drag of that many screen pixels lands on the grid). */
  const whole = async (frame, n) => {
    const [scale] = (await data(frame, 'view')).split(' ').map(Number);
    return Math.round(n * scale) / scale;
  };
  const nested = (p) => `[${Array.from({ length: p.length / 2 }, (_, i) => `[${p[2 * i]}, ${p[2 * i + 1]}]`).join(', ')}]`;
  const keys = async (frame) => {
    // A click on an empty spot gives the preview the keys (the selection stays).
    await click(frame, [620, 470]);
    await frame.focus('.stage');
  };

  await test('editing: polygon vertices dragged, inserted and removed, the polygon moved, a vertex nudged; undo and redo; a line moved by its stroke', async () => {
    const name = 'shapes.json';
    const frame = await openAt(name, 0, [200, 200]);
    const road = [100, 100, 300, 100, 300, 300, 100, 300];
    const text = (p, line = [400, 60, 600, 260]) => SHAPES.replace(nested(road), nested(p)).replace(nested([400, 60, 600, 260]), nested(line));
    assert.equal(await data(frame, 'vertex'), '');
    assert.equal(await data(frame, 'selectedPoints'), road.join(' '));
    const sent = Number(await data(frame, 'editsSent') || 0);

    // Drag vertex 1 (300, 100).
    const dx = await whole(frame, 20);
    const dy = await whole(frame, 15);
    await drag(frame, [300, 100], [300 + dx, 100 + dy]);
    let now = [100, 100, 300 + Math.round(dx), 100 + Math.round(dy), 300, 300, 100, 300];
    await pointsSettled(frame, now);
    assert.equal(Number(await data(frame, 'editsSent')), sent + 1, 'one edit for the whole drag, at its end');
    assert.equal(await data(frame, 'vertex'), '1', 'the dragged vertex is picked');
    assert.equal(disk(name), SHAPES, 'the preview saves nothing');
    await savedOn(name, text(now), 'road');
    // Undo and redo in the editor: the drag is one step.
    await page.keyboard.press('Control+Z');
    await savedOn(name, SHAPES, 'road');
    await pointsSettled(frame, road);
    await page.keyboard.press('Control+Shift+Z');
    await savedOn(name, text(now), 'road');
    await pointsSettled(frame, now);

    // A click on the handle in the middle of edge 0 inserts a vertex there (on the pixel grid).
    const mid = [Math.round((now[0] + now[2]) / 2), Math.round((now[1] + now[3]) / 2)];
    await click(frame, mid);
    now = [now[0], now[1], ...mid, ...now.slice(2)];
    await pointsSettled(frame, now);
    await savedOn(name, text(now), 'road');

    // Alt+click on a vertex removes it: the one just inserted.
    const before = Number(await data(frame, 'editsSent'));
    const at = await screenPoint(frame, mid[0], mid[1]);
    await page.mouse.move(at.x, at.y);
    await page.keyboard.down('Alt');
    await page.mouse.down();
    await page.mouse.up();
    await page.keyboard.up('Alt');
    now = [now[0], now[1], ...now.slice(4)];
    await pointsSettled(frame, now);
    assert.equal(Number(await data(frame, 'editsSent')), before + 1);
    await savedOn(name, text(now), 'road');

    // A drag inside moves the whole polygon.
    const mx = await whole(frame, 30);
    const my = await whole(frame, 20);
    await drag(frame, [200, 250], [200 + mx, 250 + my]);
    now = now.map((v, i) => v + Math.round(i % 2 === 0 ? mx : my));
    await pointsSettled(frame, now);
    await savedOn(name, text(now), 'road');

    // Keys: ] picks vertex 0, the arrows nudge it (Shift: 10), I inserts a vertex after it, Delete removes the picked one.
    await keys(frame);
    await page.keyboard.press(']');
    await until('vertex 0 picked', async () => (await data(frame, 'vertex')) === '0');
    await page.keyboard.press('ArrowRight');
    now[0] += 1;
    await pointsSettled(frame, now);
    await page.keyboard.press('Shift+ArrowDown');
    now[1] += 10;
    await pointsSettled(frame, now);
    await savedOn(name, text(now), 'road');
    await keys(frame);
    await until('vertex 0 still picked', async () => (await data(frame, 'vertex')) === '0');
    await page.keyboard.press('i');
    const inserted = [Math.round((now[0] + now[2]) / 2), Math.round((now[1] + now[3]) / 2)];
    now = [now[0], now[1], ...inserted, ...now.slice(2)];
    await pointsSettled(frame, now);
    assert.equal(await data(frame, 'vertex'), '1', 'the new vertex is picked');
    await page.keyboard.press('Delete');
    now = [now[0], now[1], ...now.slice(4)];
    await pointsSettled(frame, now);
    assert.equal(await data(frame, 'vertex'), '0', 'the vertex before is picked: Delete again removes a vertex, never the shape');
    // Down to the fewest a polygon keeps: Delete removes no more, and the shape stays.
    await page.keyboard.press('Delete');
    now = now.slice(2);
    await pointsSettled(frame, now);
    const three = now.slice();
    await page.keyboard.press('Delete');
    await pointsSettled(frame, three);
    assert.equal(await data(frame, 'editable'), '0', 'the polygon is still there');
    await savedOn(name, text(three), 'road');
    await page.screenshot({ path: path.join(ARTIFACTS, 'editing-vertices-dark.png') });

    // The line: a drag on its stroke (a quarter along, away from the middle handle) moves it.
    const frame2 = frame;
    await click(frame2, [450, 110]);
    await until('the line editable', async () => (await data(frame2, 'editable')) === '1');
    const lx = await whole(frame2, -20);
    await drag(frame2, [450, 110], [450 + lx, 110]);
    const line = [400 + Math.round(lx), 60, 600 + Math.round(lx), 260];
    await pointsSettled(frame2, line);
    await savedOn(name, text(three, line), 'lane');
  });

  await test('editing: a normalized CRLF polygon stays normalized, one point per line with its tabs', async () => {
    const name = 'shapes-normalized-crlf.json';
    // 640x480: [[0.25, 0.25], [0.5, 0.25], [0.5, 0.5]] is (160, 120), (320, 120), (320, 240).
    const frame = await openAt(name, 0, [280, 150]);
    const frac = (v, side) => String(Number((v / side).toFixed(4)));
    const row = (p) => Array.from({ length: p.length / 2 }, (_, i) => `\t\t\t\t\t\t[${frac(p[2 * i], 640)}, ${frac(p[2 * i + 1], 480)}]`).join(',\r\n');
    const original = '\t\t\t\t\t\t[0.25, 0.25],\r\n\t\t\t\t\t\t[0.5, 0.25],\r\n\t\t\t\t\t\t[0.5, 0.5]';
    const text = (p) => SHAPES_NORMALIZED.replace(original, row(p));
    // The page's pixels as the written fractions give them back (what its next gesture starts from).
    const back = (p) => p.map((v, i) => Number(frac(v, i % 2 === 0 ? 640 : 480)) * (i % 2 === 0 ? 640 : 480));
    let now = [160, 120, 320, 120, 320, 240];
    assert.equal(text(now), SHAPES_NORMALIZED, 'the expected text of the points as they are is the file');

    const dx = await whole(frame, 24);
    await drag(frame, [320, 240], [320 + dx, 240 + dx]);
    now = [160, 120, 320, 120, 320 + Math.round(dx), 240 + Math.round(dx)];
    now = back(now);
    await pointsSettled(frame, now);
    await savedOn(name, text(now), 'road');
    await page.keyboard.press('Control+Z');
    await savedOn(name, SHAPES_NORMALIZED, 'road');
    await page.keyboard.press('Control+Shift+Z');
    await savedOn(name, text(now), 'road');
    now = back(now);
    await pointsSettled(frame, now);

    // Insert on edge 1 ((320, 120) to the dragged vertex), by its middle handle.
    const mid = [Math.round((now[2] + now[4]) / 2), Math.round((now[3] + now[5]) / 2)];
    await click(frame, mid);
    now = [...now.slice(0, 4), ...mid, ...now.slice(4)];
    now = back(now);
    await pointsSettled(frame, now);
    await savedOn(name, text(now), 'road');

    // Move the polygon by the keyboard (no vertex picked), then pick the last vertex with [ and remove it.
    await keys(frame);
    assert.equal(await data(frame, 'vertex'), '2', 'the inserted vertex is picked');
    await page.keyboard.press(']');
    await page.keyboard.press(']');
    await until('no vertex picked', async () => (await data(frame, 'vertex')) === '');
    await page.keyboard.press('Shift+ArrowLeft');
    now = now.map((v, i) => (i % 2 === 0 ? v - 10 : v));
    now = back(now);
    await pointsSettled(frame, now);
    await page.keyboard.press('[');
    await until('the last vertex picked', async () => (await data(frame, 'vertex')) === '3');
    await page.keyboard.press('ArrowUp');
    now[7] -= 1;
    now = back(now);
    await pointsSettled(frame, now);
    await page.keyboard.press('Backspace');
    now = now.slice(0, 6);
    now = back(now);
    await pointsSettled(frame, now);
    await savedOn(name, text(now), 'road');

    // A drag inside moves it all.
    const mx = await whole(frame, -15);
    await drag(frame, [250, 140], [250 + mx, 140]);
    now = now.map((v, i) => (i % 2 === 0 ? v + Math.round(mx) : v));
    now = back(now);
    await pointsSettled(frame, now);
    await savedOn(name, text(now), 'road');
  });

  await test('editing: during a drag the scene under the box is kept, and drawn again when a colour changes', async () => {
    const name = 'boxes.json';
    const text = disk(name);
    const [car, person] = JSON.parse(text).images[0].annotations.map((a) => a.bbox);
    // The person box is dragged a little; the car box's right edge, away from it, is watched.
    const frame = await open(name, 1, person);
    const watched = [car[0] + car[2] - 2, car[1], 4, car[3]];
    /** The canvas pixels of the watched strip (with a margin): what the kept scene shows there. */
    const region = () => frame.evaluate(async ([bx, by, bw, bh]) => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const canvas = document.querySelector('canvas');
      const dpr = canvas.width / canvas.clientWidth;
      const [scale, vx, vy] = document.getElementById('root').dataset.view.split(' ').map(Number);
      const x = Math.floor((bx * scale + vx) * dpr) - 3;
      const y = Math.floor((by * scale + vy) * dpr) - 3;
      const { data } = canvas.getContext('2d').getImageData(x, y, Math.ceil(bw * scale * dpr) + 7, Math.ceil(bh * scale * dpr) + 7);
      return Array.from(data).join(',');
    }, watched);
    const from = await screenPoint(frame, person[0] + person[2] / 2, person[1] + person[3] / 2);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    // A small drag to the left, away from the strip: the strip is drawn from the kept scene.
    await page.mouse.move(from.x - 6, from.y + 4, { steps: 3 });
    await until('dragging', async () => (await data(frame, 'editing')) === 'move');
    const kept = await region();
    await page.mouse.move(from.x - 8, from.y + 6);
    assert.equal(await region(), kept, 'another frame of the drag shows the same scene under the box');
    // A colour change (as from the colour picker of another preview of the same labels) mid-drag.
    const swatch = await frame.$eval('.legend-list li[data-label="car"] .swatch', (e) => e.value);
    const next = swatch.toLowerCase() === '#00ff00' ? '#ff00ff' : '#00ff00';
    await frame.evaluate((color) => window.dispatchEvent(new MessageEvent('message', { data: { type: 'colors', colors: { car: color } } })), next);
    await page.mouse.move(from.x - 6, from.y + 4);
    assert.notEqual(await region(), kept, 'the car box is drawn in its new colour during the same drag');
    // Back where it started: no edit is sent.
    const sent = await data(frame, 'editsSent');
    await page.mouse.move(from.x, from.y, { steps: 2 });
    await page.mouse.up();
    await until('the drag ended', async () => (await data(frame, 'editing')) === '');
    assert.equal(await data(frame, 'editsSent'), sent, 'a drag back to the start changes nothing');
    assert.equal(disk(name), text);
  });
}
