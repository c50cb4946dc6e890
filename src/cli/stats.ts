// `datum-studio stats <file|folder>... [--format text|json]`: dataset statistics over annotation
// files (MetaLake, COCO datasets, COCO results). Folders are searched for *.json; files there that
// are not annotations are passed over. Image sizes (for "covers the whole image" and for scaling
// normalized boxes) come from COCO's width/height, or from the image file's header when it is
// found beside the annotation file. Exit 0 with statistics, 2 on bad usage or unreadable input.
import * as l10n from '@vscode/l10n';
import * as fs from 'fs';
import * as path from 'path';
import { readImageInfo } from '../core/files';
import { readAnnotationSet } from '../evaluation/adapters';
import { datasetStats, TINY_SIDE_PX, WHOLE_IMAGE_SHARE, type Distribution, type DatasetStats, type StatsInput } from '../evaluation/stats';
import { InputError, readJsonFile } from './evalInput';

export function statsUsage(): string {
  return [
    l10n.t('Usage: {0}', 'datum-studio stats <file|folder>... [--format text|json]'),
    '',
    l10n.t('Dataset statistics for annotation files (MetaLake annotation JSON, COCO datasets, COCO results):\nimages, annotations, labels, a label histogram, box width/height/area and aspect-ratio\ndistributions, annotations per image, and outliers (tiny boxes, boxes covering the whole image,\nlabels used once, images without annotations). Folders are searched for *.json files.'),
    '',
    l10n.t('Exit status: 0 done, 2 bad usage or unreadable input.'),
  ].join('\n');
}

/** Counts of the summary line, singular and plural. */
const COUNT_WORDS = {
  file: [(n: number) => l10n.t('{0} file', n), (n: number) => l10n.t('{0} files', n)],
  image: [(n: number) => l10n.t('{0} image', n), (n: number) => l10n.t('{0} images', n)],
  annotation: [(n: number) => l10n.t('{0} annotation', n), (n: number) => l10n.t('{0} annotations', n)],
  rectangle: [(n: number) => l10n.t('{0} rectangle', n), (n: number) => l10n.t('{0} rectangles', n)],
  polygon: [(n: number) => l10n.t('{0} polygon', n), (n: number) => l10n.t('{0} polygons', n)],
  line: [(n: number) => l10n.t('{0} line', n), (n: number) => l10n.t('{0} lines', n)],
  label: [(n: number) => l10n.t('{0} label', n), (n: number) => l10n.t('{0} labels', n)],
} as const;

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.vscode-test']);

class UsageError extends Error {}

function jsonFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    const entries = fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) subdirs.push(full);
      } else if (e.isFile() && /\.json$/i.test(e.name)) out.push(full);
    }
    stack.push(...subdirs.reverse());
  }
  return out;
}

/** Where an annotation's `image` may be on disk: beside the file (as a relative path, then by name). */
function imageCandidates(annotationFile: string, image: string): string[] {
  const dir = path.dirname(annotationFile);
  const rel = image.replace(/^[\\/]+/, '');
  const list = [path.resolve(dir, rel), path.join(dir, path.basename(rel))];
  if (path.isAbsolute(image)) list.unshift(image);
  return [...new Set(list)];
}

export async function imageSizes(file: string, input: StatsInput): Promise<void> {
  const { set } = input;
  const sizes = new Map<number, { width: number; height: number }>();
  for (const im of set.images) {
    if (im.width !== undefined && im.height !== undefined) continue;
    if (!im.key || !im.annotations.some((a) => a.box)) continue;
    for (const candidate of imageCandidates(file, im.key)) {
      if (!fs.existsSync(candidate)) continue;
      const info = await readImageInfo(candidate);
      if (info) {
        sizes.set(im.index, { width: info.width, height: info.height });
        break;
      }
    }
  }
  input.imageSize = (i) => sizes.get(i);
}

export async function collectStats(paths: string[], cwd = process.cwd()): Promise<{ stats: DatasetStats; notes: string[] }> {
  const inputs: StatsInput[] = [];
  const notes: string[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new InputError(l10n.t('No such file or folder: {0}', p));
    const explicit = !fs.statSync(p).isDirectory();
    for (const file of explicit ? [p] : jsonFilesUnder(p)) {
      const name = path.relative(cwd, path.resolve(file)).split(path.sep).join('/') || path.basename(file);
      let value: unknown;
      try {
        value = readJsonFile(file);
      } catch (error) {
        if (explicit || !(error instanceof InputError)) throw error;
        notes.push(l10n.t('{0}: skipped: {1}', name, error.message.replace(`${file} `, '')));
        continue;
      }
      const set = readAnnotationSet(value);
      if (typeof set === 'string') {
        if (explicit) throw new InputError(`${name}: ${set}.`);
        continue;
      }
      const input: StatsInput = { file: name, set };
      await imageSizes(file, input);
      inputs.push(input);
    }
  }
  if (inputs.length === 0) notes.push(l10n.t('No annotation files found.'));
  return { stats: datasetStats(inputs), notes };
}

const num = (v: number): string => (Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));

function bar(count: number, max: number, width = 30): string {
  return max > 0 ? '#'.repeat(Math.max(count > 0 ? 1 : 0, Math.round((count / max) * width))) : '';
}

