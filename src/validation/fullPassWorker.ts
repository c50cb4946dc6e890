// The full-pass worker thread: a whole-file analysis (phase 1 and the duplicate-key scan) off the
// extension host's thread, for big files (the editor's live diagnostics, fullPassClient.ts). Bundled
// as its own entry (dist/fullPassWorker.js). One request at a time; a superseded pass is stopped by
// terminating the thread (a synchronous pass cannot be interrupted otherwise). No vscode here.
import * as l10n from '@vscode/l10n';
import { parentPort, workerData } from 'worker_threads';
import { recognizeByContent } from '../formats/formats';
import { Validator } from './analyze';
import type { FullPassRequest, FullPassResponse, FullPassSetup } from './fullPassProtocol';

const setup = (workerData ?? {}) as FullPassSetup;
if (setup.bundle) l10n.config({ contents: setup.bundle });
const validator = new Validator(setup.schemaDir);

parentPort?.on('message', (request: FullPassRequest) => {
  let response: FullPassResponse;
  try {
    if (request.bundle) l10n.config({ contents: request.bundle });
    const analysis = validator.analyze(request.text, request.requested);
    response = {
      id: request.id,
      format: analysis.format,
      problems: analysis.problems,
      duplicates: analysis.format ? validator.duplicateKeys(analysis) : [],
      units: analysis.units.map((u) => ({ start: u.start, end: u.end })),
      recognized: analysis.units[0] ? recognizeByContent(analysis.units[0].value) : undefined,
    };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort?.postMessage(response);
});
