// What the language features share: the per-version index cache, the schemas, the value sources.
import * as path from 'path';
import * as vscode from 'vscode';
import type { FormatId } from '../formats/formats';
import type { SchemaSource } from '../language/schemaNav';
import { factsOf, ValueRegistry, type KnownValue, type ValueKind } from '../language/values';
import type { Validator } from '../validation/analyze';
import { findImage } from '../validation/references';
import { imageRoots } from '../toolshed/settings';
import type { Services } from '../services';

export const SELECTOR: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }, { language: 'jsonl' }];

/** The language providers read the shared services: the analysis cache, the schemas, the facts. */
export type LanguageContext = Services;

export function schemaSource(validator: Validator): SchemaSource {
  return (format: FormatId) => validator.schemas.schema(format);
}

export function toRange(doc: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(doc.positionAt(start), doc.positionAt(end));
}

/** Resolves an annotation's image like the diagnostics do; undefined for unsaved or remote documents. */
export async function resolveImage(ctx: LanguageContext, doc: vscode.TextDocument, image: string): Promise<string | undefined> {
  if (doc.uri.scheme !== 'file') return undefined;
  return (await findImage(image, { filePath: doc.uri.fsPath, files: ctx.files.access, imageRoots: imageRoots(doc.uri) })).found;
}

export async function imageSize(ctx: LanguageContext, doc: vscode.TextDocument, image: string): Promise<{ width: number; height: number } | undefined> {
  const found = await resolveImage(ctx, doc, image);
  return found ? ctx.files.access.imageInfo(found) : undefined;
}

/**
 * The values for one document: its own labels first, then its sibling files', then the workspace's
 * and every registered source's.
 */
export function valuesFor(ctx: LanguageContext, doc: vscode.TextDocument, value: unknown): ValueRegistry {
  const registry = new ValueRegistry();
  registry.register({
    values: async (kind: ValueKind): Promise<KnownValue[]> => {
      if (kind !== 'label') return [];
      const own = [...factsOf(value).labels].map(([v, n]) => ({ value: v, detail: vscode.l10n.t('this file ({0}×)', n) }));
      const siblings = doc.uri.scheme === 'file' ? await ctx.facts.labelsIn(path.dirname(doc.uri.fsPath)) : new Map<string, number>();
      return [...own, ...[...siblings].map(([v, n]) => ({ value: v, detail: vscode.l10n.t('files in this folder ({0}×)', n) }))];
    },
  });
  registry.register(ctx.facts);
  registry.register({ values: (kind) => ctx.values.values(kind), describeUri: async (uri) => (await ctx.values.describe(uri)).join('\n\n') || undefined });
  return registry;
}
