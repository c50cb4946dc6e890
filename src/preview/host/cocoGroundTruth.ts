// The ground truth of a COCO results file, for the preview: the results list names images and
// categories by id only, so their files and names come from a ground-truth file in the same folder
// (or the folder above): the one whose image ids cover most of the results' image ids.
import * as fs from 'fs';
import * as path from 'path';
import { cocoLists, isCocoId } from '../../annotations/coco';
import { isObject } from '../../core/json';
import { recognizeByContent } from '../../formats/formats';

/** Ground-truth candidates larger than this are passed over (the large-file path is another feature's). */
const MAX_GROUND_TRUTH_BYTES = 50 * 1024 * 1024;
/** JSON files looked at per folder, at most. */
const MAX_CANDIDATES = 40;

export interface GroundTruth {
  file: string;
  value: unknown;
}

function imageIdsOf(results: unknown): Set<number> {
  const ids = new Set<number>();
  if (Array.isArray(results)) for (const r of results) if (isObject(r) && isCocoId(r.image_id)) ids.add(r.image_id);
  return ids;
}

export async function findGroundTruth(resultsFile: string, resultsText: string): Promise<GroundTruth | undefined> {
  let wanted: Set<number>;
  try {
    wanted = imageIdsOf(JSON.parse(resultsText.replace(/^\uFEFF/, '')));
  } catch {
    return undefined;
  }
  let best: GroundTruth | undefined;
  let bestScore = 0;
  const dir = path.dirname(resultsFile);
  for (const folder of [dir, path.dirname(dir)]) {
    let names: string[];
    try {
      names = (await fs.promises.readdir(folder)).filter((n) => /\.json$/i.test(n)).sort().slice(0, MAX_CANDIDATES);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(folder, name);
      if (file === resultsFile) continue;
      let value: unknown;
      try {
        const stat = await fs.promises.stat(file);
        if (!stat.isFile() || stat.size > MAX_GROUND_TRUTH_BYTES) continue;
        const text = await fs.promises.readFile(file, 'utf8');
        if (!/"categories"\s*:/.test(text)) continue;
        value = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch {
        continue;
      }
      if (Array.isArray(value) || recognizeByContent(value) !== 'coco') continue;
      const ids = new Set<number>();
      for (const image of cocoLists(value).images) if (isObject(image) && isCocoId(image.id)) ids.add(image.id);
      let score = 0;
      for (const id of wanted) if (ids.has(id)) score++;
      if (score > bestScore) {
        best = { file, value };
        bestScore = score;
      }
    }
    if (best) break;
  }
  return best;
}
