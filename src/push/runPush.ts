// The shared shape of every push: build the items (find targets), plan (what changes), confirm the
// whole list once, push with progress and Cancel, then report what happened to each item.
import * as vscode from 'vscode';
import { withProgressSignal } from '../toolshed/progress';
import type { ValohaiApi } from '../remote/api';
import { ApiError } from '../remote/errors';
import { changeCount, describePlan, executePlan, planChanges, reportMarkdown, type PushItem, type PushResult } from '../remote/push';
import { isObject } from '../core/json';
import type { FormatId } from '../formats/formats';
import type { Properties } from '../remote/types';
import type { Analysis, Validator } from '../validation/analyze';
import type { AnalysisCache } from '../workspace/analysisCache';
import type { Prompts } from '../toolshed/prompts';
import type { Session } from '../session/session';
import { replan } from './stale';

export interface PushArgs {
  /** the file to push (a URI string or Uri); default the active editor */
  uri?: string | vscode.Uri;
  /** skip the confirmation (scripts, tests) */
  confirm?: boolean;
  /** push even when the document has validation errors */
  force?: boolean;
}

export interface PushOutcome {
  results: PushResult[];
  /** why nothing was pushed, when nothing was */
  stopped?: string;
}

export interface PushDeps {
  session: Session;
  prompts: Prompts;
  validator: Validator;
  /** the editor's analyses: an open document is checked from the parse the diagnostics made */
  analyses: AnalysisCache;
  /** workspaceState: which datum each sidecar was pushed to */
  state: vscode.Memento;
  log: vscode.LogOutputChannel;
  /** called after anything was pushed (the tree refreshes) */
  onPushed: () => void;
}

export function argUri(args: PushArgs | vscode.Uri | undefined): vscode.Uri | undefined {
  const given = args instanceof vscode.Uri ? args : args?.uri;
  if (given) return typeof given === 'string' ? vscode.Uri.parse(given) : given;
  return vscode.window.activeTextEditor?.document.uri;
}

