// End-to-end tests of the preview's evaluation (predictions against ground truth), run by
// preview.e2e.mjs in its VS Code + Chromium session: picking the predictions from the preview's
// Compare button, TP/FP/FN drawn apart (read from the canvas pixels, not only from what the page
// reports), the IoU slider turning a TP into a FP and a FN across the pair's IoU, and next/previous
// FP/FN moving through the images and selecting the annotation in the text (read from the status bar).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/vscode-server.mjs';

const require = createRequire(import.meta.url);

/** Canvas pixels near a box's outline (image coordinates) in a colour. */
async function pixelsOf(frame, cssVar, [bx, by, bw, bh]) {
  return frame.evaluate(({ cssVar, bx, by, bw, bh }) => {
    const probe = document.createElement('div');
    probe.style.color = `var(${cssVar})`;
    document.body.append(probe);
    const rgb = getComputedStyle(probe).color.match(/\d+/g).slice(0, 3).map(Number);
    probe.remove();
    const canvas = document.querySelector('.stage canvas');
    const dpr = canvas.width / canvas.clientWidth;
    const [scale, vx, vy] = document.getElementById('root').dataset.view.split(' ').map(Number);
    const x0 = Math.floor((bx * scale + vx) * dpr) - 3;
    const y0 = Math.floor((by * scale + vy) * dpr) - 3;
    const { data } = canvas.getContext('2d').getImageData(x0, y0, Math.ceil(bw * scale * dpr) + 7, Math.ceil(bh * scale * dpr) + 7);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 200 && rgb.every((c, k) => Math.abs(data[i + k] - c) <= 30)) n++;
    return n;
  }, { cssVar, bx, by, bw, bh });
}

