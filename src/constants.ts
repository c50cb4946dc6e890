// Every id the extension shares with package.json lives here, so a rename is one edit.
export const EXTENSION_ID = 'datum-studio.datum-studio';
export const CONFIG_SECTION = 'datumStudio';
export const DIAGNOSTIC_SOURCE = 'Datum Studio';

export const Commands = {
  validateWorkspace: 'datumStudio.validateWorkspace',
  selectFormat: 'datumStudio.selectFormat',
  previewOverlays: 'datumStudio.previewOverlays',
  /** internal (not in package.json): the remote tree previews a datum, `(datum: Datum)` */
  previewDatum: 'datumStudio.previewDatum',
} as const;

export const ContextKeys = {
  /** the active editor holds an annotation file: shows the Preview Overlays button */
  annotationFile: 'datumStudio.annotationFile',
} as const;
