// The disk side of conversion, shared by the CLI (`datum-studio convert`) and the editor command:
// read the input (a MetaLake or COCO file; YOLO as a data.yaml or a labels folder with its class
// list), find image sizes in the image headers where the target needs them, and write the output
// without ever replacing something that exists unless asked (`force`). No vscode.
import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { readImageInfo } from '../core/files';
import { looksLikeCocoText, readHeadAndTail } from '../validation/largeCoco';
import { parseDataYaml, parseNamesFile, type YoloClasses } from '../validation/yolo';
import { findClasses, findLabelImage } from '../validation/yoloFiles';
import { ConvertError, needsImageSizes, readDataset, writeDataset, type ConvertInput, type ConvertOptions, type YoloLabelInput } from './convert';
import { LossReport, type ConvDataset, type ConvertFormat, type Loss } from './model';
import type { OutputFile } from './writers';

/** The output exists and `force` was not given. */
export class OutputExistsError extends Error {
  constructor(readonly output: string) {
    super(l10n.t('{0} exists already; pass --force to replace it.', output));
  }
}

const IMAGE_FILE = /\.(jpe?g|png|bmp|webp|tiff?|gif)$/i;
const NAMES_FILES = new Set(['classes.txt', 'obj.names', 'classes.names', 'readme.txt']);
/** JSON inputs up to V8's string limit (~512 MB) are read whole. */
const MAX_JSON_BYTES = 1024 * 1024 * 1024;

export interface ProgressHooks {
  signal?: AbortSignal;
  /** a short note of what is being done now */
  report?: (message: string) => void;
}

/** The user cancelled (the editor's progress notification); nothing was written. */
export class ConversionCancelled extends ConvertError {}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ConversionCancelled(l10n.t('Cancelled.'));
}

function readJson(file: string): unknown {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new ConvertError(l10n.t('Cannot read {0}: {1}', file, (error as Error).message));
  }
  if (!stat.isFile()) throw new ConvertError(l10n.t('{0} is not a file.', file));
  if (stat.size > MAX_JSON_BYTES) throw new ConvertError(l10n.t('{0} is {1} MB, more than the {2} MB a JSON file can be read as.', file, Math.round(stat.size / 1048576), MAX_JSON_BYTES / 1048576));
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConvertError(l10n.t('Cannot read {0}: {1}', file, (error as Error).message));
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new ConvertError(l10n.t('{0} is not valid JSON ({1}); run datum-studio validate on it to see where.', file, (error as Error).message));
  }
}

function walk(dir: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, keep, out);
    else if (e.isFile() && keep(e.name)) out.push(full);
  }
  return out;
}

const slashes = (p: string): string => p.split(path.sep).join('/');

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The labels folder parallel to an images folder (…/images/train → …/labels/train), or the folder itself. */
function labelsFolderFor(imagesDir: string): string {
  const parts = imagesDir.split(/[\\/]/);
  for (let i = parts.length - 1; i >= 0; i--) {
    if (/^images$/i.test(parts[i])) {
      const candidate = [...parts.slice(0, i), parts[i] === 'Images' ? 'Labels' : 'labels', ...parts.slice(i + 1)].join(path.sep);
      if (isDirectory(candidate)) return candidate;
    }
  }
  return imagesDir;
}

function readClassesFile(file: string): YoloClasses {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConvertError(l10n.t('Cannot read {0}: {1}', file, (error as Error).message));
  }
  if (/\.ya?ml$/i.test(file)) {
    const parsed = parseDataYaml(text, path.basename(file));
    if (!parsed.classes) throw new ConvertError(l10n.t('{0} has no "names" or "nc".', file));
    return parsed.classes;
  }
  return parseNamesFile(text, path.basename(file));
}

interface YoloSplit {
  /** where the images are (their names in the output are relative to `base`) */
  imagesDir: string;
  labelsDir: string;
}

