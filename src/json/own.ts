/**
 * Setting a key of a JSON object as an own property. `object[key] = value` with the key
 * `__proto__` changes the object's prototype instead and the key vanishes from the JSON, so a
 * stored record would silently lose a field a client sent.
 * @example setOwn({}, '__proto__', 1) // { "__proto__": 1 } as JSON
 */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
