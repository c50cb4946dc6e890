// The problem matcher `$datum-studio` (package.json) in the real VS Code: a task running the CLI
// puts its text output into the Problems panel with codes, severities and positions.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeExtension, fixtureUri, waitForDiagnostics } from './helpers';

describe('the $datum-studio problem matcher', function () {
  this.timeout(120_000);

  it('a task running datum-studio validate fills the Problems panel for files never opened', async () => {
    const extension = await activeExtension();
    const folder = vscode.workspace.workspaceFolders![0];
    // A folder the extension itself never looks at (nothing opened, no Validate Workspace), so
    // every diagnostic on it comes from the task's output.
    const file = fixtureUri('ci-task/räksmörgås.txt.metadata.json');
    await vscode.workspace.fs.writeFile(file, Buffer.from('{\r\n  "note": "🦀", "valohai.tags": "x",\r\n  "valohai.tagz": []\r\n}\r\n'));
    try {
      assert.deepStrictEqual(vscode.languages.getDiagnostics(file), []);
      const cli = path.join(extension.extensionPath, 'bin', 'datum-studio.js');
      const task = new vscode.Task(
        { type: 'process', task: 'datum-studio-test' },
        folder,
        'Validate data (test)',
        'datum-studio-test',
        new vscode.ProcessExecution(process.execPath, [cli, 'validate', 'ci-task'], { cwd: folder.uri.fsPath }),
        ['$datum-studio'],
      );
      const ended = new Promise<number | undefined>((resolve) => {
        const listener = vscode.tasks.onDidEndTaskProcess((e) => {
          if (e.execution.task.name === task.name) {
            listener.dispose();
            resolve(e.exitCode);
          }
        });
      });
      await vscode.tasks.executeTask(task);
      // The first task of a session also starts VS Code's terminal process host: allow for a slow machine.
      const exitCode = await Promise.race([ended, new Promise<string>((resolve) => setTimeout(() => resolve('(no end within 60 s)'), 60_000))]);
      assert.strictEqual(exitCode, 1, 'the CLI exits 1 on the error');
      const diagnostics = await waitForDiagnostics(file, (d) => d.length === 3, { timeout: 30_000 });
      const rows = diagnostics
        .map((d) => [String(d.code), d.severity, d.range.start.line + 1, d.range.start.character + 1, d.source])
        .sort((a, b) => Number(a[2]) - Number(b[2]) || Number(a[3]) - Number(b[3]));
      assert.deepStrictEqual(rows, [
        ['sidecar-data-missing', vscode.DiagnosticSeverity.Information, 1, 1, 'Datum Studio'],
        // column 33: the crab before it counts two UTF-16 units, as VS Code counts
        ['tags-not-list', vscode.DiagnosticSeverity.Error, 2, 33, 'Datum Studio'],
        ['unknown-reserved-key', vscode.DiagnosticSeverity.Warning, 3, 3, 'Datum Studio'],
      ]);
      assert.match(diagnostics.find((d) => d.code === 'tags-not-list')!.message, /must be a list of strings/);
    } finally {
      await vscode.workspace.fs.delete(fixtureUri('ci-task'), { recursive: true });
    }
  });
});
