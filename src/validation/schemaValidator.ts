// Compiles the schema files in schemas/ with ajv and turns ajv's errors into one plain-words
// problem per place. The schemas avoid oneOf (if/then/else instead) so ajv never reports a
// cascade of branch failures; what little noise remains is filtered here.
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
    if (!validate) throw new Error(`No schema at ${pointer} of the ${format} schema`);
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
    string: 'a string',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'an object',
    null: 'null',
  };
  const list = (Array.isArray(type) ? type : [type]).filter((t) => t !== 'null').map((t) => names[String(t)] ?? String(t));
  return list.join(' or ');
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
    const subject = fullSubject.length === 0 ? 'The document' : `\`${subjectOf(fullSubject)}\``;
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'type':
        code = schema?.['x-code'] === 'tags-not-list' || schema?.['x-code'] === 'alias-not-string' ? schema['x-code'] : 'wrong-type';
        message = `${subject} must be ${expectOf(schema, typeWords(params.type))}, not ${describeType(error.data)}.`;
        break;
      case 'required': {
        const missing = String(params.missingProperty);
        code = 'missing-key';
        anchor = path.length > 0 && typeof path[path.length - 1] === 'string' ? 'key' : 'open';
        const what = schema?.title ?? (path.length === 0 ? 'The document' : subject);
        message = `${what} is missing the required key \`${missing}\`.`;
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
        const where = schema?.title ? ` in ${schema.title.toLowerCase()}` : '';
        message = `Unknown key \`${extra}\`${where}.` + (suggestion ? ` Did you mean \`${suggestion}\`?` : known.length ? ` Known keys: ${known.map((k) => `\`${k}\``).join(', ')}.` : '');
        break;
      }
      case 'enum':
      case 'const':
        code = schema?.['x-code'] ?? 'invalid-value';
        message = `${subject} must be ${expectOf(schema, 'one of the allowed values')}, not ${JSON.stringify(error.data)}.`;
        break;
      case 'pattern':
        code = schema?.['x-code'] ?? 'invalid-format';
        message = `${subject} must be ${expectOf(schema, 'of the required form')}; got ${JSON.stringify(error.data)}.`;
        break;
      case 'minItems':
      case 'maxItems': {
        code = schema?.['x-code'] ?? 'wrong-length';
        const count = Array.isArray(error.data) ? error.data.length : 0;
        message = `${subject} must be ${expectOf(schema, `a list of ${params.limit} items`)}; it has ${count} item${count === 1 ? '' : 's'}.`;
        break;
      }
      case 'minLength':
        code = 'empty-value';
        message = `${subject} must not be empty.`;
        break;
      default:
        code = schema?.['x-code'] ?? 'invalid-value';
        message = `${subject} ${error.message ?? 'is not valid'}.`;
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
