// The evaluation's messages between the extension host and the preview page (predictions against
// ground truth). Kept apart from protocol.ts, which joins them into its unions.
import type { ImageBoxes, Role, Side } from '../../evaluation/previewPairing';
import type { LabelResult, OverallResult } from '../../evaluation/compare';
import type { PrCurve } from '../../evaluation/precision';

export type { ImageBoxes, Role, Side } from '../../evaluation/previewPairing';
export type { MatchBox } from '../../evaluation/imageMatch';

/** The dataset-wide figures of compare at one IoU, over all confidences. */
export interface EvalSummary {
  iou: number;
  labels: (LabelResult & { apAtIou: number | null })[];
  overall: OverallResult & { mapAtIou: number | null };
  /** per label, thinned to a few hundred points */
  curves: PrCurve[];
}

export type EvaluationToWebview =
  /** an evaluation started (other: the file compared with) or stopped (no other) */
  | { type: 'evalState'; other?: string; ownRole?: Role; iou?: number }
  /** both sides' boxes of the image shown */
  | { type: 'evalBoxes'; index: number; boxes: ImageBoxes }
  | { type: 'evalSummary'; summary: EvalSummary }
  /** select a box (after next/previous FP/FN) */
  | { type: 'evalSelect'; image: number; side: Side; id: number };

export interface EvalStepRequest {
  type: 'evalStep';
  kind: 'fp' | 'fn';
  direction: 1 | -1;
  image: number;
  side?: Side;
  id?: number;
  iou: number;
  minConfidence?: number;
  hidden: string[];
}

export type EvaluationToHost =
  /** choose the file to compare with */
  | { type: 'evalPick' }
  | { type: 'evalClear' }
  /** the IoU slider rests at this value: dataset-wide figures, please */
  | { type: 'evalIou'; iou: number }
  | EvalStepRequest
  /** a box was clicked: select its annotation in its file */
  | { type: 'evalReveal'; image: number; side: Side; id: number };
