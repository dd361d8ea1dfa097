/**
 * Is a changed request still valid for its operation? A negative probe (past a maximum, wrong
 * type, missing) is only sent when the answer must be a rejection: with `oneOf` bodies or open
 * objects, a change that looks invalid can still match (Schemathesis checks the same way).
 */
import type { JsonSchema, MockPlan } from '../../plan';
import { compileValidator, type SchemaValidator } from '../../json-schema';
import { bodyMedia, type RequestParts } from './baseline';

export function createValidity(plan: MockPlan): (parts: RequestParts) => boolean {
  const cache = new WeakMap<object, SchemaValidator>();
  const valid = (schema: JsonSchema | undefined, value: unknown): boolean => {
    if (schema === undefined || typeof schema === 'boolean') return schema !== false;
    let check = cache.get(schema);
    if (!check) {
      check = compileValidator(schema, plan.schemas, 'value');
      cache.set(schema, check);
    }
    return check(value).length === 0;
  };
  return (parts) => {
    let body = parts.body;
    if (parts.rawBody !== undefined) {
      try {
        body = JSON.parse(parts.rawBody);
      } catch {
        return false;
      }
    }
    for (const param of parts.op.parameters) {
      const where = param.in === 'path' ? parts.path : param.in === 'query' ? parts.query : param.in === 'header' ? parts.headers : undefined;
      if (where === undefined) continue;
      const key = param.in === 'header' ? param.name.toLowerCase() : param.name;
      const value = where[key];
      if (value === undefined) {
        if (param.required) return false;
        continue;
      }
      if (!valid(param.schema, value)) return false;
    }
    const media = bodyMedia(parts.op);
    if (parts.op.requestBody?.required && body === undefined) return false;
    if (media && body !== undefined && !valid(media.schema, body)) return false;
    return true;
  };
}
