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
  /** the preview compares its file with predictions or ground truth: `(other?: Uri, role?: 'truth' | 'predictions')` */
  previewCompare: 'datumStudio.preview.compare',
  /** the preview's context menu on a shape (webview/context): `(context: { datumUri, datumImage, datumAnnotation })` */
  previewRelabelShape: 'datumStudio.preview.relabelShape',
  previewDuplicateShape: 'datumStudio.preview.duplicateShape',
  previewDeleteShape: 'datumStudio.preview.deleteShape',
  /** registered by the remote features */
  pushSidecar: 'datumStudio.pushSidecar',
  /** internal (not in package.json): the remote tree previews a datum, `(datum: Datum)` */
  previewDatum: 'datumStudio.previewDatum',
  /** the walkthrough's steps */
  openSample: 'datumStudio.walkthrough.openSample',
  previewSample: 'datumStudio.walkthrough.previewSample',
  /** the Dataset statistics view */
  showStatistics: 'datumStudio.showStatistics',
  /** internal (not in the palette): a statistics node opens its annotation, `(target: Target)` */
  statsReveal: 'datumStudio.stats.reveal',
  /** Convert Annotations… (MetaLake, COCO, YOLO), `(uri?: Uri)` */
  convertAnnotations: 'datumStudio.convertAnnotations',
} as const;

/** Status bar items, the webview panel type. */
export const ViewIds = {
  formatStatus: 'datumStudio.format',
  accountStatus: 'datumStudio.remote.account',
  preview: 'datumStudio.preview',
} as const;

export const ContextKeys = {
  /** file names of the images annotation files in the workspace name */
  referencedImages: 'datumStudio.referencedImages',
  /** the active editor holds an annotation file: shows the Preview Overlays button */
  annotationFile: 'datumStudio.annotationFile',
} as const;

/** The remote side (Valohai): commands, the sidebar view, context keys, the properties file system. */
export const RemoteCommands = {
  signIn: 'datumStudio.signIn',
  signOut: 'datumStudio.signOut',
  selectProject: 'datumStudio.selectProject',
  refresh: 'datumStudio.remote.refresh',
  search: 'datumStudio.remote.search',
  clearSearch: 'datumStudio.remote.clearSearch',
  loadMore: 'datumStudio.remote.loadMore',
  retry: 'datumStudio.remote.retry',
  openProperties: 'datumStudio.openProperties',
  editProperties: 'datumStudio.editProperties',
  copyUri: 'datumStudio.copyUri',
  copyStoreUrl: 'datumStudio.copyStoreUrl',
  download: 'datumStudio.download',
  applyToSelected: 'datumStudio.applyPropertiesToSelected',
  pushSidecar: 'datumStudio.pushSidecar',
  pushJsonl: 'datumStudio.pushMetadataJsonl',
  pushAnnotations: 'datumStudio.pushAnnotations',
  pushFile: 'datumStudio.push',
  adopt: 'datumStudio.adoptS3Urls',
  /** a datum's image with the annotations in its properties, in the overlay preview */
  previewDatum: 'datumStudio.remote.previewOverlays',
} as const;

export const REMOTE_VIEW = 'datumStudio.remote';
export const REMOTE_CONTEXT = {
  signedIn: 'datumStudio.signedIn',
  hasProject: 'datumStudio.hasProject',
  searching: 'datumStudio.remote.searching',
} as const;
/** Editable remote properties; the read-only twin shows the same documents without saving. */
export const PROPERTIES_SCHEME = 'valohai';
export const PROPERTIES_READONLY_SCHEME = 'valohai-readonly';

/** Setting keys, relative to CONFIG_SECTION (package.json's `contributes.configuration`). */
export const SettingKeys = {
  sidecarGlobs: 'files.sidecar',
  metadataJsonlGlobs: 'files.metadataJsonl',
  annotationsGlobs: 'files.annotations',
  fileMetadataGlobs: 'files.fileMetadata',
  yoloGlobs: 'files.yolo',
  cocoGlobs: 'files.coco',
  cocoGroundTruth: 'coco.groundTruth',
  imageRoots: 'annotations.imageRoots',
  maxLiveFileSizeMB: 'validation.maxLiveFileSizeMB',
  debounceMs: 'validation.debounceMs',
  remotePageSize: 'remote.pageSize',
  pushAnnotationsKey: 'push.annotationsKey',
  /** per-code severity overrides (`datumStudio.diagnostics.severity`) */
  severity: 'diagnostics.severity',
} as const;

/** Memento keys: what the extension remembers per workspace (workspaceState) or for the user (globalState). */
export const MementoKeys = {
  /** workspaceState: formats chosen by hand, per file */
  formatOverrides: 'datumStudio.formatOverrides',
  /** globalState: the Valohai host signed in to */
  remoteHost: 'datumStudio.remote.host',
  /** workspaceState: the project this workspace works with */
  remoteProject: 'datumStudio.remote.project',
  /** workspaceState: which datum each pushed sidecar went to */
  sidecarDatums: 'datumStudio.remote.sidecarDatums',
  /** globalState: label colours chosen in the preview */
  labelColors: 'datumStudio.preview.labelColors',
  /** workspaceState: images chosen by hand for unresolved entries in the preview */
  chosenImages: 'datumStudio.preview.chosenImages',
} as const;