export function pushArgs(args: PushArgs | vscode.Uri | undefined): PushArgs {
  return args instanceof vscode.Uri ? { uri: args } : args ?? {};
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

/** The text to push: the open document's (what the user sees, saved or not), else the file's. */
export async function documentText(uri: vscode.Uri): Promise<string> {
  const open = openDocument(uri);
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** The analysis of what would be pushed: an open document's from the editor's cache (no second parse), else the file's. */
export async function analysisFor(deps: PushDeps, uri: vscode.Uri, format: FormatId): Promise<Analysis> {
  const open = openDocument(uri);
  return open ? deps.analyses.analyzeAs(open, format).analysis : deps.validator.analyze(await documentText(uri), format);
}

/**
 * The validation gate: the analysis of what would be pushed, or undefined when it has errors and
 * the user does not insist. The push items are built from the analysis it returns.
 */
export async function validationGate(deps: PushDeps, uri: vscode.Uri, format: FormatId, name: string, force?: boolean): Promise<Analysis | undefined> {
  const analysis = await analysisFor(deps, uri, format);
  const errors = [...analysis.problems, ...deps.validator.duplicateKeys(analysis)].filter((p) => p.severity === 'error');
  if (!errors.length || force) return analysis;
  const detail = errors.slice(0, 8).map((e) => e.message).join('\n') + (errors.length > 8 ? `\n${vscode.l10n.t('… {0} more', errors.length - 8)}` : '');
  const pushAnyway = vscode.l10n.t('Push Anyway');
  return (await deps.prompts.choose(vscode.l10n.t('{0} has {1} validation error(s). Push anyway?', name, errors.length), detail, [pushAnyway])) === pushAnyway ? analysis : undefined;
}

export function parseObject(text: string, what: string): Properties {
  const value = JSON.parse(text) as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(vscode.l10n.t('{0} is not one JSON object.', what));
  return value as Properties;
}

/** The one JSON object the analysis parsed; an error saying why when there is none (as JSON.parse words it). */
export function objectOf(analysis: Analysis, what: string): Properties {
  const unit = analysis.units[0];
  if (!unit) return parseObject(analysis.text, what);
  if (!isObject(unit.value)) throw new Error(vscode.l10n.t('{0} is not one JSON object.', what));
  return unit.value as Properties;
}

export async function runPush(deps: PushDeps, title: string, args: PushArgs, build: (api: ValohaiApi, signal: AbortSignal) => Promise<PushItem[]>): Promise<PushOutcome> {
  let items = await withCancel(vscode.l10n.t('{0}: finding the targets…', title), (signal) =>
    deps.session.run(async (api) => {
      const built = await build(api, signal);
      await planChanges(api, built, signal);
      return built;
    }),
  );
  if (!items) return { results: [], stopped: 'cancelled' };
  const changes = changeCount(items);
  if (changes === 0) {
    const results = await executePlan(deps.session.api(), items);
    void vscode.window.showInformationMessage(vscode.l10n.t('{0}: nothing to push; {1}.', title, describeOutcome(results)));
    return { results, stopped: 'nothing to push' };
  }
  if (!args.confirm) {
    const confirmed = await confirmFresh(deps, title, items);
    if (typeof confirmed === 'string') return { results: [], stopped: confirmed };
    items = confirmed;
  }
  const results = await withProgressSignal(title, (signal, report) => {
    let last = 0;
    return executePlan(deps.session.api(), items, signal, (done, total) => {
      report({ message: vscode.l10n.t('{0} of {1}', done, total), increment: ((done - last) / total) * 100 });
      last = done;
    });
  });
  if (results.some((r) => r.status === 'pushed')) deps.onPushed();
  for (const r of results) deps.log.info(`${title}: ${r.line ? `line ${r.line} ` : ''}${r.label}: ${r.status} — ${r.message}`);
  void showReport(title, results);
  return { results };
}

/** How often the plan may change under an open dialog before the push gives up. */
const MAX_CONFIRM_ROUNDS = 5;

/**
 * Asks to push the plan, then reads the targets again: the dialog may have been open for minutes,
 * and a change made on the server meanwhile must not be overwritten without a question. When the
 * plan is no longer what was confirmed, asks again with the plan as it is now. Resolves to the
 * items to push, or why nothing is pushed.
 */
async function confirmFresh(deps: PushDeps, title: string, planned: PushItem[]): Promise<PushItem[] | string> {
  let items = planned;
  let question = vscode.l10n.t('{0}: push {1} change(s)?', title, changeCount(items));
  for (let round = 0; round < MAX_CONFIRM_ROUNDS; round++) {
    if (!(await deps.prompts.confirm(question, describePlan(items), vscode.l10n.t('Push')))) return 'not confirmed';
    const fresh = await withCancel(vscode.l10n.t('{0}: checking the server again…', title), (signal) => deps.session.run((api) => replan(api, items, signal)));
    if (!fresh) return 'cancelled';
    if (!fresh.changed) return fresh.items;
    deps.log.info(`${title}: the server changed while the confirmation was open; asking again.`);
    items = fresh.items;
    if (changeCount(items) === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0}: the server changed while you were deciding and now matches the file; nothing to push.', title));
      return 'nothing to push';
    }
    question = vscode.l10n.t('{0}: the server changed while you were deciding. Push {1} change(s) as they are now?', title, changeCount(items));
  }
  void vscode.window.showWarningMessage(vscode.l10n.t('{0}: not pushed; the server kept changing while you were deciding.', title));
  return 'changed on the server';
}

function describeOutcome(results: readonly PushResult[]): string {
  const parts = (['pushed', 'unchanged', 'skipped', 'failed'] as const).map((s) => [s, results.filter((r) => r.status === s).length] as const).filter(([, n]) => n > 0);
  return parts.map(([s, n]) => outcomeWords(s, n)).join(', ');
}

function outcomeWords(status: PushResult['status'], n: number): string {
  if (status === 'pushed') return vscode.l10n.t('{0} pushed', n);
  if (status === 'unchanged') return vscode.l10n.t('{0} unchanged', n);
  if (status === 'skipped') return vscode.l10n.t('{0} skipped', n);
  return vscode.l10n.t('{0} failed', n);
}

async function showReport(title: string, results: PushResult[]): Promise<void> {
  const failed = results.some((r) => r.status === 'failed' || r.status === 'skipped');
  const text = vscode.l10n.t('{0}: {1}.', title, describeOutcome(results));
  const showReportLabel = vscode.l10n.t('Show Report');
  const choice = failed ? await vscode.window.showWarningMessage(text, showReportLabel) : await vscode.window.showInformationMessage(text, showReportLabel);
  if (choice) {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: reportMarkdown(title, results) });
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}

/** Runs work under a cancellable progress notification; undefined when the user cancelled. */
export async function withCancel<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
  try {
    return await withProgressSignal(title, work);
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'cancelled') return undefined;
    throw error;
  }
}
