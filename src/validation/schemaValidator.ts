// Compiles the schema files in schemas/ with ajv and turns ajv's errors into one plain-words
// problem per place. The schemas avoid oneOf (if/then/else instead) so ajv never reports a
// cascade of branch failures; what little noise remains is filtered here.
import * as l10n from '@vscode/l10n';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { closest } from '../core/text';
import type { JsonPath } from '../core/jsonScan';
import { SCHEMA_FILES, type FormatId } from '../formats/formats';
import { describeType, subjectOf, type PendingProblem, type ProblemCode } from './problems';

/** A node of the schema files, as compiled and as hover and completion walk them. */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  required?: string[];
  enum?: unknown[];
  if?: SchemaNode;
  then?: SchemaNode;
  else?: SchemaNode;
  definitions?: Record<string, SchemaNode>;
  'x-expect'?: string;
  'x-code'?: ProblemCode;
  [keyword: string]: unknown;
}

/** Finds schemas/ by walking up from this module: works from dist/, out/ and src/. */
export function findSchemaDir(start = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'schemas');
    if (fs.existsSync(path.join(candidate, SCHEMA_FILES.sidecar))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Datum Studio: schemas folder not found above ${start}`);
    dir = parent;
  }
}

export class SchemaValidators {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<FormatId, ValidateFunction>();
  private readonly schemas = new Map<FormatId, SchemaNode>();

  constructor(private readonly schemaDir = findSchemaDir()) {
    this.ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    this.ajv.addVocabulary(['x-expect', 'x-code']);
  }

  /** The schema file's content, exactly as compiled (also used for hovers and completion). */
  schema(format: FormatId): SchemaNode {
    let schema = this.schemas.get(format);
    if (!schema) {
      schema = JSON.parse(fs.readFileSync(path.join(this.schemaDir, SCHEMA_FILES[format]), 'utf8')) as SchemaNode;
      this.schemas.set(format, schema);
    }
    return schema;
  }

  /** Compiled lazily: a session that never opens an annotation file never compiles that schema. */
  private validator(format: FormatId): ValidateFunction {
    let validate = this.compiled.get(format);
    if (!validate) {
      validate = this.ajv.compile(this.schema(format));
      this.compiled.set(format, validate);
    }
    return validate;
  }

  validate(format: FormatId, value: unknown, basePath: JsonPath = []): PendingProblem[] {
    const validate = this.validator(format);
    if (validate(value)) return [];
    return toProblems(validate.errors ?? [], value, basePath);
  }

  /**
   * Validates `value` against one part of the format's schema (a JSON pointer into it, e.g.
   * `/definitions/image`), with problems as validate() gives for the value at `basePath` of a whole
   * document: the incremental analysis re-checks one image entry this way.
   */
  validateAt(format: FormatId, pointer: string, value: unknown, basePath: JsonPath): PendingProblem[] {
    this.validator(format);
    const id = (this.schema(format) as { $id?: string }).$id ?? '';
    const validate = this.ajv.getSchema(`${id}#${pointer}`);
    if (!validate) throw new Error(l10n.t('No schema at {0} of the {1} schema', pointer, format));
    if (validate(value)) return [];
    return toProblems(validate.errors ?? [], value, basePath);
  }
}

function pointerToPath(pointer: string, root: unknown): (string | number)[] {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let current: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      out.push(index);
      current = current[index];
    } else {
      out.push(segment);
      current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return out;
}

function expectOf(schema: SchemaNode | undefined, fallback: string): string {
  return schema?.['x-expect'] ?? fallback;
}

function typeWords(type: unknown): string {
  const names: Record<string, string> = {
    string: l10n.t('a string'),
    number: l10n.t('a number'),
    integer: l10n.t('a whole number'),
    boolean: l10n.t('true or false'),
    array: l10n.t('a list'),
    object: l10n.t('an object'),
    null: 'null',
  };
  const list = (Array.isArray(type) ? type : [type]).filter((t) => t !== 'null').map((t) => names[String(t)] ?? String(t));
  return list.length === 0 ? '' : list.reduce((all, t) => l10n.t('{0} or {1}', all, t));
}

