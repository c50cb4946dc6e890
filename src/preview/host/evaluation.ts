// The preview's evaluation, extension side: the user picks the file to compare the previewed one
// with (predictions for ground truth, or the reverse), and this sends the page both sides' boxes
// per image (the page matches them live as the IoU slider moves), the dataset-wide figures of
// compare at the chosen IoU (legend, precision-recall curves), and walks to the next false
// positive or negative, selecting its annotation in its file.
import * as path from 'path';
import * as vscode from 'vscode';
import { locatePaths } from '../../core/jsonScan';
import { readAnnotationSet } from '../../evaluation/adapters';
import { compareSets } from '../../evaluation/compare';
import type { PrCurve } from '../../evaluation/precision';
import { EvaluationPairing, guessRole, type Role, type Side } from '../../evaluation/previewPairing';
import type { AnnotationSet } from '../../evaluation/types';
import type { EvalStepRequest, EvalSummary, EvaluationToHost } from '../page/evalProtocol';
import type { HostToWebview } from '../page/protocol';
import type { PreviewSource } from './source';

/** What the evaluation needs of its panel. */
export interface EvalPanel {
  post(message: HostToWebview): void;
  current(): number;
  /** show the image entry (switching if needed) */
  show(image: number): Promise<void>;
  readonly source: PreviewSource;
  readonly log: vscode.LogOutputChannel;
}

/** Points a curve keeps for the chart: enough for a smooth line, little to post. */
const CURVE_POINTS = 300;
const MAX_BYTES = 512 * 1024 * 1024;

function thin(curve: PrCurve): PrCurve {
  const n = curve.recall.length;
  if (n <= CURVE_POINTS) return curve;
  const keep: number[] = [];
  for (let i = 0; i < CURVE_POINTS; i++) keep.push(Math.floor((i * (n - 1)) / (CURVE_POINTS - 1)));
  const pick = (xs: number[]) => keep.map((i) => xs[i]);
  return { ...curve, confidence: pick(curve.confidence), recall: pick(curve.recall), precision: pick(curve.precision), interpolated: pick(curve.interpolated) };
}

function parseText(text: string, name: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new Error(vscode.l10n.t('{0} is not valid JSON ({1}).', name, error instanceof Error ? error.message : String(error)));
  }
}

