// Every text the evaluation adds to the preview page, by name. The words are keys of ENGLISH
// (protocol.ts), which the host sends translated (src/preview/host/pageStrings.ts); each is read
// when it is shown, so the texts the host sent are the ones used. Functions take the numbers and
// names they show.
import { t } from './strings';

export const EVAL_TEXT = {
  get compare() { return t('evalCompare'); },
  get compareTitle() { return t('evalCompareTitle'); },
  get stop() { return t('evalStop'); },
  get stopTitle() { return t('evalStopTitle'); },
  get iouLabel() { return t('evalIouLabel'); },
  get iouAria() { return t('evalIouAria'); },
  get iouTitle() { return t('evalIouTitle'); },
  get prevFp() { return t('evalPrevFp'); },
  get nextFp() { return t('evalNextFp'); },
  get prevFpTitle() { return t('evalPrevFpTitle'); },
  get nextFpTitle() { return t('evalNextFpTitle'); },
  get prevFn() { return t('evalPrevFn'); },
  get nextFn() { return t('evalNextFn'); },
  get prevFnTitle() { return t('evalPrevFnTitle'); },
  get nextFnTitle() { return t('evalNextFnTitle'); },
  get heading() { return t('evalHeading'); },
  against: (other: string, ownRole: string) => (ownRole === 'truth' ? t('evalAgainstPredictions', other) : t('evalAgainstTruth', other)),
  imageCounts: (tp: number, fp: number, fn: number) => t('evalImageCounts', tp, fp, fn),
  get imageCountsTitle() { return t('evalImageCountsTitle'); },
  scope: (iou: string) => t('evalScope', iou),
  overall: (map50: string, map: string, mapAt: string, iou: string) => t('evalOverall', map50, map, iou, mapAt),
  get columns() { return [t('evalColumnLabel'), t('evalColumnP'), t('evalColumnR'), t('evalColumnAp')] as const; },
  get columnTitles() { return [t('evalColumnLabel'), t('evalColumnPTitle'), t('evalColumnRTitle'), t('evalColumnApTitle')] as const; },
  rowTitle: (label: string, truth: number, predictions: number, tp: number, fp: number, fn: number, ap50: string, ap: string) =>
    t('evalRowTitle', label, truth, predictions, tp, fp, fn, ap50, ap),
  get noLabel() { return t('noLabel'); },
  get curveHeading() { return t('evalCurveHeading'); },
  get curveLabelAria() { return t('evalCurveLabelAria'); },
  curveAria: (label: string, ap: string) => t('evalCurveAria', label, ap),
  get recall() { return t('evalRecall'); },
  get precision() { return t('evalPrecision'); },
  get tag() { return { tp: t('evalTagTp'), fp: t('evalTagFp'), fn: t('evalTagFn') }; },
  get legendKey() { return t('evalLegendKey'); },
  boxTip: (kind: string, side: string, label: string, confidence?: number, iou?: number) => {
    const i = iou?.toFixed(3);
    if (confidence !== undefined) return i !== undefined ? t('evalBoxTipConfidenceIou', kind, side, label, confidence, i) : t('evalBoxTipConfidence', kind, side, label, confidence);
    return i !== undefined ? t('evalBoxTipIou', kind, side, label, i) : t('evalBoxTip', kind, side, label);
  },
  get truthSide() { return t('evalTruthSide'); },
  get predictionSide() { return t('evalPredictionSide'); },
  get none() { return t('evalNone'); },
};
