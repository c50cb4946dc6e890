// A FileSystemProvider for remote properties. Reading fetches the object's properties; saving
// computes what would change on the server (added, changed, removed keys), checks the document is
// not stale, asks for confirmation, and only then pushes (deleted keys as `null`). Anything that
// stops the push makes the save fail, so the edited text stays in the editor, unsaved.
//
// Auto save (`files.autoSave`) never pushes and never asks: remote properties are pushed only by an
// explicit save (Ctrl+S, File > Save). An auto save fails once with a message saying so; VS Code
// then stops auto-saving that document until it is saved explicitly, so editing is not
// interrupted on every pause. After the confirmation the server is read again: a change made
// there while the dialog was open is shown and asked about, never overwritten silently.
import * as vscode from 'vscode';
import { PROPERTIES_READONLY_SCHEME, PROPERTIES_SCHEME } from '../constants';
import type { ValohaiApi } from '../remote/api';
import { applyPatch, describeChanges, diffProperties, patchFor, sameValue, summarize } from '../remote/diff';
import { currentProperties } from '../remote/push';
import type { Properties } from '../remote/types';
import type { Validator } from '../validation/analyze';
import type { Prompts } from '../toolshed/prompts';
import type { Session } from '../session/session';
import { describeTarget, type Target } from '../remote/targets';
import { parsePropertiesUri } from './uris';

interface Opened {
  /** the server's properties when the document was read: the base for stale detection */
  base: Properties;
}

/** The current properties; an error when the server's reply does not show them (never taken as `{}`). */
export async function fetchProperties(api: ValohaiApi, target: Target): Promise<Properties> {
  const current = await currentProperties(api, target.kind, target.id);
  if (current === null) {
    throw new Error(vscode.l10n.t('The server does not show the current properties of {0}, so they cannot be edited here without guessing. Push a sidecar or a valohai.metadata.jsonl line instead: every key it names is sent.', describeTarget(target)));
  }
  return current;
}

/** How many times the server may change under an open confirmation before the save gives up. */
const MAX_CONFIRM_ROUNDS = 5;
/** A save reason older than this belongs to a save that never reached writeFile. */
const REASON_TTL_MS = 60_000;

export async function pushProperties(api: ValohaiApi, target: Target, patch: Properties, signal?: AbortSignal): Promise<void> {
  if (target.kind === 'datum') await api.setDatumProperties(target.id, patch, signal);
  else if (target.kind === 'dataset') await api.setDatasetProperties(target.id, patch, signal);
  else await api.setVersionProperties(target.id, patch, signal);
}

export function propertiesText(properties: Properties): string {
  return `${JSON.stringify(properties, null, 2)}\n`;
}

export class PropertiesFileSystem implements vscode.FileSystemProvider {
  private readonly opened = new Map<string, Opened>();
  /**
   * VS Code refuses to save when a file's mtime moved since it was read (someone else wrote it), so
   * the mtime changes only when this provider writes; staleness is checked against the server.
   */
  private readonly mtimes = new Map<string, number>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  /** why each document is being saved, from onWillSaveTextDocument (runs just before writeFile) */
  private readonly saveReasons = new Map<string, { reason: vscode.TextDocumentSaveReason; at: number }>();
  private readonly pushed = new vscode.EventEmitter<Target>();
  /** a save pushed properties (the tree refreshes) */
  readonly onDidPush = this.pushed.event;

