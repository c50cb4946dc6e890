// Driving VS Code's workbench (in Chromium, through playwright-core) the way a person does: the
// quick input, Quick Open, Go to Line. Shared by the e2e tier (test/e2e/) and the typing bench.
import path from 'node:path';

/** Polls (every `every` ms) until fn returns a truthy value; the error names what was awaited and what was seen last. */
export async function until(what, fn, timeout = 15_000, every = 100) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e.message;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Picks the first quick-input row starting with `text`, once it shows (results lag behind typing). */
export async function pickFirst(page, text) {
  const index = await until(`"${text}" in the quick input`, async () => {
    const rows = await page.locator('.quick-input-list .monaco-list-row .label-name').allTextContents();
    const i = rows.findIndex((r) => r.trim().startsWith(text));
    return i >= 0 ? i + 1 : undefined;
  });
  for (let i = 1; i < index; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
}

/** Keys typed while a webview has focus stay in the webview: give the workbench the focus first. */
export async function focusWorkbench(page) {
  const editor = page.locator('.part.editor .monaco-editor .view-lines').first();
  if (await editor.isVisible().catch(() => false)) await editor.click();
  else await page.locator('.part.sidebar .title').first().click();
}

export async function runCommand(page, title) {
  await focusWorkbench(page);
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(title);
  await pickFirst(page, title);
}

export async function openFile(page, rel, timeout) {
  await focusWorkbench(page);
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(rel);
  await pickFirst(page, path.basename(rel));
  // The active tab of any editor group: the file opens in the group that has the focus.
  await until(`${rel} in an editor`, async () => (await page.locator('.tab.active').allTextContents()).some((t) => t.includes(path.basename(rel))), timeout);
}

export async function goToLine(page, line, column = 1) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
}
