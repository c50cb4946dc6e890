// End-to-end tests of relabelling, deleting and duplicating shapes in the preview, run by
// preview.e2e.mjs in its VS Code + Chromium session: the keys (R / F2 with the label picker's
// type-to-filter, Delete / Backspace, D / Ctrl+D) and VS Code's context menu on a shape (a right
// click), on a pixel file and a normalized CRLF file. The text is checked exactly after each edit,
// after the editor's undo and after its redo, read from disk after Ctrl+S in the editor (the
// preview itself never saves: the disk is checked unchanged first). Screenshots of the picker in
// the dark and the light theme go to test-artifacts/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const PIXEL = '{\n  "images": [\n    {\n      "image": "menu-picture.jpg",\n      "annotations": [\n        { "label": "car", "bbox": [100, 120, 200, 80] },\n        { "label": "person", "bbox": [400, 150, 50, 120] },\n        { "label": "truck", "bbox": [60, 300, 150, 100] }\n      ]\n    }\n  ]\n}\n';
const CAR = '        { "label": "car", "bbox": [100, 120, 200, 80] },\n';
const PERSON = '        { "label": "person", "bbox": [400, 150, 50, 120] },\n';
const NORMALIZED = '{\r\n\t"images": [\r\n\t\t{\r\n\t\t\t"image": "menu-picture.jpg",\r\n\t\t\t"annotations": [\r\n\t\t\t\t{"bbox": [0.25, 0.25, 0.3125, 0.25], "label": "car"},\r\n\t\t\t\t{"polygon": [[0.75, 0.5], [0.875, 0.5], [0.875, 0.75]], "label": "dog"}\r\n\t\t\t]\r\n\t\t}\r\n\t]\r\n}\r\n';

/** The files the tests edit, written into the workspace before VS Code opens it. */
export function shapeMenuFixtures(workspace) {
  fs.mkdirSync(path.join(workspace, 'menu'), { recursive: true });
  // A picture of their own (640x480), named like no other.
  fs.copyFileSync(path.join(workspace, 'images/street.jpg'), path.join(workspace, 'menu/menu-picture.jpg'));
  fs.writeFileSync(path.join(workspace, 'menu/menu-shapes.json'), PIXEL);
  fs.writeFileSync(path.join(workspace, 'menu/menu-normalized-crlf.json'), NORMALIZED);
}

