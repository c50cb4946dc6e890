import * as l10n from '@vscode/l10n';
import type { JsonPath } from '../core/jsonScan';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A problem with its range: [start, end) offsets into the original text. */
export interface Problem {
  start: number;
  end: number;
  severity: Severity;
  code: ProblemCode;
  message: string;
  /** another place in the same text worth showing (e.g. the first of two duplicate keys) */
  related?: { start: number; end: number; message: string };
  /** other files worth showing (absolute paths; e.g. a split's images without labels) */
  relatedFiles?: { path: string; message: string }[];
  data?: ProblemData;
  /** the JSON path the problem is on (relative to its JSONL line for JSONL files) */
  path?: JsonPath;
}

/** Facts quick fixes need, so they do not parse messages. */
export interface ProblemData {
  /** the key an unknown key most likely meant */
  suggestion?: string;
  /** required keys that are missing (any one of them, for JSONL targets) */
  missing?: string[];
  /** what kind of non-JSON text a parse error is (NaN, a comment...), when it is named */
  syntax?: string;
  /** JSON that can replace the problem's range (for a named parse error) */
  replacement?: string;
  /** where the text `replacement` replaces ends, when not at the problem's end */
  replaceEnd?: number;
  /** whether `replacement` keeps the data's meaning, so "fix all" may apply it */
  safeReplacement?: boolean;
  /** files a sidecar most likely belongs to (names in its folder) */
  candidates?: string[];
}

/** Where on a path's node a problem is shown. */
export type Anchor = 'value' | 'key' | 'open';

/** A problem found on the parsed value, before its range is looked up in the text. */
export interface PendingProblem {
  path: JsonPath;
  anchor: Anchor;
  severity: Severity;
  code: ProblemCode;
  message: string;
  data?: ProblemData;
}

/**
 * Every diagnostic code, with what it means. The codes are stable: quick fixes and CI scripts key
 * on them, and the README's table is generated from this list.
 */
