// COCO run-length masks. A mask of `size: [height, width]` is read in column-major order (down
// each column, then the next column) as runs that alternate background, foreground, background...,
// starting with background (a first run of 0 when the mask starts with foreground). `counts` is the
// list of run lengths (uncompressed RLE, as `iscrowd: 1` ground truth stores it) or a string
// (compressed RLE, as pycocotools' `mask.encode` writes it and as results files carry it).
//
// The string form is pycocotools' own (maskApi.c, rleToString / rleFrString): each count is written
// in 5-bit groups, least significant first, as characters 48 + group, with 0x20 set on every group
// but the last and 0x10 of the last group the sign; from the fourth count on, what is written is
// the difference to the count two places before. The codec is cocoRle.ts's (the preview's, without
// l10n); this module words its failures for the checks and hovers.
import * as l10n from '@vscode/l10n';
import { rleArea as cocoRleArea, encodeCountsString, readCountsString, rleBounds } from './cocoRle';

/** Why a compressed string cannot be read. */
export class RleError extends Error {}

/**
 * The run lengths of `counts`: a list is returned as it is; a string is decoded. Throws RleError
 * for a string that is not pycocotools' encoding (a character outside '0'..'o', a count cut off at
 * the end, a run that comes out negative).
 */
export function decodeRleCounts(counts: string | readonly number[]): number[] {
  if (typeof counts !== 'string') return [...counts];
  const read = readCountsString(counts);
  if ('counts' in read) return read.counts;
  const f = read.failure;
  switch (f.kind) {
    case 'cut': throw new RleError(l10n.t('the count that starts at character {0} is cut off at the end of the string', f.at + 1));
    case 'character': throw new RleError(l10n.t('character {0} ("{1}") is not part of COCO\'s RLE encoding', f.at + 1, counts[f.at]));
    case 'long': throw new RleError(l10n.t('character {0} continues a count past any mask\'s size', f.at + 1));
    case 'negative': throw new RleError(l10n.t('run {0} comes out negative ({1})', f.run + 1, f.value));
  }
}

/** The compressed string of run lengths (pycocotools' rleToString), for tests and converters. */
export const encodeRleCounts = encodeCountsString;

/** The foreground pixels of run lengths (every second run, from the second). */
export function rleArea(counts: readonly number[]): number {
  return cocoRleArea({ height: 0, width: 0, counts: counts as number[] });
}

/** All the pixels the runs cover; a mask's runs cover exactly height × width. */
export function rleLength(counts: readonly number[]): number {
  let sum = 0;
  for (const c of counts) sum += c;
  return sum;
}

/** [x, y, width, height] of the foreground (pycocotools' toBbox), or undefined for an empty mask. */
export function rleBbox(counts: readonly number[], height: number): [number, number, number, number] | undefined {
  if (height <= 0) return undefined;
  const box = rleBounds({ height, width: 0, counts: counts as number[] });
  return box && [box.x, box.y, box.w, box.h];
}
