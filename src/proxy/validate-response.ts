/**
 * Upstream answers checked against the spec, every problem gathered: an undeclared status, an
 * undeclared media type, a body that does not parse or does not match its schema. Validators are
 * made once per media type and kept with the plan.
 */
import { compileValidator, type SchemaValidator } from '../json-schema';
import { type MockPlan, type PlanMedia, type PlanOperation, responseFor } from '../plan';
import type { ProblemItem } from '../problem';

export type ResponseValidator = (op: PlanOperation, status: number, contentType: string | null, body: string | Uint8Array | null) => ProblemItem[];

/** @example createResponseValidator(plan)(op, 200, 'application/json', '{"id":"x"}') // [{ location: 'response/body/id', … }] */
export function createResponseValidator(plan: MockPlan): ResponseValidator {
  const validators = new WeakMap<PlanMedia, SchemaValidator>();
  return (op, status, contentType, body) => {
    const response = responseFor(op, status);
    if (response === undefined) return [{ location: 'response/status', code: 'status', message: `${status} is not a declared response of ${op.id}` }];
    const bytes = body === null ? 0 : typeof body === 'string' ? body.length : body.byteLength;
    if (response.contents.length === 0 || bytes === 0 || status === 204 || status === 304) return [];
    const media = mediaFor(response.contents, contentType);
    if (media === undefined) {
      const declared = response.contents.map((m) => m.mediaType).join(', ');
      return [{ location: 'response/header/content-type', code: 'media-type', message: `${contentType ?? 'no content type'} is not declared for ${status} (declared: ${declared})` }];
    }
    if (media.schema === undefined || !isJson(contentType)) return [];
    let value: unknown;
    try {
      value = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body ?? new Uint8Array(0)));
    } catch {
      return [{ location: 'response/body', code: 'parse', message: 'is not valid JSON' }];
    }
    let check = validators.get(media);
    if (check === undefined) {
      check = compileValidator(media.schema, plan.schemas, 'response/body');
      validators.set(media, check);
    }
    return check(value);
  };
}

function essence(contentType: string | null): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function isJson(contentType: string | null): boolean {
  return /^application\/(.+\+)?json$/.test(essence(contentType));
}

/** The declared media type of a content type: exact, then `type/*`, then `*\/*`. */
function mediaFor(contents: PlanMedia[], contentType: string | null): PlanMedia | undefined {
  const type = essence(contentType);
  return (
    contents.find((m) => m.mediaType === type) ??
    contents.find((m) => m.mediaType.endsWith('/*') && type.startsWith(m.mediaType.slice(0, -1))) ??
    contents.find((m) => m.mediaType === '*/*')
  );
}

/** Violations as one ASCII header value: the count, then `location: message` pairs, cut at `max` characters. */
export function violationsHeader(violations: ProblemItem[], max = 1024): string {
  const parts = violations.map((v) => `${v.location}: ${v.message}`);
  let text = `${violations.length}; ${parts.join('; ')}`;
  // Anything outside printable ASCII becomes a \uXXXX escape: header values must stay ASCII.
  text = text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