  constructor(
    private readonly session: Session,
    private readonly prompts: Prompts,
    private readonly validator: Validator,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Listens for save reasons (auto save or explicit); register once beside the provider. */
  trackSaves(): vscode.Disposable {
    return vscode.workspace.onWillSaveTextDocument((e) => {
      if (e.document.uri.scheme === PROPERTIES_SCHEME) this.saveReasons.set(e.document.uri.toString(), { reason: e.reason, at: Date.now() });
    });
  }

  /** True when the write VS Code asks for now comes from auto save, not from the user. */
  private isAutoSave(uri: vscode.Uri): boolean {
    const seen = this.saveReasons.get(uri.toString());
    this.saveReasons.delete(uri.toString());
    return !!seen && Date.now() - seen.at < REASON_TTL_MS && seen.reason !== vscode.TextDocumentSaveReason.Manual;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  private target(uri: vscode.Uri): Target {
    const target = parsePropertiesUri(uri);
    if (!target) throw vscode.FileSystemError.FileNotFound(uri);
    return target;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    this.target(uri);
    let mtime = this.mtimes.get(uri.toString());
    if (mtime === undefined) this.mtimes.set(uri.toString(), (mtime = Date.now()));
    // The size stays 0: VS Code's etag is mtime + size, and a size that appears once the document
    // was read would look like a change on disk and make it read the server again, silently moving
    // the base that stale detection compares with.
    return { type: vscode.FileType.File, ctime: mtime, mtime, size: 0 };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const target = this.target(uri);
    const properties = await this.session.run((api) => fetchProperties(api, target));
    this.opened.set(uri.toString(), { base: properties });
    return new TextEncoder().encode(propertiesText(properties));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    if (uri.scheme === PROPERTIES_READONLY_SCHEME) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('These properties are open read-only; use "Edit Properties" to change them.'));
    const target = this.target(uri);
    if (this.isAutoSave(uri)) {
      throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Not pushed: auto save does not push remote properties. Save with Ctrl+S (File > Save) to review the change and push it to {0}.', describeTarget(target)));
    }
    const text = new TextDecoder().decode(content);
    const analysis = this.validator.analyze(text, 'sidecar');
    const value = analysis.units[0]?.value;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Not pushed: the properties must be one JSON object. Fix the text and save again.'));
    }
    const errors = analysis.problems.filter((p) => p.severity === 'error');
    if (errors.length) {
      const push = await this.prompts.choose(vscode.l10n.t('The properties of {0} have {1} validation error(s).', describeTarget(target), errors.length), errors.slice(0, 5).map((e) => e.message).join('\n'), [vscode.l10n.t('Push Anyway')]);
      if (!push) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Not pushed: the properties have validation errors.'));
    }
    const edited = value as Properties;
    const opened = this.opened.get(uri.toString());
    let current = await this.session.run((api) => fetchProperties(api, target));
    if (opened && !sameValue(opened.base, current)) {
      const overwrite = vscode.l10n.t('Overwrite');
      const compare = vscode.l10n.t('Compare');
      const choice = await this.prompts.choose(
        vscode.l10n.t('The properties of {0} changed on the server since you opened them.', describeTarget(target)),
        vscode.l10n.t('Overwrite makes the server match your document (undoing the other change where they differ). Compare shows the server version beside yours; your text stays unsaved either way until you save again.'),
        [overwrite, compare],
      );
      if (choice === compare) {
        const server = uri.with({ scheme: PROPERTIES_READONLY_SCHEME });
        void vscode.commands.executeCommand('vscode.diff', server, uri, vscode.l10n.t('{0}: server ↔ yours', target.name));
      }
      if (choice !== overwrite) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Not pushed: the properties changed on the server since you opened them.'));
    }
    let changes = diffProperties(current, edited, true);
    let changedMeanwhile = false;
    for (let round = 0; changes.length; round++) {
      if (round >= MAX_CONFIRM_ROUNDS) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Not pushed: the properties kept changing on the server while you were deciding.'));
      const question = changedMeanwhile
        ? vscode.l10n.t('They changed on the server while you were deciding. Push {0} change(s) to {1}? ({2})', changes.length, describeTarget(target), summarize(changes))
        : vscode.l10n.t('Push {0} change(s) to {1}? ({2})', changes.length, describeTarget(target), summarize(changes));
      const ok = await this.prompts.confirm(question, describeChanges(changes).join('\n'), vscode.l10n.t('Push'));
      if (!ok) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Not pushed: cancelled.'));
      // The dialog may have been open for a while: what was confirmed must still be what is sent.
      const again = await this.session.run((api) => fetchProperties(api, target));
      if (sameValue(again, current)) break;
      this.log.info(`The properties of ${describeTarget(target)} changed on the server while the confirmation was open; asking again.`);
      current = again;
      changes = diffProperties(current, edited, true);
      changedMeanwhile = true;
    }
    if (changes.length) {
      const patch = patchFor(changes);
      await this.session.run((api) => pushProperties(api, target, patch));
      this.log.info(`Pushed ${summarize(changes)} to ${describeTarget(target)}`);
      this.opened.set(uri.toString(), { base: applyPatch(current, patch) });
      this.pushed.fire(target);
    } else {
      this.opened.set(uri.toString(), { base: current });
    }
    // The read-only twin of this document (if open) shows the server's old properties: reload it.
    const twin = uri.with({ scheme: PROPERTIES_READONLY_SCHEME });
    for (const u of [uri, twin]) this.mtimes.set(u.toString(), Math.max(Date.now(), (this.mtimes.get(u.toString()) ?? 0) + 1));
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }, { type: vscode.FileChangeType.Changed, uri: twin }]);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Remote properties have no folders.'));
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Remote properties cannot be deleted from here.'));
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Remote properties cannot be renamed.'));
  }
}
