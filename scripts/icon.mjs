// Renders media/icon.svg to the 128x128 PNG the Marketplace and VS Code's extension list show
// (package.json `icon`). resvg ships as prebuilt binaries inside npm packages, so this works offline
// and needs no system library. System fonts are not loaded: the icon has no text, and the PNG must
// come out the same on every machine. `node scripts/icon.mjs [out.png]` (default media/icon.png).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { REPO_ROOT } from './vscode-server.mjs';

export const ICON_SVG = path.join(REPO_ROOT, 'media', 'icon.svg');
export const ICON_SIZE = 128;

/** Writes the PNG and returns its size in bytes. */
export function renderIcon(outFile = path.join(REPO_ROOT, 'media', 'icon.png')) {
  const svg = fs.readFileSync(ICON_SVG, 'utf8');
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: ICON_SIZE }, font: { loadSystemFonts: false } }).render();
  if (png.width !== ICON_SIZE || png.height !== ICON_SIZE) {
    throw new Error(`media/icon.svg rendered to ${png.width}x${png.height}, not ${ICON_SIZE}x${ICON_SIZE}: give it a square viewBox`);
  }
  const bytes = png.asPng();
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, bytes);
  return bytes.length;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, 'media', 'icon.png'));
  const size = renderIcon(out);
  console.log(`icon: ${path.relative(REPO_ROOT, out)} (${ICON_SIZE}x${ICON_SIZE}, ${size} bytes)`);
}
