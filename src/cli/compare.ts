// `datum-studio compare --truth <file> --predictions <file> [--iou 0.5] [--iou-type bbox|segm] [--format text|json]`
// Predictions against ground truth (src/evaluation/compare.ts has the rules). Exit 0 with a result,
// 2 on bad usage or an unreadable input.
import * as l10n from '@vscode/l10n';
import { UsageError, walkArgs } from './args';
import { compareSets, type CompareResult, type IouType } from '../evaluation/compare';
import { describeSkipped, InputError, readSet } from './evalInput';

export function compareUsage(): string {
  return [
    l10n.t('Usage: {0}', 'datum-studio compare --truth <file> --predictions <file> [--iou 0.5] [--iou-type bbox|segm] [--format text|json]'),
    '',
    l10n.t('Scores predictions against ground truth, COCO style: per label TP, FP, FN, precision and recall at\n--iou, AP at IoU 0.5 (ap50) and averaged over 0.50:0.05:0.95 (ap), and their means over the labels\nwith truth (map50, map). Files: MetaLake annotation JSON, a COCO dataset, or (predictions) a COCO\nresults list. --iou-type bbox (default) scores rectangles; segm scores polygons by area.'),
    '',
    l10n.t('Exit status: 0 compared, 2 bad usage or unreadable input.'),
  ].join('\n');
}

interface CompareArgs {
  truth: string;
  predictions: string;
  iou: number;
  iouType: IouType;
  format: 'text' | 'json';
}

function parse(argv: string[]): CompareArgs | 'help' {
  const out: Partial<CompareArgs> = { iou: 0.5, iouType: 'bbox', format: 'text' };
  let help = false;
  walkArgs(argv, (flag, value, arg) => {
    if (flag === '--help' || flag === '-h') {
      help = true;
      return 'stop';
    } else if (flag === '--truth') out.truth = value();
    else if (flag === '--predictions') out.predictions = value();
    else if (flag === '--iou') {
      const raw = value();
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1) throw new UsageError(l10n.t('--iou must be a number above 0 and at most 1, not "{0}".', raw));
      out.iou = n;
    } else if (flag === '--iou-type') {
      const v = value();
      if (v !== 'bbox' && v !== 'segm') throw new UsageError(l10n.t('--iou-type must be bbox or segm, not "{0}".', v));
      out.iouType = v;
    } else if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') throw new UsageError(l10n.t('--format must be text or json, not "{0}".', v));
      out.format = v;
    } else if (flag.startsWith('-')) throw new UsageError(l10n.t('Unknown option "{0}".', flag));
    else throw new UsageError(l10n.t('Unexpected argument "{0}": name the files with --truth and --predictions.', arg));
  });
  if (help) return 'help';
  if (!out.truth) throw new UsageError(l10n.t('Name the ground truth with --truth <file>.'));
  if (!out.predictions) throw new UsageError(l10n.t('Name the predictions with --predictions <file>.'));
  return out as CompareArgs;
}

const fixed = (v: number | null): string => (v === null ? '-' : v.toFixed(3));

export function formatCompareText(result: CompareResult, iouType: IouType): string {
  const head = ['label', 'truth', 'predictions', 'TP', 'FP', 'FN', 'precision', 'recall', 'AP50', 'AP'];
  const rows = result.labels.map((l) => [l.label, String(l.truth), String(l.predictions), String(l.tp), String(l.fp), String(l.fn), fixed(l.precision), fixed(l.recall), fixed(l.ap50), fixed(l.ap)]);
  const o = result.overall;
  const precision = o.tp + o.fp > 0 ? o.tp / (o.tp + o.fp) : null;
  const recall = o.truth > 0 ? o.tp / o.truth : null;
  rows.push(['overall', String(o.truth), String(o.predictions), String(o.tp), String(o.fp), String(o.fn), fixed(precision), fixed(recall), fixed(o.map50), fixed(o.map)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const lines = [iouType === 'bbox' ? l10n.t('Boxes, counts at IoU {0}; AP50 at IoU 0.5, AP over 0.50:0.05:0.95.', result.iou) : l10n.t('Polygons, counts at IoU {0}; AP50 at IoU 0.5, AP over 0.50:0.05:0.95.', result.iou), line(head), ...rows.slice(0, -1).map(line), line(rows[rows.length - 1])];
  const n = result.labels.filter((l) => l.truth > 0).length;
  lines.push(n === 1 ? l10n.t('mAP50 {0}, mAP {1} (means over {2} label with truth; "-" = not defined).', fixed(o.map50), fixed(o.map), n) : l10n.t('mAP50 {0}, mAP {1} (means over {2} labels with truth; "-" = not defined).', fixed(o.map50), fixed(o.map), n));
  return lines.join('\n') + '\n';
}

export async function runCompare(argv: string[]): Promise<number> {
  let args: CompareArgs | 'help';
  try {
    args = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`datum-studio: ${error.message}\n\n${compareUsage()}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(compareUsage() + '\n');
    return 0;
  }
  try {
    const truth = readSet(args.truth);
    if (truth.format === 'coco-results') throw new InputError(l10n.t('{0} is a COCO results list; the truth must list its images (MetaLake annotations or a COCO dataset).', args.truth));
    const predictions = readSet(args.predictions, truth);
    const report = compareSets(truth, predictions, { iou: args.iou, iouType: args.iouType });
    const notes = [...describeSkipped(args.truth, truth), ...describeSkipped(args.predictions, predictions), ...report.notes];
    if (predictions.format === 'coco-results' && truth.format !== 'coco' && report.notes.some((n) => n.includes('the truth does not list'))) {
      notes.push(l10n.t('A COCO results list names images by image_id: compare it with the COCO dataset (with its `images`) it refers to.'));
    }
    for (const note of notes) process.stderr.write(note + '\n');
    process.stdout.write(args.format === 'json' ? JSON.stringify(report.result, null, 2) + '\n' : formatCompareText(report.result, args.iouType));
    return 0;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`datum-studio: ${error.message}\n`);
    return 2;
  }
}
