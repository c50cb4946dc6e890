// The typing latency a person sees: in the workbench (Chromium), one key typed into a bbox width
// ("-" makes it negative) until the error squiggle is drawn on that line, and Backspace until it is
// gone. Both times are taken in the page: from the keydown event to the first animation frame whose
// DOM has (or no longer has) a squiggle on the cursor's line. Nothing is timed on the extension
// host here: the trip of the change to it, the debounce, the check, the trip of the diagnostics back
// and the workbench's redraw are all in. Used by scripts/bench/editor.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { goToLine, openFile, runCommand, until } from '../workbench-ui.mjs';

/** Line and column (1-based) of a bbox width halfway through the file: `"bbox": [` then x, y, width. */
export function widthPosition(text) {
  const middle = text.indexOf('"bbox": [', text.length >> 1);
  if (middle === -1) throw new Error('no bbox in the second half of the file');
  const re = /"bbox": \[\s*(-?[\d.]+),\s*(-?[\d.]+),\s*([\d.]+)/y;
  re.lastIndex = middle;
  const m = re.exec(text);
  if (!m) throw new Error(`the bbox at offset ${middle} is not [x, y, positive width, ...]`);
  const offset = m.index + m[0].length - m[3].length;
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** In the page: whether the line with the cursor has an error squiggle (undefined: no cursor line drawn). */
function cursorLineSquiggle() {
  const editor = document.querySelector('.part.editor .editor-instance .monaco-editor');
  const line = [...(editor?.querySelectorAll('.view-overlays > div') ?? [])].find((d) => d.querySelector('.current-line'));
  return line ? line.querySelector('.squiggly-error') !== null : undefined;
}

/** The errors count in the status bar. */
async function errorCount(page) {
  const label = (await page.locator('#status\\.problems').getAttribute('aria-label').catch(() => '')) ?? '';
  const m = /(\d[\d,.]*)\s*Error/i.exec(label) ?? /Errors?:\s*(\d[\d,.]*)/i.exec(label);
  return m ? Number(m[1].replace(/[,.]/g, '')) : 0;
}

/** Times `runs` typed edits in the workspace file `rel` (absolute `file`); returns the times in ms. */
export async function typeInFile(page, { rel, file, runs, timeoutMs = 600_000, profileFile }) {
  const { line, column } = widthPosition(fs.readFileSync(file, 'utf8'));
  const before = await errorCount(page);
  const opened = Date.now();
  await openFile(page, rel, timeoutMs);
  // Over VS Code's large-file limit the workbench asks first: answered as a person would.
  const shown = await until(`${rel}'s text or the large-file question`, async () => {
    if (await page.locator('.part.editor .editor-instance .monaco-editor .view-lines').isVisible().catch(() => false)) return 'text';
    return (await page.getByRole('button', { name: 'Open Anyway' }).isVisible().catch(() => false)) ? 'asked' : undefined;
  }, timeoutMs);
  if (shown === 'asked') await page.getByRole('button', { name: 'Open Anyway' }).click();
  await until(`the first errors of ${rel} in the status bar`, async () => (await errorCount(page)) > before, timeoutMs);
  const openToFirstMs = Date.now() - opened;
  // The later phases (disk checks) land before the first edit.
  await page.waitForTimeout(3000);
  await goToLine(page, line, column);
  await until(`the cursor on line ${line} of ${rel}`, () => page.evaluate(cursorLineSquiggle).then((s) => s !== undefined));
  if (await page.evaluate(cursorLineSquiggle)) throw new Error(`line ${line} of ${rel} has an error squiggle already`);
  await page.evaluate(`window.__datumSquiggle = ${cursorLineSquiggle.toString()}`);
  await page.evaluate(() => {
    window.__datumKeyAt = 0;
    // Once per page: the next file's run would add a second listener.
    if (!window.__datumKeyListener) window.addEventListener('keydown', () => { window.__datumKeyAt = performance.now(); }, true);
    window.__datumKeyListener = true;
  });
  const showMs = [];
  const clearMs = [];
  const after = (want) => page.waitForFunction((w) => (window.__datumSquiggle() === w ? performance.now() - window.__datumKeyAt : false), want, { polling: 'raf', timeout: timeoutMs }).then((h) => h.jsonValue());
  // DATUM_TYPING_PROFILE=<file.cpuprofile>: a CPU profile of the workbench's page during the edits of the last file.
  const profile = profileFile ? await page.context().newCDPSession(page) : undefined;
  if (profile) {
    await profile.send('Profiler.enable');
    await profile.send('Profiler.setSamplingInterval', { interval: 500 });
    await profile.send('Profiler.start');
  }
  for (let k = 0; k < runs; k++) {
    await page.keyboard.press('Minus');
    showMs.push(await after(true));
    await page.waitForTimeout(1500);
    await page.keyboard.press('Backspace');
    clearMs.push(await after(false));
    await page.waitForTimeout(1500);
  }
  if (profile) {
    const { profile: data } = await profile.send('Profiler.stop');
    fs.writeFileSync(profileFile, JSON.stringify(data));
    await profile.detach();
  }
  await runCommand(page, 'File: Revert File');
  await page.keyboard.press('Control+W');
  return { file: path.basename(file), bytes: fs.statSync(file).size, openToFirstMs, showMs, clearMs };
}
