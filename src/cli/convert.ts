// `datum-studio convert --from coco|yolo|metalake --to coco|yolo|metalake <input> -o <output> [--force]`
// Writes the converted annotations (never over an existing output without --force) and prints what
// could not be carried over. Exit 0 converted, 2 bad usage, an existing output, or input that cannot
// be read as --from says.
import * as l10n from '@vscode/l10n';
import { UsageError, walkArgs } from './args';
import * as path from 'path';
import { CONVERT_FORMATS, ConvertError, describeLosses, type ConvertFormat, type YoloTask } from '../convert/convert';
import { OutputExistsError, runConversion, type ConvertRequest, type ConvertSummary } from '../convert/disk';
import { escapeControl } from '../core/text';

/** The help text, in the configured language (option names and formats stay as typed). */
export function convertUsage(): string {
  return [
    l10n.t('Usage: {0}', 'datum-studio convert --from coco|yolo|metalake --to coco|yolo|metalake <input> -o <output> [options]'),
    '',
    l10n.t('Converts annotations between MetaLake (the upload JSON), COCO (instances JSON) and YOLO (label\nfiles with a data.yaml). Input: a MetaLake or COCO JSON file; for YOLO a data.yaml (its train, val\nand test image folders, with labels/ beside images/) or a folder of label files. Output: a JSON\nfile; for YOLO a folder with labels/<split>/*.txt and a data.yaml. Prints what could not be carried\nover (e.g. MetaLake attributes into YOLO, RLE masks into MetaLake, lines into COCO).'),
    '',
    l10n.t('Image sizes (needed to go between pixels and YOLO\'s 0..1) are read from the image files\' headers:\nbeside the input, then in each --image-root (by path, then by file name).'),
    '',
    l10n.t('Options:'),
    '  -o, --output PATH       ' + l10n.t('the file or folder to write (required)'),
    '  --force                 ' + l10n.t('replace the output if it exists'),
    '  --image-root DIR        ' + l10n.t('another folder to look for images in (repeatable)'),
    '  --classes FILE          ' + l10n.t('YOLO input: the class names (data.yaml, classes.txt, obj.names)'),
    '  --split NAME            ' + l10n.t('YOLO output: the split folder under labels/ (default: from a COCO file\n                          name such as instances_val2017.json, else train)'),
    '  --yolo-task detect|segment  ' + l10n.t('YOLO output: boxes or polygons (default: what most annotations are)'),
    '  --normalized            ' + l10n.t('MetaLake output: coordinates in 0..1 of the image (is_normalized)'),
    '  --format text|json      ' + l10n.t('report format (default text)'),
    '',
    l10n.t('Exit status: 0 converted, 2 bad usage, the output exists (without --force), or unreadable input.'),
  ].join('\n');
}

interface ConvertArgs {
  request: ConvertRequest;
  format: 'text' | 'json';
}

function format(v: string, flag: string): ConvertFormat {
  if (!(CONVERT_FORMATS as readonly string[]).includes(v)) throw new UsageError(l10n.t('{0} must be coco, yolo or metalake, not "{1}".', flag, v));
  return v as ConvertFormat;
}

function parse(argv: string[]): ConvertArgs | 'help' {
  let from: ConvertFormat | undefined;
  let to: ConvertFormat | undefined;
  let output: string | undefined;
  let input: string | undefined;
  let out: 'text' | 'json' = 'text';
  const request: Partial<ConvertRequest> = { imageRoots: [], options: {} };
  let help = false;
  walkArgs(argv, (flag, value, arg) => {
    if (flag === '--help' || flag === '-h') {
      help = true;
      return 'stop';
    } else if (flag === '--from') from = format(value(), flag);
    else if (flag === '--to') to = format(value(), flag);
    else if (flag === '-o' || flag === '--output') output = value();
    else if (flag === '--force') request.force = true;
    else if (flag === '--image-root') request.imageRoots!.push(path.resolve(value()));
    else if (flag === '--classes') request.classes = path.resolve(value());
    else if (flag === '--split') request.options!.split = value();
    else if (flag === '--normalized') request.options!.normalized = true;
    else if (flag === '--yolo-task') {
      const v = value();
      if (v !== 'detect' && v !== 'segment') throw new UsageError(l10n.t('--yolo-task must be detect or segment, not "{0}".', v));
      request.options!.task = v as YoloTask;
    } else if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') throw new UsageError(l10n.t('--format must be text or json, not "{0}".', v));
      out = v;
    } else if (flag.startsWith('-') && flag !== '-') throw new UsageError(l10n.t('Unknown option "{0}".', flag));
    else if (input === undefined) input = arg;
    else throw new UsageError(l10n.t('Name one input; "{0}" is a second.', arg));
  });
  if (help) return 'help';
  if (!from) throw new UsageError(l10n.t('Say what the input is with --from coco|yolo|metalake.'));
  if (!to) throw new UsageError(l10n.t('Say what to write with --to coco|yolo|metalake.'));
  if (from === to) throw new UsageError(l10n.t('--from and --to are both {0}: nothing to convert.', from));
  if (!input) throw new UsageError(l10n.t('Name the input file or folder.'));
  if (!output) throw new UsageError(l10n.t('Name the output with -o <file or folder>.'));
  return { request: { ...request, from, to, input, output } as ConvertRequest, format: out };
}

export function formatConvertText(s: ConvertSummary, cwd = process.cwd()): string {
  const shown = (p: string): string => escapeControl(path.relative(cwd, p) || p);
  const lines = [l10n.t('Wrote {0}: {1} image(s), {2} annotation(s) read.', shown(s.output), s.images, s.annotations)];
  if (s.losses.length === 0) lines.push(l10n.t('Everything was carried over.'));
  else {
    lines.push(l10n.t('Not carried over:'));
    for (const line of describeLosses(s.losses)) lines.push(`  - ${escapeControl(line)}`);
  }
  if (s.sizeUnknown.length > 0) {
    lines.push(l10n.t('Images whose size is unknown ({0}):', s.sizeUnknown.length));
    for (const f of s.sizeUnknown.slice(0, 20)) lines.push(`  ${escapeControl(f)}`);
    if (s.sizeUnknown.length > 20) lines.push(l10n.t('  … and {0} more (all of them with --format json)', s.sizeUnknown.length - 20));
  }
  return lines.join('\n') + '\n';
}

export async function runConvert(argv: string[]): Promise<number> {
  let args: ConvertArgs | 'help';
  try {
    args = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`datum-studio convert: ${error.message}\n\n${convertUsage()}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(convertUsage() + '\n');
    return 0;
  }
  let summary: ConvertSummary;
  try {
    summary = await runConversion(args.request);
  } catch (error) {
    if (error instanceof OutputExistsError || error instanceof ConvertError) {
      process.stderr.write(`datum-studio convert: ${escapeControl(error.message)}\n`);
      return 2;
    }
    throw error;
  }
  for (const note of summary.notes) process.stderr.write(escapeControl(note) + '\n');
  if (args.format === 'json') {
    process.stdout.write(JSON.stringify({ from: args.request.from, to: args.request.to, ...summary }, null, 2) + '\n');
  } else process.stdout.write(formatConvertText(summary));
  return 0;
}
