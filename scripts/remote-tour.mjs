// Screenshots of the Valohai side as a person sees it, against the local emulator: sign in through
// the real prompts, the tree expanded, then an edited properties document being saved (the diff in
// the confirmation). `node scripts/remote-tour.mjs [--theme dark|light]` after `npm run build`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { REPO_ROOT, startServer, workbenchUrl } from './vscode-server.mjs';

const argv = process.argv.slice(2);
const theme = argv.includes('--theme') ? argv[argv.indexOf('--theme') + 1] : 'dark';
const outDir = path.join(REPO_ROOT, 'test-artifacts');
const { Emulator, SAMPLE_TOKEN } = (await import(pathToFileURL(path.join(REPO_ROOT, 'dist/emulator.js')).href)).default;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-remote-tour-'));
const workspace = path.join(scratch, 'workspace');
fs.cpSync(path.join(REPO_ROOT, 'samples'), workspace, { recursive: true });
const emulator = await new Emulator({ dataDir: path.join(scratch, 'emulator'), imagesDir: path.join(REPO_ROOT, 'samples/images') }).start();
const server = await startServer({
  env: { VALOHAI_HOST: emulator.apiUrl, DATUM_STUDIO_SAMPLE_TOKEN: SAMPLE_TOKEN },
  settings: { 'workbench.colorTheme': theme === 'light' ? 'Default Light Modern' : 'Default Dark Modern', 'editor.minimap.enabled': false, 'datumStudio.remote.pageSize': 20 },
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const shot = async (page, name) => {
  const file = path.join(outDir, `remote-${name}-${theme}.png`);
  await page.screenshot({ path: file });
  console.log(`saved ${path.relative(REPO_ROOT, file)}`);
};
try {
  fs.mkdirSync(outDir, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(workbenchUrl(server.port, { workspace, payload: { extensionDevelopmentPath: REPO_ROOT } }));
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
  await page.waitForTimeout(3000);
  await page.click('.activitybar [aria-label="Valohai"]');
  await page.waitForTimeout(1500);
  await shot(page, 'welcome');
  await page.click('.welcome-view-content a[href*="signIn"], .welcome-view-content .monaco-button');
  await page.waitForTimeout(1500);
  await page.keyboard.press('Enter'); // host, filled in with the emulator's
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter'); // token, filled in with the sample token
  await page.waitForTimeout(2500);
  await page.keyboard.press('Enter'); // project: demo-project (first by name)
  await page.waitForTimeout(2500);
  await page.click('.pane-body .monaco-list-row[aria-label^="Datasets"]');
  await page.waitForTimeout(1200);
  await page.click('.pane-body .monaco-list-row[aria-label^="street-images"]');
  await page.waitForTimeout(1200);
  await page.click('.pane-body .monaco-list-row[aria-label^="Datums"]');
  await page.waitForTimeout(2000);
  await page.hover('.pane-body .monaco-list-row[aria-label^="parking.png"]');
  await page.waitForTimeout(1500);
  await shot(page, 'tree');
  // An image datum in the overlay preview: downloaded through the API, drawn with its properties' annotations.
  await page.click('.pane-body .monaco-list-row[aria-label^="street.jpg"]', { button: 'right' });
  await page.waitForTimeout(800);
  await page.click('.monaco-menu .action-label:text-is("Preview Overlays")');
  await page.waitForTimeout(5000);
  await shot(page, 'preview');
  await page.keyboard.press('Control+Shift+P');
  await page.keyboard.type('View: Close All Editors');
  await page.waitForTimeout(600);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(800);
  await page.click('.pane-body .monaco-list-row[aria-label^="Load more"]');
  await page.waitForTimeout(2000);
  await page.keyboard.press('End');
  await page.waitForTimeout(800);
  await shot(page, 'load-more');
  await page.click('.pane-header [aria-label^="Search Valohai"], .title-actions [aria-label^="Search Valohai"]');
  await page.waitForTimeout(800);
  await page.keyboard.type('tag:annotated');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(2500);
  await shot(page, 'search');
  await page.click('.title-actions [aria-label^="Clear Search"]');
  await page.waitForTimeout(2000);
  await page.click('.pane-body .monaco-list-row[aria-label^="results.csv"]');
  await page.waitForTimeout(300);
  await page.hover('.pane-body .monaco-list-row[aria-label^="results.csv"]');
  await page.click('.pane-body .monaco-list-row[aria-label^="results.csv"] .action-label[aria-label^="Edit Properties"]');
  await page.waitForTimeout(2500);
  await page.click('.editor-instance .view-lines');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('{\n"valohai.tags": ["metrics", "reviewed"],\n"reviewer": "newcomer"', { delay: 5 });
  await page.waitForTimeout(1500);
  await page.keyboard.press('Control+S');
  await page.waitForTimeout(2500);
  await shot(page, 'confirm');
  await page.click('.monaco-dialog-box .monaco-button:has-text("Push")');
  await page.waitForTimeout(2500);
  await shot(page, 'pushed');
  // A JSONL with validation errors: the gate first, then the one confirmation listing every change.
  await page.keyboard.press('Control+P');
  await page.keyboard.type('outputs/valohai.metadata.jsonl');
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(2000);
  await page.keyboard.press('F1');
  await page.keyboard.type('Push valohai.metadata.jsonl to Valohai');
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(2500);
  await shot(page, 'jsonl-gate');
  await page.click('.monaco-dialog-box .monaco-button:has-text("Push Anyway")');
  await page.waitForTimeout(3000);
  await shot(page, 'jsonl-confirm');
  await page.click('.monaco-dialog-box .monaco-button:has-text("Push")');
  await page.waitForTimeout(3000);
  await page.click('.statusbar [aria-label*="otification"]').catch(() => undefined);
  await page.waitForTimeout(1000);
  await shot(page, 'jsonl-report');
  // Datum names carry the output's sub-folder; two executions output the same report. A sidecar of
  // an edited local copy: the sha256 does not settle which datum it is, so the user chooses.
  await page.keyboard.press('Escape');
  await page.click('.pane-header [aria-label^="Search Valohai"], .title-actions [aria-label^="Search Valohai"]');
  await page.waitForTimeout(800);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('report');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(2500);
  await shot(page, 'search-subfolders');
  const reports = path.join(workspace, 'outputs', '2024-11-25');
  fs.mkdirSync(reports, { recursive: true });
  fs.writeFileSync(path.join(reports, 'report_0.txt'), 'edited locally\n');
  fs.writeFileSync(path.join(reports, 'report_0.txt.metadata.json'), '{\n  "checked": true\n}\n');
  await page.keyboard.press('Control+P');
  await page.keyboard.type('2024-11-25/report_0.txt.metadata.json');
  await page.waitForTimeout(1200);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(2000);
  await page.keyboard.press('F1');
  await page.keyboard.type('Push Sidecar Properties to Valohai');
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(3000);
  await shot(page, 'which-datum');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(2500);
  await shot(page, 'which-datum-confirm');
  await page.click('.monaco-dialog-box .monaco-button:has-text("Push")');
  await page.waitForTimeout(2500);
  const datum = emulator.state.datums.find((d) => d.name === 'results.csv');
  console.log('results.csv on the emulator now:', JSON.stringify(datum.metadata));
  for (const d of emulator.state.datums.filter((x) => x.name === '2024-11-25/report_0.txt')) console.log(`${d.name} of execution #${d.execution?.counter}:`, JSON.stringify(d.metadata));
} finally {
  await browser.close();
  await server.stop();
  await emulator.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
}
