// Walks the same schema files the validator compiles, to find what a path means (hover) and what
// may be written there (completion).
import type { JsonPath } from '../core/jsonScan';
import type { FormatId } from '../formats/formats';
import type { SchemaNode } from '../validation/schemaValidator';

export type { SchemaNode } from '../validation/schemaValidator';

export type SchemaSource = (format: FormatId) => SchemaNode;

function deref(node: SchemaNode | undefined, root: SchemaNode): SchemaNode | undefined {
  let n = node;
  for (let guard = 0; n?.$ref && guard < 10; guard++) {
    const name = n.$ref.replace('#/definitions/', '');
    // Sibling keywords of a $ref (e.g. a description) stay visible over the definition's.
    const siblings: SchemaNode = { ...n };
    delete siblings.$ref;
    n = { ...root.definitions?.[name], ...siblings };
  }
  return n;
}

/** Picks the branch of an `if: {type: string}` node by the value written (or to be written). */
function branch(node: SchemaNode | undefined, root: SchemaNode, value: unknown): SchemaNode | undefined {
  const n = deref(node, root);
  if (!n?.if) return n;
  const isString = typeof value === 'string';
  return deref(isString ? n.then : n.else, root);
}

export interface Resolved {
  node: SchemaNode;
  root: SchemaNode;
}

/**
 * The schema node at `path` in a unit of `format`. `valueAt` gives the parsed value at a path (for
 * if/then/else and for the JSONL line kind). For a JSONL `file` line, `metadata` is a sidecar.
 */
export function schemaAt(schemas: SchemaSource, format: FormatId, path: JsonPath, valueAt: (p: JsonPath) => unknown): Resolved | undefined {
  let root = schemas(format);
  let node: SchemaNode | undefined = root;
  for (let i = 0; i < path.length; i++) {
    if (format === 'metadata-jsonl' && i === 1 && path[0] === 'metadata') {
      const line = valueAt([]);
      if (line && typeof line === 'object' && 'file' in line) {
        root = schemas('sidecar');
        node = root;
      }
    }
    node = branch(node, root, valueAt(path.slice(0, i)));
    if (!node) return undefined;
    const segment = path[i];
    if (typeof segment === 'number') node = node.items;
    else node = node.properties?.[segment] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
    if (!node) return undefined;
  }
  const resolved = branch(node, root, valueAt(path));
  if (format === 'metadata-jsonl' && path.length === 1 && path[0] === 'metadata') {
    const line = valueAt([]);
    if (line && typeof line === 'object' && 'file' in line) return { node: { ...schemas('sidecar'), ...pick(resolved) }, root: schemas('sidecar') };
  }
  return resolved ? { node: resolved, root } : undefined;
}

function pick(node: SchemaNode | undefined): Partial<SchemaNode> {
  return node ? { title: node.title, description: node.description } : {};
}

/** Properties an object node defines, with their (dereferenced) schemas. */
export function propertiesOf(resolved: Resolved): [string, SchemaNode][] {
  const props = resolved.node.properties ?? {};
  return Object.entries(props).map(([k, v]) => [k, deref(v, resolved.root) ?? v]);
}

export function typesOf(node: SchemaNode): string[] {
  if (node.if) return ['string', 'object'];
  const t = node.type;
  return (Array.isArray(t) ? t : t ? [t] : []).filter((x) => x !== 'null');
}
