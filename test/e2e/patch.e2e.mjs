// End-to-end test of the preview following an edit with the changed shapes only, run by
// preview.e2e.mjs in its VS Code + Chromium session: in a big annotation file (500 images of 20
// boxes), one digit typed into a box's width makes the host send an `annotationsPatch` of that one
// shape (the page counts patches and whole `annotations` messages in its root's data-* attributes),
// and the box is drawn with its new width.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

/** The box whose width the test types into: its width starts a line, so Home puts the cursor on it. */
const MARK = { x: 17, y: 23, w: 4242, h: 31 };

export function patchFixtures(workspace) {
  fs.mkdirSync(path.join(workspace, 'patch'), { recursive: true });
  const images = [];
  for (let i = 0; i < 500; i++) {
    const boxes = [];
    for (let j = 0; j < 20; j++) {
      if (i === 0 && j === 5) boxes.push(`      { "type": "rectangle", "label": "car", "bbox": [${MARK.x}, ${MARK.y},\n${MARK.w}, ${MARK.h}] }`);
      else boxes.push(`      { "type": "rectangle", "label": "${j % 2 ? 'car' : 'person'}", "bbox": [${10 + j}, ${5 + i % 50}, ${20 + j}, 30] }`);
    }
    images.push(`    {\n      "image": "patch-${i}.jpg",\n      "annotations": [\n${boxes.join(',\n')}\n      ]\n    }`);
  }
  fs.writeFileSync(path.join(workspace, 'patch/big.json'), `{\n  "images": [\n${images.join(',\n')}\n  ]\n}\n`);
}

export async function patchTests({ page, test, until, data, openFile, runCommand, previewOf }) {
  await test('preview: one digit typed in a big file sends the one shape that changed, not the image\'s 20', async () => {
    await runCommand(page, 'View: Focus First Editor Group');
    await runCommand(page, 'View: Close Editors in Other Groups');
    await openFile(page, 'patch/big.json');
    await runCommand(page, 'Datum Studio: Preview Overlays');
    const frame = await previewOf(page, 'big.json');
    await until('20 shapes drawn', async () => (await data(frame, 'visibleShapes')) === '20');
    const wholeBefore = await data(frame, 'annotationMessages');
    const patchesBefore = Number((await data(frame, 'patches')) || 0);
    assert.ok(Number(wholeBefore) >= 1, `whole annotations messages: ${wholeBefore}`);
    // The cursor to the width's line in the editor, then one digit in front of it: 4242 → 14242.
    await page.locator('.part.editor .monaco-editor .view-line', { hasText: `${MARK.w}, ${MARK.h}] }` }).first().click();
    await page.keyboard.press('Home');
    await page.keyboard.type('1');
    await until('a patch after the edit', async () => Number((await data(frame, 'patches')) || 0) > patchesBefore, 20_000);
    assert.equal(await data(frame, 'patchShapes'), '1', 'the patch carries one shape');
    assert.equal(await data(frame, 'annotationMessages'), wholeBefore, 'no whole annotations message for the edit');
    assert.equal(await data(frame, 'visibleShapes'), '20');
    // The page drew the new width: the annotation's shape, selected by the cursor, is 14242 wide.
    await until('the box drawn 14242 wide', async () => (await data(frame, 'highlightBounds')).split(' ')[2] === '14242');
    await page.keyboard.press('Control+Z');
  });
}