function toProblems(errors: ErrorObject[], root: unknown, basePath: JsonPath): PendingProblem[] {
  const problems: PendingProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // `if` only says "must match then/else": the then/else error itself is reported too.
    if (error.keyword === 'if') continue;
    const schema = error.parentSchema as SchemaNode | undefined;
    const path = pointerToPath(error.instancePath, root);
    let problemPath: JsonPath = path;
    let anchor: PendingProblem['anchor'] = 'value';
    let message: string;
    let code: ProblemCode;
    let data: PendingProblem['data'];
    const fullSubject = [...basePath, ...path];
    const subject = fullSubject.length === 0 ? l10n.t('The document') : `\`${subjectOf(fullSubject)}\``;
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'type':
        code = schema?.['x-code'] === 'tags-not-list' || schema?.['x-code'] === 'alias-not-string' ? schema['x-code'] : 'wrong-type';
        message = l10n.t('{0} must be {1}, not {2}.', subject, expectOf(schema, typeWords(params.type)), describeType(error.data));
        break;
      case 'required': {
        const missing = String(params.missingProperty);
        code = 'missing-key';
        anchor = path.length > 0 && typeof path[path.length - 1] === 'string' ? 'key' : 'open';
        const what = schema?.title ?? (path.length === 0 ? l10n.t('The document') : subject);
        message = l10n.t('{0} is missing the required key `{1}`.', what, missing);
        data = { missing: [missing] };
        break;
      }
      case 'additionalProperties': {
        const extra = String(params.additionalProperty);
        problemPath = [...path, extra];
        anchor = 'key';
        code = 'unknown-key';
        const known = Object.keys((schema?.properties as Record<string, unknown> | undefined) ?? {});
        const suggestion = closest(extra, known);
        data = suggestion ? { suggestion } : undefined;
        message =
          (schema?.title ? l10n.t('Unknown key `{0}` in {1}.', extra, schema.title.toLowerCase()) : l10n.t('Unknown key `{0}`.', extra)) +
          (suggestion ? ' ' + l10n.t('Did you mean `{0}`?', suggestion) : known.length ? ' ' + l10n.t('Known keys: {0}.', known.map((k) => `\`${k}\``).join(', ')) : '');
        break;
      }
      case 'enum':
      case 'const':
        code = schema?.['x-code'] ?? 'invalid-value';
        message = l10n.t('{0} must be {1}, not {2}.', subject, expectOf(schema, l10n.t('one of the allowed values')), JSON.stringify(error.data));
        break;
      case 'pattern':
        code = schema?.['x-code'] ?? 'invalid-format';
        message = l10n.t('{0} must be {1}; got {2}.', subject, expectOf(schema, l10n.t('of the required form')), JSON.stringify(error.data));
        break;
      case 'minItems':
      case 'maxItems': {
        code = schema?.['x-code'] ?? 'wrong-length';
        const count = Array.isArray(error.data) ? error.data.length : 0;
        const expected = expectOf(schema, l10n.t('a list of {0} items', String(params.limit)));
        message = count === 1 ? l10n.t('{0} must be {1}; it has {2} item.', subject, expected, count) : l10n.t('{0} must be {1}; it has {2} items.', subject, expected, count);
        break;
      }
      case 'minLength':
        code = 'empty-value';
        message = l10n.t('{0} must not be empty.', subject);
        break;
      default:
        code = schema?.['x-code'] ?? 'invalid-value';
        message = error.message ? l10n.t('{0} {1}.', subject, error.message) : l10n.t('{0} is not valid.', subject);
    }
    const fullPath = [...basePath, ...problemPath];
    const key = JSON.stringify(fullPath) + anchor;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path: fullPath, anchor, severity: 'error', code, message, data });
  }
  return dropCascades(problems);
}

/** When a list has the wrong length, its items' own errors add nothing; likewise below a problem. */
function dropCascades(problems: PendingProblem[]): PendingProblem[] {
  const keys = new Set(problems.filter((p) => p.anchor === 'value').map((p) => JSON.stringify(p.path).slice(0, -1)));
  return problems.filter((p) => {
    for (let n = p.path.length - 1; n > 0; n--) {
      if (keys.has(JSON.stringify(p.path.slice(0, n)).slice(0, -1))) return false;
    }
    return true;
  });
}
