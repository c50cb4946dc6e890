// A screenshot of the preview's evaluation as a person sees it: VS Code (web) on a copy of
// samples/, the overlay preview of evaluation/truth.json, Compare… with evaluation/predictions.json,
// the next false positive selected (its annotation selected in the predictions file).
//   node scripts/eval-tour.mjs [--theme dark|light] [--out media/preview-evaluation-dark.png]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { REPO_ROOT, startServer, workbenchUrl } from './vscode-server.mjs';

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const theme = arg('--theme', 'dark');
const out = path.resolve(REPO_ROOT, arg('--out', `test-artifacts/preview-evaluation-${theme}.png`));

async function until(what, fn, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await fn().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-eval-tour-'));
fs.cpSync(path.join(REPO_ROOT, 'samples'), workspace, { recursive: true });
const server = await startServer({
  settings: { 'workbench.colorTheme': theme === 'light' ? 'Default Light Modern' : 'Default Dark Modern', 'editor.minimap.enabled': false, 'workbench.startupEditor': 'none' },
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 860 } });
  await page.goto(workbenchUrl(server.port, { workspace, payload: { extensionDevelopmentPath: REPO_ROOT, skipWelcome: 'true' } }));
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
  await page.waitForTimeout(3000);
  await page.keyboard.press('Control+P');
  await page.keyboard.type('evaluation/truth.json');
  await until('truth.json in quick open', async () => (await page.locator('.quick-input-list .monaco-list-row .label-name').first().textContent())?.trim() === 'truth.json');
  await page.keyboard.press('Enter');
  await until('truth.json open', async () => (await page.locator('.tab.active').first().textContent())?.includes('truth.json'));
  await page.keyboard.press('F1');
  await page.keyboard.type('Datum Studio: Preview Overlays');
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  let frame;
  await until('the preview', async () => {
    for (const f of page.frames()) {
      if (await f.evaluate(() => document.getElementById('root')?.dataset.imageState === 'loaded').catch(() => false)) frame = f;
    }
    return !!frame;
  });
  // The side bar closed, so the preview has room.
  await page.keyboard.press('Control+B').catch(() => {});
  await frame.click('.eval-compare');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type('predictions.json');
  await until('predictions.json in the list', async () => (await page.locator('.quick-input-list .monaco-list-row .label-name').first().textContent())?.trim() === 'predictions.json');
  await page.keyboard.press('Enter');
  await until('the comparison', () => frame.evaluate(() => document.getElementById('root').dataset.evaluation === 'predictions.json'));
  await until('the figures', () => frame.evaluate(() => (document.getElementById('root').dataset.evalCurve ?? '') !== ''));
  await frame.click('button[data-step="fp+"]');
  await until('the FP selected', () => frame.evaluate(() => (document.getElementById('root').dataset.evalSelected ?? '').startsWith('fp:')));
  // The PR curve of car (two of three found, one spurious).
  await frame.selectOption('.eval-curve-head select', 'car');
  await page.waitForTimeout(1500);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`saved ${path.relative(REPO_ROOT, out)}`);
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(workspace, { recursive: true, force: true });
}