export async function shapeMenuTests({ page, test, workspace, until, data, openFile, runCommand, previewOf, pickFirst, screenPoint, artifacts }) {
  const file = (name) => path.join(workspace, 'menu', name);
  const disk = (name) => fs.readFileSync(file(name), 'utf8');
  const editorLine = () => page.locator('.part.editor .monaco-editor .view-line').first();

  /** Saves the file from its editor (the cursor on its first line) and waits until the disk has `want`. */
  const saved = async (name, want) => {
    await editorLine().click();
    await page.keyboard.press('Control+S');
    await until(`${name} saved as expected`, async () => disk(name) === want, 10_000).catch(() => assert.equal(disk(name), want));
  };
  /** The editor's undo, then its redo: the text before and after the edit, each saved and checked. */
  const undoRedo = async (frame, name, before, after, labels) => {
    const version = Number(await data(frame, 'shapesVersion'));
    await editorLine().click();
    await page.keyboard.press('Control+Z');
    await saved(name, before);
    await page.keyboard.press('Control+Shift+Z');
    await saved(name, after);
    // The preview follows (its shapes are those of the redone text) before the next gesture on them.
    // (The undo and the redo each make a new version of the document.)
    await until(`the preview of the redone text (${labels})`, async () => Number(await data(frame, 'shapesVersion')) >= version + 2 && (await data(frame, 'shapeLabels')) === labels);
  };

  const open = async (name) => {
    await runCommand(page, 'View: Focus First Editor Group');
    await runCommand(page, 'View: Close Editors in Other Groups');
    await openFile(page, `menu/${name}`);
    await runCommand(page, 'Datum Studio: Preview Overlays');
    const frame = await previewOf(page, name);
    await until('the image loaded', async () => (await data(frame, 'imageState')) === 'loaded');
    await until('the shape ops offered', async () => (await data(frame, 'shapeOps')) === 'relabel delete duplicate');
    return frame;
  };

  /** Selects annotation `index` with a click at image point (ix, iy), then gives the preview the keys. */
  const select = async (frame, index, [ix, iy]) => {
    const c = await screenPoint(frame, ix, iy);
    await page.mouse.click(c.x, c.y);
    await until(`annotation ${index} selected`, async () => (await data(frame, 'highlight')) === String(index));
    // The click also selects the annotation's text in the editor, and the preview keeps the keys
    // (an editable preview reveals the text without taking the focus).
    await until('the text selected in the editor', async () => page.evaluate(() => document.querySelectorAll('.part.editor .monaco-editor .selected-text').length > 0));
    assert.equal(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor')), false, 'the keys stay with the preview');
    await frame.focus('.stage');
  };

  /** The shapes of the new text drawn: `count` visible, no edit on its way. */
  const drawn = (frame, count) => until(`${count} shapes drawn`, async () => {
    if ((await data(frame, 'visibleShapes')) === String(count)) return true;
    throw new Error(`shown ${await data(frame, 'shapeLabels')}, sent ${await data(frame, 'shapeEditsSent')} (${await data(frame, 'lastShapeEdit')}), dropped ${await data(frame, 'shapeCommandDropped')}, refused ${await data(frame, 'editRefused')}`);
  });

  /** A right-click at image point (ix, iy), then `item` of VS Code's context menu. */
  const contextMenu = async (frame, [ix, iy], item, screenshot) => {
    const c = await screenPoint(frame, ix, iy);
    await page.mouse.click(c.x, c.y, { button: 'right' });
    const entry = page.locator('.context-view .monaco-menu .action-item .action-label', { hasText: item }).first();
    await entry.waitFor({ state: 'visible', timeout: 10_000 });
    const items = await page.locator('.context-view .monaco-menu .action-item .action-label').allTextContents();
    assert.deepEqual(items.map((s) => s.trim()).filter(Boolean), ['Relabel…', 'Duplicate', 'Delete'], 'the menu offers the shape\'s ops and nothing else');
    if (screenshot) await page.screenshot({ path: path.join(artifacts, screenshot) });
    // The pointer on the entry focuses it (as a hand would), Enter runs it: no click racing the menu's opening.
    await entry.hover();
    const row = page.locator('.context-view .monaco-menu .action-item').filter({ has: page.locator('.action-label', { hasText: item }) }).first();
    await until(`"${item}" focused in the menu`, async () => (await row.getAttribute('class'))?.includes('focused'));
    await page.keyboard.press('Enter');
    await until('the menu closed', async () => !(await page.locator('.context-view .monaco-menu').isVisible().catch(() => false)));
  };

  await test('menu: R opens the label picker, typing filters, Enter relabels; Delete deletes; D duplicates (pixel file, undo and redo)', async () => {
    const name = 'menu-shapes.json';
    const frame = await open(name);
    await select(frame, 0, [200, 160]);
    await page.keyboard.press('r');
    await until('the picker open', async () => (await data(frame, 'picking')) === '1');
    // Every label of the file, the shape's own one active; the field has the focus.
    assert.deepEqual(await frame.$$eval('.label-picker-list [role=option]', (o) => o.map((e) => e.dataset.label)), ['car', 'person', 'truck']);
    assert.equal(await frame.$eval('.label-picker', (b) => b.dataset.active), 'car');
    assert.equal(await frame.evaluate(() => document.activeElement?.getAttribute('role')), 'combobox');
    await page.keyboard.type('ru');
    // "truck" contains "ru"; no label starts with it, so it is first, and "ru" itself is offered as a new label.
    await until('filtered to truck', async () => (await frame.$$eval('.label-picker-list [role=option]', (o) => o.map((e) => e.dataset.label))).join(',') === 'truck,ru');
    assert.equal(await frame.$eval('.label-picker', (b) => b.dataset.active), 'truck');
    const active = await frame.$eval('.label-picker-input', (i) => i.getAttribute('aria-activedescendant'));
    assert.equal(await frame.$eval(`[id="${active}"]`, (o) => o.dataset.label), 'truck', 'aria-activedescendant names the active option');
    assert.equal(disk(name), PIXEL);
    await page.keyboard.press('Enter');
    const relabelled = PIXEL.replace('"car"', '"truck"');
    await until('the picker closed', async () => (await data(frame, 'picking')) === '');
    await until('the car relabelled in the preview', async () => (await frame.$$eval('.legend-label', (l) => l.map((e) => e.textContent).sort())).join(',') === 'person,truck');
    assert.equal(disk(name), PIXEL, 'the preview saves nothing');
    await saved(name, relabelled);
    await undoRedo(frame, name, PIXEL, relabelled, 'truck,person,truck');

    // Escape closes the picker and writes nothing.
    await select(frame, 1, [425, 210]);
    const sent = await data(frame, 'shapeEditsSent');
    await page.keyboard.press('F2');
    await until('the picker open', async () => (await data(frame, 'picking')) === '1');
    await page.keyboard.type('xyz');
    await page.keyboard.press('Escape');
    await until('the picker closed', async () => (await data(frame, 'picking')) === '');
    assert.equal(await data(frame, 'shapeEditsSent'), sent, 'Escape sends no edit');

    // Delete with the key: the person's line goes.
    await frame.focus('.stage');
    await page.keyboard.press('Delete');
    const deleted = relabelled.replace(PERSON, '');
    await drawn(frame, 2);
    await saved(name, deleted);
    await undoRedo(frame, name, relabelled, deleted, 'truck,truck');

    // D duplicates: the copy right after the original, 10 pixels down and right, and selected.
    await select(frame, 0, [200, 160]);
    await page.keyboard.press('d');
    await drawn(frame, 3);
    await until('the copy selected', async () => (await data(frame, 'highlight')) === '1' && (await data(frame, 'highlightBounds')) === '110 130 200 80');
    const line = CAR.replace('"car"', '"truck"');
    const duplicated = deleted.replace(line, line + line.replace('[100, 120,', '[110, 130,'));
    await saved(name, duplicated);
    await undoRedo(frame, name, deleted, duplicated, 'truck,truck,truck');
  });

  await test('menu: the context menu on a shape relabels and deletes; Ctrl+D duplicates; a normalized CRLF file stays normalized with its line ends', async () => {
    const name = 'menu-normalized-crlf.json';
    const frame = await open(name);
    // 640x480: the car is [160, 120, 200, 120] in pixels, the dog a triangle (480, 240), (560, 240), (560, 360).
    await select(frame, 0, [260, 180]);
    await page.keyboard.press('Control+d');
    await drawn(frame, 3);
    // 10 pixels of 640 and of 480, with the 4 decimals the file and the image need.
    const car = '\t\t\t\t{"bbox": [0.25, 0.25, 0.3125, 0.25], "label": "car"},\r\n';
    const duplicated = NORMALIZED.replace(car, car + car.replace('[0.25, 0.25,', '[0.2656, 0.2708,'));
    await saved(name, duplicated);
    await undoRedo(frame, name, NORMALIZED, duplicated, 'car,car,dog');

    // Right-click on the dog: Relabel… opens the picker; a label no shape has yet is typed in.
    await contextMenu(frame, [540, 280], 'Relabel…', 'shape-menu-context-dark.png');
    await until('the picker open', async () => {
      if ((await data(frame, 'picking')) === '1') return true;
      throw new Error(`version ${await data(frame, 'shapesVersion')}, dropped ${await data(frame, 'shapeCommandDropped')}, context ${await frame.$eval('canvas', (c) => c.dataset.vscodeContext)}`);
    });
    await until('the picker has the keys', async () => frame.evaluate(() => document.activeElement?.getAttribute('role') === 'combobox' && document.hasFocus()));
    await page.keyboard.type('cat');
    await until('a new label offered', async () => (await frame.$eval('.label-picker', (b) => b.dataset.active)) === 'cat');
    await page.keyboard.press('Enter');
    const relabelled = duplicated.replace('"dog"', '"cat"');
    await until('the cat in the legend', async () => (await frame.$$eval('.legend-label', (l) => l.map((e) => e.textContent).sort())).join(',') === 'car,cat');
    await saved(name, relabelled);
    await undoRedo(frame, name, duplicated, relabelled, 'car,car,cat');

    // Right-click Delete on the last annotation: its comma and its line go, CRLF stays.
    await contextMenu(frame, [540, 280], 'Delete');
    await drawn(frame, 2);
    const deleted = relabelled.replace(',\r\n\t\t\t\t{"polygon": [[0.75, 0.5], [0.875, 0.5], [0.875, 0.75]], "label": "cat"}', '');
    await saved(name, deleted);
    await undoRedo(frame, name, relabelled, deleted, 'car,car');

    // Backspace deletes the selected shape too: the copy (under the original, so selected with the cursor in its text).
    await page.locator('.part.editor .monaco-editor .view-line', { hasText: '0.2656' }).first().click();
    await until('the copy selected', async () => (await data(frame, 'highlight')) === '1');
    await frame.focus('.stage');
    await page.keyboard.press('Backspace');
    await drawn(frame, 1);
    await saved(name, NORMALIZED.replace(',\r\n\t\t\t\t{"polygon": [[0.75, 0.5], [0.875, 0.5], [0.875, 0.75]], "label": "dog"}', ''));
  });

  await test('menu: the label picker in the dark and the light theme (screenshots)', async () => {
    const name = 'menu-shapes.json';
    const frame = await open(name);
    const before = disk(name);
    const sent = await data(frame, 'shapeEditsSent');
    const shoot = async (theme) => {
      await select(frame, 0, [200, 160]);
      await page.keyboard.press('r');
      await until('the picker open', async () => (await data(frame, 'picking')) === '1');
      await page.keyboard.type('t');
      await page.screenshot({ path: path.join(artifacts, `shape-menu-picker-${theme}.png`) });
      // The picker's colours are the theme's: its background is not the other theme's.
      const background = await frame.$eval('.label-picker', (b) => getComputedStyle(b).backgroundColor);
      await page.keyboard.press('Escape');
      await until('the picker closed', async () => (await data(frame, 'picking')) === '');
      return background;
    };
    // The theme the tests before left (an earlier one ends in high contrast) comes back at the end.
    const themes = { 'vs-dark': ['Dark Modern', 'vscode-dark'], vs: ['Light Modern', 'vscode-light'], 'hc-black': ['Dark High Contrast', 'vscode-high-contrast'], 'hc-light': ['Light High Contrast', 'vscode-high-contrast-light'] };
    const theme = async (cls) => {
      const [title, body] = themes[cls];
      await runCommand(page, 'Preferences: Color Theme');
      await page.keyboard.type(title);
      await pickFirst(page, title);
      await until(`the ${title} theme in the preview`, async () => frame.evaluate((b) => document.body.classList.contains(b), body));
    };
    const found = await page.evaluate((names) => names.find((c) => document.querySelector('.monaco-workbench').classList.contains(c)), Object.keys(themes));
    await theme('vs-dark');
    const dark = await shoot('dark');
    await theme('vs');
    const light = await shoot('light');
    if (found && found !== 'vs') await theme(found);
    assert.notEqual(light, dark);
    assert.equal(await data(frame, 'shapeEditsSent'), sent, 'Escape sends no edit');
    assert.equal(disk(name), before);
  });
}