async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_BYTES) throw new Error(vscode.l10n.t('{0} is too large to compare in the editor; use `datum-studio compare`.', path.basename(uri.path)));
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export class PanelEvaluation implements vscode.Disposable {
  private pairing?: EvaluationPairing;
  private other?: vscode.Uri;
  private role?: Role;
  private iou = 0.5;
  private timer?: NodeJS.Timeout;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly panel: EvalPanel) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.other && e.document.uri.toString() === this.other.toString() && e.contentChanges.length > 0) this.reloadSoon();
      }),
    );
  }

  get active(): boolean {
    return this.pairing !== undefined;
  }

  /** Lets the user choose the file to compare with: annotation files of the workspace, or any file. */
  async pick(): Promise<void> {
    const own = this.panel.source.uri;
    if (!own) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Comparing needs a preview of an annotation file.'));
      return;
    }
    const files = await vscode.workspace.findFiles('**/*.json', '{**/node_modules/**,**/*.metadata.json,**/.git/**}', 5000);
    const ownDir = path.dirname(own.fsPath);
    const candidates = files
      .filter((f) => f.toString() !== own.toString())
      .sort((a, b) => Number(path.dirname(b.fsPath) === ownDir) - Number(path.dirname(a.fsPath) === ownDir) || a.fsPath.localeCompare(b.fsPath));
    type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
    const browse: Item = { label: vscode.l10n.t('$(folder-opened) Browse…'), description: vscode.l10n.t('a file outside this list') };
    const items: Item[] = [browse, ...candidates.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(path.dirname(uri.fsPath), false), uri }))];
    const chosen = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Compare {0} with…', path.basename(own.fsPath)),
      placeHolder: vscode.l10n.t('The predictions for this ground truth, or the ground truth for these predictions'),
      matchOnDescription: true,
    });
    if (!chosen) return;
    let uri = chosen.uri;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, defaultUri: vscode.Uri.file(ownDir), filters: { JSON: ['json'] }, title: vscode.l10n.t('Compare {0} with', path.basename(own.fsPath)) });
      uri = picked?.[0];
    }
    if (uri) await this.start(uri);
  }

  /** Compares the previewed file with `other`; the roles come from the content, or the user says. */
  async start(other: vscode.Uri, role?: Role): Promise<void> {
    const own = this.panel.source.uri;
    if (!own) return;
    const ownValue = parseText(await readText(own), path.basename(own.fsPath));
    const otherValue = parseText(await readText(other), path.basename(other.fsPath));
    if (!role) {
      const ownSet = readAnnotationSet(ownValue);
      const otherSet = readAnnotationSet(otherValue, typeof ownSet === 'string' ? undefined : ownSet);
      const a = typeof ownSet === 'string' ? undefined : guessRole(ownSet);
      const b = typeof otherSet === 'string' ? undefined : guessRole(otherSet);
      if (a && a !== b) role = a;
      else if (b && b !== a) role = b === 'truth' ? 'predictions' : 'truth';
      else {
        const truthItem = { label: path.basename(own.fsPath), description: vscode.l10n.t('is the ground truth'), role: 'truth' as Role };
        const predItem = { label: path.basename(other.fsPath), description: vscode.l10n.t('is the ground truth'), role: 'predictions' as Role };
        const answer = await vscode.window.showQuickPick([truthItem, predItem], { title: vscode.l10n.t('Which file is the ground truth?') });
        if (!answer) return;
        role = answer.role;
      }
    }
    this.other = other;
    this.role = role;
    this.build(ownValue, otherValue);
    this.announce();
  }

  private build(ownValue: unknown, otherValue: unknown): void {
    const role = this.role!;
    const name = (uri: vscode.Uri | undefined) => path.basename(uri?.fsPath ?? '');
    let own: AnnotationSet | string;
    let other: AnnotationSet | string;
    if (role === 'truth') {
      own = readAnnotationSet(ownValue);
      other = readAnnotationSet(otherValue, typeof own === 'string' ? undefined : own);
    } else {
      other = readAnnotationSet(otherValue);
      own = readAnnotationSet(ownValue, typeof other === 'string' ? undefined : other);
    }
    if (typeof own === 'string') throw new Error(`${name(this.panel.source.uri)}: ${own}.`);
    if (typeof other === 'string') throw new Error(`${name(this.other)}: ${other}.`);
    if ((role === 'truth' ? own : other).format === 'coco-results') throw new Error(vscode.l10n.t('A COCO results list cannot be the ground truth: it lists no images.'));
    this.pairing = new EvaluationPairing(own, other, role);
  }

  private announce(): void {
    if (!this.pairing || !this.other) return;
    this.panel.post({ type: 'evalState', other: path.basename(this.other.fsPath), ownRole: this.role, iou: this.iou });
    this.sendBoxes(this.panel.current());
    this.sendSummary();
  }

  stop(): void {
    this.pairing = undefined;
    this.other = undefined;
    this.panel.post({ type: 'evalState' });
  }

  /** The page is new (opened, or shown again): tell it again. */
  ready(): void {
    if (this.pairing) this.announce();
  }

  /** The annotations of an image were sent: the boxes follow. */
  sendBoxes(index: number): void {
    if (!this.pairing) return;
    this.panel.post({ type: 'evalBoxes', index, boxes: this.pairing.imageBoxes(index) });
  }

  private sendSummary(): void {
    const p = this.pairing;
    if (!p) return;
    const report = compareSets(p.truth, p.predictions, { iou: this.iou, curves: true });
    const summary: EvalSummary = {
      iou: this.iou,
      labels: report.result.labels.map((l) => ({ ...l, apAtIou: report.apAt(l.label, this.iou) ?? null })),
      overall: { ...report.result.overall, mapAtIou: report.mapAt(this.iou) ?? null },
      curves: (report.curves ?? []).map(thin),
    };
    this.panel.post({ type: 'evalSummary', summary });
  }

  /** The previewed file changed: read it again (the source has its new text). */
  ownChanged(): void {
    if (this.pairing) this.reloadSoon();
  }

  private reloadSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload().catch((e) => this.panel.log.warn(`Preview evaluation: ${String(e)}`)), 300);
  }

  private async reload(): Promise<void> {
    const own = this.panel.source.uri;
    if (!own || !this.other || !this.pairing) return;
    let ownValue: unknown, otherValue: unknown;
    try {
      ownValue = parseText(await readText(own), '');
      otherValue = parseText(await readText(this.other), '');
    } catch {
      return; // broken JSON while typing: keep the last comparison
    }
    this.build(ownValue, otherValue);
    this.announce();
  }

  /** A message from the page. */
  async receive(m: EvaluationToHost): Promise<void> {
    switch (m.type) {
      case 'evalPick':
        try {
          await this.pick();
        } catch (error) {
          void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
        }
        break;
      case 'evalClear':
        this.stop();
        break;
      case 'evalIou':
        this.iou = m.iou;
        this.sendSummary();
        break;
      case 'evalStep':
        await this.step(m);
        break;
      case 'evalReveal':
        await this.reveal(m.image, m.side, m.id);
        break;
    }
  }

  /** Next / previous false positive or negative: shows its image, selects it in the page and in its file. */
  async step(m: Pick<EvalStepRequest, 'kind' | 'direction' | 'image' | 'side' | 'id' | 'iou' | 'minConfidence' | 'hidden'>): Promise<boolean> {
    const p = this.pairing;
    if (!p) return false;
    const target = p.step(m.kind, m.direction, { image: m.image, side: m.side, id: m.id }, this.panel.source.entries().length, { iou: m.iou, minConfidence: m.minConfidence, hidden: m.hidden });
    if (!target) {
      void vscode.window.setStatusBarMessage(m.kind === 'fp' ? vscode.l10n.t('No false positives at this IoU and confidence.') : vscode.l10n.t('No false negatives at this IoU and confidence.'), 4000);
      this.panel.post({ type: 'evalSelect', image: m.image, side: 'own', id: -1 });
      return false;
    }
    if (target.image !== this.panel.current()) await this.panel.show(target.image);
    this.panel.post({ type: 'evalSelect', ...target });
    // Stepping keeps the focus in the preview: the next P or N is the next step, never a letter typed
    // into the file the last step revealed.
    await this.reveal(target.image, target.side, target.id, true);
    return true;
  }

  /** Selects the annotation of a box in its file's editor (and focuses it, unless `keepFocus`). */
  async reveal(image: number, side: Side, id: number, keepFocus = false): Promise<void> {
    const p = this.pairing;
    const uri = side === 'own' ? this.panel.source.uri : this.other;
    const at = p?.locate(image, side, id);
    if (!p || !uri || !at) return;
    const document = await vscode.workspace.openTextDocument(uri);
    const range = locatePaths(document.getText(), [at.path]).get(at.path);
    if (!range) return;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: keepFocus });
    const selection = new vscode.Selection(document.positionAt(range.start), document.positionAt(range.end));
    editor.selection = selection;
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
