// COCO run-length masks read through src/annotations/rle.ts: a compressed `counts` string that is
// not pycocotools' encoding, and runs that do not cover the mask's `size` (pycocotools' decoder
// writes past its buffer for more, and leaves pixels unset for fewer). The area of a compressed
// mask, for the `area` check in cocoChecks.ts, comes from here too.
import * as l10n from '@vscode/l10n';
import { cocoLists, readSegmentation } from '../annotations/coco';
import { decodeRleCounts, rleArea, rleLength, RleError } from '../annotations/rle';
import { isNumber, isObject } from '../core/json';
import type { JsonPath } from '../core/jsonScan';
import type { PendingProblem } from './problems';

/** Foreground pixels of an RLE's counts (list or compressed string); undefined when it cannot be read. */
export function rleCountsArea(counts: string | readonly number[]): number | undefined {
  try {
    return rleArea(decodeRleCounts(counts));
  } catch (error) {
    if (error instanceof RleError) return undefined;
    throw error;
  }
}

export function checkCocoMasks(doc: unknown): PendingProblem[] {
  const out: PendingProblem[] = [];
  const lists = cocoLists(doc);
  const key: JsonPath = lists.results ? [] : ['annotations'];
  lists.annotations.forEach((a, i) => {
    if (!isObject(a)) return;
    const seg = readSegmentation(a.segmentation);
    if (seg.kind !== 'rle') return;
    const path: JsonPath = [...key, i, 'segmentation', 'counts'];
    let counts: number[];
    try {
      counts = decodeRleCounts(seg.counts);
    } catch (error) {
      if (!(error instanceof RleError)) throw error;
      out.push({ path, anchor: 'value', severity: 'error', code: 'coco-rle-counts', message: l10n.t('This `counts` string is not COCO\'s compressed RLE (as pycocotools\' mask.encode writes it): {0}.', error.message) });
      return;
    }
    if (!Array.isArray(seg.counts) || seg.counts.every((c) => Number.isInteger(c) && c >= 0)) {
      const size = seg.size;
      if (Array.isArray(size) && size.length === 2 && size.every(isNumber)) {
        const pixels = size[0] * size[1];
        const covered = rleLength(counts);
        if (covered !== pixels) {
          out.push({
            path,
            anchor: 'value',
            severity: 'error',
            code: 'coco-rle-counts',
            message: l10n.t('The runs of this mask cover {0} pixels, but its size [{1}, {2}] has {3} (height × width); pycocotools decodes it wrongly.', covered, size[0], size[1], pixels),
          });
        }
      }
    } else {
      out.push({ path, anchor: 'value', severity: 'error', code: 'coco-rle-counts', message: l10n.t('RLE `counts` are run lengths: whole numbers 0 or more.') });
    }
  });
  return out;
}
