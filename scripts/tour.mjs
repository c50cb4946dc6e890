// Screenshots of the product as a person sees it: VS Code (web) on a copy of samples/, a file open,
// the Problems panel showing. Used for the README (media/) and to check changes by eye.
//   node scripts/tour.mjs [--theme dark|light] [--file annotations/predictions-broken.json] [--out media/x.png]
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
const file = arg('--file', 'annotations/predictions-broken.json');
const out = path.resolve(REPO_ROOT, arg('--out', `test-artifacts/tour-${theme}.png`));
const line = Number(arg('--line', '0'));

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-tour-'));
fs.cpSync(path.join(REPO_ROOT, 'samples'), workspace, { recursive: true });
const server = await startServer({
  settings: { 'workbench.colorTheme': theme === 'light' ? 'Default Light Modern' : 'Default Dark Modern', 'editor.minimap.enabled': false },
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(workbenchUrl(server.port, { workspace, payload: { extensionDevelopmentPath: REPO_ROOT } }));
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
  await page.waitForTimeout(3000);
  await page.keyboard.press('Control+P');
  await page.keyboard.type(file);
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(2500);
  if (line > 0) {
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(line));
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
  }
  await page.keyboard.press('Control+Shift+M');
  await page.waitForTimeout(2500);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`saved ${path.relative(REPO_ROOT, out)}`);
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(workspace, { recursive: true, force: true });
}
