// The few predicates every module that reads parsed JSON needs, written once.

export type Json = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A finite number (JSON has no NaN or Infinity; a parsed value may still hold them from JS). */
export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