export async function evaluationTests({ page, test, workspace, until, data, openFile, runCommand, previewOf, pickFirst, selectionStatus, artifacts }) {
  const { compareSets } = require(path.join(REPO_ROOT, 'out/src/evaluation/compare.js'));
  const { readMetaLake } = require(path.join(REPO_ROOT, 'out/src/evaluation/adapters/index.js'));
  const { locatePaths } = require(path.join(REPO_ROOT, 'out/src/core/jsonScan.js'));
  const { LineIndex } = require(path.join(REPO_ROOT, 'out/src/core/text.js'));
  const truthText = fs.readFileSync(path.join(workspace, 'evaluation/truth.json'), 'utf8');
  const predText = fs.readFileSync(path.join(workspace, 'evaluation/predictions.json'), 'utf8');
  const truth = JSON.parse(truthText);
  const preds = JSON.parse(predText);
  // What compare says, image by image (its ids: positions in each file).
  const expected = (iou) => compareSets(readMetaLake(truth), readMetaLake(preds), { iou, details: true }).matches;
  /** The status bar text when `text`'s path is selected. */
  const selectionOf = (text, p) => {
    const range = locatePaths(text, [p]).get(p);
    const end = new LineIndex(text).positionAt(range.end);
    return `Ln ${end.line + 1}, Col ${end.character + 1} (${range.end - range.start} selected)`;
  };
  let frame;
  const setIou = (v) => frame.$eval('#iou', (s, v) => {
    s.value = String(v);
    s.dispatchEvent(new Event('input'));
    s.dispatchEvent(new Event('change'));
  }, v);

  await test('evaluation: Compare… in the preview picks the predictions; TP, FP and FN are drawn apart, as compare matches them', async () => {
    await openFile(page, 'evaluation/truth.json');
    await runCommand(page, 'Datum Studio: Preview Overlays');
    frame = await previewOf(page, 'truth.json');
    await until('the image loaded', async () => (await data(frame, 'imageState')) === 'loaded');
    await frame.click('.eval-compare');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('predictions.json');
    await pickFirst(page, 'predictions.json');
    await until('the comparison', async () => (await data(frame, 'evaluation')) === 'predictions.json');
    const m = expected(0.5)[0];
    // In the page, ids are the truth's annotation index and the prediction's position in its file (as compare's).
    await until('TP/FP/FN of image 1', async () => (await data(frame, 'evalTp')) === String(m.pairs.length) && (await data(frame, 'evalFp')) === m.falsePositives.join(' ') && (await data(frame, 'evalFn')) === m.falseNegatives.join(' '));
    assert.deepEqual([m.pairs.length, m.falsePositives, m.falseNegatives], [3, [2], [2]]);
    // The drawing: the FP prediction in the FP colour, the FN truth in the FN colour, a TP pair in the TP colour.
    await until('the figures in the legend', async () => (await data(frame, 'evalLabels')).includes('person:'));
    const fpBox = preds.images[0].annotations[2].bbox;
    const fnBox = truth.images[0].annotations[2].bbox;
    const tpBox = truth.images[0].annotations[3].bbox;
    await until('the FP drawn', async () => (await pixelsOf(frame, '--vscode-charts-red', fpBox)) > 40);
    assert.ok((await pixelsOf(frame, '--vscode-charts-yellow', fnBox)) > 20, 'the FN drawn in short dashes, in its colour');
    assert.ok((await pixelsOf(frame, '--vscode-charts-green', tpBox)) > 40, 'the TP drawn');
    assert.equal(await pixelsOf(frame, '--vscode-charts-red', tpBox), 0, 'the TP is not drawn as a FP');
    // The legend's figures are compare's, dataset-wide.
    const r = compareSets(readMetaLake(truth), readMetaLake(preds), { iou: 0.5 }).result;
    const f = (v) => (v === null ? '–' : v.toFixed(2));
    const person = r.labels.find((l) => l.label === 'person');
    assert.ok((await data(frame, 'evalLabels')).includes(`person:${f(person.precision)}/${f(person.recall)}/${f(person.ap50)}`));
    assert.match(await data(frame, 'evalCurve'), /^car:\d+$/);
  });

  await test('evaluation: the IoU slider turns a TP into a FP and a FN just above the pair\'s IoU, and back', async () => {
    // The person pair: truth [118, 276, 35, 126], prediction [124, 276, 35, 126]: IoU 3654/5166 = 0.707.
    await setIou(0.7);
    await until('the person pair a TP at 0.70', async () => (await data(frame, 'evalPairs')).split(' ').includes('1-1'));
    assert.equal(await data(frame, 'evalFp'), expected(0.7)[0].falsePositives.join(' '));
    await setIou(0.71);
    const m = expected(0.71)[0];
    assert.deepEqual(m.falsePositives, [1, 2]);
    await until('the person prediction a FP and its truth a FN at 0.71', async () => (await data(frame, 'evalFp')) === '1 2' && (await data(frame, 'evalFn')) === m.falseNegatives.join(' '));
    assert.ok(!(await data(frame, 'evalPairs')).split(' ').includes('1-1'));
    // The dataset-wide figures follow the slider (compare at 0.71): person's precision drops.
    const person = compareSets(readMetaLake(truth), readMetaLake(preds), { iou: 0.71 }).result.labels.find((l) => l.label === 'person');
    await until('person at 0.71 in the legend', async () => (await data(frame, 'evalLabels')).includes(`person:${person.precision.toFixed(2)}/${person.recall.toFixed(2)}/`));
    await setIou(0.5);
    await until('back to 3 TP', async () => (await data(frame, 'evalTp')) === '3');
  });

  await test('evaluation: next FP / next FN move through the images and select the annotation in the text', async () => {
    await page.screenshot({ path: path.join(artifacts, 'preview-evaluation-dark.png') });
    // A step selects the annotation in its file but leaves the focus in the preview (the next P is the
    // next step). The status bar shows the selection of the focused editor: a click on the file's tab
    // focuses it without moving its cursor.
    const textSelected = async (file, text, p) => {
      const status = selectionOf(text, p);
      await page.locator('.tab.active', { hasText: file }).first().click();
      await until(`the text selection "${status}"`, async () => (await selectionStatus(page))?.includes(status));
    };
    const step = async (which, wantSelected, wantImage, file, text, p) => {
      await frame.click(`button[data-step="${which}"]`);
      await until(`${wantSelected} selected on ${wantImage}`, async () => (await data(frame, 'evalSelected')) === wantSelected && (await data(frame, 'image')) === wantImage);
      await until(`${file} shown in the first group`, async () => (await page.locator('.tab.active').first().textContent())?.includes(file));
      await textSelected(file, text, p);
    };
    // Image 1's FP (the car prediction at 20, 40): the predictions file opens with it selected.
    await step('fp+', 'fp:other:2', '../images/street.jpg', 'predictions.json', predText, ['images', 0, 'annotations', 2]);
    // The next FP is on the second image (the prediction at 300, 300: position 5 in its file).
    await step('fp+', 'fp:other:5', '../images/parking.png', 'predictions.json', predText, ['images', 1, 'annotations', 1]);
    // FN: the truth file's annotation.
    await step('fn+', 'fn:own:1', '../images/parking.png', 'truth.json', truthText, ['images', 1, 'annotations', 1]);
    // Wraps around to the first image's FN.
    await step('fn+', 'fn:own:2', '../images/street.jpg', 'truth.json', truthText, ['images', 0, 'annotations', 2]);
    // Previous FP from there: the last FP of this image.
    await step('fp-', 'fp:other:2', '../images/street.jpg', 'predictions.json', predText, ['images', 0, 'annotations', 2]);
    // By keyboard in the preview: Shift+P goes back one more, wrapping to the last image's FP.
    await frame.focus('.strip');
    await page.keyboard.press('Shift+P');
    await until('the second image\'s FP by keyboard', async () => (await data(frame, 'evalSelected')) === 'fp:other:5' && (await data(frame, 'image')) === '../images/parking.png');
    // The focus stayed in the preview: Shift+P again is one more step back (the first image's FP),
    // not a letter typed into predictions.json.
    await page.keyboard.press('Shift+P');
    await until('the first image\'s FP by keyboard', async () => (await data(frame, 'evalSelected')) === 'fp:other:2' && (await data(frame, 'image')) === '../images/street.jpg');
    await textSelected('predictions.json', predText, ['images', 0, 'annotations', 2]);
    assert.equal(await page.locator('.tab.dirty', { hasText: 'predictions.json' }).count(), 0, 'predictions.json unchanged');
  });
}