function distributionText(title: string, d: Distribution | null, integer = false): string[] {
  if (!d) return [l10n.t('{0}: none', title)];
  const lines = [l10n.t('{0}: min {1}, median {2}, mean {3}, max {4}', title, num(d.min), num(d.median), num(d.mean), num(d.max))];
  const max = Math.max(...d.bins.map((b) => b.count));
  const ranges = d.bins.map((b) => (integer && b.from === b.to ? num(b.from) : b.to === null ? `≥ ${num(b.from)}` : `${num(b.from)}–${num(b.to)}`));
  const w = Math.max(...ranges.map((r) => r.length));
  const cw = Math.max(...d.bins.map((b) => String(b.count).length));
  d.bins.forEach((b, i) => lines.push(`  ${ranges[i].padStart(w)}  ${String(b.count).padStart(cw)}  ${bar(b.count, max)}`.trimEnd()));
  return lines;
}

export function formatStatsText(s: DatasetStats): string {
  const plural = (n: number, w: keyof typeof COUNT_WORDS) => COUNT_WORDS[w][n === 1 ? 0 : 1](n);
  const lines = [l10n.t('{0}, {1}, {2} ({3}, {4}, {5}), {6}.', plural(s.files, 'file'), plural(s.images, 'image'), plural(s.annotations, 'annotation'), plural(s.shapes.rectangle, 'rectangle'), plural(s.shapes.polygon, 'polygon'), plural(s.shapes.line, 'line'), plural(s.labels, 'label')), ''];
  lines.push(l10n.t('Labels (annotations, images):'));
  const max = Math.max(0, ...s.labelHistogram.map((l) => l.annotations));
  const lw = Math.max(2, ...s.labelHistogram.map((l) => l.label.length));
  const cw = Math.max(0, ...s.labelHistogram.map((l) => String(l.annotations).length));
  const iw = Math.max(0, ...s.labelHistogram.map((l) => String(l.images).length));
  for (const l of s.labelHistogram) lines.push(`  ${(l.label === '' ? '""' : l.label).padEnd(lw)}  ${String(l.annotations).padStart(cw)}  ${String(l.images).padStart(iw)}  ${bar(l.annotations, max)}`.trimEnd());
  lines.push('');
  const b = s.boxes;
  lines.push(l10n.t('Boxes: {0}', b.count) + (b.units === 'normalized' ? ' ' + l10n.t('(normalized units: image sizes unknown)') : '') + (b.unscaled ? '; ' + l10n.t('{0} normalized on images of unknown size left out of the sizes', b.unscaled) : ''));
  if (b.sizes) lines.push('  ' + l10n.t('COCO sizes: {0} small (< 32²), {1} medium, {2} large (≥ 96²)', b.sizes.small, b.sizes.medium, b.sizes.large));
  lines.push(...distributionText(l10n.t('Width'), b.width), ...distributionText(l10n.t('Height'), b.height), ...distributionText(l10n.t('Area'), b.area), ...distributionText(l10n.t('Aspect ratio (w/h)'), b.aspectRatio), '');
  lines.push(...distributionText(l10n.t('Annotations per image'), s.annotationsPerImage, true), '');
  const o = s.outliers;
  lines.push(l10n.t('Outliers:'));
  const refs = (items: { file: string; image: string; annotation?: number; label?: string }[], count: number) => {
    const shown = items.slice(0, 10).map((r) => `    ${r.file} ${JSON.stringify(r.image)}${r.annotation !== undefined ? ' ' + l10n.t('annotation {0}', r.annotation) : ''}${r.label !== undefined ? ` (${r.label})` : ''}`);
    if (count > shown.length) shown.push('    ' + l10n.t('… and {0} more (--format json lists up to 1000)', count - shown.length));
    return shown;
  };
  lines.push('  ' + l10n.t('tiny boxes (a side under {0} px): {1}', TINY_SIDE_PX, o.tinyBoxes.count), ...refs(o.tinyBoxes.items, o.tinyBoxes.count));
  lines.push('  ' + l10n.t('boxes covering the whole image (≥ {0}% of it): {1}', WHOLE_IMAGE_SHARE * 100, o.wholeImageBoxes.count), ...refs(o.wholeImageBoxes.items, o.wholeImageBoxes.count));
  lines.push('  ' + l10n.t('labels used once: {0}', o.labelsUsedOnce.count), ...refs(o.labelsUsedOnce.items, o.labelsUsedOnce.count));
  lines.push('  ' + l10n.t('images without annotations: {0}', o.imagesWithoutAnnotations.count), ...refs(o.imagesWithoutAnnotations.items, o.imagesWithoutAnnotations.count));
  if (s.skipped.length > 0) lines.push('', l10n.t('Not counted:'));
  for (const k of s.skipped) lines.push(`  ${k.file}: ${k.reason}: ${k.count}`);
  return lines.join('\n') + '\n';
}

export async function runStats(argv: string[]): Promise<number> {
  let format: 'text' | 'json' = 'text';
  const paths: string[] = [];
  try {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i];
      const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
      const flag = eq > 0 ? arg.slice(0, eq) : arg;
      if (flag === '--help' || flag === '-h') {
        process.stdout.write(statsUsage() + '\n');
        return 0;
      } else if (flag === '--format') {
        const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
        if (v !== 'text' && v !== 'json') throw new UsageError(l10n.t('--format must be text or json, not "{0}".', v ?? ''));
        format = v;
      } else if (flag.startsWith('-')) throw new UsageError(l10n.t('Unknown option "{0}".', flag));
      else paths.push(arg);
    }
    if (paths.length === 0) throw new UsageError(l10n.t('Name an annotation file or a folder.'));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`datum-studio: ${error.message}\n\n${statsUsage()}\n`);
    return 2;
  }
  try {
    const { stats, notes } = await collectStats(paths);
    for (const note of notes) process.stderr.write(note + '\n');
    process.stdout.write(format === 'json' ? JSON.stringify(stats, null, 2) + '\n' : formatStatsText(stats));
    return 0;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`datum-studio: ${error.message}\n`);
    return 2;
  }
}
