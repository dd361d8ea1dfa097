/** Plain-JSON helpers shared by the spec loader: a parsed spec is nothing but these shapes. */

export type JsonObject = Record<string, unknown>;

/** A plain object (not an array, not null): the only shape that can hold OpenAPI fields. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own-property read, so a key such as `constructor` or `__proto__` never reaches the prototype. */
export function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * What a value is, for messages — never what it says. A document can be anything a caller named
 * (a password file, another mock's registry), so its text is never quoted back in an error.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value.length === 0 ? 'an empty string' : `a string (${value.length} characters)`;
  if (typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}

/** A version as written, when it looks like one (`4.0.0`, `1.2`, `3.1.0-rc1`); anything else is described, not quoted. */
export function quotedVersion(value: string): string {
  return /^\d{1,3}(\.\d{1,3}){0,3}(-[\w.]{1,12})?$/.test(value) ? value : describeValue(value);
}

/**
 * Sets an own property even for the key `__proto__`, which a plain assignment would turn into a
 * prototype change. Used wherever the key comes from the document.
 */
export function setOwn(object: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}
