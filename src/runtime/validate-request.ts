/**
 * Request validation for one operation, compiled once: parameter and body validators are built
 * when the plan loads. Problems are gathered (all of them) and the status follows Prism: 415 for
 * an unaccepted media type, 422 for parameters or a body that break their schemas, and 400 (our
 * own choice) for a body that cannot be parsed at all.
 */
import type { JsonSchema, MockPlan, PlanMedia, PlanOperation, PlanRequestBody } from '../plan';
import type { ProblemItem } from '../problem';
import { coerceValue, flattenSchema, type HeaderReader, readParameters, shapeOf } from './params';
import { type FormViolation, parseBody } from './request-body';
import { compileValidator, type SchemaValidator } from '../json-schema';

export interface RequestParts {
  pathParams: Record<string, string>;
  query: string;
  headers: HeaderReader;
  body: Uint8Array | null;
}

export interface RequestVerdict {
  status: 400 | 415 | 422 | null;
  problems: ProblemItem[];
}

/** Synchronous when the operation takes no body (nothing to read or parse), so most GETs await nothing. */
export type RequestValidator = (parts: RequestParts) => RequestVerdict | Promise<RequestVerdict>;

export function compileRequestValidator(plan: MockPlan, operation: PlanOperation): RequestValidator {
  const resolve = (ref: string): JsonSchema | undefined => plan.schemas[ref.replace(/^#\/\$defs\//, '')];
  const paramValidators = operation.parameters.map((param) => ({
    param,
    validate: compileValidator(param.schema, plan.schemas, `${param.in}/${param.name}`, { discriminators: true }),
  }));
  const bodyValidators = new Map<PlanMedia, SchemaValidator>();
  for (const media of operation.requestBody?.contents ?? []) {
    if (media.schema !== undefined) bodyValidators.set(media, compileValidator(media.schema, plan.schemas, 'body', { discriminators: true }));
  }

  return (parts) => {
    const problems: ProblemItem[] = [];
    const read = readParameters(operation.parameters, parts, resolve);
    problems.push(...read.problems);
    for (const { param, validate } of paramValidators) {
      const values = read.values[param.in];
      if (!Object.hasOwn(values, param.name)) continue;
      if (param.nonEmpty && values[param.name] === '') {
        problems.push({ location: `query/${param.name}`, code: 'empty', message: 'must not be empty (allowEmptyValue is false)' });
        continue;
      }
      problems.push(...validate(values[param.name]));
    }
    const paramStatus = problems.length > 0 ? 422 : null;

    const body = operation.requestBody;
    if (!body) return { status: paramStatus, problems };
    return validateBody(body, parts, problems, paramStatus);
  };

  async function validateBody(body: PlanRequestBody, parts: RequestParts, problems: ProblemItem[], paramStatus: 422 | null): Promise<RequestVerdict> {
    const parsed = await parseBody(body.contents, parts.headers.get('content-type'), parts.body);
    switch (parsed.kind) {
      case 'unsupported':
        problems.unshift({
          location: 'header/content-type',
          code: 'media-type',
          message: `${parsed.contentType} is not accepted; use ${body.contents.map((m) => m.mediaType).join(', ')}`,
        });
        return { status: 415, problems };
      case 'none':
        if (body.required && body.contents.length > 0) {
          problems.push({ location: 'body', code: 'required', message: 'a request body is required' });
          return { status: 422, problems };
        }
        return { status: paramStatus, problems };
      case 'malformed':
        problems.push({ location: 'body', code: 'syntax', message: parsed.message });
        return { status: 400, problems };
      case 'opaque':
        return { status: paramStatus, problems };
      case 'value': {
        const validate = bodyValidators.get(parsed.media);
        if (!validate) return { status: paramStatus, problems };
        const isForm = /form/.test(parsed.media.mediaType);
        const value = isForm ? coerceValue(formArrays(parsed.value, parsed.media.schema, resolve), parsed.media.schema, resolve) : parsed.value;
        const bodyProblems = [...validate(value), ...(parsed.formViolations ?? []).map(formProblem)];
        if (bodyProblems.length > 0) return { status: 422, problems: [...problems, ...bodyProblems] };
        return { status: paramStatus, problems };
      }
    }
  }
}

function formProblem(violation: FormViolation): ProblemItem {
  return violation.rule === 'non-empty'
    ? { location: `body/${violation.field}`, code: 'empty', message: 'must not be empty (allowEmptyValue is false)' }
    : { location: `body/${violation.field}`, code: 'reserved', message: 'has reserved characters that must be percent-encoded (allowReserved is false)' };
}

/** A form field sent once is still a one-item list when its schema says array (`topics=poetry`). */
function formArrays(value: unknown, schema: JsonSchema | undefined, resolve: (ref: string) => JsonSchema | undefined): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const node of flattenSchema(schema, resolve)) {
    const props = node.properties;
    if (props === null || typeof props !== 'object') continue;
    for (const [name, propSchema] of Object.entries(props as Record<string, JsonSchema>)) {
      if (Object.hasOwn(out, name) && !Array.isArray(out[name]) && shapeOf(propSchema, resolve) === 'array') out[name] = [out[name]];
    }
  }
  return out;
}
