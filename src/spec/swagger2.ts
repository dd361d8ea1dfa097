/**
 * Preparing a Swagger 2.0 document for `@scalar/openapi-upgrader` and tidying after it. The
 * upgrader reads body and form parameters only when they are written inline, rewrites any string
 * `$ref` it meets (data included), and treats every path item field as an operation; these steps
 * keep each of those from losing or changing what the author wrote.
 */
import { HTTP_METHOD_FIELDS } from './grammar';
import { isObject, type JsonObject, own, setOwn } from './json';
import { derefNode } from './refs';
import { walk } from './walk';

const OPERATION_FIELDS: ReadonlySet<string> = new Set(HTTP_METHOD_FIELDS);

function eachParameterList(document: JsonObject, visit: (list: unknown[], holder: JsonObject) => void): void {
  const paths = own(document, 'paths');
  if (!isObject(paths)) return;
  for (const item of Object.values(paths)) {
    if (!isObject(item)) continue;
    for (const [field, value] of Object.entries(item)) {
      if (field === 'parameters' && Array.isArray(value)) visit(value, item);
      if (!OPERATION_FIELDS.has(field) || !isObject(value)) continue;
      const list = own(value, 'parameters');
      if (Array.isArray(list)) visit(list, value);
    }
  }
}

/** Copies referenced `in: body` / `in: formData` parameters into the lists that use them. */
export function inlineBodyParameterRefs(document: JsonObject): void {
  eachParameterList(document, (list) => {
    list.forEach((entry, index) => {
      if (!isObject(entry) || typeof entry.$ref !== 'string') return;
      const target = derefNode(document, entry).value;
      if (isObject(target) && (target.in === 'body' || target.in === 'formData')) list[index] = structuredClone(target);
    });
  });
}

/**
 * Marks form parameters that forbid an empty value (`allowEmptyValue: false`) so the mark
 * survives the upgrade: the upgrader turns each form parameter into a property of the request
 * body's schema, copying extensions but dropping `allowEmptyValue` (OAS 3 has it for query
 * parameters only). The plan compiler reads FORM_NON_EMPTY back.
 */
export function markNonEmptyFormParameters(document: JsonObject): void {
  eachParameterList(document, (list) => {
    for (const entry of list) if (isObject(entry) && entry.in === 'formData' && entry.allowEmptyValue === false) entry[FORM_NON_EMPTY] = true;
  });
}

export const FORM_NON_EMPTY = 'x-mockloop-non-empty';

/** After the upgrade: a parameter list entry that points at a request body becomes the request body. */
export function moveRequestBodyRefs(document: JsonObject): void {
  eachParameterList(document, (list, holder) => {
    for (let index = list.length - 1; index >= 0; index -= 1) {
      const entry = list[index];
      if (!isObject(entry) || typeof entry.$ref !== 'string' || !entry.$ref.startsWith('#/components/requestBodies/')) continue;
      list.splice(index, 1);
      if (!Object.hasOwn(holder, 'requestBody')) holder.requestBody = { $ref: entry.$ref };
    }
  });
}

/**
 * Takes path item fields that are not operations (extensions, `$ref`) out of the upgrader's way,
 * and puts `parameters` first so path-level body parameters reach every operation.
 * @returns a function that puts the fields back into the upgraded document
 */
export function setAsidePathItemFields(document: JsonObject): (upgraded: JsonObject) => void {
  const aside: Array<{ path: string; field: string; value: unknown }> = [];
  const paths = own(document, 'paths');
  if (isObject(paths)) {
    for (const [path, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      const entries = Object.entries(item);
      for (const [field] of entries) delete item[field];
      const parameters = entries.find(([field]) => field === 'parameters');
      if (parameters) item.parameters = parameters[1];
      for (const [field, value] of entries) {
        if (OPERATION_FIELDS.has(field)) item[field] = value;
        else if (field !== 'parameters') aside.push({ path, field, value });
      }
    }
  }
  return (upgraded) => {
    const after = own(upgraded, 'paths');
    if (!isObject(after)) return;
    for (const { path, field, value } of aside) {
      const item = own(after, path);
      if (isObject(item) && !Object.hasOwn(item, field)) setOwn(item, field, value);
    }
  };
}

function containsRefKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (isObject(next) && Object.hasOwn(next, '$ref')) return true;
    if (isObject(next) || Array.isArray(next)) for (const child of Object.values(next)) stack.push(child);
  }
  return false;
}

const PLACEHOLDER = /^\u0000mockloop-data:(\d+)$/;

/**
 * Replaces data values (examples, defaults, enums) that contain a `$ref` key with placeholder
 * strings, which the upgrader moves without reading.
 * @returns a function that puts the values back into the upgraded document
 */
export function setAsideDataWithRefs(document: JsonObject): (upgraded: JsonObject) => void {
  const aside: unknown[] = [];
  const park = (holder: JsonObject, key: string) => {
    const value = holder[key];
    if (value === undefined || !containsRefKey(value)) return;
    setOwn(holder, key, `\u0000mockloop-data:${aside.length}`);
    aside.push(value);
  };
  walk(document, 'document', {
    enter(frame) {
      for (const key of ['example', 'default', 'enum', 'const']) if (Object.hasOwn(frame.node, key)) park(frame.node, key);
      const examples = own(frame.node, 'examples');
      if (frame.kind === 'response' && isObject(examples)) for (const key of Object.keys(examples)) park(examples, key);
    },
  });
  return (upgraded) => {
    if (aside.length === 0) return;
    const stack: unknown[] = [upgraded];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (!isObject(next) && !Array.isArray(next)) continue;
      const slots: Array<[string | number, unknown]> = Array.isArray(next) ? [...next.entries()] : Object.entries(next);
      for (const [key, value] of slots) {
        const match = typeof value === 'string' ? PLACEHOLDER.exec(value) : null;
        if (match === null) {
          stack.push(value);
          continue;
        }
        const original = aside[Number(match[1])];
        if (Array.isArray(next)) next[Number(key)] = original;
        else setOwn(next, String(key), original);
      }
    }
  };
}
