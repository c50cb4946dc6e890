// Conversion between MetaLake, COCO and YOLO, all six directions, on parsed input: a reader builds
// the dataset (readers.ts), a writer writes the target (writers.ts), and the report says what could
// not be carried over. Pure; the CLI and the editor command read and write the files (disk.ts).
import * as l10n from '@vscode/l10n';
import type { YoloClasses } from '../validation/yolo';
import { LossReport, type ConvDataset, type ConvertFormat, type Loss } from './model';
import { ConvertError, readCoco, readMetaLake, readYolo, type YoloLabelInput } from './readers';
import { writeCoco, writeMetaLake, writeYolo, type OutputFile, type YoloTask } from './writers';

export { CONVERT_FORMATS, describeLosses, LossReport, type ConvDataset, type ConvertFormat, type Loss } from './model';
export { ConvertError, type YoloLabelInput } from './readers';
export type { OutputFile, YoloTask } from './writers';

export interface ConvertOptions {
  /** MetaLake output in 0..1 of the image instead of pixels */
  normalized?: boolean;
  /** YOLO output: boxes or polygons (default: what most annotations are) */
  task?: YoloTask;
  /** YOLO output: the split folder under labels/ (default train) */
  split?: string;
  /** where the data came from, for a comment / COCO info */
  description?: string;
}

/** What the input is, parsed: a MetaLake or COCO value, or YOLO label texts with their classes. */
export type ConvertInput = { format: 'metalake' | 'coco'; value: unknown } | { format: 'yolo'; labels: YoloLabelInput[]; classes?: YoloClasses };

export function readDataset(input: ConvertInput, report: LossReport): ConvDataset {
  if (input.format === 'yolo') return readYolo(input.labels, input.classes, report);
  return input.format === 'metalake' ? readMetaLake(input.value, report) : readCoco(input.value, report);
}

/** Formats whose writer needs each image's size for this dataset (to scale its coordinates). */
export function needsImageSizes(ds: ConvDataset, to: ConvertFormat, options: ConvertOptions = {}): boolean {
  const target = to === 'yolo' ? 'normalized' : to === 'metalake' && options.normalized ? 'normalized' : 'pixel';
  // COCO always wants width and height on its images, even when nothing needs scaling.
  return to === 'coco' || ds.coordinates !== target;
}

export function writeDataset(ds: ConvDataset, to: ConvertFormat, report: LossReport, options: ConvertOptions = {}): OutputFile[] {
  if (to === ds.source) throw new ConvertError(l10n.t('The input is already {0}: nothing to convert.', to));
  if (to === 'metalake') return [writeMetaLake(ds, report, { normalized: options.normalized })];
  if (to === 'coco') return [writeCoco(ds, report, { description: options.description })];
  return writeYolo(ds, report, { task: options.task, split: options.split, description: options.description });
}

export interface Conversion {
  files: OutputFile[];
  losses: Loss[];
  images: number;
  annotations: number;
}

/** Read, convert, write in memory (sizes must already be on the dataset's images where needed). */
export function convert(input: ConvertInput, to: ConvertFormat, options: ConvertOptions = {}): Conversion {
  const report = new LossReport();
  const ds = readDataset(input, report);
  const files = writeDataset(ds, to, report, options);
  return { files, losses: report.losses, images: ds.images.length, annotations: ds.images.reduce((n, im) => n + im.annotations.length, 0) };
}
