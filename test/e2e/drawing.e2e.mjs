// End-to-end tests of drawing new shapes in the preview, run by preview.e2e.mjs in its VS Code +
// Chromium session: a box dragged, a polygon clicked and closed on its first point, a line clicked
// and ended by a double-click, and a box drawn with the keyboard only, on a pixel file and on a
// normalized CRLF file. The annotation file's text is checked exactly after each shape, after the
// editor's undo and after its redo (read from disk after Ctrl+S in the editor: the preview itself
// never saves). Screenshots of the tools in a dark and a light theme go to test-artifacts/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const PIXEL = '{\n  "images": [\n    {\n      "image": "draw-picture.jpg",\n      "annotations": [\n        { "label": "car", "bbox": [100, 120, 200, 80] },\n        { "label": "person", "bbox": [400, 150, 50, 120] }\n      ]\n    }\n  ]\n}\n';
const NORMALIZED = '{\r\n\t"images": [\r\n\t\t{\r\n\t\t\t"image": "draw-picture.jpg",\r\n\t\t\t"annotations": [\r\n\t\t\t\t{"bbox": [0.25, 0.25, 0.3125, 0.25], "label": "car"}\r\n\t\t\t]\r\n\t\t}\r\n\t]\r\n}\r\n';

/** The files the tests draw on, written into the workspace before VS Code opens it. */
export function drawingFixtures(workspace) {
  fs.mkdirSync(path.join(workspace, 'draw'), { recursive: true });
  // A picture of their own (640x480), named like no other.
  fs.copyFileSync(path.join(workspace, 'images/street.jpg'), path.join(workspace, 'draw/draw-picture.jpg'));
  fs.writeFileSync(path.join(workspace, 'draw/draw-pixel.json'), PIXEL);
  fs.writeFileSync(path.join(workspace, 'draw/draw-normalized-crlf.json'), NORMALIZED);
}

