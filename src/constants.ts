// Every id the extension shares with package.json lives here, so a rename is one edit.
export const EXTENSION_ID = 'datum-studio.datum-studio';
export const CONFIG_SECTION = 'datumStudio';
export const DIAGNOSTIC_SOURCE = 'Datum Studio';

export const Commands = {
  validateWorkspace: 'datumStudio.validateWorkspace',
  selectFormat: 'datumStudio.selectFormat',
  formatDocument: 'datumStudio.formatDocument',
  openImage: 'datumStudio.openImage',
  /** registered by the overlay preview */
  previewOverlays: 'datumStudio.previewOverlays',
  /** registered by the remote features */
  pushSidecar: 'datumStudio.pushSidecar',
} as const;
