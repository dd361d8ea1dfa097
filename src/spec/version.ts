/** Which OpenAPI generation a parsed document is, judged from its top-level version field. */
import { fail, ok, problem, type Result } from '../problem/index';
import { NOT_A_SPEC, UNSUPPORTED_VERSION } from './errors';
import { describeValue, isObject, own, quotedVersion } from './json';

/** The generations the loader understands; `3.1` also covers 3.2 documents, read as 3.1. */
export type SpecFamily = '2.0' | '3.0' | '3.1';

export interface SpecVersion {
  family: SpecFamily;
  /** The version as the document declared it (`2.0`, `3.0.3`, `3.1.0`). */
  declared: string;
}

/** YAML reads an unquoted `3.0` or `2.0` as a number; render it back the way it was written. */
function versionText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return Number.isInteger(value) ? `${value}.0` : String(value);
  return undefined;
}

function unsupported(field: string, declared: string, why: string): Result<SpecVersion> {
  const found = quotedVersion(declared);
  const message = `${field} ${found} is not supported (${why}); the loader reads Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2`;
  return fail(problem(UNSUPPORTED_VERSION, message, { version: found, errors: [{ location: `/${field}`, message }] }));
}

function notASpec(message: string): Result<SpecVersion> {
  return fail(problem(NOT_A_SPEC, message, { errors: [{ location: '', message }] }));
}

/**
 * Reads the `openapi` / `swagger` field.
 * @example detectVersion({ openapi: '3.0.3' }) // ok({ family: '3.0', declared: '3.0.3' })
 */
export function detectVersion(document: unknown): Result<SpecVersion> {
  if (!isObject(document)) {
    return notASpec(`The document is ${describeValue(document)}, not an object with an \`openapi\` or \`swagger\` field`);
  }
  if (Object.hasOwn(document, 'openapi')) {
    const raw = own(document, 'openapi');
    const declared = versionText(raw);
    if (declared === undefined) return unsupported('openapi', describeValue(raw), 'not a version string');
    if (/^3\.0(\.\d+)?(-[\w.]+)?$/.test(declared)) return ok({ family: '3.0', declared });
    if (/^3\.[12](\.\d+)?(-[\w.]+)?$/.test(declared)) return ok({ family: '3.1', declared });
    return unsupported('openapi', declared, 'unknown OpenAPI version');
  }
  if (Object.hasOwn(document, 'swagger')) {
    const raw = own(document, 'swagger');
    const declared = versionText(raw);
    if (declared === '2.0') return ok({ family: '2.0', declared });
    return unsupported('swagger', declared ?? describeValue(raw), 'only Swagger 2.0 is read');
  }
  if (Object.hasOwn(document, 'swaggerVersion')) {
    const declared = versionText(own(document, 'swaggerVersion')) ?? '1.x';
    return unsupported('swaggerVersion', declared, 'Swagger 1.x');
  }
  // Its field names are not listed: a document that is not a spec is never quoted (describeValue).
  const count = Object.keys(document).length;
  return notASpec(`The document has no top-level \`openapi\` or \`swagger\` field (it is an object with ${count} other field${count === 1 ? '' : 's'})`);
}
