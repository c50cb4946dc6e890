// Long work under a cancellable progress notification, with VS Code's cancellation token bridged to
// an AbortSignal (what the API client takes). The listener is always removed when the work ends.
import * as vscode from 'vscode';

export type Report = (step: { message?: string; increment?: number }) => void;

export function withProgressSignal<T>(title: string, work: (signal: AbortSignal, report: Report) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        return await work(controller.signal, (step) => progress.report(step));
      } finally {
        sub.dispose();
      }
    }),
  );
}
