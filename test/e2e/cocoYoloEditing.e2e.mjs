// End-to-end tests of changing boxes in the preview of a COCO file and of a YOLO label file, run by
// preview.e2e.mjs in its VS Code + Chromium session: a box selected with a click is dragged with
// the mouse, and the file's text is checked exactly after the drag, after the editor's undo and
// after its redo (read from disk after Ctrl+S in the editor; the preview itself never saves).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

// A COCO file of its own: the car's area is its box's (it follows the box), the dog's is its polygon's (it stays).
const COCO = '{\n  "images": [\n    {"id": 4, "file_name": "cy-coco-picture.jpg", "width": 640, "height": 480}\n  ],\n  "annotations": [\n'
  + '    {"id": 1, "image_id": 4, "category_id": 1, "bbox": [100, 120, 200, 80], "area": 16000, "iscrowd": 0},\n'
  + '    {"id": 2, "image_id": 4, "category_id": 2, "segmentation": [[450, 300, 550, 300, 550, 400]], "bbox": [450, 300, 100, 100], "area": 5000, "iscrowd": 0}\n'
  + '  ],\n  "categories": [\n    {"id": 1, "name": "car"},\n    {"id": 2, "name": "dog"}\n  ]\n}\n';

// A YOLO label file with CRLF line ends, six decimals and no line end after its last line.
// 640x480: the person's box is [160, 120, 160, 120] in pixels.
const LABELS = '0 0.375000 0.375000 0.250000 0.250000\r\n1 0.800000 0.800000 0.100000 0.100000';

/** The lines the tests click before a save: the edited annotation's (the preview keeps it selected). */
const CAR_LINE = '"image_id": 4, "category_id": 1';
// Monaco writes spaces as no-break spaces: \s matches both.
const PERSON_LINE = /^0\s0\./;

/** The files the tests edit, written into the workspace before VS Code opens it. */
export function cocoYoloEditingFixtures(workspace) {
  const root = path.join(workspace, 'cyedit');
  fs.mkdirSync(path.join(root, 'coco'), { recursive: true });
  fs.mkdirSync(path.join(root, 'yolo', 'images'), { recursive: true });
  fs.mkdirSync(path.join(root, 'yolo', 'labels'), { recursive: true });
  // Pictures of their own (640x480), named like no other (COCO finds its images by name).
  fs.copyFileSync(path.join(workspace, 'images/street.jpg'), path.join(root, 'coco/cy-coco-picture.jpg'));
  fs.copyFileSync(path.join(workspace, 'images/street.jpg'), path.join(root, 'yolo/images/cy-yolo-picture.jpg'));
  fs.writeFileSync(path.join(root, 'coco/cy-instances.json'), COCO);
  fs.writeFileSync(path.join(root, 'yolo/data.yaml'), 'path: .\ntrain: images\nnames:\n  0: person\n  1: car\n');
  fs.writeFileSync(path.join(root, 'yolo/labels/cy-yolo-picture.txt'), LABELS);
}

