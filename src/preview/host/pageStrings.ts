// The preview page's own texts, said through vscode.l10n.t here (the page has no l10n of its
// own) and handed to it in the page's HTML (html.ts). The page fills in `{0}`, `{1}`, so each is
// passed to l10n.t as itself. The type makes the host send every text the page has.
import * as vscode from 'vscode';
import type { PageStrings } from '../page/protocol';

export function pageStrings(): PageStrings {
  return {
    labels: vscode.l10n.t('Labels'),
    noLabel: vscode.l10n.t('(no label)'),
    noImage: vscode.l10n.t('(no image)'),
    showLabel: vscode.l10n.t('Show {0}', '{0}'),
    colourOf: vscode.l10n.t('Colour of {0}', '{0}'),
    only: vscode.l10n.t('Only'),
    showOnly: vscode.l10n.t('Show only {0}', '{0}'),
    all: vscode.l10n.t('All'),
    showEvery: vscode.l10n.t('Show every label'),
    none: vscode.l10n.t('None'),
    hideEvery: vscode.l10n.t('Hide every label'),
    fit: vscode.l10n.t('Fit'),
    fitTitle: vscode.l10n.t('Fit the image in the panel (0)'),
    actualSize: vscode.l10n.t('100%'),
    actualSizeTitle: vscode.l10n.t('One image pixel per screen pixel (1)'),
    zoomToShape: vscode.l10n.t('Zoom to shape'),
    zoomToShapeTitle: vscode.l10n.t('Zoom to the selected shape (Z, or double-click a shape)'),
    showText: vscode.l10n.t('Labels'),
    showTextTitle: vscode.l10n.t('Label and confidence on shapes, where they fit (T)'),
    threshold: vscode.l10n.t('Confidence ≥'),
    thresholdTitle: vscode.l10n.t('Hide shapes below this confidence'),
    thresholdLabel: vscode.l10n.t('Confidence threshold'),
    notApplicable: vscode.l10n.t('n/a'),
    images: vscode.l10n.t('Images'),
    canvas: vscode.l10n.t('Image with annotations'),
    shapeCount: vscode.l10n.t('{0} of {1} shapes', '{0}', '{1}'),
    shapeCountSkipped: vscode.l10n.t('{0} of {1} shapes, {2} without usable geometry', '{0}', '{1}', '{2}'),
    tipAnnotation: vscode.l10n.t('{0} · annotation {1}', '{0}', '{1}'),
    tipAnnotationConfidence: vscode.l10n.t('{0} · annotation {1} · confidence {2}', '{0}', '{1}', '{2}'),
    chooseImage: vscode.l10n.t('Choose image file…'),
    chooseImageTitle: vscode.l10n.t('Pick the image file for this entry'),
    notDecoded: vscode.l10n.t('The image "{0}" could not be decoded.', '{0}'),
    broken: vscode.l10n.t('The JSON is broken at line {0}, column {1}: {2} Showing the last version that parsed.', '{0}', '{1}', '{2}'),
  };
}
