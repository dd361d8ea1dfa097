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

/** A short, safe rendering of a value for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 37)}..."` : `"${value}"`;
  return String(value);
}

/**
 * Sets an own property even for the key `__proto__`, which a plain assignment would turn into a
 * prototype change. Used wherever the key comes from the document.
 */
export function setOwn(object: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}