export async function cocoYoloEditingTests({ page, test, workspace, until, data, openFile, runCommand, previewOf, screenPoint }) {
  const file = (rel) => path.join(workspace, 'cyedit', rel);
  const disk = (rel) => fs.readFileSync(file(rel), 'utf8');
  const bounds = async (frame) => (await data(frame, 'highlightBounds')).split(' ').map(Number);

  /** Saves the file from its editor (a click on a line holding `line` first) and waits until the disk has `want`. */
  const saved = async (rel, line, want) => {
    await page.locator('.part.editor .monaco-editor .view-line', { hasText: line }).first().click();
    await page.keyboard.press('Control+S');
    await until(`${rel} saved as expected`, async () => disk(rel) === want, 10_000).catch(() => assert.equal(disk(rel), want));
  };

  /** Opens `rel` with its preview beside and selects annotation `index` by a click on its box's centre. */
  const open = async (rel, title, index, box) => {
    await runCommand(page, 'View: Focus First Editor Group');
    await runCommand(page, 'View: Close Editors in Other Groups');
    await openFile(page, `cyedit/${rel}`);
    await runCommand(page, 'Datum Studio: Preview Overlays');
    const frame = await previewOf(page, title);
    await until('the image loaded', async () => (await data(frame, 'imageState')) === 'loaded');
    const c = await screenPoint(frame, box[0] + box[2] / 2, box[1] + box[3] / 2);
    await page.mouse.click(c.x, c.y);
    await until(`annotation ${index} editable`, async () => (await data(frame, 'editable')) === String(index));
    return frame;
  };

  const drag = async (frame, [ax, ay], [bx, by]) => {
    const a = await screenPoint(frame, ax, ay);
    const b = await screenPoint(frame, bx, by);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(a.x + (b.x - a.x) / 3, a.y + (b.y - a.y) / 3, { steps: 3 });
    await page.mouse.move(b.x, b.y, { steps: 5 });
    await page.mouse.up();
  };

  const settled = (frame, want) => until(`the box at ${want.join(' ')}`, async () => {
    const state = `pending=${await data(frame, 'editPending')} live=${await data(frame, 'editBox')} drawn=${await data(frame, 'highlightBounds')} editable=${await data(frame, 'editable')} sent=${await data(frame, 'editsSent')} refused=${await data(frame, 'editRefused')}`;
    if ((await data(frame, 'editPending')) === '' && (await bounds(frame)).join(' ') === want.join(' ')) return state;
    throw new Error(state);
  });

  /** A drag of about (px, py) image pixels that lands on whole pixels at the preview's zoom. */
  const whole = async (frame, px, py) => {
    const [scale] = (await data(frame, 'view')).split(' ').map(Number);
    return [Math.round(px * scale) / scale, Math.round(py * scale) / scale];
  };

  await test('editing COCO: a dragged box writes its bbox and the area that was the box\'s; undo and redo in the editor', async () => {
    const rel = 'coco/cy-instances.json';
    const frame = await open(rel, 'cy-instances.json', 0, [100, 120, 200, 80]);
    const [dx, dy] = await whole(frame, 40, 30);
    await drag(frame, [200, 160], [200 + dx, 160 + dy]);
    const moved = [100 + Math.round(dx), 120 + Math.round(dy), 200, 80];
    await settled(frame, moved);
    assert.equal(await data(frame, 'editsSent'), '1', 'one edit for the whole drag, at its end');
    assert.equal(disk(rel), COCO, 'the preview saves nothing');
    const movedText = COCO.replace('[100, 120, 200, 80]', `[${moved.join(', ')}]`);
    await saved(rel, CAR_LINE, movedText);
    await page.keyboard.press('Control+Z');
    await saved(rel, CAR_LINE, COCO);
    await page.keyboard.press('Control+Y');
    await saved(rel, CAR_LINE, movedText);
    await until('the preview drew the redone box', async () => (await bounds(frame)).join(' ') === moved.join(' '));

    // The bottom-right corner: the size and with it the area change (200 x 80 → w x h).
    const [rx, ry] = await whole(frame, 20, 10);
    await drag(frame, [moved[0] + 200, moved[1] + 80], [moved[0] + 200 + rx, moved[1] + 80 + ry]);
    const resized = [moved[0], moved[1], 200 + Math.round(rx), 80 + Math.round(ry)];
    await settled(frame, resized);
    await saved(rel, CAR_LINE, COCO.replace('"bbox": [100, 120, 200, 80], "area": 16000', `"bbox": [${resized.join(', ')}], "area": ${resized[2] * resized[3]}`));
  });

  await test('editing YOLO: a dragged box rewrites its line with six decimals, CRLF and no last line end kept; undo and redo', async () => {
    const rel = 'yolo/labels/cy-yolo-picture.txt';
    const frame = await open(rel, 'cy-yolo-picture.txt', 0, [160, 120, 160, 120]);
    const [dx, dy] = await whole(frame, 32, 24);
    await drag(frame, [240, 180], [240 + dx, 180 + dy]);
    const x = 160 + Math.round(dx);
    const y = 120 + Math.round(dy);
    await settled(frame, [x, y, 160, 120]);
    assert.equal(await data(frame, 'editsSent'), '1');
    assert.equal(disk(rel), LABELS, 'the preview saves nothing');
    const line = `0 ${((x + 80) / 640).toFixed(6)} ${((y + 60) / 480).toFixed(6)} 0.250000 0.250000`;
    const movedText = LABELS.replace('0 0.375000 0.375000 0.250000 0.250000', line);
    await saved(rel, PERSON_LINE, movedText);
    await page.keyboard.press('Control+Z');
    await saved(rel, PERSON_LINE, LABELS);
    await page.keyboard.press('Control+Y');
    await saved(rel, PERSON_LINE, movedText);
    await until('the preview drew the redone box', async () => (await bounds(frame)).join(' ') === [x, y, 160, 120].join(' '));
  });
}