/** A YOLO dataset: from a data.yaml (its splits), or a labels folder (classes from --classes or found walking up). */
async function readYoloInput(input: string, classesFile: string | undefined, notes: string[], hooks: ProgressHooks): Promise<{ labels: YoloLabelInput[]; classes?: YoloClasses }> {
  let classes: YoloClasses | undefined = classesFile ? readClassesFile(classesFile) : undefined;
  const splits: YoloSplit[] = [];
  let base: string;
  let yamlFile = /\.ya?ml$/i.test(input) ? input : undefined;
  if (!yamlFile && isDirectory(input)) {
    const inside = ['data.yaml', 'data.yml', 'dataset.yaml'].map((n) => path.join(input, n)).find((f) => fs.existsSync(f));
    // A dataset folder with its config: read the config's splits (a labels folder is read as it is).
    if (inside && !/(^|[\\/])labels[\\/]?$/i.test(input)) yamlFile = inside;
  }
  if (yamlFile) {
    let text: string;
    try {
      text = fs.readFileSync(yamlFile, 'utf8');
    } catch (error) {
      throw new ConvertError(l10n.t('Cannot read {0}: {1}', yamlFile, (error as Error).message));
    }
    const parsed = parseDataYaml(text, path.basename(yamlFile));
    classes ??= parsed.classes;
    const dir = path.dirname(path.resolve(yamlFile));
    const root = parsed.paths.find((p) => p.key === 'path');
    base = root ? path.resolve(dir, root.value) : dir;
    if (root && !isDirectory(base)) base = dir;
    const seen = new Set<string>();
    for (const p of parsed.paths) {
      if (p.key === 'path') continue;
      const target = path.resolve(base, p.value);
      if (seen.has(target)) continue;
      seen.add(target);
      if (!isDirectory(target)) {
        notes.push(/\.txt$/i.test(target) ? l10n.t('{0}: {1} is a list of images; only image folders are read (skipped).', p.key, p.value) : l10n.t('{0}: {1} is not a folder (skipped).', p.key, p.value));
        continue;
      }
      splits.push({ imagesDir: target, labelsDir: labelsFolderFor(target) });
    }
    if (splits.length === 0) throw new ConvertError(l10n.t('{0} names no image folder that exists (train, val, test).', yamlFile));
  } else {
    if (!isDirectory(input)) throw new ConvertError(l10n.t('YOLO input must be a data.yaml or a folder of label files: {0}', input));
    base = input;
    // A dataset root: its labels/ (beside images/) or CVAT's obj_<subset>_data/ folders, not its image lists.
    const kids = fs.readdirSync(input, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const labelDirs = kids.filter((n) => /^labels$/i.test(n) || /^obj_.+_data$/i.test(n));
    for (const name of labelDirs) {
      const labelsDir = path.join(input, name);
      const images = path.join(input, /^labels$/i.test(name) ? (name === 'Labels' ? 'Images' : 'images') : name);
      splits.push({ imagesDir: isDirectory(images) ? images : labelsDir, labelsDir });
    }
    if (splits.length === 0) {
      const imagesDir = /(^|[\\/])labels([\\/]|$)/i.test(input) ? input.replace(/(^|[\\/])labels([\\/]|$)/i, '$1images$2') : input;
      splits.push({ imagesDir: isDirectory(imagesDir) ? imagesDir : input, labelsDir: input });
    }
  }
  const labels: YoloLabelInput[] = [];
  const multi = splits.length > 1;
  for (const split of splits) {
    const labelFiles = walk(split.labelsDir, (n) => /\.txt$/i.test(n) && !NAMES_FILES.has(n.toLowerCase()));
    if (!classes && labelFiles.length > 0) classes = await findClasses(labelFiles[0]);
    const labelled = new Set<string>();
    for (const file of labelFiles) {
      checkAborted(hooks.signal);
      const image = await findLabelImage(file);
      const text = fs.readFileSync(file, 'utf8');
      const info = image ? await readImageInfo(image) : undefined;
      let name: string;
      if (image) {
        labelled.add(path.resolve(image));
        name = slashes(path.relative(multi ? base : split.imagesDir, image));
      } else {
        name = slashes(path.relative(multi ? base : split.labelsDir, file)).replace(/\.txt$/i, '.jpg');
        notes.push(l10n.t('{0}: no image found for this label file (named {1} in the output).', slashes(path.relative(base, file)), name));
      }
      labels.push({ image: name, label: slashes(path.relative(base, file)), text, ...(info ? { width: info.width, height: info.height } : {}) });
    }
    // Images without a label file are background images: carried with no annotations.
    if (split.imagesDir !== split.labelsDir || labelFiles.length === 0) {
      for (const image of walk(split.imagesDir, (n) => IMAGE_FILE.test(n))) {
        if (labelled.has(path.resolve(image))) continue;
        const info = await readImageInfo(image);
        labels.push({ image: slashes(path.relative(multi ? base : split.imagesDir, image)), label: slashes(path.relative(base, image)), text: '', ...(info ? { width: info.width, height: info.height } : {}) });
      }
    }
  }
  if (labels.length === 0) throw new ConvertError(l10n.t('No YOLO label files (.txt) found in {0}.', input));
  if (!classes) notes.push(l10n.t('No class list (data.yaml, classes.txt, obj.names) found: classes are named by their ids. Pass --classes FILE to name them.'));
  return { labels, classes };
}

/** Where an image the input names may be: as written (absolute), beside the input, in each image root; by path, then by name. */
function imageCandidates(file: string, dirs: readonly string[]): string[] {
  const rel = file.replace(/^[\\/]+/, '');
  const list: string[] = [];
  if (path.isAbsolute(file)) list.push(file);
  for (const d of dirs) list.push(path.resolve(d, rel));
  for (const d of dirs) list.push(path.join(d, path.basename(rel)));
  return [...new Set(list)];
}

/** Fills in the sizes of images that have none, from their headers. */
export async function fillImageSizes(ds: ConvDataset, dirs: readonly string[], hooks: ProgressHooks = {}): Promise<void> {
  let done = 0;
  for (const image of ds.images) {
    if (image.width !== undefined && image.height !== undefined) continue;
    if (++done % 500 === 0) {
      checkAborted(hooks.signal);
      hooks.report?.(l10n.t('Reading image sizes ({0})…', done));
    }
    for (const candidate of imageCandidates(image.file, dirs)) {
      const info = await readImageInfo(candidate);
      if (info) {
        image.width = info.width;
        image.height = info.height;
        break;
      }
    }
  }
}

export interface ConvertRequest {
  from: ConvertFormat;
  to: ConvertFormat;
  input: string;
  output: string;
  force?: boolean;
  imageRoots?: string[];
  /** YOLO input: a data.yaml or names file with the class list */
  classes?: string;
  options?: ConvertOptions;
}

export interface ConvertSummary {
  /** the file (MetaLake, COCO) or folder (YOLO) written */
  output: string;
  /** every file written, absolute */
  written: string[];
  images: number;
  annotations: number;
  losses: Loss[];
  /** images whose size was needed and could not be read, all of them */
  sizeUnknown: string[];
  notes: string[];
}

/**
 * What an input is, for the editor command (the CLI is told with --from): a folder or a YAML file
 * is YOLO; a JSON file COCO or MetaLake by its first and last bytes; undefined for anything else.
 */
export function detectInputFormat(input: string): ConvertFormat | undefined {
  if (isDirectory(input) || /\.ya?ml$/i.test(input)) return 'yolo';
  if (!/\.json$/i.test(input)) return undefined;
  const sample = readHeadAndTail(input);
  if (!sample) return undefined;
  if (looksLikeCocoText(sample.head, sample.tail)) return 'coco';
  return /^\uFEFF?\s*\{[\s\S]*"images"\s*:\s*\[/.test(sample.head) ? 'metalake' : undefined;
}

/** The split a COCO file's name suggests (instances_train2017.json → train2017), else train. */
export function splitFromName(file: string): string {
  const m = /^(?:instances|person_keypoints|annotations?)_([A-Za-z0-9-]+)\.json$/i.exec(path.basename(file));
  return m ? m[1] : 'train';
}

/** A name for the output beside the input that does not exist yet. */
export function suggestOutput(input: string, to: ConvertFormat): string {
  const dir = /\.ya?ml$/i.test(input) || !isDirectory(input) ? path.dirname(input) : path.dirname(path.resolve(input));
  const stem = isDirectory(input) ? path.basename(path.resolve(input)) : path.basename(input).replace(/(\.(coco|metalake))?\.(json|ya?ml)$/i, '');
  const make = (n: number): string => path.join(dir, `${stem}${to === 'yolo' ? '-yolo' : `.${to}`}${n > 1 ? `-${n}` : ''}${to === 'yolo' ? '' : '.json'}`);
  let n = 1;
  while (fs.existsSync(make(n)) && n < 1000) n++;
  return make(n);
}

/** Whether writing `to` at `output` would replace something (a file, or a folder that is not empty). */
export function outputExists(output: string, to: ConvertFormat): boolean {
  if (!fs.existsSync(output)) return false;
  if (to === 'yolo' && isDirectory(output)) return fs.readdirSync(output).length > 0;
  return true;
}

function writeAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export function writeOutputs(files: readonly OutputFile[], output: string, to: ConvertFormat, force: boolean): string[] {
  const out = path.resolve(output);
  if (to === 'yolo') {
    if (fs.existsSync(out) && !isDirectory(out)) throw new ConvertError(l10n.t('{0} is a file; YOLO output is a folder.', output));
  } else if (isDirectory(out)) throw new ConvertError(l10n.t('{0} is a folder; {1} output is a file.', output, to === 'coco' ? 'COCO' : 'MetaLake'));
  if (!force && outputExists(out, to)) throw new OutputExistsError(output);
  const written: string[] = [];
  for (const f of files) {
    const target = f.path ? path.join(out, ...f.path.split('/')) : out;
    writeAtomically(target, f.text);
    written.push(target);
  }
  return written;
}

/** Reads, converts and writes; throws ConvertError (the input) or OutputExistsError before writing anything. */
export async function runConversion(request: ConvertRequest, hooks: ProgressHooks = {}): Promise<ConvertSummary> {
  const { from, to } = request;
  if (from === to) throw new ConvertError(l10n.t('--from and --to are both {0}: nothing to convert.', from));
  const input = path.resolve(request.input);
  const output = path.resolve(request.output);
  if (input === output) throw new ConvertError(l10n.t('The output would be the input itself.'));
  // Refuse before the work, not after.
  if (!request.force && outputExists(output, to)) throw new OutputExistsError(request.output);
  const notes: string[] = [];
  hooks.report?.(l10n.t('Reading {0}…', path.basename(input)));
  let parsed: ConvertInput;
  if (from === 'yolo') parsed = { format: 'yolo', ...(await readYoloInput(input, request.classes, notes, hooks)) };
  else parsed = { format: from, value: readJson(input) };
  checkAborted(hooks.signal);
  const report = new LossReport();
  const ds = readDataset(parsed, report);
  const options: ConvertOptions = { description: `Converted by Datum Studio from ${path.basename(input)}`, ...request.options };
  if (to === 'yolo' && options.split === undefined && from === 'coco') options.split = splitFromName(input);
  if (needsImageSizes(ds, to, options)) await fillImageSizes(ds, [isDirectory(input) ? input : path.dirname(input), ...(request.imageRoots ?? [])], hooks);
  checkAborted(hooks.signal);
  hooks.report?.(l10n.t('Writing {0}…', path.basename(output)));
  const files = writeDataset(ds, to, report, options);
  checkAborted(hooks.signal);
  const written = writeOutputs(files, output, to, request.force ?? false);
  const sizeUnknown = ds.images.filter((im) => im.width === undefined || im.height === undefined).map((im) => im.file);
  return {
    output,
    written,
    images: ds.images.length,
    annotations: ds.images.reduce((n, im) => n + im.annotations.length, 0),
    losses: report.losses,
    sizeUnknown: needsImageSizes(ds, to, options) ? sizeUnknown : [],
    notes,
  };
}
