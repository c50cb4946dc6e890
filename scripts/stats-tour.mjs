// A screenshot of the Dataset Statistics view as a person sees it: VS Code (web) on a copy of
// samples/, Show Dataset Statistics on the workspace, a label bar clicked (its annotation selected).
//   node scripts/stats-tour.mjs [--theme dark|light] [--out media/stats-dark.png]
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
const out = path.resolve(REPO_ROOT, arg('--out', `test-artifacts/stats-${theme}.png`));

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-stats-tour-'));
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
  // the Valohai view above it folded, so the statistics have the side bar
  const remote = page.locator('.pane-header', { hasText: 'Remote Data' }).first();
  if (await remote.count()) await remote.click();
  await page.keyboard.press('F1');
  await page.keyboard.type('Datum Studio: Show Dataset Statistics');
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(4000);
  const boxes = page.locator('.monaco-list-row', { hasText: /^Boxes/ }).first();
  if (await boxes.count()) await boxes.click();
  await page.waitForTimeout(500);
  const width = page.locator('.monaco-list-row', { hasText: /^Width/ }).first();
  if (await width.count()) await width.click();
  await page.waitForTimeout(500);
  const row = page.locator('.monaco-list-row', { hasText: 'person' }).first();
  if (await row.count()) await row.click();
  await page.waitForTimeout(2000);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`saved ${path.relative(REPO_ROOT, out)}`);
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(workspace, { recursive: true, force: true });
}
