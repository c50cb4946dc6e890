// Hovers: what a key means (from the schema), what a shape measures, what a URI points at.
import * as l10n from '@vscode/l10n';
import { boxOf, isSelfIntersecting, polygonArea, polylineLength } from '../annotations/geometry';
import type { JsonPath } from '../core/jsonScan';
import { flatten, isBbox } from '../annotations/metalake';
import { DocumentIndex } from './documentIndex';
import { schemaAt, type SchemaSource } from './schemaNav';
import type { ValueRegistry } from './values';

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

export interface HoverContext {
  schemas: SchemaSource;
  values: ValueRegistry;
  /** size of the image an annotation entry names, when it can be found */
  imageSize?: (image: string) => Promise<{ width: number; height: number } | undefined>;
  /** how many workspace files mention a URI */
  uriUsage?: (uri: string) => number;
}

const n = (v: number) => (Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000));

function schemaHover(index: DocumentIndex, path: JsonPath, ctx: HoverContext, valueAt: (p: JsonPath) => unknown): string | undefined {
  const resolved = schemaAt(ctx.schemas, index.format!, path, valueAt);
  if (!resolved) return undefined;
  const { title, description } = resolved.node;
  if (!title && !description) return undefined;
  return [title ? `**${title}**` : '', description ?? ''].filter(Boolean).join('\n\n');
}

async function geometryHover(path: JsonPath, valueAt: (p: JsonPath) => unknown, ctx: HoverContext): Promise<{ markdown: string; path: JsonPath } | undefined> {
  const k = path.findIndex((s) => s === 'bbox' || s === 'polygon' || s === 'line');
  if (k === -1) return undefined;
  const geometryPath = path.slice(0, k + 1);
  const key = path[k];
  const value = valueAt(geometryPath);
  const lines: string[] = [];
  if (key === 'bbox' && isBbox(value)) {
    const b = boxOf(value);
    lines.push(l10n.t('**Box** from ({0}, {1}) to ({2}, {3})', n(b.x), n(b.y), n(b.x + b.w), n(b.y + b.h)), l10n.t('width {0}, height {1}, area {2}', n(b.w), n(b.h), n(b.w * b.h)));
  } else if (key === 'polygon' && Array.isArray(value)) {
    const points = flatten(value);
    const count = points.length / 2;
    const closed = count > 1 && points[0] === points[points.length - 2] && points[1] === points[points.length - 1];
    lines.push(count === 1 ? l10n.t('**Polygon** of {0} point, area {1}', count, n(polygonArea(points))) : l10n.t('**Polygon** of {0} points, area {1}', count, n(polygonArea(points))));
    lines.push(closed ? l10n.t('closed: the last point repeats the first (not needed: polygons close by themselves)') : l10n.t('open: closes from the last point back to the first'));
    lines.push(isSelfIntersecting(points) ? l10n.t('**self-intersecting**: two of its edges cross') : l10n.t('not self-intersecting'));
  } else if (key === 'line' && Array.isArray(value)) {
    const points = flatten(value);
    const count = points.length / 2;
    lines.push(count === 1 ? l10n.t('**Line** of {0} point, length {1}', count, n(polylineLength(points))) : l10n.t('**Line** of {0} points, length {1}', count, n(polylineLength(points))));
  } else return undefined;
  const imageIndex = path[0] === 'images' && typeof path[1] === 'number' ? path[1] : undefined;
  const image = imageIndex !== undefined ? valueAt(['images', imageIndex, 'image']) : undefined;
  if (typeof image === 'string' && ctx.imageSize) {
    const size = await ctx.imageSize(image);
    lines.push(size ? l10n.t('image "{0}": {1}×{2}', image, size.width, size.height) : l10n.t('image "{0}": not found', image));
  }
  return { markdown: lines.join('\n\n'), path: geometryPath };
}

async function uriHover(uri: string, ctx: HoverContext): Promise<string | undefined> {
  let m = /^dataset:\/\/([A-Za-z0-9._-]+)(?:\/([A-Za-z0-9._-]+))?$/.exec(uri);
  const lines: string[] = [];
  if (m) lines.push(m[2] ? l10n.t('**Dataset version** `{0}` of dataset `{1}`', m[2], m[1]) : l10n.t('**Dataset** `{0}`', m[1]));
  else if ((m = /^datum:\/\/(.+)$/.exec(uri))) lines.push(l10n.t('**Datum** `{0}` (a datum id or alias)', m[1]));
  else if ((m = /^model:\/\/([A-Za-z0-9._-]+)\/([A-Za-z0-9._-]+)?$/.exec(uri))) lines.push(m[2] ? l10n.t('**Model version** `{0}` of model `{1}`', m[2], m[1]) : l10n.t('**Model** `{0}`', m[1]));
  else return undefined;
  const used = ctx.uriUsage?.(uri);
  if (used) lines.push(used === 1 ? l10n.t('mentioned in {0} file of this workspace', used) : l10n.t('mentioned in {0} files of this workspace', used));
  lines.push(...(await ctx.values.describe(uri)));
  return lines.join('\n\n');
}

export async function hover(index: DocumentIndex, offset: number, ctx: HoverContext): Promise<HoverResult | undefined> {
  if (!index.format) return undefined;
  const loc = index.locationAt(offset);
  const prev = loc.previousNode;
  const onToken = prev !== undefined && offset >= prev.start && offset <= prev.end;
  const valueAt = (p: JsonPath) => DocumentIndex.valueAt(loc.unit, p);
  if (onToken && (loc.isAtPropertyKey || (prev.type === 'string' && /^\s*:/.test(index.text.slice(prev.end, prev.end + 20))))) {
    const markdown = schemaHover(index, loc.path, ctx, valueAt);
    return markdown ? { markdown, start: prev.start, end: prev.end } : undefined;
  }
  if (onToken && typeof prev.value === 'string') {
    const markdown = await uriHover(prev.value, ctx);
    if (markdown) return { markdown, start: prev.start, end: prev.end };
  }
  // Anywhere inside a shape's numbers (on a number or between them) the shape is described.
  const geometry = loc.unit && index.parsed ? await geometryHover(loc.path, valueAt, ctx) : undefined;
  if (geometry && loc.unit) {
    const range = index.rangesOf(loc.unit, [geometry.path]).get(geometry.path);
    if (range) return { markdown: geometry.markdown, start: range.start, end: range.end };
  }
  if (!onToken) return undefined;
  const markdown = schemaHover(index, loc.path, ctx, valueAt);
  return markdown ? { markdown, start: prev.start, end: prev.end } : undefined;
}
