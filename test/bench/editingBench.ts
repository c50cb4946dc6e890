// Loaded by VS Code as `extensionTestsPath` for `npm run bench:editing` (scripts/bench/editing.mjs):
// runs inside the real extension host while the bench drives the preview with the mouse from
// outside (playwright). It opens the annotation file and its preview, then logs, one JSON line each
// with the wall-clock time (Date.now(), the same clock as the bench's mouse-up), every change of
// the file's text (the inserted texts) and every change of its diagnostics (our `out-of-image`
// ones, by line), until the bench writes the stop file. The bench reads the log to time mouse-up →
// text and mouse-up → diagnostics. Writes nothing else; never times anything itself.
import * as fs from 'fs';
import * as vscode from 'vscode';

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (typeof c === 'object' && c !== null) return String(c.value);
  return c === undefined ? undefined : String(c);
}

export async function run(): Promise<void> {
  const file = process.env.DATUM_BENCH_FILE;
  const logFile = process.env.DATUM_BENCH_LOG;
  const stopFile = process.env.DATUM_BENCH_STOP;
  if (!file || !logFile || !stopFile) throw new Error('DATUM_BENCH_FILE, DATUM_BENCH_LOG and DATUM_BENCH_STOP must be set');
  const uri = vscode.Uri.file(file);
  const log = (entry: Record<string, unknown>): void => fs.appendFileSync(logFile, JSON.stringify({ t: Date.now(), ...entry }) + '\n');
  const subs = [
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() !== uri.toString() || e.contentChanges.length === 0) return;
      log({ kind: 'text', version: e.document.version, texts: e.contentChanges.map((c) => c.text) });
    }),
    vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const all = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Datum Studio');
      log({ kind: 'diagnostics', count: all.length, outOfImage: all.filter((d) => codeOf(d) === 'out-of-image').map((d) => ({ line: d.range.start.line, message: d.message })) });
    }),
  ];
  try {
    // The preview gets the room a person would give it: no side bar, no panel.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('datumStudio.previewOverlays');
    log({ kind: 'ready', version: doc.version });
    const deadline = Date.now() + 30 * 60_000;
    while (!fs.existsSync(stopFile)) {
      if (Date.now() > deadline) throw new Error('the bench did not finish within 30 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  } finally {
    for (const s of subs) s.dispose();
  }
}
