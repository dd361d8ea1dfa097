/**
 * Brings a document to OpenAPI 3.1. Swagger 2.0 goes through `@scalar/openapi-upgrader` to 3.0;
 * 3.0 → 3.1 is done here, because the upgrader's own step moves `example` into `examples` and
 * drops `type`/`format` from binary strings, which later stages (examples, synthesis) rely on.
 * The schema differences between 3.0 and 3.1 are repaired by `normaliseSchemas` for every input.
 */
import { upgrade } from '@scalar/openapi-upgrader';
import { fail, ok, problem, type ProblemItem, type Result } from '../problem/index';
import { UPGRADE_FAILED, WARNING } from './errors';
import { isObject, type JsonObject } from './json';
import type { SpecVersion } from './version';
import { setAsideMediaDefaults } from './swagger2-media';
import { inlineBodyParameterRefs, markNonEmptyFormParameters, moveRequestBodyRefs, setAsideDataWithRefs, setAsidePathItemFields } from './swagger2';

/** The version written into every converted document. */
export const TARGET_VERSION = '3.1.1';

export interface Upgraded {
  document: JsonObject;
  warnings: ProblemItem[];
}

function fromSwagger2(document: JsonObject): Result<JsonObject> {
  inlineBodyParameterRefs(document);
  markNonEmptyFormParameters(document);
  const applyMedia = setAsideMediaDefaults(document);
  const restoreData = setAsideDataWithRefs(document);
  const restoreFields = setAsidePathItemFields(document);
  let converted: unknown;
  try {
    converted = upgrade(document, '3.0');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(problem(UPGRADE_FAILED, `Swagger 2.0 → OpenAPI 3.0: ${message}`, { errors: [{ location: '', message }] }));
  }
  if (!isObject(converted)) {
    const message = 'the converter returned no document';
    return fail(problem(UPGRADE_FAILED, message, { errors: [{ location: '', message }] }));
  }
  restoreFields(converted);
  restoreData(converted);
  moveRequestBodyRefs(converted);
  applyMedia(converted);
  return ok(converted);
}

/** 3.0 → 3.1 outside schemas: the version and the `x-webhooks` extension that became `webhooks`. */
function from30(document: JsonObject): void {
  document.openapi = TARGET_VERSION;
  if (Object.hasOwn(document, 'x-webhooks') && !Object.hasOwn(document, 'webhooks')) {
    document.webhooks = document['x-webhooks'];
    delete document['x-webhooks'];
  }
}

/**
 * Converts (in place where it can) a checked document of any supported version to OpenAPI 3.1.
 * @example upgradeToOpenApi31(swaggerDoc, { family: '2.0', declared: '2.0' })
 */
export function upgradeToOpenApi31(document: JsonObject, version: SpecVersion): Result<Upgraded> {
  const warnings: ProblemItem[] = [];
  if (version.family === '2.0') {
    const converted = fromSwagger2(document);
    if (!converted.ok) return converted;
    from30(converted.value);
    return ok({ document: converted.value, warnings });
  }
  if (version.family === '3.0') {
    from30(document);
    return ok({ document, warnings });
  }
  if (!version.declared.startsWith('3.1')) {
    const message = `OpenAPI ${version.declared} is read as ${TARGET_VERSION}: fields new in ${version.declared} (the query method, additionalOperations, itemSchema) are kept but not used`;
    warnings.push({ location: '/openapi', message, code: WARNING.newerVersion });
    document.openapi = TARGET_VERSION;
  }
  return ok({ document, warnings });
}
