// Which adapter reads a parsed file: MetaLake (`images` of {image, annotations}), a COCO dataset
// (`images` + `annotations` + `categories`) or a COCO results list.
import type { AnnotationSet } from '../types';
import { looksLikeCoco, looksLikeCocoResults, readCoco, readCocoResults } from './coco';
import { looksLikeMetaLake, readMetaLake } from './metalake';

export { readCoco, readCocoResults } from './coco';
export { readMetaLake } from './metalake';

/**
 * The set a parsed file holds, or a sentence saying why it is none. `context` resolves the ids of
 * a COCO results list (the truth, when that is a COCO dataset).
 */
export function readAnnotationSet(value: unknown, context?: AnnotationSet): AnnotationSet | string {
  if (looksLikeCoco(value)) return readCoco(value);
  if (looksLikeMetaLake(value)) return readMetaLake(value);
  if (looksLikeCocoResults(value)) return readCocoResults(value, context);
  if (Array.isArray(value)) return 'a list, but not of COCO results ({image_id, category_id, bbox, score})';
  return 'not an annotation file: expected MetaLake `{"images": [{"image", "annotations"}]}`, a COCO dataset (`images`, `annotations`, `categories`) or a COCO results list';
}
