/**
 * Media types a Swagger 2.0 document leaves open, read the way its author meant them:
 * - an operation with a body and no `consumes` (on it or at the root) names no media type, so the
 *   converted request body also accepts any (`*\/*`), and a form accepts urlencoded as well as
 *   multipart when it carries no file; a request without Content-Type is then no 415;
 * - a response example keyed `*\/*` is served as the type the operation `produces`
 *   (`text/plain`), not as an unknown binary.
 */
import { HTTP_METHOD_FIELDS } from './grammar';
import { isObject, type JsonObject, own, setOwn } from './json';

interface Declared {
  consumes: boolean;
  hasFile: boolean;
}

function concreteTypes(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string' && t.trim() !== '' && !t.includes('*')) : [];
}

function hasFileParameter(list: unknown): boolean {
  return Array.isArray(list) && list.some((p) => isObject(p) && p.in === 'formData' && p.type === 'file');
}

/**
 * Reads what each operation declares before the upgrade (and names wildcard examples).
 * @returns a function that applies the readings to the upgraded (OpenAPI 3.0) document
 */
export function setAsideMediaDefaults(document: JsonObject): (upgraded: JsonObject) => void {
  const declared = new Map<string, Declared>();
  const paths = own(document, 'paths');
  const rootConsumes = Array.isArray(own(document, 'consumes'));
  const rootProduces = concreteTypes(own(document, 'produces'));
  if (isObject(paths)) {
    for (const [path, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      for (const method of HTTP_METHOD_FIELDS) {
        const op = own(item, method);
        if (!isObject(op)) continue;
        const produces = Array.isArray(op.produces) ? concreteTypes(op.produces) : rootProduces;
        // Renamed before the upgrade: the converter drops a response's schema when its examples
        // are keyed by a type the operation does not produce.
        if (produces.length > 0) nameWildcardExamples(op, produces);
        declared.set(`${path} ${method}`, {
          consumes: rootConsumes || Array.isArray(op.consumes),
          hasFile: hasFileParameter(op.parameters) || hasFileParameter(item.parameters),
        });
      }
    }
  }
  return (upgraded) => {
    const after = own(upgraded, 'paths');
    if (!isObject(after)) return;
    for (const [key, found] of declared) {
      const [path, method] = [key.slice(0, key.lastIndexOf(' ')), key.slice(key.lastIndexOf(' ') + 1)];
      const item = own(after, path);
      const op = isObject(item) ? own(item, method) : undefined;
      if (!isObject(op)) continue;
      if (!found.consumes) openRequestBody(op, found.hasFile);
    }
  };
}

function openRequestBody(op: JsonObject, hasFile: boolean): void {
  const body = own(op, 'requestBody');
  const content = isObject(body) ? own(body, 'content') : undefined;
  if (!isObject(content)) return;
  const json = own(content, 'application/json');
  if (isObject(json) && !Object.hasOwn(content, '*/*')) setOwn(content, '*/*', structuredClone(json));
  const multipart = own(content, 'multipart/form-data');
  if (isObject(multipart) && !hasFile && !Object.hasOwn(content, 'application/x-www-form-urlencoded')) {
    setOwn(content, 'application/x-www-form-urlencoded', structuredClone(multipart));
  }
}

function nameWildcardExamples(op: JsonObject, produces: string[]): void {
  const responses = own(op, 'responses');
  if (!isObject(responses)) return;
  for (const response of Object.values(responses)) {
    const examples = isObject(response) ? own(response, 'examples') : undefined;
    if (!isObject(examples) || !Object.hasOwn(examples, '*/*')) continue;
    const value = examples['*/*'];
    delete examples['*/*'];
    for (const type of produces) if (!Object.hasOwn(examples, type)) setOwn(examples, type, structuredClone(value));
  }
}