export async function drawingTests({ page, test, workspace, until, data, openFile, runCommand, previewOf, screenPoint, pickFirst, artifacts }) {
  const file = (name) => path.join(workspace, 'draw', name);
  const disk = (name) => fs.readFileSync(file(name), 'utf8');

  /** Saves the file from its editor and waits until the disk has `want`. */
  const saved = async (name, want) => {
    await page.locator('.part.editor .monaco-editor .view-line', { hasText: '"images"' }).first().click();
    await page.keyboard.press('Control+S');
    await until(`${name} saved as expected`, async () => disk(name) === want, 10_000).catch(() => assert.equal(disk(name), want));
  };

  const open = async (name) => {
    await runCommand(page, 'View: Focus First Editor Group');
    await runCommand(page, 'View: Close Editors in Other Groups');
    await openFile(page, `draw/${name}`);
    await runCommand(page, 'Datum Studio: Preview Overlays');
    const frame = await previewOf(page, name);
    await until('the image loaded', async () => (await data(frame, 'imageState')) === 'loaded');
    await until('drawing offered', async () => (await data(frame, 'drawOff')) === '' && !(await frame.$eval('button[data-tool="rectangle"]', (b) => b.disabled)));
    return frame;
  };

  /** The image point the page shows under the pointer (what the status says), after moving there. */
  const pointerAt = async (frame, ix, iy) => {
    let s;
    const at = await until(`the crosshair near ${ix} ${iy}`, async () => {
      // (Moved again each time: the panel may still be settling its layout.)
      s = await screenPoint(frame, ix, iy);
      await page.mouse.move(s.x, s.y, { steps: 2 });
      const c = (await data(frame, 'drawCursor')).split(' ').map(Number);
      return c.length === 2 && Math.abs(c[0] - ix) <= 1 && Math.abs(c[1] - iy) <= 1 ? c : undefined;
    });
    return { screen: s, image: at };
  };

  /** Clicks at image point (ix, iy); the snapped point the page placed. */
  const clickAt = async (frame, ix, iy) => {
    const { screen, image } = await pointerAt(frame, ix, iy);
    const before = Number(await data(frame, 'drawPoints'));
    await page.mouse.click(screen.x, screen.y);
    await until('the point placed', async () => Number(await data(frame, 'drawPoints')) === before + 1);
    return image;
  };

  const shapesAfter = (frame, count) => until(`${count} shapes drawn`, async () => (await data(frame, 'visibleShapes')) === String(count) && (await data(frame, 'drawPoints')) === '0');

  /** The preview shows `count` shapes (it has read the text's version after an undo or redo). */
  const shown = (frame, count) => until(`${count} shapes shown`, async () => (await data(frame, 'visibleShapes')) === String(count));

  const tool = async (frame, key, want) => {
    await frame.focus('.stage');
    await page.keyboard.press(key);
    await until(`the ${want} tool`, async () => (await data(frame, 'tool')) === want);
    assert.equal(await frame.$eval(`button[data-tool="${want}"]`, (b) => b.getAttribute('aria-pressed')), 'true');
  };

  /** The pixel file with annotation lines added after the person. */
  const pixelWith = (...lines) => PIXEL.replace('[400, 150, 50, 120] }\n', `[400, 150, 50, 120] }${lines.map((l) => `,\n        ${l}`).join('')}\n`);

  await test('drawing: a box dragged, a polygon closed on its first point, a line ended by a double-click, each one undoable edit in the file\'s style', async () => {
    const name = 'draw-pixel.json';
    const frame = await open(name);
    // The Box button with the mouse; its pressed state and the label field (the label most used: a tie, so the first).
    await frame.click('button[data-tool="rectangle"]');
    await until('the box tool', async () => (await data(frame, 'tool')) === 'rectangle');
    assert.equal(await frame.$eval('button[data-tool="select"]', (b) => b.getAttribute('aria-pressed')), 'false');
    assert.equal(await frame.$eval('.draw-label', (i) => i.value), 'car');
    assert.deepEqual(await frame.$$eval('#' + (await frame.$eval('.draw-label', (i) => i.getAttribute('list'))) + ' option', (o) => o.map((e) => e.value)), ['car', 'person']);

    // A drag from (40, 300) to (160, 420).
    const a = await pointerAt(frame, 40, 300);
    await page.mouse.down();
    const b = await pointerAt(frame, 160, 420);
    await page.mouse.up();
    await shapesAfter(frame, 3);
    assert.equal(await data(frame, 'drawsSent'), '1', 'one edit for the box');
    await until('the new box selected', async () => (await data(frame, 'highlight')) === '2');
    assert.equal(disk(name), PIXEL, 'the preview saves nothing');
    const box = `{ "label": "car", "bbox": [${a.image[0]}, ${a.image[1]}, ${b.image[0] - a.image[0]}, ${b.image[1] - a.image[1]}] }`;
    await saved(name, pixelWith(box));
    await page.keyboard.press('Control+Z');
    await saved(name, PIXEL);
    await shown(frame, 2);
    await page.keyboard.press('Control+Y');
    await saved(name, pixelWith(box));
    // The next shape is drawn on the redone text's shapes (an edit on an older one would be refused).
    await shown(frame, 3);

    // A polygon with another label, typed in the field; closed by a click on its first point.
    await frame.fill('.draw-label', 'road');
    await page.keyboard.press('Enter');
    await tool(frame, 'p', 'polygon');
    const p1 = await clickAt(frame, 300, 300);
    const p2 = await clickAt(frame, 400, 300);
    const p3 = await clickAt(frame, 380, 400);
    assert.equal(await data(frame, 'drawPoints'), '3');
    const first = await screenPoint(frame, p1[0], p1[1]);
    await page.mouse.click(first.x, first.y);
    await shapesAfter(frame, 4);
    const polygon = `{ "label": "road", "polygon": [[${p1.join(', ')}], [${p2.join(', ')}], [${p3.join(', ')}]] }`;
    await saved(name, pixelWith(box, polygon));

    // A line: two clicks, a double-click on the third point ends it (the double-click places it once).
    await tool(frame, 'l', 'line');
    const l1 = await clickAt(frame, 500, 50);
    const l2 = await clickAt(frame, 560, 90);
    const { screen, image: l3 } = await pointerAt(frame, 620, 60);
    await page.mouse.dblclick(screen.x, screen.y);
    await shapesAfter(frame, 5);
    const line = `{ "label": "road", "line": [[${l1.join(', ')}], [${l2.join(', ')}], [${l3.join(', ')}]] }`;
    await saved(name, pixelWith(box, polygon, line));
    await page.keyboard.press('Control+Z');
    await saved(name, pixelWith(box, polygon));
    await shown(frame, 4);
    await page.keyboard.press('Control+Shift+Z');
    await saved(name, pixelWith(box, polygon, line));
    await shown(frame, 5);

    // Backspace takes back a point, Escape drops the shape under way and then leaves the tool.
    await tool(frame, 'p', 'polygon');
    await clickAt(frame, 100, 400);
    await clickAt(frame, 200, 400);
    await page.keyboard.press('Backspace');
    await until('one point left', async () => (await data(frame, 'drawPoints')) === '1');
    await page.keyboard.press('Escape');
    await until('the shape dropped', async () => (await data(frame, 'drawPoints')) === '0' && (await data(frame, 'tool')) === 'polygon');
    await page.keyboard.press('Escape');
    await until('back to selecting', async () => (await data(frame, 'tool')) === 'select');
    assert.equal(await data(frame, 'drawsSent'), '3');
    await saved(name, pixelWith(box, polygon, line));
  });

  await test('drawing: keyboard only on a normalized CRLF file (label typed, crosshair moved by arrows, Space at each corner); a mouse polygon; undo and redo', async () => {
    const name = 'draw-normalized-crlf.json';
    const frame = await open(name);
    // Keys only from here: the label field by Tab from the tools, the tool by its key.
    await frame.focus('button[data-tool="select"]');
    let focused = '';
    for (let i = 0; i < 6 && focused !== 'draw-label'; i++) {
      await page.keyboard.press('Tab');
      focused = await frame.evaluate(() => document.activeElement?.className ?? '');
    }
    assert.equal(focused, 'draw-label', 'the label field is reached with Tab');
    // Reached by Tab, its text is selected: typing replaces it.
    await page.keyboard.type('sign');
    assert.equal(await frame.$eval('.draw-label', (i) => i.value), 'sign');
    // Enter hands the keys back to the picture.
    await page.keyboard.press('Enter');
    assert.equal(await frame.evaluate(() => document.activeElement?.className), 'stage');
    await page.mouse.move(5, 5);
    await page.keyboard.press('b');
    await until('the box tool', async () => (await data(frame, 'tool')) === 'rectangle');
    // The crosshair starts where the pointer was last over the picture, or in the middle: read it.
    await page.keyboard.press('ArrowLeft');
    const [cx, cy] = await until('the crosshair', async () => { const c = await data(frame, 'drawCursor'); return c ? c.split(' ').map(Number) : undefined; });
    // The first corner 2 pixels left and 10 up of it, the second 64 right and 48 down of that.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Shift+ArrowUp');
    await until('the crosshair moved', async () => (await data(frame, 'drawCursor')) === `${cx - 2} ${cy - 10}`);
    await page.keyboard.press('Space');
    for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowRight');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowDown');
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowDown');
    await until('the crosshair at the second corner', async () => (await data(frame, 'drawCursor')) === `${cx - 2 + 64} ${cy - 10 + 48}`);
    await page.keyboard.press('Space');
    await shapesAfter(frame, 2);
    const n = (v, side) => String(Number((v / side).toFixed(4)));
    const x0 = cx - 2;
    const y0 = cy - 10;
    const box = `{"bbox": [${n(x0, 640)}, ${n(y0, 480)}, ${n(64, 640)}, ${n(48, 480)}], "label": "sign"}`;
    const withLines = (...lines) => NORMALIZED.replace('"label": "car"}\r\n', `"label": "car"}${lines.map((l) => `,\r\n\t\t\t\t${l}`).join('')}\r\n`);
    await saved(name, withLines(box));
    await page.keyboard.press('Control+Z');
    await saved(name, NORMALIZED);
    await shown(frame, 1);
    await page.keyboard.press('Control+Y');
    await saved(name, withLines(box));
    await shown(frame, 2);

    // A polygon with the mouse, closed by Enter; fractions of 640 x 480 with 4 decimals.
    await tool(frame, 'p', 'polygon');
    const p1 = await clickAt(frame, 40, 40);
    const p2 = await clickAt(frame, 120, 40);
    const p3 = await clickAt(frame, 80, 100);
    await page.keyboard.press('Enter');
    await shapesAfter(frame, 3);
    const pair = ([x, y]) => `[${n(x, 640)}, ${n(y, 480)}]`;
    const polygon = `{"polygon": [${[p1, p2, p3].map(pair).join(', ')}], "label": "sign"}`;
    await saved(name, withLines(box, polygon));
    await page.keyboard.press('Control+Z');
    await saved(name, withLines(box));
    await page.keyboard.press('Control+Y');
    await saved(name, withLines(box, polygon));
  });

  await test('drawing: screenshots of the tools, a polygon under way, in a dark and a light theme', async () => {
    const frame = await open('draw-pixel.json');
    const theme = await page.evaluate(() => {
      const c = document.querySelector('.monaco-workbench').classList;
      return c.contains('hc-black') ? 'Dark High Contrast' : c.contains('hc-light') ? 'Light High Contrast' : c.contains('vs-dark') ? 'Dark Modern' : 'Light Modern';
    });
    const setTheme = async (name, cls) => {
      await runCommand(page, 'Preferences: Color Theme');
      await page.keyboard.type(name);
      await pickFirst(page, name);
      await until(`a ${name} workbench`, async () => page.evaluate((k) => document.querySelector('.monaco-workbench').classList.contains(k), cls));
    };
    const shot = async (file) => {
      await tool(frame, 'p', 'polygon');
      await clickAt(frame, 60, 60);
      await clickAt(frame, 250, 80);
      await clickAt(frame, 220, 200);
      await pointerAt(frame, 90, 230);
      // The pressed tool's colour is the theme's (its CSS variables), not a fixed one.
      const pressed = await frame.$eval('button[data-tool="polygon"]', (b) => getComputedStyle(b).backgroundColor);
      const other = await frame.$eval('button[data-tool="rectangle"]', (b) => getComputedStyle(b).backgroundColor);
      assert.notEqual(pressed, other, 'the pressed tool stands out');
      await page.screenshot({ path: path.join(artifacts, file) });
      await page.keyboard.press('Escape');
      await until('the shape dropped', async () => (await data(frame, 'drawPoints')) === '0');
      return pressed;
    };
    await setTheme('Dark Modern', 'vs-dark');
    const dark = await shot('preview-draw-dark.png');
    await setTheme('Light Modern', 'vs');
    const light = await shot('preview-draw-light.png');
    assert.notEqual(dark, light, 'the pressed colour follows the theme');
    await setTheme(theme, theme.includes('High Contrast') ? (theme.startsWith('Dark') ? 'hc-black' : 'hc-light') : theme.startsWith('Dark') ? 'vs-dark' : 'vs');
    await page.keyboard.press('Escape');
  });

  await test('drawing: offered only for the shapes the source can write (a COCO file: boxes and polygons, no lines, and the line tool says why)', async () => {
    await runCommand(page, 'View: Focus First Editor Group');
    await runCommand(page, 'View: Close Editors in Other Groups');
    await openFile(page, 'coco/park.json');
    await runCommand(page, 'Datum Studio: Preview Overlays');
    const frame = await previewOf(page, 'park.json');
    await until('the image loaded', async () => (await data(frame, 'imageState')) === 'loaded');
    const buttons = async () => frame.$$eval('.draw-tools button', (l) => l.map((b) => ({ tool: b.dataset.tool, disabled: b.disabled, title: b.title })));
    await until('the box tool on', async () => (await buttons()).find((b) => b.tool === 'rectangle')?.disabled === false);
    const now = await buttons();
    assert.deepEqual(now.map((b) => `${b.tool} ${b.disabled}`), ['select false', 'rectangle false', 'polygon false', 'line true']);
    assert.match(now[3].title, /this kind of file cannot hold this kind of shape/);
    assert.equal(await data(frame, 'drawOff'), '', 'drawing as a whole is on');
    assert.equal(await frame.$eval('.draw-label', (i) => i.disabled), false);
    // L does nothing; B picks the box tool; V goes back.
    await frame.focus('.stage');
    await page.keyboard.press('l');
    assert.equal(await data(frame, 'tool'), 'select');
    await page.keyboard.press('b');
    await until('the box tool', async () => (await data(frame, 'tool')) === 'rectangle');
    await page.keyboard.press('v');
    await until('back to select', async () => (await data(frame, 'tool')) === 'select');
  });
}