export const PROBLEM_CODES = {
  'invalid-json': 'The text is not valid JSON (or a JSONL line is not).',
  'empty-file': 'The file is empty where a JSON value is expected.',
  'binary-content': 'The file holds binary data, not text.',
  bom: 'The file starts with a byte order mark, which many JSON tools reject.',
  'file-too-large': 'The file is too large to check as you type; run Validate Workspace.',
  'too-deep': 'The JSON nests deeper than can be checked.',
  'too-many-problems': 'A file has more problems than are listed; the count of the rest.',
  'file-unreadable': 'The file or folder cannot be read (permissions, or an I/O error).',
  'invalid-utf8': 'The file is not valid UTF-8; the bad bytes read as U+FFFD.',
  'wrong-type': 'A value has the wrong JSON type.',
  'missing-key': 'A required key is missing.',
  'unknown-key': 'A key the format does not define.',
  'invalid-value': 'A value is not one of those allowed.',
  'invalid-format': 'A string does not have the required form.',
  'wrong-length': 'A list has too few or too many items.',
  'empty-value': 'A string that must not be empty is empty.',
  'tags-not-list': '`valohai.tags` / `Tags` must be a list of strings.',
  'alias-not-string': '`valohai.alias` must be one string.',
  'invalid-dataset-uri': 'A dataset URI does not match dataset://<name> or dataset://<name>/<version>.',
  'invalid-model-uri': 'A model URI does not match model://<name>/.',
  'invalid-file-path': 'A JSONL `file` is absolute or leaves the outputs folder.',
  'unknown-reserved-key': 'A `valohai.*` key the platform does not know; the closest known key is suggested.',
  'read-only-key': '`valohai.last-used` is set by the platform; a file should not set it.',
  'jsonl-missing-target': 'A JSONL line has none of `file`, `dataset`, `dataset-version`.',
  'jsonl-multiple-targets': 'A JSONL line has more than one of `file`, `dataset`, `dataset-version`.',
  'jsonl-file-missing': 'A JSONL `file` line names a file that is not beside the JSONL file.',
  'sidecar-data-missing': 'A `<file>.metadata.json` sidecar whose `<file>` does not exist.',
  'unknown-shape-type': '`type` is not rectangle, polygon or line.',
  'bbox-shape': '`bbox` is not four numbers [x, y, width, height].',
  'invalid-point': 'A point is not [x, y].',
  'missing-geometry': 'An annotation has none of `bbox`, `polygon`, `line`.',
  'multiple-geometry': 'An annotation has more than one of `bbox`, `polygon`, `line`.',
  'type-mismatch': '`type` does not match the geometry key given.',
  'bbox-negative-size': 'A bbox width or height is negative.',
  'bbox-zero-size': 'A bbox width or height is zero.',
  'polygon-too-few-points': 'A polygon has fewer than 3 points.',
  'line-too-few-points': 'A line has fewer than 2 points.',
  'confidence-out-of-range': 'A confidence is outside [0, 1].',
  'out-of-image': 'A shape reaches outside the image (or outside [0, 1] for normalized files).',
  'image-not-found': 'The image an entry names cannot be found.',
  'image-unreadable': 'The image exists but its size cannot be read from its header.',
  'duplicate-image': 'The same image is listed in two entries.',
  'duplicate-file': 'The same file is listed in two entries.',
  'duplicate-key': 'A key appears twice in one object; JSON keeps only the last.',
  'polygon-repeats-first-point': "A polygon's last point repeats its first; polygons close by themselves.",
  'wrong-encoding': 'The file is UTF-16 or UTF-32 (as Windows PowerShell 5 writes), not UTF-8.',
  'jsonl-blank-line': 'A blank line in a JSONL file; valohai-utils fails reading the file back.',
  'jsonl-multiline-object': 'One JSON object written over several lines of a JSONL file.',
  'jsonl-array': 'A JSONL file holds one JSON array instead of one object per line.',
  'empty-label': 'An annotation has an empty `label`.',
  'unsupported-image-type': 'An image type MetaLake does not take (it takes jpeg, jpg and png).',
  'image-type-mismatch': "An image's content does not match its extension (PNG bytes in a .jpg).",
  'image-in-storage': 'An absolute image path not on this disk: a path in the storage bucket.',
  'flat-points': 'A polygon or line written as a flat list [x1, y1, x2, y2, ...] instead of points [[x, y], ...].',
  'mixed-coordinates': 'A shape in normalized [0, 1] coordinates in a file of pixel coordinates, or the reverse.',
  'tags-key-case': 'Per-file metadata `tags` where MetaLake reads `Tags`.',
  'sidecar-for-folder': 'A `<name>.metadata.json` sidecar whose `<name>` is a folder, not a file.',
  'sidecar-name-drops-extension': "A sidecar named without its data file's extension (`model.metadata.json` beside `model.h5`).",
  'yolo-not-a-number': 'A value on a YOLO label line is not a number.',
  'yolo-column-count': 'A YOLO label line has the wrong number of values (5 for a box, 7 or more for a polygon, 5 + k × d for pose).',
  'yolo-invalid-class-id': 'A YOLO class id is not a whole number 0 or more.',
  'yolo-unknown-class': 'A YOLO class id has no name in the dataset\'s `names` / classes file, or is ≥ `nc`.',
  'yolo-coordinate-out-of-range': 'A YOLO coordinate is outside [0, 1] (more than the 1% Ultralytics allows); often pixel coordinates.',
  'yolo-box-size': 'A YOLO box width or height is 0 or less.',
  'yolo-box-outside-image': 'A YOLO box reaches outside the image (its center ± half its size leaves [0, 1]).',
  'yolo-duplicate-line': 'A YOLO label line repeats an earlier one.',
  'yolo-odd-coordinates': 'A YOLO segmentation line has an odd number of coordinates.',
  'yolo-polygon-too-few-points': 'A YOLO segmentation line has fewer than 3 points.',
  'yolo-mixed-lines': 'Detection (box) and segmentation (polygon) lines mixed in one YOLO label file.',
  'yolo-config-invalid': 'A YOLO dataset config (`data.yaml`) is not valid YAML.',
  'yolo-nc-mismatch': 'A YOLO `data.yaml` whose `nc` is not the number of `names`.',
  'yolo-names-gap': 'A YOLO `names` map that skips class ids (or has keys that are not ids).',
  'yolo-config-missing-key': 'A YOLO `data.yaml` without `train` or `val` (or without both `names` and `nc`).',
  'yolo-config-type': 'A YOLO `data.yaml` value of the wrong type (`names`, a class name, `nc`, `path`, a split).',
  'yolo-config-path-not-found': 'A YOLO `data.yaml` `path`, `train`, `val` or `test` that does not exist.',
  'yolo-split-no-images': 'A YOLO split (`train`, `val`, `test`) that holds no images.',
  'yolo-listed-image-missing': 'Images a YOLO split\'s `.txt` list names that do not exist.',
  'yolo-label-without-image': 'YOLO label files of a split with no image (Ultralytics never reads them).',
  'yolo-image-without-label': 'Images of a YOLO split with no label file (background images for Ultralytics).',
  'coco-unknown-image': 'A COCO `image_id` that is not the id of any image.',
  'coco-unknown-category': 'A COCO `category_id` that is not the id of any category.',
  'coco-duplicate-id': 'Two COCO images, annotations or categories with one id.',
  'coco-id-not-integer': 'A COCO id that is a number but not a whole number.',
  'coco-out-of-image': "A COCO box or polygon reaches outside its image's `width` / `height`.",
  'coco-bbox-corners': 'A COCO bbox that reads like corners [x1, y1, x2, y2] instead of [x, y, width, height].',
  'coco-flat-segmentation': 'A COCO `segmentation` written as one flat list instead of a list of polygons.',
  'coco-polygon-odd-count': 'A COCO polygon with an odd count of numbers.',
  'coco-rle-size': "A COCO RLE mask whose `size` is not [height, width] of its image.",
  'coco-iscrowd-mismatch': '`iscrowd: 1` with polygons, or `iscrowd: 0` with an RLE mask.',
  'coco-area-missing': 'A COCO annotation with a box or segmentation but no `area`.',
  'coco-area-inconsistent': "A COCO `area` that does not match the annotation's segmentation or box.",
  'coco-keypoints-length': "COCO `keypoints` that are not 3 numbers per keypoint of the category.",
  'coco-num-keypoints': '`num_keypoints` that disagrees with the labelled keypoints.',
  'coco-rle-counts': "A COCO RLE mask whose `counts` cannot be decoded or do not cover its `size`.",
  'coco-image-size-mismatch': "A COCO image's `width` / `height` that differ from the image file's own size.",
  'coco-result-unknown-image': "A COCO results file's `image_id` that is not an image of its ground truth.",
  'coco-result-unknown-category': "A COCO results file's `category_id` that is not a category of its ground truth.",
  'coco-ground-truth-missing': 'The ground truth configured for a COCO results file cannot be read.',
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/** `images[3].annotations[0].bbox` style, for messages. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** The last key of a path with any indexes after it: `polygon[1][0]`, for short messages. */
export function subjectOf(path: JsonPath): string {
  let i = path.length;
  while (i > 0 && typeof path[i - 1] === 'number') i--;
  const start = Math.max(0, i - 1);
  return formatPath(path.slice(start)) || 'The document';
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return l10n.t('a list');
  switch (typeof value) {
    case 'string':
      return l10n.t('a string');
    case 'number':
      return Number.isFinite(value) ? l10n.t('a number') : l10n.t('{0}Infinity (the number written is too large: JSON tools read at most about 1.8e308)', value > 0 ? '' : '-');
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return l10n.t('an object');
  }
}
